"""check's rules over a document's cues: timing (E101-E104, E106), readability (W101-W106)
and SRT counters (W201). Each returns :class:`~convert.errors.Problem` values; check
selects, grades and places them, and :func:`convert.api.validate` uses the timing ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from .config import Settings
from .errors import Problem
from .formats.srt import counter_value
from .model import Cue, Document
from .timecode import format_ms
from .timing import end_of


def _ms(ms: int) -> str:
    return format_ms(ms)


def _seconds(value: Fraction | int) -> str:
    """``0.833``, ``7``: seconds for messages, at most three decimals."""
    number = Fraction(value)
    text = f"{float(number):.3f}".rstrip("0").rstrip(".")
    return text


def _visible(text: str) -> str:
    """Cue text as shown: markup tags and SSA overrides removed."""
    if "<" not in text and "{\\" not in text:
        return text
    from .markup import keep_tags

    visible, _ = keep_tags(text, frozenset())
    return visible


def timing_problems(doc: Document, fmt: str) -> list[Problem]:
    """E101-E104 and E106 for a document as read (cues in file order)."""
    from .timing import ends_not_after_start, starts_not_increasing

    cues = doc.cues
    has_ends = bool(cues) and all(cue.end_ms is not None for cue in cues)
    # Equal starts (E102) matter only where an end is inferred from the next start.
    problems = [p for p in starts_not_increasing(cues) if not has_ends or p.code == "E101"]
    if has_ends:
        problems.extend(ends_not_after_start(cues))
        problems.extend(_overlaps(cues, legal=fmt == "vtt"))
    length = doc.length_ms
    if length is not None:
        problems.extend(past_length(cues, length, has_ends))
    return problems


def _play_order(cues: Sequence[Cue]) -> list[Cue]:
    """Cues in the order a player shows them (stable by start)."""
    return sorted(cues, key=lambda cue: cue.start_ms)


def _overlaps(cues: Sequence[Cue], *, legal: bool) -> list[Problem]:
    """E104 in play order (a cue shown later in the file may still overlap an earlier one)."""
    from .timing import overlaps

    note = " (legal in WebVTT, so a warning)" if legal else ""
    return [replace(p, message=p.message + note) for p in overlaps(_play_order(cues))]


def past_length(cues: Sequence[Cue], length_ms: int, has_ends: bool) -> list[Problem]:
    """E106: each cue a second or more past ``Length`` (its end when every cue has one,
    else its start); also what a retiming warns about."""
    from .timing import PAST_LENGTH_TOLERANCE_MS

    problems = []
    limit = length_ms + PAST_LENGTH_TOLERANCE_MS
    for cue in cues:
        when, what = (
            (cue.end_ms, "ends")
            if has_ends and cue.end_ms is not None
            else (cue.start_ms, "starts")
        )
        if when >= limit:
            problems.append(
                Problem(
                    cue.line,
                    f"{what} at {_ms(when)}, past the header's Length "
                    f"({_seconds(Fraction(length_ms, 1000))} s)",
                    code="E106",
                )
            )
    return problems


def readability_problems(doc: Document, settings: Settings) -> list[Problem]:
    """W101-W106: durations, reading speed, line length and count, gaps."""
    limits = settings.thresholds
    cues = doc.cues
    has_ends = bool(cues) and all(cue.end_ms is not None for cue in cues)
    length = doc.length_ms
    problems: list[Problem] = []
    for index, cue in enumerate(cues):
        end = end_of(cues, index, length_ms=length, guess=False)
        text = _visible(cue.text)
        # A transcript bullet is a segment, not a displayed line: line rules are for captions.
        text_lines = text.split("\n") if text and has_ends else []
        first_text_line = cue.line + 1
        for number, line_text in enumerate(text_lines):
            if len(line_text) > limits.max_line_length:
                where = first_text_line + number
                problems.append(
                    Problem(
                        where,
                        f"line is {len(line_text)} characters, over {limits.max_line_length}",
                        code="W104",
                    )
                )
        if len(text_lines) > limits.max_lines:
            where = first_text_line + limits.max_lines
            problems.append(
                Problem(
                    where,
                    f"cue has {len(text_lines)} lines, over {limits.max_lines}",
                    code="W105",
                )
            )
        if end is None or end <= cue.start_ms:
            continue
        duration = Fraction(end - cue.start_ms, 1000)
        if duration < limits.min_duration:
            problems.append(
                Problem(
                    cue.line,
                    f"shown for {_seconds(duration)} s, under {_seconds(limits.min_duration)} s",
                    code="W101",
                )
            )
        elif duration > limits.max_duration:
            problems.append(
                Problem(
                    cue.line,
                    f"shown for {_seconds(duration)} s, over {_seconds(limits.max_duration)} s",
                    code="W102",
                )
            )
        characters = len(text.replace("\n", ""))
        speed = characters / duration
        if speed > limits.max_cps:
            problems.append(
                Problem(
                    cue.line,
                    f"reading speed {float(speed):.1f} characters per second "
                    f"({characters} in {_seconds(duration)} s), over {_seconds(limits.max_cps)}",
                    code="W103",
                )
            )
    if has_ends:
        problems.extend(_small_gaps(cues, settings))
    return problems


def _small_gaps(cues: Sequence[Cue], settings: Settings) -> list[Problem]:
    limits = settings.thresholds
    problems = []
    for cue, following in itertools.pairwise(_play_order(cues)):
        assert cue.end_ms is not None
        gap = following.start_ms - cue.end_ms
        if gap > 0 and gap * limits.fps < limits.min_gap_frames * 1000:
            minimum = Fraction(limits.min_gap_frames, 1) / limits.fps
            problems.append(
                Problem(
                    cue.line,
                    f"gap of {_seconds(Fraction(gap, 1000))} s to the next cue (line "
                    f"{following.line}) is under {limits.min_gap_frames} frames at "
                    f"{_seconds(limits.fps)} fps ({_seconds(minimum)} s); chain the cues or "
                    "widen the gap",
                    code="W106",
                )
            )
    return problems


def counter_problems(lines: Sequence[str], doc: Document) -> list[Problem]:
    """W201: SRT cue numbers that are missing, or not one more than the number before.

    Counting from the previous number, not from the file's start, gives one finding
    where a sequence breaks rather than one per cue after it.
    """
    problems = []
    previous = 0
    for cue in doc.cues:
        expected = previous + 1
        above = lines[cue.line - 2].strip() if cue.line >= 2 else ""
        number = counter_value(above)
        if number is None:
            problems.append(
                Problem(cue.line, f"cue has no number (expected {expected})", code="W201")
            )
            previous = expected
            continue
        if number != expected:
            shown = above if len(above) <= 12 else above[:9] + "..."
            problems.append(
                Problem(cue.line - 1, f"cue number {shown}, expected {expected}", code="W201")
            )
        previous = number if number >= 0 else expected
    return problems
