"""One exception family, and the record of a problem found in an input.

Every message about an input is shown as ``FILE:LINE: message`` (ruff and
flake8 style), so every error and problem carries the line it is about.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass

from .rules import Severity, severity_of


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding about one place in an input, with a stable code.

    Its severity is the code's in the rule registry (:mod:`convert.rules`); a conversion
    that carries on past a problem reports it as a warning (``as_warning``).
    """

    line: int | None
    message: str
    code: str
    col: int | None = None
    as_warning: bool = False

    @property
    def severity(self) -> Severity:
        return "warning" if self.as_warning else severity_of(self.code)

    def format(self, path: str) -> str:
        """``FILE:LINE: warning: message``; the line is left out when it is unknown."""
        where = path if self.line is None else f"{path}:{self.line}"
        kind = "warning: " if self.severity == "warning" else ""
        return f"{where}: {kind}{self.message}"


class SubconvError(Exception):
    """Base of every error subconv raises on purpose; knows its file and line."""

    exit_status = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def with_path(self, path: str) -> SubconvError:
        """Attach the file name once it is known (parsers see only text)."""
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        if self.path is None:
            return self.message if self.line is None else f"line {self.line}: {self.message}"
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class ParseError(SubconvError):
    """The input is not valid in its format: a malformed block, timestamp or header."""

    where: tuple[str | int, ...] | None = None
    """For JSON: the path of the object the error is about, until its line is known."""


class DecodeError(SubconvError):
    """The input's bytes cannot be decoded as text."""


class TimingError(SubconvError):
    """The input was read, but its timing cannot be converted (for example starts going back)."""

    exit_status = 1


class UsageError(SubconvError, ValueError):
    """The request itself is wrong: unknown format, output equal to input, bad option.

    Also a ValueError: to the Python API it is a bad argument (docs/api.md)."""


_OS_TEXT = {
    errno.ENOENT: "no such file",
    errno.EISDIR: "is a directory, not a file",
    errno.ENOTDIR: "a folder on the path is a file",
}


def os_message(exc: OSError, fallback: str = "-") -> str:
    """``FILE: message`` for a file-system failure (the API raises OSError subclasses; the
    command line and batch report them this way, exit status 2)."""
    where = exc.filename if exc.filename is not None else fallback
    text = exc.strerror or str(exc)
    if exc.errno in _OS_TEXT and text == os.strerror(exc.errno):
        text = _OS_TEXT[exc.errno]
    elif text[:1].isupper() and text[1:2].islower():
        text = text[0].lower() + text[1:]
    if exc.filename2 is not None:
        text += f" ({exc.filename2})"
    return f"{os.fsdecode(where)}: {text}"


class ProblemsFound(SubconvError):
    """The input has errors that a conversion refuses; every one is listed, not just the first."""

    def __init__(
        self, problems: list[Problem], *, path: str | None = None, exit_status: int = 2
    ) -> None:
        first = problems[0]
        super().__init__(first.message, path=path, line=first.line)
        self.problems = problems
        self.exit_status = exit_status

    def lines(self) -> list[str]:
        path = self.path or "-"
        return [problem.format(path) for problem in self.problems]
