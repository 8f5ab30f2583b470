"""The SubRip adapter: tolerant reading that never drops a cue silently, strict writing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convert.formats import srt
from convert.markup import contains_markup
from convert.model import Cue, Document

MAX_MS = 200 * 3_600_000


def test_writer_uses_comma_counters_from_one_and_wide_hours() -> None:
    doc = Document([Cue(0, 1500, "a"), Cue(360_000_000, 360_001_250, "b\nc")])
    assert srt.write(doc) == (
        "1\n00:00:00,000 --> 00:00:01,500\na\n\n2\n100:00:00,000 --> 100:00:01,250\nb\nc\n\n"
    )


def test_hours_do_not_wrap_at_24_or_clamp_at_99() -> None:
    assert srt.format_time(25 * 3_600_000) == "25:00:00,000"
    assert srt.format_time(123 * 3_600_000 + 4_005_006) == "124:06:45,006"


@pytest.mark.parametrize(
    ("timing", "start", "end"),
    [
        ("00:00:01,000 --> 00:00:02,000", 1000, 2000),
        ("00:00:01.5 --> 00:00:02.25", 1500, 2250),
        ("00:00:01 --> 00:00:02", 1000, 2000),
        ("0:00:01,1 --> 0:00:02,02", 1100, 2020),
        ("  00:00:01,000-->00:00:02,000  ", 1000, 2000),
        ("01:02,000 --> 01:03,000", 62_000, 63_000),
        ("123:00:00,000 --> 123:00:01,000", 442_800_000, 442_801_000),
    ],
)
def test_timing_line_variants(timing: str, start: int, end: int) -> None:
    doc = srt.read(f"1\n{timing}\ntext\n")
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [(start, end, "text")]


def test_missing_counters_crlf_cr_and_extra_blank_lines() -> None:
    from convert.textio import normalize_newlines

    text = normalize_newlines(
        "\r\n\r\n00:00:01,000 --> 00:00:02,000\r\none\r\n\r\n\r\n\r\n"
        "2\r00:00:03,000 --> 00:00:04,000\rtwo\r\rthree\n00:00:05,000 --> 00:00:06,000\nx\n"
    )
    doc = srt.read(text)
    # Lines: 3 timing, 4 one, 8 counter, 9 timing, 10 two, 12 three, 13 timing, 14 x.
    assert [(c.text, c.line) for c in doc.cues] == [("one", 3), ("two\nthree", 9), ("x", 13)]
    # "three" follows a blank line but starts no block: kept as text, with a warning; the
    # timing line right after it starts a new cue although no blank line came before it.
    assert [(p.line, p.code) for p in doc.problems] == [(12, "W002"), (13, "W012")]


def test_malformed_blocks_are_errors_with_lines_and_reading_goes_on() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nok\n\n"
        "2\n00:00:0x,000 --> 00:00:04,000\nbroken\n\n"
        "3\n\n"
        "4\n00:00:05,000 --> 00:00:06,000\nok too\n\n"
        "5\n"
    )
    doc = srt.read(text)
    assert [c.text for c in doc.cues] == ["ok", "ok too"]
    assert [(p.line, p.severity) for p in doc.problems] == [
        (6, "error"),  # a malformed timing line
        (9, "error"),  # cue number 3 with no timing line after it
        (15, "warning"),  # the file ends after cue number 5: cut short, said but not refused
    ]
    assert "expected a timing line" in doc.problems[0].message
    assert "no timing line after it" in doc.problems[1].message
    assert "cut short" in doc.problems[2].message


def test_negative_times_are_refused() -> None:
    doc = srt.read("1\n-0:00:04,567 --> -0:00:03,456\nx\n")
    assert doc.cues == [] and doc.problems[0].message.startswith("negative timestamp")


def test_empty_text_and_empty_file() -> None:
    assert srt.read("").cues == []
    doc = srt.read("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nb\n")
    assert [c.text for c in doc.cues] == ["", "b"]


def test_writer_removes_blank_lines_and_webvtt_only_tags() -> None:
    # A voice span is a speaker: SRT writes it as a "Name: " prefix (docs/transcripts.md).
    doc = Document([Cue(0, 1000, "<v Bob>a</v>\n\n<i>b</i> <c.red>c</c>")])
    assert srt.write(doc) == "1\n00:00:00,000 --> 00:00:01,000\nBob: a\n<i>b</i> c\n\n"


_line = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "" and not contains_markup(s) and not srt._TIMING.fullmatch(s))
_arrow_line = st.builds(lambda a, b: f"{a} --> {b}", _line, _line).filter(
    lambda s: not srt._TIMING.fullmatch(s)
)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    count = draw(st.integers(0, 12))
    cues = []
    for _ in range(count):
        start = draw(st.integers(0, MAX_MS))
        end = draw(st.integers(start, MAX_MS))
        lines = draw(st.lists(_line | _arrow_line, min_size=1, max_size=3))
        cues.append(Cue(start, end, "\n".join(lines)))
    return Document(cues)


@given(documents())
def test_round_trip_property(doc: Document) -> None:
    """read(write(doc)) gives the same cues: any printable text, times up to 200 h."""
    again = srt.read(srt.write(doc))
    assert again.cues == doc.cues
    assert again.problems == []


def test_writer_drops_whitespace_only_lines_the_reader_would_take_for_blank() -> None:
    doc = Document(
        [Cue(0, 1000, "first\n \nsecond"), Cue(1000, 2000, "a\n\t"), Cue(2000, 3000, " ")]
    )
    text = srt.write(doc)
    assert text == (
        "1\n00:00:00,000 --> 00:00:01,000\nfirst\nsecond\n\n"
        "2\n00:00:01,000 --> 00:00:02,000\na\n\n"
        "3\n00:00:02,000 --> 00:00:03,000\n\n\n"
    )
    assert text == srt.write_careful(doc)
    assert srt.read(text).problems == []
