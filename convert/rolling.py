"""YouTube's rolling auto-captions, turned back into the words as spoken.

The automatic captions YouTube makes (and yt-dlp downloads as ``.vtt``) show a line being
typed out word by word under the line before it. In the file that is a chain of cues, all
``align:start position:0%``: each long cue repeats the previous line and adds the line
being spoken, whose words carry their times as ``<00:00:01.234><c> word</c>`` tags; between
them, 10 ms cues repeat the finished line. Older files wrap the tags in
``<c.colorE5E5E5>`` spans and have a ``Style:`` block in the header. Converted as they
are, every word appears three times.

This runs over a parsed :class:`Document` (the WebVTT reader stays the specification's
parser): :func:`is_rolling` recognises the shape, and :func:`unroll` keeps each spoken line
once, in a cue of its own timed as it was spoken, with its words and their times. ``>>``
(a new speaker) starts a new cue; ``[Music]`` and the like stay as text. No library or
player does this (yt-dlp issue 1734 is still open), hence our own code.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .errors import Problem
from .markup import SPEAKER_CHANGE, words_of
from .model import Cue, Document, Word

_STAMP = re.compile(r"<((?:\d+:)?\d{2}:\d{2}\.\d{3})>")
_PIECES = re.compile(
    r"<((?:\d+:)?\d{2}:\d{2}\.\d{3})>"
    r"|</?(?:c|i|b|u|v|lang|ruby|rt)(?:[.][^<>\s]*)?(?:[ \t][^<>]*)?>"
)


def _plain(line: str) -> str:
    """A cue line without tags, spaces normalised: what a viewer reads."""
    return " ".join(words_of(_PIECES.sub("", line) if "<" in line else line))


Screen = list[tuple[str, str]]
"""The lines a cue shows, each as written (tags and all) and as read (plain)."""


def _screen(cue: Cue) -> Screen:
    """YouTube pads cues with lines of one space; those show nothing and are left out."""
    lines = [(line, _plain(line)) for line in cue.text.split("\n")]
    return [pair for pair in lines if pair[1]]


MAX_LINES = 5
"""YouTube shows at most three lines (two today), plus lines of one space: a cue with
more is not rolling, and the repeat search stays constant per cue."""


FLASH_MS = 50
"""YouTube puts a cue of 10 ms between two screens; converters keep them."""


def _could_roll(cues: list[Cue]) -> bool:
    """The cheap part of the test: every cue of a few lines, and either all at
    ``position:0%`` with some word time tags (YouTube's WebVTT), or a quarter of them
    flashes of a few milliseconds (the same captions converted to SRT, as yt-dlp does,
    which keeps neither settings nor tags)."""
    # Each test stops at the first cue that fails it, and the dearest comes last, so that
    # an ordinary file (every SRT and WebVTT conversion asks) costs one short pass.
    if len(cues) < 2:
        return False
    if all("position:0%" in cue.settings.split() for cue in cues):
        shaped = any("<" in cue.text and _STAMP.search(cue.text) for cue in cues)
    else:
        flashes = sum(
            1 for cue in cues if cue.end_ms is not None and cue.end_ms - cue.start_ms <= FLASH_MS
        )
        shaped = 4 * flashes >= len(cues)
    return shaped and all(cue.text.count("\n") < MAX_LINES for cue in cues)


def _chained(screens: list[Screen]) -> bool:
    """At least half of the cues begin by repeating the last line(s) of the cue before
    them (one line in today's files, two in older three-line ones)."""
    chained = sum(
        1 for before, after in itertools.pairwise(screens) if _repeated_prefix(after, before)
    )
    return 2 * chained >= len(screens) - 1


def is_rolling(doc: Document) -> bool:
    """Whether ``doc`` has the rolling shape: every cue at ``position:0%`` with word time
    tags (or, converted to SRT, a quarter of the cues 10 ms flashes), and at least half of
    the cues beginning with the line(s) the cue before them ended with.
    A caption track that is not rolling (even with the same ``Kind: captions`` header) has
    no such chain and is left alone."""
    return _could_roll(doc.cues) and _chained([_screen(cue) for cue in doc.cues])


def unroll_if_rolling(cues: list[Cue]) -> tuple[list[Cue], int] | None:
    """:func:`unroll` when the cues have the rolling shape (see :func:`is_rolling`), else
    None; each cue's lines are read once for both."""
    if not _could_roll(cues):
        return None
    screens = [_screen(cue) for cue in cues]
    return _unroll(cues, screens) if _chained(screens) else None


def _clock(stamp: str) -> int:
    fields = stamp.replace(".", ":").split(":")
    *hms, millis = (int(f) for f in fields)
    seconds = 0
    for value in hms:
        seconds = seconds * 60 + value
    return seconds * 1000 + millis


def _words(line: str, start_ms: int, end_ms: int) -> tuple[list[Word], list[bool]]:
    """A spoken line's words with their times, and for each whether it is written
    against the word before it (no space: Japanese, Chinese). A word starts at the tag
    before it (the first at the cue's start) and ends where the next tagged word starts
    (the last at the cue's end). Words sharing one tag get the tag's start on the first,
    its end on the last."""
    # split() alternates text and the stamp group (None for the other tags).
    pieces = _PIECES.split(line)
    runs: list[tuple[int, list[tuple[str, bool]]]] = [(start_ms, [])]
    for index in range(0, len(pieces), 2):
        if index:
            stamp = pieces[index - 1]
            if stamp is not None:
                runs.append((_clock(stamp), []))
        piece = pieces[index]
        runs[-1][1].extend(
            (text, number == 0 and not piece[0].isspace())
            for number, text in enumerate(words_of(piece))
        )
    runs = [run for run in runs if run[1]]
    words: list[Word] = []
    glue: list[bool] = []
    for index, (start, texts) in enumerate(runs):
        end = max(runs[index + 1][0] if index + 1 < len(runs) else end_ms, start)
        last = len(texts) - 1
        for number, (text, glued) in enumerate(texts):
            words.append(
                Word(text, start if number == 0 else None, end if number == last else None)
            )
            glue.append(glued and bool(words[:-1]))
    return words, glue


@dataclass(slots=True)
class _Spoken:
    start_ms: int
    end_ms: int
    words: list[Word]
    glue: list[bool]
    line: int

    def text(self) -> str:
        return "".join(
            word.text if glued or not index else " " + word.text
            for index, (word, glued) in enumerate(zip(self.words, self.glue, strict=True))
        )


def _split_at_speakers(spoken: _Spoken) -> list[_Spoken]:
    """``>>`` marks a new speaker: it starts a cue of its own, at its own time."""
    parts: list[_Spoken] = []
    for word, glued in zip(spoken.words, spoken.glue, strict=True):
        if parts and parts[-1].words and word.text.startswith(SPEAKER_CHANGE):
            start = word.start_ms if word.start_ms is not None else parts[-1].start_ms
            parts[-1].end_ms = max(start, parts[-1].start_ms)
            parts.append(_Spoken(start, spoken.end_ms, [], [], spoken.line))
        elif not parts:
            parts.append(_Spoken(spoken.start_ms, spoken.end_ms, [], [], spoken.line))
        parts[-1].words.append(word)
        parts[-1].glue.append(glued)
    return parts


def unroll(cues: list[Cue]) -> tuple[list[Cue], int]:
    """The spoken lines of rolling cues, each once, and how many repeated lines went."""
    return _unroll(cues, [_screen(cue) for cue in cues])


def _unroll(cues: list[Cue], screens: list[Screen]) -> tuple[list[Cue], int]:
    spoken: list[_Spoken] = []
    repeated = 0
    previous: Screen = []
    for cue, screen in zip(cues, screens, strict=True):
        kept = _repeated_prefix(screen, previous)
        repeated += kept
        end = cue.end_ms if cue.end_ms is not None else cue.start_ms
        for line, _ in screen[kept:]:
            words, glue = _words(line, cue.start_ms, end)
            if words:
                whole = _Spoken(cue.start_ms, end, words, glue, cue.line)
                spoken.extend(_split_at_speakers(whole))
        previous = screen
    unrolled = [Cue(s.start_ms, s.end_ms, s.text(), s.line, words=s.words) for s in spoken]
    return unrolled, repeated


def note(repeated: int, line: int | None) -> Problem:
    """The once-per-file note that the captions were unrolled."""
    lines = "line" if repeated == 1 else "lines"
    return Problem(
        line,
        f"rolling auto-captions: {repeated} repeated {lines} removed (--keep-rolling keeps them)",
        code="W014",
    )


def _repeated_prefix(screen: Screen, previous: Screen) -> int:
    """How many of a cue's first lines repeat the end of the cue before it. A line with
    word time tags is being spoken, so it is never a repeat, even when its words are the
    same as the line before (someone saying "no" twice)."""
    for count in range(min(len(screen), len(previous)), 0, -1):
        if all(
            line[1] == before[1] and not _STAMP.search(line[0])
            for line, before in zip(screen[:count], previous[-count:], strict=True)
        ):
            return count
    return 0
