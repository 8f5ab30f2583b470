"""The ttconv engine: turn a ttconv document (read from TTML/IMSC, SCC or EBU STL) into cues.

ttconv (BSD-2, the reference TTML/IMSC implementation) resolves everything timing means
in these formats (``par``/``seq`` containers, timing on spans, tick, frame and SMPTE time
bases, roll-up and paint-on captions) into a sequence of snapshots, ISDs: what is shown
from each significant time to the next. A cue here is one paragraph shown without change
over consecutive snapshots, so a paragraph that stays up while another appears is one cue,
and one whose text grows (roll-up, timing on spans) is a cue per step, as shown.

ttconv is imported inside these functions (~50-80 ms): only these formats pay for it.
Its log messages are collected, not printed, and everything it raises becomes a
ParseError.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from ..errors import ParseError, Problem
from ..model import Cue
from .pysubs2_engine import reason

ROUND = Fraction(1, 2)


def to_ms(seconds: Fraction) -> int:
    """Seconds as a Fraction to integer milliseconds, rounded once, half up."""
    return int(seconds * 1000 + ROUND) // 1


@contextlib.contextmanager
def quiet(messages: list[str]) -> Iterator[None]:
    """Collect what ttconv logs (it warns about styles it ignores) instead of printing it."""

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    logger = logging.getLogger("ttconv")
    handler = Collect()
    saved = (logger.propagate, logger.level)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, level = saved[0], saved[1]
        logger.setLevel(level)


def engine_problem(messages: list[str], engine: str = "ttconv") -> list[Problem]:
    """One warning for what the engine logged, if anything (the first message and a count)."""
    if not messages:
        return []
    first = " ".join(messages[0].split())[:120]
    more = f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""
    return [Problem(None, f"{engine}: {first}{more}", code="W301")]


def run(what: str, function: Any, *args: Any) -> Any:
    """Call into ttconv; anything it raises becomes a one-line ParseError."""
    try:
        return function(*args)
    except ParseError:
        raise
    except Exception as exc:  # the engine's errors, whatever their class, end here
        raise ParseError(f"{what} ({reason(exc)})") from None


def cues(document: Any) -> tuple[list[Cue], list[int], list[Problem]]:
    """The cues of a ttconv ContentDocument, in order of start; for each, the position of
    its ``P`` among the body's paragraphs (so a TTML -> TTML write can find the source
    paragraph's region and styles); and warnings.

    Regions decide where text is shown, and in TTML text outside every region is not shown
    at all; a converter keeps it, so the timeline is computed with the regions taken off.
    A paragraph the file leaves unbounded ends, as in ttconv's own converters, at the
    document's last change after its start, else 10 seconds after it, with a warning.
    """
    from ttconv import model
    from ttconv.isd import ISD

    body = document.get_body()
    if body is None:
        return [], [], []
    # Regions are taken off for the timeline and put back after (no deep copy: a long
    # SCC file's model is deeper than copy.deepcopy's recursion allows).
    elements = list(body.dfs_iterator())
    placed = [(e, e.get_region()) for e in elements if e.get_region() is not None]
    regions = list(document.iter_regions())
    for element, _ in placed:
        element.set_region(None)
    for region in regions:
        document._regions.pop(region.get_id(), None)  # remove_region would also unlink content
    sources: dict[str, int] = {}
    originals: list[tuple[Any, str | None]] = []
    paragraphs = [e for e in elements if isinstance(e, model.P)]
    for number, element in enumerate(paragraphs):
        made = f"subconv-p{number}"
        originals.append((element, element.get_id()))
        sources[made] = number
        element.set_id(made)  # unique ids: each paragraph is known in every ISD
    try:
        sequence = ISD.generate_isd_sequence(document)
    finally:
        for element, original in originals:
            element.set_id(original)
        for region in regions:
            document.put_region(region)
        for element, region in placed:
            element.set_region(region)
    open_cues: dict[tuple[str, str], Cue] = {}
    done: list[tuple[Cue, int, int]] = []
    order = 0
    for index, (time, isd) in enumerate(sequence):
        end = sequence[index + 1][0] if index + 1 < len(sequence) else None
        shown: dict[tuple[str, str], Cue] = {}
        for region in isd.iter_regions():
            for paragraph in _paragraphs(region):
                text = _text(paragraph).strip("\n")
                if not text.strip():
                    continue
                key = (paragraph.get_id() or "", text)
                cue = open_cues.get(key)
                if cue is None or cue.end_ms != to_ms(time):
                    position = sources.get(key[0], -1)
                    cue = Cue(to_ms(time), None, text)
                    done.append((cue, position, order))
                    order += 1
                cue.end_ms = to_ms(end) if end is not None else None
                shown[key] = cue
        open_cues = shown
    done.sort(key=lambda item: (item[0].start_ms, item[2]))
    last = to_ms(sequence[-1][0]) if sequence else 0
    unbounded = [cue for cue, _, _ in done if cue.end_ms is None]
    for cue in unbounded:
        cue.end_ms = last if last > cue.start_ms else cue.start_ms + 10_000
    problems = []
    if unbounded:
        problems.append(
            Problem(
                unbounded[0].line or None,
                f"{len(unbounded)} paragraph(s) have no end in the file; ended at the "
                "document's last change, or 10 s after their start",
                code="W304",
            )
        )
    kept = [(cue, element) for cue, element, _ in done if cue.end_ms > cue.start_ms]  # type: ignore[operator]
    return [cue for cue, _ in kept], [element for _, element in kept], problems


def paragraphs_of(document: Any) -> list[Any]:
    """The body's ``P`` elements in document order (what :func:`cues` positions count)."""
    from ttconv import model

    body = document.get_body()
    return [e for e in body.dfs_iterator() if isinstance(e, model.P)] if body else []


def _paragraphs(element: Any) -> Iterator[Any]:
    from ttconv import model

    for child in element:
        if isinstance(child, model.P):
            yield child
        elif isinstance(child, (model.Body, model.Div)):
            yield from _paragraphs(child)


def _text(paragraph: Any) -> str:
    """A paragraph of an ISD as model text: spans' italic, bold, underline as tags."""
    from ttconv import model
    from ttconv.style_properties import FontStyleType, FontWeightType, StyleProperties

    out: list[str] = []

    def walk(element: Any, flags: tuple[str, ...]) -> None:
        for child in element:
            if isinstance(child, model.Br):
                out.append("\n")
            elif isinstance(child, model.Text):
                piece = child.get_text()
                if piece:
                    out.append(_wrap(piece, flags))
            elif isinstance(child, (model.Rt, model.Rtc, model.Rp)):
                continue  # ruby annotations and their fallback parentheses: the base is the text
            elif isinstance(child, model.Span):
                wanted = []
                weight = child.get_style(StyleProperties.FontWeight)
                style = child.get_style(StyleProperties.FontStyle)
                decoration = child.get_style(StyleProperties.TextDecoration)
                if weight is FontWeightType.bold:
                    wanted.append("b")
                if style in (FontStyleType.italic, FontStyleType.oblique):
                    wanted.append("i")
                if decoration is not None and decoration.underline:
                    wanted.append("u")
                walk(child, tuple(wanted))
            else:
                walk(child, flags)

    walk(paragraph, ())
    return "\n".join(line.strip() for line in _merge("".join(out)).split("\n"))


def _wrap(text: str, flags: tuple[str, ...]) -> str:
    for tag in reversed(flags):
        text = f"<{tag}>{text}</{tag}>"
    return text


def _merge(text: str) -> str:
    """``<i>a</i><i>b</i>`` as ``<i>ab</i>`` (a span per word is common in TTML), and
    across a line break."""
    for tag in ("u", "i", "b"):
        text = text.replace(f"</{tag}><{tag}>", "").replace(f"</{tag}>\n<{tag}>", "\n")
    return text
