"""``subconv sync``: keep a transcript's sibling captions generated from it, like a formatter.

``talk.md`` is the source of truth for ``talk.srt`` and ``talk.vtt`` when they
exist beside it. Syncing a path regenerates what depends on it and reports which
captions changed:

- a transcript: each existing sibling ``.srt`` / ``.vtt`` is regenerated;
- a caption: it is regenerated from its sibling transcript, if there is one.

Each path is handled on its own, because pre-commit splits the file list across
parallel processes: a caption and its transcript may arrive in different runs,
and both then write the same bytes. An existing caption's BOM and CRLF line
endings are kept, so a file made with ``--bom``/``--crlf`` is not rewritten each time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .api import Options
from .model import Document
from .registry import FORMATS, SCANNED

CAPTION_SUFFIXES = {
    ext: f.name
    for f in FORMATS
    if f.needs_ends and not f.read_only and f.checked
    for ext in f.scanned
}
"""Captions a transcript regenerates: the writable formats with end times that ``check``
also reads (``.srt``, ``.vtt``, ``.webvtt``). Not ASS, TTML and the rest: a ``talk.xml``
or ``talk.ass`` beside a transcript may be anything, or hand-styled, and is not rewritten."""
TRANSCRIPT_SUFFIXES = tuple(ext for ext, name in SCANNED.items() if name == "transcript")
DEFAULT_OPTIONS = Options()


@dataclass(frozen=True, slots=True)
class Synced:
    """One caption compared with what its transcript gives."""

    caption: str
    transcript: str
    changed: bool


@dataclass(frozen=True, slots=True)
class Unwritable:
    """A caption that could not be read or written (read-only, a directory, ...)."""

    caption: str
    message: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A transcript whose captions are left alone, and why."""

    transcript: str
    reason: str


def captions_of(transcript: str | os.PathLike[str]) -> list[Path]:
    """The existing ``.srt`` and ``.vtt`` files beside a transcript, with its stem."""
    path = Path(transcript)
    return [path.with_suffix(s) for s in CAPTION_SUFFIXES if path.with_suffix(s).is_file()]


def transcript_of(caption: str | os.PathLike[str]) -> Path | None:
    """The transcript beside a caption file (``talk.srt`` -> ``talk.md``), if it exists."""
    path = Path(caption)
    for suffix in TRANSCRIPT_SUFFIXES:
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def render_caption(
    transcript: str | os.PathLike[str], target: str, options: Options, doc: Document | None = None
) -> str:
    """The caption text the transcript gives, through the same policy as ``subconv to-srt``.

    ``doc`` is the transcript already parsed (it is copied, not changed); without it the
    file is read.
    """
    import copy

    from . import api
    from .errors import SubconvError

    if doc is None:
        doc = api.read(transcript, "transcript", encoding=options.encoding)
    else:
        doc = copy.deepcopy(doc)
    try:
        api.prepare(doc, target, options)  # its warnings belong to `subconv check`
    except SubconvError as exc:
        raise exc.with_path(str(transcript)) from None
    return api.dumps(doc, target)


def _style_of(existing: bytes) -> tuple[bool, bool]:
    """Whether an existing caption starts with a UTF-8 BOM and uses CRLF."""
    import codecs

    return existing.startswith(codecs.BOM_UTF8), b"\r\n" in existing


def sync_caption(
    transcript: Path,
    caption: Path,
    options: Options = DEFAULT_OPTIONS,
    *,
    write: bool = True,
    doc: Document | None = None,
) -> Synced:
    """Regenerate one caption from its transcript (``doc``: already parsed); write it only
    when its bytes differ."""
    from .textio import edit_in_place, encode_output

    target = CAPTION_SUFFIXES[caption.suffix.lower()]
    existing = caption.read_bytes()
    bom, crlf = _style_of(existing)
    wanted = encode_output(render_caption(transcript, target, options, doc), bom=bom, crlf=crlf)
    changed = wanted != existing
    if changed and write:
        edit_in_place(caption, wanted)
    return Synced(str(caption), str(transcript), changed)


def sync_path(
    path: str | os.PathLike[str], options: Options = DEFAULT_OPTIONS, *, write: bool = True
) -> list[Synced | Skipped | Unwritable]:
    """Sync what depends on one path (see the module's docstring); [] when nothing does.

    Raises :class:`~convert.errors.SubconvError` when the transcript cannot be converted.
    """
    given = Path(path)
    suffix = given.suffix.lower()
    if suffix in CAPTION_SUFFIXES:
        transcript = transcript_of(given)
        pairs = [(transcript, given)] if transcript is not None else []
    elif suffix in TRANSCRIPT_SUFFIXES:
        transcript = given
        pairs = [(given, caption) for caption in captions_of(given)]
    else:
        return []
    if transcript is None or not pairs:
        return []
    from .formats.transcript import is_transcript
    from .textio import decode, read_source

    text = decode(read_source(transcript), encoding=options.encoding, path=str(transcript)).text
    if not is_transcript(text):
        return []
    from . import api

    options = api.configured(options, transcript)  # reflow = true under [tool.subconv]
    doc = api.parse(text, "transcript", name=str(transcript))
    if doc.untimed:
        return [
            Skipped(
                str(transcript),
                "has no timestamps, so its captions may have been timed by hand; left alone",
            )
        ]
    results: list[Synced | Skipped | Unwritable] = []
    for _, caption in pairs:
        try:
            results.append(sync_caption(transcript, caption, options, write=write, doc=doc))
        except OSError as exc:  # a read-only caption: say so, and sync its siblings still
            from .errors import os_message

            results.append(Unwritable(str(caption), os_message(exc, str(caption))))
    return results


__all__ = [
    "Skipped",
    "Synced",
    "Unwritable",
    "captions_of",
    "render_caption",
    "sync_caption",
    "sync_path",
    "transcript_of",
]
