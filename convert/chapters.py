"""Chapters from a video description, as a WebVTT chapters track (``subconv chapters``).

Descriptions list chapters one a line: ``(00:10:12) The Idea Maze``, ``00:10:12 The
Idea Maze`` or ``10:12 - The Idea Maze``. Each becomes a cue titled as written that
ends where the next chapter starts; the last ends at the header's ``Length`` (else where
the transcript's last cue ends). Only the description is read, so untimed transcripts
have chapters too.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

from .api import STDIO, PathLike, emit, read
from .errors import ParseError, SubconvError, TimingError, UsageError
from .formats.family import DESCRIPTION_KEY, HEADER_KEY, front_matter, parse_label
from .formats.vtt import write as write_vtt
from .model import Cue, Document
from .textio import encode_output, same_file
from .timing import format_ms, infer_ends

_CHAPTER = re.compile(
    r"[ \t]*(?:\((?P<paren>\d+(?::\d+){1,2})\)|(?P<bare>\d+(?::\d+){1,2})(?=[ \t]))"
    r"[ \t]*(?:[-\u2013\u2014|:][ \t]*)?(?P<title>\S.*?)[ \t]*"
)
EXAMPLES = "'(00:10:12) Title', '00:10:12 Title' or '10:12 - Title'"
HEADER_FIRST_LINE = 2
"""File line of the header's first line (after the opening ``---``)."""


class NoChapters(SubconvError):
    """The description lists no chapters (exit status 1, as a check that finds nothing)."""

    exit_status = 1


@dataclass(frozen=True, slots=True)
class Chapter:
    start_ms: int
    title: str
    line: int
    """The description line in the file."""


def description(doc: Document) -> tuple[list[str], int] | None:
    """The ``Video Description`` lines of the front matter (a bullet transcript's header,
    or the front matter in meeting notes' preamble) and the file line of the first."""
    header = doc.metadata.header
    if header is None and doc.metadata.preamble:
        header, _ = front_matter(doc.metadata.preamble.split("\n"))
    if header is None:
        return None
    lines = header.split("\n")
    for index, line in enumerate(lines):
        match = HEADER_KEY.match(line)
        if match and match.group(1).strip() == DESCRIPTION_KEY:
            return [match.group(2), *lines[index + 1 :]], HEADER_FIRST_LINE + index
    return None


def find_chapters(doc: Document) -> list[Chapter]:
    """The description's chapter lines in order; raises at a line out of order."""
    found = description(doc)
    if found is None:
        return []
    lines, first_line = found
    chapters: list[Chapter] = []
    for offset, line in enumerate(lines):
        match = _CHAPTER.fullmatch(line)
        if match is None:
            continue
        number = first_line + offset
        stamp = match.group("paren") or match.group("bare")
        start = parse_label(stamp)
        if start is None:
            raise ParseError(f"chapter time {stamp!r} is not MM:SS or HH:MM:SS", line=number)
        if chapters and start <= chapters[-1].start_ms:
            previous = chapters[-1]
            raise TimingError(
                f"chapter {match.group('title')!r} at {format_ms(start)} does not start after "
                f"the chapter before it, {previous.title!r} at {format_ms(previous.start_ms)} "
                f"(line {previous.line})",
                line=number,
            )
        chapters.append(Chapter(start, match.group("title"), number))
    return chapters


def _end_ms(doc: Document) -> int | None:
    """Where the last chapter ends: ``Length``, else the transcript's last cue's end."""
    if doc.length_ms is not None:
        return doc.length_ms
    if doc.untimed or not doc.cues:
        return None
    cues = copy.deepcopy(doc.cues[-1:])
    infer_ends(cues)
    return cues[-1].end_ms


def track(doc: Document) -> Document:
    """The chapters as WebVTT cues; :class:`NoChapters` when there are none."""
    chapters = find_chapters(doc)
    if not chapters:
        raise NoChapters(f"no chapters in the video description (lines like {EXAMPLES})")
    end = _end_ms(doc)
    last = chapters[-1]
    if end is None:
        raise TimingError(
            "cannot end the last chapter: the header has no 'Length:'", line=last.line
        )
    if last.start_ms >= end:
        raise TimingError(
            f"chapter {last.title!r} starts at {format_ms(last.start_ms)}, not before the "
            f"end of the video ({format_ms(end)})",
            line=last.line,
        )
    ends = [chapter.start_ms for chapter in chapters[1:]] + [end]
    cues = [
        Cue(chapter.start_ms, stop, chapter.title, chapter.line)
        for chapter, stop in zip(chapters, ends, strict=True)
    ]
    return Document(cues=cues)


def default_output(source: PathLike) -> Path:
    """``talk.md`` -> ``talk.chapters.vtt``."""
    return Path(source).with_suffix(".chapters.vtt")


def write_chapters(
    source: PathLike, dest: PathLike | None = None, *, encoding: str | None = None
) -> tuple[str, Document]:
    """Read a transcript and write its chapters track atomically; returns where and what."""
    reading_stdin = str(source) == STDIO
    if dest is None:
        dest = STDIO if reading_stdin else default_output(source)
    if not reading_stdin and str(dest) != STDIO and Path(dest).exists() and same_file(source, dest):
        raise UsageError(
            "the output would overwrite the input; choose another with -o", path=str(dest)
        )
    label = "-" if reading_stdin else str(source)
    doc = read(source, "transcript", encoding=encoding)
    try:
        chapters = track(doc)
    except SubconvError as exc:
        raise exc.with_path(label) from None
    emit(encode_output(write_vtt(chapters)), dest)
    return str(dest), chapters
