"""MPL2: ``[start][end]text`` in tenths of a second, ``|`` between lines, ``/`` for an
italic line. Read by pysubs2; written here, because pysubs2's writer drops italics and
truncates times (a dozen lines keep both).
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..markup import keep_tags
from ..model import Cue, Document
from . import pysubs2_engine as engine
from .base import Codec

_LINE = re.compile(r"\[(-?\d+)\]\[(-?\d*)\](.*)")


def sniff(text: str) -> bool:
    for line in text.lstrip("\ufeff").split("\n", 20)[:20]:
        if line.strip():
            return _LINE.fullmatch(line.strip()) is not None
    return False


def read(text: str) -> Document:
    text = text.removeprefix("\ufeff")
    doc = Document()
    lines = text.split("\n")
    cue_lines: list[int] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line.strip())
        reason = None
        if match is None:
            reason = f"not an MPL2 line [start][end]text: {line.strip()[:60]!r}"
        elif match.group(1).startswith("-") or match.group(2).startswith("-"):
            reason = "negative time; times start at 0"
        elif not match.group(2):
            reason = "no end time ([start][]): not supported"
        if reason is not None:
            doc.problems.append(Problem(number, reason, "E001"))
            lines[number - 1] = ""
        else:
            cue_lines.append(number)
    subs = engine.load("\n".join(lines), "mpl2")
    for event, cue_line in zip(subs.events, cue_lines, strict=True):
        doc.cues.append(
            Cue(event.start, event.end, engine.event_text(event, subs.styles), cue_line)
        )
    return doc


def _tenths(ms: int) -> int:
    return (ms + 50) // 100


def write(doc: Document) -> str:
    out = []
    for cue in doc.cues:
        if cue.end_ms is None:
            raise ValueError("MPL2 needs every cue's end; infer ends before writing")
        lines = []
        for line in cue.text.split("\n"):
            italic = line.startswith("<i>") and line.endswith("</i>") and line.count("<i>") == 1
            plain, _ = keep_tags(line, frozenset())
            if plain.strip():
                lines.append(("/" if italic else "") + plain.strip())
        out.append(f"[{_tenths(cue.start_ms)}][{_tenths(cue.end_ms)}]{'|'.join(lines)}\n")
    return "".join(out)


def dropped_markup(doc: Document) -> set[str]:
    removed: set[str] = set()
    for cue in doc.cues:
        if "<" not in cue.text and "{\\" not in cue.text:
            continue
        for line in cue.text.split("\n"):
            whole = line.startswith("<i>") and line.endswith("</i>") and line.count("<i>") == 1
            removed |= keep_tags(line, frozenset({"i"}) if whole else frozenset())[1]
    return removed


def dropped_notes(doc: Document) -> list[str]:
    if any(t % 100 for cue in doc.cues for t in (cue.start_ms, cue.end_ms or 0)):
        return ["millisecond times (rounded to tenths of a second)"]
    return []


class Mpl2(Codec):
    """MPL2: read by pysubs2, written here."""

    sniff = staticmethod(sniff)
    read = staticmethod(read)
    write = staticmethod(write)
    dropped_markup = staticmethod(dropped_markup)
    format_notes = staticmethod(dropped_notes)


CODEC = Mpl2()
