"""Where on its line a finding is: the column check prints (``FILE:LINE:COL``)."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import Problem

_AT_START = frozenset({"E101", "E102", "E105", "W008", "W101", "W102", "W103"})
_AT_END = frozenset({"E103", "E104", "W106"})


def column(problem: Problem, lines: Sequence[str], fmt: str, limit: int) -> int:
    """Where on its line a problem is: the timestamp it is about, or the first character over."""
    if problem.col is not None:
        return problem.col
    if problem.line is None or not 1 <= problem.line <= len(lines):
        return 1
    raw = lines[problem.line - 1]
    code = problem.code
    if fmt == "transcript":
        if code in _AT_START or code == "E106":
            found = raw.rfind("[[")
            return found + 1 if found >= 0 else 1
        if code == "W104":
            text_col = len(raw) - len(raw[1:].lstrip()) + 1 if raw.startswith("*") else 1
            return text_col + limit if "<" not in raw else text_col
        return 1
    if code == "W104":
        return limit + 1 if "<" not in raw and "&" not in raw and "{" not in raw else 1
    arrow = raw.find("-->")
    if arrow < 0:
        return 1
    if code in _AT_END or (code == "E106"):
        after = raw[arrow + 3 :]
        return arrow + 3 + (len(after) - len(after.lstrip())) + 1
    if code in _AT_START:
        return len(raw) - len(raw.lstrip()) + 1
    return 1
