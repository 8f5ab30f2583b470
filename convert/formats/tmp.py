"""TMPlayer: ``HH:MM:SS:text``, one line per cue, ``|`` between lines; starts only.

Read by pysubs2 for the text (``|``, tags); pysubs2 guesses an end from the text length,
which the file does not say, so the ends are left unknown here and inferred by the
timing policy as for transcripts (each cue ends where the next starts). Written by
pysubs2, which keeps italic, underline and strike-out as tags.
"""

from __future__ import annotations

import re

from ..errors import ParseError, Problem
from ..model import Cue, Document
from . import pysubs2_engine as engine
from .base import Codec

_LINE = re.compile(r"\s*(-?)(\d{1,2}):(\d{2}):(\d{2})[:=](?!\d{2}\s*,)(.*)")
"""A TMPlayer line; not a Spruce STL line (``00:00:01:00 , 00:00:02:00 , text``)."""


def sniff(text: str) -> bool:
    for line in text.lstrip("\ufeff").split("\n", 20)[:20]:
        if line.strip():
            return _LINE.fullmatch(line) is not None
    return False


def read(text: str) -> Document:
    text = text.removeprefix("\ufeff")
    doc = Document()
    lines = text.split("\n")
    cue_lines: list[int] = []
    clears: list[tuple[int, int]] = []  # (cues before it, time) of each line without text
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        reason = None
        if match is None:
            reason = f"not a TMPlayer line HH:MM:SS:text: {line.strip()[:60]!r}"
        elif match.group(1):
            reason = "negative time; times start at 0"
        if reason is not None:
            doc.problems.append(Problem(number, reason, "E001"))
            lines[number - 1] = ""
        else:
            assert match is not None
            h, m, s, rest = match.group(2, 3, 4, 5)
            if not rest.strip():
                # a time with no text clears the screen: it ends the cue before it
                clears.append((len(cue_lines), (int(h) * 3600 + int(m) * 60 + int(s)) * 1000))
                lines[number - 1] = ""
                continue
            lines[number - 1] = f"{h}:{m}:{s}:{rest}"  # pysubs2 reads only the ':' form
            cue_lines.append(number)
    subs = engine.load("\n".join(lines), "tmp")
    if len(subs.events) != len(cue_lines):
        raise ParseError(
            f"pysubs2 read {len(subs.events)} TMPlayer lines of the {len(cue_lines)} "
            "with text; this file cannot be read line for line",
            line=cue_lines[0] if cue_lines else None,
        )
    for event, cue_line in zip(subs.events, cue_lines, strict=True):
        doc.cues.append(Cue(event.start, None, engine.event_text(event, subs.styles), cue_line))
    for before, time in clears:
        if before and doc.cues[before - 1].end_ms is None and time > doc.cues[before - 1].start_ms:
            doc.cues[before - 1].end_ms = time
    return doc


MAX_MS = 100 * 3_600_000 - 1000


def write(doc: Document) -> str:
    import pysubs2

    subs = pysubs2.SSAFile()
    for cue in doc.cues:
        subs.events.append(
            pysubs2.SSAEvent(
                start=cue.start_ms, end=cue.end_ms or cue.start_ms, text=engine.ass_text(cue.text)
            )
        )
    return engine.dump(subs, "tmp")


def dropped_markup(doc: Document) -> set[str]:
    return engine.dropped([cue.text for cue in doc.cues], frozenset({"i", "u", "s"}))


def dropped_notes(doc: Document) -> list[str]:
    notes = []
    if doc.cues:
        notes.append("end times (TMPlayer holds starts only)")
    if any(cue.start_ms % 1000 for cue in doc.cues):
        notes.append("milliseconds (TMPlayer times are whole seconds)")
    if any(cue.start_ms > MAX_MS for cue in doc.cues):
        notes.append("times after 99:59:59 (clamped)")
    return notes


class TMPlayer(Codec):
    """TMPlayer through pysubs2; starts only."""

    sniff = staticmethod(sniff)
    read = staticmethod(read)
    write = staticmethod(write)
    dropped_markup = staticmethod(dropped_markup)
    format_notes = staticmethod(dropped_notes)


CODEC = TMPlayer()
