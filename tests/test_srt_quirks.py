"""The SRT decision table of the README (Real-world inputs), one test per row.

Each input is small and written by hand; the expected cues are read off it.
"""

from __future__ import annotations

import pytest

from convert import api
from convert.errors import ProblemsFound
from convert.formats import srt
from convert.model import Document


def read(text: str) -> Document:
    return srt.read(text)


def cues(doc: Document) -> list[tuple[int, int | None, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in doc.cues]


def found(doc: Document) -> list[tuple[int | None, str]]:
    return [(p.line, p.code) for p in doc.problems]


def test_missing_counters() -> None:
    doc = read("00:00:01,000 --> 00:00:02,000\na\n\n00:00:03,000 --> 00:00:04,000\nb\n")
    assert cues(doc) == [(1000, 2000, "a"), (3000, 4000, "b")]
    assert doc.problems == []


@pytest.mark.parametrize(
    ("stamp", "ms"),
    [
        ("00:00:01.250", 1250),  # dot before the milliseconds
        ("00:00:01,5", 1500),  # one digit: tenths
        ("00:00:01,05", 1050),  # two digits: hundredths
        ("00:00:01", 1000),  # no milliseconds
        ("00:01,250", 1250),  # no hours
        ("0:00:01,250", 1250),  # one-digit hours
        ("00:00:001,250", 1250),  # zero-padded three-digit seconds (ExoPlayer)
        ("123:00:00,000", 442_800_000),  # hours past 99
    ],
)
def test_timestamp_variants(stamp: str, ms: int) -> None:
    doc = read(f"1\n{stamp} --> 200:00:00,000\ntext\n")
    assert cues(doc) == [(ms, 720_000_000, "text")]
    assert doc.problems == []


def test_sixty_or_more_is_read_as_a_count_with_a_warning() -> None:
    doc = read("1\n00:00:75,000 --> 00:01:80,000\na\n\n2\n00:00:61,000 --> 00:00:62,000\nb\n")
    assert cues(doc)[0][:2] == (75_000, 140_000)
    assert found(doc) == [(2, "W011")]  # once per file


def test_single_dash_arrow() -> None:
    assert cues(read("1\n00:00:01,000 -> 00:00:02,000\na\n")) == [(1000, 2000, "a")]


def test_extra_blank_lines_between_cues_are_ignored() -> None:
    doc = read(
        "\n\n1\n00:00:01,000 --> 00:00:02,000\na\n\n\n\n2\n00:00:03,000 --> 00:00:04,000\nb\n\n\n"
    )
    assert cues(doc) == [(1000, 2000, "a"), (3000, 4000, "b")]
    assert doc.problems == []


def test_blank_line_inside_text_keeps_the_text() -> None:
    doc = read(
        "1\n00:00:01,000 --> 00:00:02,000\nfirst\n\nsecond\n\n2\n00:00:03,000 --> 00:00:04,000\nb\n"
    )
    assert cues(doc) == [(1000, 2000, "first\nsecond"), (3000, 4000, "b")]
    assert found(doc) == [(5, "W002")]


def test_cue_without_a_blank_line_before_it() -> None:
    doc = read("1\n00:00:01,000 --> 00:00:02,000\na\n2\n00:00:03,000 --> 00:00:04,000\nb\n")
    assert cues(doc) == [(1000, 2000, "a"), (3000, 4000, "b")]
    assert found(doc) == [(4, "W012")]


def test_coordinates_after_the_timing_are_ignored_once() -> None:
    doc = read(
        "1\n00:00:01,000 --> 00:00:02,000  X1:40 X2:600 Y1:20 Y2:50\na\n\n"
        "2\n00:00:03,000 --> 00:00:04,000 X1:1\nb\n"
    )
    assert cues(doc) == [(1000, 2000, "a"), (3000, 4000, "b")]
    assert found(doc) == [(2, "W001")]


TAGGED = (
    "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>it</i> <b>bo</b> <u>un</u> "
    '<font color="red">red</font> <s>st</s>\n'
)


def _converted(text: str, target: str) -> tuple[str, list[str]]:
    doc = srt.read(text)
    doc.source_format = "srt"
    problems = api.prepare(doc, target)
    return api.dumps(doc, target), [p.message for p in problems if p.code == "W007"]


def test_tags_srt_to_srt_keep_everything() -> None:
    out, dropped = _converted(TAGGED, "srt")
    assert out == TAGGED + "\n"
    assert dropped == []


def test_tags_srt_to_vtt_drop_what_webvtt_lacks_and_say_so() -> None:
    out, dropped = _converted(TAGGED, "vtt")
    assert out.endswith("\n<i>it</i> <b>bo</b> <u>un</u> red st\n")
    assert dropped == ["vtt cannot hold: markup <font>, <s>, {\\...} (dropped)"]


def test_tags_srt_to_transcript_keep_i_b_u() -> None:
    out, dropped = _converted(TAGGED, "transcript")
    assert "<i>it</i> <b>bo</b> <u>un</u> red st" in out
    # a transcript keeps starts only: read back, the cue's end is inferred again (its
    # reading time), not the 2 s the SRT gave, and the note says so
    assert dropped == [
        "transcript cannot hold: markup <font>, <s>, {\\...}; end times of 1 cue not ending "
        "where the next cue starts (transcripts keep starts only) (dropped)"
    ]


def test_negative_times_are_errors_and_lenient_skips_them() -> None:
    text = "1\n-00:00:01,000 --> 00:00:02,000\nneg\n\n2\n00:00:03,000 --> 00:00:04,000\nok\n"
    doc = read(text)
    assert cues(doc) == [(3000, 4000, "ok")]
    assert [(p.line, p.code, p.severity) for p in doc.problems] == [(2, "E001", "error")]
    with pytest.raises(ProblemsFound):
        api.prepare(read(text), "vtt")
    warnings = api.prepare(read(text), "vtt", api.Options(lenient=True))
    assert [p.line for p in warnings] == [2]


def test_file_ending_after_a_counter() -> None:
    doc = read("1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n")
    assert cues(doc) == [(1000, 2000, "a")]
    assert found(doc) == [(5, "W010")]
    only = read("1\n")
    assert only.cues == [] and [p.severity for p in only.problems] == ["error"]


def test_file_ending_after_the_timing_line() -> None:
    doc = read("1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:03,000 --> 00:00:04,000")
    assert cues(doc) == [(1000, 2000, "a"), (3000, 4000, "")]
    assert doc.problems == []


def test_file_ending_inside_the_timing_line() -> None:
    doc = read("1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:03,000 --> 00:0")
    assert cues(doc) == [(1000, 2000, "a")]
    assert found(doc) == [(6, "E001")]


@pytest.mark.parametrize("text", ["", "\n", "  \n\n\t\n", "\ufeff"])
def test_empty_file(text: str) -> None:
    doc = read(text)
    assert doc.cues == [] and doc.problems == []


def test_missing_timing_line_and_stray_text() -> None:
    doc = read(
        "1\n00:00:01,000 --> 00:00:02,000\na\n\n2\nno timing\n\nstray words\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\nc\n"
    )
    assert cues(doc) == [(1000, 2000, "a"), (5000, 6000, "c")]
    assert [(p.line, p.severity) for p in doc.problems] == [(6, "error"), (8, "error")]


def test_four_digit_fraction_is_not_a_timestamp() -> None:
    doc = read("1\n00:00:01,0000 --> 00:00:02,000\na\n")
    assert doc.cues == [] and found(doc) == [(2, "E001")]


def test_end_before_start_is_read_and_left_to_the_timing_checks() -> None:
    doc = read("1\n00:00:05,000 --> 00:00:04,000\na\n")
    assert cues(doc) == [(5000, 4000, "a")]
    assert [p.code for p in api.validate(doc)] == ["E103"]


def test_leading_spaces_in_text_are_kept() -> None:
    assert cues(read("1\n00:00:01,000 --> 00:00:02,000\n   indented\n")) == [
        (1000, 2000, "   indented")
    ]


def test_character_references_are_decoded_and_bare_ampersands_kept() -> None:
    doc = read(
        "1\n00:00:01,000 --> 00:00:02,000\n"
        "Tom & Jerry &amp; AT&T &lt;3 &nbsp;x &#233;&#xE9; &copy2024 &bogus;\n"
    )
    assert doc.cues[0].text == "Tom & Jerry & AT&T <3 \xa0x éé &copy2024 &bogus;"


def test_references_survive_srt_to_srt() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nR&D &amp;c &bogus; &#233;\n"
    doc = read(text)
    assert doc.cues[0].text == "R&D &c &bogus; é"
    again = read(srt.write(doc))
    assert again.cues == doc.cues
    assert srt.write(doc) == "1\n00:00:01,000 --> 00:00:02,000\nR&D &c &amp;bogus; é\n\n"


def test_spaced_tags_are_tidied() -> None:
    doc = read(
        "1\n00:00:10,500 --> 00:00:13,000\n"
        '< u><i><font color="red" >Elephant\'s < s>Dream< /  i > Is Long</s> And Badly'
        " Nested</xyz>\n"
    )
    assert doc.cues[0].text == (
        '<u><i><font color="red">Elephant\'s <s>Dream</i> Is Long</s> And Badly Nested</xyz>'
    )
    vtt_text, dropped = _converted(srt.write(doc), "vtt")
    assert vtt_text.endswith("\n<u><i>Elephant's Dream</i> Is Long And Badly Nested&lt;/xyz&gt;\n")
    assert dropped == ["vtt cannot hold: markup <font>, <s> (dropped)"]


def test_long_lines_read_in_linear_time() -> None:
    """A backtracking pattern on text lines once made such a line cost O(n^2)."""
    noise = "1-" * 50_000
    doc = read(f"1\n00:00:01,000 --> 00:00:02,000\na\n\n{noise}\n\n{noise} -\n")
    assert len(doc.cues) == 1
    assert [p.line for p in doc.problems] == [5, 7]


def test_many_dangling_counters_read_in_linear_time() -> None:
    doc = read("1\n00:00:01,000 --> 00:00:02,000\na\n\n" + "7\n\n" * 100_000)
    assert len(doc.cues) == 1
    assert len(doc.problems) == 100_000
