"""WebVTT support beyond the conformance suites: what VTT -> VTT keeps, what other
targets drop (said once per file), and what the reader says about bad blocks."""

from __future__ import annotations

import pytest

from convert import api
from convert.formats import vtt
from convert.model import Document

FULL = """WEBVTT - a film
Kind: captions
Language: en
X-TIMESTAMP-MAP=LOCAL:00:00:00.000,MPEGTS:900000

NOTE made by hand

STYLE
::cue(.loud) { color: red }

REGION
id:fred width:40%

intro
00:00:01.000 --> 00:00:02.000 align:start region:fred
<v Ann><c.loud>Hello</c> &amp; <00:00:01.500>welcome</v>

NOTE about the next cue

00:00:03.000 --> 00:00:04.000
two

NOTE the end
"""


def _to(doc: Document, target: str) -> tuple[str, list[str]]:
    problems = api.prepare(doc, target)
    return api.dumps(doc, target), [p.message for p in problems if p.code == "W007"]


def test_vtt_to_vtt_keeps_header_blocks_notes_ids_settings_and_tags() -> None:
    out, dropped = _to(vtt.read(FULL), "vtt")
    assert out == FULL
    assert dropped == []


def test_vtt_to_srt_says_once_what_it_drops() -> None:
    out, dropped = _to(vtt.read(FULL), "srt")
    assert out == (
        "1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello & welcome\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\ntwo\n\n"
    )
    # The voice is the speaker, written as a prefix: only <c> and timestamps are dropped.
    assert dropped == [
        "srt cannot hold: cue settings on 1 cue; cue identifiers on 1 cue; the WebVTT header "
        "('- a film Kind: captions Language: en ...'); 1 STYLE block; 1 REGION block; "
        "1 NOTE block; 2 NOTE blocks between cues; "
        "markup <00:00:00.000> timestamps, <c> (dropped)"
    ]


def test_notes_stay_with_their_cue_when_cues_are_sorted() -> None:
    text = (
        "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nlate\n\n"
        "NOTE about early\n\n00:00:01.000 --> 00:00:02.000\nearly\n"
    )
    out, _ = _to(vtt.read(text), "vtt")
    assert out == (
        "WEBVTT\n\nNOTE about early\n\n00:00:01.000 --> 00:00:02.000\nearly\n\n"
        "00:00:05.000 --> 00:00:06.000\nlate\n"
    )


def test_subconv_notes_are_not_kept_twice() -> None:
    doc = api.read(b"# T\n*  a [[00:00:01](#t=1s)]\n*  b [[00:00:03](#t=3s)]\n", "transcript")
    once, _ = _to(doc, "vtt")
    twice, _ = _to(vtt.read(once), "vtt")
    assert twice == once
    assert once.count("NOTE subconv-metadata") == 1


@pytest.mark.parametrize(
    ("timing", "hint"),
    [
        ("00:00:01,000 --> 00:00:02.000", "has a comma"),
        ("00:00:01 --> 00:00:02.000", "has no milliseconds"),
        ("00:00:01.0 --> 00:00:02.000", "has 1 digit after '.'; WebVTT needs 3"),
        ("00:0:01.000 --> 00:00:02.000", "two-digit minutes and seconds"),
        ("00:61.000 --> 00:62.000", "over 59"),
        ("00:01.000 --> ", "missing"),
        ("1234567890:00:00.000 --> 1234567891:00:00.000", "ten digits"),
    ],
)
def test_malformed_timing_lines_say_why(timing: str, hint: str) -> None:
    doc = vtt.read(f"WEBVTT\n\n{timing}\ntext\n")
    assert doc.cues == []
    (problem,) = doc.problems
    assert (problem.line, problem.code, problem.severity) == (3, "E001", "error")
    assert hint in problem.message


@pytest.mark.parametrize(
    ("block", "code"),
    [
        ("NOTE a --> b", "W013"),  # a NOTE may not hold -->
        ("STYLE\n/* --> */", "W013"),
        ("   ", "W013"),  # a block of only spaces
        ("Region: id=x", "W013"),  # an old-style header setting out of place
        ("words without timing", "E001"),
    ],
)
def test_blocks_that_are_not_cues(block: str, code: str) -> None:
    doc = vtt.read(f"WEBVTT\n\n{block}\n\n00:00:01.000 --> 00:00:02.000\nok\n")
    assert [c.text for c in doc.cues] == ["ok"]
    assert [(p.line, p.code) for p in doc.problems] == [(3, code)]


def test_style_after_a_cue_is_ignored_with_a_warning() -> None:
    doc = vtt.read("WEBVTT\n\n00:01.000 --> 00:02.000\na\n\nSTYLE\n::cue { color: red }\n")
    assert doc.vtt_blocks == []
    assert [(p.line, p.code) for p in doc.problems] == [(6, "W003")]


def test_blocks_from_json_that_would_break_the_file_are_not_written() -> None:
    doc = vtt.read("WEBVTT\n\n00:01.000 --> 00:02.000\na\n")
    doc.vtt_blocks = ["STYLE\n::cue {}", "NOTE a\n\nb", "garbage", "NOTE x --> y"]
    out, _ = _to(doc, "vtt")
    assert out == "WEBVTT\n\nSTYLE\n::cue {}\n\n00:00:01.000 --> 00:00:02.000\na\n"
