"""WebVTT (.vtt), read with the WHATWG/W3C WebVTT parser algorithm.

The reader follows the specification's block-collecting parser, so it accepts
and rejects what browsers do (the W3C file-parsing tests are the yardstick).
Where a browser silently skips a block that is not a valid cue, the reader
records an error with its line, so a conversion never drops a cue silently.

The writer always writes hours, escapes ``&``, ``<`` and ``>`` outside known
tags (so ``-->`` never appears in a payload), and carries transcript metadata
in a ``NOTE subconv-metadata`` block of one JSON line.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from ..errors import ParseError, Problem
from ..markup import VTT_TAGS, escape_outside_tags, keep_tags
from ..model import Cue, Document, Metadata
from ..speakers import read_voices
from . import clock
from .base import Codec, markup_notes, plural
from .family import estimated_problem

_WS = " \t\n\f\r"
_TS = r"([0-9]+):([0-9]+)(?::([0-9]+))?\.([0-9]+)"
"""ASCII digits only, as in the specification and browsers (``\\d`` takes any script's)."""
_TIMING = re.compile(rf"[{_WS}]*{_TS}[{_WS}]*-->[{_WS}]*{_TS}(.*)", re.DOTALL)
METADATA_NOTE = "NOTE subconv-metadata"
ESTIMATED_NOTE = (
    "NOTE Timing estimated by subconv: the transcript had no timestamps, so its Length was\n"
    "spread over the segments in proportion to their text. Starts are not exact."
)
VTT_KEEP = VTT_TAGS | frozenset({"timestamp"})


@dataclass(slots=True)
class RawCue:
    """A cue exactly as the parser algorithm yields it (text unescaped by nobody yet)."""

    id: str
    start_ms: int
    end_ms: int
    settings: str
    text: str
    line: int


@dataclass(slots=True)
class Parsed:
    """Everything in a WebVTT file that subconv keeps, before mapping to the model."""

    header: str = ""
    cues: list[RawCue] = field(default_factory=list)
    blocks: list[tuple[int, int, str]] = field(default_factory=list)
    """STYLE, REGION and NOTE blocks in source order, raw with their keyword line, as
    (line, number of cues before the block, text)."""
    problems: list[Problem] = field(default_factory=list)


def _timestamp(first: str, second: str, third: str | None, fraction: str) -> int | None:
    """The spec's 'collect a WebVTT timestamp' on pre-split digit runs; None if invalid.

    ``first`` is hours when it is not two digits, is over 59 or a third field
    follows; every other field must be exactly two digits, the fraction three.
    """
    if len(second) != 2 or len(fraction) != 3 or len(first) > 9:
        # Hours of ten digits or more (over 100,000 years) are refused rather than
        # handed to int() unbounded.
        return None
    if third is None:
        if len(first) != 2 or int(first) > 59:
            return None
        hours, minutes, seconds = 0, int(first), int(second)
    else:
        if len(third) != 2:
            return None
        hours, minutes, seconds = int(first), int(second), int(third)
    if minutes > 59 or seconds > 59:
        return None
    return (hours * 3600 + minutes * 60 + seconds) * 1000 + int(fraction)


def parse_timing(line: str) -> tuple[int, int, str] | None:
    """Start, end and settings of a timing line, or None where the spec fails it."""
    match = _TIMING.match(line)
    if match is None:
        return None
    g = match.groups()
    start = _timestamp(g[0], g[1], g[2], g[3])
    end = _timestamp(g[4], g[5], g[6], g[7])
    if start is None or end is None:
        return None
    return start, end, " ".join(g[8].split())


def _is_keyword_block(buffer: str, keyword: str) -> bool:
    return buffer.startswith(keyword) and not buffer[len(keyword) :].strip(_WS)


def parse(text: str) -> Parsed:
    """Run the WebVTT parser algorithm over decoded text (LF newlines, BOM removed)."""
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    lines = text.split("\n")
    last = len(lines) - 1
    signature = lines[0]
    if not signature.startswith("WEBVTT") or (len(signature) > 6 and signature[6] not in " \t"):
        raise ParseError("not a WebVTT file: the first line must be 'WEBVTT'", line=1)
    result = Parsed(header=signature[6:])

    def past_end(i: int) -> bool:
        return i > last or (i == last and lines[i] == "")

    seen_cue = False
    index = 1

    def collect_block(in_header: bool) -> tuple[str, object, int]:
        """One block, as the spec collects it: (kind, cue or text or bad line, first line)."""
        nonlocal index, seen_cue
        line_count = 0
        previous = index
        buffer: list[str] = []
        seen_arrow = False
        cue: RawCue | None = None
        kind = ""
        keyword = ""
        first_line = index + 1
        failed_timing = 0
        while True:
            line = lines[index]
            number = index + 1
            line_count += 1
            seen_eof = index == last
            index += 1
            if "-->" in line:
                if not in_header and (line_count == 1 or (line_count == 2 and not seen_arrow)):
                    seen_arrow = True
                    previous = index
                    timing = parse_timing(line)
                    if timing is None:
                        cue = None
                        failed_timing = number
                        if not buffer:
                            buffer = [line]
                    else:
                        cue = RawCue("\n".join(buffer), timing[0], timing[1], timing[2], "", number)
                        buffer = []
                        seen_cue = True
                else:
                    index = previous
                    break
            elif line == "":
                break
            else:
                if not in_header and line_count == 2 and not seen_cue and not failed_timing:
                    joined = "\n".join(buffer)
                    if _is_keyword_block(joined, "STYLE"):
                        kind, keyword, buffer = "style", joined, []
                    elif _is_keyword_block(joined, "REGION"):
                        kind, keyword, buffer = "region", joined, []
                buffer.append(line)
                previous = index
            if seen_eof:
                break
        body = "\n".join(buffer)
        if cue is not None:
            cue.text = body
            return "cue", cue, first_line
        if kind:
            return kind, f"{keyword}\n{body}", first_line
        if in_header:
            return "header", body, first_line
        if failed_timing:
            # buffer[0] is the block's first line: an id line, or the failed line itself.
            return "bad-timing", (failed_timing, lines[failed_timing - 1], buffer[0]), first_line
        return "other", body, first_line

    if not past_end(index):
        if lines[index] != "":
            block = collect_block(in_header=True)
            if block[0] == "header" and block[1]:
                result.header += "\n" + str(block[1])
        else:
            index += 1
    while not past_end(index) and lines[index] == "":
        index += 1
    problems = result.problems
    while not past_end(index):
        kind, value, first = collect_block(in_header=False)
        if kind == "cue":
            assert isinstance(value, RawCue)
            result.cues.append(value)
        elif kind in ("style", "region"):
            result.blocks.append((first, 0, str(value)))
        elif kind == "bad-timing":
            assert isinstance(value, tuple)
            problems.append(_bad_timing_problem(*value, block_line=first))
        else:
            body = str(value)
            if body == "NOTE" or body.startswith(("NOTE ", "NOTE\t", "NOTE\n")):
                result.blocks.append((first, len(result.cues), body))
            else:
                problems.append(_other_block_problem(first, body, seen_cue))
        while not past_end(index) and lines[index] == "":
            index += 1
    return result


_KEYWORDS = ("NOTE", "STYLE", "REGION", "Region:")


def _is_keyword_line(line: str) -> bool:
    """A line that starts a comment, style or region block, never a cue."""
    return line.startswith(_KEYWORDS) and (
        line.startswith("Region:") or line.split(None, 1)[0] in _KEYWORDS
    )


def _bad_timing_problem(number: int, line: str, first: str, *, block_line: int) -> Problem:
    """An error for a would-be cue with a bad timing line; a warning for a NOTE or STYLE
    block that holds ``-->`` (invalid, and ignored by browsers, but not a lost cue)."""
    if _is_keyword_line(first):
        kind = first.split(None, 1)[0].rstrip(":").upper()
        return Problem(
            block_line,
            f"{kind} block containing '-->' is not valid WebVTT; ignored, as browsers do",
            code="W013",
        )
    return Problem(
        number,
        f"malformed timing line {_preview(line)}: {_timing_hint(line)}; browsers skip this cue",
        code="E001",
    )


def _timing_hint(line: str) -> str:
    """Why a line with ``-->`` is not a WebVTT timing line, in terms a user can act on."""
    start, _, end = line.partition("-->")
    # split() also splits at Unicode spaces (U+00A0) that _WS keeps: it may give nothing.
    for stamp in (start.strip(_WS), (end.strip(_WS).split(None, 1) or [""])[0]):
        if not stamp:
            return "a timestamp is missing"
        if "," in stamp:
            return f"{stamp!r} has a comma; WebVTT uses '.' before the milliseconds"
        if "." not in stamp:
            return f"{stamp!r} has no milliseconds; WebVTT needs '.mmm'"
        if _ONE_TIMESTAMP.fullmatch(stamp) is None:
            return f"{stamp!r} is not [HH:]MM:SS.mmm"
        fields = stamp.replace(".", ":").split(":")
        if len(fields) == 4 and len(fields[0]) > 9:
            return f"{stamp!r} has hours of ten digits or more"
        if len(fields[-1]) != 3:
            digits = len(fields[-1])
            return f"{stamp!r} has {digits} digit{'s' * (digits != 1)} after '.'; WebVTT needs 3"
        if any(len(f) != 2 for f in fields[-3:-1]):
            return f"{stamp!r} needs two-digit minutes and seconds"
        if any(int(f) > 59 for f in fields[-3:-1]):
            return f"{stamp!r} has minutes or seconds over 59"
    return "timestamps must be [HH:]MM:SS.mmm"


_ONE_TIMESTAMP = re.compile(r"[0-9]+:[0-9]+(?::[0-9]+)?\.[0-9]+")


def _other_block_problem(first: int, body: str, seen_cue: bool) -> Problem:
    """What to say about a block that is neither a cue nor a NOTE, STYLE or REGION block."""
    if not body.strip():
        return Problem(first, "a block of only spaces is ignored", code="W013")
    head = body.split("\n", 1)[0]
    if head.startswith(("STYLE", "REGION")) and seen_cue:
        return Problem(
            first,
            f"{head.split()[0]} block after the first cue is ignored, as browsers do",
            code="W003",
        )
    if head.startswith("Region:"):
        return Problem(
            first,
            "old-style 'Region:' setting outside the header is ignored, as browsers do",
            code="W013",
        )
    return Problem(
        first,
        f"text without a timing line is ignored by browsers: {_preview(body)}"
        + (" (a blank line inside a cue's text ends the cue)" if seen_cue else ""),
        code="E001",
    )


def _preview(text: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    return repr(first if len(first) <= 50 else first[:47] + "...")


def sniff(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("WEBVTT")


def read(text: str) -> Document:
    """Parse WebVTT; a cue that is one voice span (``<v Name>text</v>``) gets its speaker."""
    doc = read_fast(text)
    if doc is None:
        doc = read_careful(text)
    read_voices(doc.cues)
    return doc


# The fast path: one regex over the whole text for files made only of the signature line
# and plain cue blocks (optional identifier, ``[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm`` with
# optional settings, text lines, empty lines). Anything else (NOTE, STYLE, REGION, header
# lines, odd spacing, a ``-->`` in a text line) makes it give up, and the specification's
# parser runs instead, so both give the same Document (tests/test_fastpaths.py checks it).
_FAST_SIGNATURE = re.compile(r"WEBVTT((?:[ \t][^\n]*)?)\n\n+")
_FAST_CLOCK = r"(?:([0-9]{1,9}):)?([0-5][0-9]):([0-5][0-9])\.([0-9]{3})"
_FAST_BLOCK = re.compile(
    rf"(?:([^\n]+)\n)??{_FAST_CLOCK} --> {_FAST_CLOCK}((?:[ \t][^\n]*)?)\n((?:[^\n]+\n)*)(\n*)"
)


def read_fast(text: str) -> Document | None:
    """The careful reader's result for a plain file, or None to say 'use the careful one'."""
    if "\x00" in text:
        return None
    if not text.endswith("\n"):
        text += "\n"
    signature = _FAST_SIGNATURE.match(text)
    if signature is None:
        return None
    doc = Document(vtt_header=signature.group(1))
    cues = doc.cues
    append = cues.append
    unescape = html.unescape
    position = signature.end()
    line = text.count("\n", 0, position) + 1  # the line the next block starts on
    end = len(text)
    match_at = _FAST_BLOCK.match
    while position < end:
        # Anchored at each block, never searching on: linear in a long irregular line.
        match = match_at(text, position)
        if match is None:
            return None
        cue_id, h1, m1, s1, f1, h2, m2, s2, f2, settings, body, blank = match.groups()
        if cue_id is not None:
            line += 1
        body = body[:-1]
        append(
            Cue(
                (int(h1 or 0) * 3600 + int(m1) * 60 + int(s1)) * 1000 + int(f1),
                (int(h2 or 0) * 3600 + int(m2) * 60 + int(s2)) * 1000 + int(f2),
                unescape(body) if "&" in body else body,
                line,
                cue_id or None,
                " ".join(settings.split()) if settings else "",
            )
        )
        line += 1 + body.count("\n") + (1 if body else 0) + len(blank)
        position = match.end()
    # Each timing line has one "-->"; any other (in an identifier or a text line) would
    # split blocks differently in the specification's parser.
    if not cues or text.count("-->") != len(cues):
        return None
    return doc


def read_careful(text: str) -> Document:
    """The specification's parser, mapped to the model; the reference for the fast path."""
    parsed = parse(text)
    doc = Document(problems=parsed.problems)
    doc.vtt_header = parsed.header
    unescape = html.unescape
    for raw in parsed.cues:
        text = unescape(raw.text) if "&" in raw.text else raw.text
        doc.cues.append(
            Cue(raw.start_ms, raw.end_ms, text, raw.line, id=raw.id or None, settings=raw.settings)
        )
    cues = doc.cues
    for line, cues_before, block in parsed.blocks:
        if block.startswith(METADATA_NOTE + "\n"):
            doc.metadata = _metadata_from_note(block, line, doc.problems)
            if doc.metadata.estimated_timing:
                doc.problems.append(estimated_problem(line))
        elif block == ESTIMATED_NOTE:
            continue  # written again from the metadata's estimated_timing
        elif cues_before == 0:
            doc.vtt_blocks.append(block)
        else:
            anchor = cues[cues_before].line if cues_before < len(cues) else None
            doc.vtt_notes.append((anchor, block))
    return doc


def _metadata_from_note(note: str, line: int, problems: list[Problem]) -> Metadata:
    try:
        data = json.loads(note.split("\n", 1)[1])
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return Metadata(
            header=_str_or_none(data.get("header")),
            title=_str_or_none(data.get("title")),
            channel=_str_or_none(data.get("channel")),
            url=_str_or_none(data.get("url")),
            estimated_timing=bool(data.get("estimated_timing", False)),
            preamble=_str_or_none(data.get("preamble")),
        )
    except (ValueError, TypeError) as exc:
        problems.append(
            Problem(line + 1, f"unreadable subconv metadata note ({exc}); ignored", code="W004")
        )
        return Metadata()


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected a string, found {type(value).__name__}")
    return value


def format_time(ms: int) -> str:
    """``HH:MM:SS.mmm``, hours always written and never wrapped."""
    return clock.format_clock(ms, ".")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(text: str) -> str:
    """Cue text as a WebVTT payload: known tags kept, everything else escaped, no blank line."""
    if "<" in text or "{\\" in text:
        text, _ = keep_tags(text, VTT_KEEP)
    if "<" in text:
        text = escape_outside_tags(text, VTT_KEEP, _escape)
    elif "&" in text or ">" in text:
        text = _escape(text)
    if "\n" in text and ("\n\n" in text or text.startswith("\n") or text.endswith("\n")):
        text = "\n".join(line for line in text.split("\n") if line)
    return text


def voice(name: str, text: str) -> str:
    """A cue's speaker as a voice span around its payload: ``<v Name>text</v>``."""
    return f"<v {' '.join(_escape(name).split())}>{text}</v>"


def _metadata_note(meta: Metadata) -> str:
    data = {
        "header": meta.header,
        "title": meta.title,
        "channel": meta.channel,
        "url": meta.url,
    }
    if meta.estimated_timing:
        data["estimated_timing"] = True  # type: ignore[assignment]
    if meta.preamble is not None:
        data["preamble"] = meta.preamble
    line = json.dumps(data, ensure_ascii=False).replace(">", "\\u003e")
    return f"{METADATA_NOTE}\n{line}"


def _usable_id(cue_id: str | None) -> str | None:
    if not cue_id or "-->" in cue_id or "\n" in cue_id:
        return None
    return cue_id


def _usable_header(header: str) -> bool:
    """A header that reads back as itself: no blank line (it would end the header) and no
    ``-->`` (it would make a cue)."""
    return "\n\n" not in header and "-->" not in header and not header.endswith("\n")


def _signature(header: str) -> str:
    """``WEBVTT`` and the header: text on the signature line must follow a space or a tab
    (a header ``X`` from JSON would otherwise make ``WEBVTTX``, not a WebVTT file)."""
    if not _usable_header(header):
        return "WEBVTT"
    if header and header[0] not in " \t\n":
        header = " " + header
    return "WEBVTT" + header


def _settings(settings: str) -> str:
    """Cue settings on the timing line: whitespace runs, line breaks included, are one
    space, as the reader gives them back (a line break would end the timing line)."""
    return " ".join(settings.split())


def write(doc: Document) -> str:
    out = [f"{_signature(doc.vtt_header)}\n\n"]
    meta = doc.metadata
    if meta.estimated_timing:
        out.append(ESTIMATED_NOTE + "\n\n")
    if not meta.is_empty():
        out.append(_metadata_note(meta) + "\n\n")
    for block in doc.vtt_blocks:
        if _usable_block(block):
            out.append(block + "\n\n")
    notes: dict[int | None, list[str]] = {}
    for anchor, note in doc.vtt_notes:
        if _usable_block(note):
            notes.setdefault(anchor, []).append(note + "\n\n")
    # NOTE blocks between cues are placed by the careful loop; without them, the fast one.
    fast = None if notes else _cue_blocks_fast(doc.cues)
    if fast is not None:
        out.append(fast)
        cues: list[Cue] = []
    else:
        cues = doc.cues
    for cue in cues:
        if notes and cue.line in notes:
            out.extend(notes.pop(cue.line))
        if cue.end_ms is None:
            raise ValueError("WebVTT needs every cue's end; infer ends before writing")
        cue_id = _usable_id(cue.id)
        if cue_id is not None:
            out.append(cue_id + "\n")
        timing = f"{format_time(cue.start_ms)} --> {format_time(cue.end_ms)}"
        if cue.settings:
            timing += " " + _settings(cue.settings)
        text = payload(cue.text)
        if cue.speaker:
            text = voice(cue.speaker, text)
        out.append(f"{timing}\n{text}\n\n" if text else f"{timing}\n\n")
    for left in notes.values():
        out.extend(left)
    result = "".join(out)
    return result[:-1] if result.endswith("\n\n") else result


def _usable_block(block: str) -> bool:
    """A STYLE, REGION or NOTE block that reads back as itself (blocks can come from JSON)."""
    return (
        "\n\n" not in block
        and "-->" not in block
        and not block.endswith("\n")
        and block.split("\n", 1)[0].split(None, 1)[0:1] in (["NOTE"], ["STYLE"], ["REGION"])
    )


def unwritable(doc: Document) -> list[str]:
    """What :func:`write` leaves out or changes because WebVTT would read it back as
    something else (ids, settings, headers and blocks can come from JSON)."""
    notes = []
    ids = sum(1 for cue in doc.cues if cue.id and _usable_id(cue.id) is None)
    if ids:
        notes.append(f"cue identifiers holding '-->' or a line break on {plural(ids, 'cue')}")
    settings = sum(1 for cue in doc.cues if "\n" in cue.settings)
    if settings:
        notes.append(f"line breaks in cue settings on {plural(settings, 'cue')}")
    if not _usable_header(doc.vtt_header):
        notes.append("a header holding a blank line or '-->'")
    blocks = [b for b in (*doc.vtt_blocks, *(n for _, n in doc.vtt_notes)) if not _usable_block(b)]
    if blocks:
        notes.append(
            plural(len(blocks), "block") + " not a STYLE, REGION or NOTE block WebVTT can hold"
        )
    return notes


def _cue_blocks_fast(cue_list: list[Cue]) -> str | None:
    """The cue blocks :func:`write` makes one at a time, with clocks looked up and plain
    text passed through; None when a cue has no end (the careful loop then raises)."""
    minutes, rest = clock.tables(".", len(cue_list))
    out: list[str] = []
    append = out.append
    for cue in cue_list:
        end = cue.end_ms
        if end is None:
            return None
        start = cue.start_ms
        timing = (
            f"{minutes[start // 60000]}{rest[start % 60000]} --> "
            f"{minutes[end // 60000]}{rest[end % 60000]}"
        )
        if cue.id or cue.settings:
            cue_id = _usable_id(cue.id)
            if cue_id is not None:
                timing = f"{cue_id}\n{timing}"
            if cue.settings:
                timing += " " + _settings(cue.settings)
        text = cue.text
        if (
            "<" in text
            or "&" in text
            or ">" in text
            or "{" in text
            or ("\n" in text and ("\n\n" in text or text[0] == "\n" or text[-1] == "\n"))
        ):
            text = payload(text)
        if cue.speaker:
            text = voice(cue.speaker, text)
        append(f"{timing}\n{text}\n\n" if text else f"{timing}\n\n")
    return "".join(out)


def dropped_markup(doc: Document) -> set[str]:
    removed: set[str] = set()
    for cue in doc.cues:
        if "<" in cue.text or "{\\" in cue.text:
            removed |= keep_tags(cue.text, VTT_KEEP)[1]
    return removed


class WebVTT(Codec):
    """WebVTT holds everything WebVTT-specific; only markup it does not know is dropped."""

    encoding_note = "WebVTT must be UTF-8, and browsers would show these bytes as U+FFFD"
    keeps_speakers = True
    keeps_webvtt_extras = True

    sniff = staticmethod(sniff)
    read = staticmethod(read)
    write = staticmethod(write)
    dropped_markup = staticmethod(dropped_markup)

    def dropped(self, doc: Document) -> list[str]:
        return [*unwritable(doc), *markup_notes(self, doc)]


CODEC = WebVTT()
