"""The timing policy: ends inferred from the next start, Length, reading time and caps."""

from __future__ import annotations

import pytest

from convert import timing
from convert.model import Cue


def cues(*starts: int, text: str = "x") -> list[Cue]:
    return [Cue(s, None, text, line=n) for n, s in enumerate(starts, 1)]


def test_each_cue_ends_where_the_next_starts_and_last_at_length() -> None:
    items = cues(0, 4380, 6060)
    timing.infer_ends(items, length_ms=10_000)
    assert [c.end_ms for c in items] == [4380, 6060, 10_000]


def test_last_cue_uses_reading_time_when_length_is_not_later() -> None:
    items = cues(0, 9000, text="a" * 45)  # 45 characters at 15 per second: 3 s
    timing.infer_ends(items, length_ms=9000)
    assert items[-1].end_ms == 12_000


@pytest.mark.parametrize(("chars", "expected"), [(0, 1000), (1, 1000), (30, 2000), (300, 7000)])
def test_reading_time_is_clamped_to_one_to_seven_seconds(chars: int, expected: int) -> None:
    assert timing.reading_time_ms("a" * chars) == expected


def test_max_and_last_duration() -> None:
    items = cues(0, 60_000, 61_000)
    timing.infer_ends(items, length_ms=100_000, max_duration_ms=7000, last_duration_ms=2000)
    assert [c.end_ms for c in items] == [7000, 61_000, 63_000]


def test_given_ends_are_kept() -> None:
    items = [Cue(0, 500, "a"), Cue(1000, None, "b")]
    timing.infer_ends(items, length_ms=5000)
    assert [c.end_ms for c in items] == [500, 5000]


def test_estimate_starts_spreads_length_by_text_length() -> None:
    items = [Cue(0, None, "aaaa"), Cue(0, None, "aaaa"), Cue(0, None, "aaaaaaaa")]
    timing.estimate_starts(items, 16_000)
    assert [c.start_ms for c in items] == [0, 4000, 8000]


def test_order_problems_name_the_offending_line() -> None:
    problems = timing.starts_not_increasing(cues(0, 5000, 5000, 4000))
    assert [(p.line, p.code) for p in problems] == [(3, "E102"), (4, "E101")]


def test_sort_is_stable_and_warns_once_per_step_back() -> None:
    items = [Cue(2000, 3000, "b", 1), Cue(1000, 1500, "a", 2), Cue(2000, 2500, "c", 3)]
    problems = timing.sort_by_start(items)
    assert [c.text for c in items] == ["a", "b", "c"]
    assert [p.line for p in problems] == [2]


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("7", 7000),
        ("2.5", 2500),
        ("2.5s", 2500),
        ("1m30s", 90_000),
        ("1:30", 90_000),
        ("0.0005", 1),
        ("1h", 3_600_000),
    ],
)
def test_parse_seconds(text: str, ms: int) -> None:
    assert timing.parse_seconds(text) == ms


@pytest.mark.parametrize("text", ["", "abc", "-1", "1.2.3", "1:75", "1:60:00"])
def test_parse_seconds_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        timing.parse_seconds(text)
