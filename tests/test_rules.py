"""One rule registry: every code anywhere is in it, check uses it, docs are generated from it,
and the modules import one way.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convert import api, check, rules
from convert.cli import app
from convert.errors import Problem

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "convert"
runner = CliRunner()


def _emitted_codes() -> dict[str, list[str]]:
    """Every ``code="..."`` written in the package (outside the registry), and where."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "rules.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            for code in re.findall(r"""code=["']([EW]\d{3})["']""", line):
                found.setdefault(code, []).append(f"{path.relative_to(ROOT)}:{number}")
    return found


def test_every_code_the_package_emits_is_a_rule_and_every_rule_is_emitted() -> None:
    emitted = _emitted_codes()
    assert sorted(set(emitted) - set(rules.RULES)) == []
    assert sorted(set(rules.RULES) - set(emitted)) == []


def test_docs_rules_page_is_the_registry() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == rules.markdown(), (
        "docs/rules.md differs from convert/rules.py: run "
        "`python -m convert.rules --markdown > docs/rules.md`"
    )
    # Both directions, also row by row: the codes in the page's table are the registry's.
    table_codes = re.findall(r"^\| `([EW]\d{3})` \|", page, flags=re.MULTILINE)
    assert table_codes == list(rules.RULES)


def test_severity_comes_from_the_registry() -> None:
    assert Problem(3, "label and t= disagree", code="E105").severity == "error"
    assert Problem(3, "cut short?", code="W010").severity == "warning"
    assert Problem(3, "x", code="E105", as_warning=True).severity == "warning"
    assert rules.severity_of("E104", "vtt") == "warning"
    assert rules.severity_of("E104", "srt") == "error"
    assert rules.severity_of("W101", "srt", strict=True) == "error"
    with pytest.raises(KeyError, match="not in the rule registry"):
        _ = Problem(1, "x", code="W999").severity


W012_SRT = (
    "1\n00:00:01,000 --> 00:00:03,000\nFirst cue.\n2\n00:00:03,500 --> 00:00:05,500\nSecond cue.\n"
)


def test_check_reports_the_reader_warnings_conversions_give(tmp_path: Path) -> None:
    """Before the registry, check lacked W010-W013: ``--select W012`` was a usage error
    and this file passed check while ``to-vtt`` warned about it."""
    path = tmp_path / "tight.srt"
    path.write_text(W012_SRT, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--select", "W012"])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}:4:1: W012 a cue starts here without a blank line before it\n"
        "Found 0 errors and 1 warning (1 file checked).\n"
    )
    result = runner.invoke(app, ["to-vtt", str(path), "-o", "-"])
    assert result.exit_code == 0
    assert f"{path}:4: warning: a cue starts here without a blank line before it" in result.stderr


def test_a_conversion_carries_on_past_an_error_rule_as_a_warning(tmp_path: Path) -> None:
    """E105 is an error for check, but a conversion uses t= and says so as a warning."""
    path = tmp_path / "talk.md"
    path.write_text(
        "* Hello there [[00:05](https://youtu.be/x?t=3.2s)]\n"
        "* Again [[00:09](https://youtu.be/x?t=9s)]\n",
        encoding="utf-8",
    )
    doc = api.read(path)
    assert [(p.code, p.severity) for p in doc.problems] == [("E105", "error")]
    warnings = api.prepare(doc, "srt", api.Options(last_duration_ms=2000))
    assert [(p.code, p.severity) for p in warnings] == [("E105", "warning")]
    assert [(p.code, p.severity) for p in api.validate(api.read(path))] == [("E105", "error")]
    findings = check.check_text(path.read_text(), "transcript", path="talk.md")
    assert [(f.code, f.severity) for f in findings] == [("E105", "error")]


def test_subconv_rules_prints_the_registry() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(rules.RULES)
    assert lines[list(rules.RULES).index("E104")] == (
        "E104  error (warning in WebVTT)  cue still showing when the next starts "
        "[fix: SRT: end trimmed to the next start]"
    )
    result = runner.invoke(app, ["rules", "W01", "--format", "json"])
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [r["code"] for r in listed] == ["W010", "W011", "W012", "W013", "W014", "W015", "W016"]
    assert listed[2]["summary"] == "SRT cue starts without a blank line before it"
    result = runner.invoke(app, ["rules", "X1"])
    assert result.exit_code == 2
    assert result.stderr == "rules: 'X1' matches no rule code (see docs/rules.md)\n"


def test_python_m_convert_rules_regenerates_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert rules.main(["--markdown"]) == 0
    assert capsys.readouterr().out == rules.markdown()
    assert rules.main(["--nonsense"]) == 2


# --- imports run one way ----------------------------------------------------------------


def _runtime_imports(path: Path, package: str) -> set[str]:
    """Modules of the package ``path`` imports when run (imports inside functions
    included; ``if TYPE_CHECKING:`` blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - max(node.level - 1, 0)]
            target = ".".join([*base, node.module] if node.module else base)
            if not node.level:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _import_graph() -> dict[str, set[str]]:
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        targets = {t for t in _runtime_imports(path, package) if t in modules and t != name}
        # Importing a submodule runs its package first.
        targets |= {t.rsplit(".", 1)[0] for t in targets if t.count(".") > 1}
        graph[name] = targets - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_modules_import_one_way() -> None:
    graph = _import_graph()
    # The two cycles this guards against, and the registries everything may import.
    assert "convert.check" not in graph["convert.api"]  # check reads through the API
    assert "convert.check" not in graph["convert.fix"]
    assert graph["convert.rules"] == set()
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
