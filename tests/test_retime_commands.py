"""Retiming through the commands: convert, to-*, batch (and the refusal), end to end."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from convert import api, batch
from convert.retime import parse_shift

from .conftest import SAMPLES

RETIME = SAMPLES / "retime"


def aged(path: Path, age_s: int = 100) -> Path:
    """Date a file in the past, so an output written now is surely newer."""
    when = time.time_ns() - age_s * 10**9
    os.utime(path, ns=(when, when))
    return path


@pytest.fixture
def captions(tmp_path: Path) -> Path:
    """A folder with the retime samples' SRT and transcript, and a WebVTT file."""
    folder = tmp_path / "captions"
    (folder / "sub").mkdir(parents=True)
    for name, where in (("talk.srt", "talk.srt"), ("talk.md", "sub/talk.md")):
        aged(Path(shutil.copyfile(RETIME / name, folder / where)))
    aged(Path(shutil.copyfile(RETIME / "karaoke.vtt", folder / "karaoke.vtt")))
    return folder


def test_batch_retimes_files_already_in_the_target_format_into_out(
    captions: Path, tmp_path: Path
) -> None:
    out = tmp_path / "fixed"
    options = api.Options(retiming=parse_shift("2.5s"))
    plan = batch.plan([captions], "srt", out=out, options=options)
    assert sorted(Path(t.source).name for t in plan.tasks) == ["karaoke.vtt", "talk.md", "talk.srt"]
    report = batch.run(plan, jobs=2)  # the retiming travels to worker processes
    assert report.exit_status == 0, report.failed
    assert (out / "talk.srt").read_text(encoding="utf-8") == (
        RETIME / "talk.srt.shift+2.5s.expected.srt"
    ).read_text(encoding="utf-8")
    assert (
        (out / "sub" / "talk.srt")
        .read_text(encoding="utf-8")
        .startswith("1\n00:00:03,300 --> 00:00:05,497\nWelcome back.\n")
    )
    assert sorted(p.name for p in captions.rglob("*")) == [
        "karaoke.vtt",
        "sub",
        "talk.md",
        "talk.srt",
    ]


def test_batch_with_a_retiming_never_calls_an_output_up_to_date(
    captions: Path, tmp_path: Path
) -> None:
    out = tmp_path / "fixed"
    assert batch.run(batch.plan([captions], "vtt", out=out)).exit_status == 0
    plain = batch.plan([captions], "vtt", out=out)
    assert sorted(Path(t.source).name for t in plain.up_to_date) == ["talk.md", "talk.srt"]
    shifted = batch.plan(
        [captions], "vtt", out=out, options=api.Options(retiming=parse_shift("1s"))
    )
    assert shifted.up_to_date == []
    assert batch.run(shifted).exit_status == 0
    assert "00:00:01.800 --> 00:00:03.000\nWelcome back." in (out / "talk.vtt").read_text(
        encoding="utf-8"
    )


def test_batch_refuses_to_retime_a_file_over_itself(captions: Path) -> None:
    before = {p: p.read_bytes() for p in captions.rglob("*") if p.is_file()}
    plan = batch.plan([captions], "srt", options=api.Options(retiming=parse_shift("1s")))
    assert [o.errors for o in plan.refused] == [
        (
            f"{captions / 'talk.srt'}: already srt; retimed, it would be written over "
            "itself: give --out",
        )
    ]
    report = batch.run(plan)
    assert report.exit_status == 1
    # The transcript and the WebVTT file are converted beside themselves; talk.srt is not
    # touched (sub/talk.srt is new).
    assert {p: p.read_bytes() for p in before} == before
    assert (captions / "sub" / "talk.srt").exists() and (captions / "karaoke.srt").exists()


def test_batch_leaves_its_own_previous_output_beside_a_transcript_alone(tmp_path: Path) -> None:
    aged(Path(shutil.copyfile(RETIME / "talk.md", tmp_path / "talk.md")))
    aged(Path(shutil.copyfile(RETIME / "talk.srt", tmp_path / "talk.srt")), age_s=50)
    plan = batch.plan([tmp_path], "srt", options=api.Options(retiming=parse_shift("2s")))
    assert plan.refused == [] and plan.skipped == []
    assert [Path(t.source).name for t in plan.tasks] == ["talk.md"]
    assert batch.run(plan).exit_status == 0
    assert (tmp_path / "talk.srt").read_text(encoding="utf-8") == (
        RETIME / "talk.md.shift+2s.expected.srt"
    ).read_text(encoding="utf-8")


def test_batch_reports_a_cue_before_zero_and_writes_nothing_for_it(
    captions: Path, tmp_path: Path
) -> None:
    out = tmp_path / "fixed"
    plan = batch.plan(
        [captions], "srt", out=out, options=api.Options(retiming=parse_shift("-0.9s"))
    )
    report = batch.run(plan)
    assert report.exit_status == 1
    errors = sorted(line for outcome in report.failed for line in outcome.errors)
    assert errors == [
        f"{captions / 'sub' / 'talk.md'}:10: the retiming moves this cue's start from "
        "0:00:00.800 to -0:00:00.100, before zero; nothing written",
        f"{captions / 'talk.srt'}:2: the retiming moves this cue's start from 0:00:00.800 "
        "to -0:00:00.100, before zero; nothing written",
    ]
    assert sorted(p.name for p in out.rglob("*")) == ["karaoke.srt"]
