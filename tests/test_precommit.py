"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit in a temporary repository.

``pre-commit try-repo`` clones a hook repository at a commit and pip-installs it
into a fresh environment (from PyPI: this needs the network). The checkout is
snapshotted once per module into a one-commit repository, so the working tree's
state is what is tested (committed or not), without try-repo's "uncommitted
changes" shadow repository. try-repo builds its environment in a temporary store
every time (it never reuses PRE_COMMIT_HOME, which is pointed at a shared temporary
folder only to keep the user's cache out of it), so each test runs both hooks in
one try-repo: two environment builds in all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "samples" / "bbc-putin-peacekeepers.md"

BAD_SRT = "1\n00:00:01,000 --> 00:00:04,000\nOne\n\n2\n00:00:03,000 --> 00:00:05,000\nTwo\n"
GOOD_SRT = "1\n00:00:01,000 --> 00:00:02,500\nOne\n\n2\n00:00:02,500 --> 00:00:04,000\nTwo\n"
TALK = "*  Hello there [[00:00:01](#t=1.0s)]\n*  General Kenobi [[00:00:03](#t=3.5s)]\n"
# By hand: the first cue ends at the second's start; the last lasts its reading time (1 s).
TALK_SRT = (
    "1\n00:00:01,000 --> 00:00:03,500\nHello there\n\n"
    "2\n00:00:03,500 --> 00:00:04,500\nGeneral Kenobi\n\n"
)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.org",
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A one-commit copy of this checkout (tracked and untracked, not ignored files)."""
    base = tmp_path_factory.mktemp("precommit")
    env = _env(base / "home")
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    snapshot = base / "subconv"
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    _git(snapshot, env, "init", "-q")
    _git(snapshot, env, "add", "-A")
    _git(snapshot, env, "commit", "-q", "-m", "snapshot")
    return snapshot, env


def try_repo(
    hooks: tuple[Path, dict[str, str]], project: Path, files: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Make ``project`` a git repository holding ``files`` and run every hook on all of them.

    One ``try-repo`` runs both hooks, as a user's configuration would: each run builds a
    fresh environment (try-repo never reuses PRE_COMMIT_HOME), so fewer runs, faster tests.
    """
    snapshot, env = hooks
    project.mkdir()
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    _git(project, env, "init", "-q")
    _git(project, env, "add", "-A")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(snapshot), "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _section(output: str, name: str) -> str:
    """One hook's part of pre-commit's output: from its status line to the next hook's."""
    start = output.index(name + ".")
    following = output.find("\nsubconv ", start + 1)
    return output[start : following if following >= 0 else len(output)]


def test_hooks_fail_on_bad_timing_and_a_stale_caption(
    hooks: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    project = tmp_path / "p"
    result = try_repo(
        hooks,
        project,
        {
            "README.md": "# Captions\n\n* notes\n",
            "clips/bad.srt": BAD_SRT,
            "clips/good.srt": GOOD_SRT,
            "talk.md": TALK,
            "talk.srt": "1\n00:00:01,000 --> 00:00:02,000\nold\n",
            "other.md": TALK,
            "other.srt": TALK_SRT,
        },
    )
    assert result.returncode == 1, result.stdout + result.stderr
    check = _section(result.stdout, "subconv check")
    assert "Failed" in check.splitlines()[0]
    assert (
        "clips/bad.srt:2:18: E104 ends at 0:00:04.000, after the next cue starts at 0:00:03.000"
        in check
    )
    assert "good.srt" not in check and "README" not in check
    sync = _section(result.stdout, "subconv sync")
    assert "Failed" in sync.splitlines()[0]
    assert "files were modified by this hook" in sync
    assert "talk.srt: regenerated from talk.md" in sync
    assert "other.srt" not in sync
    assert (project / "talk.srt").read_text() == TALK_SRT
    assert (project / "other.srt").read_text() == TALK_SRT


def test_hooks_pass_a_clean_tree(hooks: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    result = try_repo(
        hooks,
        tmp_path / "p",
        {
            "README.md": "# Transcripts\n\n* [talk](talk.md)\n",
            "talk.md": SEED.read_text(),
            "clip.md": TALK,
            "clip.srt": TALK_SRT,
            "good.srt": GOOD_SRT,
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in _section(result.stdout, "subconv check").splitlines()[0]
    assert "Passed" in _section(result.stdout, "subconv sync").splitlines()[0]


def _snippets() -> dict[str, str]:
    """The ``.pre-commit-config.yaml`` snippets the docs show, by page."""
    found = {}
    for page in (REPO / "README.md", REPO / "docs" / "precommit.md"):
        text = page.read_text(encoding="utf-8")
        start = text.index("```yaml\nrepos:") + len("```yaml\n")
        found[page.name] = text[start : text.index("```", start)]
    return found


def test_the_documented_snippet_pins_a_commit_and_names_real_hooks() -> None:
    """The README once pinned ``rev: v0.1.0``, a tag that does not exist."""
    import re

    import yaml

    hook_ids = {
        hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    }
    snippets = _snippets()
    assert len(set(snippets.values())) == 1, "README.md and docs/precommit.md differ"
    for snippet in snippets.values():
        [repo] = yaml.safe_load(snippet)["repos"]
        assert re.fullmatch(r"[0-9a-f]{40}", repo["rev"]), repo["rev"]
        assert [hook["id"] for hook in repo["hooks"]] == ["subconv-check", "subconv-sync"]
        assert {hook["id"] for hook in repo["hooks"]} <= hook_ids


def test_the_documented_snippet_works_as_written(
    hooks: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """The snippet as the docs show it, with its repo and rev pointed at the snapshot, run
    by the real ``pre-commit run`` (not try-repo, which writes its own configuration)."""
    snapshot, env = hooks
    sha = (
        subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=snapshot, env=env, check=True, capture_output=True
        )
        .stdout.decode()
        .strip()
    )
    snippet = _snippets()["precommit.md"]
    config = snippet.replace("https://github.com/OWNER/subconv", str(snapshot))
    config = config.replace("0123456789abcdef0123456789abcdef01234567", sha)
    project = tmp_path / "p"
    project.mkdir()
    (project / ".pre-commit-config.yaml").write_text(config)
    (project / "clips").mkdir()
    (project / "clips" / "bad.srt").write_text(BAD_SRT)
    (project / "talk.md").write_text(TALK)
    (project / "talk.srt").write_text(TALK_SRT)
    _git(project, env, "init", "-q")
    _git(project, env, "add", "-A")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    check = _section(result.stdout, "subconv check")
    assert "Failed" in check.splitlines()[0]
    assert "clips/bad.srt:2:18: E104 ends at 0:00:04.000" in check
    assert "Passed" in _section(result.stdout, "subconv sync").splitlines()[0]
