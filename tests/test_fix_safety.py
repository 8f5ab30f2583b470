"""``check --fix`` and ``sync`` edit files safely: a link's target, never a file the user may
not write, never a file of mixed encodings, and a fixed point in one run (issue 16, 5-6)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from typer.testing import CliRunner

from convert.cli import app
from convert.textio import may_write

runner = CliRunner()

OUT_OF_ORDER = (
    "1\n00:00:05,000 --> 00:00:06,000\nSecond\n\n"
    "2\n00:00:01,000 --> 00:00:02,000\nFirst\n\n"
    "3\n00:00:08,000 --> 00:00:09,000\nThird\n"
)
SORTED = (
    "1\n00:00:01,000 --> 00:00:02,000\nFirst\n\n"
    "2\n00:00:05,000 --> 00:00:06,000\nSecond\n\n"
    "3\n00:00:08,000 --> 00:00:09,000\nThird\n"
)


def test_one_fix_run_reaches_a_fixed_point(tmp_path: Path) -> None:
    """Sorting put the numbers out of sequence, and a run used to stop there (W201 left)."""
    path = tmp_path / "a.srt"
    path.write_text(OUT_OF_ORDER, encoding="utf-8")
    result = runner.invoke(app, ["check", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == SORTED
    assert result.exit_code == 0
    assert "fixable" not in result.stdout
    assert f"{path}:6: fixed E101:" in result.stderr
    assert f"{path}:1: fixed W201: cues renumbered 1 to 3" in result.stderr
    again = runner.invoke(app, ["check", "--fix", str(path)])
    assert again.stderr == "" and path.read_text(encoding="utf-8") == SORTED


def test_fix_edits_the_file_a_link_points_to(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "a.srt"
    target.write_text(OUT_OF_ORDER, encoding="utf-8")
    link = tmp_path / "link.srt"
    link.symlink_to(target)
    result = runner.invoke(app, ["check", "--fix", str(link)])
    assert result.exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == SORTED
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["a.srt"]


def test_fix_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "a.srt"
    path.write_text(OUT_OF_ORDER, encoding="utf-8")
    path.chmod(0o444)
    result = runner.invoke(app, ["check", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == OUT_OF_ORDER
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert result.exit_code == 1  # the E101 is still there
    assert result.stderr == (f"{path}: not fixed: read-only (no write permission); not changed\n")
    assert f"{path}:6:1: E101 " in result.stdout


def test_permission_bits_decide_even_for_root(tmp_path: Path) -> None:
    path = tmp_path / "a.srt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0o644)
    assert may_write(path)
    path.chmod(0o066)  # others may write; its owner (us) may not
    assert not may_write(path)
    if os.geteuid() == 0:  # another user's file in a folder we may write
        path.chmod(0o644)
        os.chown(path, 65534, 65534)
        assert not may_write(path)


def test_sync_edits_a_link_target_and_refuses_a_read_only_caption(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_text(
        "* Hello [[00:00:01](https://youtu.be/x?t=1s)]\n"
        "* Again [[00:00:04](https://youtu.be/x?t=4s)]\n",
        encoding="utf-8",
    )
    stale = "1\n00:00:00,000 --> 00:00:01,000\nOld\n"
    (tmp_path / "store").mkdir()
    real = tmp_path / "store" / "talk.srt"
    real.write_text(stale, encoding="utf-8")
    (tmp_path / "talk.srt").symlink_to(real)
    result = runner.invoke(app, ["sync", str(talk), "--last-duration", "2"])
    assert result.exit_code == 1
    assert (tmp_path / "talk.srt").is_symlink()
    assert real.read_text(encoding="utf-8") == (
        "1\n00:00:01,000 --> 00:00:04,000\nHello\n\n2\n00:00:04,000 --> 00:00:06,000\nAgain\n\n"
    )
    real.write_text(stale, encoding="utf-8")
    real.chmod(0o444)
    result = runner.invoke(app, ["sync", str(talk), "--last-duration", "2"])
    assert result.exit_code == 2
    assert (
        result.stderr == f"{tmp_path / 'talk.srt'}: read-only (no write permission); not changed\n"
    )
    assert real.read_text(encoding="utf-8") == stale


def test_fix_refuses_a_file_of_mixed_encodings(tmp_path: Path) -> None:
    """Fixing used to re-encode the UTF-8 lines as cp1252 (or crash on them)."""
    data = (
        "1\n00:00:05,000 --> 00:00:06,000\nCaf\u00e9 cr\u00e8me\n\n".encode()
        + "2\n00:00:01,000 --> 00:00:02,000\nd\u00e9j\u00e0 vu, na\u00efve\n".encode("cp1252")
    )
    path = tmp_path / "mixed.srt"
    path.write_bytes(data)
    result = runner.invoke(app, ["check", "--fix", str(path)])
    assert path.read_bytes() == data
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: not fixed: its lines are in different encodings")
    assert result.stderr.endswith("; save it in one encoding first\n")


def test_quiet_prints_warnings_and_errors_as_its_help_says(tmp_path: Path) -> None:
    help_text = " ".join(runner.invoke(app, ["to-vtt", "--help"]).stdout.split())
    assert "-q, --quiet Print only errors and warnings." in help_text
    path = tmp_path / "a.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:03,000 --> 00:00:04,000\nB\n")
    result = runner.invoke(app, ["to-vtt", str(path), "-q"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"{path}:4: warning: a cue starts here without a blank line before it\n"
    )
