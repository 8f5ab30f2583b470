"""Temporary files: cleaned when provably abandoned, never when live, short enough to exist.

A write goes through ``.NAME.XXXXXXXX.tmp``, locked from creation to rename. The classes:
a killed conversion's leftover is removed by the next conversion of the same output (and
by batch); a running writer's is never removed; SIGTERM and Ctrl-C remove their own; a
name of 242-255 bytes still gets a temporary name within the file system's limit.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from convert import api, atomic, batch

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n"  # SRT above, by hand


def _leftover(
    folder: Path, name: str, *, locked: bool, mark: str = "1a2b3c4d"
) -> tuple[Path, int | None]:
    """A temporary file as a writer leaves it; ``locked``: its writer is still running
    (this test holds the lock, through its own open file description)."""
    path = folder / f".{name}.{mark}.tmp"
    path.write_bytes(b"half a file")
    if not locked:
        return path, None
    fd = os.open(path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return path, fd


def test_a_conversion_removes_only_abandoned_temporaries_of_its_output(tmp_path: Path) -> None:
    source = tmp_path / "k.srt"
    source.write_text(SRT)
    dead, _ = _leftover(tmp_path, "k.vtt", locked=False)
    live, fd = _leftover(tmp_path, "k.vtt", locked=True, mark="5e6f7a8b")
    other, _ = _leftover(tmp_path, "other.vtt", locked=False)
    try:
        api.convert(source, tmp_path / "k.vtt")
    finally:
        assert fd is not None
        os.close(fd)
    assert (tmp_path / "k.vtt").read_text() == VTT
    assert not dead.exists()
    assert live.read_bytes() == b"half a file"  # another writer's: left alone
    assert other.exists()  # not this output's


def test_batch_never_removes_a_live_temporary(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.srt").write_text(SRT)
    dead, _ = _leftover(src, "a.vtt", locked=False)
    live, fd = _leftover(src, "a.vtt", locked=True, mark="99999999")
    try:
        plan = batch.plan([src], "vtt")
        assert plan.stale == [str(dead)]
        batch.run(plan, jobs=1)
    finally:
        assert fd is not None
        os.close(fd)
    assert not dead.exists()
    assert live.exists()
    assert (src / "a.vtt").read_text() == VTT


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_remove_the_temporary_file(tmp_path: Path, signum: int) -> None:
    source = tmp_path / "a.srt"
    source.write_text(SRT)
    # The signal arrives while the bytes are in the temporary file, before the rename.
    script = textwrap.dedent(
        f"""
        import os, sys
        import convert.atomic as atomic
        real_fsync = os.fsync
        def fsync(fd):
            os.kill(os.getpid(), {int(signum)})
            real_fsync(fd)
        atomic.os.fsync = fsync
        from convert.cli import main
        sys.argv = ["subconv", "convert", {str(source)!r}, {str(tmp_path / "a.vtt")!r}]
        main()
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert (done.returncode, done.stderr) == (130, b"subconv: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.srt"]


def test_sigkill_leaves_a_temporary_that_the_next_conversion_removes(tmp_path: Path) -> None:
    source = tmp_path / "a.srt"
    source.write_text(SRT)
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        import convert.atomic as atomic
        def fsync(fd):
            os.kill(os.getpid(), signal.SIGKILL)
        atomic.os.fsync = fsync
        from convert.cli import main
        sys.argv = ["subconv", "convert", {str(source)!r}, {str(tmp_path / "a.vtt")!r}]
        main()
        """
    )
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert killed.returncode == -signal.SIGKILL
    left = [p.name for p in tmp_path.iterdir() if p.name != "a.srt"]
    assert len(left) == 1 and left[0].startswith(".a.vtt.") and left[0].endswith(".tmp")
    api.convert(source, tmp_path / "a.vtt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.srt", "a.vtt"]


@pytest.mark.parametrize("length", [242, 250, 255])
def test_names_of_242_to_255_bytes_can_be_written(tmp_path: Path, length: int) -> None:
    source = tmp_path / "a.srt"
    source.write_text(SRT)
    # Two-byte characters, so the shortened temporary name must cut on a character.
    stem = "é" * ((length - 4) // 2) + "x" * ((length - 4) % 2)
    output = tmp_path / f"{stem}.vtt"
    assert len(os.fsencode(output.name)) == length
    api.convert(source, output)
    assert output.read_text() == VTT
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.srt", output.name])
    temp = f".{atomic.temp_stem(output.name)}.12345678.tmp"
    assert len(os.fsencode(temp)) <= 255
    assert atomic.temp_stem("short.vtt") == "short.vtt"
