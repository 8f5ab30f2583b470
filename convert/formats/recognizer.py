"""Speech recognizers' JSON (read only): openai-whisper, faster-whisper, WhisperX,
whisper.cpp and the transformers ASR pipeline.

No library reads these shapes (each recognizer writes its own and nobody converts them
into captions), so this module does, for the shapes as they are found in the wild:

- openai-whisper / faster-whisper / WhisperX: ``{"segments": [{"start", "end", "text",
  "words"?: [{"word", "start"?, "end"?}]}], ...}``, or the segment list alone. Keys may
  come sorted, ids may start at 1, numbers carry float noise (``6.579999999999996``),
  ``word`` has whisper's leading space, WhisperX leaves numbers without times, and
  diarized WhisperX segments carry a ``speaker``.
- WhisperX ``word_segments`` (used when there are no segments), or such a list alone;
- whisper.cpp ``-oj``/``-ojf``: ``{"transcription": [{"timestamps": {"from":
  "00:00:00,000", "to": ...}, "offsets": {"from": ms, "to": ms}, "text", "tokens"?}]}``;
- the transformers pipeline: ``[{"text", "timestamp": [start, end]}]``, as a list or under
  ``"chunks"``; the last end may be null, and zero-length chunks happen.

A segment-level source gives one cue per segment, exactly, with the segment's words when
they have times. A word-level source (only words) has no segments to keep: its words are
grouped into cues by :func:`convert.grouping.group_words`. Seconds are read as decimals,
exactly as written, and rounded once, half up, to the millisecond. Anything that cannot be
timed honestly (a segment without times, times that go backwards) is refused with the
line of the JSON it is on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..errors import ParseError
from ..grouping import group_words
from ..model import Cue, Document, Word
from ..textio import mend_bytes
from ..timecode import half_up
from . import jsonpos
from .base import Codec

Path = jsonpos.Path

SHAPES = ("segments", "word_segments", "transcription", "chunks")
"""Top-level keys that make an object a recognizer's output (subconv's own has 'cues')."""


class _Invalid(Exception):
    """A shape problem at a JSON path; turned into a ParseError with the path's line."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


@lru_cache(maxsize=2)
def _load(text: str) -> Any:
    """The JSON value with numbers as exact decimals; cached, as sniffing loads it too."""
    return json.loads(
        text.removeprefix("\ufeff"), parse_float=Decimal, parse_constant=_reject_constant
    )


def _try_load(text: str) -> Any:
    try:
        return _load(text)
    except (ValueError, RecursionError):
        return None


def is_recognizer(data: Any) -> bool:
    """Whether a JSON value has a recognizer's shape rather than subconv's own."""
    if isinstance(data, dict):
        return "cues" not in data and any(key in data for key in SHAPES)
    if isinstance(data, list) and data and isinstance(data[0], dict):
        first = data[0]
        return "timestamp" in first or ("start" in first and ("text" in first or "word" in first))
    return False


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff").lstrip()[:1]
    if head not in ("{", "["):
        return False
    data = _try_load(text)
    if data is None:  # not JSON as read here (NaN, a syntax error): tell by its keys
        return '"cues"' not in text[:5000] and any(f'"{key}"' in text[:5000] for key in SHAPES)
    return is_recognizer(data)


# --- reading ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Segment:
    start_ms: int
    end_ms: int | None
    text: str
    words: list[Word] | None
    speaker: str | None
    path: Path
    what: str = "segment"
    """How messages name it: ``segment 3`` or ``chunk 3``."""


def read(text: str) -> Document:
    try:
        data = _load(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    except ValueError as exc:
        raise ParseError(f"invalid JSON: {exc}", line=1) from None
    except RecursionError:
        raise ParseError("JSON nested too deeply to read (thousands of levels)") from None
    try:
        segments, words = _shape(data)
        if segments or not words:
            return Document(cues=_cues(segments, text) if segments else [])
    except _Invalid as exc:
        raise ParseError(exc.message, line=jsonpos.line_of(text, exc.path)) from None
    return Document(cues=group_words([w for w, _ in words]), words_only=True)


def _cues(segments: list[_Segment], text: str) -> list[Cue]:
    lines = jsonpos.element_lines(text, segments[0].path[:-1], len(segments))
    return [
        Cue(
            seg.start_ms,
            seg.end_ms,
            seg.text,
            line,
            speaker=seg.speaker,
            words=seg.words,
        )
        for seg, line in zip(segments, lines, strict=True)
        if seg.text.strip()  # a segment with no text (faster-whisper makes 0 s blanks)
    ]


def _shape(data: Any) -> tuple[list[_Segment], list[tuple[Word, Path]]]:
    """Segments, or words when the source has only words."""
    if isinstance(data, list):
        first = data[0] if data and isinstance(data[0], dict) else {}
        if "timestamp" in first:
            return _chunks(data, ())
        if "word" in first and "text" not in first:
            return [], _word_list(data, ())
        return _whisper_segments(data, ()), []
    if not isinstance(data, dict) or not is_recognizer(data):
        raise _Invalid(
            "not a recognizer's JSON: expected whisper's 'segments', WhisperX's "
            "'word_segments', whisper.cpp's 'transcription' or the transformers pipeline's "
            "'chunks'",
            (),
        )
    if "transcription" in data:
        return _whisper_cpp(_list(data, "transcription", ()), ("transcription",)), []
    if "chunks" in data:
        return _chunks(_list(data, "chunks", ()), ("chunks",))
    segments: list[_Segment] = []
    if "segments" in data:
        segments = _whisper_segments(_list(data, "segments", ()), ("segments",))
    if not segments and "word_segments" in data:
        return [], _word_list(_list(data, "word_segments", ()), ("word_segments",))
    return segments, []


def _word_list(items: list[Any], path: Path) -> list[tuple[Word, Path]]:
    """WhisperX's ``word_segments`` (or such a list alone): words, no segments."""
    words = [_word(item, (*path, i), f"word {i + 1}") for i, item in enumerate(items)]
    return _checked_words([w for w in words if w is not None], "word")


def _list(data: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = data[key]
    if not isinstance(value, list):
        raise _Invalid(f"{key!r} must be a list, found {_show(value)}", (*path, key))
    return value


def _show(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


_MAX_SECONDS = 10**12
"""Over 30,000 years: any larger time is a mistake, not a recording."""


def _seconds(value: Any, what: str, path: Path) -> int:
    """Seconds as written (a JSON number) to whole milliseconds, rounded half up once."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _Invalid(f"{what} must be a number of seconds, found {_show(value)}", path)
    if value < 0:
        raise _Invalid(f"{what} is negative ({value})", path)
    if value > _MAX_SECONDS:
        # 1e5000 is a valid JSON number; as milliseconds it would not even print.
        raise _Invalid(f"{what} is too large ({_show(value)} seconds)", path)
    if isinstance(value, int):
        return value * 1000
    return half_up(*(value * 1000).as_integer_ratio())


def _text(item: dict[str, Any], key: str, what: str, path: Path) -> str:
    value = item.get(key)
    if not isinstance(value, str):
        raise _Invalid(f"{what}: {key!r} must be a string, found {_show(value)}", (*path, key))
    return value


def _whisper_segments(items: list[Any], path: Path) -> list[_Segment]:
    segments = []
    for index, item in enumerate(items):
        where = (*path, index)
        what = f"segment {index + 1}"
        if not isinstance(item, dict):
            raise _Invalid(f"{what}: expected an object, found {_show(item)}", where)
        for key in ("start", "end"):
            if item.get(key) is None:
                raise _Invalid(f"{what} has no {key!r} time", where)
        start = _seconds(item["start"], f"{what}: 'start'", (*where, "start"))
        end = _seconds(item["end"], f"{what}: 'end'", (*where, "end"))
        words = None
        raw_words = item.get("words")
        if raw_words is not None:
            if not isinstance(raw_words, list):
                raise _Invalid(f"{what}: 'words' must be a list", (*where, "words"))
            found = [
                _word(w, (*where, "words", i), f"{what}, word {i + 1}")
                for i, w in enumerate(raw_words)
            ]
            timed = _checked_words([w for w in found if w is not None], what)
            if any(w.start_ms is not None or w.end_ms is not None for w, _ in timed):
                words = [w for w, _ in timed]
        speaker = item.get("speaker")
        segments.append(
            _Segment(
                start,
                end,
                _text(item, "text", what, where).strip(),
                words,
                speaker if isinstance(speaker, str) and speaker else None,
                where,
            )
        )
    _check_order(segments)
    return segments


def _word(item: Any, path: Path, what: str) -> tuple[Word, Path] | None:
    """One word object (``word`` or ``text``, optional ``start``/``end``); None if blank."""
    if not isinstance(item, dict):
        raise _Invalid(f"{what}: expected an object, found {_show(item)}", path)
    key = "word" if "word" in item else "text"
    text = _text(item, key, what, path).strip()
    if not text:
        return None
    start = item.get("start")
    end = item.get("end")
    return (
        Word(
            text,
            None if start is None else _seconds(start, f"{what}: 'start'", (*path, "start")),
            None if end is None else _seconds(end, f"{what}: 'end'", (*path, "end")),
        ),
        path,
    )


def _checked_words(words: list[tuple[Word, Path]], what: str) -> list[tuple[Word, Path]]:
    """Refuse words that end before they start or start before the word before them."""
    previous: int | None = None
    for word, path in words:
        if word.start_ms is not None and word.end_ms is not None and word.end_ms < word.start_ms:
            raise _Invalid(f"word {word.text!r} ends before it starts", path)
        if word.start_ms is not None:
            if previous is not None and word.start_ms < previous:
                raise _Invalid(
                    f"word {word.text!r} starts at {word.start_ms / 1000:g} s, "
                    f"before the word before it ({previous / 1000:g} s): times go backwards",
                    path,
                )
            previous = word.start_ms
    return words


def _check_order(segments: Sequence[_Segment]) -> None:
    previous: _Segment | None = None
    for number, seg in enumerate(segments, 1):
        what = f"{seg.what} {number}"
        if seg.end_ms is not None and seg.end_ms < seg.start_ms:
            raise _Invalid(
                f"{what} ends at {seg.end_ms / 1000:g} s, before it starts at "
                f"{seg.start_ms / 1000:g} s",
                seg.path,
            )
        if previous is not None and seg.start_ms < previous.start_ms:
            raise _Invalid(
                f"{what} starts at {seg.start_ms / 1000:g} s, before {seg.what} {number - 1} "
                f"({previous.start_ms / 1000:g} s): times go backwards",
                seg.path,
            )
        previous = seg


_CPP_CLOCK = re.compile(r"([0-9]{1,8}):([0-5][0-9]):([0-5][0-9])[,.]([0-9]{3})")


def _whisper_cpp(items: list[Any], path: Path) -> list[_Segment]:
    """whisper.cpp ``-oj``: integer ``offsets`` in ms, else the ``timestamps`` clocks."""
    segments = []
    for index, item in enumerate(items):
        where = (*path, index)
        what = f"segment {index + 1}"
        if not isinstance(item, dict):
            raise _Invalid(f"{what}: expected an object, found {_show(item)}", where)
        start, end = _cpp_times(item, what, where)
        words = _cpp_words(item.get("tokens"), what, (*where, "tokens"))
        segments.append(
            _Segment(start, end, _text(item, "text", what, where).strip(), words, None, where)
        )
    _check_order(segments)
    return segments


def _cpp_times(item: dict[str, Any], what: str, where: Path) -> tuple[int, int]:
    offsets = item.get("offsets")
    if isinstance(offsets, dict):
        times = []
        for key in ("from", "to"):
            value = offsets.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise _Invalid(
                    f"{what}: offsets {key!r} must be whole milliseconds, found {_show(value)}",
                    (*where, "offsets", key),
                )
            times.append(value)
        return times[0], times[1]
    stamps = item.get("timestamps")
    if not isinstance(stamps, dict):
        raise _Invalid(f"{what} has neither 'offsets' nor 'timestamps'", where)
    clocks = []
    for key in ("from", "to"):
        value = stamps.get(key)
        match = _CPP_CLOCK.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            raise _Invalid(
                f"{what}: timestamps {key!r} must be HH:MM:SS,mmm, found {_show(value)}",
                (*where, "timestamps", key),
            )
        hours, minutes, seconds, millis = (int(g) for g in match.groups())
        clocks.append(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis)
    return clocks[0], clocks[1]


_SPECIAL_TOKEN = re.compile(r"\[_[A-Z0-9_]+\]|<\|[^|]*\|>")


def _cpp_words(tokens: Any, what: str, path: Path) -> list[Word] | None:
    """Words from ``-ojf`` tokens: a token that starts with a space starts a word; special
    tokens (``[_BEG_]``, ``[_TT_150]``) are not text."""
    if not isinstance(tokens, list):
        return None
    words: list[tuple[Word, Path]] = []
    for index, token in enumerate(tokens):
        where = (*path, index)
        if not isinstance(token, dict):
            raise _Invalid(f"{what}, token {index + 1}: expected an object", where)
        piece = token.get("text")
        if not isinstance(piece, str) or not piece or _SPECIAL_TOKEN.fullmatch(piece.strip()):
            continue
        start, end = _cpp_times(token, f"{what}, token {index + 1}", where)
        if words and not piece[0].isspace():
            last, last_path = words[-1]
            words[-1] = (Word(last.text + piece, last.start_ms, end), last_path)
        elif piece.strip():
            words.append((Word(piece.strip(), start, end), where))
    # whisper.cpp writes a character split across tokens as the halves of its bytes
    words = [(replace(w, text=mend_bytes(w.text)), where) for w, where in words]
    _checked_words(words, what)
    return [w for w, _ in words] or None


def _chunks(items: list[Any], path: Path) -> tuple[list[_Segment], list[tuple[Word, Path]]]:
    """The transformers pipeline: sentence chunks are segments, one-word chunks are words."""
    parsed: list[tuple[str, int, int | None, Path]] = []
    for index, item in enumerate(items):
        where = (*path, index)
        what = f"chunk {index + 1}"
        if not isinstance(item, dict):
            raise _Invalid(f"{what}: expected an object, found {_show(item)}", where)
        stamp = item.get("timestamp")
        if not isinstance(stamp, list) or len(stamp) != 2:
            raise _Invalid(
                f"{what}: 'timestamp' must be [start, end], found {_show(stamp)}",
                (*where, "timestamp"),
            )
        if stamp[0] is None:
            raise _Invalid(f"{what} has no start time", (*where, "timestamp"))
        start = _seconds(stamp[0], f"{what}: start", (*where, "timestamp"))
        end = stamp[1] if stamp[1] is None else _seconds(stamp[1], f"{what}: end", where)
        parsed.append((_text(item, "text", what, where), start, end, where))
    if parsed and all(len(text.split()) == 1 for text, *_ in parsed):
        words = [(Word(text.strip(), start, end), where) for text, start, end, where in parsed]
        return [], _checked_words(words, "chunk")
    segments = [
        _Segment(start, end, text.strip(), None, None, where, "chunk")
        for text, start, end, where in parsed
    ]
    _check_order(segments)
    return segments, []


class Recognizer(Codec):
    """Read only: what a recognizer wrote is converted, never written back."""

    sniff = staticmethod(sniff)
    read = staticmethod(read)


CODEC = Recognizer()
