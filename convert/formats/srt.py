"""SubRip (.srt): numbered blocks of a timing line and text, separated by blank lines.

The reader is tolerant where players are (missing counters, ``.`` before the
milliseconds, one- or two-digit fractions, missing milliseconds, extra blank
lines, coordinates after the timing) and recovers from a malformed block by
reporting it as an error with its line and going on to the next block, so one
run reports every problem. The writer uses the comma, counters from 1 and hours
of two or more digits.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..markup import SRT_TAGS, keep_tags
from ..model import Cue, Document

_TIME = r"(-?)(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[,.:](\d{1,3}))?"
_TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(.*)")
_LOOKS_LIKE_TIMING = re.compile(r".*\d.*-+>|.*-->")
SRT_KEEP = SRT_TAGS | frozenset({"ass"})


def _ms(sign: str, hours: str | None, minutes: str, seconds: str, fraction: str | None) -> int:
    millis = int((fraction + "00")[:3]) if fraction else 0
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)) * 1000 + millis


def _is_counter(line: str) -> bool:
    return line.strip().isdigit()


def sniff(text: str) -> bool:
    return any(_TIMING.fullmatch(line) for line in text.lstrip("\ufeff").split("\n", 20)[:20])


def read(text: str) -> Document:
    doc = Document()
    cues = doc.cues
    problems = doc.problems
    lines = text.removeprefix("\ufeff").split("\n")
    count = len(lines)
    noted_coordinates = False
    index = 0

    def block_starts_at(i: int) -> bool:
        line = lines[i]
        if _TIMING.fullmatch(line):
            return True
        return _is_counter(line) and i + 1 < count and _TIMING.fullmatch(lines[i + 1]) is not None

    while index < count:
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        match = _TIMING.fullmatch(line)
        if match is None and _is_counter(line):
            if index + 1 < count and (match := _TIMING.fullmatch(lines[index + 1])):
                index += 1
            else:
                after = lines[index + 1] if index + 1 < count else ""
                if index + 1 >= count or not after.strip():
                    problems.append(
                        Problem(
                            index + 1,
                            f"cue number {line.strip()} has no timing line after it",
                            code="E001",
                            severity="error",
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            index + 2,
                            "expected a timing line like '00:00:01,000 --> 00:00:02,500', "
                            f"found {_preview(after)}",
                            code="E001",
                            severity="error",
                        )
                    )
                index = _skip_block(lines, index)
                continue
        if match is None:
            problems.append(
                Problem(
                    index + 1,
                    "expected a cue number or a timing line like '00:00:01,000 --> 00:00:02,500', "
                    f"found {_preview(line)}",
                    code="E001",
                    severity="error",
                )
            )
            index = _skip_block(lines, index)
            continue
        timing_line = index + 1
        groups = match.groups()
        if groups[0] or groups[5]:
            problems.append(
                Problem(
                    timing_line,
                    "negative timestamp; SRT times start at 0",
                    code="E001",
                    severity="error",
                )
            )
            index = _skip_block(lines, index)
            continue
        start = _ms(*groups[0:5])
        end = _ms(*groups[5:10])
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
        index = _read_text(lines, index, text_lines, problems)
        # A blank line followed by something that does not start a block is still this cue's
        # text (a stray blank line inside the text); keep the text, drop the blank line.
        while True:
            following = index
            while following < count and not lines[following].strip():
                following += 1
            if following >= count or following == index or block_starts_at(following):
                break
            if _LOOKS_LIKE_TIMING.match(lines[following]) or _is_counter(lines[following]):
                break
            problems.append(
                Problem(
                    following + 1,
                    "blank line inside cue text; the text is kept, the blank line dropped",
                    code="W002",
                )
            )
            index = _read_text(lines, following, text_lines, problems)
        cues.append(Cue(start, end, "\n".join(text_lines), timing_line))
    return doc


def _read_text(lines: list[str], index: int, text_lines: list[str], problems: list[Problem]) -> int:
    """Collect text lines up to a blank line, or up to a timing line that lacks the blank
    line before it (its counter, if any, goes with it); return where reading stopped."""
    count = len(lines)
    while index < count:
        line = lines[index]
        if not line.strip():
            break
        if "-->" in line and _TIMING.fullmatch(line):
            if text_lines and _is_counter(text_lines[-1]):
                text_lines.pop()
                index -= 1
            problems.append(Problem(index + 1, "no blank line before this cue", code="W008"))
            break
        text_lines.append(line)
        index += 1
    return index


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
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def payload(text: str) -> str:
    """Cue text as SRT can hold it: no WebVTT-only tags, no blank lines."""
    if "<" in text:
        text, _ = keep_tags(text, SRT_KEEP)
    if "\n\n" in text or text.endswith("\n") or text.startswith("\n"):
        text = "\n".join(line for line in text.split("\n") if line.strip())
    return text


def write(doc: Document) -> str:
    out = []
    for number, cue in enumerate(doc.cues, 1):
        if cue.end_ms is None:
            raise ValueError("SRT needs every cue's end; infer ends before writing")
        out.append(
            f"{number}\n{format_time(cue.start_ms)} --> {format_time(cue.end_ms)}\n"
            f"{payload(cue.text)}\n\n"
        )
    return "".join(out)


def dropped_markup(doc: Document) -> set[str]:
    removed: set[str] = set()
    for cue in doc.cues:
        if "<" in cue.text:
            removed |= keep_tags(cue.text, SRT_KEEP)[1]
    return removed
