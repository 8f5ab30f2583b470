"""What a format is: the class each format module defines, and the notes of what it drops.

A format module defines one subclass of :class:`Codec` and names an instance of it
``CODEC``; the registry (:mod:`convert.registry`) holds the format's name, extensions and
flags and imports the module only when the format is first used. Heavy libraries are
imported inside ``read``/``write``, never at the top of a format module, because sniffing
standard input asks every format.
"""

from __future__ import annotations

from fractions import Fraction

from .markup import keep_tags
from .model import Document


class Codec:
    """How one format is recognised, read and written.

    The defaults suit a caption format that holds plain cues only: it recognises
    nothing, and it drops everything WebVTT-specific and the markup ``dropped_markup``
    names. A read-only format (``read_only=True`` in its registry line) keeps ``write``
    unimplemented.
    """

    encoding_note = ""
    """Said after the guessed-encoding warning (W005) for an input of this format."""
    speaker_prefix = False
    """Whether the writer puts a speaker's name before the text (``Name: ``), taking room
    on the first line that reflow must leave free."""
    keeps_speakers = False
    """Whether the written file says who speaks: in a field of its own (a WebVTT voice, an
    ASS actor, a JSON key, a notes heading) or as a ``Name: `` prefix (``speaker_prefix``)."""
    keeps_webvtt_extras = False
    """Whether cue settings, cue identifiers, the WebVTT header and its STYLE, REGION and
    NOTE blocks are written back (WebVTT and JSON)."""

    def sniff(self, text: str) -> bool:
        """Whether ``text`` (decoded, maybe with a BOM) looks like this format."""
        return False

    def read(self, text: str) -> Document:
        raise NotImplementedError

    def read_frames(self, text: str, fps: Fraction | None) -> Document:
        """``read`` for a format whose times count frames (``frame_based`` in the
        registry): ``fps`` is ``--fps``, None when not given."""
        return self.read(text)

    def write(self, doc: Document) -> str:
        raise NotImplementedError(f"{type(self).__name__} cannot be written")

    def dropped_markup(self, doc: Document) -> set[str]:
        """Tag names (or ``timestamp``, ``{\\...}``) the writer will remove from cue text."""
        return set()

    def dropped(self, doc: Document) -> list[str]:
        """What writing ``doc`` in this format loses, one short note per kind (W007): what
        the flags above say it cannot hold, the markup its writer removes, and what
        :meth:`format_notes` adds."""
        return [
            *([] if self.keeps_webvtt_extras else webvtt_cue_extras(doc)),
            *notes_between_cues(doc),
            *([] if self.keeps_speakers or self.speaker_prefix else speaker_names(doc)),
            *markup_notes(self, doc),
            *self.format_notes(doc),
        ]

    def format_notes(self, doc: Document) -> list[str]:
        """What else this format's writer changes or loses (rounded times, lost ends)."""
        return []


def webvtt_cue_extras(doc: Document) -> list[str]:
    """Cue settings and identifiers, the WebVTT header and its STYLE/REGION/NOTE blocks."""
    notes = []
    settings = sum(1 for cue in doc.cues if cue.settings)
    ids = sum(1 for cue in doc.cues if cue.id)
    if settings:
        notes.append(f"cue settings on {plural(settings, 'cue')}")
    if ids:
        notes.append(f"cue identifiers on {plural(ids, 'cue')}")
    if doc.vtt_header.strip():
        notes.append("the WebVTT header (" + _preview_header(doc.vtt_header) + ")")
    kinds = [block.split(None, 1)[0] for block in doc.vtt_blocks if block.strip()]
    for kind in ("STYLE", "REGION", "NOTE"):
        if kinds.count(kind):
            notes.append(plural(kinds.count(kind), f"{kind} block"))
    return notes


def every_tag(doc: Document) -> set[str]:
    """The tag names in ``doc``'s cue text: what a writer of plain text drops (its
    ``dropped_markup``)."""
    removed: set[str] = set()
    for cue in doc.cues:
        if "<" in cue.text or "{\\" in cue.text:
            removed |= keep_tags(cue.text, frozenset())[1]
    return removed


def speaker_names(doc: Document) -> list[str]:
    """Who speaks, for a format with no place for it."""
    named = sum(1 for cue in doc.cues if cue.speaker)
    return [f"speaker names on {plural(named, 'cue')}"] if named else []


def notes_between_cues(doc: Document) -> list[str]:
    """WebVTT NOTE blocks between cues, which only WebVTT writes back."""
    if not doc.vtt_notes:
        return []
    return [plural(len(doc.vtt_notes), "NOTE block") + " between cues"]


def markup_notes(codec: Codec, doc: Document) -> list[str]:
    tags = codec.dropped_markup(doc)
    if not tags:
        return []
    return ["markup " + ", ".join(sorted(_TAG_NAMES.get(tag, f"<{tag}>") for tag in tags))]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


_TAG_NAMES = {"{\\...}": "{\\...}", "timestamp": "<00:00:00.000> timestamps"}


def _preview_header(header: str) -> str:
    """The header's text and lines, shortened for a one-line warning."""
    text = " ".join(part.strip() for part in header.split("\n") if part.strip())
    return repr(text if len(text) <= 40 else text[:37] + "...")
