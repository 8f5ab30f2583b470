"""Rendering a check report: plain text (ruff style), JSON, or GitHub Actions annotations."""

from __future__ import annotations

from .check import Finding, Report

FORMATS = ("text", "json", "github")


def render(report: Report, fmt: str = "text", *, summary: bool = True) -> str:
    """The report's findings, sorted by file and position, in one of :data:`FORMATS`."""
    findings = sorted(report.findings, key=lambda f: (f.path, f.line, f.col, f.code))
    if fmt == "json":
        return _json(findings)
    if fmt == "github":
        return "".join(_github(finding) + "\n" for finding in findings)
    out = [finding.format() + "\n" for finding in findings]
    if summary:
        out.append(report.summary() + "\n")
    return "".join(out)


def _json(findings: list[Finding]) -> str:
    import json

    rows = [
        {
            "file": f.path,
            "line": f.line,
            "column": f.col,
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "fixable": f.fixable,
        }
        for f in findings
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(finding: Finding) -> str:
    """``::error file=F,line=L,col=C,title=CODE::CODE message`` (a workflow command)."""
    return (
        f"::{finding.severity} file={_escape_property(finding.path)},line={finding.line},"
        f"col={finding.col},title={_escape_property('subconv ' + finding.code)}"
        f"::{_escape_data(finding.code + ' ' + finding.message)}"
    )
