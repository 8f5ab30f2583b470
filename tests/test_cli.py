"""End-to-end: the ``subconv`` commands through typer's runner and as a real process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convert.cli import app

from .conftest import SAMPLES, SEED

runner = CliRunner()


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    path = tmp_path / "talk.md"
    shutil.copyfile(SEED, path)
    return path


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_to_srt_writes_next_to_the_input(talk: Path) -> None:
    code, out, err = run("to-srt", str(talk))
    assert code == 0 and out == ""
    assert talk.with_suffix(".srt").read_bytes() == SEED.with_suffix(".srt").read_bytes()
    assert err == f"{talk} -> {talk.with_suffix('.srt')} (39 cues)\n"


def test_to_vtt_to_stdout(talk: Path) -> None:
    code, out, _ = run("to-vtt", str(talk), "-o", "-")
    assert code == 0
    assert out == SEED.with_suffix(".vtt").read_text(encoding="utf-8")
    assert not talk.with_suffix(".vtt").exists()


def test_stdin_to_stdout_and_back(talk: Path, tmp_path: Path) -> None:
    code, srt_text, _ = run("to-srt", "-", "-o", "-", stdin=talk.read_text())
    assert code == 0 and srt_text == SEED.with_suffix(".srt").read_text()
    vtt = tmp_path / "talk.vtt"
    assert run("convert", str(talk), str(vtt))[0] == 0
    back = tmp_path / "back.md"
    assert run("to-transcript", str(vtt), "-o", str(back))[0] == 0
    assert back.read_text() == run("to-transcript", str(talk), "-o", "-")[1]


def test_convert_formats_from_extensions_and_overrides(talk: Path, tmp_path: Path) -> None:
    assert run("convert", str(talk), str(tmp_path / "t.json"))[0] == 0
    assert run("convert", str(tmp_path / "t.json"), str(tmp_path / "t.srt"))[0] == 0
    assert (tmp_path / "t.srt").read_bytes() == SEED.with_suffix(".srt").read_bytes()
    odd = tmp_path / "captions.txt2"
    assert run("convert", str(talk), str(odd), "--to", "vtt")[0] == 0
    assert odd.read_text().startswith("WEBVTT\n")
    code, _, err = run("convert", str(odd), str(tmp_path / "x.unknown"))
    assert code == 2 and "cannot tell the format" in err


def test_output_never_overwrites_the_input(talk: Path) -> None:
    srt = talk.with_suffix(".srt")
    run("to-srt", str(talk))
    before = srt.read_bytes()
    code, _, err = run("convert", str(srt), str(srt))
    assert code == 2 and "would overwrite the input" in err
    assert srt.read_bytes() == before


def test_transcript_is_not_overwritten_at_a_derived_path(talk: Path) -> None:
    vtt = talk.with_suffix(".vtt")
    run("to-vtt", str(talk))
    original = talk.read_bytes()
    code, _, err = run("to-transcript", str(vtt))
    assert code == 2 and err.startswith(f"{talk}: exists")
    assert talk.read_bytes() == original
    assert run("to-transcript", str(vtt), "--force")[0] == 0


def test_backwards_transcript_is_refused_with_the_bullet_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("# T\n*  a [[00:00:05](#t=5s)]\n*  b [[00:00:03](#t=3s)]\n")
    code, _, err = run("to-srt", str(bad))
    assert code == 1
    assert err.startswith(f"{bad}:3: start 0:00:03.000 goes back before the previous start")
    assert not bad.with_suffix(".srt").exists()


def test_untimed_transcript_needs_estimate_timing(tmp_path: Path) -> None:
    old = tmp_path / "old.md"
    old.write_text("---\nLength: 10s\n---\n\n# Old\n*  four\n*  four\n*  eight ch\n")
    code, _, err = run("to-vtt", str(old))
    assert code == 1 and err.startswith(f"{old}:6: transcript has no timestamps")
    assert not old.with_suffix(".vtt").exists()
    code, _, err = run("to-vtt", str(old), "--estimate-timing", "-q")
    assert code == 0 and "timing estimated from Length (10 s)" in err
    text = old.with_suffix(".vtt").read_text()
    assert "NOTE Timing estimated by subconv" in text
    # 4 + 4 + 8 characters over 10 s: starts at 0, 2.5 s and 5 s; the last ends at Length.
    assert "00:00:00.000 --> 00:00:02.500\nfour" in text
    assert "00:00:05.000 --> 00:00:10.000\neight ch" in text


def test_malformed_srt_is_refused_without_partial_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.srt"
    bad.write_text("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\nnot a timing\nx\n")
    code, _, err = run("to-vtt", str(bad))
    assert code == 2
    assert (
        err == f"{bad}:6: expected a timing line like '00:00:01,000 --> 00:00:02,500', "
        "found 'not a timing'\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.srt"]
    code, _, err = run("to-vtt", str(bad), "--lenient", "-q")
    assert code == 0 and "(--lenient)" in err


def test_duration_options(talk: Path) -> None:
    code, out, _ = run(
        "to-srt", str(talk), "-o", "-", "--max-duration", "3", "--last-duration", "1.5"
    )
    assert code == 0
    assert "00:00:00,000 --> 00:00:03,000\n" in out  # capped at 3 s
    assert "00:02:46,000 --> 00:02:47,500\n" in out  # last cue lasts 1.5 s
    code, _, err = run("to-srt", str(talk), "--max-duration", "soon")
    assert code == 2 and "not a duration" in err


@pytest.mark.parametrize("args", [["to-srt", "missing.md"], ["to-srt", "x.md", "--from", "docx"]])
def test_usage_errors_exit_2_without_traceback(args: list[str], tmp_path: Path) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1


def test_installed_command_runs_as_a_real_process(talk: Path) -> None:
    exe = shutil.which("subconv", path=os.path.dirname(sys.executable)) or shutil.which("subconv")
    assert exe is not None, "subconv is not installed in this environment"
    done = subprocess.run(
        [exe, "to-srt", str(talk), "-q"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert talk.with_suffix(".srt").read_bytes() == SEED.with_suffix(".srt").read_bytes()
    done = subprocess.run(
        [exe, "to-vtt", str(SAMPLES / "hard-cases.srt"), "-o", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout == (SAMPLES / "hard-cases.srt.expected.vtt").read_text()
    assert "hard-cases.srt:9: warning: text after the timing line" in done.stderr
