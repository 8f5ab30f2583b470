"""Word times in the model: kept by subconv's JSON, written as WebVTT inline timestamps
when asked, dropped by the other targets with one note per file."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from convert import api
from convert.model import Cue, Word
from convert.wordtimes import inline_timestamps

from .conftest import SAMPLES

DATA = SAMPLES / "recognizers"
WHISPER = DATA / "openai-whisper.json"


def convert_text(source: Path, target: str, **options: object) -> tuple[str, list[str]]:
    doc = api.read(source)
    problems = api.prepare(doc, target, api.Options(**options))  # type: ignore[arg-type]
    return api.dumps(doc, target), [p.message for p in problems]


def test_whisper_to_srt_drops_word_times_with_one_note() -> None:
    text, problems = convert_text(WHISPER, "srt")
    assert text == (DATA / "openai-whisper.expected.srt").read_text(encoding="utf-8")
    assert problems == ["srt cannot hold: word times on 3 cues (dropped)"]


def test_whisper_to_vtt_with_word_timestamps() -> None:
    text, problems = convert_text(WHISPER, "vtt", word_timestamps=True)
    assert text == (DATA / "openai-whisper.expected.vtt").read_text(encoding="utf-8")
    assert problems == []


def test_whisper_to_vtt_without_the_option_says_how_to_keep_them() -> None:
    text, problems = convert_text(WHISPER, "vtt")
    assert "<00:" not in text
    assert problems == ["vtt cannot hold: word times on 3 cues without --word-timestamps (dropped)"]


def test_word_timestamps_without_word_times_in_the_input_says_so() -> None:
    text, problems = convert_text(SAMPLES / "formats" / "basic.srt", "vtt", word_timestamps=True)
    assert "<00:" not in text
    assert problems == [
        "--word-timestamps: the input has no word times (recognizer JSON with word timestamps "
        "and YouTube auto-captions have them), so none are written"
    ]


def test_json_keeps_words_and_reads_them_back() -> None:
    text, problems = convert_text(WHISPER, "json")
    assert problems == []
    data = json.loads(text)
    assert data["cues"][0]["words"] == [
        {"text": "Hello", "start_ms": 0, "end_ms": 480},
        {"text": "there,", "start_ms": 480, "end_ms": 1000},
        {"text": "world.", "start_ms": 1200, "end_ms": 2500},
    ]
    again = api.parse(text, "json")
    assert again.cues == api.read(WHISPER).cues
    assert again.cues[0].words == [Word("Hello", 0, 480), Word("there,", 480, 1000),
                                   Word("world.", 1200, 2500)]  # fmt: skip


def test_json_without_words_has_no_words_key() -> None:
    text, _ = convert_text(DATA / "hosted-sorted.json", "json")
    assert all("words" not in cue for cue in json.loads(text)["cues"])


def test_json_words_are_checked_like_every_other_field() -> None:
    bad = (
        '{"cues": [{"start_ms": 0, "end_ms": 5, "text": "a",'
        ' "words": [{"text": "a", "start_ms": "0"}]}]}'
    )
    try:
        api.parse(bad, "json")
    except api.ParseError as exc:
        assert "cue 1, word 1: 'start_ms' must be int or null" in exc.message
    else:
        raise AssertionError("a word with a string time was accepted")


def test_inline_timestamps_skip_times_that_the_cue_does_not_contain() -> None:
    cue = Cue(1000, 3000, "one two three four", words=[
        Word("one", 1000, 1500),   # at the cue's start: no timestamp needed
        Word("two", None, None),   # untimed (a WhisperX number)
        Word("three", 3000, 3200), # at the cue's end: not allowed by WebVTT
        Word("four", 2000, 2500),
    ])  # fmt: skip
    assert inline_timestamps(cue) == "one two three <00:00:02.000>four"


def test_inline_timestamps_leave_text_whose_words_cannot_be_found() -> None:
    cue = Cue(0, 3000, "changed text", words=[Word("other", 500, 900)])
    assert inline_timestamps(cue) == "changed text"


# --- property: a recognizer's words come through each once, in order -----------------

SECONDS = st.decimals(0, 50, places=3).map(lambda d: d.normalize())
TOKEN = st.text("abcdefgh\u00e9\u00fc", min_size=1, max_size=6)


@st.composite
def whisper_result(draw: st.DrawFn) -> dict[str, object]:
    segments = []
    now = Decimal(0)
    for index in range(draw(st.integers(1, 6))):
        words = []
        start = now
        for token in draw(st.lists(TOKEN, min_size=1, max_size=6)):
            length = draw(SECONDS) / 10
            words.append({"word": " " + token, "start": float(now), "end": float(now + length)})
            now += length + draw(SECONDS) / 100
        segments.append(
            {
                "id": index,
                "start": float(start),
                "end": float(now),
                "text": "".join(w["word"] for w in words),  # type: ignore[misc]
                "words": words,
            }
        )
    return {"text": "", "segments": segments, "language": "en"}


@given(whisper_result())
def test_every_word_once_in_order_and_times_monotonic(result: dict[str, object]) -> None:
    doc = api.parse(json.dumps(result), "whisper")
    segments = result["segments"]
    assert isinstance(segments, list)
    assert len(doc.cues) == len(segments)
    words = [w for cue in doc.cues for w in cue.words or []]
    expected = [w["word"].strip() for s in segments for w in s["words"]]
    assert [w.text for w in words] == expected
    assert [t for cue in doc.cues for t in cue.text.split()] == expected
    times = [t for w in words for t in (w.start_ms, w.end_ms)]
    assert all(t is not None for t in times)
    assert times == sorted(times)  # type: ignore[type-var]
    for cue in doc.cues:
        assert cue.end_ms is not None and cue.start_ms <= cue.end_ms
