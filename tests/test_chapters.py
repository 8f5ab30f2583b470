"""``subconv chapters``: a WebVTT chapters track from the video description's chapter lines.

Expected tracks are worked out by hand: one cue per chapter line, titled as written, ending
where the next starts, the last at ``Length``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from convert import api
from convert.chapters import NoChapters, find_chapters, track
from convert.cli import app
from convert.errors import TimingError
from convert.formats import vtt

runner = CliRunner()

HEADER = (
    "---\nDate Generated: July 11, 2025\nLength: 1000s\n"
    "Video Description: A talk about ideas.\n"
    "Chapters:\n"
    "(00:00:00) Intro\n"
    "01:30 - The Idea Maze & <more>\n"
    "\n"
    "00:10:12 Questions\n"
    "Follow me at 10:30 on weekdays, or 10:30am\n"
    "---\n"
)
EXPECTED = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:01:30.000\nIntro\n\n"
    "00:01:30.000 --> 00:10:12.000\nThe Idea Maze &amp; &lt;more&gt;\n\n"
    "00:10:12.000 --> 00:16:40.000\nQuestions\n"
)
UNTIMED_BODY = "\n# A talk\n*  first words\n*  more words\n"
TIMED_BODY = "\n# A talk\n*  first [[00:00:04](#t=4s)]\n*  second [[00:00:09](#t=9s)]\n"


@pytest.mark.parametrize("body", [UNTIMED_BODY, TIMED_BODY])
def test_chapters_of_timed_and_untimed_transcripts(tmp_path: Path, body: str) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(HEADER + body)
    result = runner.invoke(app, ["chapters", str(talk)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"{talk} -> {tmp_path / 'talk.chapters.vtt'} (3 chapters)\n"
    assert (tmp_path / "talk.chapters.vtt").read_text() == EXPECTED


def test_chapter_lines_carry_their_file_lines() -> None:
    doc = api.parse(HEADER + TIMED_BODY, "transcript")
    assert [(c.start_ms, c.title, c.line) for c in find_chapters(doc)] == [
        (0, "Intro", 6),
        (90_000, "The Idea Maze & <more>", 7),
        (612_000, "Questions", 9),
    ]


def test_the_chapters_track_reads_back_as_webvtt() -> None:
    doc = track(api.parse(HEADER + UNTIMED_BODY, "transcript"))
    again = vtt.read(vtt.write(doc))
    assert [(c.start_ms, c.end_ms, c.text) for c in again.cues] == [
        (c.start_ms, c.end_ms, c.text) for c in doc.cues
    ]


def test_chapters_out_of_order_are_refused_at_their_line(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(HEADER.replace("00:10:12 Questions", "00:01:00 Questions") + TIMED_BODY)
    result = runner.invoke(app, ["chapters", str(talk)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{talk}:9: chapter 'Questions' at 0:01:00.000 does not start after the chapter "
        "before it, 'The Idea Maze & <more>' at 0:01:30.000 (line 7)\n"
    )
    assert not (tmp_path / "talk.chapters.vtt").exists()


def test_no_chapters_is_exit_1(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text("---\nLength: 10s\nVideo Description: no chapters, 10:30 - not one\n---\n")
    talk.write_text(talk.read_text() + TIMED_BODY)
    result = runner.invoke(app, ["chapters", str(talk), "-o", str(tmp_path / "c.vtt")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{talk}: no chapters in the video description (lines like '(00:10:12) Title', "
        "'00:10:12 Title' or '10:12 - Title')\n"
    )
    assert not (tmp_path / "c.vtt").exists()
    with pytest.raises(NoChapters):
        track(api.parse(TIMED_BODY, "transcript"))


def test_without_length_the_last_chapter_ends_with_the_last_cue() -> None:
    header = "---\nVideo Description: x\n0:00 Start\n0:05 - End part\n---\n"
    doc = track(api.parse(header + TIMED_BODY, "transcript"))
    # The last bullet (9 s, "second": 6 characters) lasts its reading time, the 1 s minimum.
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (0, 5000, "Start"),
        (5000, 10_000, "End part"),
    ]
    with pytest.raises(TimingError) as info:
        track(api.parse(header + UNTIMED_BODY, "transcript"))
    assert info.value.line == 4 and "no 'Length:'" in info.value.message


def test_a_chapter_at_or_after_length_is_refused() -> None:
    header = "---\nLength: 60s\nVideo Description: x\n0:00 Start\n1:00 Late\n---\n"
    with pytest.raises(TimingError) as info:
        track(api.parse(header + TIMED_BODY, "transcript"))
    assert info.value.line == 5


def test_meeting_notes_with_front_matter_have_chapters_too(tmp_path: Path) -> None:
    notes = (
        "---\nLength: 120s\nVideo Description: weekly\n0:00 Company update\n1:00 Bounties\n"
        "---\n\n# Meeting\n### Transcript\n"
        "##### **Chenyu** [[00:00:00](https://www.youtube.com/watch?v=ID&t=0)]\nhi\n"
    )
    talk = tmp_path / "meeting.md"
    talk.write_text(notes)
    result = runner.invoke(app, ["chapters", str(talk), "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout == (
        "WEBVTT\n\n00:00:00.000 --> 00:01:00.000\nCompany update\n\n"
        "00:01:00.000 --> 00:02:00.000\nBounties\n"
    )
