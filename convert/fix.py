"""``subconv check --fix``: the mechanically safe repairs, made as small text edits.

Three repairs, each only when its rule was reported:

- E101 in SRT and WebVTT: cue blocks are put in order of start (a stable sort, so
  cues with equal starts keep their order). A NOTE or other block between cues
  travels with the cue after it.
- E104 in SRT: an end that runs past the next start is trimmed to that start
  (WebVTT allows overlaps, so they are left alone there).
- W201 in SRT: cue numbers are rewritten as 1, 2, 3, ... (missing ones added).

The text is edited, not re-rendered: every other character (timestamp style, markup)
stays as it was; :mod:`convert.fixfile` puts the text back into the file's bytes
(encoding, BOM, CRLF). This module is text to text, and knows nothing of check.

A transcript is never fixed: when a start goes backwards, which of the two values is
wrong is not knowable.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .formats.srt import counter_value, is_counter
from .model import Cue
from .timecode import clock

_END_TIME = re.compile(r"(-->[ \t]*)([0-9:.,]+)")


@dataclass(slots=True)
class _Block:
    """One cue's own lines (number or identifier, timing line, text) and what precedes it."""

    cue: Cue
    head: int
    """Index of the block's first line (the counter or identifier, else the timing line)."""
    timing: int
    """Index of the timing line."""
    end: int
    """Index just past the cue text (its first blank line)."""


def _blocks(lines: Sequence[str], cues: Sequence[Cue], fmt: str) -> list[_Block]:
    blocks = []
    for cue in cues:
        timing = cue.line - 1
        head = timing
        if timing > 0 and (
            (fmt == "srt" and is_counter(lines[timing - 1]))
            or (fmt == "vtt" and cue.id is not None)
        ):
            head = timing - 1
        end = timing + 1
        while end < len(lines) and lines[end].strip():
            end += 1
        blocks.append(_Block(cue, head, timing, end))
    return blocks


def _format_time(ms: int, like: str, fmt: str) -> str:
    """``ms`` written in the style of the timestamp it replaces."""
    if fmt == "srt":
        return clock(ms, "." if "." in like and "," not in like else ",")
    return clock(ms, ".", hours=ms >= 3_600_000 or like.count(":") == 2)


def _strip_blank(lines: list[str]) -> list[str]:
    start, stop = 0, len(lines)
    while start < stop and not lines[start].strip():
        start += 1
    while stop > start and not lines[stop - 1].strip():
        stop -= 1
    return lines[start:stop]


def fix_text(text: str, fmt: str, codes: set[str], path: str) -> tuple[str, list[str]]:
    """The text with the fixes for ``codes`` applied, and one message per change."""
    from .formats import by_name
    from .timing import format_ms

    lines = text.split("\n")
    doc = by_name(fmt).adapter().read(text)
    cues = doc.cues
    if not cues:
        return text, []
    blocks = _blocks(lines, cues, fmt)
    messages: list[str] = []
    order = list(range(len(blocks)))
    if "E101" in codes:
        order.sort(key=lambda i: blocks[i].cue.start_ms)
        for position, i in enumerate(order):
            if i != position and i > 0 and cues[i].start_ms < cues[i - 1].start_ms:
                messages.append(
                    f"{path}:{cues[i].line}: fixed E101: cue starting at "
                    f"{format_ms(cues[i].start_ms)} moved to position {position + 1} of "
                    f"{len(order)}, in order of start"
                )
    edited: dict[int, str] = {}
    if "E104" in codes and fmt == "srt":
        for i, j in itertools.pairwise(order):
            cue, following = cues[i], cues[j]
            assert cue.end_ms is not None
            if cue.end_ms > following.start_ms > cue.start_ms:
                timing = blocks[i].timing
                line = lines[timing]
                match = _END_TIME.search(line)
                if match is None:
                    continue
                new_end = _format_time(following.start_ms, match.group(2), fmt)
                edited[timing] = line[: match.start(2)] + new_end + line[match.end(2) :]
                messages.append(
                    f"{path}:{cue.line}: fixed E104: end {format_ms(cue.end_ms)} -> "
                    f"{format_ms(following.start_ms)}, the next cue's start (line {following.line})"
                )
    numbers: dict[int, str] = {}
    if "W201" in codes and fmt == "srt":
        added = 0
        for position, i in enumerate(order, 1):
            block = blocks[i]
            current = lines[block.head].strip() if block.head < block.timing else None
            if current is None or counter_value(current) != position:
                numbers[i] = str(position)
                added += current is None
        if numbers:
            first = blocks[min(numbers, key=lambda i: blocks[i].head)].head + 1
            messages.append(
                f"{path}:{first}: fixed W201: cues renumbered 1 to {len(order)} "
                f"({len(numbers) - added} numbers changed, {added} added)"
            )
    if not messages:
        return text, []
    return _assemble(lines, blocks, order, edited, numbers), messages


def _assemble(
    lines: list[str],
    blocks: list[_Block],
    order: list[int],
    edited: dict[int, str],
    numbers: dict[int, str],
) -> str:
    def own(i: int) -> list[str]:
        block = blocks[i]
        body = [edited.get(k, lines[k]) for k in range(block.timing, block.end)]
        if i in numbers:
            return [numbers[i], *body]
        return [lines[k] for k in range(block.head, block.timing)] + body

    def before(i: int) -> list[str]:
        return lines[blocks[i - 1].end : blocks[i].head] if i > 0 else []

    preamble = lines[: blocks[0].head]
    tail = lines[blocks[-1].end :]
    out: list[str] = []
    if order == sorted(order):
        out.extend(preamble)
        for i in order:
            out.extend(before(i))
            out.extend(own(i))
        out.extend(tail)
        return "\n".join(out)
    head = _strip_blank(preamble)
    pieces: list[list[str]] = [head] if head else []
    for i in order:
        attached = _strip_blank(before(i))
        pieces.append([*attached, "", *own(i)] if attached else own(i))
    for number, piece in enumerate(pieces):
        if number:
            out.append("")
        out.extend(piece)
    out.extend(tail)
    return "\n".join(out)
