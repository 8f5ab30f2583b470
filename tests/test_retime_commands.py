"""Retiming through the commands: convert, to-*, batch (and the refusal), end to end."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convert import api, batch
from convert.cli import app
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


# -- the command line -------------------------------------------------------------------------

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    return Path(shutil.copyfile(RETIME / "talk.srt", tmp_path / "talk.srt"))


def test_convert_to_its_own_format_with_a_shift(talk: Path) -> None:
    out = talk.with_name("talk.fixed.srt")
    code, stdout, stderr = run("convert", str(talk), str(out), "--shift", "2.5s")
    assert (code, stdout) == (0, "")
    assert stderr == f"{talk} -> {out} (4 cues)\n"
    assert out.read_text(encoding="utf-8") == (
        RETIME / "talk.srt.shift+2.5s.expected.srt"
    ).read_text(encoding="utf-8")
    assert talk.read_bytes() == (RETIME / "talk.srt").read_bytes()


@pytest.mark.parametrize("shift", ["-0.8", "--shift=-0.8", "-00:00:00.800", "-800ms"])
def test_a_negative_shift_is_read_as_a_value_not_an_option(talk: Path, shift: str) -> None:
    args = [shift] if shift.startswith("--") else ["--shift", shift]
    code, stdout, stderr = run("to-vtt", str(talk), "-o", "-", *args)
    if shift == "-800ms":  # not in the duration grammar: a usage error, not a crash
        assert code == 2 and "--shift" in stderr and "not a duration" in stderr
        return
    assert code == 0, stderr
    assert stdout.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.200\nWelcome back.\n")


def test_the_refusal_names_the_first_cue_and_writes_nothing(talk: Path) -> None:
    out = talk.with_name("out.srt")
    code, stdout, stderr = run("convert", str(talk), str(out), "--shift", "-0.9")
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"{talk}:2: the retiming moves this cue's start from 0:00:00.800 to -0:00:00.100, "
        "before zero; nothing written\n"
    )
    assert not out.exists()
    assert sorted(p.name for p in talk.parent.iterdir()) == ["talk.srt"]


def test_the_output_is_never_the_input(talk: Path) -> None:
    code, _, stderr = run("to-srt", str(talk), "--shift", "2")
    assert code == 2
    assert stderr == f"{talk}: the output would overwrite the input; choose another with -o\n"
    assert talk.read_bytes() == (RETIME / "talk.srt").read_bytes()


def test_framerate_and_sync_on_the_command_line(talk: Path) -> None:
    code, stdout, _ = run("to-srt", str(talk), "-o", "-", "--framerate", "25:23.976")
    assert code == 0
    assert stdout == (RETIME / "talk.srt.framerate-25-23.976.expected.srt").read_text(
        encoding="utf-8"
    )
    code, stdout, _ = run(
        "to-srt", str(talk), "-o", "-", "--sync", "00:01:00=00:01:02.5,01:00:00=01:00:05"
    )
    assert code == 0
    assert stdout == (RETIME / "talk.srt.sync.expected.srt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--framerate", "25"], "--framerate: expected FROM:TO such as 25:23.976"),
        (["--sync", "1:00=1:05,2:00=1:00"], "run time backwards"),
        (["--shift", "soon"], "--shift: not a duration: 'soon'"),
    ],
)
def test_bad_options_are_usage_errors(talk: Path, args: list[str], message: str) -> None:
    code, stdout, stderr = run("to-vtt", str(talk), *args)
    assert code == 2 and stdout == ""
    assert message in stderr
    assert "Traceback" not in stderr
    assert not talk.with_suffix(".vtt").exists()


def test_a_transcript_moves_with_its_labels_and_warns_past_length(tmp_path: Path) -> None:
    source = Path(shutil.copyfile(RETIME / "talk.md", tmp_path / "talk.md"))
    out = tmp_path / "talk.later.md"
    code, _, stderr = run("convert", str(source), str(out), "--shift", "1m")
    assert code == 0
    assert out.read_text(encoding="utf-8") == (RETIME / "talk.md.shift+1m.expected.md").read_text(
        encoding="utf-8"
    )
    assert stderr == (
        f"{source}:12: warning: after retiming this cue starts at 0:02:00.000, past the "
        "header's Length (75 s); 1 more cue too; the header is left as it is\n"
        f"{source} -> {out} (4 cues)\n"
    )


def test_batch_takes_the_retiming_options(captions: Path, tmp_path: Path) -> None:
    out = tmp_path / "fixed"
    code, stdout, stderr = run(
        "batch", str(captions), "--to", "srt", "--out", str(out), "--shift", "-0.8"
    )
    assert (code, stderr) == (0, "")
    # karaoke.vtt's inline timestamps cannot be kept in SRT: that is its warning.
    assert stdout == (
        "3 converted, 0 up to date, 0 skipped, 0 failed "
        "(1 converted with warnings; -v shows them)\n"
    )
    assert (out / "talk.srt").read_text(encoding="utf-8") == (
        RETIME / "talk.srt.shift-0.8.expected.srt"
    ).read_text(encoding="utf-8")
