"""Formats beyond SRT and WebVTT: golden files, round trips through SRT, every corpus file,
and cross-checks that pysubs2 and ttconv read what subconv writes."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert import api, registry
from convert.errors import ProblemsFound, SubconvError
from convert.model import Cue, Document
from convert.speakers import as_prefixes

from .conftest import CORPORA, SAMPLES

FORMATS = SAMPLES / "formats"
MORE = CORPORA / "more"


def render(doc: Document, target: str, **options: object) -> str:
    api.prepare(doc, target, api.Options(**options))  # type: ignore[arg-type]
    return api.dumps(doc, target)


# -- golden files (expected outputs worked out by hand) ----------------------------------------


@pytest.mark.parametrize(
    ("target", "suffix"),
    [
        ("ass", "ass"),
        ("sbv", "sbv"),
        ("lrc", "lrc"),
        ("sami", "smi"),
        ("mpl2", "mpl2"),
        ("microdvd", "sub"),
        ("tmp", "tmp"),
    ],
)
def test_srt_to_each_format_golden(target: str, suffix: str) -> None:
    doc = api.read(FORMATS / "basic.srt")
    out = render(doc, target, fps=Fraction(25))
    assert out == (FORMATS / f"basic.srt.expected.{suffix}").read_text(encoding="utf-8")


def test_styled_ass_to_srt_golden_and_its_note() -> None:
    doc = api.read(FORMATS / "styled.ass")
    api.prepare(doc, "srt")
    warnings = [p.message for p in api.prepare(api.read(FORMATS / "styled.ass"), "srt")]
    assert api.dumps(doc, "srt") == (FORMATS / "styled.ass.expected.srt").read_text("utf-8")
    assert doc.cues[0].speaker == "Ann"
    (note,) = [w for w in warnings if "cannot hold" in w]
    assert "override tags (drawings, karaoke, positioning)" in note
    assert "1 Comment event" in note


def test_ass_to_ass_keeps_styles_layers_and_override_tags() -> None:
    text = (FORMATS / "styled.ass").read_text(encoding="utf-8")
    out = render(api.read(FORMATS / "styled.ass"), "ass")
    assert "Style: Thoughts,Arial,20" in out
    assert "Dialogue: 1,0:00:07.00,0:00:09.00,Thoughts,,0,0,0,,I am thinking\\h!" in out
    assert "{\\pos(320,50)\\an8}Up {\\u1}here{\\u0} & there" in out
    assert "{\\p1}m 0 0 l 100 0 100 100 0 100{\\p0}Sign text" in out
    # the Comment event comes back where it stood, after the event before it
    comment = "Comment: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,a note for the editor"
    assert comment in text
    events = [line for line in out.splitlines() if line.startswith(("Dialogue:", "Comment:"))]
    source = [line for line in text.splitlines() if line.startswith(("Dialogue:", "Comment:"))]
    assert [line.split(",", 1)[0] for line in events] == [line.split(",", 1)[0] for line in source]
    assert events[[line.startswith("Comment:") for line in source].index(True)] == comment
    warnings = api.prepare(api.read(FORMATS / "styled.ass"), "ass")
    assert not [w for w in warnings if w.code == "W007"]


def test_ttml_golden_from_srt_is_region_free_and_read_back() -> None:
    out = render(api.read(FORMATS / "basic.srt"), "ttml")
    assert out == (FORMATS / "basic.srt.expected.ttml").read_text(encoding="utf-8")
    assert "region" not in out


def test_ttml_to_ttml_keeps_regions_and_paragraph_styles_and_says_what_it_drops() -> None:
    out = render(api.read(FORMATS / "legacy.dfxp"), "ttml")
    assert '<region xml:id="bottom" tts:extent="80% 20%" tts:origin="10% 80%" />' in out
    assert '<p region="bottom" begin="00:00:04.200" end="00:00:06.000">' in out
    assert '<span tts:fontStyle="italic">4.2 s</span>' in out
    assert not [
        p for p in api.prepare(api.read(FORMATS / "legacy.dfxp"), "ttml") if p.code == "W007"
    ]
    red = render(api.read(MORE / "ttml/imsc-tests/Color001.ttml"), "ttml")  # tts:color on p
    assert '<p begin="00:00:00.000" end="00:00:10.000" tts:color="#ff0000">' in red
    bidi = MORE / "ttml/imsc-tests/UnicodeBidi002.ttml"  # tts:unicodeBidi on a span
    (note,) = [p.message for p in api.prepare(api.read(bidi), "ttml") if p.code == "W007"]
    assert (
        note == "ttml cannot hold: styling of spans other than italic, bold and underline (dropped)"
    )
    aligned = render(api.read(MORE / "ttml/imsc-tests/TextAlign002.ttml"), "ttml")
    assert 'tts:textAlign="start"' in aligned  # ttconv writes left as start (LTR text)


def test_scc_pop_on_golden() -> None:
    """Hand-made: the caption shows at its EOC (942f), the 10th code word after
    00:00:01:00, so at frame 39 of 29.97 fps (39 * 1001 / 30000 s = 1.3013 s), and is
    erased (942c) at 00:00:03:00, frame 90 (3.003 s)."""
    out = render(api.read(FORMATS / "hello.scc"), "srt")
    assert out == (FORMATS / "hello.scc.expected.srt").read_text(encoding="utf-8")


def test_legacy_dfxp_ticks_and_frames_golden() -> None:
    doc = api.read(FORMATS / "legacy.dfxp")
    out = render(doc, "srt")
    assert out == (FORMATS / "legacy.dfxp.expected.srt").read_text(encoding="utf-8")


# -- every corpus file: converted, or refused with one line -----------------------------------

REFUSED = {
    "ass/gaupol/ass.ass": "negative time",
    "ssa/gaupol/ssa.ssa": "negative time",
    "lrc/gaupol/lrc.lrc": "negative time",
    "mpl2/gaupol/mpl2.txt": "negative time",
    "tmp/gaupol/tmplayer.txt": "negative time",
    "tmp/gaupol/tmplayer-1.txt": "negative time",
    "microdvd/gaupol/microdvd.sub": "negative frame number",
    "sbv/webvtt-py/invalid_format.sbv": "expected a timing line",
    "sbv/webvtt-py/invalid_timeframe.sbv": "expected a timing line",
    "sbv/webvtt-py/missing_timeframe.sbv": "expected a timing line",
    "ttml/mantas-done-subtitles/ttml_with_fps_and_multiplier_given.ttml": "unbound prefix",
    "ttml/node-captions/test.xml": "undefined entity",
    "ttml/node-captions/test_ttml.xml": "undefined entity",
}
"""Corpus files refused, and why (docs/formats.md lists them too)."""

FOLDERS = {
    "ass": "ass",
    "ssa": "ssa",
    "microdvd": "microdvd",
    "mpl2": "mpl2",
    "tmp": "tmp",
    "sami": "sami",
    "ttml": "ttml",
    "scc": "scc",
    "sbv": "sbv",
    "lrc": "lrc",
}


def corpus_files() -> list[Path]:
    return sorted(
        path
        for folder in FOLDERS
        for path in (MORE / folder).glob("*/*")
        if not path.name.startswith(("LICENSE", "NOTICE"))
    )


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(MORE)))
def test_every_corpus_file_converts_or_is_refused_in_one_line(path: Path) -> None:
    rel = str(path.relative_to(MORE))
    fmt = FOLDERS[rel.split("/")[0]]
    # MicroDVD files without a frame-rate line need one; 25 is given for those.
    fps = Fraction(25) if fmt == "microdvd" else None
    try:
        doc = api.read(path, fmt, fps=fps)
        data, _ = api.render(doc, "srt", name=str(path))
    except ProblemsFound as exc:
        lines = exc.lines()
        assert rel in REFUSED, lines
        assert REFUSED[rel] in lines[0] and all("\n" not in line for line in lines)
        return
    except SubconvError as exc:
        assert rel in REFUSED, str(exc)
        assert REFUSED[rel] in str(exc) and "\n" not in str(exc)
        return
    assert rel not in REFUSED
    again = api.parse(data.decode("utf-8"), "srt")
    # SRT cannot hold blank lines inside a cue (they end it): compare without them. A
    # speaker (an ASS actor) is written as a "Name: " prefix, read back as a speaker or as
    # text by the conservative rule (docs/transcripts.md): compare with the prefixes.
    assert [squeeze(as_prefixes(c)) for c in again.cues] == [
        squeeze(as_prefixes(c)) for c in doc.cues
    ]


def squeeze(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def test_corpus_counts_and_first_cues() -> None:
    """Facts checked by reading the files by eye."""
    smi = api.read(MORE / "sami/mantas-done-subtitles/smi.smi")
    assert [(c.start_ms, c.end_ms) for c in smi.cues] == [(137400, 140400), (3740500, 3742500)]
    assert smi.cues[0].text == "Senator, we're making\nour final approach into Coruscant."
    sub = api.read(MORE / "microdvd/SwiftSubtitles/97620.sub")
    assert sub.frame_rate == Fraction("29.970")
    assert (sub.cues[0].start_ms, sub.cues[0].end_ms) == (round(50 * 1000 / 29.97), 10010)
    dfxp = api.read(MORE / "ttml/mantas-done-subtitles/dfxp.dfxp")
    assert [(c.start_ms, c.end_ms) for c in dfxp.cues] == [(137400, 140400), (3740500, 3742500)]
    assert [c.line for c in dfxp.cues] == [16, 17]  # the <p> lines, for messages
    times = api.read(MORE / "ttml/imsc-tests/TimeExpressions001.ttml")
    assert (times.cues[1].start_ms, times.cues[1].end_ms) == (1200, 73200)
    lrc = api.read(MORE / "lrc/subforge/enhanced.lrc")
    assert lrc.cues[0].text == "Word by word timing"
    assert lrc.cues[0].words is not None and lrc.cues[0].words[1].start_ms == 13340
    assert (
        api.read(MORE / "sbv/subsrt/sample.sbv")
        .cues[0]
        .text.endswith("Alice Miller\nand this is John Brown")
    )
    scc = api.read(MORE / "scc/ttconv/pop-on.scc")
    assert len(scc.cues) == 3


# -- round trips through SRT (hypothesis) -------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFG0123456789,.?!'", min_size=1, max_size=8)
LINE = st.lists(WORD, min_size=1, max_size=5).map(" ".join)


@st.composite
def documents(draw: st.DrawFn, step: int) -> Document:
    """Cues in order, without overlaps, on the format's time grid (``step`` ms)."""
    count = draw(st.integers(1, 6))
    cues = []
    clock = draw(st.integers(0, 100)) * step
    for _ in range(count):
        clock += draw(st.integers(0, 30)) * step
        length = draw(st.integers(1, 60)) * step
        lines = draw(st.lists(LINE, min_size=1, max_size=2))
        text = "\n".join(lines)
        if draw(st.booleans()):
            text = f"<i>{text}</i>"
        cues.append(Cue(clock, clock + length, text))
        clock += length
    return Document(cues=cues)


def srt_round(doc: Document) -> Document:
    return api.parse(api.dumps(doc, "srt"), "srt")


@pytest.mark.parametrize(
    ("fmt", "step", "italic"),
    [
        ("ass", 10, True),
        ("ssa", 10, True),
        ("sbv", 1, False),
        ("sami", 1, True),
        ("ttml", 1, True),
        ("microdvd", 40, True),
    ],
)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_round_trip_through_srt(fmt: str, step: int, italic: bool, data: st.DataObject) -> None:
    """SRT -> FORMAT -> SRT gives the cues back, on the format's time grid; a format
    without markup (SBV) gives the text without its tags."""
    doc = data.draw(documents(step))
    expected = [
        (c.start_ms, c.end_ms, c.text if italic else c.text.replace("<i>", "").replace("</i>", ""))
        for c in doc.cues
    ]
    text = api.dumps(srt_round(doc), "srt")
    source = api.parse(text, "srt")
    source.frame_rate = Fraction(25)
    written = api.dumps(source, fmt)
    again = api.parse(written, fmt, fps=Fraction(25))
    api.prepare(again, "srt")
    assert [(c.start_ms, c.end_ms, c.text) for c in srt_round(again).cues] == expected


@settings(max_examples=25, deadline=None)
@given(doc=documents(10))
def test_lrc_round_trip_keeps_starts_ends_and_text(doc: Document) -> None:
    for cue in doc.cues:
        cue.text = cue.text.replace("<i>", "").replace("</i>", "").replace("\n", " ")
    again = api.parse(api.dumps(doc, "lrc"), "lrc")
    api.prepare(again, "srt")
    assert [(c.start_ms, c.end_ms, c.text) for c in again.cues] == [
        (c.start_ms, c.end_ms, c.text) for c in doc.cues
    ]


# -- what other programs read ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["ass", "ssa"])
def test_pysubs2_reads_our_substation_with_the_same_cues(fmt: str) -> None:
    import pysubs2

    doc = api.read(FORMATS / "basic.srt")
    out = render(doc, fmt)
    subs = pysubs2.SSAFile.from_string(out)
    assert subs.format == fmt
    assert [(e.start, e.end, e.plaintext) for e in subs] == [
        (1000, 3500, "Hello, world."),
        (4120, 6000, "Two lines,\nbold & under."),
        (8000, 10000, "All italic"),
    ]
    assert subs[0].text == "Hello, {\\i1}world{\\i0}."


def test_ttconv_reads_our_ttml_with_the_same_cues() -> None:
    import xml.etree.ElementTree as et

    from ttconv import model
    from ttconv.imsc import reader

    out = render(api.read(FORMATS / "basic.srt"), "ttml")
    tt = reader.to_model(et.ElementTree(et.fromstring(out)))
    found = []
    for element in tt.get_body().dfs_iterator():
        if isinstance(element, model.P):
            text = "".join(
                "\n" if isinstance(e, model.Br) else e.get_text()
                for e in element.dfs_iterator()
                if isinstance(e, (model.Br, model.Text))
            )
            found.append((element.get_begin(), element.get_end(), text))
    assert found == [
        (Fraction(1), Fraction(7, 2), "Hello, world."),
        (Fraction(103, 25), Fraction(6), "Two lines,\nbold & under."),
        (Fraction(8), Fraction(1999, 200), "All italic"),
    ]


# -- errors, options, start-up ------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from convert.cli import main; main()", *args],
        capture_output=True,
        text=True,
    )


def test_microdvd_needs_a_frame_rate_and_takes_fps(tmp_path: Path) -> None:
    source = tmp_path / "movie.sub"
    source.write_text("{25}{50}Hello|world\n{75}{100}{y:i}Bye\n", encoding="utf-8")
    refused = run_cli("convert", str(source), str(tmp_path / "movie.srt"))
    assert refused.returncode == 2
    assert refused.stderr.strip().count("\n") == 0 and "--fps" in refused.stderr
    assert not (tmp_path / "movie.srt").exists()
    done = run_cli("convert", str(source), str(tmp_path / "movie.srt"), "--fps", "25")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "movie.srt").read_text() == (
        "1\n00:00:01,000 --> 00:00:02,000\nHello\nworld\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n<i>Bye</i>\n\n"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bad.ass",
            "[Script Info]\n\n[Events]\nDialogue: 0,0:00:0x,0:00:02.00,D,,0,0,0,,Hi\n",
            ":4: ",
        ),
        ("bad.ttml", '<tt xmlns="http://www.w3.org/ns/ttml"><body><p>x</body></tt>\n', ":1: "),
        ("bad.sbv", "0:00:01.000,0:00:02.000\nHi\n\nnonsense\n", ":4: "),
        ("bad.smi", "<SAMI><BODY><SYNC>Hi</SYNC></BODY></SAMI>\n", "Start"),
    ],
)
def test_bad_input_is_one_line_no_traceback(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    result = run_cli("to-srt", str(source))
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(str(source)) and message in result.stderr
    assert not (tmp_path / Path(name).with_suffix(".srt")).exists()


def test_scc_is_read_only() -> None:
    with pytest.raises(SubconvError, match="only be read"):
        api.convert(MORE / "scc/ttconv/pop-on.scc", "out.scc")


def test_srt_and_vtt_conversions_import_no_engine(tmp_path: Path) -> None:
    source = tmp_path / "a.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n", encoding="utf-8")
    code = (
        "import sys; from convert import api; "
        f"api.convert({str(source)!r}, {str(tmp_path / 'a.vtt')!r}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pysubs2', 'ttconv')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_batch_finds_new_extensions_and_sniffs_xml_and_sub(tmp_path: Path) -> None:
    from convert import batch

    (tmp_path / "a.ass").write_text((FORMATS / "styled.ass").read_text("utf-8"), "utf-8")
    (tmp_path / "b.sbv").write_text("0:00:01.000,0:00:02.000\nHi\n", "utf-8")
    (tmp_path / "c.xml").write_text("<project><name>not captions</name></project>\n", "utf-8")
    (tmp_path / "d.xml").write_text(
        (MORE / "ttml/subforge/simple.ttml").read_text("utf-8"), "utf-8"
    )
    (tmp_path / "e.sub").write_bytes(b"\x00\x00\x01\xba" + bytes(200))  # VobSub pictures
    (tmp_path / "f.sub").write_text("{1}{1}25\n{25}{50}Hi\n", "utf-8")
    plan = batch.plan([str(tmp_path)], "srt")
    assert sorted(Path(t.source).name for t in plan.tasks) == ["a.ass", "b.sbv", "d.xml", "f.sub"]


# -- what a format cannot hold is said, never lost silently ---------------------------------

WEBVTT_EXTRAS = (
    "WEBVTT\n\nNOTE a note before the cues\n\n"
    "intro\n00:00:01.000 --> 00:00:02.500 align:start line:10%\nHello there.\n\n"
    "00:00:03.000 --> 00:00:04.000\n<v Bob>Goodbye.\n"
)


@pytest.mark.parametrize("target", registry.writable())
def test_each_format_keeps_or_names_settings_ids_blocks_and_speakers(target: str) -> None:
    """Whatever of the WebVTT extras and the speaker a format writes back is read back;
    the rest is named in its one W007 note."""
    doc = api.parse(WEBVTT_EXTRAS, "vtt")
    warnings = [p.message for p in api.prepare(doc, target, api.Options(fps=Fraction(25)))]
    notes = " ".join(w for w in warnings if "cannot hold" in w)
    back = api.parse(api.dumps(doc, target), target, fps=Fraction(25))
    kept = {
        "cue settings": any(cue.settings == "align:start line:10%" for cue in back.cues),
        "cue identifiers": any(cue.id == "intro" for cue in back.cues),
        "NOTE block": "a note before the cues" in "".join(back.vtt_blocks),
        "speaker names": any(
            cue.speaker == "Bob" or cue.text.startswith("Bob:") for cue in back.cues
        ),
    }
    for feature, is_kept in kept.items():
        assert is_kept != (feature in notes), (target, feature, is_kept, notes)
    assert [cue.text.replace("Bob: ", "") for cue in back.cues] == ["Hello there.", "Goodbye."]


def test_tmplayer_line_without_text_ends_the_cue_before_it() -> None:
    """``00:00:04:`` clears the screen (subconv's own writer makes such lines of cues whose
    text is empty); it used to crash the reader."""
    doc = api.parse("00:00:01:Hello there\n00:00:04:\n00:00:06:Bye\n", "tmp")
    assert [(c.start_ms, c.end_ms, c.text, c.line) for c in doc.cues] == [
        (1000, 4000, "Hello there", 1),
        (6000, None, "Bye", 3),
    ]
    assert doc.problems == []


def test_ass_reflowed_keeps_each_events_style_and_names_the_overrides_it_drops() -> None:
    """Events of another style or layer are never merged; an event reflow leaves as it was
    is written as it was (\\h and all); the karaoke event merged with the drawing after it
    loses its override tags, and the note says so."""
    doc = api.read(FORMATS / "styled.ass")
    warnings = [p.message for p in api.prepare(doc, "ass", api.Options(reflow=True))]
    out = api.dumps(doc, "ass")
    assert "Dialogue: 1,0:00:07.00,0:00:09.00,Thoughts,,0,0,0,,I am thinking\\h!" in out
    assert "Comment: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,a note for the editor" in out
    assert "{\\pos(320,50)\\an8}Up {\\u1}here{\\u0} & there" in out
    assert "Dialogue: 0,0:00:13.00,0:00:18.00,Default,,0,0,0,,Karaoke Sign text" in out
    assert [w for w in warnings if "cannot hold" in w] == [
        "ass cannot hold: override tags of 1 event whose text was cut anew (dropped)"
    ]


DRAWING_ASS = (
    "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,Hello\n"
    "Dialogue: 0,0:00:12.00,0:00:13.00,Default,,0,0,0,,{\\p1}m 0 0 l 100 0 100 100{\\p0}\n"
    "Dialogue: 0,0:00:14.00,0:00:15.00,Default,,0,0,0,,Bye\n"
)


def test_an_event_without_text_is_no_cue_and_ass_keeps_it() -> None:
    """A drawing-only event made an SRT cue with no text (a broken block); it is no cue,
    said in W007, and ASS -> ASS writes it back where it stood."""
    doc = api.parse(DRAWING_ASS, "ass")
    assert [c.text for c in doc.cues] == ["Hello", "Bye"]
    warnings = [p.message for p in api.prepare(doc, "srt")]
    assert any("1 event without text (drawings)" in w for w in warnings)
    out = render(api.parse(DRAWING_ASS, "ass"), "ass")
    events = [line for line in out.splitlines() if line.startswith("Dialogue:")]
    assert events == [line for line in DRAWING_ASS.splitlines() if line.startswith("Dialogue:")]


TWO_LANGUAGES_SAMI = """<SAMI><HEAD><STYLE TYPE="text/css"><!--
.KRCC { Name:Korean; lang:ko-KR; SAMIType:CC; }
.ENCC { Name:English; lang:en-US; SAMIType:CC; }
--></STYLE></HEAD><BODY>
<SYNC Start=1000><P Class=KRCC>안녕하세요
<SYNC Start=1000><P Class=ENCC>Hello
<SYNC Start=3000><P Class=KRCC>&nbsp;
<SYNC Start=3000><P Class=ENCC>&nbsp;
<SYNC Start=4000><P Class=KRCC>잘 가요
<SYNC Start=4000><P Class=ENCC>Goodbye
<SYNC Start=6000><P Class=KRCC>&nbsp;
<SYNC Start=6000><P Class=ENCC>&nbsp;
</BODY></SAMI>
"""


def test_sami_with_two_languages_reads_the_first_and_names_the_other() -> None:
    # read together, each Korean caption ended as it started (the English SYNC at the
    # same time ended it) and the Korean text was as good as lost
    doc = api.parse(TWO_LANGUAGES_SAMI, "sami")
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (1000, 3000, "안녕하세요"),
        (4000, 6000, "잘 가요"),
    ]
    assert [(p.line, p.code, p.message) for p in doc.problems] == [
        (6, "W306", "several language classes: read KRCC, left out ENCC (2 SYNCs with text)")
    ]


def test_ttml_times_are_checked_and_srt_commas_read() -> None:
    head = '<?xml version="1.0"?>\n<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="en">\n'
    bad = head + '<body><div>\n<p begin="abc" end="2s">Hello</p>\n</div></body></tt>\n'
    with pytest.raises(SubconvError) as refused:
        api.parse(bad, "ttml")
    assert (refused.value.line, refused.value.message) == (
        4,
        "begin='abc' is not a TTML time (like 00:00:01.500 or 1.5s)",
    )
    commas = (
        head + '<body><div>\n<p begin="00:00:01,250" end="00:00:02,500">Hi</p>\n</div></body></tt>'
    )
    assert [(c.start_ms, c.end_ms, c.text) for c in api.parse(commas, "ttml").cues] == [
        (1250, 2500, "Hi")
    ]


def test_microdvd_lowercase_style_code_styles_its_own_line_only() -> None:
    doc = api.parse(
        "{25}{50}{y:i}Italic line|Plain line\n{75}{100}{Y:i}All|italic\n",
        "microdvd",
        fps=Fraction(25),
    )
    assert [c.text for c in doc.cues] == ["<i>Italic line</i>\nPlain line", "<i>All\nitalic</i>"]


def test_microdvd_on_standard_input_is_not_taken_for_json() -> None:
    # "{1}{1}25" starts with a brace: it was sniffed as subconv's JSON ("invalid JSON")
    data = (FORMATS / "basic.srt.expected.sub").read_bytes()
    doc = api.read(data)
    assert doc.source_format == "microdvd"
    assert doc.cues[0].text == "Hello, world."


def test_a_file_that_is_not_substation_is_refused_as_ass() -> None:
    # it used to give zero cues, exit 0, and a note about styles the file never had
    with pytest.raises(SubconvError) as refused:
        api.parse("hello world\n", "ass")
    assert refused.value.message == "not a SubStation file: it has no [Events] section"
