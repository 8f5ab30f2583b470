"""Group a stream of timed words into cues, for sources that have words but no segments
(WhisperX ``word_segments`` alone, the transformers pipeline's word chunks).

The rule is small and stated once here: a cue takes words until the next one would make
it longer than two lines of ``MAX_LINE`` characters or ``MAX_CUE_MS``, or until a pause of
``PAUSE_MS`` or more or a sentence end; a cue longer than one line is broken into two
lines at the space nearest its middle. Every word is kept, once, in order.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Cue, Word

MAX_LINE = 42
MAX_CUE_MS = 7_000
PAUSE_MS = 1_000
SENTENCE_END = (".", "?", "!", "\u2026", "\u3002", "\uff1f", "\uff01")
"""Marks that end a sentence: ASCII, the ellipsis, and CJK full stop, question and
exclamation marks."""


def _no_space(char: str) -> bool:
    """Scripts written without spaces between words (Han, kana, Thai)."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF
        or 0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x0E00 <= code <= 0x0E7F
    )


def join_words(words: Sequence[str]) -> str:
    """Words as text: a space between two words unless one side is written without spaces
    and the other is too, or is a digit (``約`` + ``1400`` + ``万人``: Japanese writes
    numbers into its text)."""
    out: list[str] = []
    for word in words:
        if out and word and not _joined(out[-1][-1], word[0]):
            out.append(" ")
        out.append(word)
    return "".join(out)


def _joined(before: str, after: str) -> bool:
    if _no_space(before):
        return _no_space(after) or after.isdigit()
    return _no_space(after) and before.isdigit()


def _starts(words: Sequence[Word]) -> list[int]:
    """A start for every word: its own, else the end or start of the word before it, else
    the first known time after it, else 0 (WhisperX leaves numbers untimed)."""
    known = [w.start_ms if w.start_ms is not None else w.end_ms for w in words]
    following = 0
    for index in range(len(known) - 1, -1, -1):
        value = known[index]
        if value is None:
            known[index] = following
        else:
            following = value
    starts: list[int] = []
    previous: int | None = None
    for word, guess in zip(words, known, strict=True):
        if word.start_ms is not None:
            start = word.start_ms
        elif previous is not None:
            start = previous
        else:
            start = guess or 0
        starts.append(start)
        previous = word.end_ms if word.end_ms is not None else start
    return starts


def _two_lines(text: str) -> str:
    if len(text) <= MAX_LINE or " " not in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, char in enumerate(text) if char == " "]
    cut = min(spaces, key=lambda i: (abs(i - middle), i))
    return text[:cut] + "\n" + text[cut + 1 :]


def group_words(words: Sequence[Word]) -> list[Cue]:
    """Cues made from timed words; each cue keeps its words in ``Cue.words``.

    A cue starts with its first word and ends with its last word's end (or, when that is
    unknown, where the next cue starts: the end is left None for the timing policy).
    """
    starts = _starts(words)
    groups: list[list[int]] = []
    for index, word in enumerate(words):
        if groups:
            current = groups[-1]
            last = words[current[-1]]
            last_end = last.end_ms if last.end_ms is not None else starts[current[-1]]
            text = join_words([words[i].text for i in [*current, index]])
            end = word.end_ms if word.end_ms is not None else starts[index]
            if not (
                len(text) > 2 * MAX_LINE
                or end - starts[current[0]] > MAX_CUE_MS
                or starts[index] - last_end >= PAUSE_MS
                or last.text.endswith(SENTENCE_END)
            ):
                current.append(index)
                continue
        groups.append([index])
    cues = []
    for group in groups:
        members = [words[i] for i in group]
        final = members[-1].end_ms
        cues.append(
            Cue(
                starts[group[0]],
                None if final is None else max(final, starts[group[0]]),
                _two_lines(join_words([w.text for w in members])),
                words=members,
            )
        )
    return cues
