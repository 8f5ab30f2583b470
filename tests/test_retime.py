"""Retiming (convert/retime.py): exact linear maps, their options, and what they move.

The golden outputs in samples/retime/ were worked out by hand (the frame-rate and sync
figures by long division of the exact fractions, then checked with Decimal); the
properties below hold the arithmetic for every input hypothesis finds.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import convert
from convert import api
from convert.errors import TimingError, UsageError
from convert.model import Cue, Document, Word
from convert.retime import (
    Retiming,
    from_options,
    parse_framerate,
    parse_shift,
    parse_sync,
    retime,
)

from .conftest import SAMPLES

RETIME = SAMPLES / "retime"


def half_up(numerator: int, denominator: int) -> int:
    """Round numerator/denominator (denominator > 0) half up, by integer arithmetic only."""
    return (2 * numerator + denominator) // (2 * denominator)


def convert_text(source: Path, target: str, retiming: Retiming | None, **options: object) -> str:
    doc = api.read(source)
    api.prepare(doc, target, api.Options(retiming=retiming, **options))  # type: ignore[arg-type]
    return api.dumps(doc, target)


# -- golden files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "expected", "shift", "framerate", "sync"),
    [
        ("talk.srt", "srt", "talk.srt.shift+2.5s.expected.srt", "2.5s", None, None),
        ("talk.srt", "srt", "talk.srt.shift-0.8.expected.srt", "-0.8", None, None),
        ("talk.srt", "srt", "talk.srt.framerate-25-23.976.expected.srt", None, "25:23.976", None),
        (
            "talk.srt",
            "srt",
            "talk.srt.sync.expected.srt",
            None,
            None,
            "00:01:00=00:01:02.5,01:00:00=01:00:05",
        ),
        ("talk.md", "transcript", "talk.md.shift+1m.expected.md", "1m", None, None),
        ("talk.md", "transcript", "talk.md.shift-0.5s.expected.md", "-0.5s", None, None),
        ("talk.md", "srt", "talk.md.shift+2s.expected.srt", "+2s", None, None),
        ("karaoke.vtt", "vtt", "karaoke.vtt.shift+1.5.expected.vtt", "1.5", None, None),
    ],
)
def test_golden(
    source: str,
    target: str,
    expected: str,
    shift: str | None,
    framerate: str | None,
    sync: str | None,
) -> None:
    retiming = from_options(shift=shift, framerate=framerate, sync=sync)
    assert retiming is not None
    written = convert_text(RETIME / source, target, retiming)
    assert written == (RETIME / expected).read_text(encoding="utf-8")


def test_recognizer_word_times_move_with_their_cues() -> None:
    """Word times (whisperx) move as the cues do, and then become inline timestamps."""
    written = convert_text(
        SAMPLES / "recognizers" / "whisperx-words.json",
        "vtt",
        parse_framerate("25:23.976"),
        word_timestamps=True,
    )
    expected = RETIME / "whisperx-words.framerate-25-23.976.expected.vtt"
    assert written == expected.read_text(encoding="utf-8")


def test_shifting_back_the_golden_output_gives_the_input() -> None:
    later = RETIME / "talk.srt.shift+2.5s.expected.srt"
    assert convert_text(later, "srt", parse_shift("-2.5s")) == (RETIME / "talk.srt").read_text(
        encoding="utf-8"
    )


def test_a_transcript_keeps_header_title_channel_and_text() -> None:
    source = (RETIME / "talk.md").read_text(encoding="utf-8")
    written = convert_text(RETIME / "talk.md", "transcript", parse_shift("1m"))
    head, _, _ = source.partition("*  ")
    assert written.startswith(head)
    strip_links = [line.rsplit(" [[", 1)[0] for line in written.splitlines() if line[:1] == "*"]
    assert strip_links == [
        line.rsplit(" [[", 1)[0] for line in source.splitlines() if line[:1] == "*"
    ]


# -- the map ----------------------------------------------------------------------------------


def test_framerate_multiplies_by_exactly_from_over_to() -> None:
    retiming = parse_framerate("25:23.976")
    assert retiming == Retiming(Fraction(25_000, 23_976), Fraction(0))
    assert retiming.scale == Fraction(3125, 2997)
    assert retiming(2997) == 3125  # exact, no float in between
    assert retiming(3_600_000) == 3_753_754  # an hour: 3,753,753.75 rounded up
    # Subtitle Edit reads "23.976" as 24000/1001; that figure is one option away.
    assert parse_framerate("25:24000/1001")(3_600_000) == 3_753_750


def test_framerate_direction_matches_pysubs2_and_subtitle_edit() -> None:
    """pysubs2's transform_framerate(25, 23.976) and Subtitle Edit's change from 25 to
    23.976 both multiply by old/new: a file timed for 25 fps gets later on 23.976 fps."""
    retiming = parse_framerate("25:23.976")
    assert retiming(60_000) > 60_000
    assert parse_framerate("23.976:25")(60_000) < 60_000


@pytest.mark.parametrize(
    ("ms", "scale", "offset", "expected"),
    [
        (1, Fraction(1, 2), Fraction(0), 1),  # 0.5 -> 1
        (3, Fraction(1, 2), Fraction(0), 2),  # 1.5 -> 2
        (0, Fraction(1), Fraction(-1, 2), 0),  # -0.5 -> 0: half up is towards later
        (0, Fraction(1), Fraction(-3, 2), -1),  # -1.5 -> -1
        (5, Fraction(1, 3), Fraction(0), 2),  # 1.67 -> 2
        (4, Fraction(1, 3), Fraction(0), 1),  # 1.33 -> 1
    ],
)
def test_rounding_is_once_and_half_up(
    ms: int, scale: Fraction, offset: Fraction, expected: int
) -> None:
    assert Retiming(scale, offset)(ms) == expected


def test_one_sync_point_is_a_shift_and_two_fix_drift_and_offset() -> None:
    assert parse_sync("1:00=1:02.5") == Retiming.shift(2500)
    two = parse_sync("00:01:00=00:01:02.5,01:00:00=01:00:05")
    assert two.scale == Fraction(1417, 1416)
    assert two.offset == Fraction(145_000, 59)
    assert (two(60_000), two(3_600_000)) == (62_500, 3_605_000)


def test_options_compose_framerate_then_shift_then_sync() -> None:
    retiming = from_options(framerate="2:1", shift="1s", sync="0:10=0:11")
    assert retiming is not None
    # 1000 ms: doubled to 2000, shifted to 3000, synced +1 s to 4000.
    assert retiming(1000) == 4000
    # Not shift before frame rate, which would give (1000 + 1000) * 2 + 1000 = 5000.
    assert retiming == Retiming(Fraction(2), Fraction(2000))


def test_options_that_change_nothing_are_no_retiming() -> None:
    assert from_options() is None
    assert from_options(shift="0") is None
    assert from_options(framerate="25:25") is None
    assert from_options(shift="1s", sync="0:05=0:04") is None


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("2.5s", 2500),
        ("-1.2s", -1200),
        ("+1m3s", 63_000),
        ("-00:00:01.500", -1500),
        ("1:02.5", 62_500),
        ("-0.8", -800),
        ("1h", 3_600_000),
        ("0", 0),
    ],
)
def test_shift_takes_the_duration_grammar_with_a_sign(text: str, ms: int) -> None:
    assert parse_shift(text) == Retiming.shift(ms)


@pytest.mark.parametrize("text", ["", "--1", "+-1", "abc", "1:75", "1.2.3", "2 s"])
def test_bad_shift_is_a_usage_error_naming_the_option(text: str) -> None:
    with pytest.raises(UsageError, match=r"^--shift: "):
        parse_shift(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25", "expected FROM:TO"),
        ("25:23.976:1", "expected FROM:TO"),
        ("0:25", "'0' is not a frame rate above 0"),
        ("25:-1", "'-1' is not a frame rate above 0"),
        ("a:25", "'a' is not a frame rate above 0"),
        ("25:1/0", "'1/0' is not a frame rate above 0"),
    ],
)
def test_bad_framerate(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=f"^--framerate: .*{message}"):
        parse_framerate(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1:00", "expected OLD=NEW"),
        ("1=2=3", "expected OLD=NEW"),
        ("1=2,3=4,5=6", "one or two OLD=NEW points, not 3"),
        ("1:00=1:01,1:00=1:05", "same OLD time"),
        ("1:00=1:05,2:00=1:00", "backwards"),
        ("1:00=1:05,2:00=1:05", "backwards or stop"),
        ("-1=2", "not a duration"),
    ],
)
def test_bad_sync(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=f"^--sync: .*{message}"):
        parse_sync(text)


# -- what moves in a document -----------------------------------------------------------------


def test_retime_returns_a_copy_and_moves_words_and_inline_timestamps() -> None:
    cue = Cue(
        1000,
        3000,
        "<00:00:01.000>one <00:00:02.000>two",
        line=7,
        words=[Word("one", 1000, 1900), Word("two", None, None)],
    )
    doc = Document(cues=[cue])
    before = copy.deepcopy(doc)
    moved = retime(doc, Retiming.shift(500))
    assert doc == before
    (result,) = moved.cues
    assert (result.start_ms, result.end_ms, result.line) == (1500, 3500, 7)
    assert result.text == "<00:00:01.500>one <00:00:02.500>two"
    assert result.words == [Word("one", 1500, 2400), Word("two", None, None)]
    assert Retiming.shift(500).apply(doc) == moved


def test_a_cue_before_zero_is_refused_at_its_line() -> None:
    doc = api.read(RETIME / "talk.srt")
    with pytest.raises(TimingError) as caught:
        retime(doc, Retiming.shift(-900))
    assert caught.value.exit_status == 1
    assert caught.value.line == 2
    assert str(caught.value) == (
        "line 2: the retiming moves this cue's start from 0:00:00.800 to -0:00:00.100, "
        "before zero; nothing written"
    )


def test_the_first_cue_before_zero_in_file_order_is_named_and_the_rest_counted() -> None:
    doc = Document(cues=[Cue(5000, 6000, "a", 3), Cue(100, 200, "b", 7), Cue(50, 80, "c", 9)])
    with pytest.raises(TimingError, match=r"from 0:00:00\.100 .*\(1 more cue too\)") as caught:
        retime(doc, Retiming.shift(-1000))
    assert caught.value.line == 7


def test_an_end_or_an_inline_timestamp_before_zero_is_refused_too() -> None:
    backwards = Document(cues=[Cue(3000, 500, "ends before it starts", 4)])
    with pytest.raises(TimingError, match="its end, a word or an inline timestamp"):
        retime(backwards, Retiming.shift(-1000))
    karaoke = Document(cues=[Cue(2000, 4000, "<00:00:00.500>early", 2)])
    with pytest.raises(TimingError, match="inline timestamp"):
        retime(karaoke, Retiming.shift(-1000))


def test_literal_arrows_in_text_are_not_times() -> None:
    doc = Document(cues=[Cue(2000, 4000, "a <- b <-1 c", 2)])
    assert retime(doc, Retiming.shift(-1000)).cues[0].text == "a <- b <-1 c"


# -- where retiming sits in the pipeline ------------------------------------------------------


def transcript(starts: list[int], length_ms: int | None = None) -> Document:
    return Document(
        cues=[Cue(start, None, f"cue {n}", n + 1) for n, start in enumerate(starts)],
        length_ms=length_ms,
        source_format="transcript",
    )


increasing_starts = st.tuples(
    st.integers(0, 1_000_000), st.lists(st.integers(3, 600_000), min_size=1, max_size=30)
).map(
    lambda first_gaps: [
        first_gaps[0] + sum(first_gaps[1][:n]) for n in range(len(first_gaps[1]) + 1)
    ]
)
"""Strictly increasing starts at least 3 ms apart, so that no scale down to 1/3 makes two
meet (equal transcript starts are refused, as in any conversion)."""
retimings = st.builds(
    Retiming,
    st.fractions(Fraction(1, 3), Fraction(3)).filter(lambda f: f > 0),
    st.integers(0, 5_000_000).map(Fraction),
)


@given(increasing_starts, retimings)
def test_inferred_ends_commute_with_the_map(starts: list[int], retiming: Retiming) -> None:
    """A cue ends where the next starts: inferring then mapping equals mapping then
    inferring, for every cue but the last (whose end is a duration of the output)."""
    retimed_first = transcript(starts)
    api.prepare(retimed_first, "srt", api.Options(retiming=retiming))
    inferred_first = transcript(starts)
    api.prepare(inferred_first, "srt")
    mapped = retime(inferred_first, retiming)
    assert [(c.start_ms, c.end_ms) for c in retimed_first.cues[:-1]] == [
        (c.start_ms, c.end_ms) for c in mapped.cues[:-1]
    ]


def test_last_duration_and_max_duration_are_times_of_the_output() -> None:
    stretch = parse_framerate("25:23.976")
    doc = transcript([0, 10_000, 20_000])
    api.prepare(
        doc, "srt", api.Options(retiming=stretch, last_duration_ms=2000, max_duration_ms=7000)
    )
    assert [(c.start_ms, c.end_ms) for c in doc.cues] == [
        (0, 7000),
        (10_427, 17_427),  # 10,000 * 3125 / 2997 = 10,427.09
        (20_854, 22_854),  # 20,854.19, then exactly the 2 s asked for
    ]


def test_the_last_transcript_cue_ends_at_length_in_the_output() -> None:
    doc = transcript([0, 60_000], length_ms=70_000)
    api.prepare(doc, "srt", api.Options(retiming=Retiming.shift(5000)))
    assert [(c.start_ms, c.end_ms) for c in doc.cues] == [(5000, 65_000), (65_000, 70_000)]


def test_passing_length_after_retiming_is_one_warning() -> None:
    doc = api.read(RETIME / "talk.md")
    problems = api.prepare(doc, "transcript", api.Options(retiming=parse_shift("1m")))
    assert [(p.line, p.code, p.severity, p.message) for p in problems] == [
        (
            12,
            "E106",
            "warning",
            "after retiming this cue starts at 0:02:00.000, past the header's Length "
            "(75 s); 1 more cue too; the header is left as it is",
        )
    ]


def test_within_a_second_of_length_is_no_warning() -> None:
    doc = api.read(RETIME / "talk.md")  # the last cue starts at 69.999 s; Length is 75 s
    assert api.prepare(doc, "transcript", api.Options(retiming=parse_shift("6s"))) == []


def test_retiming_is_applied_before_sorting_so_the_first_refused_cue_is_in_file_order() -> None:
    doc = Document(cues=[Cue(5000, 6000, "late", 2), Cue(500, 900, "early", 6)])
    with pytest.raises(TimingError) as caught:
        api.prepare(doc, "srt", api.Options(retiming=Retiming.shift(-600)))
    assert caught.value.line == 6


# -- properties -------------------------------------------------------------------------------

cue_times = st.lists(
    st.tuples(st.integers(0, 20_000_000), st.integers(1, 60_000)), min_size=1, max_size=40
)


def caption_doc(times: list[tuple[int, int]]) -> Document:
    return Document(
        cues=[Cue(start, start + length, "x", n + 1) for n, (start, length) in enumerate(times)]
    )


@given(cue_times, st.integers(-20_000_000, 20_000_000))
def test_shift_there_and_back_gives_the_document_back(
    times: list[tuple[int, int]], shift: int
) -> None:
    doc = caption_doc(times)
    lowest = min(start for start, _ in times)
    if lowest + shift < 0:
        with pytest.raises(TimingError):
            retime(doc, Retiming.shift(shift))
        return
    there = retime(doc, Retiming.shift(shift))
    assert [c.start_ms for c in there.cues] == [start + shift for start, _ in times]
    assert retime(there, Retiming.shift(-shift)) == doc


@given(cue_times, retimings, retimings)
def test_composition_is_exact_before_rounding(
    times: list[tuple[int, int]], first: Retiming, second: Retiming
) -> None:
    both = first.then(second)
    for start, _ in times:
        assert both.exact(start) == second.exact(first.exact(start))
        assert both(start) == half_up(
            (both.scale * start + both.offset).numerator,
            (both.scale * start + both.offset).denominator,
        )
    assert first.then(first.inverse()).is_identity
    doc = caption_doc(times)
    # Rounding commutes with a whole-millisecond shift, so there mapping twice is mapping once.
    shift = Retiming.shift(1234)
    assert retime(retime(doc, first), shift) == retime(doc, first.then(shift))


@given(st.lists(st.integers(0, 20_000_000), min_size=2, max_size=40), retimings)
def test_order_is_kept(starts: list[int], retiming: Retiming) -> None:
    ordered = sorted(starts)
    mapped = [retiming(ms) for ms in ordered]
    assert mapped == sorted(mapped)


@given(
    st.integers(0, 10_000_000),
    st.integers(1, 10_000_000),
    st.integers(0, 10_000_000),
    st.integers(1, 10_000_000),
)
def test_two_point_sync_hits_both_points_exactly(
    old1: int, old_gap: int, new1: int, new_gap: int
) -> None:
    old2, new2 = old1 + old_gap, new1 + new_gap
    sync = Retiming.sync([(old1, new1), (old2, new2)])
    assert (sync(old1), sync(old2)) == (new1, new2)
    # Also when it comes last after a frame rate and a shift: NEW is what the output holds.
    composed = Retiming.combine(
        framerate=parse_framerate("25:23.976"), shift=Retiming.shift(-700), sync=sync
    )
    before_sync = parse_framerate("25:23.976").then(Retiming.shift(-700))
    assert composed.exact(before_sync.inverse().exact(old1)) == new1


fps = st.one_of(
    st.sampled_from(["23.976", "24", "25", "29.97", "30", "50", "59.94", "24000/1001"]),
    st.decimals(min_value="0.001", max_value="240", places=3).map(str),
)


@given(fps, fps, st.integers(0, 100_000_000))
def test_framerate_is_exact(source: str, target: str, ms: int) -> None:
    retiming = parse_framerate(f"{source}:{target}")
    a, b = Fraction(source), Fraction(target)
    # ms * (a / b), rounded half up, by integers alone.
    assert retiming(ms) == half_up(ms * a.numerator * b.denominator, a.denominator * b.numerator)


@given(
    st.fractions(Fraction(1, 50), Fraction(50)).filter(lambda f: f > 0),
    st.fractions(Fraction(-10_000_000), Fraction(10_000_000)),
)
def test_lowest_is_the_first_time_that_stays_at_or_after_zero(
    scale: Fraction, offset: Fraction
) -> None:
    retiming = Retiming(scale, offset)
    lowest = retiming.lowest
    assert retiming(lowest) >= 0
    assert retiming(lowest - 1) < 0
    assert retiming(lowest) == half_up(
        (scale * lowest + offset).numerator, (scale * lowest + offset).denominator
    )


def test_past_length_with_ends_is_about_the_ends_as_in_check() -> None:
    """A caption's end is what passes Length (check's E106 rule, shared)."""
    doc = Document(
        cues=[Cue(0, 1000, "a", 2), Cue(70_000, 75_500, "b", 6)],
        length_ms=75_000,
        source_format="vtt",
    )
    assert api.prepare(doc, "vtt", api.Options(retiming=Retiming.shift(400))) == []
    doc = Document(
        cues=[Cue(0, 1000, "a", 2), Cue(70_000, 75_500, "b", 6)],
        length_ms=75_000,
        source_format="vtt",
    )
    (warning,) = api.prepare(doc, "vtt", api.Options(retiming=Retiming.shift(500)))
    assert (warning.line, warning.code) == (6, "E106")
    assert warning.message.startswith("after retiming this cue ends at 0:01:16.000, past")


def test_a_retiming_past_what_a_file_can_hold_is_refused(tmp_path: Path) -> None:
    """Times past nine digits of hours could be written but not read back."""
    source = tmp_path / "a.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    doc = api.read(source)
    with pytest.raises(TimingError) as refused:
        api.prepare(doc, "vtt", api.Options(retiming=from_options(framerate="10000000000000:1")))
    assert refused.value.line == 2
    assert "past the latest time a subtitle file can hold" in refused.value.message


def test_the_moved_copy_shares_nothing_changeable_with_the_original() -> None:
    """'a moved copy; doc is unchanged': preparing the copy with --title changed the
    original's metadata, which both shared."""
    doc = api.read(SAMPLES / "bbc-putin-peacekeepers.md")
    title = doc.metadata.title
    later = Retiming.shift(2500).apply(doc)
    api.prepare(later, "transcript", api.Options(title="Other"))
    assert (doc.metadata.title, later.metadata.title) == (title, "Other")
    reflowed = convert.reflow(doc)
    reflowed.metadata.title = "Third"
    reflowed.vtt_blocks.append("NOTE x")
    assert doc.metadata.title == title and doc.vtt_blocks == []
