"""Re-cut a timed text stream into captions that meet the style guide (``--reflow``).

    import convert
    from convert.config import Thresholds
    doc = convert.read("talk.srt")
    captions = convert.reflow(doc, Thresholds())     # a new Document; ``doc`` is unchanged

The limits are :class:`convert.config.Thresholds`, the ones ``subconv check`` enforces,
so ``check --strict`` accepts what this writes (reading speed aside: fast speech stays
fast, and the result carries one W103 note saying how many cues remain over).

How (docs/reflow.md says it at length):

1. The cues' text becomes one stream of words, each with a time: from ``Cue.words`` when
   the source has them, else interpolated inside its cue in proportion to characters.
   Markup is remembered per word as the stack of open tags, so a cut closes and reopens it.
   A change of speaker or of WebVTT cue settings, and a cue that starts with ``>>``, is a
   hard boundary: text from either side never shares a cue.
2. Every gap between two words gets a break class from the language's break-word lists
   (:mod:`convert.breakwords`): sentence end, clause punctuation, before a conjunction or
   preposition, elsewhere; plus a penalty after an article, preposition or possessive.
3. Dynamic programming over the gaps (as Knuth and Plass do for paragraphs) chooses the
   cues: each cue must fit ``max-lines`` lines of ``max-line-length`` characters and
   ``max-duration``; its cost adds the break class at its end, its line break and the
   balance of its lines, 1-2-word cues, text too short to read, and sentences it mixes.
   Only gaps within one cue's reach are compared, so time grows linearly with the words.
4. Times: a cue runs from its first word's start to its last word's end, and is then
   widened into the silence around it for ``min-duration`` and reading speed, chained to
   the next cue or kept ``min-gap-frames`` away from it, and capped at ``max-duration``.

The numeric loops of these steps also exist compiled (``convert/_reflow_kernel.c``, built
where ``pip`` finds a C compiler) and run that way when it was built; the Python loops
here are their reference and the fallback, and write the same bytes.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import itertools
import operator
import re
import sys
import types
import typing
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor
from typing import NamedTuple

from .breakwords import LANGUAGES, BreakWords, guess_language
from .config import Thresholds
from .errors import Problem
from .markup import BREAKING_SPACES, SPEAKER_CHANGE, scan_markup, words_of
from .model import Cue, Document, Word, detached

try:  # the numeric loops, compiled where a C compiler was found at install (setup.py)
    from . import _reflow_kernel as _kernel
except ImportError:  # pragma: no cover - a build without a compiler
    _kernel = None  # type: ignore[assignment]

# Break classes of the gap after a word, best first.
SENTENCE, CLAUSE, CONNECTIVE, PHRASE, ELSEWHERE = 0, 1, 2, 3, 4

CUE_BREAK_COST = (0, 30, 60, 80, 110)
"""Cost of ending a cue at a gap of each class."""
LINE_BREAK_COST = (0, 12, 25, 35, 55)
"""Cost of breaking a line (inside a cue) at a gap of each class."""
AFTER_WEAK_WORD_COST = 150
"""Ending a cue just after an article, preposition or possessive."""
AFTER_WEAK_WORD_LINE_COST = 70
CUE_COST = 15
"""Every cue: fewer, fuller cues are read more easily than many flashes."""
MIXED_SENTENCES_COST = 50
"""Each sentence end inside a cue: one sentence per cue reads best where timing allows."""
FRAGMENT_COST = 220
"""A cue of one or two words that is not a whole sentence (when its block has more)."""
TOO_SHORT_COST = 700
"""A cue that cannot be shown for ``min-duration`` even with the silence around it."""
SPEED_COST = 120
"""Scaled by how far over ``max-cps`` a cue would be."""
SILENCE_SPANNED_COST = 10
"""Per ``SILENCE_STEP_MS`` of silence inside a cue beyond ``SILENCE_FREE_MS``: text shown
while nobody talks."""
SILENCE_FREE_MS = 500
SILENCE_STEP_MS = 100
FRAGMENT_WORDS = 2
"""A cue of this many words or fewer is a fragment (``FRAGMENT_COST``)."""
EVEN_ENOUGH = 8
"""Characters the two lines of a cue may differ by at no cost; a difference d beyond costs
d + d * d // ``UNEVEN_DIVISOR`` (a little, then more and more)."""
UNEVEN_DIVISOR = 20
PYRAMID_COST = 4
"""A first line longer than the second by more than ``EVEN_ENOUGH``: a pyramid (short
line first) reads a little better."""

_BEFORE = (-1).__add__
"""k -> k - 1, for ``map``."""
_AFTER = (1).__add__
"""k -> k + 1, for ``map``."""
_INFINITY = 1 << 62
NO_FIT_COST = 1_000_000
"""A cue that breaks a limit because nothing else fits (a word longer than a line)."""

SLOWEST_CPS = 8
"""A cue without an end (a transcript's bullet or turn runs until the next one starts) is
taken to be spoken at this many characters per second or faster; the rest of its time is
silence, so a short sentence in a long turn becomes one cue, not a slow crawl of words."""
PAUSE_CLAUSE_MS = 400
"""A silence this long between two words is at least a clause break."""
PAUSE_SENTENCE_MS = 1500
"""A silence this long is as good as a sentence end."""

_CLOSERS = "\"'\u201d\u2019\u00bb)\\]"
"""Closing quotes and brackets that may follow a sentence's or clause's punctuation."""
_DIALOGUE_DASH = re.compile(r"\s*[-\u2013\u2014]\s")
"""A line that opens with a dash and a space: a line of dialogue (SRT, Netflix style)."""
_SENTENCE_END = re.compile(rf"(?:[.!?\u2026])[{_CLOSERS}]*$")
_CLAUSE_END = re.compile(rf"[,;:\u2013\u2014][{_CLOSERS}]*$")
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_EDGE_PUNCTUATION = "\"'()[],;:.!?\u00bf\u00a1\u2026\u201c\u201d\u2018\u2019\u00ab\u00bb"
_CJK_SENTENCE = frozenset("\u3002\uff01\uff1f!?\u2026")
"""Full stop, exclamation and question marks of text written without spaces."""
_CJK_CLAUSE = frozenset("\uff0c\u3001\uff1b\uff1a,;:")
"""Comma, enumeration comma, semicolon and colon of text written without spaces."""


def _is_wide(char: str) -> bool:
    """A character of a script written without spaces (CJK ideographs, kana, Hangul)."""
    return unicodedata.east_asian_width(char) in ("W", "F") and char.isalpha()


class _Run(NamedTuple):
    """Part of a word under one stack of open tags; ``raw`` may hold void markup. (A named
    tuple: a cue with markup makes one per word, and a tuple is made fastest.)"""

    tags: tuple[str, ...]
    raw: str


class _Stream:
    """The words of a document in parallel lists (fast to scan, no object per word)."""

    __slots__ = (
        "cue_firsts",
        "end",
        "line_starts",
        "marked",
        "prefix",
        "runs",
        "segment",
        "space",
        "start",
        "text",
        "timed",
        "turns",
        "unspaced",
        "words",
    )

    def __init__(self) -> None:
        self.text: list[str] = []
        """Each word as shown (markup removed)."""
        self.runs: dict[int, tuple[_Run, ...]] = {}
        """The words of cues with markup, by index, with their markup."""
        self.marked: list[int] = []
        """Indices in ``runs``, in order (to ask whether a range holds any)."""
        self.space: list[int] = []
        """1 where a space comes before the word, 0 between pieces of CJK text; one more
        0 after the last word, so ``space[stop]`` is always there."""
        self.unspaced: list[int] = []
        """Indices where ``space`` is 0, in order."""
        self.prefix: list[int] = [0]
        """``prefix[k]``: characters of words 0..k-1, each with the space before it."""
        self.start: list[int] = []
        self.end: list[int] = []
        self.segment: list[int] = []
        """Index of the source cue the word comes from."""
        self.cue_firsts: list[int] = []
        """Index of the first word of each source cue that has words."""
        self.timed: list[tuple[int, int]] = []
        """(first, stop) word ranges whose times came from the source's word times."""
        self.words: list[Word | None] | None = None
        """The source's word records, when any cue has them."""
        self.line_starts: list[int] = []
        """Words that start a line of a source cue after its first line."""
        self.turns: list[int] = []
        """Words that start a line opening with a dialogue dash (``- No.``), and the edges
        of cues holding such lines: another speaker, so no new cue holds words from both
        sides."""

    def any_marked(self, first: int, stop: int) -> bool:
        """Whether a word in first..stop-1 carries markup."""
        marked = self.marked
        if not marked:
            return False
        at = bisect.bisect_left(marked, first)
        return at < len(marked) and marked[at] < stop

    def all_spaced(self, first: int, stop: int) -> bool:
        """Whether words first+1..stop-1 each have a space before them."""
        unspaced = self.unspaced
        if not unspaced:
            return True
        at = bisect.bisect_right(unspaced, first)
        return not (at < len(unspaced) and unspaced[at] < stop)


# ------------------------------------------------------------------------ reading words


def _split_marked(text: str) -> tuple[list[tuple[str, tuple[_Run, ...] | None]], str] | None:
    """Words of marked-up text: each with its shown text and its runs of markup (None for
    a word outside any tag, as plain as any other), and the text as shown; None when the
    text holds no markup after all (a ``<`` that opens no known tag). Written flat (no
    inner functions): a subtitler's italics put every fifth cue of a file through here."""
    items = scan_markup(text)
    if all(kind == "text" for kind, _, _ in items):
        return None
    stack: list[tuple[str, str]] = []
    tags: tuple[str, ...] = ()
    words: list[tuple[str, tuple[_Run, ...] | None]] = []
    runs: list[_Run] = []  # the word being read: its runs and its shown pieces
    shown: list[str] = []
    pending_void = ""
    visible: list[str] = []
    for kind, value, name in items:
        if kind == "text":
            visible.append(value)
            pieces = words_of(value)
            if not pieces:
                if runs:
                    words.append(_marked_word(shown, runs))
                    runs, shown = [], []
                continue
            if runs and value[0] in BREAKING_SPACES:
                words.append(_marked_word(shown, runs))
                runs, shown = [], []
            piece = pieces[0]
            raw = pending_void + piece if pending_void else piece
            pending_void = ""
            if runs and runs[-1].tags == tags:
                runs[-1] = _Run(tags, runs[-1].raw + raw)
            else:
                runs.append(_Run(tags, raw))
            shown.append(piece)
            if len(pieces) > 1:
                words.append(_marked_word(shown, runs))
                # words wholly inside this text are done at once
                if tags:
                    words.extend((piece, (_Run(tags, piece),)) for piece in pieces[1:-1])
                else:
                    words.extend(zip(pieces[1:-1], itertools.repeat(None)))
                last = pieces[-1]
                runs, shown = [_Run(tags, last)], [last]
            if value[-1] in BREAKING_SPACES:
                words.append(_marked_word(shown, runs))
                runs, shown = [], []
        elif kind == "open":
            stack.append((name, value))
            tags = (*tags, value)
        elif kind == "close":
            for position in range(len(stack) - 1, -1, -1):
                if stack[position][0] == name:
                    del stack[position]
                    tags = tuple(tag for _, tag in stack)
                    break
        elif runs:  # void markup (a timestamp, an SSA override) stays with the next word
            if runs[-1].tags == tags:
                runs[-1] = _Run(tags, runs[-1].raw + value)
            else:
                runs.append(_Run(tags, value))
            shown.append("")
        else:
            pending_void += value
    if pending_void:
        if runs:
            if runs[-1].tags == tags:
                runs[-1] = _Run(tags, runs[-1].raw + pending_void)
            else:
                runs.append(_Run(tags, pending_void))
        elif words:
            shown_text, marks = words[-1]
            word_runs = marks or (_Run((), shown_text),)
            last_run = word_runs[-1]
            words[-1] = (
                shown_text,
                (*word_runs[:-1], _Run(last_run.tags, last_run.raw + pending_void)),
            )
    if runs:
        words.append(_marked_word(shown, runs))
    return words, "".join(visible)


def _marked_word(shown: list[str], runs: list[_Run]) -> tuple[str, tuple[_Run, ...] | None]:
    """A word of marked-up text: its shown text, and its runs unless it is plain."""
    word = "".join(shown)
    if len(runs) == 1 and not runs[0].tags and runs[0].raw == word:
        return word, None
    return word, tuple(runs)


def _split_wide(word: str, limit: int) -> list[str]:
    """Text without spaces in pieces: after its punctuation, then in even chunks."""
    pieces: list[str] = []
    current: list[str] = []
    for char in word:
        current.append(char)
        if char in _CJK_SENTENCE or char in _CJK_CLAUSE:
            pieces.append("".join(current))
            current = []
    if current:
        pieces.append("".join(current))
    out: list[str] = []
    for piece in pieces:
        if len(piece) <= limit:
            out.append(piece)
            continue
        count = -(-len(piece) // limit)
        size = -(-len(piece) // count)
        out.extend(piece[index : index + size] for index in range(0, len(piece), size))
    return out


def _stream(
    cues: Sequence[Cue], limit: int, length_ms: int | None = None, *, check_wide: bool = False
) -> _Stream:
    """Every word of ``cues`` with its time, in order; times never go backwards.

    Built in passes so that the per-word work runs in C where it can: the first splits the
    cues into words and fixes each cue's time span (a plain cue costs a ``split`` and a few
    appends; markup, word times and text without spaces take :func:`_special_words`), the
    next ones give each word its start, by characters from its cue's start (``prefix`` is
    already the character count), or the source's own word times."""
    stream = _Stream()
    text, runs = stream.text, stream.runs
    firsts, owners, counts = stream.cue_firsts, [], []
    span_starts: list[int] = []
    span_ends: list[int] = []
    given: list[tuple[int, list[tuple[int, int]]]] = []
    unspaced: list[tuple[int, list[bool]]] = []  # first word and glue of cues cut without spaces
    words_out: list[Word | None] | None = None
    if any(cue.words is not None for cue in cues):
        words_out = stream.words = []
    floor_ms = cues[0].start_ms if cues else 0
    last_index = len(cues) - 1
    for index, cue in enumerate(cues):
        raw = cue.text
        words: list[Word] | None = None
        if check_wide or words_out is not None or "<" in raw or "{\\" in raw:
            shown, word_runs, glue, visible = _special_words(raw, limit)
            if word_runs is not None:
                first = len(text)
                for offset, marks in enumerate(word_runs):
                    if marks is not None:
                        runs[first + offset] = marks
            if glue is not None:
                unspaced.append((len(text), glue))
            if cue.words is not None and len(cue.words) == len(shown):
                words = cue.words
            if "\n" in raw:  # the source's own line breaks: good places to break again
                lines = visible.split("\n")
                counts_by_line = list(map(len, map(words_of, lines)))
                if sum(counts_by_line) == len(shown):  # else cut in pieces: no line to trust
                    _mark_line_starts(visible, lines, counts_by_line, len(text), stream)
        elif "\n" in raw and raw.count("\n") == 1 and not _has_dash(raw):
            # two lines, no dialogue (a subtitler's common cue): the second starts a line
            head, _, tail = raw.partition("\n")
            shown = words_of(head)
            split_at = len(shown)
            shown += words_of(tail)
            if 0 < split_at < len(shown):
                stream.line_starts.append(len(text) + split_at)
        elif "\n" in raw:  # each line's words, whose counts place the source's line breaks
            lines = raw.split("\n")
            per_line = list(map(words_of, lines))
            shown = list(itertools.chain.from_iterable(per_line))
            _mark_line_starts(raw, lines, list(map(len, per_line)), len(text), stream)
        else:
            shown = words_of(raw)
        if not shown:
            continue
        start = cue.start_ms if cue.start_ms > floor_ms else floor_ms
        end = cue.end_ms
        if end is None:
            # No end in the file (a transcript): the words are taken to be said at no
            # slower than a slow speaker's pace, and silence to follow until the next cue.
            end = start + (sum(map(len, shown)) + len(shown) - 1) * 1000 // SLOWEST_CPS
            if index == last_index and length_ms is not None and start < length_ms < end:
                end = length_ms
        if index < last_index:
            following = cues[index + 1].start_ms
            if end > following:
                end = following if following > start else start
        if end < start:
            end = start
        if words is None and cue.words:  # tiled otherwise: CJK, "okay" + "-ish."
            words = _aligned_words(cue.words, shown, start, end)
        if words_out is not None:
            words_out.extend(words if words is not None else itertools.repeat(None, len(shown)))
        firsts.append(len(text))
        text.extend(shown)
        owners.append(index)
        counts.append(len(shown))
        span_starts.append(start)
        span_ends.append(end)
        if words is not None:
            timed = _given_times(words, start, end)
            given.append((firsts[-1], timed))
            stream.timed.append((firsts[-1], len(text)))
            if timed[-1][1] > floor_ms:
                floor_ms = timed[-1][1]
        elif end > floor_ms:
            floor_ms = end
    stream.segment = list(itertools.chain.from_iterable(map(itertools.repeat, owners, counts)))
    space = stream.space = [1] * len(text)
    uneven: set[int] = set()
    for first, glue in unspaced:
        space[first : first + len(glue)] = [1 if spaced else 0 for spaced in glue]
        uneven.add(first)
    stream.marked = sorted(runs)
    stream.unspaced = [k for k, spaced in enumerate(space) if not spaced] if uneven else []
    stops = list(map(operator.add, firsts, counts))
    spans = list(zip(firsts, stops, span_starts, span_ends, strict=True))
    space.append(0)
    timed_by_kernel = None
    if _kernel is not None:
        with contextlib.suppress(OverflowError):  # times beyond 64 bits: Python's ints
            timed_by_kernel = _kernel.word_times(text, space, spans, uneven)
    if timed_by_kernel is not None:
        prefix, starts, ends, longest = timed_by_kernel
    else:
        prefix = list(itertools.accumulate(map(operator.add, map(len, text), space), initial=0))
        starts, ends = _word_times_python(prefix, space, spans, uneven)
        longest = max(map(len, text), default=0)
    if not check_wide and longest > limit:
        return _stream(cues, limit, length_ms, check_wide=True)  # a word longer than a line
    stream.prefix = prefix
    for first, timed in given:
        stop = first + len(timed)
        starts[first:stop] = [pair[0] for pair in timed]
        ends[first:stop] = [pair[1] for pair in timed]
    stream.start, stream.end = starts, ends
    return stream


def _word_times_python(
    prefix: list[int], space: list[int], spans: list[tuple[int, int, int, int]], uneven: set[int]
) -> tuple[list[int], list[int]]:
    """Each word's start and end inside its source cue, by characters: ``spans`` are the
    cues' (first word, stop, start, end), in order; ``uneven`` the firsts of cues with
    words not spaced apart. The reference of the compiled ``word_times``."""
    starts: list[int] = []
    for first, stop, start, end in spans:
        if stop - first == 1:
            starts.append(start)
            continue
        # a word starts after the characters before it in its cue, spaces between included
        span = end - start
        if first in uneven:
            base = prefix[first] + space[first]
            total = prefix[stop] - base or 1
            starts.extend(
                start + span * (offset + spaced - base) // total
                for offset, spaced in zip(prefix[first:stop], space[first:stop], strict=True)
            )
        else:
            base = prefix[first]
            total = prefix[stop] - base - 1 or 1
            starts.extend(
                [start + span * (offset - base) // total for offset in prefix[first:stop]]
            )
    ends = starts[1:]
    ends.append(0)
    for _, stop, _, end in spans:
        ends[stop - 1] = end
    return starts, ends


def _has_dash(text: str) -> bool:
    """Whether ``text`` holds a dash that may open a line of dialogue (a cheap test before
    :data:`_DIALOGUE_DASH`)."""
    return "-" in text or "\u2013" in text or "\u2014" in text


def _mark_line_starts(
    visible: str, lines: list[str], counts: list[int], first: int, stream: _Stream
) -> None:
    """Note the words of a cue (``first`` onwards) that start a line after its first, and
    those lines that open with a dialogue dash (another speaker: a hard boundary).
    ``visible`` is the cue's text as shown (markup removed), ``lines`` its lines and
    ``counts`` their words."""
    count = sum(counts)
    at = first
    dashed = _has_dash(visible)
    dialogue = dashed and bool(_DIALOGUE_DASH.match(lines[0]))
    for words, following in zip(counts, lines[1:], strict=False):
        at += words
        if first < at < first + count:
            stream.line_starts.append(at)
            if dashed and _DIALOGUE_DASH.match(following):
                stream.turns.append(at)
                dialogue = True
    if dialogue:  # a cue of dialogue lines shares no cue with the text around it either
        stream.turns.extend(edge for edge in (first, first + count) if edge)


def _special_words(
    raw: str, limit: int
) -> tuple[list[str], list[tuple[_Run, ...] | None] | None, list[bool] | None, str]:
    """The words of a cue that may hold markup or words longer than a line: the shown
    words, their markup (None if there is none), which have a space before them (None if
    all do) and the cue's text as shown."""
    marked = _split_marked(raw) if "<" in raw or "{\\" in raw else None
    word_runs: list[tuple[_Run, ...] | None] | None = None
    visible = raw
    if marked is None:
        shown = words_of(raw)
    else:
        pairs, visible = marked
        shown = [word for word, _ in pairs]
        word_runs = [runs for _, runs in pairs]
    if not shown or max(map(len, shown)) <= limit:
        return shown, word_runs, None, visible
    shown, word_runs, glue = _cut_wide(shown, word_runs, limit)
    return shown, word_runs, None if all(glue) else glue, visible


def _cut_wide(
    shown: list[str], runs: list[tuple[_Run, ...] | None] | None, limit: int
) -> tuple[list[str], list[tuple[_Run, ...] | None], list[bool]]:
    """Plain words longer than a line that are written without spaces, cut in pieces."""
    new_shown: list[str] = []
    new_runs: list[tuple[_Run, ...] | None] = []
    glue: list[bool] = []
    for word, word_runs in zip(shown, runs or itertools.repeat(None), strict=False):
        if len(word) > limit and word_runs is None and any(_is_wide(c) for c in word):
            for number, piece in enumerate(_split_wide(word, limit)):
                new_shown.append(piece)
                new_runs.append(None)
                glue.append(number == 0)
        else:
            new_shown.append(word)
            new_runs.append(word_runs)
            glue.append(True)
    return new_shown, new_runs, glue


def _aligned_words(
    words: Sequence[Word], shown: list[str], start: int, end: int
) -> list[Word] | None:
    """One word record per shown word when the source's words cut the same characters
    otherwise (text without spaces, a recognizer's ``okay`` + ``-ish.``): each runs from
    the start of the source word its first character is in to the end of the one its
    last is in. None when the characters differ."""
    if "".join(word.text for word in words) != "".join(shown):
        return None
    timed = _given_times(words, start, end)
    owner = [k for k, word in enumerate(words) for _ in word.text]
    aligned = []
    at = 0
    for piece in shown:
        aligned.append(Word(piece, timed[owner[at]][0], timed[owner[at + len(piece) - 1]][1]))
        at += len(piece)
    return aligned


def _given_times(words: Sequence[Word], start: int, end: int) -> list[tuple[int, int]]:
    """Word times from the source, kept inside the cue, in order; gaps interpolated."""
    count = len(words)
    starts: list[int | None] = [w.start_ms for w in words]
    ends: list[int | None] = [w.end_ms for w in words]
    known = [k for k in range(count) if starts[k] is not None]
    result: list[tuple[int, int]] = []
    previous = start
    for k in range(count):
        word_start = starts[k]
        if word_start is None:
            at = bisect.bisect_left(known, k)  # k is not in known: a search, not a scan
            before = known[at - 1] if at else None
            after = known[at] if at < len(known) else None
            low = previous if before is None else max(previous, ends[before] or previous)
            high = end if after is None else (starts[after] or end)
            word_start = low + (max(high, low) - low) // 2
        word_start = min(max(word_start, previous, start), end)
        word_end = ends[k]
        if word_end is None:
            # Unknown (a recognizer's last chunk, a WhisperX number): until the next
            # word starts, or the cue ends.
            following = starts[k + 1] if k + 1 < count else None
            word_end = end if following is None else following
        word_end = min(max(word_end, word_start), end)
        result.append((word_start, word_end))
        previous = word_start
    # A word that ends after the next one starts (a recognizer's 9.5 s "Well,") ends
    # there: ends then never go back, and a cue is weighed by its own words' times.
    for k in range(count - 1):
        if result[k][1] > result[k + 1][0]:
            result[k] = (result[k][0], max(result[k][0], result[k + 1][0]))
    return result


# ------------------------------------------------------------------------ break classes


WEAK = 5
"""Added to a gap's break class when the word before it is a weak end (an article, a
preposition, a possessive): a gap's *code* is its class plus this, or not."""


def _gap_codes() -> list[int]:
    """Code of a gap from (what the word before says) * 10 + (what the word after says).

    Before: 0 ends a sentence by its own punctuation (CJK), 1 ends a clause, 2 ends in a
    full stop (a sentence end unless a small letter follows), 3 says nothing, 4 says
    nothing and is a weak end. After: the class of the gap before it by what it is
    (connective, phrase, elsewhere), plus 5 when it starts with a small letter."""
    table = [ELSEWHERE] * 50
    for after in range(10):
        opens, small = after % 5, after >= 5
        table[after] = SENTENCE
        table[10 + after] = CLAUSE
        table[20 + after] = CLAUSE if small else SENTENCE
        table[30 + after] = opens
        table[40 + after] = opens + WEAK
    return table


_GAP_CODE = _gap_codes()
_CUE_TABLE = [
    CUE_BREAK_COST[code % WEAK] + (AFTER_WEAK_WORD_COST if code >= WEAK else 0)
    for code in range(2 * WEAK)
]
"""Gap code -> the cost of ending a cue there."""
_LINE_TABLE = [
    LINE_BREAK_COST[code % WEAK] + (AFTER_WEAK_WORD_LINE_COST if code >= WEAK else 0)
    for code in range(2 * WEAK)
]
"""Gap code -> the cost of breaking a line there."""
_SENTENCE_TABLE = [1 if code % WEAK == SENTENCE else 0 for code in range(2 * WEAK)]
"""Gap code -> whether it ends a sentence."""
_SHAPE = (EVEN_ENOUGH, UNEVEN_DIVISOR, PYRAMID_COST)
"""What the kernel needs to weigh two lines' balance, in the order it reads them."""
_GOOD = bytes(1 if code <= CONNECTIVE else 0 for code in range(256))
"""Gap code -> whether a cue may end there by its class alone (``bytes.translate``)."""


def _classify(text: list[str], table: BreakWords) -> list[int]:
    """The code of the gap after each word: its break class, plus WEAK after a weak end.

    What a word says about the gaps around it is worked out once per distinct word (speech
    repeats its words); the gaps are then looked up in C (``map``), not in a Python loop."""
    before, determiners, not_after = table.before, table.determiners, table.not_after
    abbreviations = table.abbreviations
    ahead: dict[str, int] = {}
    behind: dict[str, int] = {}
    for word in set(text):
        lower = word.lower()
        bare = lower.strip(_EDGE_PUNCTUATION)
        last = word[-1:]
        if last in _CJK_SENTENCE and word and _is_wide(word[0]):
            kind = 0
        elif last in _CJK_CLAUSE and word and _is_wide(word[0]):
            kind = 10
        elif _SENTENCE_END.search(word) and lower not in abbreviations:
            kind = 20
        elif _CLAUSE_END.search(word) or word in _DASHES:
            kind = 10
        elif bare in not_after or lower in not_after:
            kind = 40
        else:
            kind = 30
        ahead[word] = kind
        opens = CONNECTIVE if bare in before else PHRASE if bare in determiners else ELSEWHERE
        behind[word] = opens + (5 if word[:1].islower() else 0)
    if _kernel is not None:
        return _kernel.gap_codes(text, ahead, behind, _GAP_CODE, ELSEWHERE)  # one pass in C
    after = list(map(behind.__getitem__, itertools.islice(text, 1, None)))
    after.append(ELSEWHERE)
    return list(map(_GAP_CODE.__getitem__, map(operator.add, map(ahead.__getitem__, text), after)))


# ------------------------------------------------------------------------ the layout


@dataclass(frozen=True, slots=True)
class _Limits:
    """Thresholds in integer milliseconds and characters, rounded the way check compares."""

    line: int
    lines: int
    min_ms: int
    max_ms: int
    gap_ms: int
    cps: Fraction

    @classmethod
    def of(cls, thresholds: Thresholds) -> _Limits:
        return cls(
            line=thresholds.max_line_length,
            lines=thresholds.max_lines,
            min_ms=ceil(thresholds.min_duration * 1000),
            max_ms=floor(thresholds.max_duration * 1000),
            gap_ms=ceil(Fraction(thresholds.min_gap_frames * 1000) / thresholds.fps),
            cps=thresholds.max_cps,
        )

    def reading_ms(self, characters: int) -> int:
        """Shortest time in which ``characters`` can be read at ``max-cps`` (integers only:
        this runs for every cue the layout weighs)."""
        cps = self.cps
        return -(-characters * 1000 * cps.denominator // cps.numerator)


class _Layout:
    """The dynamic programme over one stream; prefix sums make each cue's cost O(1)."""

    def __init__(self, stream: _Stream, codes: list[int], limits: _Limits) -> None:
        self.stream = stream
        self.limits = limits
        count = len(stream.text)
        self.count = count
        self.space = stream.space
        self.prefix = stream.prefix
        arrays = None
        if _kernel is not None:
            with contextlib.suppress(OverflowError):  # else Python's ints, below
                arrays = _compiled_layout_arrays(stream, codes, limits)
        if arrays is None:
            arrays = _layout_arrays_python(stream, codes, limits)
        self.gap, _, effective, self.candidates = arrays
        """``gap[k]``: the silence before word k; ``candidates``: the gaps a cue may end
        at (:func:`_layout_arrays_python` says which)."""
        self.effective = effective
        """The code of the gap after each word, the source's line breaks and pauses
        counted (the DP's costs come from it through ``_CUE_TABLE`` and the others)."""
        capacity = limits.lines * (limits.line + 1)
        self.need = [limits.reading_ms(width) for width in range(capacity + 1)]
        self.tail = 0
        """Time after the last word that the last cue may be shown for (to ``Length``)."""
        self._arrays = (
            self.prefix,
            self.space,
            stream.start,
            stream.end,
            self.gap,
            effective,
            self.need,
            _CUE_TABLE,
            _LINE_TABLE,
            _SENTENCE_TABLE,
        )
        """The kernel's arrays, in the order ``convert/_reflow_kernel.c`` reads them."""

    # The arrays below serve the DP in Python (the compiled kernel derives its own from
    # ``effective``, ``gap`` and ``space``) and the rare layouts of more than two lines:
    # made when first asked for, so a run with the kernel never makes them.

    @functools.cached_property
    def opening(self) -> list[int]:
        """``opening[k]``: where word k's text starts, counting characters as ``prefix`` does
        (a cue from word k to word j-1 is ``prefix[j] - opening[k]`` characters wide)."""
        return list(map(operator.add, self.prefix, self.space))

    @functools.cached_property
    def silence(self) -> list[int]:
        """``silence[k]``: the silences before words 0..k, summed."""
        return list(itertools.accumulate(self.gap))

    @functools.cached_property
    def cue_cost(self) -> list[int]:
        """``cue_cost[k]``: the cost of a cue ending before word k (none at the edges)."""
        costs = [0, *map(_CUE_TABLE.__getitem__, self.effective)]
        costs[self.count] = 0
        return costs

    @functools.cached_property
    def line_cost(self) -> list[int]:
        """``line_cost[k]``: the cost of a line ending before word k (none at the edges)."""
        costs = [0, *map(_LINE_TABLE.__getitem__, self.effective)]
        costs[self.count] = 0
        return costs

    @functools.cached_property
    def sentences(self) -> list[int]:
        """``sentences[k]``: the sentence ends after words 0..k-1."""
        return list(
            itertools.accumulate(map(_SENTENCE_TABLE.__getitem__, self.effective), initial=0)
        )

    @functools.cached_property
    def _programme(self) -> tuple[list[int], list[int], list[int]]:
        """The Python DP's tables, by gap: the best cost of the cues up to it, that cost
        less the sentence ends before it, and where its last cue starts (one set for all
        blocks: each block writes only its own gaps)."""
        size = self.count + 1
        return [_INFINITY] * size, [_INFINITY] * size, [-1] * size

    def width(self, first: int, stop: int) -> int:
        """Characters of words first..stop-1 on one line."""
        return self.prefix[stop] - self.prefix[first] - self.space[first]

    def lines_for(self, first: int, stop: int) -> tuple[int, list[int]] | None:
        """The cheapest line breaks for words first..stop-1, or None if they cannot fit."""
        limit = self.limits.line
        width = self.width(first, stop)
        if width <= limit or stop - first == 1:
            return 0, []
        if self.limits.lines < 2:
            return None
        if width <= 2 * limit + 1:
            best = self._two_lines(first, stop)
            if best is not None or self.limits.lines == 2:
                return best
        if self.limits.lines == 2:
            return None
        return self._many_lines(first, stop)

    def _two_lines(self, first: int, stop: int) -> tuple[int, list[int]] | None:
        prefix, space, limit, effective = self.prefix, self.space, self.limits.line, self.effective
        base = prefix[first] + space[first]
        end_prefix = prefix[stop]
        # The second line fits when it starts at or after low; the first when before high.
        low = bisect.bisect_left(prefix, end_prefix - limit - 1, first + 1, stop)
        high = bisect.bisect_right(prefix, base + limit, first + 1, stop)
        best_cost, best_at = -1, -1
        for k in range(max(low - 1, first + 1), min(high + 1, stop)):
            top = prefix[k] - base
            bottom = end_prefix - prefix[k] - space[k]
            if top > limit or bottom > limit:
                continue
            difference = top - bottom if top > bottom else bottom - top
            cost = _LINE_TABLE[effective[k - 1]]  # first < k < stop: not an edge
            if difference > EVEN_ENOUGH:  # uneven lines cost more and more
                over = difference - EVEN_ENOUGH
                cost += over + over * over // UNEVEN_DIVISOR
            if top > bottom + EVEN_ENOUGH:
                cost += PYRAMID_COST
            if best_at < 0 or cost < best_cost:
                best_cost, best_at = cost, k
        return None if best_at < 0 else (best_cost, [best_at])

    def _many_lines(self, first: int, stop: int) -> tuple[int, list[int]] | None:
        """Up to ``max-lines`` lines, by a small dynamic programme (only for max-lines > 2)."""
        limit, most = self.limits.line, self.limits.lines
        target = self.width(first, stop) / most
        best: dict[tuple[int, int], tuple[float, list[int]]] = {(first, 0): (0.0, [])}
        for used in range(most):
            for (start, lines), (cost, breaks) in list(best.items()):
                if lines != used:
                    continue
                for stop_at in range(start + 1, stop + 1):
                    width = self.width(start, stop_at)
                    if width > limit and stop_at > start + 1:
                        break
                    extra = abs(width - target) + (self.line_cost[stop_at] if stop_at < stop else 0)
                    key = (stop_at, used + 1)
                    candidate = (cost + extra, [*breaks, stop_at] if stop_at < stop else breaks)
                    if key not in best or candidate[0] < best[key][0]:
                        best[key] = candidate
        finals = [value for (at, _), value in best.items() if at == stop]
        if not finals:
            return None
        cost, breaks = min(finals, key=lambda value: value[0])
        return round(cost), breaks

    def cues(self, first: int, stop: int) -> list[int]:
        """The cue boundaries for words first..stop-1 (a block: one speaker, one setting).

        The inner loop is the hot path of reflow, so it is written flat: no calls but one
        ``bisect`` for a two-line cue, whose line break is estimated near the middle (the
        exact layout of the chosen cues comes later, from :meth:`lines_for`). The cues a
        gap may end are those starting no further back than the limits reach; as the end
        moves on, so does that reach (``reach``), so no pair is tried twice.

        The loop runs compiled (``convert/_reflow_kernel.c``) where that was built, and here
        otherwise; both choose the same cues (tests/test_reflow_kernel.py)."""
        # a block starts and ends where a source cue does, so both are candidates
        low = bisect.bisect_left(self.candidates, first)
        candidates = self.candidates[low : bisect.bisect_right(self.candidates, stop, low)]
        if _kernel is not None:
            with contextlib.suppress(OverflowError):  # a number beyond 64 bits: Python's ints
                return self._compiled_cues(first, stop, candidates)
        return self._cues_python(first, stop, candidates)

    def _compiled_cues(self, first: int, stop: int, candidates: list[int]) -> list[int]:
        """:meth:`_cues_python`, compiled (the kernel must have been built)."""
        return _kernel.cues(candidates, self._numbers(first, stop), self._arrays, self.lines_for)

    def compiled_line_breaks(self, firsts: list[int], stops: list[int]) -> list[int]:
        """Where :meth:`lines_for` breaks each cue (words ``firsts[i]..stops[i]-1``),
        compiled: 0 for one line, the word the second line starts with, -1 where it says
        None, -2 where only it can say (more than two lines). The kernel must be built."""
        limits = self.limits
        return _kernel.line_breaks(
            firsts,
            stops,
            self.prefix,
            self.space,
            self.effective,
            _LINE_TABLE,
            limits.line,
            limits.lines,
            _SHAPE,
        )

    def _numbers(self, first: int, stop: int) -> tuple[int, ...]:
        """The kernel's numbers, in the order ``convert/_reflow_kernel.c`` reads them."""
        limits = self.limits
        return (
            first,
            stop,
            self.count,
            limits.line,
            limits.lines,
            limits.max_ms,
            limits.min_ms,
            limits.gap_ms,
            self.tail,
            limits.cps.numerator,
            limits.cps.denominator,
            CUE_COST,
            FRAGMENT_COST,
            TOO_SHORT_COST,
            SPEED_COST,
            SILENCE_SPANNED_COST,
            MIXED_SENTENCES_COST,
            NO_FIT_COST,
            _INFINITY,
            *_SHAPE,
            SILENCE_FREE_MS,
            SILENCE_STEP_MS,
            FRAGMENT_WORDS,
        )

    def _cues_python(self, first: int, stop: int, candidates: list[int]) -> list[int]:
        """:meth:`cues` in Python: the reference the compiled kernel is held to."""
        limits = self.limits
        prefix, gap, silence, opening = self.prefix, self.gap, self.silence, self.opening
        starts, ends = self.stream.start, self.stream.end
        cue_cost, sentences, line_cost = self.cue_cost, self.sentences, self.line_cost
        line, lines = limits.line, limits.lines
        capacity = lines * (line + 1)
        two_lines = 2 * line + 1
        max_ms, min_ms, gap_ms = limits.max_ms, limits.min_ms, limits.gap_ms
        need = self.need
        need_size = len(need)
        block_words = stop - first
        cost, ahead, back = self._programme
        infinity = _INFINITY
        cost[first] = 0
        # cost so far, less the sentence ends before: the first term of a cue's total
        ahead[first] = -MIXED_SENTENCES_COST * sentences[first]
        bisect_left = bisect.bisect_left
        count = self.count
        reach = guess = 0
        for position in range(1, len(candidates)):
            end = candidates[position]
            end_prefix = prefix[end]
            last_end = ends[end - 1]
            # the furthest start whose cue still fits the limits (word ends never go back,
            # as _given_times ends a word where the next starts: the reach only moves on)
            while reach < position:
                begin = candidates[reach]
                if end_prefix - opening[begin] > capacity or last_end - starts[begin] > max_ms:
                    reach += 1
                else:
                    break
            nearest = position - 1
            if reach > nearest:
                # nothing fits but, perhaps, a single word
                reach_here = nearest if candidates[nearest] == end - 1 else position
            else:
                reach_here = reach
            best, best_start = infinity, -1
            after = gap[end] - gap_ms if end < count else self.tail
            base = (cue_cost[end] if end < stop else 0) + CUE_COST
            after = after if after > 0 else 0
            end_strong = end == stop or cue_cost[end] == 0
            end_silence = silence[end - 1]
            # with the sentence ends inside the cue: ahead[begin] holds -MIXED * sentences
            base += MIXED_SENTENCES_COST * sentences[end - 1]
            # The best start of the previous end first (it is this end's best more often
            # than not), so that most other starts are dropped at the first term; then the
            # nearer ones, then the further ones. Among equal totals the nearest start wins.
            tried = candidates[reach_here:position]
            if reach_here < guess < position:
                tried = tried[guess - reach_here :] + tried[: guess - reach_here]
            for begin in tried:
                total = ahead[begin] + base
                if total > best:
                    continue  # every other term only adds
                width = end_prefix - opening[begin]
                if (
                    end - begin <= FRAGMENT_WORDS
                    and block_words > 2
                    and not (end_strong and (begin == first or cue_cost[begin] == 0))
                ):
                    total += FRAGMENT_COST
                span = last_end - starts[begin]
                shown = span + after
                if shown < min_ms:
                    total += TOO_SHORT_COST
                needed = need[width] if width < need_size else limits.reading_ms(width)
                if shown < needed:
                    total += SPEED_COST * (needed - shown) // needed
                spanned = end_silence - silence[begin]
                if spanned > SILENCE_FREE_MS:
                    total += SILENCE_SPANNED_COST * (spanned - SILENCE_FREE_MS) // SILENCE_STEP_MS
                if total > best:
                    continue  # the line break can only add: weigh it last
                if width > line and end - begin > 1:
                    if lines < 2:
                        continue
                    if width > two_lines:
                        layout = self.lines_for(begin, end)
                        if layout is None:
                            continue
                        total += layout[0]
                    else:  # the feasible line break nearest the middle, or the one before
                        top_start = opening[begin]
                        k = bisect_left(prefix, (top_start + end_prefix) >> 1, begin + 1, end)
                        split = infinity
                        # k - 1, k and k + 1, written out (begin < k <= end holds)
                        if k - 1 > begin:
                            top = prefix[k - 1] - top_start
                            bottom = end_prefix - opening[k - 1]
                            if top <= line and bottom <= line:
                                uneven = top - bottom if top > bottom else bottom - top
                                split = line_cost[k - 1]
                                if uneven > EVEN_ENOUGH:
                                    over = uneven - EVEN_ENOUGH
                                    split += over + over * over // UNEVEN_DIVISOR
                        if k < end:
                            top = prefix[k] - top_start
                            bottom = end_prefix - opening[k]
                            if top <= line and bottom <= line:
                                uneven = top - bottom if top > bottom else bottom - top
                                here = line_cost[k]
                                if uneven > EVEN_ENOUGH:
                                    over = uneven - EVEN_ENOUGH
                                    here += over + over * over // UNEVEN_DIVISOR
                                if here < split:
                                    split = here
                            if k + 1 < end:
                                top = prefix[k + 1] - top_start
                                bottom = end_prefix - opening[k + 1]
                                if top <= line and bottom <= line:
                                    uneven = top - bottom if top > bottom else bottom - top
                                    here = line_cost[k + 1]
                                    if uneven > EVEN_ENOUGH:
                                        over = uneven - EVEN_ENOUGH
                                        here += over + over * over // UNEVEN_DIVISOR
                                    if here < split:
                                        split = here
                        if split >= infinity:
                            layout = self.lines_for(begin, end)
                            if layout is None:
                                continue
                            split = layout[0]
                        total += split
                if total < best or (total == best and begin > best_start):
                    best, best_start = total, begin
            if best_start < 0:  # nothing fits the limits: the shortest cue, at a price
                best_start = candidates[nearest]
                best = cost[best_start] + NO_FIT_COST
            cost[end] = best
            ahead[end] = best - MIXED_SENTENCES_COST * sentences[end]
            back[end] = best_start
            guess = bisect_left(candidates, best_start, reach_here, position)
        cuts = [stop]
        at = stop
        while at != first:
            at = back[at]
            cuts.append(at)
        cuts.reverse()
        return cuts


def _layout_arrays_python(
    stream: _Stream, codes: list[int], limits: _Limits
) -> tuple[list[int], list[int], list[int], list[int]]:
    """What the DP needs besides the words' widths and times: the silence before each word
    (``gap``), the words after a pause (``pauses``), each gap's code with the source's
    line breaks and pauses counted (``effective``), and the gaps a cue may end at
    (``candidates``). The reference of the compiled ``layout_arrays``."""
    count = len(stream.text)
    starts, ends = stream.start, stream.end
    # gap[k]: silence before word k. Words of one cue timed by characters follow each
    # other without one, so only a cue's first word and words with their own times
    # can have a silence before them.
    gap = [0] * (count + 1)
    firsts = stream.cue_firsts[1:]
    silences = list(
        map(
            operator.sub,
            map(starts.__getitem__, firsts),
            map(ends.__getitem__, map(_BEFORE, firsts)),
        )
    )
    some = list(map((0).__lt__, silences))  # only those: most cues follow on, or overlap
    for first, silence in zip(
        itertools.compress(firsts, some), itertools.compress(silences, some), strict=True
    ):
        gap[first] = silence
    for first, stop in stream.timed:
        for k in range(max(first, 1), stop):
            silence = starts[k] - ends[k - 1]
            gap[k] = silence if silence > 0 else 0
    # the class of each gap, a long enough silence making it better
    pauses = [k for k in itertools.compress(range(count + 1), gap) if gap[k] >= PAUSE_CLAUSE_MS]
    effective = list(codes)
    for k in stream.line_starts:
        # a line break the source made: at least a clause break (a subtitler's line,
        # a transcript's segment), a weak end before it still weak
        code = effective[k - 1]
        if code % WEAK > CLAUSE:
            effective[k - 1] = CLAUSE + code - code % WEAK
    for k in pauses:
        code = effective[k - 1]
        weak = code - code % WEAK
        if gap[k] >= PAUSE_SENTENCE_MS:
            effective[k - 1] = SENTENCE + weak
        elif code % WEAK > CLAUSE:
            effective[k - 1] = CLAUSE + weak
    return gap, pauses, effective, _candidates(stream, codes, pauses, limits)


def _compiled_layout_arrays(
    stream: _Stream, codes: list[int], limits: _Limits
) -> tuple[list[int], list[int], list[int], list[int]]:
    """:func:`_layout_arrays_python`, compiled (the kernel must have been built)."""
    return _kernel.layout_arrays(
        codes,
        stream.start,
        stream.end,
        stream.cue_firsts,
        stream.timed,
        stream.line_starts,
        stream.prefix,
        limits.line,
        limits.max_ms,
        (PAUSE_CLAUSE_MS, PAUSE_SENTENCE_MS, WEAK, SENTENCE, CLAUSE, CONNECTIVE),
    )


def _candidates(stream: _Stream, codes: list[int], pauses: list[int], limits: _Limits) -> list[int]:
    """Gaps a cue may end at, over the whole stream: the good ones (a clause or better
    after a word that is not a weak end, a pause, the start of a source cue or of one of
    its lines), and every gap in a stretch without one that is longer than a line or
    than ``max-duration``."""
    count = len(codes)
    if not count:
        return [0]
    good = set(itertools.compress(range(1, count + 1), bytes(codes).translate(_GOOD)))
    good.update(stream.cue_firsts)
    good.update(stream.line_starts)
    good.update(pauses)
    good.discard(count)
    good.add(0)
    ordered = sorted(good)
    ordered.append(count)
    # a stretch between two good gaps wider than a line or longer than max-duration
    # may end a cue anywhere: found by comparing all neighbours in C, then filled in
    prefix, reach = stream.prefix, limits.line
    starts, ends, longest = stream.start, stream.end, limits.max_ms
    at_prefix = list(map(prefix.__getitem__, ordered))
    wide = map(reach.__lt__, map(operator.sub, at_prefix[1:], at_prefix))
    lasting = map(
        longest.__lt__,
        map(
            operator.sub,
            map(ends.__getitem__, map(_BEFORE, ordered[1:])),
            map(starts.__getitem__, ordered),
        ),
    )
    stretches = list(itertools.compress(range(len(ordered) - 1), map(operator.or_, wide, lasting)))
    if not stretches:
        return ordered
    out: list[int] = []
    done = 0
    for index in stretches:
        out.extend(ordered[done : index + 1])
        out.extend(range(ordered[index] + 1, ordered[index + 1]))
        done = index + 1
    out.extend(ordered[done:])
    return out


# ------------------------------------------------------------------------ text and times


def _bodies(
    stream: _Stream, layout: _Layout, firsts: list[int], stops: list[int], widths: list[int]
) -> tuple[list[str], list[int]]:
    """The text of each chosen cue, its lines broken where :meth:`_Layout.lines_for`
    says, and how many line breaks it has. The kernel breaks two-line cues and joins the
    plain ones; the rest (markup, text without spaces, more lines) go through
    :func:`_render`, as all do without the kernel."""
    line = layout.limits.line
    count = len(firsts)
    splits = [-2] * count
    bodies: list[str | None] = [None] * count
    if _kernel is not None:
        with contextlib.suppress(OverflowError):
            splits = layout.compiled_line_breaks(firsts, stops)
            bodies = _compiled_bodies(stream, firsts, stops, splits)
    line_breaks = [1 if split > 0 else 0 for split in splits]
    for number in [number for number, body in enumerate(bodies) if body is None]:
        first, stop, split = firsts[number], stops[number], splits[number]
        breaks: list[int] = []
        if widths[number] > line and stop - first > 1:
            if split == -2:
                lines = layout.lines_for(first, stop)
                breaks = lines[1] if lines is not None else []
            elif split > 0:
                breaks = [split]
        bodies[number] = _render(stream, first, stop, breaks)
        line_breaks[number] = len(breaks)
    return typing.cast(list[str], bodies), line_breaks  # every None was rendered above


def _compiled_bodies(
    stream: _Stream, firsts: list[int], stops: list[int], splits: list[int]
) -> list[str | None]:
    """The text of each cue whose words are plain, compiled, lines broken before
    ``splits[i]`` where that is above 0; None for the others, which :func:`_render` writes
    (as it would all of them). The kernel must have been built."""
    # the next word with markup or without a space before it: cues before it are plain
    special = sorted({*stream.marked, *stream.unspaced})
    special.append(len(stream.text))
    return _kernel.cue_bodies(stream.text, firsts, stops, splits, special)


def _render(stream: _Stream, first: int, stop: int, breaks: list[int]) -> str:
    """Words first..stop-1 as cue text, lines broken before the words in ``breaks``."""
    text, runs, space = stream.text, stream.runs, stream.space
    if not stream.any_marked(first, stop):
        if stream.all_spaced(first, stop):  # plain words with spaces: join each line
            if not breaks:
                return " ".join(text[first:stop])
            bounds = [first, *breaks, stop]
            return "\n".join(" ".join(text[begin:end]) for begin, end in itertools.pairwise(bounds))
        out: list[str] = []
        for k in range(first, stop):
            if k != first:
                if k in breaks:
                    out.append("\n")
                elif space[k]:
                    out.append(" ")
            out.append(text[k])
        return "".join(out)
    parts: list[str] = []
    open_tags: tuple[str, ...] = ()
    for k in range(first, stop):
        separator = "" if k == first else ("\n" if k in breaks else (" " if space[k] else ""))
        word_runs = runs.get(k)
        if word_runs is None:  # a plain word: the open tags close before its separator
            if open_tags:
                parts.extend(map(_close, reversed(open_tags)))
                open_tags = ()
            parts.append(separator)
            parts.append(text[k])
            continue
        if len(word_runs) == 1 and word_runs[0].tags == open_tags:  # inside the same tags
            parts.append(separator)
            parts.append(word_runs[0].raw)
            continue
        for number, run in enumerate(word_runs):
            if run.tags != open_tags:
                common = 0
                while (
                    common < len(run.tags)
                    and common < len(open_tags)
                    and run.tags[common] == open_tags[common]
                ):
                    common += 1
                parts.extend(map(_close, reversed(open_tags[common:])))
                if number == 0:
                    parts.append(separator)
                    separator = ""
                parts.extend(run.tags[common:])
                open_tags = run.tags
            if number == 0 and separator:
                parts.append(separator)
                separator = ""
            parts.append(run.raw)
    parts.extend(map(_close, reversed(open_tags)))
    return "".join(parts)


@functools.cache
def _close(tag: str) -> str:
    """The closing tag of an opening one (``<c.yellow>`` -> ``</c>``); remembered, as a
    file's few tags close again and again."""
    name = re.match(r"<([A-Za-z]+)", tag)
    return f"</{name.group(1) if name else ''}>"


def _chosen_times(
    bounds: list[int], stream: _Stream, layout: _Layout, starts_of: list[int]
) -> tuple[list[int], list[int], list[int], list[int]]:
    """The start, end, width and source cue of each chosen cue (words ``bounds[i]`` to
    ``bounds[i + 1] - 1``); ``starts_of`` are the source cues' starts and the time after
    the last. Compiled where the kernel is, else :func:`_chosen_times_python`."""
    if _kernel is not None:
        with contextlib.suppress(OverflowError):  # else Python's ints, below
            return _compiled_chosen_times(bounds, stream, layout, starts_of)
    return _chosen_times_python(bounds, stream, layout, starts_of)


def _compiled_chosen_times(
    bounds: list[int], stream: _Stream, layout: _Layout, starts_of: list[int]
) -> tuple[list[int], list[int], list[int], list[int]]:
    """:func:`_chosen_times_python`, compiled (the kernel must have been built)."""
    limits = layout.limits
    return _kernel.chosen_times(
        bounds,
        stream.segment,
        stream.start,
        stream.end,
        stream.prefix,
        stream.space,
        starts_of,
        layout.need,
        limits.min_ms,
        limits.max_ms,
        limits.gap_ms,
        limits.cps.numerator,
        limits.cps.denominator,
    )


def _chosen_times_python(
    bounds: list[int], stream: _Stream, layout: _Layout, starts_of: list[int]
) -> tuple[list[int], list[int], list[int], list[int]]:
    """:func:`_chosen_times` in Python: the reference of the compiled ``chosen_times``.

    A cue comes in as its first word's start and last word's end; it may start as early
    as the start of its first word's source cue (``earliest``) and end as late as the start
    of the source cue after its last word's (``latest``). Within those, each cue is widened
    for ``min-duration`` and reading speed into silence, or into the spare time of a cue it
    is chained to, then chained or kept ``min-gap-frames`` apart, and capped."""
    segment, prefix, space = stream.segment, stream.prefix, stream.space
    firsts, stops = bounds[:-1], bounds[1:]
    lasts = list(map(_BEFORE, stops))
    # per new cue, in C: times of its words, its width, and the time its source cues allow
    origins = list(map(segment.__getitem__, firsts))
    starts = list(map(stream.start.__getitem__, firsts))
    ends = list(map(stream.end.__getitem__, lasts))
    widths = list(
        map(
            operator.sub,
            map(prefix.__getitem__, stops),
            map(operator.add, map(prefix.__getitem__, firsts), map(space.__getitem__, firsts)),
        )
    )
    earliest = list(map(min, map(starts_of.__getitem__, origins), starts))
    following = map(_AFTER, map(segment.__getitem__, lasts))
    latest = list(map(max, map(starts_of.__getitem__, following), ends))
    limits = layout.limits
    min_ms, max_ms, gap_ms = limits.min_ms, limits.max_ms, limits.gap_ms
    clamped = [min(max_ms, max(min_ms, reading)) for reading in layout.need]
    if max(widths, default=0) < len(clamped):
        need = list(map(clamped.__getitem__, widths))
    else:  # a word longer than a cue can hold
        need = [min(max_ms, max(min_ms, limits.reading_ms(width))) for width in widths]
    _times_python(starts, ends, need, earliest, latest, max_ms, gap_ms)
    return starts, ends, widths, origins


def _times_python(
    starts: list[int],
    ends: list[int],
    need: list[int],
    earliest: list[int],
    latest: list[int],
    max_ms: int,
    gap_ms: int,
) -> None:
    """The last step of :func:`_chosen_times_python`, once the time each cue needs
    (``need``) is known: the final starts and ends, in place."""
    count = len(starts)
    for k in range(count - 1):  # never overlap; starts never go backwards
        if starts[k + 1] < starts[k]:
            starts[k + 1] = starts[k]
        if ends[k] > starts[k + 1]:
            ends[k] = starts[k + 1]
    for k in range(count):
        if ends[k] - starts[k] < need[k]:
            # widen into the silence after, chaining to the next cue when that is closer
            following = starts[k + 1] if k + 1 < count else latest[k]
            target = starts[k] + need[k]
            if k + 1 < count and target > following - gap_ms:
                target = following
            ends[k] = max(ends[k], min(target, following, max(latest[k], ends[k])))
        if ends[k] - starts[k] < need[k] and k > 0:
            # then into the silence before, or the spare time of a chained previous cue
            if ends[k - 1] == starts[k]:
                floor_start = max(earliest[k], starts[k - 1] + need[k - 1])
            elif ends[k - 1] + gap_ms <= starts[k]:
                floor_start = max(earliest[k], ends[k - 1] + gap_ms)
            else:
                floor_start = starts[k]
            new_start = max(floor_start, starts[k] - (need[k] - (ends[k] - starts[k])))
            if new_start < starts[k]:
                if ends[k - 1] == starts[k]:
                    ends[k - 1] = new_start
                starts[k] = new_start
        if ends[k] - starts[k] < need[k] and k + 1 < count and ends[k] == starts[k + 1]:
            # last, the spare time of a chained next cue
            boundary = min(starts[k] + need[k], latest[k], ends[k + 1] - need[k + 1])
            if boundary > ends[k]:
                ends[k] = starts[k + 1] = boundary
    for k in range(count):
        if ends[k] - starts[k] > max_ms:
            ends[k] = starts[k] + max_ms
        if k + 1 < count:
            space = starts[k + 1] - ends[k]
            if 0 < space < gap_ms:
                if starts[k + 1] - starts[k] <= max_ms:
                    ends[k] = starts[k + 1]
                else:
                    ends[k] = starts[k + 1] - gap_ms
        if ends[k] <= starts[k]:
            ends[k] = starts[k] + 1
            if k + 1 < count and starts[k + 1] < ends[k]:
                starts[k + 1] = ends[k]


# ------------------------------------------------------------------------ the function


def reflow(
    doc: Document, thresholds: Thresholds | None = None, *, language: str | None = None
) -> Document:
    """A copy of ``doc`` whose cues are re-cut to meet ``thresholds`` (check's limits).

    Every word is kept, in order and unchanged; markup is closed and reopened across
    cuts; a cue never holds two speakers' words. ``language`` picks the break-word lists
    (``en``, ``de``, ``es``, ``cy``; guessed from the text when None). A cue without an
    end (a transcript's) may be shown until the next one starts, the last until
    ``doc.length_ms``; its words are taken to be said at ``SLOWEST_CPS`` characters per
    second or faster. The copy's ``problems`` gain one W103 warning when some cues still
    read faster than ``max-cps``, and one W101 warning when some are shown for less than
    ``min-duration`` (speech too fast to slow down without dropping words).
    """
    thresholds = thresholds or Thresholds()
    if not isinstance(thresholds, Thresholds):
        raise TypeError(f"reflow() needs Thresholds, not {thresholds!r}")
    _check_limits(thresholds)
    if language is not None and language not in LANGUAGES:
        known = ", ".join(sorted(LANGUAGES))
        raise ValueError(f"reflow() knows the languages {known}, not {language!r}")
    with _collector_paused():
        return _reflow(doc, thresholds, language)


def _check_limits(thresholds: Thresholds) -> None:
    """Refuse limits no caption can meet (the configuration refuses them too; a caller of
    the API may pass anything)."""
    problems = [
        f"{name} must be {rule}, not {value}"
        for name, value, rule, fine in (
            (
                "max_line_length",
                thresholds.max_line_length,
                "1 or more",
                thresholds.max_line_length >= 1,
            ),
            ("max_lines", thresholds.max_lines, "1 or more", thresholds.max_lines >= 1),
            ("max_cps", thresholds.max_cps, "above 0", thresholds.max_cps > 0),
            ("max_duration", thresholds.max_duration, "above 0", thresholds.max_duration > 0),
            ("min_duration", thresholds.min_duration, "0 or more", thresholds.min_duration >= 0),
            (
                "min_gap_frames",
                thresholds.min_gap_frames,
                "0 or more",
                thresholds.min_gap_frames >= 0,
            ),
            ("fps", thresholds.fps, "above 0", thresholds.fps > 0),
        )
        if not fine
    ]
    if problems:
        raise ValueError("reflow(): " + "; ".join(problems))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reflow makes millions of small objects that hold no reference cycles; Python's
    cycle collector would walk them again and again as they pile up (a third of the time
    on a long file), so it waits until reflow is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _reflow(doc: Document, thresholds: Thresholds, language: str | None) -> Document:
    limits = _Limits.of(thresholds)
    source = doc.cues
    stream = _stream(source, limits.line, doc.length_ms)
    count = len(stream.text)
    result = detached(doc, [])
    if count == 0:
        return result
    sample = [word.lower().strip(_EDGE_PUNCTUATION) for word in stream.text[:400]]
    table = LANGUAGES.get(language or "", None) or LANGUAGES[guess_language(sample)]
    layout = _Layout(stream, _classify(stream.text, table), limits)
    open_end = doc.length_ms if doc.length_ms is not None else stream.end[-1] + limits.max_ms
    if doc.length_ms is not None or source[-1].end_ms is None:
        layout.tail = max(open_end - stream.end[-1], 0)  # known to be there, or ours to take
    segment = stream.segment
    bounds = [0]
    block_start = 0
    for k in _block_ends(source, stream):
        bounds.extend(itertools.islice(layout.cues(block_start, k), 1, None))
        block_start = k
    firsts, stops = bounds[:-1], bounds[1:]
    starts_of = [cue.start_ms for cue in source]
    starts_of.append(open_end)
    starts, ends, widths, origins = _chosen_times(bounds, stream, layout, starts_of)
    bodies, line_breaks = _bodies(stream, layout, firsts, stops, widths)
    origin_cues = list(map(source.__getitem__, origins))
    if any(cue.text.startswith("{\\") for cue in source):
        for number, (first, index) in enumerate(zip(firsts, origins, strict=True)):
            if first and segment[first - 1] == index:
                placed = _position_override(source[index].text)
                if placed:  # a later piece of a cue placed with {\an8}: placed the same
                    bodies[number] = placed + bodies[number]
    ids: Iterable[str | None] = itertools.repeat(None)
    if any(cue.id for cue in source):  # a source cue's id goes to the first of its pieces
        used_ids: set[str] = set()
        ids = []
        for origin in origin_cues:
            if origin.id and origin.id not in used_ids:
                used_ids.add(origin.id)
                ids.append(origin.id)
            else:
                ids.append(None)
    words_by_cue: Iterable[list[Word] | None] = itertools.repeat(None)
    if stream.words is not None:  # the source's word records, where every word has one
        pieces = map(stream.words.__getitem__, map(slice, firsts, stops))
        words_by_cue = [
            [word for word in some if word is not None] if None not in some else None
            for some in pieces
        ]
    result.cues.extend(
        map(
            Cue,
            starts,
            ends,
            bodies,
            map(operator.attrgetter("line"), origin_cues),
            ids,
            map(operator.attrgetter("settings"), origin_cues),
            map(operator.attrgetter("speaker"), origin_cues),
            words_by_cue,
            map(operator.attrgetter("native"), origin_cues),
        )
    )
    # characters as check counts them for W103: a line break's space left out
    shown_widths = list(map(operator.sub, widths, line_breaks))
    cps_num, cps_den = limits.cps.numerator, limits.cps.denominator
    over = sum(
        width * 1000 * cps_den > cps_num * (end - start)
        for width, start, end in zip(shown_widths, starts, ends, strict=True)
    )
    if doc.vtt_notes:
        first_cue_of: dict[int, int] = {}
        for first, stop, index in zip(firsts, stops, origins, strict=True):
            for k in range(first, stop):
                first_cue_of.setdefault(segment[k], source[index].line)
    if doc.vtt_notes:
        by_line = {source[index].line: line for index, line in first_cue_of.items()}
        result.vtt_notes = [
            (by_line.get(anchor, anchor) if anchor is not None else None, note)
            for anchor, note in doc.vtt_notes
        ]
    too_short = sum(end - start < limits.min_ms for start, end in zip(starts, ends, strict=True))
    if too_short:
        result.problems.append(
            Problem(
                None,
                f"reflow: {too_short} of {len(result.cues)} cues are shown for less than "
                f"{float(thresholds.min_duration):.3g} s; the speech around them leaves no "
                "more time, and no word is dropped to make some",
                code="W101",
            )
        )
    if over:
        result.problems.append(
            Problem(
                None,
                f"reflow: {over} of {len(result.cues)} cues still read faster than "
                f"{float(thresholds.max_cps):g} characters per second; the speech is that "
                "fast, and no word is dropped to slow it",
                code="W103",
            )
        )
    return result


def _block_ends(source: Sequence[Cue], stream: _Stream) -> list[int]:
    """Where each run of words that may share cues ends (the last is the stream's end)."""
    ends: list[int] = []
    previous: Cue | None = None
    segment = stream.segment
    one_block = (  # but for dialogue: the common case, found without a call per cue
        len({cue.speaker for cue in source}) < 2
        and len({cue.settings for cue in source}) < 2
        and not any(cue.text.startswith((SPEAKER_CHANGE, "{\\")) for cue in source)
        and len({_native_style(cue) for cue in source}) < 2
    )
    if not one_block:
        for first in stream.cue_firsts:
            cue = source[segment[first]]
            if previous is not None and _hard_boundary(previous, cue):
                ends.append(first)
            previous = cue
    ends.append(len(segment))
    if stream.turns:
        ends = sorted({*ends, *stream.turns} - {0})
    return ends


def _hard_boundary(before: Cue, after: Cue) -> bool:
    """Words on either side never share a cue: another speaker, other cue settings,
    SubStation placement (``{\\an8}``) or style, or a cue that starts with ``>>`` (a
    speaker change whose speaker has no name)."""
    return before is not after and (
        before.speaker != after.speaker
        or before.settings != after.settings
        or after.text.startswith(SPEAKER_CHANGE)
        or _position_override(before.text) != _position_override(after.text)
        or _native_style(before) != _native_style(after)
    )


def _native_style(cue: Cue) -> tuple[object, object]:
    """A SubStation event's style and layer (another look on screen), read from the source
    format's own record; (None, None) for cues of other formats."""
    return getattr(cue.native, "style", None), getattr(cue.native, "layer", None)


_PLACEMENT = re.compile(r"\{[^{}]*\\(?:an\d|a\d{1,2}|pos\(|move\()[^{}]*\}")


def _position_override(text: str) -> str:
    r"""The override block at the start of a cue that places it (``{\an8}``, ``{\pos(..)}``):
    the cue's setting, as WebVTT's ``line:`` is; "" when it has none."""
    if not text.startswith("{\\"):
        return ""
    match = _PLACEMENT.match(text)
    return match.group(0) if match else ""


class _Module(types.ModuleType):
    """``convert.reflow`` is both this module and its function: importing the submodule
    makes Python set the package's ``reflow`` attribute to the module, so the module
    answers calls as the function does, and ``convert.reflow(doc)`` works either way."""

    def __call__(
        self, doc: Document, thresholds: Thresholds | None = None, *, language: str | None = None
    ) -> Document:
        return reflow(doc, thresholds, language=language)


sys.modules[__name__].__class__ = _Module

__all__ = ["reflow"]
