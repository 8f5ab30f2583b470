"""Batch never writes outside its output tree, whatever symbolic links the tree holds.

The class of bug: an output path is made by joining the output root and a relative
path, and a folder on the way is a link to somewhere else. Every case writes a victim
folder's listing before and after, and the victim must stay empty.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convert import atomic, batch
from convert.cli import app

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"
# The same cue in WebVTT, written by hand.
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_link_in_src_that_is_inside_out_is_not_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The recipe: --out inside SRC, and a link in it to a victim folder.
    monkeypatch.chdir(tmp_path)
    for folder in ("src/sub", "src/site", "victim"):
        Path(folder).mkdir(parents=True)
    Path("src/sub/a.srt").write_text(SRT)
    Path("src/b.srt").write_text(SRT)
    os.symlink(tmp_path / "victim", "src/site/sub")
    code, _, err = run("batch", "src", "--to", "vtt", "--out", "src/site")
    assert list(Path("victim").iterdir()) == []
    assert code == 1
    assert err.splitlines() == [
        "src/site/sub/a.vtt: folder "
        f"{tmp_path}/src/site/sub leads outside the output folder through a symbolic link; "
        "not written"
    ]
    assert Path("src/site/b.vtt").read_text() == VTT  # the other file is converted


def test_a_link_already_in_out_is_not_written_through(tmp_path: Path) -> None:
    (tmp_path / "src" / "deep").mkdir(parents=True)
    (tmp_path / "src" / "deep" / "a.srt").write_text(SRT)
    victim = tmp_path / "victim"
    victim.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "deep").symlink_to(victim)
    report = batch.run(batch.plan([tmp_path / "src"], "vtt", out=out), jobs=1)
    assert list(victim.iterdir()) == []
    assert [o.status for o in report.outcomes] == ["failed"]
    assert "leads outside the output folder" in report.outcomes[0].errors[0]


def test_a_link_that_stays_inside_the_root_is_followed(tmp_path: Path) -> None:
    # Beside-input outputs reached through a link inside SRC are still written.
    real = tmp_path / "src" / "real"
    real.mkdir(parents=True)
    (real / "a.srt").write_text(SRT)
    (tmp_path / "src" / "alias").symlink_to(real)
    atomic.write(tmp_path / "src" / "alias" / "x.vtt", b"data", root=tmp_path / "src")
    assert (real / "x.vtt").read_bytes() == b"data"


@pytest.mark.parametrize("depth", [1, 3])
def test_atomic_write_refuses_every_link_out_of_the_root(tmp_path: Path, depth: int) -> None:
    root = tmp_path / "root"
    victim = tmp_path / "victim"
    victim.mkdir()
    folder = root.joinpath(*["d"] * (depth - 1))
    folder.mkdir(parents=True)
    (folder / "link").symlink_to(victim)
    with pytest.raises(atomic.OutsideRoot) as info:
        atomic.write(folder / "link" / "a" / "b.vtt", b"data", root=root)
    assert info.value.filename == str(folder / "link" / "a" / "b.vtt")
    assert list(victim.iterdir()) == []
    with pytest.raises(atomic.OutsideRoot):
        atomic.write(tmp_path / "elsewhere.vtt", b"data", root=root)
    assert not (tmp_path / "elsewhere.vtt").exists()


def test_missing_folders_under_the_root_are_made(tmp_path: Path) -> None:
    atomic.write(tmp_path / "out" / "a" / "b" / "c.vtt", b"data", root=tmp_path / "out")
    assert (tmp_path / "out" / "a" / "b" / "c.vtt").read_bytes() == b"data"
    assert sorted(p.name for p in (tmp_path / "out" / "a" / "b").iterdir()) == ["c.vtt"]
