"""YouTube SubViewer (.sbv): blocks of ``H:MM:SS.mmm,H:MM:SS.mmm`` and text lines.

Hand-written: no maintained Python library reads and writes SBV (pysubs2 and ttconv do
not know it; webvtt-py reads it but cannot write it and has no line numbers for errors),
and the format is these few lines. ``[br]`` in a text line is a line break, as YouTube
writes it. SBV has no markup: tags are dropped with a note.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..markup import keep_tags
from ..model import Cue, Document
from ..timecode import clock
from .base import Codec, every_tag

_T = r"(\d{1,3}):(\d{2}):(\d{2})\.(\d{3})"
_TIMING = re.compile(rf"\s*{_T}\s*,\s*{_T}\s*")


def sniff(text: str) -> bool:
    for line in text.lstrip("\ufeff").split("\n", 20)[:20]:
        if line.strip():
            return _TIMING.fullmatch(line) is not None
    return False


def _ms(h: str, m: str, s: str, f: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)


def read(text: str) -> Document:
    doc = Document()
    lines = text.removeprefix("\ufeff").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        start = index
        while index < len(lines) and lines[index].strip():
            index += 1
        match = _TIMING.fullmatch(line)
        if match is None:
            doc.problems.append(
                Problem(
                    start + 1,
                    "expected a timing line like 0:00:01.000,0:00:02.500, "
                    f"found {line.strip()[:60]!r}",
                    "E001",
                )
            )
            continue
        body = [t.strip().replace("[br]", "\n") for t in lines[start + 1 : index]]
        if not body:
            doc.problems.append(
                Problem(start + 1, "a timing line with no text after it", code="W302")
            )
        groups = match.groups()
        doc.cues.append(Cue(_ms(*groups[:4]), _ms(*groups[4:]), "\n".join(body), start + 1))
    return doc


def write(doc: Document) -> str:
    out = []
    for cue in doc.cues:
        if cue.end_ms is None:
            raise ValueError("SBV needs every cue's end; infer ends before writing")
        text, _ = keep_tags(cue.text, frozenset())
        lines = [line for line in text.split("\n") if line.strip()]
        out.append(
            f"{clock(cue.start_ms, pad_hours=False)},{clock(cue.end_ms, pad_hours=False)}\n"
            + "".join(f"{x}\n" for x in lines)
            + "\n"
        )
    return "".join(out)


class SubViewer(Codec):
    """YouTube SBV, hand-written."""

    sniff = staticmethod(sniff)
    read = staticmethod(read)
    write = staticmethod(write)
    dropped_markup = staticmethod(every_tag)


CODEC = SubViewer()
