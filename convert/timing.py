"""Timing policy: inferring ends, estimating starts, and finding timing problems.

Format adapters only read and write what a file says; everything that decides
*when* a cue is shown lives here, so every format gets the same rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from .errors import Problem
from .model import Cue

MIN_READING_MS = 1_000
MAX_READING_MS = 7_000
READING_CHARS_PER_SECOND = 15
"""The pace used to guess how long a last cue stays up when nothing else tells."""
PAST_LENGTH_TOLERANCE_MS = 1000
"""``Length`` is whole seconds, so a time less than a second past it may still be in the video
(check's E106, and the warning after retiming)."""


def reading_time_ms(text: str) -> int:
    """Time to read ``text`` at 15 characters a second, clamped to 1-7 s."""
    visible = len(text.replace("\n", " ").strip())
    estimate = visible * 1000 // READING_CHARS_PER_SECOND
    return max(MIN_READING_MS, min(MAX_READING_MS, estimate))


def infer_ends(
    cues: Sequence[Cue],
    *,
    length_ms: int | None = None,
    last_duration_ms: int | None = None,
    max_duration_ms: int | None = None,
) -> None:
    """Fill in every missing end, in place.

    A cue ends where the next one starts. The last one ends after
    ``last_duration_ms`` when given, else at ``length_ms`` when that is later
    than its start, else after its reading time. ``max_duration_ms`` then caps
    every inferred end. Ends a file gave are kept.
    """
    count = len(cues)
    for index, cue in enumerate(cues):
        if cue.end_ms is not None:
            continue
        if index + 1 < count:
            end = cues[index + 1].start_ms
        elif last_duration_ms is not None:
            end = cue.start_ms + last_duration_ms
        elif length_ms is not None and length_ms > cue.start_ms:
            end = length_ms
        else:
            end = cue.start_ms + reading_time_ms(cue.text)
        if max_duration_ms is not None:
            end = min(end, cue.start_ms + max_duration_ms)
        cue.end_ms = end


def cap_durations(cues: Sequence[Cue], max_duration_ms: int) -> None:
    """Shorten every cue longer than ``max_duration_ms``, in place."""
    for cue in cues:
        if cue.end_ms is not None and cue.end_ms - cue.start_ms > max_duration_ms:
            cue.end_ms = cue.start_ms + max_duration_ms


def estimate_starts(cues: Sequence[Cue], length_ms: int) -> None:
    """Spread ``length_ms`` over cues in proportion to their text length, in place.

    For transcripts that carry no timestamps: the first cue starts at 0 and each
    next one where the characters before it would have taken, at an even pace,
    of the whole length. Every cue gets at least one character's weight, so
    empty bullets still move time forward. Ends are left for :func:`infer_ends`.
    """
    weights = [max(1, len(cue.text)) for cue in cues]
    total = sum(weights)
    elapsed = 0
    for cue, weight in zip(cues, weights, strict=True):
        cue.start_ms = length_ms * elapsed // total
        cue.end_ms = None
        elapsed += weight


def starts_not_increasing(cues: Sequence[Cue]) -> list[Problem]:
    """Each cue whose start is not after the previous start (transcripts need strict order)."""
    problems: list[Problem] = []
    for previous, cue in itertools.pairwise(cues):
        if cue.start_ms < previous.start_ms:
            problems.append(
                Problem(
                    cue.line,
                    f"start {format_ms(cue.start_ms)} goes back before the previous start "
                    f"{format_ms(previous.start_ms)} (line {previous.line})",
                    code="E101",
                )
            )
        elif cue.start_ms == previous.start_ms:
            problems.append(
                Problem(
                    cue.line,
                    f"start {format_ms(cue.start_ms)} is the same as the previous bullet's "
                    f"(line {previous.line}); its end cannot be inferred",
                    code="E102",
                )
            )
    return problems


def sort_by_start(cues: list[Cue]) -> list[Problem]:
    """Sort cues by start, keeping the order of equal starts; one warning per cue moved back."""
    problems = [
        Problem(
            cue.line,
            f"cue starts at {format_ms(cue.start_ms)}, before the previous cue "
            f"({format_ms(previous.start_ms)}); cues are written sorted by start",
            code="E101",
        )
        for previous, cue in itertools.pairwise(cues)
        if cue.start_ms < previous.start_ms
    ]
    if problems:
        cues.sort(key=lambda cue: cue.start_ms)
    return problems


def overlaps(cues: Sequence[Cue]) -> list[Problem]:
    """Each cue that is still showing when the next one starts."""
    problems: list[Problem] = []
    for cue, following in itertools.pairwise(cues):
        if cue.end_ms is not None and cue.end_ms > following.start_ms:
            problems.append(
                Problem(
                    cue.line,
                    f"ends at {format_ms(cue.end_ms)}, after the next cue starts at "
                    f"{format_ms(following.start_ms)} (line {following.line})",
                    code="E104",
                )
            )
    return problems


def ends_not_after_start(cues: Sequence[Cue]) -> list[Problem]:
    """Each cue whose end is not after its start."""
    return [
        Problem(
            cue.line,
            f"cue ends at {format_ms(cue.end_ms)}, not after its start {format_ms(cue.start_ms)}",
            code="E103",
        )
        for cue in cues
        if cue.end_ms is not None and cue.end_ms <= cue.start_ms
    ]


def format_ms(ms: int) -> str:
    """``H:MM:SS.mmm`` for messages (not a file format)."""
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{sign}{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def parse_seconds(text: str, *, signed: bool = False) -> int:
    """A duration given by a person, in ms: ``7``, ``2.5``, ``2.5s``, ``1m30s``, ``1:30``.

    Integer arithmetic only; raises ValueError on anything else. With ``signed``, one
    leading ``+`` or ``-`` is allowed (``-1.2s``, ``+1m3s``, ``-00:00:01.500``: an offset,
    such as ``--shift``); without it a sign is an error.
    """
    import re

    value = text.strip().lower()
    if signed and value[:1] in ("+", "-"):
        magnitude = parse_seconds(value[1:])
        return -magnitude if value[0] == "-" else magnitude
    match = re.fullmatch(r"(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)(?:\.([0-9]*))?s?)?", value)
    if value and match:
        hours, minutes, seconds, fraction = match.groups()
    else:
        clock = re.fullmatch(r"(?:([0-9]+):)?([0-9]+):([0-5][0-9])(?:\.([0-9]*))?", value)
        if not clock or (clock.group(1) is not None and int(clock.group(2)) > 59):
            raise ValueError(f"not a duration: {text!r} (try 7, 2.5 or 1m30s)")
        hours, minutes, seconds, fraction = clock.groups()
    digits = fraction or ""
    millis = int((digits + "00")[:3]) if digits else 0
    if len(digits) > 3 and digits[3] >= "5":
        millis += 1
    return ((int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds or 0)) * 1000 + millis
