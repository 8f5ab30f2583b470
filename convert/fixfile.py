"""Apply ``check --fix`` to a file: the fixed text (:mod:`convert.fix`) back into bytes.

Every byte the fixes do not touch stays as it was: the encoding, the BOM and the line
endings are the file's own. A file that mixes line endings is not rewritten.
"""

from __future__ import annotations

import codecs
import difflib
from dataclasses import dataclass, field

from .fix import fix_text
from .textio import Decoded, atomic_write

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
    return None


def fix_file(
    path: str, data: bytes, decoded: Decoded, fmt: str, codes: set[str], *, write: bool
) -> FileFix:
    """Fix ``codes`` in the file ``path`` whose bytes are ``data``; write it, or diff it."""
    result = FileFix()
    bom = _BOMS.get(decoded.encoding, b"")
    if not data.startswith(bom):
        bom = b""
    raw = data[len(bom) :].decode(decoded.encoding)
    newline = _newline(raw)
    if newline is None:
        result.note = f"{path}: not fixed: it mixes line endings"
        return result
    fixed, messages = fix_text(decoded.text, fmt, codes, path)
    if not messages:
        return result
    result.fixed, result.messages = fixed, messages
    if write:
        atomic_write(path, bom + fixed.replace("\n", newline).encode(decoded.encoding))
    else:
        result.diff = "".join(
            difflib.unified_diff(
                decoded.text.splitlines(keepends=True),
                fixed.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
        )
    return result
