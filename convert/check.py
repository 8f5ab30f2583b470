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

import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from . import registry
from .config import Finder, Settings
from .errors import ParseError, Problem, SubconvError, UsageError
from .formats.srt import counter_value
from .model import Cue, Document
from .registry import join
from .rules import RULES, Rule, Severity, severity_of


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
            return f"All checks passed ({where})."
        fixable = sum(1 for f in self.findings if f.fixable)
        hint = f"; {fixable} fixable with --fix" if fixable else ""
        return (
            f"Found {_plural(self.errors, 'error')} and {_plural(self.warnings, 'warning')}"
            f" ({where}{hint})."
        )


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


# --- selecting rules -------------------------------------------------------------------


def validate_selectors(selectors: Iterable[str], option: str) -> None:
    """Refuse a code or prefix that names no rule (a typo would silently select nothing)."""
    for selector in selectors:
        if selector != "ALL" and not any(code.startswith(selector) for code in RULES):
            raise UsageError(f"{option}: {selector!r} matches no rule code (see docs/rules.md)")


def enabled(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """ruff's rule: the most specific matching selector wins; on a tie, ignore wins."""
    best_select = max(
        (len(s) if s != "ALL" else 0 for s in select if _matches(code, s)), default=-1
    )
    best_ignore = max(
        (len(s) if s != "ALL" else 0 for s in ignore if _matches(code, s)), default=-1
    )
    return best_select >= 0 and best_select > best_ignore


def _matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


# --- the rules ---------------------------------------------------------------------------


def _ms(ms: int) -> str:
    from .timing import format_ms

    return format_ms(ms)


def _seconds(value: Fraction | int) -> str:
    """``0.833``, ``7``: seconds for messages, at most three decimals."""
    number = Fraction(value)
    text = f"{float(number):.3f}".rstrip("0").rstrip(".")
    return text


def _visible(text: str) -> str:
    """Cue text as shown: markup tags and SSA overrides removed."""
    if "<" not in text and "{\\" not in text:
        return text
    from .markup import keep_tags

    visible, _ = keep_tags(text, frozenset())
    return visible


def _length_ms(doc: Document) -> int | None:
    if doc.length_ms is not None:
        return doc.length_ms
    header = doc.metadata.header
    if header and "Length" in header:
        from .formats.family import length_from_header

        return length_from_header(header)
    return None


def timing_problems(doc: Document, fmt: str) -> list[Problem]:
    """E101-E104 and E106 for a document as read (cues in file order)."""
    from .timing import ends_not_after_start, starts_not_increasing

    cues = doc.cues
    has_ends = bool(cues) and all(cue.end_ms is not None for cue in cues)
    # Equal starts (E102) matter only where an end is inferred from the next start.
    problems = [p for p in starts_not_increasing(cues) if not has_ends or p.code == "E101"]
    if has_ends:
        problems.extend(ends_not_after_start(cues))
        problems.extend(_overlaps(cues, legal=fmt == "vtt"))
    length = _length_ms(doc)
    if length is not None:
        problems.extend(_past_length(cues, length, has_ends))
    return problems


def _play_order(cues: Sequence[Cue]) -> list[Cue]:
    """Cues in the order a player shows them (stable by start)."""
    return sorted(cues, key=lambda cue: cue.start_ms)


def _overlaps(cues: Sequence[Cue], *, legal: bool) -> list[Problem]:
    """E104 in play order (a cue shown later in the file may still overlap an earlier one)."""
    from .timing import overlaps

    note = " (legal in WebVTT, so a warning)" if legal else ""
    return [replace(p, message=p.message + note) for p in overlaps(_play_order(cues))]


def _past_length(cues: Sequence[Cue], length_ms: int, has_ends: bool) -> list[Problem]:
    from .timing import PAST_LENGTH_TOLERANCE_MS

    problems = []
    limit = length_ms + PAST_LENGTH_TOLERANCE_MS
    for cue in cues:
        when, what = (
            (cue.end_ms, "ends")
            if has_ends and cue.end_ms is not None
            else (cue.start_ms, "starts")
        )
        if when >= limit:
            problems.append(
                Problem(
                    cue.line,
                    f"{what} at {_ms(when)}, past the header's Length "
                    f"({_seconds(Fraction(length_ms, 1000))} s)",
                    code="E106",
                )
            )
    return problems


def readability_problems(doc: Document, settings: Settings) -> list[Problem]:
    """W101-W106: durations, reading speed, line length and count, gaps."""
    limits = settings.thresholds
    cues = doc.cues
    has_ends = bool(cues) and all(cue.end_ms is not None for cue in cues)
    length = _length_ms(doc)
    problems: list[Problem] = []
    for index, cue in enumerate(cues):
        end = _shown_until(cues, index, has_ends, length)
        text = _visible(cue.text)
        # A transcript bullet is a segment, not a displayed line: line rules are for captions.
        text_lines = text.split("\n") if text and has_ends else []
        first_text_line = cue.line + 1
        for number, line_text in enumerate(text_lines):
            if len(line_text) > limits.max_line_length:
                where = first_text_line + number
                problems.append(
                    Problem(
                        where,
                        f"line is {len(line_text)} characters, over {limits.max_line_length}",
                        code="W104",
                    )
                )
        if len(text_lines) > limits.max_lines:
            where = first_text_line + limits.max_lines
            problems.append(
                Problem(
                    where,
                    f"cue has {len(text_lines)} lines, over {limits.max_lines}",
                    code="W105",
                )
            )
        if end is None or end <= cue.start_ms:
            continue
        duration = Fraction(end - cue.start_ms, 1000)
        if duration < limits.min_duration:
            problems.append(
                Problem(
                    cue.line,
                    f"shown for {_seconds(duration)} s, under {_seconds(limits.min_duration)} s",
                    code="W101",
                )
            )
        elif duration > limits.max_duration:
            problems.append(
                Problem(
                    cue.line,
                    f"shown for {_seconds(duration)} s, over {_seconds(limits.max_duration)} s",
                    code="W102",
                )
            )
        characters = len(text.replace("\n", ""))
        speed = characters / duration
        if speed > limits.max_cps:
            problems.append(
                Problem(
                    cue.line,
                    f"reading speed {float(speed):.1f} characters per second "
                    f"({characters} in {_seconds(duration)} s), over {_seconds(limits.max_cps)}",
                    code="W103",
                )
            )
    if has_ends:
        problems.extend(_small_gaps(cues, settings))
    return problems


def _shown_until(cues: Sequence[Cue], index: int, has_ends: bool, length: int | None) -> int | None:
    """A cue's end as a conversion would make it; None when only a guess could give one."""
    cue = cues[index]
    if has_ends:
        return cue.end_ms
    if index + 1 < len(cues):
        return cues[index + 1].start_ms
    if length is not None and length > cue.start_ms:
        return length
    return None


def _small_gaps(cues: Sequence[Cue], settings: Settings) -> list[Problem]:
    limits = settings.thresholds
    problems = []
    for cue, following in itertools.pairwise(_play_order(cues)):
        assert cue.end_ms is not None
        gap = following.start_ms - cue.end_ms
        if gap > 0 and gap * limits.fps < limits.min_gap_frames * 1000:
            minimum = Fraction(limits.min_gap_frames, 1) / limits.fps
            problems.append(
                Problem(
                    cue.line,
                    f"gap of {_seconds(Fraction(gap, 1000))} s to the next cue (line "
                    f"{following.line}) is under {limits.min_gap_frames} frames at "
                    f"{_seconds(limits.fps)} fps ({_seconds(minimum)} s); chain the cues or "
                    "widen the gap",
                    code="W106",
                )
            )
    return problems


def counter_problems(lines: Sequence[str], doc: Document) -> list[Problem]:
    """W201: SRT cue numbers that are missing, or not one more than the number before.

    Counting from the previous number, not from the file's start, gives one finding
    where a sequence breaks rather than one per cue after it.
    """
    problems = []
    previous = 0
    for cue in doc.cues:
        expected = previous + 1
        above = lines[cue.line - 2].strip() if cue.line >= 2 else ""
        number = counter_value(above)
        if number is None:
            problems.append(
                Problem(cue.line, f"cue has no number (expected {expected})", code="W201")
            )
            previous = expected
            continue
        if number != expected:
            shown = above if len(above) <= 12 else above[:9] + "..."
            problems.append(
                Problem(cue.line - 1, f"cue number {shown}, expected {expected}", code="W201")
            )
        previous = number if number >= 0 else expected
    return problems


# --- columns ------------------------------------------------------------------------------

_AT_START = frozenset({"E101", "E102", "E105", "W008", "W101", "W102", "W103"})
_AT_END = frozenset({"E103", "E104", "W106"})


def _column(problem: Problem, lines: Sequence[str], fmt: str, limit: int) -> int:
    """Where on its line a problem is: the timestamp it is about, or the first character over."""
    if problem.col is not None:
        return problem.col
    if problem.line is None or not 1 <= problem.line <= len(lines):
        return 1
    raw = lines[problem.line - 1]
    code = problem.code
    if fmt == "transcript":
        if code in _AT_START or code == "E106":
            found = raw.rfind("[[")
            return found + 1 if found >= 0 else 1
        if code == "W104":
            text_col = len(raw) - len(raw[1:].lstrip()) + 1 if raw.startswith("*") else 1
            return text_col + limit if "<" not in raw else text_col
        return 1
    if code == "W104":
        return limit + 1 if "<" not in raw and "&" not in raw and "{" not in raw else 1
    arrow = raw.find("-->")
    if arrow < 0:
        return 1
    if code in _AT_END or (code == "E106"):
        after = raw[arrow + 3 :]
        return arrow + 3 + (len(after) - len(after.lstrip())) + 1
    if code in _AT_START:
        return len(raw) - len(raw.lstrip()) + 1
    return 1


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
    from . import formats

    settings = settings or Settings()
    fmt = formats.by_name(fmt).name
    lines = text.removeprefix("\ufeff").split("\n")
    problems = list(extra)
    try:
        doc = formats.by_name(fmt).adapter().read(text)
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
    for problem in problems:
        code = problem.code
        if code not in RULES or not enabled(code, settings.select, ignore):
            continue
        findings.append(
            Finding(
                path,
                problem.line or 1,
                _column(problem, lines, fmt, settings.thresholds.max_line_length),
                code,
                problem.message,
                severity_of(code, fmt, strict=settings.strict),
                fixable=fmt in RULES[code].fixable and not _blocks_fixing(problems),
            )
        )
    return sorted(findings, key=lambda f: (f.line, f.col, f.code))


def _blocks_fixing(problems: Sequence[Problem]) -> bool:
    """A file with blocks that could not be read is not restructured: where they go is unknown."""
    return any(p.code in ("E001", "W002") for p in problems)


def iter_files(paths: Iterable[str]) -> Iterator[str]:
    """Named files as given; folders searched (sorted, hidden folders skipped) for subtitles."""
    seen: set[str] = set()
    suffixes = tuple(registry.scanned())
    for given in paths:
        if os.path.isdir(given):
            for root, folders, files in os.walk(given):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(suffixes):
                        found = os.path.normpath(os.path.join(root, name))
                        if found not in seen:
                            seen.add(found)
                            yield found
        elif given not in seen:
            seen.add(given)
            yield given


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
    for path in iter_files(paths):
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
    from . import formats
    from .textio import decode, read_source

    request = request or Request()
    report = FileReport(path)
    try:
        data = read_source(path)
        decoded = decode(data, path=path)
    except SubconvError as exc:
        report.unreadable = str(exc.with_path(path))
        return report
    except OSError as exc:
        from .errors import os_message

        report.unreadable = os_message(exc, path)
        return report
    text = decoded.text
    fmt = formats.by_extension(path)
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
    extra = []
    if decoded.guessed:
        from .textio import guessed_encoding_warning

        extra.append(guessed_encoding_warning(decoded, fmt.adapter().encoding_note))
    report.findings = check_text(text, fmt.name, path=path, settings=settings, extra=extra)
    if (request.fix or request.diff) and any(f.fixable for f in report.findings):
        from .fixfile import fix_file

        codes = {finding.code for finding in report.findings if finding.fixable}
        done = fix_file(path, data, decoded, fmt.name, codes, write=not request.diff)
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
