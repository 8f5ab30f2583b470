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


def test_ci_run_stops_at_a_lint_failure(tmp_path: Path) -> None:
    # A stand-in python3 makes a "venv" whose python succeeds, whose ruff finds a problem
    # and whose mypy and pytest note that they ran: the run must fail at ruff, not go on.
    stubs = tmp_path / "bin"
    stubs.mkdir()
    ran = tmp_path / "ran"
    fake_python3 = f"""#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
    mkdir -p "$3/bin"
    printf '#!/bin/sh\\necho python "$@" >> {ran}\\nexit 0\\n' > "$3/bin/python"
    printf '#!/bin/sh\\necho ruff "$@" >> {ran}\\nexit 1\\n' > "$3/bin/ruff"
    printf '#!/bin/sh\\necho mypy >> {ran}\\nexit 0\\n' > "$3/bin/mypy"
    chmod +x "$3/bin/python" "$3/bin/ruff" "$3/bin/mypy"
fi
"""
    (stubs / "python3").write_text(fake_python3)
    (stubs / "apt-get").write_text("#!/bin/sh\nexit 0\n")
    for name in ("python3", "apt-get"):
        (stubs / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{stubs}:/usr/bin:/bin", "TMPDIR": str(tmp_path)}
    run = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 1, run.stdout + run.stderr
    steps = ran.read_text().splitlines()
    assert steps[-1].startswith("ruff check")
    assert not any(step.startswith(("mypy", "python -m pytest")) for step in steps)
