"""SAMI (.smi, .sami): HTML with ``<SYNC Start=ms>`` paragraphs; each shows until the next.

Read with pysubs2's SAMI parser (an ``html.parser`` subclass that collects each SYNC's
text, ``<br>`` and ``<b> <i> <u> <s>``). Its ``load`` guesses ends from the text length;
SAMI means "until the next SYNC", and a SYNC holding only ``&nbsp;`` clears the screen,
so the timing is taken from the SYNCs here. Written by hand (pysubs2 cannot write SAMI):
one SYNC per cue and an ``&nbsp;`` SYNC where a cue ends before the next starts, in one
``.ENUSCC`` (English captions) class, as Windows Media tools write it.
"""

from __future__ import annotations

import html
import itertools
import re
from typing import Any

from ..errors import ParseError, Problem
from ..markup import escape_outside_tags, keep_tags
from ..model import Cue, Document
from . import pysubs2_engine as engine
from .base import Codec

_SAMI = re.compile(r"<sami[\s>]", re.IGNORECASE)
_OVERRIDE = re.compile(r"\{\\([ibus])([01])\}")
KEEP = frozenset({"i", "b", "u", "s"})


def sniff(text: str) -> bool:
    return _SAMI.search(text.lstrip("\ufeff")[:2000]) is not None


def _parser() -> Any:
    from pysubs2.formats.sami import SAMIParser

    class LinedParser(SAMIParser):
        """pysubs2's parser, noting the line of each SYNC for messages."""

        def __init__(self) -> None:
            super().__init__()
            self.lines: list[int] = []
            self.classes: list[str] = []
            """The class of each SYNC's first <P> (its language), "" when it has none."""

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "sync":
                self.lines.append(self.getpos()[0])
                self.classes.append("")
            elif tag == "p" and self.classes and not self.classes[-1]:
                self.classes[-1] = dict(attrs).get("class") or ""
            super().handle_starttag(tag, attrs)

    return LinedParser()


def read(text: str) -> Document:
    doc = Document()
    parser = _parser()
    try:
        parser.feed(text.removeprefix("\ufeff"))
        parser.close()
    except KeyError:
        line = parser.lines[-1] if parser.lines else None
        raise ParseError("a <SYNC> without a Start time", line=line) from None
    except Exception as exc:
        line = parser.lines[-1] if parser.lines else None
        raise ParseError(f"not a readable SAMI file ({engine.reason(exc)})", line=line) from None
    syncs = parser.sync_elements
    lines = parser.lines if len(parser.lines) == len(syncs) else [0] * len(syncs)
    if not syncs:
        doc.problems.append(Problem(None, "no <SYNC Start=...> found", "E001"))
    if len(parser.classes) == len(syncs):
        syncs, lines = _one_language(syncs, lines, parser.classes, doc.problems)
    previous = None
    for sync, line in zip(syncs, lines, strict=True):
        if previous is not None and sync.start_ms < previous:
            doc.problems.append(Problem(line, "SYNC starts before the one above it", code="W303"))
        previous = sync.start_ms
        body = "\n".join(part.strip() for part in sync.text.strip().splitlines())
        body = _OVERRIDE.sub(lambda m: f"<{'' if m[2] == '1' else '/'}{m[1]}>", body)
        body = "\n".join(part.strip() for part in body.replace("\u00a0", " ").split("\n"))
        if doc.cues and doc.cues[-1].end_ms is None:
            doc.cues[-1].end_ms = sync.start_ms
        if body.strip() and keep_tags(body, frozenset())[0].strip():
            doc.cues.append(Cue(sync.start_ms, None, body.strip("\n"), line))
    return doc


def _one_language(
    syncs: list[Any], lines: list[int], classes: list[str], problems: list[Problem]
) -> tuple[list[Any], list[int]]:
    """The SYNCs of the first language class that has text, when the file holds several
    (a Korean and an English track side by side): read together they made cues that end
    as they start. The others are named in one W306 warning."""
    with_text: dict[str, int] = {}  # class (case-insensitive) -> SYNCs with text
    first_line: dict[str, int] = {}
    shown: dict[str, str] = {}
    for sync, line, name in zip(syncs, lines, classes, strict=True):
        key = name.lower()
        if sync.text.replace("\u00a0", " ").strip():
            with_text[key] = with_text.get(key, 0) + 1
            first_line.setdefault(key, line)
            shown.setdefault(key, name or "no class")
    if len(with_text) < 2:
        return syncs, lines
    chosen, *others = with_text
    left = ", ".join(f"{shown[other]} ({with_text[other]} SYNCs with text)" for other in others)
    problems.append(
        Problem(
            first_line[others[0]] or None,
            f"several language classes: read {shown[chosen]}, left out {left}",
            code="W306",
        )
    )
    kept = [k for k, name in enumerate(classes) if name.lower() in (chosen, "")]
    return [syncs[k] for k in kept], [lines[k] for k in kept]


_HEAD = """<SAMI>
<HEAD>
<TITLE>{title}</TITLE>
<SAMIParam>
  Metrics {{time:ms;}}
  Spec {{MSFT:1.0;}}
</SAMIParam>
<STYLE TYPE="text/css">
<!--
P {{ font-family: Arial; font-weight: normal; color: white; background-color: black; \
text-align: center; }}
.ENUSCC {{ name: English; lang: en-US; SAMIType: CC; }}
-->
</STYLE>
</HEAD>
<BODY>
"""


def _payload(text: str) -> str:
    text, _ = keep_tags(text, KEEP)
    escaped = escape_outside_tags(text, KEEP, lambda s: html.escape(s, quote=False))
    return "<br>".join(line for line in escaped.split("\n"))


def write(doc: Document) -> str:
    out = [_HEAD.format(title=html.escape(doc.metadata.title or "", quote=False))]
    cues = doc.cues
    for index, cue in enumerate(cues):
        out.append(f"<SYNC Start={cue.start_ms}><P Class=ENUSCC>{_payload(cue.text)}</P></SYNC>\n")
        following = cues[index + 1].start_ms if index + 1 < len(cues) else None
        if cue.end_ms is not None and (following is None or cue.end_ms < following):
            out.append(f"<SYNC Start={cue.end_ms}><P Class=ENUSCC>&nbsp;</P></SYNC>\n")
    out.append("</BODY>\n</SAMI>\n")
    return "".join(out)


def dropped_markup(doc: Document) -> set[str]:
    removed: set[str] = set()
    for cue in doc.cues:
        if "<" in cue.text or "{\\" in cue.text:
            removed |= keep_tags(cue.text, KEEP)[1]
    return removed


def dropped_notes(doc: Document) -> list[str]:
    cues = doc.cues
    overlaps = sum(
        1 for a, b in itertools.pairwise(cues) if a.end_ms is not None and a.end_ms > b.start_ms
    )
    return [f"overlaps ({overlaps}; a SAMI SYNC ends the one before)"] if overlaps else []


class Sami(Codec):
    """SAMI: pysubs2's parser, written here."""

    sniff = staticmethod(sniff)
    read = staticmethod(read)
    write = staticmethod(write)
    dropped_markup = staticmethod(dropped_markup)
    format_notes = staticmethod(dropped_notes)


CODEC = Sami()
