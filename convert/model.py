"""The one in-memory model every format is read into and written from.

Times are integer milliseconds. A cue's ``end_ms`` is ``None`` until it is known:
transcripts carry no ends, and :func:`convert.timing.infer_ends` fills them in.

Cue text is plain text with inline markup tags (``<i>``, ``<b>``, ``<u>``, and
whatever tags the source format had, such as WebVTT ``<v Name>`` or SRT
``<font>``); every other character is literal, so ``&`` is an ampersand, not an
entity. Each writer keeps the tags its format knows and escapes the rest.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from fractions import Fraction

from .errors import Problem


@dataclass(frozen=True, slots=True)
class Word:
    """One spoken word with its own times, from a recognizer or from inline timestamps.

    ``text`` is the word as it appears in the cue text (no leading space); ``start_ms`` and
    ``end_ms`` are ``None`` where the source gave the word no time (WhisperX does that for
    numbers), and are then interpolated by whoever needs them.
    """

    text: str
    start_ms: int | None
    end_ms: int | None


@dataclass(slots=True)
class Cue:
    """One caption or transcript segment."""

    start_ms: int
    end_ms: int | None
    text: str
    line: int = field(default=0, compare=False)
    """Line in the source where the cue starts (its bullet or timing line); 0 if made in code."""
    id: str | None = None
    """The WebVTT cue identifier; SRT counters are not kept (they are renumbered on output)."""
    settings: str = ""
    """WebVTT cue settings, as written after the end time (``align:start line:0``)."""
    speaker: str | None = None
    """Who speaks the cue (a meeting transcript's heading, a WebVTT voice, an SRT
    ``Name:`` prefix); None when unknown."""
    words: list[Word] | None = None
    """The cue's words with their times, in order, when the source has them (whisper word
    timestamps, YouTube word tags); None otherwise. Joined with spaces they give the cue's
    words as in ``text`` (markup aside)."""
    native: object = field(default=None, compare=False, repr=False)
    """The source format's own record of this cue (a pysubs2 ``SSAEvent``), kept so that
    writing the same format gives back what the model cannot hold (styles, override tags,
    layers); None for most formats. See :class:`Native`."""


@dataclass(slots=True)
class Metadata:
    """What a transcript knows besides its cues, kept so a round trip gives it back."""

    header: str | None = None
    """The raw front-matter text between the ``---`` lines, exactly as read."""
    title: str | None = None
    """The ``# title`` line without its ``# ``."""
    channel: str | None = None
    """The raw channel line, such as ``**BBC - News:** [March 06, 2025](https://...)``."""
    url: str | None = None
    """The video URL that timestamp links point into, without its ``t=``."""
    estimated_timing: bool = False
    """True when starts were estimated from ``Length`` rather than read."""
    preamble: str | None = None
    """Meeting notes (the speaker-heading dialect): everything before the first turn
    heading, exactly as read; None for the bullet dialect and other formats."""

    def is_empty(self) -> bool:
        return (
            self.header is None
            and self.title is None
            and self.channel is None
            and self.url is None
            and not self.estimated_timing
            and self.preamble is None
        )


@dataclass(slots=True)
class Native:
    """What a source format holds beyond the model (ASS styles and override tags, TTML
    regions and styling), kept by its adapter so that writing the same format keeps it."""

    formats: tuple[str, ...]
    """The formats whose writers use ``data`` (``("ass", "ssa")``)."""
    data: object
    """The engine's own document (a pysubs2 ``SSAFile``, a ttconv ``ContentDocument``)."""
    lost: tuple[str, ...] = ()
    """What any other format drops, one short note per kind, for the W007 warning."""


@dataclass(slots=True)
class Document:
    """A whole subtitle file: cues in order, transcript metadata, and WebVTT extras."""

    cues: list[Cue] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    vtt_header: str = ""
    """Text after ``WEBVTT`` on the signature line, plus any header lines, for VTT -> VTT."""
    vtt_blocks: list[str] = field(default_factory=list)
    """STYLE, REGION and NOTE blocks before the first cue (raw, keyword line included, in
    source order); WebVTT allows STYLE and REGION only there."""
    vtt_notes: list[tuple[int | None, str]] = field(default_factory=list)
    """NOTE blocks between cues (raw), each with the source line of the cue it comes
    before (None: after the last cue), so a note stays with its cue when cues are sorted."""
    length_ms: int | None = field(default=None, compare=False)
    """The transcript header's ``Length``, which ends the last cue."""
    source_format: str | None = field(default=None, compare=False)
    """The format name the document was read from."""
    source_name: str | None = field(default=None, compare=False)
    """The path (or ``-``) the document was read from, so later errors can name it."""
    untimed: bool = field(default=False, compare=False)
    """A transcript whose bullets carry no timestamps: starts are unknown until estimated."""
    words_only: bool = field(default=False, compare=False)
    """The source had timed words but no segments (WhisperX ``word_segments``, the
    transformers pipeline's word chunks): its cues are a first grouping, and the timing
    policy re-cuts them into captions by the reflow rules whatever ``--reflow`` says."""
    native: Native | None = field(default=None, compare=False, repr=False)
    """The source format's extras for a write back to the same format (see :class:`Native`)."""
    frame_rate: Fraction | None = field(default=None, compare=False)
    """Frames per second of a frame-counting format (MicroDVD): the rate it was read with,
    or ``--fps``; needed to write such a format."""
    problems: list[Problem] = field(default_factory=list, compare=False)
    """What reading found: warnings (odd but readable) and errors (blocks that are not
    cues). Readers recover and go on, so one run reports every problem in a file."""


def detached(doc: Document, cues: list[Cue]) -> Document:
    """A copy of ``doc`` with ``cues`` that shares no changeable part with it (metadata,
    WebVTT blocks and notes, problems), so that changing one never changes the other; the
    source format's record (``native``) is shared, as nothing changes it."""
    return replace(
        doc,
        cues=cues,
        metadata=copy.deepcopy(doc.metadata),
        vtt_blocks=list(doc.vtt_blocks),
        vtt_notes=list(doc.vtt_notes),
        problems=list(doc.problems),
    )
