"""Every SRT and WebVTT file of the shared corpus, read through the public API.

Each file must give a document or a clean project error with a line number:
never another exception. Then specific expectations, worked out by reading the
files named (times are counted by hand from their timing lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from convert import api
from convert.errors import SubconvError
from convert.model import Document

from .conftest import CORPORA

SRT_FILES = sorted(CORPORA.glob("srt/**/*.srt"))
VTT_FILES = sorted(CORPORA.glob("vtt/**/*.vtt")) + sorted(CORPORA.glob("wpt-webvtt/**/*.vtt"))


def _id(path: Path) -> str:
    return str(path.relative_to(CORPORA))


def test_corpus_is_there() -> None:
    assert len(SRT_FILES) == 73
    assert len(VTT_FILES) == 446 + 53


@pytest.mark.parametrize("path", SRT_FILES + VTT_FILES, ids=_id)
def test_every_file_reads_or_fails_cleanly(path: Path) -> None:
    fmt = path.suffix[1:]
    try:
        doc = api.read(path, fmt)
    except SubconvError as exc:
        assert exc.line is not None
        assert str(exc).startswith(f"{path}:{exc.line}: ")
        return
    for problem in doc.problems:
        # Only the guessed-encoding warning is about the whole file.
        assert problem.line is not None or problem.code == "W005", problem
    for cue in doc.cues:
        assert cue.line > 0
        assert cue.start_ms >= 0 and cue.end_ms is not None and cue.end_ms >= 0
    # And the format's own writer gives the same cues back (a file with no cues too).
    back = api.parse(api.dumps(doc, fmt), fmt)
    assert [(c.start_ms, c.end_ms, c.text) for c in back.cues] == [
        (c.start_ms, c.end_ms, c.text) for c in doc.cues
    ]


def srt(name: str) -> Document:
    return api.read(CORPORA / "srt" / name, "srt")


def vtt(name: str) -> Document:
    return api.read(CORPORA / "vtt" / name, "vtt")


def spans(doc: Document) -> list[tuple[int, int | None]]:
    return [(cue.start_ms, cue.end_ms) for cue in doc.cues]


def errors(doc: Document) -> list[int | None]:
    return [p.line for p in doc.problems if p.severity == "error"]


def codes(doc: Document) -> list[tuple[int | None, str]]:
    return [(p.line, p.code) for p in doc.problems]


EXOPLAYER_TYPICAL = [(0, 1234), (2345, 3456), (7_204_567, 7_208_901)]


@pytest.mark.parametrize(
    "name",
    [
        "exoplayer/typical.srt",
        "exoplayer/typical_extra_blank_line.srt",
        "exoplayer/typical_missing_sequence.srt",
        "exoplayer/typical_utf16le.srt",
        "exoplayer/typical_utf16be.srt",
        "exoplayer/typical_with_byte_order_mark.srt",
    ],
)
def test_exoplayer_typical_variants(name: str) -> None:
    doc = srt(name)
    assert spans(doc) == EXOPLAYER_TYPICAL
    assert doc.cues[1].text == "This is the second subtitle.\nSecond subtitle with second line."
    assert doc.problems == []


def test_missing_timecode_is_an_error_per_cue() -> None:
    doc = srt("exoplayer/typical_missing_timecode.srt")
    assert spans(doc) == [(0, 1234), (7_204_567, 7_208_901)]
    # cue 2 has no timing line, cue 4 has no start, cue 5 no end
    assert errors(doc) == [6, 14, 18]


def test_negative_times_are_errors() -> None:
    doc = srt("exoplayer/typical_negative_timestamps.srt")
    assert spans(doc) == [(7_204_567, 7_208_901)]
    assert errors(doc) == [2, 6]


def test_file_cut_after_a_counter_warns() -> None:
    doc = srt("exoplayer/typical_unexpected_end.srt")
    assert spans(doc) == EXOPLAYER_TYPICAL[:2]
    assert codes(doc) == [(10, "W010")]


def test_missing_hours_and_milliseconds() -> None:
    doc = srt("exoplayer/typical_no_hours_and_millis.srt")
    assert spans(doc) == [(0, 1234), (2000, 3000), (7_204_567, 7_208_901)]


def test_three_digit_seconds_and_ssa_tags() -> None:
    doc = srt("exoplayer/typical_with_tags.srt")
    assert len(doc.cues) == 14
    assert doc.cues[4].start_ms == 13_567  # 00:00:013,567
    assert doc.cues[-1].text == "This {\\an9} is a line."
    assert spans(doc)[-1] == (24_567, 24_901)
    assert doc.problems == []


def test_go_astisub_missing_sequence_short_fractions() -> None:
    doc = srt("go-astisub/missing-sequence-in.srt")
    assert spans(doc) == [
        (99_000, 101_040),
        (124_080, 127_120),
        (132_160, 135_200),
        (140_240, 142_280),
        (148_320, 151_360),
        (151_400, 153_440),
    ]
    assert codes(doc) == [(4, "W001")]  # X1:40 X2:600 ... after the timing


def test_pysubs2_malformed_arrow_and_no_blank_line() -> None:
    doc = srt("pysubs2/test_read_malformed_L105.srt")
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (0, 60_000, "An example subtitle."),
        (60_000, 120_000, "     Subtitle number\ntwo."),
    ]
    assert codes(doc) == [(3, "W012")]


def test_timestamps_without_milliseconds() -> None:
    assert spans(srt("pysrt/invalid.srt")) == [(1000, 10_000)]


def test_srt_read_as_srt_rejects_webvtt_py_invalid_files() -> None:
    assert errors(srt("webvtt-py/invalid_format2.srt")) == [1]
    assert errors(srt("webvtt-py/invalid_format3.srt")) == [2]
    assert errors(srt("webvtt-py/missing_timeframe.srt")) == [6]
    # a file that is only a counter has no cue at all: an error, not a cut-short warning
    assert errors(srt("webvtt-py/invalid_format1.srt")) == [1]


def test_empty_file() -> None:
    doc = srt("exoplayer/empty.srt")
    assert doc.cues == [] and doc.problems == []


def test_byte_order_marks_and_utf16_32() -> None:
    docs = [srt(f"pysrt/bom-{name}.srt") for name in ("utf-8", "utf-16-le", "utf-16-be")]
    docs += [srt(f"pysrt/bom-{name}.srt") for name in ("utf-32-le", "utf-32-be")]
    assert len(docs[0].cues) == 7
    for doc in docs[1:]:
        assert doc.cues == docs[0].cues
        assert doc.problems == []


def test_carriage_returns() -> None:
    doc = srt("go-astisub/example-in-carriage-return.srt")
    assert spans(doc)[0] == (0, 3766)
    assert (
        doc.cues[0].text
        == "Did one of the last stories strike you as\nmore interesting than the other?"
    )


@pytest.mark.parametrize(
    ("name", "encoding", "text"),
    [
        (
            "pysubs2/test_win1250_read_write.cp1250.srt",
            "cp1250",
            "Příliš žluťoučký kůň úpěl ďábelské ódy",
        ),
        ("pysubs2/test_big5_read_write.big5.srt", "big5", "道德經"),
        ("srt-lib/gb2312.srt", "gb18030", "宇宙守护神  保护我们远离邪恶"),
    ],
)
def test_legacy_encodings_are_detected_and_reported(name: str, encoding: str, text: str) -> None:
    doc = srt(name)
    assert text in doc.cues[0].text or text in doc.cues[-1].text
    (warning,) = [p for p in doc.problems if p.code == "W005"]
    assert encoding in warning.message


def test_windows_1252_matches_its_utf8_twin() -> None:
    legacy, utf8 = srt("pysrt/windows-1252.srt"), srt("pysrt/utf-8.srt")
    assert len(legacy.cues) == 1332
    assert [c.text for c in legacy.cues] == [c.text for c in utf8.cues]
    assert "cp1252" in legacy.problems[0].message


def test_mixed_encodings_are_decoded_line_by_line() -> None:
    doc = srt("pysubs2/test_multiencoding_passthrough.mixed.srt")
    lines = doc.cues[0].text.split("\n")
    assert lines[1] == "Příliš žluťoučký kůň úpěl ďábelské ódy"  # cp1250 line
    assert lines[2] == "Vamp quäkt: Grüß Felix bzw. Jody schön!"  # UTF-8 line
    (warning,) = doc.problems
    assert "line(s) 4, 6, 7" in warning.message


def test_encoding_option_overrides_detection() -> None:
    path = CORPORA / "srt/pysubs2/test_win1250_read_write.cp1250.srt"
    doc = api.read(path, "srt", encoding="cp1250")
    assert doc.problems == []
    assert doc.cues[0].text.endswith("ódy")
    with pytest.raises(SubconvError) as info:
        api.read(path, "srt", encoding="utf-8")
    assert info.value.line == 4


def test_go_astisub_non_utf8_is_utf16_with_bom() -> None:
    assert srt("go-astisub/example-in-non-utf8.srt").cues == srt("go-astisub/example-in.srt").cues


# --- WebVTT ---------------------------------------------------------------------------


def test_hours_over_99_and_timestamp_map_header() -> None:
    doc = vtt("exoplayer/with_x-timestamp-map_header.vtt")
    assert doc.cues[0].start_ms == 958_715_679  # 266:18:35.679
    assert doc.vtt_header.startswith("\nX-TIMESTAMP-MAP=")


def test_youtube_header_lines_and_karaoke() -> None:
    doc = vtt("webvtt-py/youtube_dl.vtt")
    assert doc.vtt_header.split("\n")[1:3] == ["Kind: captions", "Language: en"]
    assert len(doc.cues) == 4
    assert doc.cues[1].text == "yeah\n<c.colorCCCCCC>what</c>"
    # the third timing line follows the second cue's text directly: a new cue, as the spec says
    assert doc.cues[2].start_ms == 304_080
    assert "<00:05:04.379><c> happen</c>" in doc.cues[2].text
    # Kept as it is (it is YouTube's rolling shape, unrolled by default: test_rolling.py),
    # the tags SRT cannot hold are dropped with one note.
    problems = api.prepare(doc, "srt", api.Options(keep_rolling=True))
    (dropped,) = [p.message for p in problems if p.code == "W007"]
    assert "WebVTT header" in dropped and "<c>" in dropped and "timestamps" in dropped


@pytest.mark.parametrize(
    "name", ["webvtt-py/comments.vtt", "webvtt-py/styles.vtt", "webvtt-py/using_identifiers.vtt"]
)
def test_vtt_to_vtt_keeps_header_notes_styles_ids(name: str) -> None:
    source = (CORPORA / "vtt" / name).read_text(encoding="utf-8-sig")
    doc = vtt(name)
    api.prepare(doc, "vtt")
    assert api.dumps(doc, "vtt").rstrip("\n") == source.rstrip("\n")


def test_go_astisub_srt_style_times_are_refused_with_a_reason() -> None:
    doc = vtt("go-astisub/example-in.vtt")
    assert doc.cues == []
    found = {p.line: p for p in doc.problems}
    # the second STYLE block has a blank line in it, so its rest is a stray text block
    assert found[21].severity == "error"
    assert found[25].code == "W013"  # old-style Region: lines after the header
    assert "no milliseconds" in found[29].message  # 00:01:39 --> 00:01:41.04
    assert "'00:02:04.08' has 2 digits after '.'" in found[36].message


def test_note_and_style_with_arrows_are_warnings() -> None:
    for name in (
        "pycaption/sample_webvtt_note_with_arrow_L575.vtt",
        "pycaption/sample_webvtt_style_with_arrow_L585.vtt",
    ):
        doc = vtt(name)
        assert spans(doc) == [(1000, 3000)]
        assert [p.code for p in doc.problems] == ["W013"]


def test_netflix_file_with_blank_blocks() -> None:
    doc = vtt("webvtt-py/netflix_chicas_del_cable.vtt")
    assert len(doc.cues) == 865
    assert [p.code for p in doc.problems] == ["W013", "E001"]
    # "1" follows a line of spaces, so it is not the cue's id but a stray block, which
    # browsers drop; the cue itself is read.
    assert errors(doc) == [18] and doc.cues[0].id is None
    assert doc.cues[0].settings == "position:50.00%,middle align:middle size:80.00% line:84.67%"


def test_rejected_signatures() -> None:
    for name in ("exoplayer/empty.vtt", "pycaption/sample_webvtt_bad_case_header_L554.vtt"):
        with pytest.raises(SubconvError) as info:
            vtt(name)
        assert info.value.line == 1


# Cue count, first start and last end, read off each file's timing lines by hand.
SRT_SHAPES = [
    ("webvtt-py/sample.srt", 5, 500, 23_880),
    ("srt-lib/ascii.srt", 3, 27_000, 36_570),
    ("ttconv/alignment.srt", 9, 0, 17_000),
    ("pycaption/sample_srt_blank_lines_L124.srt", 2, 32_290, 33_590),
    ("pycaption/samples_srt_same_time_L153.srt", 5, 5_213, 10_600),
    ("pysrt/empty.srt", 7, 6_500, 50_000),
    ("pysrt/utf-8.srt", 1332, 1_000, 5_849_634),
]


@pytest.mark.parametrize(("name", "count", "first", "last"), SRT_SHAPES)
def test_srt_shapes(name: str, count: int, first: int, last: int) -> None:
    doc = srt(name)
    assert len(doc.cues) == count
    assert doc.cues[0].start_ms == first
    assert doc.cues[-1].end_ms == last
    assert errors(doc) == []


def test_cue_with_no_text_between_blank_lines() -> None:
    doc = srt("pycaption/sample_srt_blank_lines_L124.srt")
    assert [c.text for c in doc.cues] == ["", "YOU  HAVE  ANY  INFORMATION"]
