"""Every console example in the docs is a real run, and the docs point where they should.

A fenced block marked ``console`` in README.md, CONTRIBUTING.md or docs/*.md is executed
here: each ``$ `` line runs in bash, in a scratch folder holding a fresh copy of
``samples/`` (commands of one block share that folder, in order), with the installed
``subconv`` first on PATH; the lines after it, up to the next ``$ `` line, must equal what
the command printed (standard output and standard error together). A line ``...`` stands
for any number of lines (for output that varies, such as timings). An example that cannot
run here belongs in a ``sh`` block, which is shown but not run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(
    [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), ROOT / "CONTRIBUTING.md"],
    key=lambda p: p.as_posix(),
)


@dataclass(frozen=True)
class Step:
    command: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    steps: tuple[Step, ...]


def console_blocks(path: Path) -> list[Block]:
    """The ``console`` blocks of one page, split into commands and their output."""
    blocks: list[Block] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        if lines[index].strip() != "```console":
            index += 1
            continue
        start = index + 1
        index += 1
        steps: list[Step] = []
        while index < len(lines) and lines[index].strip() != "```":
            line = lines[index]
            if line.startswith("$ "):
                steps.append(Step(line[2:], ()))
            elif steps:
                last = steps[-1]
                steps[-1] = Step(last.command, (*last.expected, line))
            else:
                raise AssertionError(f"{path.name}:{index + 1}: output before any '$ ' command")
            index += 1
        blocks.append(Block(path.relative_to(ROOT).as_posix(), start, tuple(steps)))
        index += 1
    return blocks


BLOCKS = [block for page in PAGES if page.exists() for block in console_blocks(page)]


def matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Line-by-line equality, where an expected ``...`` line takes any run of lines."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line == "..." else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def test_the_docs_have_console_examples() -> None:
    """The README and the guide show real runs; losing them all would pass silently."""
    pages = {block.page for block in BLOCKS}
    assert "README.md" in pages
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("block", BLOCKS, ids=[f"{b.page}:{b.line}" for b in BLOCKS])
def test_console_example_is_a_real_run(block: Block, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    bindir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "COLUMNS": "200",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    assert block.steps, f"{block.page}:{block.line}: a console block without a '$ ' command"
    for step in block.steps:
        proc = subprocess.run(
            ["bash", "-c", step.command],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
        )
        actual = proc.stdout.rstrip("\n").split("\n") if proc.stdout.strip("\n") else []
        expected = tuple(line for line in step.expected)
        while expected and expected[-1] == "":
            expected = expected[:-1]
        assert matches(expected, actual), (
            f"{block.page}:{block.line}: `{step.command}` printed:\n"
            + "\n".join(actual)
            + "\n--- but the docs say:\n"
            + "\n".join(expected)
            + "\n(console blocks in the docs are executed by tests/test_docs.py in a copy of "
            "samples/; paste the real output, or use a ```sh block for what cannot run here)"
        )


LINK = re.compile(r"\]\(((?!https?:|mailto:|#)[^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", [p for p in PAGES if p.exists()], ids=lambda p: p.name)
def test_relative_links_resolve(page: Path) -> None:
    """A link from one page of the docs to another file of the project points at a file."""
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    targets = LINK.findall(text)
    missing = [t for t in targets if not (page.parent / t).exists()]
    assert missing == [], f"{page.name} links to missing files: {missing}"
