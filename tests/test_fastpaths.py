"""The fast paths give exactly what the careful readers and writers give.

Each format module has a fast reader (one regex over the whole text, for regular files)
that returns None on anything irregular, and a careful reader that handles everything.
These tests hold them equal: on generated near-regular inputs (where a fast path must
either decline or agree to the last field, line numbers and problems included), on
strictly regular inputs (where it must not decline), and on every real file in the
corpora. The writers' fast paths are compared with the careful writers the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert.errors import ParseError
from convert.formats import clock, srt, transcript, vtt
from convert.model import Cue, Document, Metadata
from convert.textio import decode

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBCONV_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def snapshot(doc: Document) -> tuple[object, ...]:
    """Every field of a document, line numbers and problems included (== skips some)."""
    return (
        [(c.start_ms, c.end_ms, c.text, c.line, c.id, c.settings) for c in doc.cues],
        doc.metadata,
        doc.vtt_header,
        doc.vtt_blocks,
        doc.length_ms,
        doc.untimed,
        doc.problems,
    )


def assert_fast_agrees(
    fast: Callable[[str], Document | None], careful: Callable[[str], Document], text: str
) -> bool:
    """The fast reader declines or agrees with the careful one; True if it took the text."""
    try:
        expected = snapshot(careful(text))
    except ParseError:
        assert fast(text) is None
        return False
    got = fast(text)
    if got is None:
        return False
    assert snapshot(got) == expected
    return True


# ----------------------------------------------------------------------------- pieces

SPACES = ["", " ", "\t", "\u00a0", "\u2003", "\x0b", "\r"]
WORDS = ["a", "Hello", "x<i>y</i>", "&amp;", "&", "<b>", "-->", "--", ">", "[", "[[", "]", "1",
         "42", "é", "日本", "NOTE", "STYLE", "\u00a0", "*", "t=5s", "(", ")"]  # fmt: skip


@st.composite
def text_line(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(SPACES)).join(
        draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=4))
    )


@st.composite
def clock_text(draw: st.DrawFn, separator: str, irregular: bool) -> str:
    ms = draw(st.integers(0, 500 * 3_600_000))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if not irregular:
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"
    return draw(
        st.sampled_from(
            [
                f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}",
                f"{hours}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}",
                f"{minutes:02d}:{seconds:02d}{separator}{millis:03d}",
                f"{hours:02d}:{minutes}:{seconds}{separator}{millis}",
                f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}",
                f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}",
                f"{hours:02d}:{minutes:02d}:{seconds:02d}",
                f"-{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}",
                f"{hours:02d}:{minutes + 60:02d}:{seconds:02d}{separator}{millis:03d}",
                f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:04d}",
                f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}0",
            ]
        )
    )


@st.composite
def timing_line(draw: st.DrawFn, separator: str, irregular: bool) -> str:
    start = draw(clock_text(separator, irregular))
    end = draw(clock_text(separator, irregular))
    arrow = " --> " if not irregular else draw(st.sampled_from([" --> ", "-->", "  -->\t", " -> "]))
    tail = "" if not irregular else draw(st.sampled_from(["", " ", " X1:10", " align:start"]))
    lead = "" if not irregular else draw(st.sampled_from(["", "", " "]))
    return f"{lead}{start}{arrow}{end}{tail}"


# ----------------------------------------------------------------------------- SRT


@st.composite
def srt_text(draw: st.DrawFn, irregular: bool) -> str:
    blocks = []
    for number in range(1, draw(st.integers(1, 6)) + 1):
        lines = []
        if not irregular or draw(st.integers(0, 5)):
            counters = [str(number), f" {number}", "", "x", "\uff11"]  # a fullwidth digit
            lines.append(str(number) if not irregular else draw(st.sampled_from(counters)))
        lines.append(draw(timing_line(",", irregular)))
        texts = draw(st.lists(text_line(), min_size=0 if irregular else 1, max_size=3))
        if not irregular:
            texts = [t if t.strip() else "text" for t in texts]
        lines.extend(texts)
        blank = (
            "\n" if not irregular else draw(st.sampled_from(["\n", "\n\n", "", " \n", "\n\n\n"]))
        )
        blocks.append("\n".join(lines) + "\n" + blank)
    text = "".join(blocks)
    if irregular:
        text = draw(st.sampled_from(["", "\ufeff", "\n", "\n\n"])) + text
        if draw(st.booleans()):
            text = text.rstrip("\n")
    return text


@FAST
@given(srt_text(irregular=True))
def test_srt_fast_reader_declines_or_agrees(text: str) -> None:
    assert_fast_agrees(srt.read_fast, srt.read_careful, text)


@FAST
@given(srt_text(irregular=False))
def test_srt_fast_reader_takes_regular_files(text: str) -> None:
    assert assert_fast_agrees(srt.read_fast, srt.read_careful, text)


def test_srt_fast_reader_on_a_known_file() -> None:
    text = (
        "\n1\n00:00:01,000 --> 00:00:02,500\nHello\n<i>there</i>\n\n\n"
        "2\n100:02:03,004 --> 100:02:04,000\n  x\n"
    )
    doc = srt.read_fast(text)
    assert doc is not None
    assert snapshot(doc)[0] == [
        (1000, 2500, "Hello\n<i>there</i>", 3, None, ""),
        (360_123_004, 360_124_000, "  x", 9, None, ""),
    ]


# ----------------------------------------------------------------------------- WebVTT


@st.composite
def vtt_text(draw: st.DrawFn, irregular: bool) -> str:
    heads = ["WEBVTT", "WEBVTT - title", "WEBVTT\tx", "WEBVTTX", "\ufeffWEBVTT"]
    head = "WEBVTT" if not irregular else draw(st.sampled_from(heads))
    parts = [head + "\n\n"]
    if irregular and draw(st.integers(0, 3)) == 0:
        parts.append(draw(st.sampled_from(["NOTE hi\n\n", "STYLE\n::cue {}\n\n", "Kind: x\n"])))
    for _ in range(draw(st.integers(1, 6))):
        lines = []
        if draw(st.booleans()):
            lines.append(draw(text_line()) or "id" if irregular else "id 1")
        lines.append(draw(timing_line(".", irregular)))
        texts = draw(st.lists(text_line(), min_size=0, max_size=3))
        if not irregular:
            texts = [t.replace("-->", "") or "t" for t in texts]
        lines.extend(texts)
        blank = "\n" if not irregular else draw(st.sampled_from(["\n", "\n\n", "", " \n"]))
        parts.append("\n".join(lines) + "\n" + blank)
    text = "".join(parts)
    if irregular and draw(st.booleans()):
        text = text.rstrip("\n")
    return text


@FAST
@given(vtt_text(irregular=True))
def test_vtt_fast_reader_declines_or_agrees(text: str) -> None:
    assert_fast_agrees(vtt.read_fast, vtt.read_careful, text)


@FAST
@given(vtt_text(irregular=False))
def test_vtt_fast_reader_takes_regular_files(text: str) -> None:
    assert assert_fast_agrees(vtt.read_fast, vtt.read_careful, text)


def test_vtt_fast_reader_on_a_known_file() -> None:
    text = (
        "WEBVTT - x\n\n\n1\n00:01.000 --> 00:02.000  align:start   line:0\nfish &amp; chips\n\n"
        "00:00:03.000 --> 123:00:04.000\n\n00:00:05.000 --> 00:00:06.000\n \nend"
    )
    doc = vtt.read_fast(text)
    assert doc is not None
    assert doc.vtt_header == " - x"
    assert snapshot(doc)[0] == [
        (1000, 2000, "fish & chips", 5, "1", "align:start line:0"),
        (3000, 442_804_000, "", 8, None, ""),
        (5000, 6000, " \nend", 10, None, ""),
    ]


# ----------------------------------------------------------------------------- transcript

URL = "https://www.youtube.com/watch?v=V5jD0BADBEw"


@st.composite
def transcript_text(draw: st.DrawFn, irregular: bool) -> str:
    head = draw(st.sampled_from([
        "", "---\nLength: 169s\nVideo Description: a\n*  not a bullet\n---\n\n",
        "# Title\n", f"---\nDate Generated: July 11, 2025\n---\n\n# T\n**C:** [d]({URL})\n",
    ]))  # fmt: skip
    lines = [head.rstrip("\n")] if head else []
    ms = 0
    for _ in range(draw(st.integers(1, 6))):
        ms += draw(st.integers(1, 90_000_000))
        whole, frac = divmod(ms, 1000)
        value, start = draw(st.sampled_from([
            (f"{whole}.{frac:03d}s", ms), (f"{whole}.{frac:03d}", ms), (f"{whole}s", whole * 1000),
            (repr((ms - 10) / 1000 + 0.01) + "s", ms), (f"{whole}.{frac:03d}9996s", ms + 1),
        ]))  # fmt: skip
        label_s = start // 1000
        if irregular:
            label_s += draw(st.sampled_from([0, 0, 1, -1, 2]))
        label = f"{label_s // 3600:02d}:{label_s // 60 % 60:02d}:{label_s % 60:02d}"
        words = draw(st.lists(text_line(), min_size=1, max_size=3))
        text = (
            " ".join(words).replace("\n", " ")
            if irregular
            else draw(st.sampled_from(["word [Music] x<br>y", "é & <i>b</i> t=5s", "a  b "]))
        )
        sep = "&" if not irregular else draw(st.sampled_from(["&", "?", "#", "&x=1&"]))
        url = URL if sep != "?" else URL.split("?")[0]
        bullet = f"*  {text} [[{label}]({url}{sep}t={value})]"
        if irregular:
            bullet = draw(st.sampled_from([bullet, bullet + " ", f"*\t{text}", bullet + "\n"]))
        lines.append(bullet)
    body = "\n".join(lines) + "\n"
    if irregular and draw(st.booleans()):
        body = body.rstrip("\n")
    return body


@FAST
@given(transcript_text(irregular=True))
def test_transcript_fast_reader_declines_or_agrees(text: str) -> None:
    assert_fast_agrees(transcript.read_fast, transcript.read_careful, text)


@FAST
@given(transcript_text(irregular=False))
def test_transcript_fast_reader_takes_regular_files(text: str) -> None:
    assert assert_fast_agrees(transcript.read_fast, transcript.read_careful, text)


# ----------------------------------------------------------------------------- real files


def _corpus(pattern: str) -> list[Path]:
    return sorted(CORPORA.glob(pattern))


def test_corpora_are_there() -> None:
    assert len(_corpus("**/*.srt")) > 50
    assert len(_corpus("**/*.vtt")) > 400


@pytest.mark.parametrize(
    ("pattern", "module", "least"),
    [("**/*.srt", srt, 20), ("**/*.vtt", vtt, 150)],
)
def test_fast_readers_agree_on_every_corpus_file(pattern: str, module: object, least: int) -> None:
    taken = 0
    for path in _corpus(pattern):
        try:
            text = decode(path.read_bytes()).text
        except Exception:  # undecodable inputs are the decoder's tests' business
            continue
        taken += assert_fast_agrees(module.read_fast, module.read_careful, text)  # type: ignore[attr-defined]
    assert taken >= least  # the fast path really runs on real files


def test_fast_transcript_reader_agrees_on_the_seed() -> None:
    text = (ROOT / "samples" / "bbc-putin-peacekeepers.md").read_text(encoding="utf-8")
    assert assert_fast_agrees(transcript.read_fast, transcript.read_careful, text)


# ----------------------------------------------------------------------------- writers

cue_text = st.lists(
    st.sampled_from([*"ab <>&{}\\/\n-i", "<i>", "</i>", "<v Joe>", "{\\an8}", "é", "\n\n"]),
    max_size=12,
).map("".join)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    cues = [
        Cue(
            draw(st.integers(-5_000, 10**10)),
            # now and then a cue without an end, which both writers must refuse alike
            None if draw(st.integers(0, 20)) == 0 else draw(st.integers(-5_000, 10**10)),
            draw(cue_text),
            0,
            draw(st.sampled_from([None, "", "id", "a-->b", "x\ny"])),
            draw(st.sampled_from(["", "align:start"])),
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    meta = draw(st.sampled_from([Metadata(), Metadata(title="T", url=URL)]))
    return Document(cues=cues, metadata=meta)


def _outcome(write: Callable[[Document], str], doc: Document) -> str:
    try:
        return write(doc)
    except ValueError as exc:
        return f"ValueError: {exc}"


@FAST
@given(documents())
def test_srt_fast_writer_agrees(doc: Document) -> None:
    assert _outcome(srt.write, doc) == _outcome(srt.write_careful, doc)


@FAST
@given(documents())
def test_vtt_fast_writer_agrees(doc: Document) -> None:
    fast = _outcome(vtt.write, doc)
    with mock.patch.object(vtt, "_cue_blocks_fast", lambda cues: None):
        careful = _outcome(vtt.write, doc)
    assert fast == careful


@given(st.integers(-(10**12), 10**12), st.booleans())
def test_clock_tables_match_format_time(ms: int, many: bool) -> None:
    for separator, format_time in ((",", srt.format_time), (".", vtt.format_time)):
        minutes, rest = clock.tables(separator, 10**6 if many else 0)
        assert minutes[ms // 60000] + rest[ms % 60000] == format_time(ms)
