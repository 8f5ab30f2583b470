"""Word times carried by cues (``Cue.words``) written as WebVTT inline timestamps.

``Hello <00:00:00.980>world.``: a player highlights each word as it is spoken (karaoke
style). The specification wants every inline timestamp after the cue's start, before its
end and later than the one before, so a word whose time does not fit gets none.
"""

from __future__ import annotations

from .formats.clock import format_clock
from .model import Cue


def inline_timestamps(cue: Cue) -> str:
    """The cue's text with ``<HH:MM:SS.mmm>`` before each word that has a fitting start;
    the text unchanged when it has no words or they cannot be found in it in order."""
    if not cue.words or cue.end_ms is None:
        return cue.text
    text = cue.text
    out: list[str] = []
    position = 0
    last = cue.start_ms
    for word in cue.words:
        found = text.find(word.text, position)
        if found < 0:
            return cue.text
        start = word.start_ms
        out.append(text[position:found])
        if start is not None and last < start < cue.end_ms:
            out.append(f"<{format_clock(start, '.')}>")
            last = start
        out.append(word.text)
        position = found + len(word.text)
    out.append(text[position:])
    return "".join(out)
