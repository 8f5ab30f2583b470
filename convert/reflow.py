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
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
import types
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from math import ceil, floor

from .breakwords import LANGUAGES, BreakWords, guess_language
from .config import Thresholds
from .errors import Problem, TimingError
from .markup import SPEAKER_CHANGE, scan_markup
from .model import Cue, Document, Word

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
"""Per 100 ms of silence inside a cue beyond half a second: text shown while nobody talks."""

_INFINITY = 1 << 62
NO_FIT_COST = 1_000_000
"""A cue that breaks a limit because nothing else fits (a word longer than a line)."""

PAUSE_CLAUSE_MS = 400
"""A silence this long between two words is at least a clause break."""
PAUSE_SENTENCE_MS = 1500
"""A silence this long is as good as a sentence end."""

_CLOSERS = "\"'\u201d\u2019\u00bb)\\]"
"""Closing quotes and brackets that may follow a sentence's or clause's punctuation."""
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


@dataclass(frozen=True, slots=True)
class _Run:
    """Part of a word under one stack of open tags; ``raw`` may hold void markup."""

    tags: tuple[str, ...]
    raw: str


class _Stream:
    """The words of a document in parallel lists (fast to scan, no object per word)."""

    __slots__ = ("end", "glue", "runs", "segment", "start", "text", "words")

    def __init__(self) -> None:
        self.text: list[str] = []
        """Each word as shown (markup removed)."""
        self.runs: list[tuple[_Run, ...] | None] = []
        """Each word with its markup, or None for plain text."""
        self.glue: list[bool] = []
        """Whether a space comes before the word (not between pieces of CJK text)."""
        self.start: list[int] = []
        self.end: list[int] = []
        self.segment: list[int] = []
        """Index of the source cue the word comes from."""
        self.words: list[Word | None] = []


# ------------------------------------------------------------------------ reading words


def _split_marked(text: str) -> list[tuple[str, tuple[_Run, ...]]]:
    """Words of marked-up text: each with its shown text and its runs of markup."""
    stack: list[tuple[str, str]] = []
    words: list[tuple[str, tuple[_Run, ...]]] = []
    runs: list[_Run] = []
    shown: list[str] = []
    pending_void = ""

    def finish() -> None:
        nonlocal runs, shown
        if runs:
            words.append(("".join(shown), tuple(runs)))
        runs, shown = [], []

    def add(raw: str, visible: str) -> None:
        nonlocal pending_void
        tags = tuple(tag for _, tag in stack)
        raw = pending_void + raw
        pending_void = ""
        if runs and runs[-1].tags == tags:
            runs[-1] = _Run(tags, runs[-1].raw + raw)
        else:
            runs.append(_Run(tags, raw))
        shown.append(visible)

    for kind, value, name in scan_markup(text):
        if kind == "text":
            pieces = re.split(r"(\s+)", value)
            for index, piece in enumerate(pieces):
                if index % 2:
                    finish()
                elif piece:
                    add(piece, piece)
        elif kind == "open":
            stack.append((name, value))
        elif kind == "close":
            for position in range(len(stack) - 1, -1, -1):
                if stack[position][0] == name:
                    del stack[position]
                    break
        else:  # void markup (a timestamp, an SSA override) stays with the next word
            if runs:
                add(value, "")
            else:
                pending_void += value
    if pending_void:
        if runs:
            add("", "")
        elif words:
            shown_text, word_runs = words[-1]
            last = word_runs[-1]
            words[-1] = (shown_text, (*word_runs[:-1], _Run(last.tags, last.raw + pending_void)))
    finish()
    return words


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


def _stream(cues: Sequence[Cue], limit: int) -> _Stream:
    """Every word of ``cues`` with its time, in order; times never go backwards."""
    stream = _Stream()
    text_out, runs_out, glue_out = stream.text, stream.runs, stream.glue
    start_out, end_out, seg_out, words_out = (
        stream.start,
        stream.end,
        stream.segment,
        stream.words,
    )
    floor_ms = cues[0].start_ms if cues else 0
    for index, cue in enumerate(cues):
        text = cue.text
        marked = "<" in text or "{\\" in text
        if marked:
            pairs = _split_marked(text)
            shown = [word for word, _ in pairs]
            runs: list[tuple[_Run, ...] | None] = [word_runs for _, word_runs in pairs]
        else:
            shown = text.split()
            runs = [None] * len(shown)
        if not shown:
            continue
        glue = [True] * len(shown)
        if max(map(len, shown)) > limit:
            shown, runs, glue = _cut_wide(shown, runs, limit)
        start = max(cue.start_ms, floor_ms)
        end = cue.end_ms if cue.end_ms is not None else start
        if index + 1 < len(cues):
            end = min(end, max(cues[index + 1].start_ms, start))
        end = max(end, start)
        word_starts, word_ends = _word_times(cue, shown, glue, start, end)
        count = len(shown)
        words = cue.words if cue.words is not None and len(cue.words) == count else None
        text_out.extend(shown)
        runs_out.extend(runs)
        glue_out.extend(glue)
        start_out.extend(word_starts)
        end_out.extend(word_ends)
        seg_out.extend(itertools.repeat(index, count))
        words_out.extend(words if words is not None else itertools.repeat(None, count))
        floor_ms = max(floor_ms, end_out[-1])
    return stream


def _cut_wide(
    shown: list[str], runs: list[tuple[_Run, ...] | None], limit: int
) -> tuple[list[str], list[tuple[_Run, ...] | None], list[bool]]:
    """Plain words longer than a line that are written without spaces, cut in pieces."""
    new_shown: list[str] = []
    new_runs: list[tuple[_Run, ...] | None] = []
    glue: list[bool] = []
    for word, word_runs in zip(shown, runs, strict=True):
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


def _word_times(
    cue: Cue, shown: list[str], glue: list[bool], start: int, end: int
) -> tuple[list[int], list[int]]:
    """Starts and ends of the words: the source's word times, else by characters (each
    word runs to the next one's start, so speech inside a cue has no gaps)."""
    words = cue.words
    if words is not None and len(words) == len(shown):
        timed = _given_times(words, start, end)
        return [pair[0] for pair in timed], [pair[1] for pair in timed]
    if len(shown) == 1:
        return [start], [end]
    # characters from one word's start to the next one's: the word and the space after it
    if all(glue):
        lengths = [len(word) + 1 for word in shown]
    else:
        pairs = zip(shown, glue[1:], strict=False)
        lengths = [len(word) + (1 if spaced else 0) for word, spaced in pairs]
        lengths.append(0)
    lengths[-1] = len(shown[-1])
    offsets = list(itertools.accumulate(lengths, initial=0))
    span = end - start
    total = offsets[-1] or 1
    bounds = [start + span * offset // total for offset in offsets]
    bounds[-1] = end
    return bounds[:-1], bounds[1:]


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
            before = max((j for j in known if j < k), default=None)
            after = min((j for j in known if j > k), default=None)
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
    return result


# ------------------------------------------------------------------------ break classes


_ENDS_SENTENCE = -1
"""A word's own class when it ends in a full stop: a sentence end unless a small letter follows."""


def _classify(text: list[str], table: BreakWords) -> tuple[list[int], list[bool]]:
    """For each gap after word k: its break class, and whether word k is a weak end.

    What a word says about the gaps around it is worked out once per distinct word (speech
    repeats its words), so each gap costs two dictionary look-ups."""
    before, determiners, not_after = table.before, table.determiners, table.not_after
    abbreviations = table.abbreviations
    known: dict[str, tuple[int | None, bool, int, bool]] = {}

    def learn(word: str) -> tuple[int | None, bool, int, bool]:
        """(class of the gap after it by its own punctuation or None, starts with a small
        letter, class of the gap before it by what it is, weak end)."""
        lower = word.lower()
        bare = lower.strip(_EDGE_PUNCTUATION)
        last = word[-1:]
        own: int | None = None
        if last in _CJK_SENTENCE and word and _is_wide(word[0]):
            own = SENTENCE
        elif last in _CJK_CLAUSE and word and _is_wide(word[0]):
            own = CLAUSE
        elif _SENTENCE_END.search(word) and lower not in abbreviations:
            own = _ENDS_SENTENCE
        elif _CLAUSE_END.search(word) or word in _DASHES:
            own = CLAUSE
        opens = CONNECTIVE if bare in before else PHRASE if bare in determiners else ELSEWHERE
        weak = own is None and (bare in not_after or lower in not_after)
        facts = (own, word[:1].islower(), opens, weak)
        known[word] = facts
        return facts

    facts = [known.get(word) or learn(word) for word in text]
    facts.append((None, False, ELSEWHERE, False))
    classes = [
        (
            here[0]
            if here[0] is not None and here[0] != _ENDS_SENTENCE
            else (CLAUSE if after[1] else SENTENCE)
            if here[0] == _ENDS_SENTENCE
            else after[2]
        )
        for here, after in itertools.pairwise(facts)
    ]
    weak = [here[3] for here in facts[:-1]]
    return classes, weak


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

    def __init__(
        self,
        stream: _Stream,
        classes: list[int],
        weak: list[bool],
        limits: _Limits,
    ) -> None:
        self.stream = stream
        self.limits = limits
        count = len(stream.text)
        self.count = count
        glue = stream.glue
        # prefix[k]: characters of words 0..k-1, each with the space before it.
        self.space = space = [1 if g else 0 for g in glue]
        self.prefix = list(
            itertools.accumulate(
                (len(word) + spaced for word, spaced in zip(stream.text, space, strict=True)),
                initial=0,
            )
        )
        space.append(0)
        starts, ends = stream.start, stream.end
        # gap[k]: silence before word k (0 for the first word of the stream).
        gap = [0, *(start - end for start, end in zip(starts[1:], ends, strict=False)), 0]
        self.gap = gap = [g if g > 0 else 0 for g in gap]
        self.classes = classes
        self.weak = weak
        # the class of each gap, a long enough silence making it better
        effective = [
            SENTENCE
            if silence >= PAUSE_SENTENCE_MS
            else CLAUSE
            if silence >= PAUSE_CLAUSE_MS and cls > CLAUSE
            else cls
            for cls, silence in zip(classes, gap[1:], strict=False)
        ]
        effective[-1:] = [SENTENCE] if effective else []
        self.cue_cost = [0] + [
            CUE_BREAK_COST[cls] + (AFTER_WEAK_WORD_COST if is_weak else 0)
            for cls, is_weak in zip(effective, weak, strict=True)
        ]
        self.line_cost = [0] + [
            LINE_BREAK_COST[cls] + (AFTER_WEAK_WORD_LINE_COST if is_weak else 0)
            for cls, is_weak in zip(effective, weak, strict=True)
        ]
        if count:
            self.cue_cost[count] = self.line_cost[count] = 0
        self.sentences = list(
            itertools.accumulate((cls == SENTENCE for cls in effective), initial=0)
        )
        self.speech = list(
            itertools.accumulate((e - s for s, e in zip(starts, ends, strict=True)), initial=0)
        )
        self.strong = [k == 0 or k == count or self.cue_cost[k] == 0 for k in range(count + 1)]
        """Whether gap k is a sentence end or a long pause (cue_cost is 0 only there)."""
        capacity = limits.lines * (limits.line + 1)
        self.need = [limits.reading_ms(width) for width in range(capacity + 1)]
        self.cost = [_INFINITY] * (count + 1)
        self.back = [-1] * (count + 1)

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
        prefix, space, limit, line_cost = self.prefix, self.space, self.limits.line, self.line_cost
        base = prefix[first] + space[first]
        # The second line fits when it starts at or after low; the first when before high.
        low = bisect.bisect_left(prefix, prefix[stop] - limit - 1, first + 1, stop)
        high = bisect.bisect_right(prefix, base + limit, first + 1, stop)
        best: tuple[int, list[int]] | None = None
        for k in range(max(low - 1, first + 1), min(high + 1, stop)):
            top = prefix[k] - base
            bottom = prefix[stop] - prefix[k] - space[k]
            if top > limit or bottom > limit:
                continue
            difference = top - bottom if top > bottom else bottom - top
            if difference > 8:  # uneven lines cost more and more
                cost = line_cost[k] + (difference - 8) + (difference - 8) ** 2 // 20
            else:
                cost = line_cost[k]
            if top > bottom + 8:
                cost += 4  # a pyramid (short line first) reads a little better
            if best is None or cost < best[0]:
                best = (cost, [k])
        return best

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
        exact layout of the chosen cues comes later, from :meth:`lines_for`)."""
        limits = self.limits
        prefix, space, gap, strong = self.prefix, self.space, self.gap, self.strong
        starts, ends, speech = self.stream.start, self.stream.end, self.speech
        cue_cost, sentences, line_cost = self.cue_cost, self.sentences, self.line_cost
        line, lines = limits.line, limits.lines
        capacity = lines * (line + 1)
        two_lines = 2 * line + 1
        max_ms, min_ms, gap_ms = limits.max_ms, limits.min_ms, limits.gap_ms
        need = self.need
        block_words = stop - first
        candidates = self._candidates(first, stop)
        cost, back = self.cost, self.back
        infinity = _INFINITY
        cost[first] = 0
        bisect_left = bisect.bisect_left
        for position in range(1, len(candidates)):
            end = candidates[position]
            best, best_start = infinity, -1
            last_end = ends[end - 1]
            after = gap[end] - gap_ms if end < self.count else 0
            base = (cue_cost[end] if end < stop else 0) + CUE_COST
            after = after if after > 0 else 0
            end_strong = end == stop or strong[end]
            end_prefix = prefix[end]
            for back_index in range(position - 1, -1, -1):
                begin = candidates[back_index]
                width = end_prefix - prefix[begin] - space[begin]
                span = last_end - starts[begin]
                if (width > capacity or span > max_ms) and end - begin > 1:
                    break
                previous = cost[begin]
                if previous >= infinity:
                    continue
                begin_strong = begin == first or strong[begin]
                total = previous + base
                if total >= best:
                    continue  # every other term only adds
                if width > line and end - begin > 1:
                    if lines < 2:
                        continue
                    if width > two_lines:
                        layout = self.lines_for(begin, end)
                        if layout is None:
                            continue
                        total += layout[0]
                    else:  # the feasible line break nearest the middle, or the one before
                        top_start = prefix[begin] + space[begin]
                        k = bisect_left(prefix, (top_start + end_prefix) >> 1, begin + 1, end)
                        split = infinity
                        for at in (k - 1, k, k + 1):
                            if begin < at < end:
                                top = prefix[at] - top_start
                                bottom = end_prefix - prefix[at] - space[at]
                                if top <= line and bottom <= line:
                                    uneven = top - bottom if top > bottom else bottom - top
                                    here = line_cost[at]
                                    if uneven > 8:
                                        here += uneven - 8 + (uneven - 8) ** 2 // 20
                                    if here < split:
                                        split = here
                        if split >= infinity:
                            layout = self.lines_for(begin, end)
                            if layout is None:
                                continue
                            split = layout[0]
                        total += split
                inner = sentences[end - 1] - sentences[begin]
                if inner > 0:
                    total += MIXED_SENTENCES_COST * inner
                if end - begin <= 2 and block_words > 2 and not (begin_strong and end_strong):
                    total += FRAGMENT_COST
                shown = span + after
                if shown < min_ms:
                    total += TOO_SHORT_COST
                needed = need[width] if width < len(need) else limits.reading_ms(width)
                if shown < needed:
                    total += SPEED_COST * (needed - shown) // needed
                spanned = span - speech[end] + speech[begin]
                if spanned > 500:
                    total += SILENCE_SPANNED_COST * (spanned - 500) // 100
                if total < best:
                    best, best_start = total, begin
            if best_start < 0:  # nothing fits the limits: the shortest cue, at a price
                best_start = candidates[position - 1]
                best = cost[best_start] + NO_FIT_COST
            cost[end] = best
            back[end] = best_start
        cuts = [stop]
        at = stop
        while at != first:
            at = back[at]
            cuts.append(at)
        cuts.reverse()
        return cuts

    def _speech(self, first: int, stop: int) -> int:
        """Time words first..stop-1 are spoken, silences between them excluded."""
        return self.speech[stop] - self.speech[first]

    def _candidates(self, first: int, stop: int) -> list[int]:
        """Gaps a cue may end at: the good ones, and every gap in a long stretch without."""
        good = [first]
        classes, weak, gap, segment = self.classes, self.weak, self.gap, self.stream.segment
        for k in range(first + 1, stop):
            if (
                (classes[k - 1] <= CONNECTIVE and not weak[k - 1])
                or gap[k] >= PAUSE_CLAUSE_MS
                or segment[k] != segment[k - 1]
            ):
                good.append(k)
        good.append(stop)
        prefix, reach = self.prefix, self.limits.line
        starts, ends, longest = self.stream.start, self.stream.end, self.limits.max_ms
        out: list[int] = []
        for here, following in itertools.pairwise(good):
            out.append(here)
            if (
                prefix[following] - prefix[here] > reach
                or ends[following - 1] - starts[here] > longest
            ):
                out.extend(range(here + 1, following))
        out.append(stop)
        return out


# ------------------------------------------------------------------------ text and times


def _render(stream: _Stream, first: int, stop: int, breaks: list[int]) -> str:
    """Words first..stop-1 as cue text, lines broken before the words in ``breaks``."""
    text, runs, glue = stream.text, stream.runs, stream.glue
    if not any(runs[first:stop]):
        if all(glue[first + 1 : stop]):  # plain words with spaces: join each line
            bounds = [first, *breaks, stop]
            return "\n".join(" ".join(text[begin:end]) for begin, end in itertools.pairwise(bounds))
        out: list[str] = []
        for k in range(first, stop):
            if k != first:
                if k in breaks:
                    out.append("\n")
                elif glue[k]:
                    out.append(" ")
            out.append(text[k])
        return "".join(out)
    parts: list[str] = []
    open_tags: tuple[str, ...] = ()
    for k in range(first, stop):
        word_runs = runs[k] or (_Run((), text[k]),)
        separator = "" if k == first else ("\n" if k in breaks else (" " if glue[k] else ""))
        for number, run in enumerate(word_runs):
            if run.tags != open_tags:
                common = 0
                while (
                    common < len(run.tags)
                    and common < len(open_tags)
                    and run.tags[common] == open_tags[common]
                ):
                    common += 1
                parts.extend(_close(tag) for tag in reversed(open_tags[common:]))
                if number == 0:
                    parts.append(separator)
                    separator = ""
                parts.extend(run.tags[common:])
                open_tags = run.tags
            if number == 0 and separator:
                parts.append(separator)
                separator = ""
            parts.append(run.raw)
    parts.extend(_close(tag) for tag in reversed(open_tags))
    return "".join(parts)


def _close(tag: str) -> str:
    name = re.match(r"<([A-Za-z]+)", tag)
    return f"</{name.group(1) if name else ''}>"


def _times(spans: list[tuple[int, int, int, int, int]], limits: _Limits) -> list[tuple[int, int]]:
    """Final (start, end) of each cue.

    ``spans`` holds, per cue: its first word's start, its last word's end, its characters,
    the earliest start (the start of its first word's source cue) and the latest end (the
    start of the source cue after its last word's). Within those, each cue is widened for
    ``min-duration`` and reading speed into silence, or into the spare time of a cue it is
    chained to, then chained or kept ``min-gap-frames`` apart, and capped.
    """
    count = len(spans)
    starts = [span[0] for span in spans]
    ends = [span[1] for span in spans]
    earliest = [span[3] for span in spans]
    latest = [span[4] for span in spans]
    min_ms, max_ms, gap_ms = limits.min_ms, limits.max_ms, limits.gap_ms
    need = [min(max_ms, max(min_ms, limits.reading_ms(span[2]))) for span in spans]
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
    return list(zip(starts, ends, strict=True))


# ------------------------------------------------------------------------ the function


def reflow(
    doc: Document, thresholds: Thresholds | None = None, *, language: str | None = None
) -> Document:
    """A copy of ``doc`` whose cues are re-cut to meet ``thresholds`` (check's limits).

    Every word is kept, in order and unchanged; markup is closed and reopened across
    cuts; a cue never holds two speakers' words. ``language`` picks the break-word lists
    (``en``, ``de``, ``es``, ``cy``; guessed from the text when None). Cue ends must be
    known (apply the timing policy first: :func:`convert.api.prepare` does, with
    ``Options(reflow=True)``). The copy's ``problems`` gain one W103 warning when some
    cues still read faster than ``max-cps`` (speech too fast to slow down).
    """
    thresholds = thresholds or Thresholds()
    limits = _Limits.of(thresholds)
    if any(cue.end_ms is None for cue in doc.cues):
        raise TimingError("reflow needs every cue's end: apply the timing policy first")
    source = doc.cues
    stream = _stream(source, limits.line)
    count = len(stream.text)
    result = replace(doc, cues=[], problems=list(doc.problems))
    result.vtt_notes = list(doc.vtt_notes)
    if count == 0:
        return result
    sample = [word.lower().strip(_EDGE_PUNCTUATION) for word in stream.text[:400]]
    table = LANGUAGES.get(language or "", None) or LANGUAGES[guess_language(sample)]
    classes, weak = _classify(stream.text, table)
    layout = _Layout(stream, classes, weak, limits)
    segment = stream.segment
    pieces: list[tuple[int, int]] = []
    block_start = 0
    for k in _block_ends(source, segment):
        cuts = layout.cues(block_start, k)
        pieces.extend(itertools.pairwise(cuts))
        block_start = k
    stream_end = stream.end[-1]
    open_end = doc.length_ms if doc.length_ms is not None else stream_end + limits.max_ms
    starts_of = [cue.start_ms for cue in source]
    spans = []
    for first, stop in pieces:
        following = segment[stop - 1] + 1
        latest = starts_of[following] if following < len(source) else open_end
        spans.append(
            (
                stream.start[first],
                stream.end[stop - 1],
                layout.width(first, stop),
                min(starts_of[segment[first]], stream.start[first]),
                max(latest, stream.end[stop - 1]),
            )
        )
    timed = _times(spans, limits)
    used_ids: set[str] = set()
    first_cue_of: dict[int, int] = {}
    cps_num, cps_den = limits.cps.numerator, limits.cps.denominator
    over = 0
    for (first, stop), (start, end) in zip(pieces, timed, strict=True):
        origin = source[segment[first]]
        lines = layout.lines_for(first, stop)
        breaks = lines[1] if lines is not None else []
        cue_id = None
        if origin.id and origin.id not in used_ids:
            used_ids.add(origin.id)
            cue_id = origin.id
        words = stream.words[first:stop]
        cue = Cue(
            start,
            end,
            _render(stream, first, stop, breaks),
            line=origin.line,
            id=cue_id,
            settings=origin.settings,
            speaker=origin.speaker,
            words=[w for w in words if w is not None]
            if all(w is not None for w in words)
            else None,
        )
        if doc.vtt_notes:
            for k in range(first, stop):
                first_cue_of.setdefault(segment[k], origin.line)
        if layout.width(first, stop) * 1000 * cps_den > cps_num * (end - start):
            over += 1
        result.cues.append(cue)
    if doc.vtt_notes:
        by_line = {source[index].line: line for index, line in first_cue_of.items()}
        result.vtt_notes = [
            (by_line.get(anchor, anchor) if anchor is not None else None, note)
            for anchor, note in doc.vtt_notes
        ]
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


def _block_ends(source: Sequence[Cue], segment: list[int]) -> list[int]:
    """Where each run of words that may share cues ends (the last is the stream's end)."""
    ends: list[int] = []
    position = 0
    previous: Cue | None = None
    # each source cue's first word is where its index first appears in ``segment``
    for index in dict.fromkeys(segment):
        position = segment.index(index, position)
        cue = source[index]
        if previous is not None and _hard_boundary(previous, cue):
            ends.append(position)
        previous = cue
    ends.append(len(segment))
    return ends


def _hard_boundary(before: Cue, after: Cue) -> bool:
    """Words on either side never share a cue: another speaker, other cue settings, or a
    cue that starts with ``>>`` (a speaker change whose speaker has no name)."""
    return before is not after and (
        before.speaker != after.speaker
        or before.settings != after.settings
        or after.text.startswith(SPEAKER_CHANGE)
    )


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
