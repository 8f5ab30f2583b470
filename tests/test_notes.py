"""Meeting notes, the speaker-heading dialect: reading every quirk, writing it back, and
speakers through WebVTT voices, SRT prefixes and JSON.

The expected outputs of ``samples/meeting-notes.md`` (``*.expected.vtt/.srt/.md``) were
written by hand from the rules in docs/transcripts.md, not produced by the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from convert import api
from convert.cli import app
from convert.errors import ParseError, ProblemsFound
from convert.formats import jsonfmt, notes, srt, transcript, vtt
from convert.model import Cue, Document, Metadata
from convert.speakers import NOT_NAMES, turns

from .conftest import SAMPLES

NOTES = SAMPLES / "meeting-notes.md"
URL = "https://www.youtube.com/watch?v=XXXXXXXXXXX"
PREAMBLE = (
    "# 2025-04-21 Meeting\n\n### Meeting Agenda\n- company update\n- 5090 & bounties\n\n"
    "### Highlights\n- **[Company Update](#geohot-000006)**: 100 5090s are coming.\n"
    "- **[Bounties](#speaker_03-000045)**: the graph bounty is <still> open.\n\n"
    "### Transcript\n"
)


def heading(name: str, label: str, t: str, url: str = URL) -> str:
    return f"##### **{name}** [[{label}]({url}&t={t})]"


# --- reading ---------------------------------------------------------------------------------


def test_every_quirk_of_the_hand_made_notes_is_read() -> None:
    doc = transcript.read(NOTES.read_text(encoding="utf-8"))
    meta = doc.metadata
    assert meta.preamble == PREAMBLE
    assert meta.title == "2025-04-21 Meeting"
    assert meta.url == URL
    assert [(c.start_ms, c.speaker, c.line) for c in doc.cues] == [
        (0, "Chenyu", 12),
        (6000, None, 15),  # two turns at t=6: one cue, each turn a voice span
        (45_000, "SPEAKER_03", 23),  # damaged label: t= wins
        (51_000, "Geohot", 27),  # youtu.be/ID&t=51
    ]
    assert doc.cues[0].text == "Let's get started. Any company update?"  # trailing spaces gone
    assert doc.cues[1].text == (
        "<v Geohot>so I've been sick all week\nSo we do have 100 5090s coming.\n\n"
        "They arrive on Monday & go into the <cluster>.</v>\n<v Chenyu>Nice.</v>"
    )
    assert doc.cues[3].text == "Yes, still open.\nWe'll talk next week."  # no final newline
    assert [(p.line, p.code, p.severity) for p in doc.problems] == [
        (20, "W008", "warning"),
        (23, "E105", "error"),  # an error for check; a conversion goes on, t= wins
    ]
    assert turns(doc.cues[1]) == [
        (
            "Geohot",
            "so I've been sick all week\nSo we do have 100 5090s coming.\n\n"
            "They arrive on Monday & go into the <cluster>.",
        ),
        ("Chenyu", "Nice."),
    ]


@pytest.mark.parametrize("suffix", ["vtt", "srt", "md"])
def test_hand_made_notes_convert_to_the_hand_written_outputs(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out.{suffix}"
    result = api.convert(NOTES, out)
    expected = (SAMPLES / f"meeting-notes.md.expected.{suffix}").read_bytes()
    assert out.read_bytes() == expected
    assert [p.format(str(NOTES)) for p in result.problems] == [
        f"{NOTES}:20: warning: turn starts at 0:00:06.000, as the one before it (line 15): "
        "both are kept in one cue, each with its speaker",
        f"{NOTES}:23: warning: timestamp label '00:40/graph:45' is not MM:SS or HH:MM:SS",
    ]


def test_a_turn_going_back_is_refused_at_its_line_and_sorted_with_lenient(tmp_path: Path) -> None:
    text = (
        "### Transcript\n"
        f"{heading('A', '00:00:10', '10')}\nten\n\n"
        f"{heading('B', '00:00:04', '4')}\nfour\n\n"
        f"{heading('C', '00:00:20', '20')}\ntwenty\n"
    )
    path = tmp_path / "back.md"
    path.write_text(text)
    with pytest.raises(ProblemsFound) as info:
        api.convert(path, tmp_path / "back.srt")
    assert info.value.exit_status == 1
    assert info.value.lines() == [
        f"{path}:5: start 0:00:04.000 goes back before the previous start 0:00:10.000 (line 2)"
    ]
    assert not (tmp_path / "back.srt").exists()
    result = api.convert(path, tmp_path / "back.srt", options=api.Options(lenient=True))
    assert [p.code for p in result.problems] == ["E101"]
    assert (tmp_path / "back.srt").read_text() == (
        "1\n00:00:04,000 --> 00:00:10,000\nB: four\n\n"
        "2\n00:00:10,000 --> 00:00:20,000\nA: ten\n\n"
        "3\n00:00:20,000 --> 00:00:21,000\nC: twenty\n\n"
    )


def test_lenient_sorting_that_brings_two_starts_together_joins_them(tmp_path: Path) -> None:
    text = (
        f"{heading('A', '00:00:10', '10')}\nten\n"
        f"{heading('B', '00:00:20', '20')}\ntwenty\n"
        f"{heading('C', '00:00:10', '10')}\nalso ten\n"
    )
    doc = transcript.read(text)
    problems = api.prepare(doc, "vtt", api.Options(lenient=True))
    assert [p.code for p in problems] == ["E101", "W008"]
    assert [c.text for c in doc.cues] == ["<v A>ten</v>\n<v C>also ten</v>", "twenty"]


def test_a_heading_that_is_not_a_turn_is_an_error_and_lenient_leaves_its_section_out() -> None:
    text = (
        f"### Transcript\n{heading('A', '00:00:01', '1')}\none\n"
        "### Action items\n- buy GPUs\n"
        f"{heading('B', '00:00:05', '5')}\nfive\n"
    )
    doc = transcript.read(text)
    assert [(p.line, p.code, p.severity) for p in doc.problems] == [(4, "E001", "error")]
    assert [c.text for c in doc.cues] == ["one", "five"]
    with pytest.raises(ProblemsFound):
        api.prepare(doc, "srt")
    assert [p.code for p in api.prepare(doc, "srt", api.Options(lenient=True))] == ["E001"]


def test_unreadable_t_is_a_parse_error_with_its_line() -> None:
    with pytest.raises(ParseError) as info:
        transcript.read(f"{heading('A', '00:00:01', '1')}\na\n{heading('B', '00:00:02', 'x2')}\n")
    assert info.value.line == 3 and "t=x2" in info.value.message


def test_turn_without_a_name_and_escaped_headings_round_trip() -> None:
    doc = Document(
        cues=[
            Cue(1000, None, "# not a heading\n\\# nor this\n  ## nor this", 0),
            Cue(2500, None, "x", 0, speaker="Dr. Who"),
        ],
        metadata=Metadata(preamble=""),
    )
    written = transcript.write(doc)
    assert written == (
        "##### [[00:00:01](#t=1)]\n\\# not a heading\n\\\\# nor this\n  \\## nor this\n\n"
        "##### **Dr. Who** [[00:00:02](#t=2.5)]\nx\n"
    )
    again = transcript.read(written)
    assert [(c.start_ms, c.speaker, c.text) for c in again.cues] == [
        (c.start_ms, c.speaker, c.text) for c in doc.cues
    ]


def test_notes_are_recognised_by_sniffing_and_not_confused_with_bullets() -> None:
    text = NOTES.read_text()
    assert transcript.is_transcript(text)
    assert api.resolve_format(None, None, text).name == "transcript"
    bullets = "*  hi [[00:00:01](#t=1s)]\n" + heading("A", "00:00:02", "2") + "\n"
    assert transcript.is_transcript(bullets) and not notes.sniff(bullets)
    assert not transcript.is_transcript("# Notes\n##### **A** no link\nhello\n")


# --- round trips -------------------------------------------------------------------------------

CANONICAL = (
    "---\nLength: 60s\nVideo Description: weekly meeting\n---\n\n"
    "# 2025-04-21 Meeting\n\n### Highlights\n- **[Update](#geohot-000006)**: GPUs\n\n"
    "### Transcript\n"
    f"{heading('Chenyu', '00:00:00', '0')}\nLet's get started.\n\n"
    f"{heading('Geohot', '00:00:06', '6')}\nso I've been sick all week\n"
    "So we do have 100 5090s coming.\n\nSecond paragraph & more <stuff>.\n\n"
    f"{heading('Chenyu', '00:00:06', '6')}\nNice.\n\n"
    f"{heading('SPEAKER_03', '00:01:02', '62')}\nQuestion?\n"
)


def _headings_and_words(text: str) -> tuple[list[str], list[str]]:
    lines = text.split("\n")
    return [line for line in lines if line.startswith("#####")], " ".join(
        line for line in lines if line and not line.startswith("#")
    ).split()


def test_notes_to_vtt_to_notes_gives_the_same_preamble_headings_and_words(
    tmp_path: Path,
) -> None:
    source = tmp_path / "talk.md"
    source.write_text(CANONICAL)
    api.convert(source, tmp_path / "talk.vtt")
    api.convert(tmp_path / "talk.vtt", tmp_path / "back.md")
    back = (tmp_path / "back.md").read_text()
    assert back.startswith(CANONICAL.split("#####")[0] + "#####")
    assert _headings_and_words(back) == _headings_and_words(CANONICAL)
    # Paragraph breaks do not survive WebVTT (a cue holds no blank line); all else does.
    assert back == CANONICAL.replace("coming.\n\nSecond", "coming.\nSecond")


def test_notes_to_json_to_notes_is_exact(tmp_path: Path) -> None:
    source = tmp_path / "talk.md"
    source.write_text(CANONICAL)
    api.convert(source, tmp_path / "talk.json")
    data = (tmp_path / "talk.json").read_text()
    assert '"speaker": "Chenyu"' in data and '"preamble": "---\\nLength: 60s' in data
    assert '"text": "<v Geohot>so I\'ve been sick all week\\n' in data
    api.convert(tmp_path / "talk.json", tmp_path / "back.md")
    assert (tmp_path / "back.md").read_text() == CANONICAL
    source_doc = transcript.read(CANONICAL)
    assert source_doc.length_ms == 60_000


def test_notes_to_srt_and_back_keeps_speakers_when_a_name_repeats(tmp_path: Path) -> None:
    api.convert(NOTES, tmp_path / "notes.srt")
    doc = api.read(tmp_path / "notes.srt")
    assert [c.speaker for c in doc.cues] == ["Chenyu", "Geohot", "SPEAKER_03", "Geohot"]
    # SRT reads the first line's prefix only: the second turn of the joined cue stays text.
    assert doc.cues[1].text.endswith("\nChenyu: Nice.")
    # In CANONICAL no name starts two cues (Geohot and Chenyu share one), so the
    # conservative rule leaves every prefix as text: no word is lost either way.
    source = tmp_path / "talk.md"
    source.write_text(CANONICAL)
    api.convert(source, tmp_path / "talk.srt")
    doc = api.read(tmp_path / "talk.srt")
    assert [(c.speaker, c.text.split("\n")[0]) for c in doc.cues] == [
        (None, "Chenyu: Let's get started."),
        (None, "Geohot: so I've been sick all week"),
        (None, "SPEAKER_03: Question?"),
    ]


def test_vtt_from_elsewhere_with_voices_becomes_notes() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Mary Ann>Hello &amp; welcome</v>\n\n"
        "00:00:02.000 --> 00:00:03.000\n<v.loud Bob>Hi!\n\n"
        "00:00:03.000 --> 00:00:04.000\nNo voice\n"
    )
    doc = vtt.read(text)
    assert [(c.speaker, c.text) for c in doc.cues] == [
        ("Mary Ann", "Hello & welcome"),
        (None, "<v.loud Bob>Hi!"),  # a voice with classes stays markup in WebVTT
        (None, "No voice"),
    ]
    assert transcript.write(doc) == (
        "### Transcript\n##### **Mary Ann** [[00:00:01](#t=1)]\nHello & welcome\n\n"
        "##### **Bob** [[00:00:02](#t=2)]\nHi!\n\n##### [[00:00:03](#t=3)]\nNo voice\n"
    )


# --- SRT "Name: " prefixes ----------------------------------------------------------------------


def _srt(*texts: str) -> str:
    return "".join(
        f"{n}\n00:00:0{n},000 --> 00:00:0{n},500\n{text}\n\n" for n, text in enumerate(texts, 1)
    )


def test_srt_prefixes_become_speakers_when_the_file_uses_them() -> None:
    doc = srt.read(_srt("Geohot: so", "SPEAKER_03: yes", "Geohot: ok", "Dr. Who: hm"))
    assert [(c.speaker, c.text) for c in doc.cues] == [
        ("Geohot", "so"),
        ("SPEAKER_03", "yes"),
        ("Geohot", "ok"),
        ("Dr. Who", "hm"),
    ]


@pytest.mark.parametrize(
    "texts",
    [
        ("Note: the first", "Note: the second"),  # a word that introduces text
        ("Geohot: once", "and then"),  # a name must start two cues
        ("Ann: one", "Bob: two"),  # and one name must repeat
        ("meet at 10:30: ok", "meet at 10:30: ok"),
        ("http://x.y: link", "http://x.y: link"),
        ("10:30 is late", "10:30 is late"),
        ("george: lower", "george: lower"),  # names start with a capital
        ("Chapter One: a", "Chapter One: b"),
        ("Somebody With Many Names: a", "Somebody With Many Names: b"),  # four words
        ("Geohot:no space", "Geohot:no space"),
    ],
)
def test_srt_text_that_only_looks_like_a_prefix_stays_text(texts: tuple[str, ...]) -> None:
    doc = srt.read(_srt(*texts))
    assert [(c.speaker, c.text) for c in doc.cues] == [(None, t) for t in texts]


def test_no_speakers_leaves_names_out_and_keeps_words(tmp_path: Path) -> None:
    out = tmp_path / "out.srt"
    api.convert(NOTES, out, options=api.Options(speakers=False))
    text = out.read_text()
    assert "Chenyu" not in text and "Geohot" not in text and "SPEAKER_03" not in text
    assert "Let's get started." in text and "Nice." in text


# --- properties ------------------------------------------------------------------------------

_NAME = st.from_regex(r"[A-Z][a-z]{0,8}( [A-Z][a-z]{0,6})?|SPEAKER_[0-9]{2}", fullmatch=True)
_WORD = st.from_regex(r"[A-Za-z0-9',.?!&]{1,10}", fullmatch=True)
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
_PARAGRAPH = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)
_TEXT = st.lists(_PARAGRAPH, min_size=1, max_size=3).map("\n\n".join)


@st.composite
def _notes_docs(draw: st.DrawFn) -> Document:
    count = draw(st.integers(1, 8))
    gaps = draw(st.lists(st.integers(1, 90_000), min_size=count, max_size=count))
    starts = [sum(gaps[: i + 1]) for i in range(count)]
    cues = [Cue(start, None, draw(_TEXT), 0, speaker=draw(st.none() | _NAME)) for start in starts]
    preamble = draw(st.sampled_from(["", "# T\n\n### Transcript\n", "### Agenda\n- a\n\n"]))
    url = draw(st.sampled_from([None, URL, "https://youtu.be/ID"]))
    return Document(cues=cues, metadata=Metadata(preamble=preamble, url=url))


def _plain(doc: Document) -> list[tuple[int, str | None, str]]:
    return [(c.start_ms, c.speaker, c.text) for c in doc.cues]


@settings(max_examples=50)
@given(_notes_docs())
def test_notes_write_then_read_gives_the_document_back(doc: Document) -> None:
    written = transcript.write(doc)
    again = transcript.read(written)
    assert _plain(again) == _plain(doc)
    assert again.metadata.preamble == doc.metadata.preamble
    assert again.metadata.url == doc.metadata.url
    assert transcript.write(again) == written


@settings(max_examples=50)
@given(_notes_docs())
def test_speakers_survive_vtt_and_json(doc: Document) -> None:
    api.prepare(doc, "vtt")
    from_vtt = vtt.read(vtt.write(doc))
    assert [(c.speaker, c.text) for c in from_vtt.cues] == [
        (c.speaker, re.sub(r"\n\n", "\n", c.text)) for c in doc.cues
    ]
    assert from_vtt.metadata.preamble == doc.metadata.preamble
    from_json = jsonfmt.read(jsonfmt.write(doc))
    assert _plain(from_json) == _plain(doc)


_SPEAKER = _NAME.filter(lambda name: name.split()[0].lower() not in NOT_NAMES)


@settings(max_examples=50)
@given(st.lists(st.tuples(_SPEAKER, _LINE), min_size=1, max_size=6))
def test_srt_prefixes_round_trip_when_a_name_repeats(said: list[tuple[str, str]]) -> None:
    said = [*said, said[0]]
    cues = [Cue(i * 1000, i * 1000 + 500, t, 0, speaker=name) for i, (name, t) in enumerate(said)]
    again = srt.read(srt.write(Document(cues=cues)))
    assert [(c.speaker, c.text) for c in again.cues] == said


# --- the commands ------------------------------------------------------------------------------

runner = CliRunner()


def _copy_notes(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "meeting.md"
    path.write_bytes(NOTES.read_bytes())
    return path


def test_check_checks_notes_instead_of_skipping_them(tmp_path: Path) -> None:
    notes_path = _copy_notes(tmp_path / "notes")
    result = runner.invoke(app, ["check", str(tmp_path / "notes")])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{notes_path}:20:18: W008 turn starts at 0:00:06.000, as the one before it (line 15): "
        "both are kept in one cue, each with its speaker\n"
        f"{notes_path}:23:22: E105 timestamp label '00:40/graph:45' is not MM:SS or HH:MM:SS\n"
        "Found 1 error and 1 warning (1 file checked).\n"
    )


def test_batch_and_sync_convert_notes(tmp_path: Path) -> None:
    notes_path = _copy_notes(tmp_path / "notes")
    result = runner.invoke(app, ["batch", str(tmp_path / "notes"), "--to", "vtt"])
    assert result.exit_code == 0 and result.stdout.startswith("1 converted")
    vtt_path = notes_path.with_suffix(".vtt")
    assert vtt_path.read_bytes() == (SAMPLES / "meeting-notes.md.expected.vtt").read_bytes()
    notes_path.write_text(notes_path.read_text().replace("Nice.", "Very nice."))
    result = runner.invoke(app, ["sync", str(notes_path)])
    assert result.exit_code == 1
    assert result.stderr.endswith(f"{vtt_path}: regenerated from {notes_path}\n")
    assert "<v Chenyu>Very nice.</v>" in vtt_path.read_text()


def test_to_srt_no_speakers(tmp_path: Path) -> None:
    notes_path = _copy_notes(tmp_path)
    result = runner.invoke(app, ["to-srt", str(notes_path), "--no-speakers", "-o", "-", "-q"])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "1\n00:00:00,000 --> 00:00:06,000\nLet's get started. Any company update?\n\n"
        "2\n00:00:06,000 --> 00:00:45,000\nso I've been sick all week\n"
    )
    assert "Nice.\n\n3\n" in result.stdout and ": " not in result.stdout.replace(",000", "")


def test_to_transcript_of_a_notes_vtt_gives_the_notes_back(tmp_path: Path) -> None:
    vtt_path = tmp_path / "meeting.vtt"
    vtt_path.write_bytes((SAMPLES / "meeting-notes.md.expected.vtt").read_bytes())
    result = runner.invoke(app, ["to-transcript", str(vtt_path), "-q"])
    assert result.exit_code == 0, result.stderr
    expected = (SAMPLES / "meeting-notes.md.expected.md").read_text()
    # WebVTT holds no blank line inside a cue: that paragraph break is the only loss.
    expected = expected.replace("coming.\n\nThey arrive", "coming.\nThey arrive")
    assert vtt_path.with_suffix(".md").read_text() == expected


_PIECE = st.sampled_from(
    [
        "##### **Ann** [[00:00:01](https://youtu.be/X&t=1)]",
        "##### **Bob** [[00:00:02](#t=2)]",
        "##### **SPEAKER_03** [[00:40/graph:45](?t=45)]",
        "##### [[00:00:09](#t=9.5)]",
        "##### **Eve** [[00:00:05](#t=x)]",
        "##### **No link**",
        "### Other heading",
        "#",
        "\\# escaped",
        "   ",
        "",
        "text <c.x>with a class</c> & <b>bold</b>  ",
        "*  a bullet [[00:00:03](#t=3s)]",
        "---",
    ]
)


@settings(max_examples=100)
@given(st.lists(_PIECE | _LINE, max_size=30).map("\n".join))
def test_any_mix_of_turns_and_text_reads_or_fails_cleanly(text: str) -> None:
    """A reader error is a ParseError with a line; what is read writes back stably."""
    try:
        doc = transcript.read(text)
    except ParseError as exc:
        assert exc.line is not None and exc.line >= 1
        return
    if doc.metadata.preamble is None or any(p.severity == "error" for p in doc.problems):
        return
    written = transcript.write(doc)
    again = transcript.read(written)
    # Markup a transcript cannot hold (<c>) is dropped, and said: W007 in a conversion.
    assert [(c.start_ms, c.speaker, c.text) for c in again.cues] == [
        (c.start_ms, c.speaker, c.text.replace("<c.x>", "").replace("</c>", "")) for c in doc.cues
    ]
    held = any("<c.x>" in cue.text for cue in doc.cues)
    assert notes.dropped_markup(doc) == ({"c"} if held else set())
    assert transcript.write(again) == written


def test_a_voice_inside_a_turn_is_markup_the_notes_cannot_hold() -> None:
    doc = transcript.read(heading("Ann", "00:00:01", "1") + "\nsays <v Zed>hi</v>\n")
    assert doc.cues[0].speaker == "Ann"
    assert notes.dropped_markup(doc) == {"v"}
    assert transcript.write(doc).endswith("]\nsays hi\n")


def test_reflow_makes_captions_of_turns_and_each_keeps_its_speaker() -> None:
    source = api.read(NOTES)
    spoken = [
        (name, word) for cue in source.cues for name, text in turns(cue) for word in text.split()
    ]
    doc = api.read(NOTES)
    api.prepare(doc, "vtt", api.Options(reflow=True))
    assert len(doc.cues) > len(source.cues)  # the long turns were cut into captions
    captions = vtt.read(vtt.write(doc)).cues
    # Every caption is one speaker's: a voice span of its own, never two speakers' words.
    assert all(cue.speaker is not None for cue in captions)
    assert [(cue.speaker, word) for cue in captions for word in cue.text.split()] == spoken
    srt_text = srt.write(doc)
    assert srt_text.count("Geohot: ") == sum(1 for c in captions if c.speaker == "Geohot")


OLDER_NOTES = """# 2024-11-11 Meeting

### Meeting Agenda

**Time:** 8 PM Hong Kong Time
- Company update

### Chapters

- **00:00:00 Introductions** Overview of sales.

### Transcript

**Geohot** [00:00:01]
Welcome, welcome people to meeting.
Yeah, I @-ed everyone.

**Chenyu** [00:03:01]
Is the new LLVM faster or slower or similar?
"""


def test_the_familys_older_notes_with_plain_turn_lines_are_read() -> None:
    """Notes of late 2024 write a turn as '**Name** [00:00:01]': no heading, no link.
    They were refused ("expected the '# title' ... found '### Meeting Agenda'")."""
    doc = api.parse(OLDER_NOTES, "transcript")
    assert [(c.start_ms, c.speaker, c.text, c.line) for c in doc.cues] == [
        (1000, "Geohot", "Welcome, welcome people to meeting.\nYeah, I @-ed everyone.", 14),
        (181000, "Chenyu", "Is the new LLVM faster or slower or similar?", 18),
    ]
    assert doc.metadata.title == "2024-11-11 Meeting"
    assert doc.problems == []


def test_markdown_links_in_notes_become_their_text_in_captions() -> None:
    text = OLDER_NOTES.replace(
        "Yeah, I @-ed everyone.",
        "We delivered [27 TinyBox Pros](https://x.com/gregjhogan/status/1870712068644741287).",
    )
    doc = api.parse(text, "transcript")
    warnings = [p.message for p in api.prepare(doc, "srt")]
    assert "We delivered 27 TinyBox Pros." in api.dumps(doc, "srt")
    assert "srt cannot hold: link addresses on 1 cue (their text is kept) (dropped)" in warnings
    kept = api.parse(text, "transcript")
    api.prepare(kept, "transcript")
    assert "(https://x.com/gregjhogan/status/1870712068644741287)" in api.dumps(kept, "transcript")


def test_older_notes_whose_only_turn_is_the_first_line() -> None:
    doc = api.parse("**Alice** [00:00:06]\nHello there everyone.\n", "transcript")
    assert [(c.start_ms, c.speaker, c.text) for c in doc.cues] == [
        (6000, "Alice", "Hello there everyone.")
    ]
