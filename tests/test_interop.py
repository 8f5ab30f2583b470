"""Bridges to pysrt and webvtt-py: documents survive the trip through their objects."""

from __future__ import annotations

from convert import api, interop
from convert.formats import vtt

from .conftest import SAMPLES, SEED


def seed_with_ends() -> api.Document:
    doc = api.read(SEED)
    api.prepare(doc, "srt")
    return doc


def test_pysrt_round_trip_and_its_own_output_reads_back() -> None:
    doc = seed_with_ends()
    subs = interop.to_pysrt(doc)
    assert len(subs) == 39 and subs[1].start.ordinal == 4380 and subs[1].end.ordinal == 6060
    assert interop.from_pysrt(subs).cues == doc.cues
    # pysrt's own serialisation of those items is valid SRT for our reader.
    text = "".join(str(item) + "\n" for item in subs)
    assert api.parse(text, "srt").cues == doc.cues


def test_webvtt_py_round_trip_keeps_escapes_ids_and_settings() -> None:
    doc = api.read(SAMPLES / "hard-cases.vtt")
    captions = interop.to_webvtt(doc)
    assert captions[1].raw_text == "Fish &lt;3 chips &gt; all"
    again = interop.from_webvtt(captions)
    assert again.cues == doc.cues
    assert again.cues[0].settings == "align:start line:0"
    # webvtt-py's own file content is read by our WebVTT reader to the same cues.
    assert vtt.read(captions.content).cues == doc.cues
