"""Writers round-trip: reading a writer's output gives the same cues back.

The class of bug: a writer copies text that its own reader takes for structure (a text
line that looks like an SRT timing line starts a cue; a line break in WebVTT settings
ends the timing line; ``WEBVTT`` + header ``X`` is not a signature). Each writer must
escape such text, refuse or leave out what its format cannot hold, and say so. The
strategies below generate exactly that text: several lines, lines that look like timing
lines of either format, ids and settings with line breaks and ``-->``.

Also: the SRT fast reader never differs from the careful one on hostile timing lines.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from convert import api
from convert.errors import ParseError
from convert.formats import srt, vtt
from convert.model import Cue, Document

_clock = st.builds(
    lambda h, m, s, ms, sep: f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}",
    st.integers(0, 99),
    st.integers(0, 59),
    st.integers(0, 59),
    st.integers(0, 999),
    st.sampled_from([",", "."]),
)
_timing_like = st.one_of(
    st.builds(
        lambda a, arrow, b: f"{a}{arrow}{b}",
        _clock,
        st.sampled_from([" --> ", " -> ", "-->", " ---> "]),
        _clock,
    ),
    st.sampled_from(["10:00 -> 11:30 room 4", "00:05.000 --> 00:06.000", "1:00 --> 2:00 x", "-->"]),
)
_word_line = (
    st.text(
        st.characters(
            codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="<{"
        ),
        min_size=1,
        max_size=25,
    )
    .map(str.strip)
    .filter(bool)
)
_line = st.one_of(_word_line, _timing_like, st.sampled_from(["42", "1", "&gt;", "a & b", "x -> y"]))
_text = st.lists(_line, min_size=1, max_size=4).map("\n".join)


@st.composite
def _documents(draw: st.DrawFn, *, extras: bool) -> Document:
    starts = sorted(draw(st.sets(st.integers(0, 10 * 3_600_000), min_size=1, max_size=5)))
    cues = []
    for start in starts:
        cue = Cue(start, start + draw(st.integers(1, 10_000)), draw(_text))
        if extras:
            cue.id = draw(st.none() | st.sampled_from(["intro", "a-->b", "two\nlines", "5"]))
            cue.settings = draw(
                st.sampled_from(["", "align:start", "line:0\nposition:10%", "a  b"])
            )
        cues.append(cue)
    doc = Document(cues=cues)
    if extras:
        doc.vtt_header = draw(st.sampled_from(["", " - a header", "X", "\nKind: captions"]))
    return doc


@settings(max_examples=150)
@given(_documents(extras=False))
def test_srt_output_reads_back_as_the_same_cues(doc: Document) -> None:
    written = api.dumps(doc, "srt")
    back = api.parse(written, "srt")
    assert back.problems == []
    assert back.cues == doc.cues


@settings(max_examples=150)
@given(_documents(extras=True))
def test_vtt_output_reads_back_as_the_same_cues_or_says_what_changed(doc: Document) -> None:
    notes = vtt.unwritable(doc)
    back = api.parse(api.dumps(doc, "vtt"), "vtt")
    assert back.problems == []
    expected = [
        Cue(
            c.start_ms,
            c.end_ms,
            c.text,
            id=c.id if c.id and "-->" not in c.id and "\n" not in c.id else None,
            settings=" ".join(c.settings.split()),
        )
        for c in doc.cues
    ]
    assert back.cues == expected
    header = doc.vtt_header
    assert back.vtt_header == (" " + header if header[:1] not in ("", " ", "\n") else header)
    bad_ids = any(c.id and ("-->" in c.id or "\n" in c.id) for c in doc.cues)
    assert any("cue identifiers holding" in n for n in notes) == bad_ids
    assert any("line breaks in cue settings" in n for n in notes) == any(
        "\n" in c.settings for c in doc.cues
    )


def test_a_transcript_line_that_looks_like_timing_stays_text_in_srt() -> None:
    # The case: three bullets read back as five cues.
    doc = api.parse(
        "*  one [[00:00:01](https://y.example/v?t=1s)]\n"
        "*  00:00:05,000 --> 00:00:06,000 [[00:00:02](https://y.example/v?t=2s)]\n"
        "*  10:00 -> 11:30 room 4 [[00:00:03](https://y.example/v?t=3s)]\n",
        "transcript",
    )
    api.prepare(doc, "srt")
    written = api.dumps(doc, "srt")
    # Worked out by hand: only the arrows' '>' are escaped.
    assert written.splitlines()[6] == "00:00:05,000 --&gt; 00:00:06,000"
    assert written.splitlines()[10] == "10:00 -&gt; 11:30 room 4"
    assert [c.text for c in api.parse(written, "srt").cues] == [
        "one",
        "00:00:05,000 --> 00:00:06,000",
        "10:00 -> 11:30 room 4",
    ]


def test_json_settings_with_a_line_break_do_not_inject_a_cue() -> None:
    doc = api.parse(
        '{"cues": [{"start_ms": 0, "end_ms": 1000, "text": "a", "id": "x-->y",\n'
        '  "settings": "line:0\\n\\n00:00:05.000 --> 00:00:06.000\\ninjected"}],\n'
        ' "vtt": {"header": "X", "blocks": ["NOTE ok", "not a block"]}}',
        "json",
    )
    warnings = api.prepare(doc, "vtt")
    written = api.dumps(doc, "vtt")
    assert written.startswith("WEBVTT X\n\nNOTE ok\n\n")
    back = api.parse(written, "vtt")
    assert [(c.text, c.id) for c in back.cues] == [("a", None)]
    assert [w.message for w in warnings] == [
        "vtt cannot hold: cue identifiers holding '-->' or a line break on 1 cue; "
        "line breaks in cue settings on 1 cue; 1 block not a STYLE, REGION or NOTE block "
        "WebVTT can hold (dropped)"
    ]


# -- the SRT fast path never differs from the careful reader ------------------------------

_digits = st.text(st.sampled_from("0123456789"), min_size=0, max_size=12) | st.sampled_from(
    ["1" * 30, "²", "\u0660\u0660", "00", "0"]
)
_hostile_timing = st.builds(
    lambda h, m, s, f, sep, arrow, h2, rest: f"{h}:{m}:{s}{sep}{f}{arrow}{h2}:00:01,000{rest}",
    _digits,
    _digits,
    _digits,
    _digits,
    st.sampled_from([",", ".", ""]),
    st.sampled_from([" --> ", "-->", " -> ", "  -->  ", " --> \t"]),
    _digits,
    st.sampled_from(["", " X1:1", "\t", " "]),
)


@settings(max_examples=300)
@given(_hostile_timing, st.sampled_from(["1", "", "01"]))
def test_srt_fast_path_declines_or_agrees_on_hostile_timing_lines(
    timing: str, counter: str
) -> None:
    text = f"{counter}\n{timing}\nHello\n" if counter else f"{timing}\nHello\n"
    careful = srt.read_careful(text)
    fast = srt.read_fast(text)
    assert fast is None or (fast.cues, fast.problems) == (careful.cues, careful.problems)
    try:
        via_read = api.parse(text, "srt")
    except ParseError:  # pragma: no cover - the SRT reader records problems, never raises
        raise
    assert via_read.cues == careful.cues
