"""The format registry: one line per format, read without importing any format's code.

Adding a format is one module in ``convert/formats/`` (a :class:`~convert.codec.Codec`
subclass, instantiated as ``CODEC``) and one :class:`Format` line in :data:`FORMATS`.
Everything that lists or chooses formats loops over this table: sniffing, the ``to-*``
commands and help texts, the extensions a folder walk picks up, and which formats
``check`` reads. It imports nothing from the package, so the command line can build its
help from it and stay fast (tests/test_startup.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .codec import Codec


@dataclass(frozen=True, slots=True)
class Format:
    """One format: what the rest of subconv may know about it without loading it."""

    name: str
    extensions: tuple[str, ...]
    """Lower-case suffixes; the first is what a conversion to this format writes."""
    module: str
    """Module in ``convert.formats`` whose ``CODEC`` reads and writes it."""
    label: str
    """How ``to-NAME --help`` names it: "Convert to LABEL (.ext)."."""
    noun: str
    """How a message about an input names it ("a transcript", "SRT")."""
    needs_ends: bool = True
    """Whether the written form has end times (transcripts do not)."""
    read_only: bool = False
    """Only read (recognizer output, broadcast captions): no ``to-*`` command, no target."""
    sniff_priority: int = 0
    """Formats are sniffed highest first: a more specific format (recognizer JSON) must be
    asked before a general one (subconv JSON) that would also claim the text."""
    folder_extensions: tuple[str, ...] | None = None
    """What a folder walk (check, batch, sync) picks up; None: every extension. ``.txt``
    and ``.json`` in a folder are far more often something else."""
    checked: bool = False
    """Whether ``subconv check`` reads it."""
    aliases: tuple[str, ...] = ()
    frame_based: bool = False
    """Times count frames (MicroDVD): reading takes the frame rate (``--fps``)."""
    folder_sniffed: bool = False
    """A folder walk takes a file with one of these extensions only if its content sniffs
    as this format: a ``.xml`` or ``.sub`` is often something else."""

    def adapter(self) -> Codec:
        """The format's code, imported on first use."""
        from .codec import Codec

        module = importlib.import_module(f"convert.formats.{self.module}")
        codec = getattr(module, "CODEC", None)
        if not isinstance(codec, Codec):
            raise TypeError(f"convert.formats.{self.module}.CODEC is not a Codec")
        return codec

    @property
    def scanned(self) -> tuple[str, ...]:
        return self.extensions if self.folder_extensions is None else self.folder_extensions


FORMATS: tuple[Format, ...] = (
    Format(
        "transcript",
        (".md", ".markdown", ".txt"),
        "transcript",
        "a Markdown transcript",
        "a transcript",
        needs_ends=False,
        folder_extensions=(".md", ".markdown"),
        checked=True,
        aliases=("md", "markdown"),
    ),
    Format(
        "srt",
        (".srt",),
        "srt",
        "SubRip",
        "SRT",
        sniff_priority=10,
        checked=True,
        aliases=("subrip",),
    ),
    Format(
        "vtt",
        (".vtt", ".webvtt"),
        "vtt",
        "WebVTT",
        "WebVTT",
        sniff_priority=30,
        checked=True,
        aliases=("webvtt",),
    ),
    Format(
        "json",
        (".json",),
        "jsonfmt",
        "subconv's JSON form of the model",
        "subconv JSON",
        sniff_priority=20,
        folder_extensions=(),
    ),
    Format(
        "whisper",
        (".json",),
        "recognizer",
        "a speech recognizer's JSON (whisper, WhisperX, whisper.cpp, transformers)",
        "recognizer JSON",
        read_only=True,
        sniff_priority=25,
        folder_extensions=(),
        aliases=("recognizer",),
    ),
    Format("ass", (".ass",), "ass", "Advanced SubStation Alpha", "ASS", sniff_priority=40),
    Format("ssa", (".ssa",), "ssa", "SubStation Alpha v4", "SSA", sniff_priority=39),
    Format(
        "ttml",
        (".ttml", ".dfxp", ".xml"),
        "ttml",
        "TTML/IMSC",
        "TTML",
        sniff_priority=40,
        folder_sniffed=True,
        aliases=("dfxp", "imsc"),
    ),
    Format("sami", (".smi", ".sami"), "sami", "SAMI", "SAMI", sniff_priority=40, aliases=("smi",)),
    Format("sbv", (".sbv",), "sbv", "YouTube SubViewer", "SBV", sniff_priority=5),
    Format(
        "microdvd",
        (".sub",),
        "microdvd",
        "MicroDVD",
        "MicroDVD",
        sniff_priority=5,
        frame_based=True,
        folder_sniffed=True,
    ),
    Format("mpl2", (".mpl2",), "mpl2", "MPL2", "MPL2", sniff_priority=5, folder_extensions=()),
    Format(
        "tmp",
        (".tmp",),
        "tmp",
        "TMPlayer",
        "TMPlayer",
        needs_ends=False,
        sniff_priority=4,
        folder_extensions=(),
        aliases=("tmplayer",),
    ),
    Format("lrc", (".lrc",), "lrc", "LRC lyrics", "LRC", sniff_priority=5),
    Format("scc", (".scc",), "scc", "Scenarist SCC", "SCC", read_only=True, sniff_priority=40),
)


def names() -> tuple[str, ...]:
    return tuple(f.name for f in FORMATS)


def writable() -> tuple[str, ...]:
    """Formats a conversion can write (all but the read-only ones)."""
    return tuple(f.name for f in FORMATS if not f.read_only)


def scanned() -> dict[str, str]:
    """Extensions a folder walk (check, batch, sync) picks up, and their formats (a file
    named on the command line may have any extension, or be recognised by its content)."""
    return {ext: f.name for f in FORMATS for ext in f.scanned}


# Fixed views for callers that read them as constants.
NAMES = names()
WRITABLE = writable()
ALIASES = {alias: f.name for f in FORMATS for alias in f.aliases}
SCANNED = scanned()


def find(name: str) -> Format | None:
    """The format called ``name`` or one of its aliases, in any case."""
    key = name.lower()
    return next((f for f in FORMATS if key == f.name or key in f.aliases), None)


def for_extension(path: str | PurePath) -> Format | None:
    suffix = PurePath(path).suffix.lower()
    return next((f for f in FORMATS if suffix in f.extensions), None)


def sniffing_order() -> tuple[Format, ...]:
    """Every format, most specific first (stable: ties keep the table's order)."""
    return tuple(sorted(FORMATS, key=lambda f: -f.sniff_priority))


def join(words: Iterable[str], last: str) -> str:
    """``a, b and c`` (or ``or``), for help texts and messages."""
    items = list(words)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"
