"""Times as people and files write them: the one duration grammar, the one half-up rounding
and the one clock formatter every module uses.

- :func:`parse_duration` reads ``--max-duration``, ``--last-duration``, ``--shift``, a
  transcript's ``Length:`` and a link's ``t=`` alike: ``7``, ``2.5``, ``2.5s``, ``1m30``,
  ``1m30s``, ``1h2m``, ``1:30``, ``01:02:03.5``.
- :func:`fraction_ms` and :func:`half_up` round once, half up (towards later), in
  integers: a decimal time is never a float on its way to milliseconds.
- :func:`clock` writes ``HH:MM:SS.mmm`` in every variant (separator, hours or not,
  milliseconds or not); :func:`format_ms` is the form messages use.

It imports nothing from the package, so a reader, the CLI or the model may use it.
"""

from __future__ import annotations

import re

# ASCII digits only, and bounded runs: int() refuses more than 4,300 digits, and twelve
# digits of seconds are already 30,000 years. A longer run is a time that cannot be read.
_UNITS = re.compile(r"(?:([0-9]{1,9})h)?(?:([0-9]{1,11})m)?(?:([0-9]{1,12})(?:\.([0-9]*))?s?)?")
_CLOCK = re.compile(r"(?:([0-9]{1,9}):)?([0-9]{1,11}):([0-5][0-9])(?:\.([0-9]*))?")


def half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to an integer, halves up (towards later)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    return (2 * numerator + denominator) // (2 * denominator)


def fraction_ms(digits: str) -> int:
    """Decimal fraction digits (after the point of a seconds value) in ms, rounded half
    up: ``"38"`` -> 380, ``"0600000000000005"`` -> 60, ``"0005"`` -> 1. Only the fourth
    digit decides the rounding, so a run of any length costs nothing."""
    if not digits:
        return 0
    ms = int((digits + "00")[:3])
    if len(digits) > 3 and digits[3] >= "5":
        ms += 1
    return ms


def parse_duration(text: str, *, signed: bool = False) -> int:
    """A duration written by a person, in ms: ``7``, ``2.5``, ``2.5s``, ``1m30``,
    ``1m30s``, ``1h2m``, ``1:30``, ``1:02:03.5``.

    Raises ValueError on anything else. With ``signed``, one leading ``+`` or ``-`` is
    allowed (an offset such as ``--shift -1.2s``); without it a sign is an error.
    """
    value = text.strip().lower()
    if signed and value[:1] in ("+", "-"):
        magnitude = parse_duration(value[1:])
        return -magnitude if value[0] == "-" else magnitude
    match = _UNITS.fullmatch(value)
    if value and match:
        hours, minutes, seconds, fraction = match.groups()
    else:
        clock_match = _CLOCK.fullmatch(value)
        if not clock_match or (clock_match.group(1) is not None and int(clock_match.group(2)) > 59):
            raise ValueError(f"not a duration: {text!r} (try 7, 2.5 or 1m30s)")
        hours, minutes, seconds, fraction = clock_match.groups()
    whole = (int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds or 0)
    return whole * 1000 + fraction_ms(fraction or "")


def clock(
    ms: int,
    separator: str = ".",
    *,
    hours: bool = True,
    millis: bool = True,
    pad_hours: bool = True,
) -> str:
    """``HH:MM:SS.mmm`` (hours of two or more digits, never wrapped at 24), with
    ``separator`` before the milliseconds; without ``pad_hours``, ``H:MM:SS.mmm``; without
    ``hours``, ``MM:SS.mmm`` counting every minute; without ``millis``, the seconds
    rounded down."""
    whole_hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, thousandths = divmod(rest, 1000)
    shown_hours = f"{whole_hours:02d}" if pad_hours else str(whole_hours)
    head = f"{shown_hours}:{minutes:02d}" if hours else f"{whole_hours * 60 + minutes:02d}"
    tail = f"{separator}{thousandths:03d}" if millis else ""
    return f"{head}:{seconds:02d}{tail}"


def format_ms(ms: int) -> str:
    """``H:MM:SS.mmm`` for messages (not a file format), with a sign when negative."""
    return ("-" if ms < 0 else "") + clock(abs(ms), pad_hours=False)
