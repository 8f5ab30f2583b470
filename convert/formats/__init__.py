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
    frame_based: bool = False
    """Times are frame numbers: ``read(text, fps)`` takes the frame rate (MicroDVD)."""
    read_only: bool = False
    """Only read (SCC broadcast captions): never a conversion's target."""
    folder_sniffed: bool = False
    """A folder walk claims a file with one of these extensions only if its content sniffs
    as this format (``.xml`` and ``.sub`` are often something else)."""

    def adapter(self) -> Adapter:
        module: ModuleType = importlib.import_module(f"{__name__}.{self.module}")
        return cast(Adapter, module)


FORMATS: tuple[Format, ...] = (
    Format("transcript", (".md", ".markdown", ".txt"), "transcript", needs_ends=False),
    Format("srt", (".srt",), "srt", needs_ends=True),
    Format("vtt", (".vtt", ".webvtt"), "vtt", needs_ends=True),
    Format("json", (".json",), "jsonfmt", needs_ends=True),
    Format("ass", (".ass",), "ass", needs_ends=True),
    Format("ssa", (".ssa",), "ssa", needs_ends=True),
    Format("ttml", (".ttml", ".dfxp", ".xml"), "ttml", needs_ends=True, folder_sniffed=True),
    Format("sami", (".smi", ".sami"), "sami", needs_ends=True),
    Format("sbv", (".sbv",), "sbv", needs_ends=True),
    Format(
        "microdvd", (".sub",), "microdvd", needs_ends=True, frame_based=True, folder_sniffed=True
    ),
    Format("mpl2", (".mpl2",), "mpl2", needs_ends=True),
    Format("tmp", (".tmp",), "tmp", needs_ends=False),
    Format("lrc", (".lrc",), "lrc", needs_ends=True),
    Format("scc", (".scc",), "scc", needs_ends=True, read_only=True),
)

ALIASES = {
    "md": "transcript",
    "markdown": "transcript",
    "subrip": "srt",
    "webvtt": "vtt",
    "dfxp": "ttml",
    "imsc": "ttml",
    "smi": "sami",
    "sub": "microdvd",
    "tmplayer": "tmp",
}

NAMES = tuple(f.name for f in FORMATS)

SCANNED: dict[str, str] = {
    extension: fmt.name
    for fmt in FORMATS
    for extension in fmt.extensions
    if extension not in (".txt", ".json", ".mpl2", ".tmp")
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


def by_extension(path: str | PurePath) -> Format | None:
    suffix = PurePath(path).suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.extensions:
            return fmt
    return None


def sniff(text: str) -> Format | None:
    """Guess a format from content, for standard input and unknown extensions."""
    head = text.lstrip("\ufeff")
    if head.startswith("WEBVTT"):
        return by_name("vtt")
    if head.lstrip().startswith("{"):
        return by_name("json")
    for name in ("ass", "ttml", "sami", "scc", "srt", "sbv", "microdvd", "mpl2", "lrc", "tmp"):
        fmt = by_name(name)
        if fmt.adapter().sniff(text):
            return fmt
    if by_name("transcript").adapter().sniff(text):
        return by_name("transcript")
    return None
