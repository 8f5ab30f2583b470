"""``subconv check``: timing and readability rules with stable codes, as a library.

    from convert.check import check_text, check_paths
    findings = check_text(open("talk.srt").read(), "srt", path="talk.srt")
    report = check_paths(["captions/"])          # folders recurse; non-transcript .md skipped

Each finding is one place in one file with a code from :data:`RULES`. Codes
``E...`` are errors, ``W...`` warnings, except that an overlap is only a warning in
WebVTT (where it is legal) and ``--strict`` makes the readability warnings
(``W1xx``) errors. Readers report the problems they meet (``E001``, ``E105``,
``E107``, ``W00x``); the timing and readability rules here look at the cues.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from .columns import column
from .config import Finder, Settings
from .cuerules import counter_problems, readability_problems, timing_problems
from .errors import ParseError, Problem, SubconvError, UsageError
from .registry import join
from .rules import RULES, Rule, Severity, severity_of
from .selectors import enabled, validate_selectors
from .walk import LINK_OUTSIDE, iter_files


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place: ``FILE:LINE:COL: CODE message``."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity
    fixable: bool = False

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


@dataclass(slots=True)
class FileReport:
    """What checking one file found, and what ``--fix`` changed in it."""

    path: str
    format: str | None = None
    findings: list[Finding] = field(default_factory=list)
    skipped: str | None = None
    """Why the file was not checked (Markdown that is not a transcript)."""
    unreadable: str | None = None
    """``FILE:LINE: message`` when the file could not be read at all (exit 2)."""
    fixes: list[str] = field(default_factory=list)
    """One line per change made (or, with ``--diff``, that would be made)."""
    diff: str = ""
    notes: list[str] = field(default_factory=list)
    """Why a fix was not made (shown on standard error)."""

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


@dataclass(slots=True)
class Report:
    """The result of one run over many files."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [finding for report in self.files for finding in report.findings]

    @property
    def errors(self) -> int:
        return sum(report.errors for report in self.files)

    @property
    def warnings(self) -> int:
        return sum(report.warnings for report in self.files)

    @property
    def unreadable(self) -> list[str]:
        return [report.unreadable for report in self.files if report.unreadable]

    @property
    def exit_status(self) -> int:
        """0 no error; 1 an error found (or, with ``--diff``, a change to make); 2 unreadable."""
        if self.unreadable:
            return 2
        if self.errors or any(report.diff for report in self.files):
            return 1
        return 0

    def summary(self) -> str:
        checked = sum(1 for r in self.files if r.skipped is None and r.unreadable is None)
        skipped = sum(1 for r in self.files if r.skipped is not None)
        fixed = sum(len(r.fixes) for r in self.files if not r.diff)
        parts = [f"{_plural(checked, 'file')} checked"]
        if skipped:
            parts.append(f"{skipped} skipped (not transcripts)")
        if self.unreadable:
            parts.append(f"{len(self.unreadable)} unreadable")
        if fixed:
            parts.append(f"{_plural(fixed, 'fix', 'fixes')} applied")
        where = ", ".join(parts)
        if not self.errors and not self.warnings:
            if self.unreadable:  # not "passed": a file that could not be read was not checked
                return f"No problems found in the files that could be read ({where})."
            return f"All checks passed ({where})."
        fixable = sum(1 for f in self.findings if f.fixable)
        hint = f"; {fixable} fixable with --fix" if fixable else ""
        return (
            f"Found {_plural(self.errors, 'error')} and {_plural(self.warnings, 'warning')}"
            f" ({where}{hint})."
        )


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


# --- checking -------------------------------------------------------------------------------


def check_text(
    text: str,
    fmt: str,
    *,
    path: str = "<string>",
    settings: Settings | None = None,
    extra: Sequence[Problem] = (),
) -> list[Finding]:
    """Every enabled finding in decoded text of a known format, sorted by line and column.

    ``extra`` are problems found before parsing (such as a guessed encoding).
    """
    from . import api, formats

    settings = settings or Settings()
    fmt = formats.by_name(fmt).name
    lines = text.removeprefix("\ufeff").split("\n")
    problems = list(extra)
    try:
        doc = api.parse(text, fmt, name=path)
    except ParseError as exc:
        problems.append(Problem(exc.line or 1, exc.message, code="E001"))
        doc = None
    if doc is not None:
        problems.extend(doc.problems)
        if not doc.untimed:
            problems.extend(timing_problems(doc, fmt))
            # A turn of meeting notes is speech, not a displayed caption: readability is
            # checked on the captions --reflow makes of it.
            if doc.metadata.preamble is None or fmt != "transcript":
                problems.extend(readability_problems(doc, settings))
        if fmt == "srt":
            problems.extend(counter_problems(lines, doc))
    ignore = settings.ignored_for(Path(path)) if path != "<string>" else settings.ignore
    findings = []
    fixing_blocked = _blocks_fixing(problems)  # once, not once per finding: linear time
    for problem in problems:
        code = problem.code
        if code not in RULES or not enabled(code, settings.select, ignore):
            continue
        findings.append(
            Finding(
                path,
                problem.line or 1,
                column(problem, lines, fmt, settings.thresholds.max_line_length),
                code,
                problem.message,
                severity_of(code, fmt, strict=settings.strict),
                fixable=fmt in RULES[code].fixable and not fixing_blocked,
            )
        )
    return sorted(findings, key=lambda f: (f.line, f.col, f.code))


def _blocks_fixing(problems: Sequence[Problem]) -> bool:
    """A file with blocks that could not be read is not restructured: where they go is unknown."""
    return any(p.code in ("E001", "W002") for p in problems)


@dataclass(frozen=True, slots=True)
class Request:
    """What the caller asked for beyond the configuration file."""

    select: tuple[str, ...] | None = None
    """Replaces the configuration's ``select``."""
    ignore: tuple[str, ...] = ()
    """Added to the configuration's ``ignore``."""
    strict: bool | None = None
    fps: Fraction | None = None
    fix: bool = False
    diff: bool = False
    """Compute fixes and show them as a unified diff, writing nothing."""
    config: Path | None = None
    """Use this pyproject.toml for every file instead of searching."""


def settings_for(base: Settings, request: Request) -> Settings:
    """Command-line options on top of a file's configuration."""
    settings = base
    if request.select is not None:
        settings = replace(settings, select=request.select)
    if request.ignore:
        settings = replace(settings, ignore=settings.ignore + request.ignore)
    if request.strict is not None:
        settings = replace(settings, strict=request.strict)
    if request.fps is not None:
        settings = replace(settings, thresholds=replace(settings.thresholds, fps=request.fps))
    return settings


def check_paths(paths: Sequence[str], request: Request | None = None) -> Report:
    """Check files and folders; the report says what was found, skipped and fixed."""
    request = request or Request()
    validate_selectors(request.select or (), "--select")
    validate_selectors(request.ignore, "--ignore")
    if request.config is not None:
        from .config import load

        fixed_settings = load(request.config)
        if fixed_settings is None:
            raise UsageError("has no [tool.subconv] table", path=str(request.config))
        finder = Finder(fixed_settings)
    else:
        finder = Finder()
    report = Report()

    def unreadable(path: str, reason: str) -> None:
        if not reason.startswith(LINK_OUTSIDE):  # a link out of the folder is not walked
            report.files.append(FileReport(path, unreadable=f"{path}: {reason}"))

    for path in iter_files(paths, unreadable):
        base = finder.default if request.config is not None else finder.for_path(path)
        validate_selectors(base.select + base.ignore, str(base.source or "configuration"))
        report.files.append(_guarded(path, settings_for(base, request), request))
    return report


def _guarded(path: str, settings: Settings, request: Request) -> FileReport:
    """:func:`check_file`, with an unexpected failure reported for this file only, so one
    file never stops the others from being checked."""
    try:
        return check_file(path, settings, request)
    except Exception as exc:
        from .errors import os_message

        report = FileReport(path)
        if isinstance(exc, OSError):
            report.unreadable = os_message(exc, path)
        else:
            report.unreadable = f"{path}: internal error: {type(exc).__name__}: {exc}"
        return report


def check_file(path: str, settings: Settings, request: Request | None = None) -> FileReport:
    """Read, check and (when asked) fix one file; never raises for a bad input."""
    from . import api, formats

    request = request or Request()
    report = FileReport(path)
    try:
        loaded = api.load(path)
    except SubconvError as exc:
        report.unreadable = str(exc.with_path(path))
        return report
    except OSError as exc:
        from .errors import os_message

        report.unreadable = os_message(exc, path)
        return report
    data, decoded = loaded.data, loaded.decoded
    text = decoded.text
    fmt = formats.by_extension(path, text)
    checked = [f for f in formats.FORMATS if f.checked]
    if fmt is None:
        fmt = formats.sniff(text)
        if fmt is None:
            nouns = join((f.noun for f in checked), "or")
            report.unreadable = f"{path}: cannot tell the format (not {nouns})"
            return report
    if not fmt.checked:
        names = join((f.name for f in checked), "and")
        report.unreadable = f"{path}: check reads {names}, not {fmt.name}"
        return report
    if fmt.name == "transcript":
        from .formats.transcript import is_transcript

        if not is_transcript(text):
            report.skipped = "Markdown without a transcript header or timestamped bullets"
            return report
    report.format = fmt.name
    extra = api.encoding_problems(decoded, fmt)
    report.findings = check_text(text, fmt.name, path=path, settings=settings, extra=extra)
    if (request.fix or request.diff) and any(f.fixable for f in report.findings):
        from .fixfile import fix_file

        codes = {finding.code for finding in report.findings if finding.fixable}

        def still_fixable(text: str) -> set[str]:
            found = check_text(text, fmt.name, path=path, settings=settings, extra=extra)
            return {finding.code for finding in found if finding.fixable}

        done = fix_file(
            path,
            data,
            decoded,
            fmt.name,
            codes,
            write=not request.diff,
            still_fixable=still_fixable,
        )
        report.fixes.extend(done.messages)
        report.diff = done.diff
        if done.note is not None:
            report.notes.append(done.note)
        if done.fixed is not None:
            report.findings = check_text(
                done.fixed, fmt.name, path=path, settings=settings, extra=extra
            )
    return report


__all__ = [
    "RULES",
    "FileReport",
    "Finding",
    "Report",
    "Request",
    "Rule",
    "check_file",
    "check_paths",
    "check_text",
    "enabled",
    "iter_files",
]
