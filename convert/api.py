"""The library API: read, render, write and convert documents, applying the timing policy.

Everything the command line does is here, so a script gets the same behaviour:

    import convert
    doc = convert.read("talk.md")
    convert.write(doc, "talk.srt")
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from . import formats, registry, rolling, rules, speakers, timing, wordtimes
from .errors import (
    DecodeError,
    ParseError,
    Problem,
    ProblemsFound,
    SubconvError,
    TimingError,
    UsageError,
)
from .formats.base import plural
from .model import Cue, Document
from .textio import (
    Decoded,
    atomic_write,
    decode,
    encode_output,
    guessed_encoding_warning,
    has_escaped_bytes,
    read_source,
    same_file,
    text_codec,
    write_stdout,
)

if TYPE_CHECKING:
    from .config import Finder, Thresholds
    from .retime import Retiming

PathLike = str | os.PathLike[str]
STDIO = "-"
MIN_REFLOW_LINE = 20
"""The shortest line reflow is asked for when a speaker prefix takes room (a very long
name then overflows rather than leaving a few characters a line)."""


@dataclass(frozen=True, slots=True)
class Options:
    """How to convert; every field matches a command-line option of the same name, except
    ``thresholds`` (``[tool.subconv]``, as ``check`` reads it) and ``retiming``."""

    max_duration_ms: int | None = None
    """Cap every cue's duration (a long silence should not keep a caption up)."""
    last_duration_ms: int | None = None
    """Duration of the last transcript cue, instead of the header's Length."""
    estimate_timing: bool = False
    """For transcripts without timestamps: spread Length over the bullets."""
    lenient: bool = False
    """Skip blocks that are not valid cues (as players do), with a warning, instead of refusing."""
    title: str | None = None
    """Title for a transcript made from SRT or WebVTT."""
    url: str | None = None
    """Video URL for a transcript's timestamp links."""
    encoding: str | None = None
    """Decode inputs with this codec instead of detecting it."""
    bom: bool = False
    """Start outputs with a UTF-8 byte order mark."""
    crlf: bool = False
    """Write CRLF line endings."""
    force: bool = False
    """Allow writing a transcript over an existing file at a derived path."""
    fps: Fraction | None = None
    """Frame rate of a frame-counting format (MicroDVD), read or written; a MicroDVD file
    may say its own."""
    reflow: bool | None = None
    """Re-cut the cues into style-guide captions (:func:`convert.reflow.reflow`). None:
    as ``reflow`` under ``[tool.subconv]`` says for the input (:func:`configured`), else off."""
    thresholds: Thresholds | None = None
    """The limits reflow meets; None: the input's ``[tool.subconv]`` ones, else the defaults.
    ``max_duration_ms`` lowers their ``max-duration``."""
    retiming: Retiming | None = None
    """Move every time by this map (``--shift``, ``--framerate``, ``--sync``); see
    :mod:`convert.retime` and docs/retiming.md."""
    keep_rolling: bool = False
    """Keep YouTube's rolling auto-captions as they are instead of unrolling them."""
    word_timestamps: bool = False
    """Write the cues' word times as WebVTT inline timestamps."""
    speakers: bool = True
    """Write speakers (WebVTT voices, SRT ``Name:`` prefixes, notes headings); False
    leaves the names out and keeps the words."""

    def __post_init__(self) -> None:
        """Bad arguments fail here, at the call, as ValueError or TypeError (docs/api.md):
        a negative cap would otherwise write an SRT time of ``-1:59:59,995``."""
        for name in ("max_duration_ms", "last_duration_ms"):
            value = getattr(self, name)
            if value is None:
                continue
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"Options.{name} must be an int or None, not {value!r}")
            if value <= 0:
                raise ValueError(f"Options.{name} must be more than 0, not {value}")
        for name in ("title", "url", "encoding"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"Options.{name} must be a str or None, not {value!r}")
        if self.encoding is not None:
            text_codec(self.encoding)  # UsageError, a ValueError, for 'hex' or a typo
        for name in (
            "estimate_timing",
            "lenient",
            "bom",
            "crlf",
            "force",
            "keep_rolling",
            "word_timestamps",
            "speakers",
        ):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(
                    f"Options.{name} must be True or False, not {getattr(self, name)!r}"
                )
        if self.reflow is not None and not isinstance(self.reflow, bool):
            raise TypeError(f"Options.reflow must be True, False or None, not {self.reflow!r}")
        if self.fps is not None:
            if not isinstance(self.fps, Fraction | int) or isinstance(self.fps, bool):
                raise TypeError(
                    f"Options.fps must be a Fraction (Fraction(24000, 1001)), not {self.fps!r}"
                )
            if self.fps <= 0:
                raise ValueError(f"Options.fps must be more than 0, not {self.fps}")
        _check_type(self.thresholds, "thresholds", "convert.config", "Thresholds")
        _check_type(self.retiming, "retiming", "convert.retime", "Retiming")


def _check_type(value: object, name: str, module: str, kind: str) -> None:
    """A TypeError unless ``value`` is None or a ``module.kind`` (imported only to check)."""
    if value is None:
        return
    import importlib

    expected = getattr(importlib.import_module(module), kind)
    if not isinstance(value, expected):
        raise TypeError(f"Options.{name} must be a {kind} or None, not {value!r}")


def configured(options: Options, path: PathLike | None, finder: Finder | None = None) -> Options:
    """``options`` with ``reflow`` and ``thresholds`` filled in from the ``[tool.subconv]``
    table that governs ``path`` (the current folder for standard input), as ``check``
    finds it, so what ``--reflow`` writes passes ``check`` with the same settings."""
    if options.reflow is not None and (options.thresholds is not None or not options.reflow):
        return options
    from .config import Finder  # here: plain conversions need no configuration module

    where = Path.cwd() if path is None or str(path) == STDIO else Path(path)
    settings = (finder or Finder()).for_path(where)
    return replace(
        options,
        reflow=settings.reflow if options.reflow is None else options.reflow,
        thresholds=options.thresholds or settings.thresholds,
    )


@dataclass(slots=True)
class Result:
    """What a conversion did: the document written, where, and what it noticed."""

    document: Document
    output: str
    format: str
    problems: list[Problem] = field(default_factory=list)


def resolve_format(
    name: str | None, path: PathLike | None, text: str | None = None
) -> formats.Format:
    """An explicit name wins, then the file extension, then sniffing the content."""
    if name:
        return formats.by_name(name)
    if path is not None and str(path) != STDIO:
        found = formats.by_extension(str(path), text)
        # .txt is also MPL2's and TMPlayer's extension: the content decides.
        if (
            found is not None
            and found.name == "transcript"
            and text is not None
            and not found.adapter().sniff(text)
        ):
            return formats.sniff(text) or found
        if found is not None:
            return found
    if text is not None:
        found = formats.sniff(text)
        if found is not None:
            return found
    if path is not None and str(path) != STDIO:
        where = str(path)
    elif text is None:  # an output's format: from its name or --to only
        where = "standard output" if path is not None else "the output"
    else:
        where = "standard input" if path is not None else "the data"
    if text is None:
        names = ", ".join(registry.writable())
        raise UsageError(f"cannot tell the format of {where}; name it with --to ({names})")
    names = ", ".join(registry.names())
    raise UsageError(f"cannot tell the format of {where}; name it with --from ({names})")


def parse(text: str, fmt: str, *, name: str = "<string>", fps: Fraction | None = None) -> Document:
    """Parse already-decoded text in a named format; ``fps`` for a frame-counting one."""
    if not isinstance(fmt, str):
        raise TypeError(f"parse() needs the format's name, not {fmt!r}")
    if fps is not None:
        if not isinstance(fps, Fraction | int) or isinstance(fps, bool):
            raise TypeError(f"fps must be a Fraction (Fraction(24000, 1001)), not {fps!r}")
        if fps <= 0:
            raise ValueError(f"fps must be more than 0, not {fps}")
    adapter = formats.by_name(fmt)
    try:
        codec = adapter.adapter()
        doc = codec.read_frames(text, fps) if adapter.frame_based else codec.read(text)
    except SubconvError as exc:
        raise exc.with_path(name) from None
    doc.source_format = adapter.name
    if name != "<string>":
        doc.source_name = name  # for the messages of a later prepare or write
    header = doc.metadata.header
    if doc.length_ms is None and header and "Length" in header:
        # One place for every reader: a header that came through WebVTT or JSON counts too.
        from .formats.family import length_from_header

        doc.length_ms = length_from_header(header)
    return doc


@dataclass(frozen=True, slots=True)
class Loaded:
    """An input's bytes and text, before its format is known (conversions and check)."""

    data: bytes
    decoded: Decoded
    label: str
    """How messages name it."""
    path: PathLike | None
    """None for bytes given in memory."""


def load(
    source: PathLike | bytes, *, encoding: str | None = None, name: str | None = None
) -> Loaded:
    """Read a file (``-`` for standard input) or take bytes, and decode them."""
    if encoding is not None:
        text_codec(encoding)  # a bad argument fails before any file is read
    if isinstance(source, bytes):
        data, label, path = source, name or "<bytes>", None
    else:
        data, label, path = read_source(source), name or str(source), source
    return Loaded(data, decode(data, encoding=encoding, path=label), label, path)


def encoding_problems(decoded: Decoded, fmt: formats.Format) -> list[Problem]:
    """W005 when the encoding was guessed, with what the format says about it."""
    if not decoded.guessed:
        return []
    return [guessed_encoding_warning(decoded, fmt.adapter().encoding_note)]


def read(
    source: PathLike | bytes,
    fmt: str | None = None,
    *,
    encoding: str | None = None,
    name: str | None = None,
    fps: Fraction | None = None,
) -> Document:
    """Read a file (``-`` for standard input) or bytes into a :class:`Document`.

    Problems the reader found (a guessed encoding, skipped blocks) are in
    ``doc.problems``; nothing is refused here: see :func:`prepare`.
    """
    loaded = load(source, encoding=encoding, name=name)
    fmt_spec = resolve_format(fmt, loaded.path, loaded.decoded.text)
    doc = parse(loaded.decoded.text, fmt_spec.name, name=loaded.label, fps=fps)
    if loaded.decoded.escaped_line is not None and _holds_escaped_bytes(doc):
        raise DecodeError(
            "not valid UTF-8, which JSON must be (bytes that make no character)",
            path=loaded.label,
            line=loaded.decoded.escaped_line,
        )
    doc.problems[:0] = encoding_problems(loaded.decoded, fmt_spec)
    doc.source_name = loaded.label
    return doc


def _at_most(problems: list[Problem], shown: int, rest: str) -> list[Problem]:
    """The first ``shown`` problems and one line for the rest (a recognizer's segments
    overlapping by 20 ms made hundreds of lines saying the same)."""
    if len(problems) <= shown + 1:
        return problems
    more = problems[shown]
    return [*problems[:shown], replace(more, message=f"{len(problems) - shown} {rest}")]


def _holds_escaped_bytes(doc: Document) -> bool:
    """Whether bytes that were not UTF-8 reached the document (no reader mended them)."""
    return any(
        has_escaped_bytes(cue.text)
        or any(has_escaped_bytes(word.text) for word in cue.words or ())
        or has_escaped_bytes(cue.speaker or "")
        for cue in doc.cues
    ) or any(
        has_escaped_bytes(value)
        for value in (
            *(getattr(doc.metadata, each.name) for each in fields(doc.metadata)),
            doc.vtt_header,
            *doc.vtt_blocks,
        )
        if isinstance(value, str)
    )


def prepare(doc: Document, target: str, options: Options = Options()) -> list[Problem]:
    """Apply the timing policy before writing ``doc`` as ``target``; returns warnings.

    Refuses (raises) a document with read errors unless ``options.lenient``, a
    transcript without timestamps unless ``options.estimate_timing``, and cues
    without ends whose starts do not increase. Out-of-order cues with ends are
    sorted and overlaps kept, each with a warning. Modifies ``doc`` in place.
    """
    target_format = formats.writable(formats.by_name(target))
    warnings = [p for p in doc.problems if not rules.rule(p.code).refuses]
    errors = [p for p in doc.problems if rules.rule(p.code).refuses]
    if doc.source_format in ("vtt", "srt") and not options.keep_rolling:
        unrolled = rolling.unroll_if_rolling(doc.cues)
        if unrolled is not None:
            warnings.append(rolling.note(unrolled[1], doc.cues[0].line or None))
            doc.cues = unrolled[0]
    if errors:
        if not options.lenient:
            raise ProblemsFound(errors)
        warnings.extend(
            replace(p, as_warning=True, message=p.message + " (--lenient)") for p in errors
        )
    cues = doc.cues
    if doc.untimed:
        warnings = [p for p in warnings if p.code != "E107"]
        if not options.estimate_timing:
            raise TimingError(
                "transcript has no timestamps, so its cues cannot be timed exactly; "
                "--estimate-timing spreads the header's Length over the bullets",
                line=cues[0].line if cues else None,
            )
        if doc.length_ms is None or doc.length_ms <= 0:
            raise TimingError(
                "cannot estimate timing: the header has no 'Length:'",
                line=cues[0].line if cues else None,
            )
        timing.estimate_starts(cues, doc.length_ms)
        doc.metadata.estimated_timing = True
        doc.untimed = False
        warnings.append(
            Problem(
                cues[0].line if cues else None,
                f"no timestamps: timing estimated from Length ({doc.length_ms / 1000:g} s) "
                "in proportion to text length",
                code="W006",
            )
        )
    if options.retiming is not None:
        warnings.extend(_retime(doc, options.retiming))
    if any(cue.end_ms is None for cue in cues):
        if options.lenient:
            warnings.extend(_sorted_leniently(doc))
        order = timing.starts_not_increasing(cues)
        if order:
            raise ProblemsFound(order, exit_status=1)
    else:
        warnings.extend(timing.sort_by_start(cues))
    if not options.speakers:
        speakers.without_speakers(cues)
    if options.title is not None:
        doc.metadata.title = options.title
    if options.url is not None:
        doc.metadata.url = options.url or None
    if options.fps is not None:
        doc.frame_rate = options.fps
    unlinked = 0
    if doc.source_format == "transcript" and target not in ("transcript", "json"):
        unlinked = _unlink(cues)  # a caption cannot hold a link: its text is shown
    reflowing = options.reflow or doc.words_only
    # Reflow times cues itself: a missing end is the speech's and the silence after it, and
    # a source cue's length is no limit of the cues it makes (--max-duration caps those).
    if target_format.needs_ends and not reflowing:
        timing.infer_ends(cues, length_ms=doc.length_ms, last_duration_ms=options.last_duration_ms)
    if options.max_duration_ms is not None and not reflowing:
        timing.cap_durations(cues, options.max_duration_ms)
    # (a recognizer's bare words are grouped into cues by reflow: their first grouping's
    # ends and overlaps are no one's business)
    if doc.source_format != "transcript" and target != "transcript" and not doc.words_only:
        warnings.extend(timing.ends_not_after_start(cues))
        warnings.extend(_at_most(timing.overlaps(cues), 3, "more cues end after the next starts"))
    # asked only with --word-timestamps, and before reflow, which may regroup the words
    timed_words = options.word_timestamps and any(cue.words for cue in cues)
    if reflowing:
        warnings.extend(_reflow(doc, options, target_format.adapter().speaker_prefix))
        cues = doc.cues
    if options.word_timestamps and not timed_words:
        warnings.append(
            Problem(
                None,
                "--word-timestamps: the input has no word times (recognizer JSON with word "
                "timestamps and YouTube auto-captions have them), so none are written",
                code="W016",
            )
        )
    elif target == "vtt" and options.word_timestamps:
        for cue in cues:
            if cue.words:
                cue.text = wordtimes.inline_timestamps(cue)
    warnings.extend(_dropped(doc, target, options, unlinked))
    # The conversion carried on past each of these, so each is a warning here.
    return [replace(p, as_warning=True) for p in warnings]


def _sorted_leniently(doc: Document) -> list[Problem]:
    """Transcript cues sorted by start, each moved one a warning (``--lenient``); meeting
    notes' turns that then start together are joined into one cue, as reading does."""
    moved = [
        replace(p, message=p.message.replace("cues are written", "--lenient writes them"))
        for p in timing.sort_by_start(doc.cues)
    ]
    if moved and doc.metadata.preamble is not None:
        moved.extend(speakers.merge_same_starts(doc.cues))
    return moved


def _reflow(doc: Document, options: Options, speaker_prefix: bool = False) -> list[Problem]:
    """The last stage before writing: re-cut ``doc``'s cues in place; returns its notes.

    A target that writes ``Name: `` before a speaker's text (SRT) gets lines shorter by
    the longest such prefix, so the line a viewer sees stays within ``max-line-length``
    (check reads the prefix back as the speaker, and would not see it)."""
    from fractions import Fraction

    from .config import Thresholds
    from .reflow import reflow

    thresholds = options.thresholds or Thresholds()
    if options.max_duration_ms is not None:
        cap = Fraction(options.max_duration_ms, 1000)
        if cap < thresholds.max_duration:
            thresholds = replace(thresholds, max_duration=cap)
    if speaker_prefix and options.speakers:
        room = max((len(speakers.prefix_of(c.speaker)) for c in doc.cues if c.speaker), default=0)
        if room:
            shorter = max(thresholds.max_line_length - room, MIN_REFLOW_LINE)
            thresholds = replace(thresholds, max_line_length=shorter)
    last = len(doc.cues) - 1
    if (
        last >= 0
        and doc.cues[last].end_ms is None
        and (options.last_duration_ms is not None or doc.length_ms is None)
    ):
        # --last-duration is kept as said; with no Length either, the one rule's guess
        doc.cues[last].end_ms = timing.end_of(
            doc.cues, last, length_ms=doc.length_ms, last_duration_ms=options.last_duration_ms
        )
    before = len(doc.problems)
    result = reflow(doc, thresholds)
    doc.cues = result.cues
    doc.vtt_notes = result.vtt_notes
    return result.problems[before:]


def _retime(doc: Document, retiming: Retiming) -> list[Problem]:
    """Move the cues by ``retiming``, in place, before ends are inferred: a cue then ends
    where the next one starts either way (the map is linear and keeps order), but
    ``--last-duration``, the header's ``Length`` and ``--max-duration`` are times of the
    output, so they apply to the moved cues. Refuses, changing nothing, a cue that would
    start before zero; warns once when cues now pass ``Length``."""
    from .retime import past_length, refuse_before_zero, refuse_past_readable, retime_cues

    refuse_before_zero(doc.cues, retiming)
    refuse_past_readable(doc.cues, retiming)
    retime_cues(doc.cues, retiming)
    passed = past_length(doc)
    return [] if passed is None else [passed]


_MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))+\)")
"""``[27 TinyBox Pros](https://x.com/...)`` in a transcript's text (not an image)."""


def _unlink(cues: list[Cue]) -> int:
    """Replace Markdown links in cue text by their text; the number of cues changed."""
    changed = 0
    for cue in cues:
        if "](" in cue.text:
            text = _MARKDOWN_LINK.sub(r"\1", cue.text)
            if text != cue.text:
                cue.text = text
                changed += 1
    return changed


def _dropped(
    doc: Document, target: str, options: Options = Options(), unlinked: int = 0
) -> list[Problem]:
    """One warning listing what the target format cannot hold (the format knows what;
    word times depend on ``--word-timestamps`` too, so they are counted here; what the
    source held beyond the model, such as ASS styles, its reader noted; the addresses of
    the Markdown links :func:`_unlink` took out of a transcript's text)."""
    fmt = formats.by_name(target)
    notes = list(doc.native.lost) if doc.native and target not in doc.native.formats else []
    if unlinked:
        notes.append(f"link addresses on {plural(unlinked, 'cue')} (their text is kept)")
    notes.extend(fmt.adapter().dropped(doc))
    timed = sum(1 for cue in doc.cues if cue.words)
    if timed and target != "json" and not (target == "vtt" and options.word_timestamps):
        hint = " without --word-timestamps" if target == "vtt" else ""
        notes.insert(0, f"word times on {plural(timed, 'cue')}{hint}")
    if not notes:
        return []
    return [
        Problem(None, f"{fmt.name} cannot hold: " + "; ".join(notes) + " (dropped)", code="W007")
    ]


def dumps(doc: Document, fmt: str) -> str:
    """Render a document whose ends are known (see :func:`prepare`) as text."""
    return formats.writable(formats.by_name(fmt)).adapter().write(doc)


def render(
    doc: Document, target: str, options: Options = Options(), *, name: str | None = None
) -> tuple[bytes, list[Problem]]:
    """Apply the timing policy to ``doc`` (in place) and encode it as ``target``: the bytes
    to write and the warnings. Errors are labelled with ``name``, the input's path."""
    try:
        problems = prepare(doc, target, options)
    except SubconvError as exc:
        raise (exc.with_path(name) if name is not None else exc) from None
    return encode_output(dumps(doc, target), bom=options.bom, crlf=options.crlf), problems


def write(
    doc: Document, dest: PathLike, fmt: str | None = None, options: Options = Options()
) -> list[Problem]:
    """Prepare a copy of ``doc`` for the format and write it atomically; ``-`` is stdout."""
    target = formats.writable(resolve_format(fmt, dest))
    data, problems = render(copy.deepcopy(doc), target.name, options, name=doc.source_name)
    emit(data, dest)
    return problems


def emit(data: bytes, dest: PathLike) -> None:
    if str(dest) == STDIO:
        write_stdout(data)
    else:
        atomic_write(dest, data)


def default_output(source: PathLike, target: str) -> Path:
    """The input's path with the target format's suffix: ``talk.md`` -> ``talk.srt``."""
    return Path(source).with_suffix(formats.by_name(target).extensions[0])


def convert(
    source: PathLike,
    dest: PathLike | None = None,
    *,
    from_fmt: str | None = None,
    to_fmt: str | None = None,
    options: Options = Options(),
) -> Result:
    """Read ``source``, apply the timing policy and write ``dest`` in one go.

    ``dest`` defaults to the input's path with the target suffix (standard
    output for standard input). The input is never overwritten; the output is
    written atomically, so a failed conversion leaves no file.
    """
    if dest is None and to_fmt is None:
        raise UsageError("name the output file or the target format")
    reading_stdin = str(source) == STDIO
    if dest is None:
        assert to_fmt is not None
        dest = STDIO if reading_stdin else default_output(source, to_fmt)
        derived = True
    else:
        derived = False
    target = formats.writable(resolve_format(to_fmt, dest))
    if not reading_stdin and str(dest) != STDIO:
        if Path(dest).exists() and same_file(source, dest):
            raise UsageError(
                "the output would overwrite the input; choose another with -o", path=str(dest)
            )
        if derived and target.name == "transcript" and Path(dest).exists() and not options.force:
            raise UsageError(
                "exists; a transcript is not overwritten without -o or --force", path=str(dest)
            )
    doc = read(source, from_fmt, encoding=options.encoding, fps=options.fps)
    options = configured(options, source)
    label = "-" if reading_stdin else str(source)
    data, problems = render(doc, target.name, options, name=label)
    emit(data, dest)
    return Result(doc, str(dest), target.name, problems)


def validate(doc: Document) -> list[Problem]:
    """Every problem in a document as it is: what reading found, plus the timing rules of
    ``subconv check`` (E101-E104, E106), from the same code. Readability is check's."""
    from .cuerules import timing_problems

    fmt = doc.source_format or ""
    problems = [
        replace(p, as_warning=rules.severity_of(p.code, fmt) == "warning")
        for p in (*doc.problems, *timing_problems(doc, fmt))
    ]
    return sorted(problems, key=lambda p: (p.line or 0, p.code))


__all__ = [
    "Options",
    "ParseError",
    "Result",
    "configured",
    "convert",
    "default_output",
    "dumps",
    "parse",
    "prepare",
    "read",
    "render",
    "resolve_format",
    "validate",
    "write",
]
