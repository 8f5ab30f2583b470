"""``.ci/run`` cleans up after itself: its 170 MB virtual environment never stays in /tmp."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_run_removes_its_environment_even_when_it_fails(tmp_path: Path) -> None:
    # Stand-ins: apt-get does nothing, python3 fails at once (as a broken install would),
    # so the script stops early under `set -e`; its temporary folder must still go.
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in (("apt-get", "exit 0"), ("python3", "exit 3")):
        (stubs / name).write_text(f"#!/bin/sh\n{body}\n")
        (stubs / name).chmod(0o755)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "PATH": f"{stubs}:/usr/bin:/bin", "TMPDIR": str(scratch)}
    run = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 3, run.stdout + run.stderr
    assert list(scratch.iterdir()) == []
