"""Across formats: transcript -> WebVTT/JSON -> transcript loses nothing, SRT <-> WebVTT
keeps every cue."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from convert import api
from convert.markup import contains_markup
from convert.model import Cue, Document, Metadata

_printable = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
_one_line = st.text(_printable, max_size=40).map(str.strip)
_header = (
    st.lists(st.text(_printable, max_size=30), max_size=6)
    .map("\n".join)
    .filter(lambda h: "\n---" not in "\n" + h and not h.startswith("---"))
)


@st.composite
def transcripts(draw: st.DrawFn) -> Document:
    starts = sorted(draw(st.sets(st.integers(0, 200 * 3_600_000), min_size=1, max_size=8)))
    texts = draw(st.lists(_one_line, min_size=len(starts), max_size=len(starts)))
    for text in texts:
        assume(not contains_markup(text) and "<br" not in text.lower())
    meta = Metadata(
        header=draw(st.none() | _header),
        title=draw(st.none() | _one_line.filter(bool)),
        channel=draw(st.none() | _one_line.map(lambda s: "**" + s)),
        url=draw(st.sampled_from([None, "https://www.youtube.com/watch?v=V5jD0BADBEw"])),
    )
    cues = [Cue(s, None, t) for s, t in zip(starts, texts, strict=True)]
    return Document(cues, meta)


@given(transcripts(), st.sampled_from(["vtt", "json"]))
def test_transcript_through_vtt_or_json_and_back(doc: Document, middle: str) -> None:
    text = api.dumps(doc, "transcript")
    original = api.parse(text, "transcript")
    assert original == doc
    api.prepare(original, middle)
    carried = api.parse(api.dumps(original, middle), middle)
    assert carried.metadata == doc.metadata
    assert api.dumps(carried, "transcript") == text


@given(transcripts())
def test_srt_and_vtt_agree_on_every_cue(doc: Document) -> None:
    api.prepare(doc, "srt")
    via_srt = api.parse(api.dumps(doc, "srt"), "srt")
    via_vtt = api.parse(api.dumps(doc, "vtt"), "vtt")
    assert via_srt.cues == via_vtt.cues == doc.cues
    again = api.parse(api.dumps(via_srt, "vtt"), "vtt")
    assert again.cues == doc.cues
