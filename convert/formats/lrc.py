"""LRC lyrics: ``[mm:ss.xx]line``; starts only, so ends are inferred as for transcripts.

Hand-written: pysubs2 and ttconv do not read LRC, and the Python LRC packages on PyPI
are small and unmaintained; the format is a line grammar of a few rules. Read: ID tags
(``[ti:]`` becomes the title; ``[offset:]`` moves every time; the others are kept for an
LRC -> LRC trip), one or more time tags per line, an empty line after a time tag ends the
cue before it, enhanced ``<mm:ss.xx>`` word times become the cue's words. Written:
centisecond time tags, a cue's lines joined by `` / ``, an empty time tag where a cue ends
before the next one starts.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..markup import keep_tags
from ..model import Cue, Document, Native, Word
from .base import Codec, every_tag

_TIME = r"(-?)(\d{1,4}):(\d{1,2})(?:[.:](\d{1,3}))?"
_TAG = re.compile(rf"\[{_TIME}\]")
_ID = re.compile(r"\[([A-Za-z#]+):([^\]]*)\]\s*")
_WORD = re.compile(rf"<{_TIME}>")


def sniff(text: str) -> bool:
    for line in text.lstrip("\ufeff").split("\n", 30)[:30]:
        stripped = line.strip()
        if not stripped or _ID.fullmatch(stripped):
            continue
        return _TAG.match(stripped) is not None
    return False


def _ms(sign: str, minutes: str, seconds: str, fraction: str | None) -> int:
    millis = int((fraction + "00")[:3]) if fraction else 0
    value = (int(minutes) * 60 + int(seconds)) * 1000 + millis
    return -value if sign else value


def read(text: str) -> Document:
    doc = Document()
    tags: dict[str, str] = {}
    entries: list[tuple[int, str, int, list[Word] | None]] = []
    offset = 0
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            continue
        ident = _ID.fullmatch(stripped)
        if ident and not _TAG.match(stripped):
            key, value = ident.group(1).lower(), ident.group(2).strip()
            tags[key] = value
            if key == "offset":
                try:
                    offset = int(value)
                except ValueError:
                    doc.problems.append(
                        Problem(number, f"offset {value!r} is not a number; ignored", code="W305")
                    )
            continue
        starts = []
        rest = stripped
        while (match := _TAG.match(rest)) is not None:
            starts.append(_ms(*match.groups()))
            rest = rest[match.end() :].lstrip()
        if not starts:
            doc.problems.append(
                Problem(number, f"expected [mm:ss.xx] before the text: {stripped[:60]!r}", "E001")
            )
            continue
        body, words = _words(rest)
        for start in starts:
            entries.append((start, body, number, words))
    # A line may carry several time tags (a chorus sung twice): play order is by time.
    entries.sort(key=lambda entry: entry[0])
    for start, body, number, words in entries:
        start -= offset  # a positive offset shows the lyrics sooner
        if start < 0:
            doc.problems.append(Problem(number, "negative time; times start at 0", "E001"))
            continue
        if doc.cues and doc.cues[-1].end_ms is None and not body:
            doc.cues[-1].end_ms = start
        if body:
            doc.cues.append(Cue(start, None, body, number, words=words))
    if tags.get("ti"):
        doc.metadata.title = tags["ti"]
    others = {k: v for k, v in tags.items() if k not in ("ti", "offset")}
    if others:
        doc.native = Native(("lrc",), others, (f"LRC ID tags ({', '.join(sorted(others))})",))
    return doc


def _words(rest: str) -> tuple[str, list[Word] | None]:
    """Text and word times of an enhanced-LRC line (``<mm:ss.xx>word ...``)."""
    if "<" not in rest or not _WORD.search(rest):
        return rest, None
    pieces = _WORD.split(rest)
    # split gives text, then 4 groups per tag, then text ...
    lead = pieces[0].strip()
    words: list[Word] = []
    texts = [lead] if lead else []
    times = []
    for index in range(1, len(pieces), 5):
        times.append(_ms(*pieces[index : index + 4]))
        texts.append(pieces[index + 4].strip())
    for position, start in enumerate(times):
        word = texts[position + (1 if lead else 0)]
        if not word:
            continue
        end = times[position + 1] if position + 1 < len(times) else None
        words.append(Word(word, start, end))
    return " ".join(t for t in texts if t), words or None


def _stamp(ms: int) -> str:
    centis = (ms + 5) // 10
    minutes, rest = divmod(centis, 6000)
    seconds, hundredths = divmod(rest, 100)
    return f"[{minutes:02d}:{seconds:02d}.{hundredths:02d}]"


def write(doc: Document) -> str:
    out = []
    if doc.metadata.title:
        out.append(f"[ti:{doc.metadata.title}]\n")
    if doc.native is not None and "lrc" in doc.native.formats and isinstance(doc.native.data, dict):
        out.extend(f"[{k}:{v}]\n" for k, v in doc.native.data.items())
    cues = doc.cues
    for index, cue in enumerate(cues):
        text, _ = keep_tags(cue.text, frozenset())
        line = " / ".join(part.strip() for part in text.split("\n") if part.strip())
        out.append(f"{_stamp(cue.start_ms)}{line}\n")
        following = cues[index + 1].start_ms if index + 1 < len(cues) else None
        if cue.end_ms is not None and (following is None or cue.end_ms < following):
            out.append(f"{_stamp(cue.end_ms)}\n")
    return "".join(out)


def dropped_notes(doc: Document) -> list[str]:
    notes = []
    if any(t % 10 for cue in doc.cues for t in (cue.start_ms, cue.end_ms or 0)):
        notes.append("millisecond times (rounded to centiseconds)")
    if any("\n" in cue.text for cue in doc.cues):
        notes.append("line breaks (joined with ' / ')")
    if any(cue.words for cue in doc.cues):
        notes.append("word times")
    return notes


class Lyrics(Codec):
    """LRC lyrics, hand-written; starts only."""

    sniff = staticmethod(sniff)
    read = staticmethod(read)
    write = staticmethod(write)
    dropped_markup = staticmethod(every_tag)
    format_notes = staticmethod(dropped_notes)


CODEC = Lyrics()
