"""The Markdown transcript: front matter, ``# title``, channel line, timestamped bullets.

    *  segment text [[00:00:04](https://www.youtube.com/watch?v=ID&t=4.38s)]

Only the final ``[[LABEL](URL)]`` of a bullet is its timestamp; the text before
it may contain brackets and links of its own. The start comes from the URL's
``t=`` (rounded once to the millisecond, with integer arithmetic), else from the
label. The header, title and channel line are kept verbatim.
"""

from __future__ import annotations

import re

from ..errors import ParseError, Problem
from ..markup import BASIC_TAGS, keep_tags
from ..model import Cue, Document, Metadata
from ..speakers import has_speakers
from ..timecode import fraction_ms
from ..timing import end_of
from . import notes
from .base import Codec, plural
from .family import (
    ESTIMATED_MARK,
    HEADER_KEY,
    HEADER_KEYS,
    TAIL,
    estimated_problem,
    format_label,
    format_t_value,
    front_matter,
    is_estimated_mark,
    length_from_header,
    link_prefix,
    read_link,
    strip_t_param,
)
from .family import parse_label as parse_label
from .family import parse_t_value as parse_t_value

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CHANNEL_URL = re.compile(r"\]\((https?://[^()\s]+)\)")


def channel_url(line: str) -> str | None:
    """The video URL of a channel line's link (``**Channel:** [June 12, 2024](URL)``)."""
    match = _CHANNEL_URL.search(line)
    return strip_t_param(match.group(1)) if match else None


def is_transcript(text: str) -> bool:
    """A transcript header (front matter with a known key), a timestamped bullet, or a
    meeting notes' turn heading."""
    return sniff(text)


def sniff(text: str) -> bool:
    lines = text.lstrip("\ufeff").split("\n", 400)[:400]
    if lines and lines[0].rstrip() == "---":
        for line in lines[1:]:
            if line.rstrip() == "---":
                break
            match = HEADER_KEY.match(line)
            if match and match.group(1).strip() in HEADER_KEYS:
                return True
    return any(_is_bullet(line) and TAIL.search(line) for line in lines) or notes.sniff(text)


def _is_bullet(line: str) -> bool:
    return len(line) > 1 and line[0] == "*" and line[1] in " \t"


def read(text: str) -> Document:
    """Parse a transcript of either dialect. Raises :class:`ParseError` with the line of the
    first problem that stops reading."""
    if notes.sniff(text):  # cheap: it searches only up to the first timestamped bullet
        return notes.read(text)
    fast = read_fast(text)
    if fast is not None:
        return fast
    return read_careful(text)


# The fast path: the careful reader handles everything before the first bullet (header,
# title, channel line), then one regex reads the bullets, as long as every one has the
# regular shape ``*  text [[HH:MM:SS](URL[?&#]t=SECONDS[.FRACTION][s])]`` with a label
# that agrees with ``t=``. Any other line, or a disagreement to warn about, makes it give
# up and the careful reader runs on the whole text, so both give the same Document
# (tests/test_fastpaths.py checks it on generated and real transcripts).
_URL_CHAR = r"[A-Za-z0-9_.~:/%=+;,!*'@$-]"
"""URL characters the fast path accepts: ASCII, no brackets, parentheses, space or ?&#."""
_FAST_BULLET = re.compile(
    # The text has no "[[" (each "[" is followed by something else), so the link below is
    # the one the careful reader finds with rfind("[["); the URL holds no brackets or
    # spaces, and no [?&#] before the t= is itself followed by "t=", so this t= is the
    # first one, as in the careful reader's _T_PARAM.search.
    r"\*  ([^\[\n]*(?:\[[^\[\n]+)*) \[\[([0-9]{1,9}):([0-5][0-9]):([0-5][0-9])\]"
    rf"\({_URL_CHAR}*(?:[?&#](?!t=){_URL_CHAR}*)*[?&#]t=([0-9]{{1,12}})(?:\.([0-9]*))?s?"
    r"\)\]\n(\n*)"
)


def read_fast(text: str) -> Document | None:
    """The careful reader's result for a regular transcript, or None to say 'use it'."""
    text = text.removeprefix("\ufeff")
    # The first bullet: past the front matter's first "---"-looking line, at or before its
    # closing line, since a description may hold lines that look like bullets. If this
    # still cuts inside the header, the careful reader fails on the prefix and we decline.
    after = text.find("\n---", 1) if text.startswith("---") else 0
    cut = 0 if text.startswith("*  ") else text.find("\n*  ", max(after, 0)) + 1
    if cut <= 0 and not text.startswith("*  "):
        return None
    try:
        doc = read_careful(text[:cut])
    except ParseError:
        return None
    if doc.cues or any(p.code != "W006" for p in doc.problems):
        return None
    body = text[cut:]
    if not body.endswith("\n"):
        body += "\n"
    cues = doc.cues
    append = cues.append
    number = text.count("\n", 0, cut) + 1
    position = 0
    end = len(body)
    match_at = _FAST_BULLET.match
    while position < end:
        # Anchored at each bullet, never searching on: linear in a long irregular line.
        match = match_at(body, position)
        if match is None:
            return None
        bullet, hours, minutes, seconds, whole, fraction, blank = match.groups()
        start = int(whole) * 1000 + (fraction_ms(fraction) if fraction else 0)
        # family.label_agrees for whole-second labels: within a second of the exact t=.
        label = int(hours) * 3600 + int(minutes) * 60 + int(seconds)
        if label != int(whole) and (label != int(whole) + 1 or not (fraction or "").strip("0")):
            return None
        if not cues:
            line = body[match.start() : body.index("\n", match.start())]
            tail = TAIL.match(line, line.rfind("[["))
            url = strip_t_param(tail.group(2)) if tail and tail.group(2) else None
            if url is not None:
                doc.metadata.url = url
        bullet = bullet.strip()
        append(Cue(start, None, _BR.sub("\n", bullet) if "<" in bullet else bullet, number))
        number += 1 + len(blank)
        position = match.end()
    if not cues:
        return None
    return doc


def read_careful(text: str) -> Document:
    """The line-by-line reader: the reference the fast path must equal."""
    lines = text.removeprefix("\ufeff").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    doc = Document()
    meta: Metadata = doc.metadata
    meta.header, index = front_matter(lines)
    if meta.header is not None:
        doc.length_ms = length_from_header(meta.header)

    cues = doc.cues
    untimed: list[int] = []
    warnings = doc.problems
    url_seen = False
    for number in range(index + 1, len(lines) + 1):
        line = lines[number - 1]
        if _is_bullet(line):
            timed = _read_bullet(line, number, warnings)
            if timed is None:
                untimed.append(len(cues))
                cues.append(Cue(0, None, _bullet_text(line, len(line)), number))
                continue
            cue, cue_url = timed
            if not url_seen:
                # The first link's video, else the channel line's (fragment links).
                meta.url = cue_url if cue_url is not None else meta.url
                url_seen = True
            cues.append(cue)
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if cues:
            raise ParseError(
                "expected a bullet '*  text [[00:00:04](URL&t=4.38s)]' after the first bullet, "
                f"found {_preview(line)}",
                line=number,
            )
        if line.startswith("# ") and meta.title is None and meta.channel is None:
            meta.title = line[2:].rstrip()
        elif line.startswith("**") and meta.channel is None:
            meta.channel = line.rstrip()
            meta.url = channel_url(line)
        elif is_estimated_mark(line) and not meta.estimated_timing:
            meta.estimated_timing = True
            warnings.append(estimated_problem(number))
        else:
            raise ParseError(
                "expected the '# title', the '**Channel:**' line or a bullet, "
                f"found {_preview(line)}",
                line=number,
            )

    if untimed and len(untimed) < len(cues):
        first = cues[untimed[0]]
        raise ParseError(
            "bullet has no '[[00:00:04](URL&t=4.38s)]' timestamp, unlike the other bullets",
            line=first.line,
        )
    if untimed:
        doc.problems.append(Problem(cues[0].line, "transcript has no timestamps", code="E107"))
        doc.untimed = True
    return doc


def _read_bullet(line: str, number: int, warnings: list[Problem]) -> tuple[Cue, str | None] | None:
    """A timed bullet and its link's video URL; None if the bullet has no timestamp."""
    position = line.rfind("[[")
    if position < 0:
        return None
    tail = TAIL.match(line, position)
    if tail is None:
        return None
    label, url = tail.groups()
    start = read_link(label, url, number, warnings)
    text = _bullet_text(line, position)
    return Cue(start, None, text, number), strip_t_param(url) if url else None


def _bullet_text(line: str, end: int) -> str:
    text = line[1:end].strip()
    if "<" in text:
        text = _BR.sub("\n", text)
    return text


def _preview(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= 60 else line[:57] + "...")


def write(doc: Document) -> str:
    """Render the transcript layout; the header, title and channel line come back verbatim.

    A document with a preamble or with speakers is written as meeting notes; an estimated
    one carries :data:`~.family.ESTIMATED_MARK` before its first bullet."""
    if is_notes(doc):
        return notes.write(doc)
    meta = doc.metadata
    out: list[str] = []
    if meta.header is not None:
        out.append("---\n")
        if meta.header:
            out.append(meta.header + "\n")
        out.append("---\n\n")
    if meta.title is not None:
        out.append(f"# {meta.title}\n")
    if meta.channel is not None:
        out.append(meta.channel + "\n")
    if meta.estimated_timing:
        out.append(ESTIMATED_MARK + "\n")
    prefix = link_prefix(meta.url)
    for cue in doc.cues:
        text = cue.text
        if "<" in text or "{" in text:
            text, _ = keep_tags(text, BASIC_TAGS)
        if "\n" in text:
            text = "<br>".join(part.strip() for part in text.split("\n"))
        text = text.strip()
        start = cue.start_ms
        out.append(f"*  {text} [[{format_label(start)}]({prefix}{format_t_value(start)})]\n")
    return "".join(out)


def is_notes(doc: Document) -> bool:
    """Whether :func:`write` writes ``doc`` as meeting notes: it was read from notes (it has
    a preamble) or some cue has a speaker."""
    return doc.metadata.preamble is not None or has_speakers(doc.cues)


def dropped_markup(doc: Document) -> set[str]:
    """Tags the transcript writer will drop (it keeps only ``<i> <b> <u>``)."""
    if is_notes(doc):
        return notes.dropped_markup(doc)
    removed: set[str] = set()
    for cue in doc.cues:
        removed |= keep_tags(cue.text, BASIC_TAGS)[1]
    return removed


class Transcript(Codec):
    """The Markdown transcript: bullets with timestamp links; no ends, settings or ids."""

    keeps_speakers = True
    """Meeting notes' headings; a transcript without them gains them when it has speakers."""

    sniff = staticmethod(sniff)
    read = staticmethod(read)
    write = staticmethod(write)
    dropped_markup = staticmethod(dropped_markup)

    def format_notes(self, doc: Document) -> list[str]:
        return lost_ends(doc)


def lost_ends(doc: Document) -> list[str]:
    """Ends a transcript cannot keep: it holds starts only, and reading it gives each cue
    the end of the one rule (:func:`convert.timing.end_of`: the next start, the last at
    ``Length`` or after its reading time), so a caption followed by a gap, overlapped by
    the next, or ending elsewhere than that rule says comes back with another end."""
    cues = doc.cues
    lost = 0
    for index, cue in enumerate(cues):
        if cue.end_ms is None:
            continue
        again: int | None = (
            cues[index + 1].start_ms
            if index + 1 < len(cues)
            else end_of([Cue(cue.start_ms, None, cue.text)], 0, length_ms=doc.length_ms)
        )
        lost += cue.end_ms != again
    if not lost:
        return []
    return [
        f"end times of {plural(lost, 'cue')} not ending where the next cue starts "
        "(transcripts keep starts only)"
    ]


CODEC = Transcript()
