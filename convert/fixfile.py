"""Apply ``check --fix`` to a file: the fixed text (:mod:`convert.fix`) back into bytes.

Every byte the fixes do not touch stays as it was: the encoding, the BOM and the line
endings are the file's own. A file that mixes line endings or encodings is not
rewritten, nor one the user may not write; a symbolic link's target is edited.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from .fix import fix_text
from .textio import Decoded, edit_in_place

_BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


@dataclass(slots=True)
class FileFix:
    """What fixing one file did (or, with ``write=False``, would do)."""

    fixed: str | None = None
    """The fixed text (LF newlines) when something changed."""
    messages: list[str] = field(default_factory=list)
    """One line per change."""
    diff: str = ""
    """The unified diff, when not writing."""
    note: str | None = None
    """Why the file was not fixed."""


def _newline(raw: str) -> str | None:
    """The file's line ending, or None when it mixes them (such a file is not rewritten)."""
    if "\r" not in raw:
        return "\n"
    if raw.count("\r\n") == raw.count("\r") == raw.count("\n"):
        return "\r\n"
    if "\n" not in raw:
        return "\r"  # classic Mac OS: CR alone throughout
    return None


ROUNDS = 4
"""Fixing can make a new fixable finding (sorting puts SRT numbers out of sequence);
a run repeats until nothing fixable is left, at most this many times."""


def fix_file(
    path: str,
    data: bytes,
    decoded: Decoded,
    fmt: str,
    codes: set[str],
    *,
    write: bool,
    still_fixable: Callable[[str], set[str]] | None = None,
) -> FileFix:
    """Fix ``codes`` in the file ``path`` whose bytes are ``data``; write it, or diff it.

    ``still_fixable`` tells, for a fixed text, the codes still fixable in it, so one run
    reaches a fixed point. The file is refused (a note, nothing written) when it mixes
    encodings or line endings, when the fixed text cannot be written in its encoding, and
    when the user may not write it. A symbolic link's target is edited.
    """
    result = FileFix()
    if decoded.mixed:
        result.note = (
            f"{path}: not fixed: its lines are in different encodings ({decoded.detail}); "
            "save it in one encoding first"
        )
        return result
    bom = _BOMS.get(decoded.encoding, b"")
    if not data.startswith(bom):
        bom = b""
    raw = data[len(bom) :].decode(decoded.encoding)
    newline = _newline(raw)
    if newline is None:
        result.note = f"{path}: not fixed: it mixes line endings"
        return result
    fixed, messages = decoded.text, []
    for _ in range(ROUNDS):
        fixed, more = fix_text(fixed, fmt, codes, path)
        messages.extend(more)
        if not more or still_fixable is None:
            break
        codes = still_fixable(fixed)
        if not codes:
            break
    if not messages:
        return result
    try:
        new_data = bom + fixed.replace("\n", newline).encode(decoded.encoding)
    except UnicodeEncodeError as exc:
        result.note = (
            f"{path}: not fixed: {exc.object[exc.start]!r} cannot be written as {exc.encoding}"
        )
        return result
    if write:
        try:
            edit_in_place(path, new_data)
        except OSError as exc:
            from .errors import os_message

            result.note = os_message(exc, path).replace(f"{path}: ", f"{path}: not fixed: ", 1)
            return result
    result.fixed, result.messages = fixed, messages
    if not write:
        result.diff = "".join(
            difflib.unified_diff(
                decoded.text.splitlines(keepends=True),
                fixed.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
        )
    return result
