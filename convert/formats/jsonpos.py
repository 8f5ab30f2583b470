"""Where a value is in a JSON text: the line of a path of keys and indexes.

``json`` gives values, not positions. These walk the text with the decoder's
``raw_decode`` (C speed for each skipped value) to the value at a path, so a message can
name its line: only when something is wrong, or once per list for cue lines.
"""

from __future__ import annotations

import json
import re

Path = tuple[str | int, ...]
"""Where a value is in the JSON: keys and list indexes from the top."""


def line_of(text: str, path: Path) -> int:
    """The line of the value at ``path`` in the JSON ``text`` (1 if it cannot be found).

    Only called for a message, so it walks the text with the decoder rather than making
    every read pay for positions.
    """
    offset = _offset_of(text, path)
    return text.count("\n", 0, offset) + 1


_decoder = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, index: int) -> int:
    match = _SPACE.match(text, index)
    return match.end() if match else index


def _offset_of(text: str, path: Path) -> int:
    index = _skip(text, 1 if text.startswith("\ufeff") else 0)
    try:
        for step in path:
            index = _child(text, index, step)
    except (ValueError, IndexError):
        return index
    return index


def _child(text: str, index: int, step: str | int) -> int:
    """The offset of a member or element of the object or array starting at ``index``."""
    opening = text[index]
    if (opening == "{") != isinstance(step, str):
        raise ValueError("path does not match the JSON")
    index = _skip(text, index + 1)
    position = 0
    while text[index] not in "}]":
        if opening == "{":
            key, index = _decoder.raw_decode(text, index)
            index = _skip(text, index)
            index = _skip(text, index + 1)  # the ':'
            if key == step:
                return index
        elif position == step:
            return index
        _, index = _decoder.raw_decode(text, index)
        index = _skip(text, index)
        if text[index] == ",":
            index = _skip(text, index + 1)
        position += 1
    raise ValueError("not found")


def element_lines(text: str, path: Path, count: int) -> list[int]:
    """The line of each element of the list at ``path`` (one walk, for cue lines)."""
    try:
        index = _offset_of(text, path)
        if text[index] != "[":
            return [0] * count
        lines = []
        line = text.count("\n", 0, index) + 1
        previous = index
        index = _skip(text, index + 1)
        while text[index] != "]":
            line += text.count("\n", previous, index)
            lines.append(line)
            previous = index
            _, index = _decoder.raw_decode(text, index)
            index = _skip(text, index)
            if text[index] == ",":
                index = _skip(text, index + 1)
    except (ValueError, IndexError):
        return [0] * count
    return lines if len(lines) == count else [0] * count
