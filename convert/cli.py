"""The ``subconv`` command: parses options, calls the library, prints. No logic of its own.

Heavy modules are imported inside commands, so ``subconv --help`` and the
pre-commit hook start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

app = typer.Typer(
    name="subconv",
    help="Convert Markdown transcripts, SRT and WebVTT captions, and check their timing.",
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
    if isinstance(exc, KeyboardInterrupt):
        typer.echo("subconv: interrupted", err=True)
        raise typer.Exit(130)
    typer.echo(
        f"subconv: internal error: {type(exc).__name__}: {exc} "
        "(run with --debug for a traceback, and please report it)",
        err=True,
    )
    raise typer.Exit(EXIT_USAGE)


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


Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Output file; '-' for standard output. Default: the input's path with the new suffix.",
    ),
]
FromFmt = Annotated[
    str | None,
    typer.Option(
        "--from", help="Input format (transcript, srt, vtt, json); default: from the extension."
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
Title = Annotated[str | None, typer.Option("--title", help="Title for a transcript output.")]
Url = Annotated[str | None, typer.Option("--url", help="Video URL for transcript links.")]
Encoding = Annotated[
    str | None,
    typer.Option("--encoding", help="Input encoding; default: BOM, UTF-8, else detected."),
]
Bom = Annotated[bool, typer.Option("--bom", help="Start the output with a UTF-8 BOM.")]
Crlf = Annotated[bool, typer.Option("--crlf", help="Write CRLF line endings.")]
Force = Annotated[
    bool,
    typer.Option("--force", help="Write a transcript over an existing file at the default path."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]


def _convert(
    source: str,
    output: str | None,
    target: str | None,
    from_fmt: str | None,
    options: dict[str, object],
    quiet: bool,
) -> None:
    from .api import Options, convert

    try:
        opts = Options(**options)  # type: ignore[arg-type]
        result = convert(source, output, from_fmt=from_fmt, to_fmt=target, options=opts)
    except (Exception, KeyboardInterrupt) as exc:
        _fail(exc)
    label = source if source != "-" else "-"
    for problem in result.problems:
        typer.echo(problem.format(label), err=True)
    if not quiet and result.output != "-":
        typer.echo(f"{label} -> {result.output} ({len(result.document.cues)} cues)", err=True)


def _options(
    max_duration: str | None,
    last_duration: str | None,
    estimate_timing: bool,
    lenient: bool,
    title: str | None,
    url: str | None,
    encoding: str | None,
    bom: bool,
    crlf: bool,
    force: bool,
) -> dict[str, object]:
    return {
        "max_duration_ms": _duration(max_duration, "--max-duration"),
        "last_duration_ms": _duration(last_duration, "--last-duration"),
        "estimate_timing": estimate_timing,
        "lenient": lenient,
        "title": title,
        "url": url,
        "encoding": encoding,
        "bom": bom,
        "crlf": crlf,
        "force": force,
    }


def _to_command(target: str, summary: str) -> None:
    def command(
        source: Annotated[str, typer.Argument(metavar="INPUT", help="Input file; '-' for stdin.")],
        output: Output = None,
        from_fmt: FromFmt = None,
        max_duration: MaxDuration = None,
        last_duration: LastDuration = None,
        estimate_timing: Estimate = False,
        lenient: Lenient = False,
        title: Title = None,
        url: Url = None,
        encoding: Encoding = None,
        bom: Bom = False,
        crlf: Crlf = False,
        force: Force = False,
        quiet: Quiet = False,
    ) -> None:
        _convert(
            source,
            output,
            target,
            from_fmt,
            _options(
                max_duration,
                last_duration,
                estimate_timing,
                lenient,
                title,
                url,
                encoding,
                bom,
                crlf,
                force,
            ),
            quiet,
        )

    command.__doc__ = summary
    app.command(f"to-{target}")(command)


_to_command("srt", "Convert to SubRip (.srt).")
_to_command("vtt", "Convert to WebVTT (.vtt).")
_to_command("transcript", "Convert to a Markdown transcript (.md).")
_to_command("json", "Convert to subconv's JSON form of the model (.json).")


@app.command("convert")
def convert_command(
    source: Annotated[str, typer.Argument(metavar="INPUT", help="Input file; '-' for stdin.")],
    output: Annotated[str, typer.Argument(metavar="OUTPUT", help="Output file; '-' for stdout.")],
    from_fmt: FromFmt = None,
    to_fmt: Annotated[
        str | None,
        typer.Option("--to", help="Output format; default: from the output's extension."),
    ] = None,
    max_duration: MaxDuration = None,
    last_duration: LastDuration = None,
    estimate_timing: Estimate = False,
    lenient: Lenient = False,
    title: Title = None,
    url: Url = None,
    encoding: Encoding = None,
    bom: Bom = False,
    crlf: Crlf = False,
    quiet: Quiet = False,
) -> None:
    """Convert INPUT to OUTPUT; formats come from the extensions unless --from/--to say."""
    _convert(
        source,
        output,
        to_fmt,
        from_fmt,
        _options(
            max_duration,
            last_duration,
            estimate_timing,
            lenient,
            title,
            url,
            encoding,
            bom,
            crlf,
            True,
        ),
        quiet,
    )


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
    try:
        app()
    except KeyboardInterrupt:
        print("subconv: interrupted", file=sys.stderr)
        sys.exit(130)
    finally:
        app.registered_commands = everything


__all__ = ["Path", "app", "main"]
