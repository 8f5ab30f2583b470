"""SubStation Alpha: ASS (v4.00+) and SSA (v4), read and written by pysubs2.

pysubs2 reads the sections, styles and events; this adapter adds what it leaves out:
the line of each event (for messages), ``Format:`` lines that name fewer or other fields
than the standard ones (pysubs2 assumes the standard order; such lines are put in that
order first), refusing negative times, and the model's markup. The model gets
italic/bold/underline/strike-out as tags, ``\\N`` as a line break and the event's Name
as the speaker; override tags, karaoke, drawings and positioning stay in the pysubs2
file kept on the document (:class:`~convert.model.Native`), so ASS/SSA -> ASS/SSA keeps
styles, layers, margins and override tags, and any other format notes what it drops.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import ParseError, Problem
from ..model import Cue, Document, Native
from . import pysubs2_engine as engine
from .base import Codec, plural

if TYPE_CHECKING:
    from pysubs2 import SSAEvent, SSAFile

FAMILY = ("ass", "ssa")

_SECTION = re.compile(r"^\s*\[([^\]]*)\]\s*$")
_EVENT = re.compile(r"^\s*(Dialogue|Comment)\s*:", re.IGNORECASE)
_STYLE = re.compile(r"^\s*Style\s*:", re.IGNORECASE)
_FORMAT = re.compile(r"^\s*Format\s*:(.*)$", re.IGNORECASE)
_TIME = re.compile(r"\s*(-?)\d+:\d{1,2}:\d{1,2}(?:[.,:]\d+)?\s*")

_EVENT_FIELDS = {
    "ass": ("layer", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect"),
    "ssa": ("marked", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect"),
}
_EVENT_DEFAULTS = {
    "layer": "0",
    "marked": "Marked=0",
    "style": "Default",
    "name": "",
    "marginl": "0",
    "marginr": "0",
    "marginv": "0",
    "effect": "",
}
_STYLE_FIELDS = {
    "ass": [
        "fontname",
        "fontsize",
        "primarycolor",
        "secondarycolor",
        "outlinecolor",
        "backcolor",
        "bold",
        "italic",
        "underline",
        "strikeout",
        "scalex",
        "scaley",
        "spacing",
        "angle",
        "borderstyle",
        "outline",
        "shadow",
        "alignment",
        "marginl",
        "marginr",
        "marginv",
        "encoding",
    ],
    "ssa": [
        "fontname",
        "fontsize",
        "primarycolor",
        "secondarycolor",
        "tertiarycolor",
        "backcolor",
        "bold",
        "italic",
        "borderstyle",
        "outline",
        "shadow",
        "alignment",
        "marginl",
        "marginr",
        "marginv",
        "alphalevel",
        "encoding",
    ],
}
_STYLE_DEFAULTS = {
    "fontname": "Arial",
    "fontsize": "20",
    "primarycolor": "&H00FFFFFF",
    "secondarycolor": "&H000000FF",
    "outlinecolor": "&H00000000",
    "tertiarycolor": "&H00000000",
    "backcolor": "&H00000000",
    "bold": "0",
    "italic": "0",
    "underline": "0",
    "strikeout": "0",
    "scalex": "100",
    "scaley": "100",
    "spacing": "0",
    "angle": "0",
    "borderstyle": "1",
    "outline": "2",
    "shadow": "2",
    "alignment": "2",
    "marginl": "10",
    "marginr": "10",
    "marginv": "10",
    "alphalevel": "0",
    "encoding": "1",
}


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff \t\n")[:4000].lower()
    return head.startswith("[script info]") or (
        "[events]" in head and ("[v4+ styles]" in head or "[v4 styles]" in head)
    )


def variant_of(text: str) -> str:
    """``ass`` or ``ssa``, from the styles section (the extension does not decide it)."""
    lowered = text.lower()
    if "[v4+ styles]" in lowered or "v4.00+" in lowered:
        return "ass"
    if "[v4 styles]" in lowered:
        return "ssa"
    return "ass"


def _field_name(name: str) -> str:
    name = name.strip().lower().replace("colour", "color")
    return "name" if name == "actor" else name


def _normalise(text: str, variant: str, problems: list[Problem]) -> tuple[str, list[int]]:
    """Put events and styles whose ``Format:`` differs from the standard into the standard
    order (pysubs2 ignores ``Format:``); return the text and the line of each event."""
    lines = text.split("\n")
    event_lines: list[int] = []
    section = ""
    event_format: list[str] | None = None
    style_format: list[str] | None = None
    standard_events = [*_EVENT_FIELDS[variant], "text"]
    standard_styles = ["name", *_STYLE_FIELDS[variant]]
    for index, line in enumerate(lines):
        header = _SECTION.match(line)
        if header:
            section = header.group(1).strip().lower()
            continue
        if section in ("fonts", "graphics") or section.startswith("aegisub") or "info" in section:
            continue
        fmt = _FORMAT.match(line)
        if fmt:
            names = [_field_name(n) for n in fmt.group(1).split(",")]
            while names and not names[-1]:
                names.pop()
            if section == "events":
                event_format = None if names == standard_events else names
            elif "styles" in section:
                prefix = standard_styles[: len(names)]
                style_format = None if names == prefix else names
            continue
        if _EVENT.match(line):
            event_lines.append(index + 1)
            if event_format is not None and "text" in event_format:
                kind, rest = line.split(":", 1)
                values = rest.strip().split(",", len(event_format) - 1)
                given = dict(zip(event_format, values, strict=False))
                fields = [given.get(f, _EVENT_DEFAULTS.get(f, "")) for f in standard_events[:-1]]
                lines[index] = f"{kind.strip()}: " + ",".join([*fields, given.get("text", "")])
            continue
        if style_format is not None and _STYLE.match(line):
            _, rest = line.split(":", 1)
            values = [v.strip() for v in rest.split(",")]
            given = dict(zip(style_format, values, strict=False))
            fields = [given.get(f, _STYLE_DEFAULTS[f]) for f in _STYLE_FIELDS[variant]]
            lines[index] = "Style: " + ",".join([given.get("name", "Default"), *fields])
    return "\n".join(lines), event_lines


_EVENTS_SECTION = re.compile(r"^\s*\[events\]\s*$", re.IGNORECASE | re.MULTILINE)


def read(text: str) -> Document:
    if not _EVENTS_SECTION.search(text):
        raise ParseError("not a SubStation file: it has no [Events] section")
    variant = variant_of(text)
    doc = Document()
    normalised, event_lines = _normalise(text.removeprefix("\ufeff"), variant, doc.problems)
    for line_number in event_lines:
        timing = _event_times(normalised.split("\n")[line_number - 1], variant)
        if timing is not None:
            doc.problems.append(Problem(line_number, timing, code="E001"))
    if any(p.severity == "error" for p in doc.problems):
        return doc
    subs = engine.load(normalised, variant)
    if len(subs.events) != len(event_lines):
        event_lines = [0] * len(subs.events)  # pysubs2 saw other lines than we did
    soft_breaks = subs.info.get("WrapStyle", "").strip() == "2"
    kinds: set[str] = set()
    effects = comments = textless = 0
    for event, line in zip(subs.events, event_lines, strict=True):
        if event.is_comment:
            comments += 1
            continue
        if event.start < 0 or event.end < 0:
            doc.problems.append(Problem(line or None, "negative time; times start at 0", "E001"))
            continue
        kinds |= engine.override_kinds(event.text)
        text = engine.event_text(event, subs.styles, soft_breaks=soft_breaks)
        if not text.strip():  # a drawing or an empty event: nothing to caption
            textless += 1
            continue
        effects += bool(event.effect.strip())
        doc.cues.append(
            Cue(
                event.start,
                event.end,
                text,
                line,
                speaker=event.name.strip() or None,
                native=event,
            )
        )
    lost = ["SubStation styles and script info"]
    if kinds:
        lost.append("override tags (" + ", ".join(sorted(kinds)) + ")")
    if effects:
        lost.append(f"effects on {effects} events")
    if comments:
        lost.append(plural(comments, "Comment event"))
    if textless:
        lost.append(plural(textless, "event") + " without text (drawings)")
    doc.native = Native(FAMILY, subs, tuple(lost))
    return doc


def _event_times(line: str, variant: str) -> str | None:
    """Why an event line's times cannot be read, or None when they can."""
    _, rest = line.split(":", 1)
    fields = rest.split(",", 3)
    if len(fields) < 4:
        return (
            f"expected {len(_EVENT_FIELDS[variant]) + 1} comma-separated fields: {_preview(line)}"
        )
    for value in fields[1:3]:
        match = _TIME.fullmatch(value)
        if match is None:
            return f"expected a time like 0:00:01.50, found {value.strip()!r}"
        if match.group(1):
            return f"negative time {value.strip()!r}; times start at 0"
    return None


def _preview(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= 60 else line[:57] + "...")


MAX_MS = 10 * 3_600_000 - 10
"""SubStation's clock stops at 9:59:59.99."""


def write(doc: Document, variant: str = "ass") -> str:
    import pysubs2

    native = doc.native
    source: SSAFile | None = None
    if native is not None and variant in native.formats:
        source = native.data  # type: ignore[assignment]
    subs = pysubs2.SSAFile()
    if source is not None:
        subs.info = dict(source.info)
        subs.styles = {name: style.copy() for name, style in source.styles.items()}
        subs.fonts_opaque = dict(source.fonts_opaque)
        subs.graphics_opaque = dict(source.graphics_opaque)
        subs.aegisub_project = dict(source.aegisub_project)
        soft_breaks = source.info.get("WrapStyle", "").strip() == "2"
    # Comment events and drawings are no cues: an ASS/SSA source's come back after the
    # event they followed
    carried: dict[int, list[SSAEvent]] = {}
    if source is not None:
        previous: SSAEvent | None = None
        for source_event in source.events:
            if (
                source_event.is_comment
                or not engine.event_text(
                    source_event, source.styles, soft_breaks=soft_breaks
                ).strip()
            ):  # no cue was read from it
                carried.setdefault(id(previous), []).append(source_event.copy())
            else:
                previous = source_event
        subs.events.extend(carried.pop(id(None), []))
    # after the last cue made from an event (reflow may cut one event into several)
    last_piece = {id(cue.native): cue for cue in doc.cues if cue.native is not None}
    for cue in doc.cues:
        if cue.end_ms is None:
            raise ValueError("SubStation needs every cue's end; infer ends before writing")
        event = cue.native if source is not None else None
        if isinstance(event, pysubs2.SSAEvent) and not event.is_comment:
            copy = event.copy()
            if engine.event_text(event, source.styles, soft_breaks=soft_breaks) != cue.text:  # type: ignore[union-attr]
                copy.text = engine.ass_text(cue.text)
        else:
            copy = pysubs2.SSAEvent(text=engine.ass_text(cue.text))
        copy.start, copy.end = cue.start_ms, cue.end_ms
        copy.name = cue.speaker or ""
        subs.events.append(copy)
        if cue.native is not None and last_piece.get(id(cue.native)) is cue:
            subs.events.extend(carried.pop(id(cue.native), []))
    for left in carried.values():  # after events that are no longer there
        subs.events.extend(left)
    return engine.dump(subs, variant, header_notice="Written by subconv")


def dropped_markup(doc: Document) -> set[str]:
    return engine.dropped([cue.text for cue in doc.cues])


def dropped_notes(doc: Document) -> list[str]:
    """Changes writing SubStation makes beyond markup: centisecond times, the clock's end."""
    notes = []
    if any(t % 10 for cue in doc.cues for t in (cue.start_ms, cue.end_ms or 0)):
        notes.append("millisecond times (rounded to centiseconds)")
    if any(max(cue.start_ms, cue.end_ms or 0) > MAX_MS for cue in doc.cues):
        notes.append("times after 9:59:59.99 (clamped)")
    recut = _recut_with_overrides(doc)
    if recut:
        notes.append(f"override tags of {plural(recut, 'event')} whose text was cut anew")
    return notes


def _recut_with_overrides(doc: Document) -> int:
    """Events of an ASS/SSA source that carried override tags and whose text changed (by
    ``--reflow``): the writer writes their new text plainly."""
    import pysubs2

    native = doc.native
    if native is None or native.formats != FAMILY:
        return 0
    source: SSAFile = native.data  # type: ignore[assignment]
    soft_breaks = source.info.get("WrapStyle", "").strip() == "2"
    return sum(
        1
        for cue in doc.cues
        if isinstance(cue.native, pysubs2.SSAEvent)
        and "{" in cue.native.text
        and engine.event_text(cue.native, source.styles, soft_breaks=soft_breaks) != cue.text
    )


class SubStation(Codec):
    """ASS or SSA through pysubs2; the styles of an ASS/SSA source are written back."""

    def __init__(self, variant: str) -> None:
        self.variant = variant

    def sniff(self, text: str) -> bool:
        return sniff(text) and variant_of(text) == self.variant

    def read(self, text: str) -> Document:
        return read(text)

    def write(self, doc: Document) -> str:
        return write(doc, self.variant)

    keeps_speakers = True
    """The actor (``Name``) field."""
    dropped_markup = staticmethod(dropped_markup)
    format_notes = staticmethod(dropped_notes)


CODEC = SubStation("ass")
