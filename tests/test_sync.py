"""`subconv sync`: captions beside a transcript are regenerated from it, like a formatter."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from convert.cli import app
from convert.sync import Skipped, Synced, sync_path

TALK = "*  Hello there [[00:00:01](#t=1.0s)]\n*  General Kenobi [[00:00:03](#t=3.5s)]\n"
# Worked out by hand: the first cue ends where the second starts; the last, with no Length,
# lasts its reading time, 14 characters at 15 a second, raised to the 1 s minimum.
TALK_SRT = (
    "1\n00:00:01,000 --> 00:00:03,500\nHello there\n\n"
    "2\n00:00:03,500 --> 00:00:04,500\nGeneral Kenobi\n\n"
)
TALK_VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:03.500\nHello there\n\n"
    "00:00:03.500 --> 00:00:04.500\nGeneral Kenobi\n"
)


def run(*args: str, cwd: Path) -> tuple[int, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.stderr


def test_stale_siblings_are_regenerated(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text(TALK)
    (tmp_path / "talk.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nold\n")
    (tmp_path / "talk.vtt").write_text(TALK_VTT)
    status, err = run("sync", "talk.md", cwd=tmp_path)
    assert (status, err) == (1, "talk.srt: regenerated from talk.md\n")
    assert (tmp_path / "talk.srt").read_text() == TALK_SRT
    assert (tmp_path / "talk.vtt").read_text() == TALK_VTT
    assert run("sync", "talk.md", cwd=tmp_path) == (0, "")


def test_check_only_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text(TALK)
    (tmp_path / "talk.vtt").write_text("WEBVTT\n")
    assert run("sync", "--check", "talk.md", cwd=tmp_path) == (
        1,
        "talk.vtt: is stale from talk.md\n",
    )
    assert (tmp_path / "talk.vtt").read_text() == "WEBVTT\n"


def test_a_caption_alone_is_synced_from_its_transcript(tmp_path: Path) -> None:
    # pre-commit may hand the caption and its transcript to different processes.
    (tmp_path / "talk.md").write_text(TALK)
    (tmp_path / "talk.srt").write_text("stale")
    results = sync_path(tmp_path / "talk.srt")
    assert results == [Synced(str(tmp_path / "talk.srt"), str(tmp_path / "talk.md"), True)]
    assert (tmp_path / "talk.srt").read_text() == TALK_SRT
    assert sync_path(tmp_path / "lonely.srt") == []


def test_crlf_and_bom_of_an_existing_caption_are_kept(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text(TALK)
    fresh = b"\xef\xbb\xbf" + TALK_SRT.replace("\n", "\r\n").encode()
    (tmp_path / "talk.srt").write_bytes(fresh)
    assert run("sync", "talk.md", cwd=tmp_path) == (0, "")
    assert (tmp_path / "talk.srt").read_bytes() == fresh


def test_untimed_transcript_captions_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text("---\nLength: 30s\n---\n\n*  first words\n*  more\n")
    (tmp_path / "old.srt").write_text("hand-timed")
    [result] = sync_path(tmp_path / "old.md")
    assert isinstance(result, Skipped)
    assert (tmp_path / "old.srt").read_text() == "hand-timed"


def test_non_transcripts_and_transcripts_without_captions(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Read me\n")
    (tmp_path / "README.srt").write_text("not ours")
    (tmp_path / "talk.md").write_text(TALK)
    assert run("sync", "README.md", "talk.md", "README.srt", cwd=tmp_path) == (0, "")
    assert (tmp_path / "README.srt").read_text() == "not ours"


def test_a_broken_transcript_fails_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("*  one [[00:00:05](#t=5.0s)]\n*  two [[00:00:02](#t=2.0s)]\n")
    (tmp_path / "bad.srt").write_text("")
    status, err = run("sync", "bad.md", cwd=tmp_path)
    assert status == 1
    assert err == (
        "bad.md:2: start 0:00:02.000 goes back before the previous start 0:00:05.000 (line 1)\n"
    )


def test_a_path_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    # a typo used to pass as "nothing to sync", exit 0
    assert run("sync", "no-such-talk.md", cwd=tmp_path) == (2, "no-such-talk.md: no such file\n")


def test_a_read_only_caption_does_not_keep_its_sibling_stale(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text(TALK)
    (tmp_path / "talk.srt").write_text("stale")
    (tmp_path / "talk.vtt").write_text("WEBVTT\n\nstale too\n")
    (tmp_path / "talk.srt").chmod(0o444)
    status, err = run("sync", "talk.md", cwd=tmp_path)
    assert status == 2
    assert "talk.srt: read-only" in err
    assert "talk.vtt: regenerated from talk.md" in err
    assert (tmp_path / "talk.vtt").read_text() == TALK_VTT
    assert (tmp_path / "talk.srt").read_text() == "stale"
