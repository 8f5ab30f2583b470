"""MicroDVD (.sub): ``{start frame}{end frame}text``, read and written by pysubs2.

Frames become milliseconds with the frame rate: ``--fps``, else the rate a file gives in
its first line (``{1}{1}23.976``, or another zero-length or leading frame pair holding
only a number, as some tools write ``{1}{20}29.970``). pysubs2 maps the control codes
(``{y:i}``, ``{Y:b}``, ``|``); this adapter adds the checks it leaves out: a line that is
not a MicroDVD line, or a negative frame, is an error with its line, not skipped silently.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from ..errors import ParseError, Problem, UsageError
from ..markup import keep_tags
from ..model import Cue, Document
from . import pysubs2_engine as engine
from .base import Codec

_LINE = re.compile(r"\s*\{\s*(-?\d+)\s*\}\s*\{\s*(-?\d*)\s*\}(.*)")
_RATE = re.compile(r"\s*(\d{1,3}(?:[.,]\d+)?)\s*")


def sniff(text: str) -> bool:
    for line in text.lstrip("\ufeff").split("\n", 20)[:20]:
        if line.strip():
            return _LINE.fullmatch(line) is not None
    return False


def frame_rate_line(text: str) -> tuple[int, Fraction] | None:
    """The line number and rate of a leading frame-rate line, if the file has one."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        if match is None or int(match.group(1)) > 1:
            return None
        rate = _RATE.fullmatch(match.group(3))
        if rate is None:
            return None
        value = Fraction(rate.group(1).replace(",", "."))
        return (number, value) if 1 <= value <= 300 else None
    return None


def read(text: str, fps: Fraction | None = None) -> Document:
    text = text.removeprefix("\ufeff")
    doc = Document()
    declared = frame_rate_line(text)
    lines = text.split("\n")
    if declared is not None:
        rate_line, rate = declared
        lines[rate_line - 1] = ""  # not a cue; pysubs2 must not read it as one
        if fps is not None and fps != rate:
            doc.problems.append(
                Problem(
                    rate_line,
                    f"the file says {float(rate):g} fps; --fps {float(fps):g} is used",
                    code="W305",
                )
            )
        fps = fps or rate
    if fps is None:
        raise UsageError(
            "MicroDVD counts frames and this file does not say its frame rate; "
            "give it with --fps (for example --fps 23.976)"
        )
    doc.frame_rate = fps
    cue_lines: list[int] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            doc.problems.append(
                Problem(
                    number, f"not a MicroDVD line {{start}}{{end}}text: {_preview(line)}", "E001"
                )
            )
            lines[number - 1] = ""
        elif match.group(1).startswith("-") or match.group(2).startswith("-"):
            doc.problems.append(Problem(number, "negative frame number; times start at 0", "E001"))
            lines[number - 1] = ""
        elif not match.group(2):
            doc.problems.append(Problem(number, "no end frame ({start}{}): not supported", "E001"))
            lines[number - 1] = ""
        else:
            cue_lines.append(number)
    subs = engine.load("\n".join(lines), "microdvd", fps=float(fps))
    if len(subs.events) != len(cue_lines):
        raise ParseError(f"pysubs2 read {len(subs.events)} cues where {len(cue_lines)} were seen")
    for event, cue_line in zip(subs.events, cue_lines, strict=True):
        _one_line_styles(event, lines[cue_line - 1])
        doc.cues.append(
            Cue(event.start, event.end, engine.event_text(event, subs.styles), cue_line)
        )
    kinds = {k for event in subs.events for k in engine.override_kinds(event.text)}
    if kinds:
        from ..model import Native

        doc.native = Native(
            (), None, ("MicroDVD control codes (" + ", ".join(sorted(kinds)) + ")",)
        )
    return doc


_ONE_LINE_STYLE = re.compile(r"\s*\{y:([a-z,]+)\}")
"""A lowercase ``{y:i}`` styles its own line only (``{Y:i}`` styles them all)."""


def _one_line_styles(event: Any, source_line: str) -> None:
    """End a lowercase ``{y:...}`` style at the end of its line: pysubs2 lets it run on
    into the cue's next lines."""
    match = _LINE.fullmatch(source_line)
    parts = match.group(3).split("|") if match else []
    shown = event.text.split("\\N")
    if len(parts) < 2 or len(parts) != len(shown):
        return
    for index, part in enumerate(parts[:-1]):
        styled = _ONE_LINE_STYLE.match(part)
        if styled:
            shown[index] += "".join(f"{{\\{code}0}}" for code in styled.group(1) if code in "ibus")
    event.text = "\\N".join(shown)


def _preview(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= 60 else line[:57] + "...")


def write(doc: Document) -> str:
    import pysubs2

    if doc.frame_rate is None:
        raise UsageError("MicroDVD counts frames; give the frame rate with --fps")
    subs = pysubs2.SSAFile()
    for cue in doc.cues:
        if cue.end_ms is None:
            raise ValueError("MicroDVD needs every cue's end; infer ends before writing")
        subs.events.append(
            pysubs2.SSAEvent(start=cue.start_ms, end=cue.end_ms, text=engine.ass_text(cue.text))
        )
    rate = doc.frame_rate
    # The rate line is written here: pysubs2 times its own at 1 ms, which is frame 0, and
    # players (VLC, pysubs2's strict reading) look for {1}{1}.
    declared = str(rate.numerator) if rate.denominator == 1 else f"{float(rate):.3f}".rstrip("0")
    body = engine.dump(subs, "microdvd", fps=float(rate), write_fps_declaration=False)
    return f"{{1}}{{1}}{declared}\n{body}"


def _whole_italic(text: str) -> bool:
    return text.startswith("<i>") and text.endswith("</i>") and text.count("<i>") == 1


def dropped_markup(doc: Document) -> set[str]:
    removed: set[str] = set()
    for cue in doc.cues:
        if "<" not in cue.text and "{\\" not in cue.text:
            continue
        removed |= keep_tags(cue.text, frozenset({"i"}))[1]
        if "<i>" in cue.text and not _whole_italic(cue.text):
            removed.add("i")
    return removed


def dropped_notes(doc: Document) -> list[str]:
    return ["millisecond times (rounded to frames)"] if doc.cues else []


class MicroDVD(Codec):
    """MicroDVD frames through pysubs2, at ``--fps`` or the file's own rate."""

    sniff = staticmethod(sniff)
    read = staticmethod(read)

    def read_frames(self, text: str, fps: Fraction | None) -> Document:
        return read(text, fps)

    write = staticmethod(write)
    dropped_markup = staticmethod(dropped_markup)
    format_notes = staticmethod(dropped_notes)


CODEC = MicroDVD()
