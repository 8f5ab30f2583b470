"""Meeting notes: the transcript dialect whose turns are headings that name the speaker.

    ### Transcript
    ##### **Geohot** [[00:00:06](https://www.youtube.com/watch?v=ID&t=6)]
    so I've been sick all week
    So we do have 100 5090s coming.

Everything before the first turn heading is the preamble (title, agenda, highlights,
front matter), kept verbatim. A turn is ``##### **Name** [[LABEL](URL)]`` and every line
up to the next heading; its start comes from the link as in the bullet dialect
(:mod:`.family`). Each turn is one cue with its speaker; paragraphs are kept as blank
lines in the cue text, trailing spaces dropped. Reading is one pass over the lines.
"""

from __future__ import annotations

import re

from ..errors import ParseError, Problem
from ..markup import BASIC_TAGS, keep_tags
from ..model import Cue, Document, Metadata
from ..speakers import merge_same_starts, turns
from .family import (
    ESTIMATED_MARK,
    TAIL,
    estimated_problem,
    format_label,
    front_matter,
    is_estimated_mark,
    length_from_header,
    link_prefix,
    read_link,
    strip_t_param,
)

_TURN = re.compile(
    r"#####[ \t]+(?:\*\*([^*\n]+)\*\*[ \t]*)?\[\[([^\[\]\n]*)\]\(([^()\s]*)\)\][ \t]*"
)
_FIND_TURN = re.compile(
    r"^#####[ \t]+(?:\*\*[^*\n]+\*\*[ \t]*)?\[\[[^\[\]\n]*\]\([^()\s]*\)\][ \t]*$", re.MULTILINE
)
_PLAIN_TURN = re.compile(r"\*\*([^*\n]+)\*\*[ \t]+\[(\d{1,3}:\d{2}(?::\d{2})?)\][ \t]*")
"""A turn of the family's older notes: ``**Name** [00:00:06]``, no heading and no link."""
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
"""A Markdown ATX heading: it ends a turn's text."""
_NEEDS_ESCAPE = re.compile(r"( {0,3})(\\*#{1,6}(?:[ \t]|$))")
_ESCAPED = re.compile(r"( {0,3})\\(\\*#{1,6}(?:[ \t]|$))")
TURN_EXAMPLE = "'##### **Name** [[00:00:06](URL&t=6)]'"


def first_turn(text: str) -> int | None:
    """Where the first turn starts (a turn heading, or in older notes a ``**Name**
    [00:00:06]`` line), when no timestamped bullet comes before it (then the text is
    meeting notes); None otherwise. Only the text before the first timestamped bullet is
    searched: in a bullet transcript, a few lines."""
    limit = _first_timed_bullet(text)
    heading = _FIND_TURN.search(text, 0, limit) if "#####" in text else None
    starts = [_find_plain_turn(text, limit)]
    if heading is not None:
        starts.append(heading.start())
    return min((start for start in starts if start is not None), default=None)


def _first_timed_bullet(text: str) -> int:
    """Where the first bullet with a timestamp link starts; the text's length if none."""
    at = 0 if text.startswith("*") else _after(text.find("\n*"))
    while at >= 0:
        stop = text.find("\n", at)
        end = len(text) if stop < 0 else stop
        if text[at + 1 : at + 2] in (" ", "\t") and TAIL.search(text, at, end):
            return at
        at = _after(text.find("\n*", end))
    return len(text)


def _find_plain_turn(text: str, limit: int) -> int | None:
    """Where the first ``**Name** [00:00:06]`` line before ``limit`` starts: lines that
    start with ``**`` found by ``str.find`` (a multiline regular expression tries every
    position of a long text)."""
    at = 0 if text.startswith("**") else _after(text.find("\n**", 0, limit))
    while 0 <= at < limit:
        stop = text.find("\n", at)
        end = len(text) if stop < 0 else stop
        if _PLAIN_TURN.fullmatch(text, at, end):
            return at
        at = _after(text.find("\n**", end, limit))
    return None


def _after(newline: int) -> int:
    """The start of the line after a newline found at ``newline``; -1 for none found."""
    return newline + 1 if newline >= 0 else -1


def sniff(text: str) -> bool:
    return first_turn(text.lstrip("\ufeff")) is not None


def read(text: str) -> Document:
    """Parse meeting notes. A heading that is not a turn is an error (E001) whose section
    is skipped; an unreadable ``t=`` or label raises :class:`ParseError`."""
    text = text.removeprefix("\ufeff")
    start = first_turn(text)
    if start is None:
        raise ParseError(f"no turn heading {TURN_EXAMPLE} in the meeting notes", line=1)
    doc = Document()
    meta = doc.metadata
    preamble = text[:start]
    _read_preamble(doc, preamble)
    number = preamble.count("\n") + 1
    lines = text[start:].split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    cues = doc.cues
    problems = doc.problems
    body: list[str] = []
    url_seen = False
    skipping = False
    plain_style = lines[0][:2] == "**" if lines else False
    for line in lines:
        plain = _PLAIN_TURN.fullmatch(line) if plain_style and line[:2] == "**" else None
        if plain is not None:  # an older notes turn: **Name** [00:00:06]
            if cues and not skipping:
                cues[-1].text = _text(body)
            skipping = False
            name, label = plain.groups()
            cue_start = read_link(label, "", number, problems)
            cues.append(Cue(cue_start, None, "", number, speaker=name.strip() or None))
            body = []
        elif (line[:1] == "#" or line[:1] == " ") and _HEADING.match(line):
            turn = _TURN.fullmatch(line)
            if cues and not skipping:
                cues[-1].text = _text(body)
            if turn is None:
                problems.append(
                    Problem(
                        number,
                        f"heading {_preview(line)} is not a turn {TURN_EXAMPLE}; the lines "
                        "up to the next turn belong to no turn and are left out",
                        code="E001",
                    )
                )
                skipping = True
                body = []
                number += 1
                continue
            skipping = False
            name, label, url = turn.groups()
            cue_start = read_link(label, url, number, problems)
            if not url_seen:
                meta.url = strip_t_param(url) if url else None
                url_seen = True
            speaker = name.strip() if name else None
            cues.append(Cue(cue_start, None, "", number, speaker=speaker or None))
            body = []
        elif not skipping:
            if line[:1] in (" ", "\\") and _ESCAPED.match(line):
                line = _ESCAPED.sub(r"\1\2", line, count=1)
            body.append(line.rstrip())
        number += 1
    if cues and not skipping:
        cues[-1].text = _text(body)
    problems.extend(merge_same_starts(cues))
    problems.sort(key=lambda problem: problem.line or 0)
    return doc


def _read_preamble(doc: Document, preamble: str) -> None:
    """The preamble verbatim, and what subconv reads from it: the front matter's
    ``Length``, the ``# title`` and the estimated-timing mark on its last line."""
    meta = doc.metadata
    lines = preamble.split("\n")
    try:
        header, after = front_matter(lines) if preamble else (None, 0)
    except ParseError:  # a "---" rule that opens no front matter: the preamble is kept as is
        header, after = None, 0
    if header is not None:
        doc.length_ms = length_from_header(header)
    for line in lines[after:]:
        if line.startswith("# "):
            meta.title = line[2:].rstrip()
            break
    if len(lines) >= 2 and is_estimated_mark(lines[-2]):
        meta.estimated_timing = True
        doc.problems.append(estimated_problem(len(lines) - 1))
        preamble = "\n".join(lines[:-2]) + "\n" if len(lines) > 2 else ""
    meta.preamble = preamble


def _text(body: list[str]) -> str:
    """A turn's lines as cue text: paragraphs separated by one empty line, none at the ends."""
    out: list[str] = []
    blank = False
    for line in body:
        if not line or line.isspace():
            blank = bool(out)
            continue
        if blank:
            out.append("")
            blank = False
        out.append(line)
    return "\n".join(out)


def _preview(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= 60 else line[:57] + "...")


def default_preamble(meta: Metadata) -> str:
    """The preamble for notes made from another format: front matter, title and channel
    line when known, then ``### Transcript``."""
    parts = []
    if meta.header is not None:
        parts.append("---\n" + (meta.header + "\n" if meta.header else "") + "---\n\n")
    if meta.title is not None:
        parts.append(f"# {meta.title}\n")
    if meta.channel is not None:
        parts.append(meta.channel + "\n")
    if parts:
        parts.append("\n")
    parts.append("### Transcript\n")
    return "".join(parts)


def format_t(ms: int) -> str:
    """``t=`` as meeting notes write it: whole seconds (``6``), else ``6.5``."""
    seconds, millis = divmod(ms, 1000)
    if not millis:
        return str(seconds)
    return f"{seconds}.{f'{millis:03d}'.rstrip('0')}"


def _name(name: str | None) -> str:
    """A speaker as a bold heading can hold it (no ``*``, one line)."""
    if not name:
        return ""
    name = " ".join(name.replace("*", "").split())
    return f"**{name}** " if name else ""


def _body(text: str) -> str:
    if "<" in text or "{" in text:
        text, _ = keep_tags(text, BASIC_TAGS)
    lines = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line[:1] in (" ", "#", "\\") and _NEEDS_ESCAPE.match(line):
            line = _NEEDS_ESCAPE.sub(r"\1\\\2", line, count=1)
        lines.append(line)
    return _text(lines)


def write(doc: Document) -> str:
    """The preamble verbatim, then one heading and its paragraphs per turn."""
    meta = doc.metadata
    preamble = meta.preamble if meta.preamble is not None else default_preamble(meta)
    out = [preamble if not preamble or preamble.endswith("\n") else preamble + "\n"]
    if meta.estimated_timing:
        out.append(ESTIMATED_MARK + "\n")
    prefix = link_prefix(meta.url)
    first = True
    for cue in doc.cues:
        start = cue.start_ms
        stamp = f"[[{format_label(start)}]({prefix}{format_t(start)})]\n"
        for name, text in turns(cue):
            if not first:
                out.append("\n")
            first = False
            out.append(f"##### {_name(name)}{stamp}")
            body = _body(text)
            if body:
                out.append(body + "\n")
    return "".join(out)


def dropped_markup(doc: Document) -> set[str]:
    """Tags other than ``<i> <b> <u>`` (voice spans become turns, not dropped)."""
    removed: set[str] = set()
    for cue in doc.cues:
        if "<" in cue.text or "{\\" in cue.text:
            for _speaker, text in turns(cue):
                removed |= keep_tags(text, BASIC_TAGS)[1]
    return removed
