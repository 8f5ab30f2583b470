"""TTML, DFXP and IMSC (.ttml, .dfxp, .xml), read and written by ttconv.

Reading: the XML is parsed by the standard library (a syntax error is reported with its
line), documents in the legacy DFXP namespace (``http://www.w3.org/2006/10/ttaf1`` and
the 2006/04 draft) are moved to the TTML namespace, which is all that differs for what
ttconv reads, and ttconv builds its model and the timeline (:mod:`.ttconv_engine`):
tick, frame, SMPTE and clock times, ``par``/``seq``, timing on spans. Italic, bold and
underline become tags; the ttconv document is kept so a TTML -> TTML write keeps each
paragraph's region and styles and the document's layout.

Writing: ttconv's IMSC writer, from a document made of the cues: one ``div``, a ``p``
per cue with ``begin``/``end`` clock times, ``span`` with ``tts:fontStyle``,
``tts:fontWeight``, ``tts:textDecoration`` for the tags, ``br`` for line breaks, and no
region unless the source was TTML with regions (region-free IMSC is shown at the bottom).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from ..errors import ParseError
from ..markup import keep_tags
from ..model import Document, Native
from . import ttconv_engine as engine
from .base import Codec

TTML_NS = "http://www.w3.org/ns/ttml"
_LEGACY = re.compile(
    r"http://www\.w3\.org/2006/(?:10|04)/ttaf1(#styling|#style|#parameter|#metadata)?"
)
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?tt[\s>/]")
_NAMESPACE = re.compile(r"http://www\.w3\.org/(?:ns/ttml|2006/(?:10|04)/ttaf1)")
_P_TAG = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?p[\s>/]")
KEEP = frozenset({"i", "b", "u"})


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff")[:4000]
    return _ROOT.search(head) is not None and (
        _NAMESPACE.search(head) is not None or head.lstrip().startswith("<tt")
    )


def _modern(text: str) -> str:
    """The legacy DFXP namespaces as the TTML ones (``#style`` was ``#styling``'s draft name)."""

    def replace(match: re.Match[str]) -> str:
        suffix = match.group(1) or ""
        return TTML_NS + ("#styling" if suffix == "#style" else suffix)

    return _LEGACY.sub(replace, text)


def parse_xml(text: str) -> Any:
    """The XML tree of ``text``; a syntax error is a ParseError with its line."""
    import xml.etree.ElementTree as et

    try:
        root = et.fromstring(text.removeprefix("\ufeff"))
    except et.ParseError as exc:
        line = exc.position[0] if exc.position else None
        message = str(exc).split(":")[0]
        raise ParseError(f"not well-formed XML ({message})", line=line) from None
    if root.tag == "tt":
        # A <tt> in no namespace (hand-made DFXP): its elements are TTML's.
        for element in root.iter():
            if isinstance(element.tag, str) and not element.tag.startswith("{"):
                element.tag = f"{{{TTML_NS}}}{element.tag}"
    return et.ElementTree(root)


def _paragraph_lines(text: str) -> list[int]:
    """The line of each ``<p>`` start tag, in document order: paragraphs are only in the
    body, so the n-th is the body's n-th paragraph, whose cue a message names."""
    lines = []
    line, position = 1, 0
    for match in _P_TAG.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines.append(line)
    return lines


_TIME_ATTRIBUTE = re.compile(r"""(\s(begin|end|dur)\s*=\s*)(?:"([^"]*)"|'([^']*)')""")
_TIME_EXPRESSION = re.compile(
    r"\s*(?:\d+:\d{2}:\d{2}(?:[.,]\d+|:\d+(?:\.\d+)?)?|\d+(?:\.\d+)?(?:h|m|s|ms|f|t))\s*"
)
"""TTML's clock time (``00:00:01.5``, ``00:00:01:12``) and offset time (``1.5s``, ``40f``);
also ``00:00:01,500``, SRT's comma, which real files carry and ttconv would not read."""


def _checked_times(source: str) -> str:
    """``source`` with SRT-style commas in times made dots; a ``begin``, ``end`` or ``dur``
    that is no time at all is an error at its line (ttconv would leave its paragraph
    untimed, at 0, and say nothing)."""

    def check(match: re.Match[str]) -> str:
        value = match.group(3) if match.group(3) is not None else match.group(4)
        if not _TIME_EXPRESSION.fullmatch(value):
            raise ParseError(
                f"{match.group(2)}={value!r} is not a TTML time (like 00:00:01.500 or 1.5s)",
                line=source.count("\n", 0, match.start()) + 1,
            )
        return f'{match.group(1)}"{value.replace(",", ".")}"'

    return _TIME_ATTRIBUTE.sub(check, source)


def read(text: str) -> Document:
    from ttconv.imsc import reader

    source = _checked_times(_modern(text))
    tree = parse_xml(source)
    messages: list[str] = []
    with engine.quiet(messages):
        model = engine.run("ttconv cannot read this TTML document", reader.to_model, tree)
        if model is None:
            raise ParseError("not a TTML document (the root element is not <tt>)")
        cues, positions, problems = engine.run(
            "ttconv cannot compute this document's timeline", engine.cues, model
        )
    doc = Document(cues=cues)
    paragraphs = engine.paragraphs_of(model)
    lines = _paragraph_lines(source)
    counted = len(lines) == len(paragraphs)  # else a "<p" in a comment or CDATA: unknown
    for cue, position in zip(cues, positions, strict=True):
        cue.native = paragraphs[position] if position >= 0 else None
        if counted and position >= 0:
            cue.line = lines[position]
    doc.problems.extend(engine.engine_problem(messages))
    doc.problems.extend(problems)
    lost = []
    if any(True for _ in model.iter_regions()):
        lost.append("TTML regions")
    if _styled(model):
        lost.append("TTML styling other than italic, bold and underline")
    doc.native = Native(("ttml",), model, tuple(lost))
    return doc


def _span_styled(model: Any) -> bool:
    """Whether a span has a style the model's tags do not carry (TTML -> TTML drops it)."""
    from ttconv import model as tt
    from ttconv.style_properties import StyleProperties

    carried = {
        StyleProperties.FontStyle,
        StyleProperties.FontWeight,
        StyleProperties.TextDecoration,
    }
    body = model.get_body()
    return body is not None and any(
        prop not in carried
        for element in body.dfs_iterator()
        if isinstance(element, tt.Span)
        for prop in element.iter_styles()
    )


def _styled(model: Any) -> bool:
    """Whether the document styles its text beyond what the model's tags carry."""
    from ttconv.style_properties import StyleProperties

    carried = {
        StyleProperties.FontStyle,
        StyleProperties.FontWeight,
        StyleProperties.TextDecoration,
    }
    body = model.get_body()
    elements = [*(body.dfs_iterator() if body is not None else ()), *model.iter_regions()]
    return any(prop not in carried for element in elements for prop in element.iter_styles())


def write(doc: Document) -> str:
    import xml.etree.ElementTree as et

    from ttconv import model
    from ttconv.imsc import writer

    source = doc.native.data if doc.native is not None and "ttml" in doc.native.formats else None
    tt = source if isinstance(source, model.ContentDocument) else model.ContentDocument()
    body = model.Body(tt)
    old_body = tt.get_body()
    if old_body is not None:
        _copy_look(old_body, body, tt)
    tt.set_body(body)
    div = model.Div(tt)
    body.push_child(div)
    for cue in doc.cues:
        if cue.end_ms is None:
            raise ValueError("TTML needs every cue's end; infer ends before writing")
        paragraph = model.P(tt)
        if source is not None and cue.native is not None:
            _copy_look(cue.native, paragraph, tt)
        paragraph.set_begin(Fraction(cue.start_ms, 1000))
        paragraph.set_end(Fraction(cue.end_ms, 1000))
        _fill(paragraph, cue.text, tt)
        div.push_child(paragraph)
    tree = engine.run("ttconv cannot write this document", writer.from_model, tt)
    root = tree.getroot()
    _indent(root, et)
    return et.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _copy_look(source: Any, target: Any, tt: Any) -> None:
    """The region and style properties of a source element, onto a new element of ``tt``."""
    region = None
    element = source
    while element is not None and region is None:
        region = element.get_region()
        element = element.parent()
    if region is not None and tt.has_region(region.get_id()):
        target.set_region(tt.get_region(region.get_id()))
    for prop in source.iter_styles():
        target.set_style(prop, source.get_style(prop))  # inherited ones too (tts:color on p)


_TAG = re.compile(r"<(/?)([ibu])>")


def _fill(paragraph: Any, text: str, tt: Any) -> None:
    """Spans and line breaks of model text under ``paragraph``."""
    from ttconv import model
    from ttconv.style_properties import (
        FontStyleType,
        FontWeightType,
        StyleProperties,
        TextDecorationType,
    )

    if "<" in text or "{\\" in text:
        text, _ = keep_tags(text, KEEP)
    active: set[str] = set()
    position = 0
    pieces: list[tuple[str, frozenset[str]]] = []
    for match in _TAG.finditer(text):
        pieces.append((text[position : match.start()], frozenset(active)))
        if match.group(1):
            active.discard(match.group(2))
        else:
            active.add(match.group(2))
        position = match.end()
    pieces.append((text[position:], frozenset(active)))
    for piece, flags in pieces:
        for number, line in enumerate(piece.split("\n")):
            if number:
                paragraph.push_child(model.Br(tt))
            if not line:
                continue
            span = model.Span(tt)
            if "i" in flags:
                span.set_style(StyleProperties.FontStyle, FontStyleType.italic)
            if "b" in flags:
                span.set_style(StyleProperties.FontWeight, FontWeightType.bold)
            if "u" in flags:
                span.set_style(StyleProperties.TextDecoration, TextDecorationType(underline=True))
            span.push_child(model.Text(tt, line))
            paragraph.push_child(span)


def _indent(root: Any, et: Any) -> None:
    """Indent the tree down to the paragraphs; inside a ``p`` whitespace is text."""
    paragraphs = [e for e in root.iter() if e.tag == f"{{{TTML_NS}}}p"]
    saved = [(p, p.text, [(c, c.text, c.tail) for c in p.iter() if c is not p]) for p in paragraphs]
    et.indent(root)
    for p, text, children in saved:
        p.text = text
        for child, child_text, tail in children:
            child.text, child.tail = child_text, tail


def dropped_markup(doc: Document) -> set[str]:
    removed: set[str] = set()
    for cue in doc.cues:
        if "<" in cue.text or "{\\" in cue.text:
            removed |= keep_tags(cue.text, KEEP)[1]
    return removed


class Ttml(Codec):
    """TTML/DFXP/IMSC through ttconv."""

    sniff = staticmethod(sniff)
    read = staticmethod(read)
    write = staticmethod(write)
    dropped_markup = staticmethod(dropped_markup)

    def format_notes(self, doc: Document) -> list[str]:
        notes = []
        native = doc.native
        if native is not None and "ttml" in native.formats and _span_styled(native.data):
            notes.append("styling of spans other than italic, bold and underline")
        return notes


CODEC = Ttml()
