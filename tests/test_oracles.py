"""pysrt and webvtt-py as reference readers: on real files both can read, we agree.

Every place where we differ on purpose is listed with its reason; any other difference
fails. Corpora come from ../shared (SUBCONV_SHARED overrides).
"""

from __future__ import annotations

import html
from pathlib import Path

import pysrt
import pytest
import webvtt

from convert import api

from .conftest import CORPORA

SRT_FILES = sorted((CORPORA / "srt").glob("*/*.srt"))
VTT_FILES = sorted((CORPORA / "vtt").rglob("*.vtt"))

# Files where pysrt reads something we deliberately read differently.
SRT_DIFFERENCES = {
    # pysrt drops the minus sign of "-0:00:04,567"; a negative SRT time is refused here.
    "exoplayer/typical_negative_timestamps.srt": "negative times",
    # "00:29:27,46": pysrt reads 46 ms; we read a decimal fraction, 460 ms, as pysubs2 does.
    "pysubs2/test_empty_subtitles_L177.srt": "two-digit fractions",
    # "00:00:013,567" (three-digit seconds): pysrt reads it; we refuse the malformed block.
    "exoplayer/typical_with_tags.srt": "malformed field widths",
    # "some text" before the first timing line: pysrt ignores it silently; we report it.
    "webvtt-py/invalid_format4.srt": "text before the first cue",
    # "&amp;": pysrt keeps the reference; we decode it, as players do.
    "go-astisub/example-in-html-entities.srt": "character references",
    "go-astisub/example-out-html-entities.srt": "character references",
    # "< u>": pysrt keeps the spaced tag; we read it as <u>, as players do.
    "pysubs2/test_read_bad_tags_L145.srt": "spaced tags",
}


def corpus_id(path: Path) -> str:
    return "/".join(path.relative_to(CORPORA).parts[1:])


def pysrt_cues(path: Path) -> list[tuple[int, int, str]] | None:
    try:
        subs = pysrt.open(str(path), error_handling=pysrt.ERROR_RAISE)
    except Exception:  # pysrt refuses the file (or its encoding guess fails)
        return None
    return [(item.start.ordinal, item.end.ordinal, item.text) for item in subs]


def test_the_corpus_is_there() -> None:
    assert len(SRT_FILES) >= 70 and len(VTT_FILES) >= 400, f"corpora not found at {CORPORA}"


SRT_COMPARED = [
    path for path in SRT_FILES if corpus_id(path) not in SRT_DIFFERENCES and pysrt_cues(path)
]
"""Files pysrt reads and we do not knowingly read differently; the rest are checked by the
corpus tests on their own (a test per file that returned early asserted nothing)."""


@pytest.mark.parametrize("path", SRT_COMPARED, ids=corpus_id)
def test_srt_agrees_with_pysrt(path: Path) -> None:
    expected = pysrt_cues(path)
    assert expected is not None
    doc = api.read(path)
    ours = [
        (c.start_ms, c.end_ms, "\n".join(x.rstrip() for x in c.text.split("\n"))) for c in doc.cues
    ]
    theirs = [(s, e, "\n".join(x.rstrip() for x in t.split("\n"))) for s, e, t in expected]
    assert ours == theirs


def test_srt_oracle_covers_most_of_the_corpus() -> None:
    assert len(SRT_COMPARED) >= 45


def webvtt_py_cues(path: Path) -> list[tuple[int, int, str]] | None:
    try:
        captions = webvtt.read(str(path))
    except Exception:  # webvtt-py refuses the file
        return None
    return [
        (c.start_time.in_milliseconds(), c.end_time.in_milliseconds(), c.raw_text) for c in captions
    ]


def _with_voice(text: str, speaker: str | None) -> str:
    return text if speaker is None else f"<v {speaker}>{text}"


def test_vtt_agrees_with_webvtt_py_where_both_read_cleanly() -> None:
    """Over the whole WebVTT corpus: files both read with no problem noted by us agree."""
    agreed, compared = 0, 0
    disagreements = []
    for path in VTT_FILES:
        theirs = webvtt_py_cues(path)
        if theirs is None:
            continue
        try:
            doc = api.read(path)
        except api.ParseError:
            continue
        if doc.problems:
            continue
        compared += 1
        # A cue that is one voice span has its speaker in Cue.speaker: put the tag back.
        ours = [(c.start_ms, c.end_ms, _with_voice(c.text, c.speaker)) for c in doc.cues]
        theirs = [(s, e, html.unescape(t)) for s, e, t in theirs]
        theirs = [
            (s, e, t.removesuffix("</v>") if c.speaker else t)
            for (s, e, t), c in zip(theirs, doc.cues, strict=False)
        ]
        if ours == theirs:
            agreed += 1
        else:
            disagreements.append(corpus_id(path))
    assert compared >= 400
    assert disagreements == []
