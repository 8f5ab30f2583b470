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
from typing import Any

from ..errors import ParseError
from ..model import Cue, Document, Metadata, Word
from . import jsonpos
from .base import Codec, markup_notes, notes_between_cues
from .family import estimated_problem

FORMAT_TAG = "subconv"
VERSION = 1


def sniff(text: str) -> bool:
    return text.lstrip("\ufeff").lstrip().startswith("{")


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
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names = " or ".join("null" if k is type(None) else k.__name__ for k in kinds)
        raise _fail(f"{where}: {key!r} must be {names}, found {json.dumps(value)[:40]}")
    return value


def read(text: str) -> Document:
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise _fail(f"invalid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(data, dict) or not isinstance(data.get("cues"), list):
        raise _fail("expected an object with a 'cues' list (subconv's JSON form)", 1)
    none = type(None)
    meta_obj = data.get("metadata") or {}
    if not isinstance(meta_obj, dict):
        raise _fail("'metadata' must be an object", 1)
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
    doc = Document(metadata=metadata)
    if metadata.estimated_timing:
        doc.problems.append(estimated_problem(_line_of(text, '"estimated_timing"')))
    vtt = data.get("vtt")
    if isinstance(vtt, dict):
        doc.vtt_header = _get(vtt, "header", (str,), "vtt", required=False) or ""
        blocks = vtt.get("blocks") or []
        if not isinstance(blocks, list) or not all(isinstance(b, str) for b in blocks):
            raise _fail("vtt: 'blocks' must be a list of strings", 1)
        doc.vtt_blocks = list(blocks)
    lines = _start_lines(text, len(data["cues"]))
    for number, item in enumerate(data["cues"], 1):
        where = f"cue {number}"
        if not isinstance(item, dict):
            raise _fail(f"{where}: expected an object")
        start = _get(item, "start_ms", (int,), where)
        end = _get(item, "end_ms", (int, none), where, required=False)
        if start < 0 or (end is not None and end < 0):
            raise _fail(f"{where}: times must not be negative")
        _get(item, "line", (int, none), where, required=False)
        doc.cues.append(
            Cue(
                start,
                end,
                _get(item, "text", (str,), where),
                lines[number - 1],
                id=_get(item, "id", (str, none), where, required=False),
                settings=_get(item, "settings", (str, none), where, required=False) or "",
                speaker=_get(item, "speaker", (str, none), where, required=False),
                words=_words_in(item, where),
            )
        )
    if "\\u" in text:
        _refuse_lone_surrogates(doc)
    return doc


def _refuse_lone_surrogates(doc: Document) -> None:
    """JSON escapes can spell a lone surrogate (``"\\ud800"``), which no UTF-8 file can
    hold; refuse it here, with its cue's line, rather than fail while writing."""
    meta = doc.metadata
    for value in (meta.header, meta.title, meta.channel, meta.url, meta.preamble, doc.vtt_header):
        if value:
            _encodable(value, None)
    for block in doc.vtt_blocks:
        _encodable(block, None)
    for cue in doc.cues:
        for value in (cue.text, cue.id or "", cue.settings, cue.speaker or ""):
            _encodable(value, cue.line or None)


def _encodable(value: str, line: int | None) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _fail("a string holds a lone surrogate escape (\\ud800-\\udfff)", line) from None


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

    def sniff(self, text: str) -> bool:
        return sniff(text)

    def read(self, text: str) -> Document:
        return read(text)

    def write(self, doc: Document) -> str:
        return write(doc)

    def dropped_markup(self, doc: Document) -> set[str]:
        return dropped_markup(doc)

    def dropped(self, doc: Document) -> list[str]:
        return [*notes_between_cues(doc), *markup_notes(self, doc)]


CODEC = Json()
