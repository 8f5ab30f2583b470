"""SubRip (.srt): numbered blocks of a timing line and text, separated by blank lines.

The reader is tolerant where players are (missing counters, ``.`` before the
milliseconds, one- to three-digit fractions, missing milliseconds or hours,
zero-padded three-digit fields, ``->`` for ``-->``, extra blank lines, a cue
that starts without a blank line before it, coordinates after the timing) and
recovers from a malformed block by reporting it as an error with its line and
going on to the next block, so one run reports every problem. Every case is in
the decision table in docs/inputs.md. The writer uses the comma, counters
from 1 and hours of two or more digits.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..markup import SRT_TAGS, escape_entities, keep_tags, tidy_srt_tags, unescape_entities
from ..model import Cue, Document
from ..speakers import as_prefixes, read_prefixes
from . import clock
from .base import Codec

# Digit runs are bounded so that int() never sees an absurd number; a longer run is
# not a timestamp, and the line is reported as malformed. Seconds take two or three
# digits, so a timing line cut short ("00:00:03,000 --> 00:0") is not read as 0 s.
_TIME = r"(-?)(?:([0-9]{1,8}):)?([0-9]{1,3}):([0-9]{2,3})(?:[,.]([0-9]{1,3}))?"
_TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]*-+>[ \t]*{_TIME}((?:[ \t].*)?)")
SRT_KEEP = SRT_TAGS | frozenset({"ass"})


def _ms(hours: str | None, minutes: str, seconds: str, fraction: str | None) -> tuple[int, bool]:
    """Milliseconds, and whether minutes or seconds were 60 or more (read as a count).

    The fraction is a decimal fraction of a second: ",5" is 500 ms, ",05" is 50 ms.
    """
    millis = int((fraction + "00")[:3]) if fraction else 0
    m = int(minutes)
    s = int(seconds)
    return (int(hours or 0) * 3600 + m * 60 + s) * 1000 + millis, m > 59 or s > 59


def is_counter(line: str) -> bool:
    """A cue number: ASCII digits only (``str.isdigit`` also takes ``²`` and ``٣``)."""
    stripped = line.strip()
    return stripped.isascii() and stripped.isdigit()


_COUNTER_DIGITS = 18


def counter_value(line: str) -> int | None:
    """The number on a counter line; None for no counter. A counter of more digits than
    any file has cues (up to 5,000 in the wild) is -1: a number, but never the expected
    one, and never handed to ``int()`` (which refuses more than 4,300 digits)."""
    if not is_counter(line):
        return None
    digits = line.strip().lstrip("0") or "0"
    return int(digits) if len(digits) <= _COUNTER_DIGITS else -1


def sniff(text: str) -> bool:
    return any(_TIMING.fullmatch(line) for line in text.lstrip("\ufeff").split("\n", 20)[:20])


def _error(line: int, message: str) -> Problem:
    return Problem(line, message, code="E001")


def read(text: str) -> Document:
    """Parse SRT; ``Name: `` prefixes become speakers when the file uses them
    (:func:`convert.speakers.read_prefixes` says when)."""
    doc = read_fast(text)
    if doc is None:
        doc = read_careful(text)
    read_prefixes(doc.cues)
    return doc


# The fast path: one regex over the whole text for files made only of well-formed blocks
# (counter, ``HH:MM:SS,mmm --> HH:MM:SS,mmm``, non-blank text lines, empty lines). On the
# first irregularity it gives up and the careful line-based reader runs instead, so both
# always give the same Document (tests/test_fastpaths.py checks that on generated and
# corpus inputs).
_FAST_BLOCK = re.compile(
    # Hours of at most eight digits, as the careful reader's _TIME: a longer run is not a
    # time to either of them (it differed once: 30-digit hours, accepted here only).
    r"[0-9]+\n([0-9]{1,8}):([0-5][0-9]):([0-5][0-9]),([0-9]{3}) --> "
    r"([0-9]{1,8}):([0-5][0-9]):([0-5][0-9]),([0-9]{3})\n((?:[^\S\n]*\S[^\n]*\n)+)(\n*)"
)


def read_fast(text: str) -> Document | None:
    """The careful reader's result for a regular file, or None to say 'use the careful one'."""
    text = text.removeprefix("\ufeff")
    body = text.lstrip("\n")
    line = len(text) - len(body)  # lines before the first block, all empty
    if not body.endswith("\n"):
        body += "\n"
    doc = Document()
    cues = doc.cues
    append = cues.append
    position = 0
    end = len(body)
    match_at = _FAST_BLOCK.match
    while position < end:
        # Anchored at each block: finditer would search on from every later character
        # after a failed block, which is quadratic in a long irregular line.
        match = match_at(body, position)
        if match is None:
            return None
        h1, m1, s1, f1, h2, m2, s2, f2, cue_text, blank = match.groups()
        if "->" in cue_text and any(_TIMING.fullmatch(x) for x in cue_text.split("\n")):
            return None  # a cue with no blank line before it: the careful reader says so
        append(
            Cue(
                (int(h1) * 3600 + int(m1) * 60 + int(s1)) * 1000 + int(f1),
                (int(h2) * 3600 + int(m2) * 60 + int(s2)) * 1000 + int(f2),
                _finish_text(cue_text[:-1]),
                line + 2,
            )
        )
        line += 2 + cue_text.count("\n") + len(blank)
        position = match.end()
    if not cues:
        return None
    return doc


def read_careful(text: str) -> Document:
    """The line-based reader: tolerant, recovers from bad blocks, reports every problem."""
    doc = Document()
    cues = doc.cues
    problems = doc.problems
    lines = text.removeprefix("\ufeff").split("\n")
    count = len(lines)
    noted_coordinates = noted_unseparated = noted_sixty = False
    index = 0

    def timing_at(i: int) -> re.Match[str] | None:
        """The timing match of line ``i``, with the cheap substring test first."""
        line = lines[i]
        return _TIMING.fullmatch(line) if "->" in line else None

    def read_text(i: int, text_lines: list[str]) -> tuple[int, bool]:
        """Collect text lines from ``i`` up to a blank line, or up to a cue that starts
        with no blank line before it; return where reading stopped and whether a cue
        follows there."""
        nonlocal noted_unseparated
        while i < count:
            line = lines[i]
            stripped = line.strip()
            if not stripped:
                return i, False
            # Cheap substring and digit tests first: most text lines are neither.
            if ("->" in line and _TIMING.fullmatch(line)) or (
                is_counter(stripped) and i + 1 < count and timing_at(i + 1)
            ):
                # A cue with no blank line before it (a common hand-editing slip).
                if not noted_unseparated:
                    noted_unseparated = True
                    problems.append(
                        Problem(
                            i + 1, "a cue starts here without a blank line before it", code="W012"
                        )
                    )
                return i, True
            text_lines.append(line)
            i += 1
        return i, False

    while index < count:
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        match = _TIMING.fullmatch(line) if "->" in line else None
        if match is None and is_counter(line):
            if index + 1 < count and (match := timing_at(index + 1)):
                index += 1
            else:
                after = lines[index + 1] if index + 1 < count else ""
                if index + 1 >= count or not after.strip():
                    following = index + 1
                    while following < count and not lines[following].strip():
                        following += 1
                    if cues and following >= count:
                        problems.append(
                            Problem(
                                index + 1,
                                f"the file ends after cue number {line.strip()}, with no "
                                "timing line or text (cut short?)",
                                code="W010",
                            )
                        )
                        break
                    problems.append(
                        _error(index + 1, f"cue number {line.strip()} has no timing line after it")
                    )
                else:
                    problems.append(
                        _error(
                            index + 2,
                            "expected a timing line like '00:00:01,000 --> 00:00:02,500', "
                            f"found {_preview(after)}",
                        )
                    )
                index = _skip_block(lines, index)
                continue
        if match is None:
            problems.append(
                _error(
                    index + 1,
                    "expected a cue number or a timing line like '00:00:01,000 --> 00:00:02,500', "
                    f"found {_preview(line)}",
                )
            )
            index = _skip_block(lines, index)
            continue
        timing_line = index + 1
        groups = match.groups()
        if groups[0] or groups[5]:
            problems.append(
                _error(
                    timing_line,
                    f"negative timestamp in {_preview(match.group(0))}; SRT times start at 0",
                )
            )
            index = _skip_block(lines, index)
            continue
        start, start_odd = _ms(*groups[1:5])
        end, end_odd = _ms(*groups[6:10])
        if (start_odd or end_odd) and not noted_sixty:
            noted_sixty = True
            problems.append(
                Problem(
                    timing_line,
                    "minutes or seconds of 60 or more; read as a count "
                    f"({_preview(match.group(0))})",
                    code="W011",
                )
            )
        rest = groups[10].strip()
        if rest and not noted_coordinates:
            noted_coordinates = True
            problems.append(
                Problem(
                    timing_line,
                    f"text after the timing line ({rest[:40]!r}) is ignored",
                    code="W001",
                )
            )
        index += 1
        text_lines: list[str] = []
        index, next_cue_follows = read_text(index, text_lines)
        # A blank line followed by something that does not start a block is still this
        # cue's text (a stray blank line inside the text); keep the text, drop the blank.
        while not next_cue_follows:
            following = index
            while following < count and not lines[following].strip():
                following += 1
            # A counter or anything with an arrow starts the next block (perhaps a
            # malformed one, reported there); anything else continues this text.
            if following >= count:
                break
            after = lines[following]
            if "->" in after or is_counter(after):
                break
            problems.append(
                Problem(
                    following + 1,
                    "blank line inside cue text; the text is kept, the blank line dropped",
                    code="W002",
                )
            )
            index, next_cue_follows = read_text(following, text_lines)
        cues.append(Cue(start, end, _finish_text("\n".join(text_lines)), timing_line))
    return doc


def _finish_text(text: str) -> str:
    """Cue text as the model holds it: spaced tags tidied, character references decoded."""
    if "<" in text:
        text = tidy_srt_tags(text)
    if "&" in text:
        text = unescape_entities(text)
    return text


def _skip_block(lines: list[str], index: int) -> int:
    """Index of the first line after the block that starts at ``index``."""
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _preview(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= 60 else line[:57] + "...")


def format_time(ms: int) -> str:
    """``HH:MM:SS,mmm``; hours grow past 99 rather than wrap."""
    return clock.format_clock(ms, ",")


_BLANK_LINE = re.compile(r"(?:^|\n)[^\S\n]*(?:\n|$)")
"""An empty or whitespace-only line: the reader takes it for the end of the cue."""


def _needs_payload(text: str) -> bool:
    """Whether :func:`payload` would change ``text`` (cheap tests first)."""
    return (
        "<" in text
        or "&" in text
        or "->" in text
        or (("\n" in text or not text.strip()) and _BLANK_LINE.search(text) is not None)
    )


def _escape_timing_lines(text: str) -> str:
    """A text line that reads as a timing line (``00:00:05,000 --> 00:00:06,000``, ``10:00
    -> 11:30 room 4``) would start a new cue: write its arrow's ``>`` as ``&gt;``, which
    the reader decodes back, so the cue reads back as written and players show ``>``."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if "->" in line and _TIMING.fullmatch(line):
            lines[index] = line.replace("->", "-&gt;")
    return "\n".join(lines)


def payload(text: str) -> str:
    """Cue text as SRT can hold it: no WebVTT-only tags, no blank or whitespace-only lines."""
    if "<" in text:
        text, _ = keep_tags(text, SRT_KEEP)
    if _BLANK_LINE.search(text):
        text = "\n".join(line for line in text.split("\n") if line.strip())
    if "&" in text:
        text = escape_entities(text)
    if "->" in text:
        text = _escape_timing_lines(text)
    return text


def write(doc: Document) -> str:
    fast = write_fast(doc)
    if fast is not None:
        return fast
    return write_careful(doc)


def write_fast(doc: Document) -> str | None:
    """:func:`write_careful`'s output, with clocks looked up and plain text passed through.

    None when a cue has no end (the careful writer then raises its error).
    """
    minutes, rest = clock.tables(",", len(doc.cues))
    out: list[str] = []
    append = out.append
    for number, cue in enumerate(doc.cues, 1):
        end = cue.end_ms
        if end is None:
            return None
        start = cue.start_ms
        text = cue.text if not cue.speaker and "<v" not in cue.text else as_prefixes(cue)
        if _needs_payload(text):
            text = payload(text)
        append(
            f"{number}\n{minutes[start // 60000]}{rest[start % 60000]} --> "
            f"{minutes[end // 60000]}{rest[end % 60000]}\n{text}\n\n"
        )
    return "".join(out)


def write_careful(doc: Document) -> str:
    """The plain writer, one cue at a time; the reference the fast path must equal."""
    out = []
    for number, cue in enumerate(doc.cues, 1):
        if cue.end_ms is None:
            raise ValueError("SRT needs every cue's end; infer ends before writing")
        out.append(
            f"{number}\n{format_time(cue.start_ms)} --> {format_time(cue.end_ms)}\n"
            f"{payload(as_prefixes(cue))}\n\n"
        )
    return "".join(out)


def dropped_markup(doc: Document) -> set[str]:
    removed: set[str] = set()
    for cue in doc.cues:
        if "<" in cue.text:
            removed |= keep_tags(as_prefixes(cue), SRT_KEEP)[1]
    return removed


class SubRip(Codec):
    """SubRip: numbered cue blocks with ``HH:MM:SS,mmm`` times; no settings, ids or blocks."""

    speaker_prefix = True

    sniff = staticmethod(sniff)
    read = staticmethod(read)
    write = staticmethod(write)
    dropped_markup = staticmethod(dropped_markup)


CODEC = SubRip()
