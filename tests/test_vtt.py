"""The WebVTT adapter: spec parsing, escaping on output, metadata carried in a NOTE."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from convert import api
from convert.formats import vtt
from convert.markup import contains_markup
from convert.model import Cue, Document, Metadata

MAX_MS = 200 * 3_600_000


def test_writer_escapes_and_always_writes_hours() -> None:
    doc = Document([Cue(0, 61_001, "a --> b & <x> <i>ok</i> 1<2")])
    assert vtt.write(doc) == (
        "WEBVTT\n\n00:00:00.000 --> 00:01:01.001\na --&gt; b &amp; &lt;x&gt; <i>ok</i> 1&lt;2\n"
    )


def test_reader_unescapes_entities_and_keeps_ids_settings() -> None:
    doc = vtt.read("WEBVTT\n\nid 1\n01:02.003 --> 01:03.000 align:start\nA &amp; B &lt;3\n")
    [cue] = doc.cues
    assert (cue.id, cue.start_ms, cue.end_ms, cue.settings, cue.text, cue.line) == (
        "id 1",
        62_003,
        63_000,
        "align:start",
        "A & B <3",
        4,
    )


@pytest.mark.parametrize(
    "text", ["", "WEBVT\n", "webvtt\n", "WEBVTTX\n", "00:00.000 --> 00:01.000\n"]
)
def test_bad_signature_is_refused_on_line_one(text: str) -> None:
    with pytest.raises(api.ParseError) as info:
        api.parse(text, "vtt", name="x.vtt")
    assert str(info.value).startswith("x.vtt:1: not a WebVTT file")


def test_malformed_timing_is_an_error_not_a_silent_drop() -> None:
    doc = vtt.read("WEBVTT\n\n00:00.000 --> 00:01.000\na\n\n00:00:0x.000 --> 00:01.000\nb\n")
    assert [c.text for c in doc.cues] == ["a"]
    assert [(p.line, p.code, p.severity) for p in doc.problems] == [(6, "E001", "error")]


def test_hours_past_99_and_sixty_as_hours() -> None:
    doc = vtt.read("WEBVTT\n\n60:00:01.000 --> 120:00:00.000\nx\n")
    assert (doc.cues[0].start_ms, doc.cues[0].end_ms) == (216_001_000, 432_000_000)
    assert vtt.format_time(432_000_000) == "120:00:00.000"


def test_metadata_note_round_trips_blank_lines_and_arrows() -> None:
    meta = Metadata(
        header="A: b\n\nVideo Description: x --> y\n  \nend",
        title="T --> <U>",
        channel="**C:** [d](https://e.org/)",
        url="https://youtu.be/x",
    )
    doc = Document([Cue(0, 1000, "a")], meta)
    text = vtt.write(doc)
    assert "\n\n\n" not in text and text.count("-->") == 1
    again = vtt.read(text)
    assert again.metadata == meta and again.cues == doc.cues


_line = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    cues = []
    for _ in range(draw(st.integers(0, 10))):
        start = draw(st.integers(0, MAX_MS))
        end = draw(st.integers(start, MAX_MS))
        lines = draw(st.lists(_line, min_size=1, max_size=3))
        cue_id = draw(st.none() | _line.filter(lambda s: "-->" not in s and s.strip() == s))
        cues.append(Cue(start, end, "\n".join(lines), id=cue_id))
    return Document(cues)


@given(documents())
def test_round_trip_property(doc: Document) -> None:
    """read(write(doc)) == doc for any printable text (& < > --> included), times to 200 h."""
    for cue in doc.cues:
        assume(not contains_markup(cue.text))
    again = vtt.read(vtt.write(doc))
    assert again.cues == doc.cues
    assert again.problems == []
