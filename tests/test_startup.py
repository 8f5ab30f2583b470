"""Start-up stays lean: what the command line imports and builds before doing any work.

The pre-commit hook starts subconv once per commit, so these guard the measures in
the README (Performance): the package namespace is lazy, the CLI module imports no library
code, and a run builds only the command it invokes, without changing what users see.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import convert
from convert import cli


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_the_cli_loads_no_library_code() -> None:
    loaded = _modules_after("import convert.cli")
    heavy = {"convert.api", "convert.formats", "convert.timing", "convert.textio", "pydantic"}
    assert not loaded & heavy


def test_the_package_still_offers_its_names() -> None:
    assert convert.read is convert.api.read
    assert convert.Cue.__name__ == "Cue"
    assert convert.ProblemsFound.__module__ == "convert.errors"
    assert "read" in dir(convert)
    with pytest.raises(AttributeError):
        _ = convert.no_such_name


def _name(info: object) -> str:
    callback = info.callback  # type: ignore[attr-defined]
    return info.name or callback.__name__  # type: ignore[attr-defined, no-any-return]


def test_only_the_invoked_command_is_built() -> None:
    chosen = cli._invoked_only(["--debug", "convert", "a.srt", "b.vtt"])
    assert chosen is not None and [_name(i) for i in chosen] == ["convert"]
    assert [_name(i) for i in cli._invoked_only(["to-srt", "-q", "x.md"]) or []] == ["to-srt"]
    assert cli._invoked_only(["--help"]) is None  # top-level help lists every command
    assert cli._invoked_only([]) is None
    assert cli._invoked_only(["conver"]) is None  # typer suggests 'convert' from the full list


def test_main_restores_every_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = list(cli.app.registered_commands)
    monkeypatch.setattr(sys, "argv", ["subconv", "convert", "--help"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 0
    assert "Convert INPUT to OUTPUT" in capsys.readouterr().out
    assert cli.app.registered_commands == before


def test_an_unknown_command_is_still_answered_with_a_suggestion() -> None:
    run = subprocess.run(
        [sys.executable, "-c", "from convert.cli import main; main()", "conver"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "convert" in run.stderr
