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
from ..timecode import clock, fraction_ms, parse_duration
from .base import Codec

_TAIL = re.compile(r"\[\[([^\[\]]*)\]\(([^()\s]*)\)\][ \t]*$")
_T_PARAM = re.compile(r"([?&#])t=([^&#]*)")
# ASCII digits only, and bounded runs: int() refuses more than 4,300 digits, and twelve
# digits of seconds are already 30,000 years. A longer run is a time that cannot be read.
_LABEL = re.compile(r"([0-9]{1,11}):([0-9]{1,2})(?::([0-9]{1,2}))?(?:\.([0-9]+))?")
_HEADER_KEY = re.compile(r"([A-Za-z][A-Za-z0-9 _-]*):(.*)")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
DESCRIPTION_KEY = "Video Description"
HEADER_KEYS = frozenset(
    {
        "Date Generated",
        "Transcription Model",
        "Length",
        "Video Keywords",
        "Video Views",
        "Video Rating",
        DESCRIPTION_KEY,
    }
)


fraction_to_ms = fraction_ms
"""Half-up rounding of fraction digits (:func:`convert.timecode.fraction_ms`)."""


def parse_t_value(value: str) -> int | None:
    """A YouTube ``t=`` value in ms (``4.38s``, ``6.0600000000000005s``, ``100``,
    ``1m40s``), read with the one duration grammar; None when it is not one."""
    if not value or value[:1] in "+-" or value != value.strip():
        return None
    try:
        return parse_duration(value)
    except ValueError:
        return None


def parse_label(label: str) -> int | None:
    """``MM:SS`` or ``HH:MM:SS`` (hours may have any number of digits) in ms."""
    match = _LABEL.fullmatch(label.strip())
    if not match:
        return None
    first, second, third, fraction = match.groups()
    if third is None:
        hours, minutes, seconds = 0, int(first), int(second)
    else:
        hours, minutes, seconds = int(first), int(second), int(third)
    if seconds > 59 or (third is not None and minutes > 59):
        return None
    return (hours * 3600 + minutes * 60 + seconds) * 1000 + fraction_ms(fraction or "")


def format_label(ms: int) -> str:
    """``HH:MM:SS``, seconds rounded down, as the transcripts write it."""
    return clock(ms, millis=False)


def format_t_value(ms: int) -> str:
    """Shortest millisecond form: ``4.38s``, ``6.06s``, ``0.0s``, ``166.0s``."""
    seconds, millis = divmod(ms, 1000)
    fraction = f"{millis:03d}".rstrip("0") or "0"
    return f"{seconds}.{fraction}s"


def strip_t_param(url: str) -> str | None:
    """The video URL a timestamp link points into, without its ``t=``."""
    match = _T_PARAM.search(url)
    if not match:
        return url or None
    start, end = match.span()
    if match.group(1) == "?":
        rest = url[end:]
        base = url[:start] + ("?" + rest[1:] if rest.startswith("&") else rest)
    else:
        base = url[:start] + url[end:]
    return base or None


def length_from_header(header: str) -> int | None:
    """The ``Length:`` key of a header in ms (``169s``, ``169``, ``2:49``, ``1m30``), read
    with the one duration grammar; None when there is none or it is not a duration."""
    for key, value in header_keys(header):
        if key == "Length":
            try:
                return parse_duration(value)
            except ValueError:
                return None
    return None


def header_keys(header: str) -> list[tuple[str, str]]:
    """``Key: value`` pairs before ``Video Description``, which runs to the header's end."""
    pairs = []
    for line in header.split("\n"):
        match = _HEADER_KEY.match(line)
        if not match:
            continue
        key = match.group(1).strip()
        pairs.append((key, match.group(2)))
        if key == DESCRIPTION_KEY:
            break
    return pairs


def is_transcript(text: str) -> bool:
    """A transcript header (front matter with a known key) or a timestamped bullet."""
    return sniff(text)


def sniff(text: str) -> bool:
    lines = text.lstrip("\ufeff").split("\n", 400)[:400]
    if lines and lines[0].rstrip() == "---":
        for line in lines[1:]:
            if line.rstrip() == "---":
                break
            match = _HEADER_KEY.match(line)
            if match and match.group(1).strip() in HEADER_KEYS:
                return True
    return any(_is_bullet(line) and _TAIL.search(line) for line in lines)


def _is_bullet(line: str) -> bool:
    return len(line) > 1 and line[0] == "*" and line[1] in " \t"


def read(text: str) -> Document:
    """Parse a transcript. Raises :class:`ParseError` with the line of the first problem."""
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
    if doc.cues or doc.problems:
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
        label_ms = (int(hours) * 3600 + int(minutes) * 60 + int(seconds)) * 1000
        if label_ms - start >= 1000 or start - label_ms >= 1000:
            return None
        if not cues:
            line = body[match.start() : body.index("\n", match.start())]
            tail = _TAIL.match(line, line.rfind("[["))
            url = tail.group(2) if tail else ""
            doc.metadata.url = strip_t_param(url) if url else None
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
    index = 0
    if lines and lines[0].rstrip() == "---":
        for close in range(1, len(lines)):
            if lines[close].rstrip() == "---":
                break
        else:
            raise ParseError("front matter opened with '---' is never closed", line=1)
        meta.header = "\n".join(lines[1:close])
        doc.length_ms = length_from_header(meta.header)
        index = close + 1

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
                meta.url = cue_url
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
    tail = _TAIL.match(line, position)
    if tail is None:
        return None
    label, url = tail.groups()
    label_ms = parse_label(label)
    t_match = _T_PARAM.search(url)
    start = parse_t_value(t_match.group(2)) if t_match else None
    if t_match and start is None:
        raise ParseError(f"cannot read the time in {t_match.group(0)[1:]!r}", line=number)
    if start is None:
        if label_ms is None:
            raise ParseError(f"cannot read the timestamp label {label!r}", line=number)
        start = label_ms
    elif label_ms is not None and abs(label_ms - start) >= 1000:
        warnings.append(
            Problem(
                number,
                f"label {label} and t={t_match.group(2) if t_match else ''} disagree by "
                f"{abs(label_ms - start) / 1000:.3g} s; the t= value is used",
                code="E105",
            )
        )
    elif label_ms is None:
        warnings.append(
            Problem(number, f"timestamp label {label!r} is not MM:SS or HH:MM:SS", code="E105")
        )
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
    """Render the transcript layout; the header, title and channel line come back verbatim."""
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
    url = meta.url
    prefix = "#t=" if url is None else url + ("&t=" if "?" in url else "?t=")
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


def dropped_markup(doc: Document) -> set[str]:
    """Tags the transcript writer will drop (it keeps only ``<i> <b> <u>``)."""
    removed: set[str] = set()
    for cue in doc.cues:
        removed |= keep_tags(cue.text, BASIC_TAGS)[1]
    return removed


class Transcript(Codec):
    """The Markdown transcript: bullets with timestamp links; no ends, settings or ids."""

    def sniff(self, text: str) -> bool:
        return sniff(text)

    def read(self, text: str) -> Document:
        return read(text)

    def write(self, doc: Document) -> str:
        return write(doc)

    def dropped_markup(self, doc: Document) -> set[str]:
        return dropped_markup(doc)


CODEC = Transcript()
