"""The format registry: find an adapter by name, by file extension, or by sniffing text.

Adding a format means adding one module with ``read(text) -> Document`` and
``write(doc) -> str`` and one line in ``FORMATS``. Modules are imported on first
use, so listing formats costs nothing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import PurePath
from types import ModuleType
from typing import Protocol, cast

from ..errors import UsageError
from ..model import Document


class Adapter(Protocol):
    """What a format module provides."""

    def read(self, text: str) -> Document: ...

    def write(self, doc: Document) -> str: ...

    def sniff(self, text: str) -> bool: ...

    def dropped_markup(self, doc: Document) -> set[str]: ...


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    module: str
    needs_ends: bool
    """Whether the written form has end times (transcripts do not)."""
    writable: bool = True
    """False for formats subconv reads but never writes (recognizers' JSON)."""

    def adapter(self) -> Adapter:
        module: ModuleType = importlib.import_module(f"{__name__}.{self.module}")
        return cast(Adapter, module)


FORMATS: tuple[Format, ...] = (
    Format("transcript", (".md", ".markdown", ".txt"), "transcript", needs_ends=False),
    Format("srt", (".srt",), "srt", needs_ends=True),
    Format("vtt", (".vtt", ".webvtt"), "vtt", needs_ends=True),
    Format("json", (".json",), "jsonfmt", needs_ends=True),
    Format("whisper", (".json",), "recognizer", needs_ends=True, writable=False),
)

ALIASES = {
    "recognizer": "whisper",
    "md": "transcript",
    "markdown": "transcript",
    "subrip": "srt",
    "webvtt": "vtt",
}

NAMES = tuple(f.name for f in FORMATS)

SCANNED: dict[str, str] = {
    extension: fmt.name
    for fmt in FORMATS
    for extension in fmt.extensions
    if extension not in (".txt", ".json")
}
"""Extensions a folder walk (check, batch, sync) picks up, and their formats: every
format's own but ``.txt`` and ``.json``, which in a folder are far more often something
else than a transcript or our JSON (a file named on the command line may still be one)."""


def by_name(name: str) -> Format:
    key = ALIASES.get(name.lower(), name.lower())
    for fmt in FORMATS:
        if fmt.name == key:
            return fmt
    raise UsageError(f"unknown format {name!r}; choose one of {', '.join(NAMES)}")


def by_extension(path: str | PurePath, text: str | None = None) -> Format | None:
    """The format an extension means; where formats share it (``.json``: subconv's own
    and recognizers'), the content decides among them when ``text`` is given."""
    suffix = PurePath(path).suffix.lower()
    found = [fmt for fmt in FORMATS if suffix in fmt.extensions]
    if text is not None:
        for fmt in found[1:]:
            if fmt.adapter().sniff(text):
                return fmt
    return found[0] if found else None


def sniff(text: str) -> Format | None:
    """Guess a format from content, for standard input and unknown extensions."""
    head = text.lstrip("\ufeff")
    if head.startswith("WEBVTT"):
        return by_name("vtt")
    if head.lstrip().startswith(("{", "[")):
        whisper = by_name("whisper")
        return whisper if whisper.adapter().sniff(text) else by_name("json")
    for fmt in (by_name("srt"), by_name("transcript")):
        if fmt.adapter().sniff(text):
            return fmt
    return None
