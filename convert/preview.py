"""``subconv preview``: one self-contained HTML page to judge a file's timing by eye.

The page holds its CSS, JavaScript and data inline and makes no network request, so it
works from ``file://`` offline. It plays a local media file (``--media``) with the
captions as a WebVTT track, or runs a play clock of its own; it lists the cues, draws
them along a timeline and shows what ``subconv check`` finds in the file, at the cues.

The page template lives in ``convert/assets/`` (package data). Text reaches the page
only through :func:`html.escape` or :func:`_script_json`, so cue text is never markup.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from . import api, timecode
from .check import FileReport, Finding, Request, check_paths, check_text, settings_for
from .errors import Problem, ProblemsFound, SubconvError, UsageError
from .markup import keep_tags
from .model import Cue, Document
from .textio import atomic_write, same_file
from .walk import walk

SUFFIX = ".preview.html"
INDEX = "index.html"
GENERATOR = "subconv preview"
"""The ``<meta name="generator">`` of every page, so an index is only replaced if ours."""

AUDIO_SUFFIXES = frozenset({".mp3", ".m4a", ".aac", ".wav", ".oga", ".ogg", ".opus", ".flac"})
VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".webm", ".ogv", ".mov", ".mkv"})
"""What ``--media`` takes: files browsers play in a <video> (MKV and MOV in some)."""


@dataclass(slots=True)
class Page:
    """One written preview: where from, where to, and what it shows."""

    source: str
    output: str
    format: str
    cues: int
    duration_ms: int
    errors: int
    warnings: int
    problems: list[Problem] = field(default_factory=list)
    """Warnings of reading the file (as a conversion prints them)."""


@dataclass(slots=True)
class Failure:
    source: str
    output: str
    messages: list[str]


@dataclass(slots=True)
class FolderResult:
    pages: list[Page] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    index: str | None = None
    notes: list[str] = field(default_factory=list)
    """What the folder walk left out and says so (a link pointing outside the folder)."""


def default_output(source: str | os.PathLike[str]) -> Path:
    """``talk.md`` -> ``talk.preview.html``, beside the input."""
    return Path(source).with_suffix(SUFFIX)


def preview_file(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    media: str | os.PathLike[str] | None = None,
    from_fmt: str | None = None,
    options: api.Options | None = None,
) -> Page:
    """Read ``source`` the way a conversion does, check it the way ``subconv check`` does,
    and write its page atomically to ``output`` (default: :func:`default_output`; ``-``:
    standard output, media paths then relative to the current folder).

    With reflow on (``--reflow``, or ``reflow = true`` in the configuration, as for a
    conversion) the page shows what the conversion would write: the re-cut cues as
    SRT (for an SRT input) or WebVTT (for the rest), and check's findings on that text,
    with its line numbers.
    """
    source = str(source)
    if source == api.STDIO:
        raise UsageError("preview reads a file, not standard input")
    options = api.configured(options or api.Options(), source)
    to_stdout = output is not None and str(output) == api.STDIO
    dest = Path(output) if output is not None else default_output(source)
    if not to_stdout and dest.exists() and same_file(source, dest):
        raise UsageError(
            "the output would overwrite the input; choose another with -o", path=source
        )
    doc = api.read(source, from_fmt, encoding=options.encoding)
    source_format = doc.source_format or ""
    target = source_format if options.reflow and source_format in REFLOW_TARGETS else "vtt"
    try:
        problems = api.prepare(doc, target, options)
    except SubconvError as exc:
        raise exc.with_path(source) from None
    if options.reflow:
        written = api.dumps(doc, target)
        doc = api.parse(written, target, name=source)  # lines: those of the written text
        report = _check_reflowed(source, written, target)
        shown = f"{source_format} · reflowed: lines as in what to-{target} --reflow writes"
    else:
        report = _check(source)
        shown = source_format
    media_url = kind = None
    if media is not None:
        if not Path(media).is_file():
            raise UsageError("no such media file", path=str(media))
        media_url = _relative_url(Path(media), Path.cwd() if to_stdout else dest.parent)
        suffix = Path(media).suffix.lower()
        if suffix not in AUDIO_SUFFIXES | VIDEO_SUFFIXES:
            known = " ".join(sorted(AUDIO_SUFFIXES | VIDEO_SUFFIXES))
            raise UsageError(f"not a media file a browser plays ({known})", path=str(media))
        kind = "audio" if suffix in AUDIO_SUFFIXES else "video"
    text = render_page(
        doc,
        report.findings,
        source_name=source,
        fmt=shown,
        media_url=media_url,
        media_kind=kind,
        check_note=report.unreadable or report.skipped,
    )
    api.emit(text.encode("utf-8"), api.STDIO if to_stdout else dest)
    return Page(
        source,
        api.STDIO if to_stdout else str(dest),
        source_format,
        len(doc.cues),
        _duration(doc.cues),
        report.errors,
        report.warnings,
        [p for p in problems if _not_on_the_page(p, media is not None)],
    )


REFLOW_TARGETS = ("srt", "vtt")
"""An input in one of these formats is shown reflowed in its own format; others as WebVTT."""


def _check_reflowed(source: str, written: str, fmt: str) -> FileReport:
    """``subconv check`` on what a reflowing conversion of ``source`` would write, with
    ``source``'s configuration."""
    from .config import Finder

    report = FileReport(source, format=fmt)
    try:
        settings = settings_for(Finder().for_path(source), Request())
        report.findings = check_text(written, fmt, path=source, settings=settings)
    except SubconvError as exc:  # a broken configuration: the page says so
        report.unreadable = str(exc)
    return report


def preview_folder(
    folder: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    *,
    from_fmt: str | None = None,
    options: api.Options | None = None,
) -> FolderResult:
    """A page for every subtitle file under ``folder`` (mirrored under ``out``, default the
    folder itself) and an ``index.html`` linking them. A file that cannot be read is a
    failure; the others are still written."""
    root = Path(folder)
    target = Path(out) if out is not None else root
    index = target / INDEX
    if index.exists() and not _is_ours(index):
        raise UsageError(f"exists and is not a {GENERATOR} index; not replaced", path=str(index))
    result = FolderResult()
    found = walk(
        str(root),
        prune=str(target) if target != root else None,
        skipped=lambda path, reason: result.notes.append(f"{path}: {reason}"),
    )
    sources = [Path(item.path) for item in found]
    for source, dest in zip(sources, _page_paths(root, target, sources), strict=True):
        if not _is_preview_candidate(source):
            continue
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            page = preview_file(source, dest, from_fmt=from_fmt, options=options)
        except SubconvError as exc:
            lines = exc.lines() if isinstance(exc, ProblemsFound) else [str(exc)]
            result.failures.append(Failure(str(source), str(dest), lines))
            continue
        result.pages.append(page)
    target.mkdir(parents=True, exist_ok=True)
    atomic_write(index, render_index(result, root, index.parent).encode("utf-8"))
    result.index = str(index)
    return result


def _not_on_the_page(problem: Problem, media: bool) -> bool:
    """Warnings of reading worth printing: what the page leaves out (blocks skipped with
    --lenient) and what only a conversion reports (rules of kind ``conversion``: estimated
    timing, unrolled rolling captions, unknown JSON keys, and, with media, markup the
    WebVTT track cannot hold). Timing and readability are on the page, as findings."""
    from .rules import RULES

    if problem.message.endswith("(--lenient)"):
        return True
    if problem.code == "W007":
        return media
    found = RULES.get(problem.code or "")
    return found is not None and found.kind == "conversion"


def _is_preview_candidate(path: Path) -> bool:
    """Markdown that is not a transcript (a README) has no page, as check skips it."""
    if path.suffix.lower() not in (".md", ".markdown"):
        return True
    from .formats.transcript import is_transcript
    from .textio import decode, read_source

    try:
        return is_transcript(decode(read_source(path)).text)
    except SubconvError:
        return True  # let the preview itself report why it cannot be read


def _page_paths(root: Path, target: Path, sources: Sequence[Path]) -> list[Path]:
    """``a/talk.srt`` -> ``OUT/a/talk.preview.html``; files sharing a stem in one folder
    (``talk.srt`` and ``talk.vtt``) keep their suffix: ``talk.srt.preview.html``."""
    stems: dict[Path, int] = {}
    for source in sources:
        key = source.relative_to(root).with_suffix("")
        stems[key] = stems.get(key, 0) + 1
    paths = []
    for source in sources:
        relative = source.relative_to(root)
        if stems[relative.with_suffix("")] > 1:
            paths.append(target / relative.parent / (relative.name + SUFFIX))
        else:
            paths.append(target / relative.with_suffix(SUFFIX))
    return paths


def _is_ours(path: Path) -> bool:
    try:
        head = path.read_bytes()[:2000].decode("utf-8", "replace")
    except OSError:
        return False
    return f'<meta name="generator" content="{GENERATOR}">' in head


def _check(source: str) -> FileReport:
    """``subconv check`` on the one file, with its configuration (never raises)."""
    try:
        return check_paths([source], Request()).files[0]
    except SubconvError as exc:  # a broken configuration: the page says so
        return FileReport(source, unreadable=str(exc))


def _relative_url(media: Path, page_folder: Path) -> str:
    """The media's path from the page's folder, as the browser resolves it: from the path
    the page was written to (``deep/page.html`` through a link to ``a/b/c`` is opened from
    ``deep/``), so without resolving symbolic links."""
    relative = os.path.relpath(os.path.abspath(media), os.path.abspath(page_folder))
    return quote(Path(relative).as_posix())


def _duration(cues: Sequence[Cue]) -> int:
    return max((cue.end_ms if cue.end_ms is not None else cue.start_ms for cue in cues), default=0)


# --- the page ---------------------------------------------------------------------------------


def _asset(name: str) -> str:
    return resources.files("convert").joinpath("assets", name).read_text(encoding="utf-8")


_SLOT = re.compile(r"\{\{(\w+)\}\}")


def _fill(template: str, values: dict[str, str]) -> str:
    """Replace ``{{name}}`` slots in one pass, so a value's own braces are left alone."""
    return _SLOT.sub(lambda m: values[m.group(1)], template)


def _script_json(value: object) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, ``<!--`` or line separators can occur."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def clock(ms: int) -> str:
    """``H:MM:SS.mmm``, as check prints times."""
    return timecode.clock(ms, pad_hours=False)


def display_text(cue: Cue) -> str:
    """What a viewer reads: markup tags removed (an unknown ``<tag>`` is text and stays)."""
    text, _ = keep_tags(cue.text, frozenset())
    if cue.speaker and not text.startswith(cue.speaker):
        text = f"{cue.speaker}: {text}"
    return text


def _lanes(cues: Sequence[Cue]) -> list[int]:
    """A timeline row for each cue: overlapping cues go below each other (greedy)."""
    ends: list[int] = []
    lanes = []
    for cue in cues:
        end = cue.end_ms if cue.end_ms is not None else cue.start_ms
        for lane, lane_end in enumerate(ends):
            if lane_end <= cue.start_ms:
                ends[lane] = end
                break
        else:
            lane = len(ends)
            ends.append(end)
        lanes.append(lane)
    return lanes


def attach(findings: Sequence[Finding], cues: Sequence[Cue]) -> list[int | None]:
    """The index of the cue each finding is about: the cue starting at or last before its
    line (a cue's text lines follow its timing line); None before the first cue."""
    import bisect

    order = sorted((cue.line, index) for index, cue in enumerate(cues) if cue.line > 0)
    lines = [line for line, _ in order]
    result: list[int | None] = []
    for finding in findings:
        at = bisect.bisect_right(lines, finding.line) - 1
        result.append(order[at][1] if at >= 0 else None)
    return result


def _finding_html(finding: Finding, cue: int | None, tag: str) -> str:
    esc = html.escape
    target = f' data-cue="{cue}"' if cue is not None else ""
    return (
        f'<{tag} class="finding {finding.severity}" data-code="{esc(finding.code)}" '
        f'data-line="{finding.line}"{target}><b>{esc(finding.code)}</b> '
        f"line {finding.line}:{finding.col}: {esc(finding.message)}</{tag}>"
    )


def render_page(
    doc: Document,
    findings: Sequence[Finding],
    *,
    source_name: str,
    fmt: str,
    media_url: str | None = None,
    media_kind: str | None = None,
    check_note: str | None = None,
) -> str:
    """The whole HTML page for a document whose ends are known (see :func:`api.prepare`)."""
    esc = html.escape
    cues = doc.cues
    duration = _duration(cues)
    at_cue = attach(findings, cues)
    by_cue: dict[int, list[Finding]] = {}
    for finding, index in zip(findings, at_cue, strict=True):
        if index is not None:
            by_cue.setdefault(index, []).append(finding)
    lanes = _lanes(cues)
    items = []
    bars = []
    for index, cue in enumerate(cues):
        end = cue.end_ms if cue.end_ms is not None else cue.start_ms
        mine = by_cue.get(index, [])
        worst = "error" if any(f.severity == "error" for f in mine) else ("warning" if mine else "")
        flags = " ".join(sorted({f.code for f in mine}))
        cls = f" {worst}" if worst else ""
        badges = "".join(_finding_html(f, index, "li") for f in mine)
        items.append(
            f'<li class="cue{cls}" id="cue-{index}" data-index="{index}" '
            f'data-start="{cue.start_ms}" data-end="{end}" data-line="{cue.line}">'
            f'<span class="times">{clock(cue.start_ms)} → {clock(end)}</span>'
            f'<span class="dur">{(end - cue.start_ms) / 1000:.2f} s</span>'
            f'<span class="line">line {cue.line}</span>'
            f'<span class="text">{esc(display_text(cue))}</span>'
            + (f'<ul class="cue-findings">{badges}</ul>' if badges else "")
            + "</li>"
        )
        bars.append(
            f'<i class="bar{cls}" data-index="{index}" data-codes="{flags}" '
            f'style="--s:{cue.start_ms};--d:{end - cue.start_ms};--l:{lanes[index]}"></i>'
        )
    listed = "".join(
        _finding_html(f, index, "li") for f, index in zip(findings, at_cue, strict=True)
    )
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if check_note:
        findings_html = f'<p class="note">{esc(check_note)}</p>'
    elif findings:
        findings_html = f'<ol id="finding-list">{listed}</ol>'
    else:
        findings_html = '<p class="note">check found nothing.</p>'
    title = doc.metadata.title or Path(source_name).name
    data = {
        "starts": [cue.start_ms for cue in cues],
        "ends": [cue.end_ms if cue.end_ms is not None else cue.start_ms for cue in cues],
        "duration": duration,
        "lanes": (max(lanes) + 1) if lanes else 1,
        "title": title,
        "media": media_kind or "",
    }
    script = _asset("preview.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    summary = (
        f"{len(cues)} cue{'s' if len(cues) != 1 else ''} · {clock(duration)} · "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    url = doc.metadata.url
    link = (
        f' · <a href="{esc(url)}" rel="noreferrer noopener" target="_blank">video</a>'
        if url and url.startswith(("https://", "http://"))
        else ""
    )
    return _fill(
        _asset("preview.html"),
        {
            "title": esc(title),
            "source": esc(source_name),
            "format": esc(fmt),
            "summary": esc(summary),
            "link": link,
            "css": _asset("preview.css"),
            "player": _player(doc, media_url, media_kind),
            "bars": "".join(bars),
            "cues": "".join(items),
            "findings_count": str(len(findings)),
            "findings": findings_html,
            "data": _script_json(data),
            "script": script,
            "script_hash": digest,
            "duration": esc(clock(duration)),
            "generator": GENERATOR,
        },
    )


def _player(doc: Document, media_url: str | None, kind: str | None) -> str:
    """A ``<video>``/``<audio>`` with the captions as a WebVTT track, or nothing (the
    page's own clock plays then)."""
    if media_url is None:
        return ""
    vtt = api.dumps(doc, "vtt")
    track = "data:text/vtt;base64," + base64.b64encode(vtt.encode("utf-8")).decode("ascii")
    tag = "audio" if kind == "audio" else "video"
    return (
        f'<{tag} id="media" controls preload="metadata" src="{html.escape(media_url)}">'
        f'<track kind="captions" label="captions" srclang="und" default src="{track}">'
        f"</{tag}>"
    )


def render_index(result: FolderResult, root: Path, where: Path) -> str:
    """The folder's index page: a row per page with its counts, failures listed."""
    esc = html.escape
    rows = []
    for page in sorted(result.pages, key=lambda page: Path(page.source).relative_to(root).parts):
        href = quote(Path(os.path.relpath(page.output, where)).as_posix())
        name = os.path.relpath(page.source, root)
        rows.append(
            f'<tr class="{"error" if page.errors else "warning" if page.warnings else ""}">'
            f'<td><a href="{esc(href)}">{esc(name)}</a></td><td>{esc(page.format)}</td>'
            f"<td>{page.cues}</td><td>{clock(page.duration_ms)}</td>"
            f"<td>{page.errors}</td><td>{page.warnings}</td></tr>"
        )
    failed = "".join(
        f"<li>{esc(line)}</li>" for failure in result.failures for line in failure.messages
    )
    return _fill(
        _asset("index.html"),
        {
            "title": esc(str(root)),
            "css": _asset("preview.css"),
            "rows": "".join(rows),
            "count": str(len(result.pages)),
            "failures": f'<h2>Not previewed</h2><ul class="failures">{failed}</ul>'
            if failed
            else "",
            "generator": GENERATOR,
        },
    )


__all__ = [
    "FolderResult",
    "Page",
    "attach",
    "default_output",
    "display_text",
    "preview_file",
    "preview_folder",
    "render_index",
    "render_page",
]
