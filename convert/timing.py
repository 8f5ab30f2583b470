"""Timing policy: inferring ends, estimating starts, and finding timing problems.

Format adapters only read and write what a file says; everything that decides
*when* a cue is shown lives here, so every format gets the same rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from .errors import Problem
from .model import Cue
from .timecode import format_ms as format_ms
from .timecode import parse_duration

parse_seconds = parse_duration
"""The duration grammar (:func:`convert.timecode.parse_duration`), by its older name."""

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
    for index, cue in enumerate(cues):
        if cue.end_ms is not None:
            continue
        end = end_of(cues, index, length_ms=length_ms, last_duration_ms=last_duration_ms)
        assert end is not None  # guessing, there is always an end
        if max_duration_ms is not None:
            end = min(end, cue.start_ms + max_duration_ms)
        cue.end_ms = end


def end_of(
    cues: Sequence[Cue],
    index: int,
    *,
    length_ms: int | None = None,
    last_duration_ms: int | None = None,
    guess: bool = True,
) -> int | None:
    """When ``cues[index]`` stops being shown: the one rule, for conversions
    (:func:`infer_ends`) and for check's readability rules.

    The end the file gives; else the next cue's start; for the last cue,
    ``last_duration_ms`` after its start, else ``length_ms`` when that is later, else
    (only with ``guess``) its reading time. None when only a guess could tell.
    """
    cue = cues[index]
    if cue.end_ms is not None:
        return cue.end_ms
    if index + 1 < len(cues):
        return cues[index + 1].start_ms
    if last_duration_ms is not None:
        return cue.start_ms + last_duration_ms
    if length_ms is not None and length_ms > cue.start_ms:
        return length_ms
    return cue.start_ms + reading_time_ms(cue.text) if guess else None


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
