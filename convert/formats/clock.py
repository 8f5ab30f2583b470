"""Fast clock formatting for writers of long files.

Writing ``HH:MM:SS,mmm`` with three ``divmod`` calls and an f-string per
timestamp is the largest cost of writing 100k cues. A timestamp splits into
whole minutes and the milliseconds within the minute; both parts repeat a lot
(a file has at most 60,000 distinct remainders and usually a few thousand
distinct minutes), so each part is formatted once and then looked up.
``floor(ms / 60000)`` then ``divmod(minutes, 60)`` gives the same digits as
dividing by hours first, for every integer, so the output is identical to the
plain ``format_time`` of each writer.
"""

from __future__ import annotations

from ..timecode import clock


class _Minutes(dict[int, str]):
    """``HH:MM:`` for a count of whole minutes, made on first use."""

    def __missing__(self, minutes: int) -> str:
        hours, minute = divmod(minutes, 60)
        text = self[minutes] = f"{hours:02d}:{minute:02d}:"
        return text


class _Remainders(dict[int, str]):
    """``SS,mmm`` (with the writer's separator) for milliseconds within a minute."""

    def __init__(self, separator: str) -> None:
        super().__init__()
        self.separator = separator

    def __missing__(self, rest: int) -> str:
        seconds, millis = divmod(rest, 1000)
        text = self[rest] = f"{seconds:02d}{self.separator}{millis:03d}"
        return text


def format_clock(ms: int, separator: str) -> str:
    """``HH:MM:SS`` + ``separator`` + ``mmm``: hours of two or more digits, never wrapped
    at 24 or clamped at 99. The plain form the tables must equal: the one clock."""
    return clock(ms, separator)


_MINUTES = _Minutes()
_REMAINDERS = {",": _Remainders(","), ".": _Remainders(".")}
_MAX_MINUTES = 200_000
"""Bound on cached minutes (about 139 days of distinct minutes), so memory stays flat."""


FILL_ABOVE = 5_000
"""From this many cues on, all 60,000 remainders are made at once (about 15 ms, 3.5 MB
as a list), which is cheaper than making most of them one miss at a time."""

_FULL: dict[str, list[str]] = {}


def tables(separator: str, cues: int = 0) -> tuple[dict[int, str], dict[int, str] | list[str]]:
    """The two lookup tables: ``minutes[ms // 60000] + rest[ms % 60000]`` is the clock."""
    if len(_MINUTES) > _MAX_MINUTES:
        _MINUTES.clear()
    if cues <= FILL_ABOVE:
        return _MINUTES, _REMAINDERS[separator]
    full = _FULL.get(separator)
    if full is None:
        full = _FULL[separator] = [
            f"{seconds:02d}{separator}{millis:03d}"
            for seconds in range(60)
            for millis in range(1000)
        ]
    return _MINUTES, full
