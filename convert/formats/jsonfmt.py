"""The model as JSON, for scripts and jq.

    {"format": "subconv", "version": 1,
     "metadata": {"title": ..., "url": ..., "header": ..., "channel": ...},
     "cues": [{"id": null, "start_ms": 0, "end_ms": 4380, "text": "...", "line": 17,
               "words": [{"text": "...", "start_ms": 0, "end_ms": 310}, ...]}]}

``words`` is there only for cues that carry word times (from a recognizer or YouTube).

``line`` is the cue's line in the file it was read from. A cue's ``speaker`` and
the metadata's ``preamble`` (meeting notes) are written only when there is one.
Reading checks every field's type and reports the cue it is in.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import ParseError, Problem
from ..model import Cue, Document, Metadata, Word
from . import jsonpos
from .base import Codec
from .family import estimated_problem

FORMAT_TAG = "subconv"
VERSION = 1


_OBJECT_START = re.compile(r'\s*\{\s*["}]')
"""A JSON object's start; MicroDVD's ``{1}{25}`` starts with a brace too."""


def sniff(text: str) -> bool:
    return _OBJECT_START.match(text.lstrip("\ufeff")) is not None


def dropped_markup(doc: Document) -> set[str]:
    """JSON keeps cue text exactly, markup included."""
    return set()


def write(doc: Document) -> str:
    meta = doc.metadata
    data: dict[str, Any] = {
        "format": FORMAT_TAG,
        "version": VERSION,
        "metadata": {
            "title": meta.title,
            "url": meta.url,
            "channel": meta.channel,
            "header": meta.header,
            "estimated_timing": meta.estimated_timing,
            **({"preamble": meta.preamble} if meta.preamble is not None else {}),
        },
        "cues": [
            {
                "id": cue.id,
                "start_ms": cue.start_ms,
                "end_ms": cue.end_ms,
                "text": cue.text,
                "line": cue.line,
                **({"settings": cue.settings} if cue.settings else {}),
                **({"speaker": cue.speaker} if cue.speaker is not None else {}),
                **({"words": _words_out(cue.words)} if cue.words is not None else {}),
            }
            for cue in doc.cues
        ],
    }
    if doc.vtt_header or doc.vtt_blocks:
        data["vtt"] = {"header": doc.vtt_header, "blocks": doc.vtt_blocks}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _words_out(words: list[Word]) -> list[dict[str, Any]]:
    return [{"text": w.text, "start_ms": w.start_ms, "end_ms": w.end_ms} for w in words]


def _words_in(item: dict[str, Any], where: str) -> list[Word] | None:
    """A cue's ``words``: objects of ``text``, ``start_ms`` and ``end_ms`` (either may be
    null, as a recognizer leaves some words untimed)."""
    value = item.get("words")
    if value is None:
        return None
    if not isinstance(value, list):
        raise _fail(f"{where}: 'words' must be a list, found {json.dumps(value)[:40]}")
    none = type(None)
    words = []
    for number, word in enumerate(value, 1):
        at = f"{where}, word {number}"
        if not isinstance(word, dict):
            raise _fail(f"{at}: expected an object")
        start = _get(word, "start_ms", (int, none), at, required=False)
        end = _get(word, "end_ms", (int, none), at, required=False)
        if (start is not None and start < 0) or (end is not None and end < 0):
            raise _fail(f"{at}: times must not be negative")
        words.append(Word(_get(word, "text", (str,), at), start, end))
    return words


def _fail(message: str, line: int | None = None) -> ParseError:
    return ParseError(message, line=line)


# The keys each object may have; any other is reported once per file (W015) and ignored.
TOP_KEYS = frozenset({"format", "version", "metadata", "cues", "vtt"})
METADATA_KEYS = frozenset({"title", "url", "channel", "header", "estimated_timing"})
CUE_KEYS = frozenset({"id", "start_ms", "end_ms", "text", "line", "settings", "words", "speaker"})
WORD_KEYS = frozenset({"text", "start_ms", "end_ms"})
VTT_KEYS = frozenset({"header", "blocks"})

_INT_DIGITS = 18
"""Digits of the longest integer read as a number: int() refuses more than 4,300, and
no time in milliseconds needs more than 18."""


class _Huge(str):
    """An integer literal of more than :data:`_INT_DIGITS` digits, kept as its text."""

    __slots__ = ()


def _int(literal: str) -> int | _Huge:
    digits = literal.lstrip("-").lstrip("0")
    return int(literal) if len(digits) <= _INT_DIGITS else _Huge(literal)


def _get(
    obj: dict[str, Any], key: str, kinds: tuple[type, ...], where: str, *, required: bool = True
) -> Any:
    if key not in obj:
        if required:
            raise _fail(f"{where}: missing {key!r}")
        return None
    value = obj[key]
    if value is None and type(None) in kinds:
        return None
    if isinstance(value, _Huge):
        raise _fail(f"{where}: {key!r} is a number of {len(value)} digits, too large")
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names = " or ".join("null" if k is type(None) else k.__name__ for k in kinds)
        raise _fail(f"{where}: {key!r} must be {names}, found {json.dumps(value)[:40]}")
    return value


def read(text: str) -> Document:
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise _fail(f"invalid JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise _fail("JSON nested too deeply to read (thousands of levels)") from None
    if not isinstance(data, dict) or not isinstance(data.get("cues"), list):
        raise _fail("expected an object with a 'cues' list (subconv's JSON form)", 1)
    try:
        doc = _document(data, text)
    except ParseError as exc:
        if exc.line is None and exc.where is not None:
            exc.line = jsonpos.line_of(text, exc.where)
        raise
    unknown = _unknown_keys(data)
    if unknown:
        shown = ", ".join(_dotted(path) for path in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        doc.problems.append(
            Problem(
                jsonpos.line_of(text, unknown[0]),
                f"unknown key{'s' if len(unknown) > 1 else ''} {shown}{more} "
                "ignored (not part of subconv's JSON form)",
                code="W015",
            )
        )
    return doc


def _document(data: dict[str, Any], text: str) -> Document:
    none = type(None)
    meta_obj = data.get("metadata") or {}
    if not isinstance(meta_obj, dict):
        raise _at(_fail("'metadata' must be an object"), ("metadata",))
    try:
        metadata = Metadata(
            header=_get(meta_obj, "header", (str, none), "metadata", required=False),
            title=_get(meta_obj, "title", (str, none), "metadata", required=False),
            channel=_get(meta_obj, "channel", (str, none), "metadata", required=False),
            url=_get(meta_obj, "url", (str, none), "metadata", required=False),
            estimated_timing=bool(
                _get(meta_obj, "estimated_timing", (bool, none), "metadata", required=False)
            ),
            preamble=_get(meta_obj, "preamble", (str, none), "metadata", required=False),
        )
    except ParseError as exc:
        raise _at(exc, ("metadata",)) from None
    doc = Document(metadata=metadata)
    if metadata.estimated_timing:
        doc.problems.append(estimated_problem(_line_of(text, '"estimated_timing"')))
    vtt = data.get("vtt")
    if isinstance(vtt, dict):
        try:
            doc.vtt_header = _get(vtt, "header", (str,), "vtt", required=False) or ""
        except ParseError as exc:
            raise _at(exc, ("vtt",)) from None
        blocks = vtt.get("blocks") or []
        if not isinstance(blocks, list) or not all(isinstance(b, str) for b in blocks):
            raise _at(_fail("vtt: 'blocks' must be a list of strings"), ("vtt",))
        doc.vtt_blocks = list(blocks)
    lines = _start_lines(text, len(data["cues"]))
    for number, item in enumerate(data["cues"], 1):
        try:
            doc.cues.append(_cue(item, f"cue {number}", lines[number - 1]))
        except ParseError as exc:
            raise _at(exc, ("cues", number - 1), lines[number - 1]) from None
    if "\\u" in text:
        _refuse_lone_surrogates(doc)
    return doc


def _cue(item: object, where: str, line: int) -> Cue:
    none = type(None)
    if not isinstance(item, dict):
        raise _fail(f"{where}: expected an object")
    start = _get(item, "start_ms", (int,), where)
    end = _get(item, "end_ms", (int, none), where, required=False)
    if start < 0 or (end is not None and end < 0):
        raise _fail(f"{where}: times must not be negative")
    _get(item, "line", (int, none), where, required=False)
    return Cue(
        start,
        end,
        _get(item, "text", (str,), where),
        line,
        id=_get(item, "id", (str, none), where, required=False),
        settings=_get(item, "settings", (str, none), where, required=False) or "",
        speaker=_get(item, "speaker", (str, none), where, required=False),
        words=_words_in(item, where),
    )


def _at(exc: ParseError, where: jsonpos.Path, line: int = 0) -> ParseError:
    """Give an error the line of the object it is about: ``line`` if known, else the line
    of the value at ``where``, looked up in the text by :func:`read`."""
    if exc.line is None:
        exc.line = line or None
        exc.where = where
    return exc


def _unknown_keys(data: dict[str, Any]) -> list[jsonpos.Path]:
    """Paths of keys outside the JSON form, the first of each name (top level first)."""
    found: dict[str, jsonpos.Path] = {}

    def note(obj: object, known: frozenset[str], prefix: jsonpos.Path, label: str) -> None:
        if isinstance(obj, dict):
            for key in obj:
                if key not in known:
                    found.setdefault(f"{label}{key}", (*prefix, key))

    note(data, TOP_KEYS, (), "")
    note(data.get("metadata"), METADATA_KEYS, ("metadata",), "metadata.")
    note(data.get("vtt"), VTT_KEYS, ("vtt",), "vtt.")
    for index, cue in enumerate(data["cues"]):
        note(cue, CUE_KEYS, ("cues", index), "cues[].")
        words = cue.get("words") if isinstance(cue, dict) else None
        for number, word in enumerate(words if isinstance(words, list) else []):
            note(word, WORD_KEYS, ("cues", index, "words", number), "cues[].words[].")
    return list(found.values())


def _dotted(path: jsonpos.Path) -> str:
    return ".".join(str(step) if isinstance(step, str) else f"[{step}]" for step in path).replace(
        ".[", "["
    )


def _refuse_lone_surrogates(doc: Document) -> None:
    """JSON escapes can spell a lone surrogate (``"\\ud800"``), which no UTF-8 file can
    hold; refuse it here, with the line of its object, rather than fail while writing."""
    meta = doc.metadata
    for key in ("header", "title", "channel", "url", "preamble"):
        value = getattr(meta, key)
        if value:
            _encodable(value, ("metadata", key))
    for value in (doc.vtt_header, *doc.vtt_blocks):
        _encodable(value, ("vtt",))
    for index, cue in enumerate(doc.cues):
        for value in (cue.text, cue.id or "", cue.settings, cue.speaker or ""):
            _encodable(value, ("cues", index), cue.line)
        for word in cue.words or ():
            _encodable(word.text, ("cues", index), cue.line)


def _encodable(value: str, where: jsonpos.Path, line: int = 0) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        error = _fail("a string holds a lone surrogate escape (\\ud800-\\udfff)")
        raise _at(error, where, line) from None


def _start_lines(text: str, count: int) -> list[int]:
    """The line of each cue's ``"start_ms"`` key, so problems point into the JSON file."""
    lines = []
    position = text.find('"start_ms"')
    line = 1
    previous = 0
    while position >= 0:
        line += text.count("\n", previous, position)
        lines.append(line)
        previous = position
        position = text.find('"start_ms"', position + 1)
    if len(lines) == count:
        return lines
    # Word times have "start_ms" keys too: find each cue by walking the list instead.
    return jsonpos.element_lines(text, ("cues",), count)


def _line_of(text: str, key: str) -> int:
    """The line where ``key`` first appears (1 when it does not)."""
    position = text.find(key)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


class Json(Codec):
    """subconv's JSON keeps every field of the model but NOTE blocks between cues."""

    keeps_speakers = True
    keeps_webvtt_extras = True

    sniff = staticmethod(sniff)
    read = staticmethod(read)
    write = staticmethod(write)
    dropped_markup = staticmethod(dropped_markup)


CODEC = Json()
