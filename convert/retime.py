"""Retiming: move every time in a document by one exact linear map ``t -> scale * t + offset``.

Three everyday corrections are such maps, and so is any chain of them:

- a shift (``--shift 2.5s``): ``t + 2500``;
- a frame-rate change (``--framerate 25:23.976``): ``t * 25 / 23.976``, as pysubs2's
  ``transform_framerate(25, 23.976)`` and Subtitle Edit's "change frame rate" do: a file
  timed for a 25 fps release gets later and longer to fit the slower 23.976 fps video;
- a sync through one or two points (``--sync 1:00=1:02.5,1:00:00=1:00:05``): one pair is
  a shift, two pairs the line through both points (drift and offset fixed at once).

``scale`` and ``offset`` are exact fractions and every time is rounded once, half up, to
the millisecond; so a shift and its opposite give the file back, and composed maps are
composed exactly before anything is rounded. When several are given they apply in one
documented order, frame rate, then shift, then sync, each to the times the previous one
made, so the NEW points of a sync are hit exactly in the output.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from .errors import Problem, TimingError, UsageError
from .model import Cue, Document, Word, detached
from .timecode import clock, format_ms, parse_duration

_INLINE_STAMP = re.compile(r"<((?:[0-9]+:)?[0-9]{2}:[0-9]{2}\.[0-9]{3})>")
"""A WebVTT inline timestamp (karaoke), kept in cue text for WebVTT output; it moves too."""


@dataclass(frozen=True, slots=True)
class Retiming:
    """The map ``t -> scale * t + offset`` on milliseconds, with exact fractions.

    ``scale`` is above 0, so the order of times is kept (equal times may meet after
    rounding when ``scale`` is below 1, never cross).
    """

    scale: Fraction = Fraction(1)
    offset: Fraction = Fraction(0)
    """In milliseconds."""
    # timecode.half_up(scale * t + offset) == (_times * t + _plus) // _over, in integers alone:
    # Fraction arithmetic per time made retiming 100k cues take longer than reading them.
    _times: int = field(init=False, repr=False, compare=False)
    _plus: int = field(init=False, repr=False, compare=False)
    _over: int = field(init=False, repr=False, compare=False)
    lowest: int = field(init=False, repr=False, compare=False)
    """The smallest time that does not go below zero."""

    def __post_init__(self) -> None:
        scale, offset = Fraction(self.scale), Fraction(self.offset)
        if scale <= 0:
            raise ValueError(f"a retiming must keep time running forward, not scale {scale}")
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "offset", offset)
        a, b = scale.denominator, offset.denominator
        times, plus = 2 * scale.numerator * b, 2 * offset.numerator * a + a * b
        object.__setattr__(self, "_times", times)
        object.__setattr__(self, "_plus", plus)
        object.__setattr__(self, "_over", 2 * a * b)
        object.__setattr__(self, "lowest", -(plus // times))

    @classmethod
    def shift(cls, ms: int | Fraction) -> Retiming:
        """Every time ``ms`` later (earlier when negative)."""
        return cls(Fraction(1), Fraction(ms))

    @classmethod
    def framerate(cls, source_fps: int | Fraction, target_fps: int | Fraction) -> Retiming:
        """Times of a file timed for ``source_fps`` on a video running at ``target_fps``:
        every time multiplied by ``source_fps / target_fps`` (``25 -> 23.976``: later)."""
        source, target = Fraction(source_fps), Fraction(target_fps)
        if source <= 0 or target <= 0:
            raise ValueError("frame rates must be more than 0")
        return cls(source / target, Fraction(0))

    @classmethod
    def sync(cls, points: Sequence[tuple[int | Fraction, int | Fraction]]) -> Retiming:
        """The map that takes each ``(old, new)`` point exactly: one point is a shift, two
        the straight line through both (which must keep time running forward)."""
        if len(points) == 1:
            ((old, new),) = points
            return cls.shift(Fraction(new) - Fraction(old))
        if len(points) != 2:
            raise ValueError(f"sync takes one or two OLD=NEW points, not {len(points)}")
        (old1, new1), (old2, new2) = ((Fraction(o), Fraction(n)) for o, n in points)
        if old1 == old2:
            raise ValueError("the two sync points have the same OLD time")
        scale = (new2 - new1) / (old2 - old1)
        if scale <= 0:
            raise ValueError(
                "the two sync points would run time backwards or stop it "
                "(the later OLD time must have the later NEW time)"
            )
        return cls(scale, new1 - scale * old1)

    @classmethod
    def combine(
        cls,
        *,
        framerate: Retiming | None = None,
        shift: Retiming | None = None,
        sync: Retiming | None = None,
    ) -> Retiming:
        """The documented order: frame rate, then shift, then sync (missing ones skipped)."""
        result = cls()
        for step in (framerate, shift, sync):
            if step is not None:
                result = result.then(step)
        return result

    def then(self, other: Retiming) -> Retiming:
        """This map followed by ``other``, composed exactly (nothing rounded in between)."""
        return Retiming(other.scale * self.scale, other.scale * self.offset + other.offset)

    def inverse(self) -> Retiming:
        """The map that undoes this one exactly."""
        return Retiming(1 / self.scale, -self.offset / self.scale)

    @property
    def is_identity(self) -> bool:
        return self.scale == 1 and self.offset == 0

    def exact(self, ms: int | Fraction) -> Fraction:
        """Where ``ms`` goes, unrounded."""
        return self.scale * ms + self.offset

    def apply(self, doc: Document) -> Document:
        """A copy of ``doc`` with every time moved: :func:`retime`."""
        return retime(doc, self)

    def __call__(self, ms: int) -> int:
        """Where ``ms`` goes, rounded once to the millisecond, half up (towards later)."""
        return (self._times * ms + self._plus) // self._over


def retime(doc: Document, retiming: Retiming) -> Document:
    """A copy of ``doc`` with every time moved by ``retiming``: cue starts and ends, word
    times and WebVTT inline timestamps. The header (and its ``Length``), title, channel
    line and text stay as they are; a transcript's labels follow its starts when written.

    Raises :class:`TimingError` (exit status 1) at the first cue, in document order, that
    would start (or end, or hold a word) before zero: nothing is clamped or dropped.
    """
    refuse_before_zero(doc.cues, retiming)
    refuse_past_readable(doc.cues, retiming)
    moved = detached(doc, [replace(cue) for cue in doc.cues])
    retime_cues(moved.cues, retiming)
    return moved


def refuse_before_zero(cues: Sequence[Cue], retiming: Retiming) -> None:
    """Raise :class:`TimingError` naming the first cue with a time the map puts before zero
    (the map keeps order, so that is a time below ``retiming.lowest``)."""
    lowest = retiming.lowest
    bad = [
        cue
        for cue in cues
        if cue.start_ms < lowest
        or (cue.end_ms is not None and cue.end_ms < lowest)
        or ((cue.words or "<" in cue.text) and min(_times_of(cue)) < lowest)
    ]
    if not bad:
        return
    first = bad[0]
    start = retiming(first.start_ms)
    others = len(bad) - 1
    more = f" ({others} more cue{'s' * (others != 1)} too)" if others else ""
    if start < 0:
        what = (
            f"moves this cue's start from {format_ms(first.start_ms)} to "
            f"{format_ms(start)}, before zero"
        )
    else:
        what = "moves a time of this cue (its end, a word or an inline timestamp) before zero"
    raise TimingError(f"the retiming {what}{more}; nothing written", line=first.line or None)


LATEST_MS = 1_000_000_000 * 3_600_000 - 1
"""The latest time any reader takes back: hours of nine digits (over 100,000 years)."""


def refuse_past_readable(cues: Sequence[Cue], retiming: Retiming) -> None:
    """Raise :class:`TimingError` at the first cue the map moves past :data:`LATEST_MS`:
    what it would write could not be read again (``--framerate 10000000000:1``)."""
    for cue in cues:
        latest = max(_times_of(cue))
        if retiming(latest) > LATEST_MS:
            raise TimingError(
                f"the retiming moves this cue to {format_ms(retiming(latest))}, past the "
                "latest time a subtitle file can hold; nothing written",
                line=cue.line or None,
            )


def retime_cues(cues: Sequence[Cue], retiming: Retiming) -> None:
    """Move every time of ``cues`` in place (for a pipeline that owns them; check with
    :func:`refuse_before_zero` first, so that a refusal changes nothing)."""
    times, plus, over = retiming._times, retiming._plus, retiming._over  # retiming(t), inlined
    for cue in cues:
        cue.start_ms = (times * cue.start_ms + plus) // over
        if cue.end_ms is not None:
            cue.end_ms = (times * cue.end_ms + plus) // over
        if cue.words is not None:
            cue.words = [
                Word(
                    word.text,
                    None if word.start_ms is None else retiming(word.start_ms),
                    None if word.end_ms is None else retiming(word.end_ms),
                )
                for word in cue.words
            ]
        if "<" in cue.text and _INLINE_STAMP.search(cue.text):
            cue.text = _INLINE_STAMP.sub(
                lambda m: f"<{clock(retiming(parse_duration(m.group(1))))}>", cue.text
            )


def _times_of(cue: Cue) -> list[int]:
    """Every time a cue holds: start, end, word times, inline timestamps."""
    times = [cue.start_ms] if cue.end_ms is None else [cue.start_ms, cue.end_ms]
    if cue.words:
        times.extend(t for word in cue.words for t in (word.start_ms, word.end_ms) if t is not None)
    if "<" in cue.text:
        times.extend(parse_duration(stamp) for stamp in _INLINE_STAMP.findall(cue.text))
    return times


# -- reading the options -------------------------------------------------------------------


class OptionError(UsageError):
    """A retiming option that cannot be read: ``str()`` is ``--shift: problem``, and the
    command line shows ``option`` and ``problem`` as it shows any bad option value."""

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(f"{option}: {problem}")
        self.option = option
        self.problem = problem


def parse_shift(text: str) -> Retiming:
    """``--shift``: a signed duration in the one duration grammar (``2.5s``, ``-1.2``,
    ``+1m3s``, ``-00:00:01.500``, ``1:02.5``)."""
    try:
        return Retiming.shift(parse_duration(text, signed=True))
    except ValueError as exc:
        raise OptionError("--shift", str(exc)) from None


def parse_framerate(text: str) -> Retiming:
    """``--framerate FROM:TO``: each a positive number (``25``, ``23.976``, ``24000/1001``),
    taken exactly as written."""
    parts = text.split(":")
    if len(parts) != 2:
        raise OptionError("--framerate", f"expected FROM:TO such as 25:23.976, found {text!r}")
    rates = []
    for part in parts:
        try:
            rate = Fraction(part.strip())
        except (ValueError, ZeroDivisionError):
            rate = Fraction(0)
        if rate <= 0:
            raise OptionError(
                "--framerate",
                f"{part.strip()!r} is not a frame rate above 0 (25, 23.976, 24000/1001)",
            )
        rates.append(rate)
    return Retiming.framerate(rates[0], rates[1])


def parse_sync(text: str) -> Retiming:
    """``--sync OLD=NEW[,OLD=NEW]``: times as durations or clock times (``1:00=1:02.5``)."""
    points: list[tuple[int, int]] = []
    for pair in text.split(","):
        sides = pair.split("=")
        if len(sides) != 2:
            raise OptionError(
                "--sync", f"expected OLD=NEW such as 00:01:00=00:01:02.5, found {pair.strip()!r}"
            )
        try:
            points.append((parse_duration(sides[0]), parse_duration(sides[1])))
        except ValueError as exc:
            raise OptionError("--sync", str(exc)) from None
    try:
        return Retiming.sync(points)
    except ValueError as exc:
        raise OptionError("--sync", str(exc)) from None


def from_options(
    *, shift: str | None = None, framerate: str | None = None, sync: str | None = None
) -> Retiming | None:
    """The retiming the command-line options ask for, in the documented order; None for
    none (or for one that changes nothing, so that output is byte for byte a conversion)."""
    result = Retiming.combine(
        framerate=parse_framerate(framerate) if framerate is not None else None,
        shift=parse_shift(shift) if shift is not None else None,
        sync=parse_sync(sync) if sync is not None else None,
    )
    return None if result.is_identity else result


def past_length(doc: Document) -> Problem | None:
    """One warning when retimed cues now pass the header's ``Length`` (which retiming
    leaves as it is), by check's E106 rule: a cue's end, or its start where ends are not
    known yet, a second or more after it (``Length`` is whole seconds)."""
    from .cuerules import past_length as e106

    length = doc.length_ms
    if length is None:
        return None
    cues = doc.cues
    past = e106(cues, length, bool(cues) and all(cue.end_ms is not None for cue in cues))
    if not past:
        return None
    others = len(past) - 1
    more = f"; {others} more cue{'s' * (others != 1)} too" if others else ""
    return Problem(
        past[0].line,
        f"after retiming this cue {past[0].message}{more}; the header is left as it is",
        code="E106",
    )


__all__ = [
    "OptionError",
    "Retiming",
    "from_options",
    "parse_framerate",
    "parse_shift",
    "parse_sync",
    "past_length",
    "retime",
]
