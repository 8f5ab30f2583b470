"""The ``subconv`` command: parses options, calls the library, prints. No logic of its own.

Heavy modules are imported inside commands, so ``subconv --help`` and the
pre-commit hook start fast.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, get_type_hints

import typer

from . import registry

if TYPE_CHECKING:
    from fractions import Fraction

    from .api import Options
    from .batch import Plan, Report
    from .retime import Retiming

app = typer.Typer(
    name="subconv",
    help=(
        "Convert captions and Markdown transcripts (SRT, WebVTT, ASS, TTML, ...: see"
        " docs/formats.md), and check their timing."
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False, "quiet": False}

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"subconv {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Exit status: 0 success; 1 problems found or timing refused; 2 usage error or unreadable
    input."""
    _state["debug"] = debug


def _fail(exc: BaseException) -> NoReturn:
    """Print an error the way every message about an input looks, and exit with its status."""
    from .errors import ProblemsFound, SubconvError

    if _state["debug"]:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, ProblemsFound):
        for line in exc.lines():
            typer.echo(line, err=True)
        raise typer.Exit(exc.exit_status)
    if isinstance(exc, SubconvError):
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_status)
    if isinstance(exc, OSError):
        from .errors import os_message

        typer.echo(os_message(exc), err=True)
        raise typer.Exit(EXIT_USAGE)
    if isinstance(exc, KeyboardInterrupt):
        typer.echo("subconv: interrupted", err=True)
        raise typer.Exit(130)
    typer.echo(
        f"subconv: internal error: {type(exc).__name__}: {exc} "
        "(run with --debug for a traceback, and please report it)",
        err=True,
    )
    raise typer.Exit(EXIT_USAGE)


def _out(text: str, nl: bool = True) -> None:
    """Print to standard output, every byte or exit 2: a full disk or a closed pipe is
    an error to report, never a silently cut output."""
    from .textio import write_stdout

    try:
        write_stdout((text + "\n" if nl else text).encode("utf-8"))
    except OSError as exc:
        _fail(exc)


def _duration(value: str | None, option: str) -> int | None:
    if value is None:
        return None
    from .timing import parse_seconds

    try:
        ms = parse_seconds(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None
    if ms <= 0:
        raise typer.BadParameter("must be more than 0", param_hint=option)
    return ms


def _retiming(parts: dict[str, str | None]) -> Retiming | None:
    """``--shift``, ``--framerate`` and ``--sync`` as one map (None: no retiming)."""
    from .retime import OptionError, from_options

    try:
        return from_options(**parts)
    except OptionError as exc:
        raise typer.BadParameter(exc.problem, param_hint=exc.option) from None


Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Output file; '-' for standard output. Default: the input's path with the new suffix.",
    ),
]
FromFmt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="FORMAT",
        help=f"Input format ({', '.join(registry.NAMES)}); default: from the extension.",
    ),
]
MaxDuration = Annotated[
    str | None, typer.Option("--max-duration", metavar="S", help="Cap every cue at S seconds.")
]
LastDuration = Annotated[
    str | None,
    typer.Option("--last-duration", metavar="S", help="The last transcript cue lasts S seconds."),
]
Estimate = Annotated[
    bool,
    typer.Option(
        "--estimate-timing", help="Transcript without timestamps: spread Length over the bullets."
    ),
]
Lenient = Annotated[
    bool,
    typer.Option(
        "--lenient", help="Skip blocks that are not valid cues, as players do, with a warning."
    ),
]
Title = Annotated[
    str | None, typer.Option("--title", metavar="TEXT", help="Title for a transcript output.")
]
Url = Annotated[
    str | None, typer.Option("--url", metavar="URL", help="Video URL for transcript links.")
]
Encoding = Annotated[
    str | None,
    typer.Option(
        "--encoding", metavar="NAME", help="Input encoding; default: BOM, UTF-8, else detected."
    ),
]
Bom = Annotated[bool, typer.Option("--bom", help="Start the output with a UTF-8 BOM.")]
Crlf = Annotated[bool, typer.Option("--crlf", help="Write CRLF line endings.")]
Force = Annotated[
    bool,
    typer.Option("--force", help="Write a transcript over an existing file at the default path."),
]
Reflow = Annotated[
    bool | None,
    typer.Option(
        "--reflow/--no-reflow",
        help="Re-cut into style-guide captions to the limits `check` uses (docs/reflow.md); "
        "default: 'reflow' under [tool.subconv], else off.",
    ),
]
KeepRolling = Annotated[
    bool,
    typer.Option(
        "--keep-rolling", help="Keep YouTube's rolling auto-captions as they are (no unrolling)."
    ),
]
WordTimestamps = Annotated[
    bool,
    typer.Option("--word-timestamps", help="WebVTT output: write word times as inline timestamps."),
]
Shift = Annotated[
    str | None,
    typer.Option(
        "--shift",
        metavar="T",
        help="Move every time later by T, earlier by -T: 2.5s, -0.8, +1m3s, -00:00:01.500.",
    ),
]
Framerate = Annotated[
    str | None,
    typer.Option(
        "--framerate",
        metavar="FROM:TO",
        help="Timed for FROM fps, the video runs at TO: every time times FROM/TO (25:23.976).",
    ),
]
Sync = Annotated[
    str | None,
    typer.Option(
        "--sync",
        metavar="OLD=NEW[,OLD=NEW]",
        help="Move time OLD to NEW; two pairs fix drift too: 1:00=1:02.5,1:00:00=1:00:05.",
    ),
]
Speakers = Annotated[
    bool,
    typer.Option(
        "--speakers/--no-speakers",
        help="Write speaker names (WebVTT voices, SRT 'Name: ' prefixes, notes headings).",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and warnings.")]


def _convert(
    source: str,
    output: str | None,
    target: str | None,
    from_fmt: str | None,
    options: Options,
    quiet: bool,
) -> None:
    from .api import convert
    from .codec import plural

    try:
        result = convert(source, output, from_fmt=from_fmt, to_fmt=target, options=options)
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)
    for problem in result.problems:
        typer.echo(problem.format(source), err=True)
    if not quiet and result.output != "-":
        count = plural(len(result.document.cues), "cue")
        typer.echo(f"{source} -> {result.output} ({count})", err=True)


Fps = Annotated[
    str | None,
    typer.Option(
        "--fps",
        metavar="FPS",
        help="Frame rate of MicroDVD input or output (23.976, 25, 30000/1001).",
    ),
]


def _frame_rate(value: str) -> Fraction:
    from fractions import Fraction

    try:
        rate = Fraction(value.strip())
    except (ValueError, ZeroDivisionError):
        raise typer.BadParameter(f"not a frame rate: {value!r}", param_hint="--fps") from None
    if not 1 <= rate <= 1000:
        raise typer.BadParameter("must be between 1 and 1000", param_hint="--fps")
    return rate


@dataclass(frozen=True, slots=True)
class _Option:
    """One conversion option: the :class:`~convert.api.Options` field it sets (also the
    parameter's name), how the command line spells it, and how its text becomes the value."""

    field: str
    annotation: Any
    default: Any
    duration: str | None = None
    """For a duration, the option's name (for messages); the value is parsed to ms."""
    parse: Callable[[str], Any] | None = None
    """How the text becomes the value, for other options that need it (``--fps``)."""
    retiming: bool = False
    """One of the parts (``shift``, ``framerate``, ``sync``) that together make the one
    ``Options.retiming`` value, in the order :mod:`convert.retime` documents."""


CONVERSION_OPTIONS: tuple[_Option, ...] = (
    _Option("max_duration_ms", MaxDuration, None, duration="--max-duration"),
    _Option("last_duration_ms", LastDuration, None, duration="--last-duration"),
    _Option("estimate_timing", Estimate, False),
    _Option("lenient", Lenient, False),
    _Option("title", Title, None),
    _Option("url", Url, None),
    _Option("encoding", Encoding, None),
    _Option("bom", Bom, False),
    _Option("crlf", Crlf, False),
    _Option("force", Force, False),
    _Option("fps", Fps, None, parse=lambda text: _frame_rate(text)),
    _Option("reflow", Reflow, None),
    _Option("keep_rolling", KeepRolling, False),
    _Option("word_timestamps", WordTimestamps, False),
    _Option("shift", Shift, None, retiming=True),
    _Option("framerate", Framerate, None, retiming=True),
    _Option("sync", Sync, None, retiming=True),
    _Option("speakers", Speakers, True),
)
"""The conversion options, declared once: every command that converts takes them in this
order (or a subset) through :func:`conversion_options`. Adding an option is one line here
and one field of ``Options`` with the same name (the retiming parts share one field)."""


_KEYWORD = inspect.Parameter.KEYWORD_ONLY


class _WithOptions:
    """A command with the conversion options in place of its ``options`` parameter.

    typer reads the parameters from ``__signature__`` and ``__annotations__``; they are
    worked out on first use, so a run pays only for the command it invokes.
    """

    def __init__(
        self, command: Callable[..., None], chosen: tuple[_Option, ...], fixed: dict[str, Any]
    ) -> None:
        self._command, self._chosen, self._fixed = command, chosen, fixed
        self.__name__ = command.__name__
        self.__qualname__ = command.__qualname__
        self.__doc__ = command.__doc__

    @functools.cached_property
    def __signature__(self) -> inspect.Signature:
        # Annotations are strings (PEP 563); ``Options`` is imported only for the type
        # checker, and its parameter is replaced anyway.
        hints = get_type_hints(self._command, localns={"Options": object}, include_extras=True)
        params: list[inspect.Parameter] = []
        for param in inspect.signature(self._command).parameters.values():
            if param.name == "options":
                params.extend(
                    inspect.Parameter(o.field, _KEYWORD, default=o.default, annotation=o.annotation)
                    for o in self._chosen
                )
            else:
                params.append(param.replace(kind=_KEYWORD, annotation=hints[param.name]))
        return inspect.Signature(params)

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        return {p.name: p.annotation for p in self.__signature__.parameters.values()}

    def __call__(self, **values: Any) -> None:
        from .api import Options

        given = {o.field: values.pop(o.field) for o in self._chosen}
        for option in self._chosen:
            if option.duration is not None:
                given[option.field] = _duration(given[option.field], option.duration)
            elif option.parse is not None and given[option.field] is not None:
                given[option.field] = option.parse(given[option.field])
        parts = {o.field: given.pop(o.field) for o in self._chosen if o.retiming}
        if parts:
            given["retiming"] = _retiming(parts)
        try:
            options = Options(**{**given, **self._fixed})
        except Exception as exc:  # an unknown --encoding is a usage error, not a crash
            _fail(exc)
        self._command(**values, options=options)


def conversion_options(
    *, leave_out: tuple[str, ...] = (), fixed: dict[str, Any] | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the conversion options where its keyword-only ``options`` parameter
    is, and call it with them gathered into one ``Options``.

    ``leave_out`` names fields the command does not offer (they keep ``Options``'s
    default, or the value in ``fixed``).
    """
    chosen = tuple(o for o in CONVERSION_OPTIONS if o.field not in leave_out)
    return lambda command: _WithOptions(command, chosen, fixed or {})


Input = Annotated[str, typer.Argument(metavar="INPUT", help="Input file; '-' for stdin.")]


def _to_command(fmt: registry.Format) -> None:
    @conversion_options()
    def command(
        source: Input,
        output: Output = None,
        from_fmt: FromFmt = None,
        *,
        options: Options,
        quiet: Quiet = False,
    ) -> None:
        _convert(source, output, fmt.name, from_fmt, options, quiet)

    command.__doc__ = f"Convert to {fmt.label} ({fmt.extensions[0]})."
    app.command(f"to-{fmt.name}")(command)


for _format in registry.FORMATS:
    if not _format.read_only:
        _to_command(_format)


@app.command("convert")
@conversion_options(leave_out=("force",), fixed={"force": True})
def convert_command(
    source: Input,
    output: Annotated[str, typer.Argument(metavar="OUTPUT", help="Output file; '-' for stdout.")],
    from_fmt: FromFmt = None,
    to_fmt: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="FORMAT", help="Output format; default: from the output's extension."
        ),
    ] = None,
    *,
    options: Options,
    quiet: Quiet = False,
) -> None:
    """Convert INPUT to OUTPUT; formats come from the extensions unless --from/--to say."""
    _convert(source, output, to_fmt, from_fmt, options, quiet)


# --- check and sync (timing validation, pre-commit hooks) -----------------------------------


def _codes_option(values: list[str] | None) -> tuple[str, ...]:
    """``--select E1,W104 --select W2`` -> ("E1", "W104", "W2")."""
    return tuple(
        part.strip().upper() for value in values or [] for part in value.split(",") if part.strip()
    )


@app.command("check")
def check_command(
    paths: Annotated[
        list[str], typer.Argument(metavar="FILE_OR_DIR...", help="Files, or folders to search.")
    ],
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="CODES", help="Only these codes or prefixes (E1,W104)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="CODES", help="Also ignore these codes or prefixes."),
    ] = None,
    strict: Annotated[
        bool | None,
        typer.Option("--strict/--no-strict", help="Readability warnings (W1xx) are errors."),
    ] = None,
    fps: Annotated[
        str | None,
        typer.Option(
            "--fps", metavar="FPS", help="Frame rate for the gap rule (W106); default 24."
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", metavar="text|json|github", help="How to print problems.")
    ] = "text",
    fix: Annotated[
        bool, typer.Option("--fix", help="Sort cues, trim overlaps, renumber SRT; print each.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Show what --fix would change as a diff; write nothing.")
    ] = False,
    config: Annotated[
        str | None,
        typer.Option("--config", metavar="PYPROJECT", help="Use this pyproject.toml for all."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also say which files were skipped.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")] = False,
) -> None:
    """Check timing and readability; exit 0 when no error, 1 on errors, 2 on unreadable input."""
    from .check import Request, check_paths
    from .report import FORMATS, render

    try:
        if output_format not in FORMATS:
            raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
        from .config import to_fraction

        request = Request(
            select=_codes_option(select) if select else None,
            ignore=_codes_option(ignore),
            strict=strict,
            fps=to_fraction(fps, "--fps", "command line") if fps is not None else None,
            fix=fix,
            diff=diff,
            config=Path(config) if config is not None else None,
        )
        report = check_paths(paths, request)
    except typer.BadParameter:
        raise
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)
    for file_report in report.files:
        if file_report.skipped and verbose:
            typer.echo(f"{file_report.path}: skipped: {file_report.skipped}", err=True)
        for line in (*file_report.notes, *([] if diff else file_report.fixes)):
            typer.echo(line, err=True)
        if file_report.unreadable:
            typer.echo(file_report.unreadable, err=True)
    if diff:
        _out("".join(r.diff for r in report.files), nl=False)
        if report.findings:
            typer.echo(render(report, output_format, summary=not quiet), nl=False, err=True)
    else:
        _out(render(report, output_format, summary=not quiet), nl=False)
    raise typer.Exit(report.exit_status)


@app.command("rules")
def rules_command(
    codes: Annotated[
        list[str] | None,
        typer.Argument(metavar="[CODE...]", help="Only these codes or prefixes (E1, W104)."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", metavar="text|json", help="How to print the rules.")
    ] = "text",
) -> None:
    """Print the rules check and conversions report: code, severity, summary, fix."""
    from . import rules
    from .selectors import validate_selectors

    if output_format not in ("text", "json"):
        raise typer.BadParameter("choose text or json", param_hint="--format")
    selectors = _codes_option(codes)
    try:
        validate_selectors(selectors, "rules")
    except Exception as exc:
        _fail(exc)
    chosen = [r for r in rules.RULES.values() if not selectors or r.code.startswith(selectors)]
    typer.echo(rules.as_json(chosen) if output_format == "json" else rules.text(chosen), nl=False)


@app.command("sync")
@conversion_options(
    leave_out=tuple(
        o.field
        for o in CONVERSION_OPTIONS
        if o.field not in ("max_duration_ms", "last_duration_ms", "reflow", "speakers")
    )
)
def sync_command(
    paths: Annotated[
        list[str], typer.Argument(metavar="FILE...", help="Transcripts and/or their captions.")
    ],
    check_only: Annotated[
        bool, typer.Option("--check", help="Only report stale captions; write nothing.")
    ] = False,
    *,
    options: Options,
    quiet: Quiet = False,
) -> None:
    """Regenerate the .srt/.vtt beside each transcript; exit 1 if any changed (as formatters do)."""
    from .errors import ProblemsFound, SubconvError
    from .sync import Skipped, Unwritable, sync_path

    status = EXIT_OK
    for path in paths:
        if not os.path.lexists(path):  # a typo must not pass as "nothing to sync"
            typer.echo(f"{path}: no such file", err=True)
            status = max(status, EXIT_USAGE)
            continue
        try:
            results = sync_path(path, options, write=not check_only)
        except SubconvError as exc:
            for line in exc.lines() if isinstance(exc, ProblemsFound) else [str(exc)]:
                typer.echo(line, err=True)
            status = max(status, exc.exit_status)
            continue
        except OSError as exc:  # a caption that cannot be written: say so, go on
            from .errors import os_message

            typer.echo(os_message(exc, path), err=True)
            status = max(status, EXIT_USAGE)
            continue
        except (Exception, KeyboardInterrupt) as exc:
            _fail(exc)
        for result in results:
            if isinstance(result, Unwritable):
                typer.echo(result.message, err=True)
                status = max(status, EXIT_USAGE)
            elif isinstance(result, Skipped):
                if not quiet:
                    typer.echo(f"{result.transcript}: {result.reason}", err=True)
            elif result.changed:
                verb = "is stale" if check_only else "regenerated"
                typer.echo(f"{result.caption}: {verb} from {result.transcript}", err=True)
                status = max(status, EXIT_PROBLEMS)
    raise typer.Exit(status)


@app.command("chapters")
def chapters_command(
    source: Input,
    output: Output = None,
    encoding: Encoding = None,
    quiet: Quiet = False,
) -> None:
    """Write the video description's chapters as a WebVTT chapters track (.chapters.vtt);
    exit 1 when it lists none."""
    from .chapters import write_chapters
    from .codec import plural

    try:
        dest, track = write_chapters(source, output, encoding=encoding)
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)
    if not quiet and dest != "-":
        typer.echo(f"{source} -> {dest} ({plural(len(track.cues), 'chapter')})", err=True)


# -- preview: a page to judge timing by eye (convert/preview.py) -----------------------------


@app.command("preview")
@conversion_options(leave_out=("title", "url", "bom", "crlf", "force", "word_timestamps"))
def preview_command(
    source: Annotated[
        str, typer.Argument(metavar="FILE_OR_DIR", help="A subtitle file, or a folder of them.")
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Page to write (- for standard output); default: INPUT.preview.html.",
        ),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(
            "--out", metavar="DIR", help="Folder mode: write the pages and index.html under DIR."
        ),
    ] = None,
    media: Annotated[
        str | None,
        typer.Option(
            "--media", metavar="FILE", help="Play this video or audio file with the captions."
        ),
    ] = None,
    from_fmt: FromFmt = None,
    *,
    options: Options,
    quiet: Quiet = False,
) -> None:
    """Write an HTML page to check timing by eye: player, cue list, timeline, findings."""
    from . import preview
    from .codec import plural

    try:
        if Path(source).is_dir():
            if output is not None or media is not None:
                raise typer.BadParameter(
                    "a folder takes --out DIR (no -o or --media)", param_hint="FILE_OR_DIR"
                )
            result = preview.preview_folder(source, out, from_fmt=from_fmt, options=options)
        else:
            if out is not None:
                raise typer.BadParameter("--out is for a folder; use -o FILE", param_hint="--out")
            page = preview.preview_file(
                source, output, media=media, from_fmt=from_fmt, options=options
            )
            for problem in page.problems:
                typer.echo(problem.format(source), err=True)
            if not quiet and page.output != "-":
                typer.echo(f"{source} -> {page.output} ({plural(page.cues, 'cue')})", err=True)
            raise typer.Exit(EXIT_OK)
    except (typer.BadParameter, typer.Exit):
        raise
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)
    for note in result.notes:
        typer.echo(note, err=True)
    for failure in result.failures:
        for line in failure.messages:
            typer.echo(line, err=True)
    if not quiet:
        typer.echo(
            f"{len(result.pages)} {'page' if len(result.pages) == 1 else 'pages'} written, "
            f"{len(result.failures)} failed; index: {result.index}",
            err=True,
        )
    raise typer.Exit(EXIT_PROBLEMS if result.failures else EXIT_OK)


# -- batch: convert whole folders (convert/batch.py) -------------------------------------


@app.command("batch")
@conversion_options(leave_out=("title", "force"))
def batch_command(
    sources: Annotated[
        list[str], typer.Argument(metavar="SRC", help="Folders (walked recursively) or files.")
    ],
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="FORMAT", help=f"Target: {registry.join(registry.WRITABLE, 'or')}."
        ),
    ],
    out: Annotated[
        str | None,
        typer.Option("--out", metavar="DIR", help="Mirror the source tree under DIR."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", metavar="N", min=1, help="Worker processes; default: the CPUs."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rewrite outputs even when they are up to date.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; write nothing.")
    ] = False,
    include: Annotated[
        list[str] | None,
        typer.Option("--include", metavar="GLOB", help="Only files matching GLOB (repeatable)."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", metavar="GLOB", help="Leave out files and folders matching."),
    ] = None,
    report_format: Annotated[
        str, typer.Option("--format", metavar="text|json", help="Report format.")
    ] = "text",
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="A line per file, with its warnings.")
    ] = False,
    *,
    options: Options,
) -> None:
    """Convert every caption file and transcript under each SRC; exit 1 if any failed."""
    import signal
    from dataclasses import replace

    from . import batch

    if report_format not in ("text", "json"):
        raise typer.BadParameter("choose text or json", param_hint="--format")
    options = replace(options, force=force)
    # A polite kill (SIGTERM) cleans up like Ctrl-C: temporary files go, finished files stay.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        the_plan = batch.plan(
            sources,
            to,
            out=out,
            include=include or (),
            exclude=exclude or (),
            force=force,
            options=options,
        )
        if dry_run:
            report = batch.Report(the_plan, dry_run=True)
        else:
            for failure in the_plan.refused:  # before anything is written
                for line in failure.errors:
                    typer.echo(line, err=True)
            report = _run_batch(the_plan, jobs, verbose, report_format == "json")
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)
    finally:
        signal.signal(signal.SIGTERM, previous)
    if report_format == "json":
        import json

        _out(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_batch(report, verbose)
    raise typer.Exit(report.exit_status)


def _run_batch(the_plan: Plan, jobs: int | None, verbose: bool, json_out: bool) -> Report:
    """Run with a progress bar on a terminal, a line per file with -v, else silently.

    With a JSON report on stdout, the lines of -v go to stderr so the JSON stays whole.
    """
    from . import batch
    from .codec import plural

    if verbose:

        def show(outcome: batch.Outcome) -> None:
            if outcome.ok:
                count = plural(outcome.cues, "cue")
                line = f"converted: {outcome.source} -> {outcome.output} ({count})"
                if json_out:
                    typer.echo(line, err=True)
                else:
                    _out(line)
                for line in outcome.warnings:
                    typer.echo(line, err=True)
            else:
                for line in outcome.errors:
                    typer.echo(line, err=True)

        return batch.run(the_plan, jobs=jobs, on_outcome=show)
    if not sys.stderr.isatty() or len(the_plan.tasks) < 2:
        return batch.run(the_plan, jobs=jobs)
    from contextlib import nullcontext

    from rich.console import Console
    from rich.progress import Progress

    jobs = jobs or batch.default_jobs()
    # Workers start before the progress bar's thread does (fork and threads do not mix).
    with (
        batch.process_pool(jobs) if jobs > 1 else nullcontext() as pool,
        Progress(console=Console(stderr=True), transient=True) as progress,
    ):
        bar = progress.add_task("converting", total=len(the_plan.tasks))
        return batch.run(
            the_plan, jobs=jobs, executor=pool, on_outcome=lambda _: progress.advance(bar)
        )


def _print_batch(report: Report, verbose: bool) -> None:
    """Dry run: the plan. Run: failures, then one summary line (-v: every file too)."""
    the_plan = report.plan
    if report.dry_run:
        for task in the_plan.tasks:
            _out(f"would try: {task.source} -> {task.output}")
        for path in the_plan.stale:
            _out(f"would remove stale temporary file: {path}")
    if verbose or report.dry_run:
        for task in the_plan.up_to_date:
            _out(f"up to date: {task.source} -> {task.output}")
        for skip in the_plan.skipped:
            _out(f"skipped: {skip.source} ({skip.reason})")
    failures = report.failed if report.dry_run else report.failed[len(the_plan.refused) :]
    if not verbose or report.dry_run:
        for failure in failures:
            for line in failure.errors:
                typer.echo(line, err=True)
    counts = report.counts()
    warned = sum(1 for outcome in report.converted if outcome.warnings)
    summary = (
        f"{counts['converted']} {'to try' if report.dry_run else 'converted'}, "
        f"{counts['up_to_date']} up to date, {counts['skipped']} skipped, "
        f"{counts['failed']} failed"
    )
    if warned and not verbose:
        summary += f" ({warned} converted with warnings; -v shows them)"
    _out(("dry run: " if report.dry_run else "") + summary)


def _invoked_only(argv: list[str]) -> list[typer.models.CommandInfo] | None:
    """The registered commands with only the one ``argv`` invokes, or None to keep all.

    typer turns every registered command into a click command on every run, about a
    millisecond each with our options; a run needs only the command it invokes. Top-level
    help, no command and unknown commands (typer suggests a close name) keep them all.
    """
    name = next((arg for arg in argv if not arg.startswith("-")), None)
    if name is None:
        return None
    for info in app.registered_commands:
        callback = info.callback
        known = info.name or (callback and typer.main.get_command_name(callback.__name__))
        if known == name:
            return [info]
    return None


def main() -> None:
    """Console entry point."""
    everything = app.registered_commands
    only = _invoked_only(sys.argv[1:])
    if only is not None:
        app.registered_commands = only
    import signal

    # A polite kill (SIGTERM) cleans up like Ctrl-C: a conversion's temporary file goes.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        app()
    except KeyboardInterrupt:
        print("subconv: interrupted", file=sys.stderr)
        sys.exit(130)
    finally:
        app.registered_commands = everything


__all__ = ["app", "main"]
