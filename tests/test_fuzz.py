"""Fixed-budget fuzzing: any bytes into any reader give a document or our own error.

The budget is fixed (``SUBCONV_FUZZ_EXAMPLES`` examples per property, no
deadline) so the run takes the same few seconds in CI every time; raise it
locally for a longer hunt. Inputs are both raw bytes and text built from the
pieces that make SRT, WebVTT and transcripts hard (timing lines, arrows, NUL,
BOMs, CR, tags, digits), encoded in several ways.
"""

from __future__ import annotations

import codecs
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert import api
from convert.errors import (
    DecodeError,
    ParseError,
    ProblemsFound,
    SubconvError,
    TimingError,
    UsageError,
)
from convert.markup import escape_entities, unescape_entities
from convert.model import Document
from convert.textio import encode_output

settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("SUBCONV_FUZZ_EXAMPLES", "250")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize="SUBCONV_FUZZ_RANDOM" not in os.environ,
)
FUZZ = settings.get_profile("fuzz")

FORMATS = ("transcript", "srt", "vtt", "json")

PIECES = [
    "WEBVTT",
    "WEBVTT ",
    "\ufeff",
    "\x00",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    "\t",
    "\f",
    "-->",
    "->",
    " --> ",
    "00:00:01,000",
    "00:00:01.000",
    "00:01.000",
    "-0:00:01,5",
    "99999999999:00:00.000",
    "1",
    "2",
    "NOTE",
    "STYLE",
    "REGION",
    "Region: id=x",
    "::cue { color: red }",
    "X1:40 X2:600",
    "align:start position:0%",
    "<i>",
    "</i>",
    "<c.x>",
    "<00:00:01.500>",
    "{\\an8}",
    "&amp;",
    "&",
    "<",
    "text",
    "日本語",
    "---",
    "Length: 12s",
    "# Title",
    "*  said [[00:00:04](https://youtu.be/x?t=4.38s)]",
    '{"cues": [',
    '{"start_ms": 0, "end_ms": 1, "text": "a"}',
    '{"start_ms": 0, "end_ms": 1, "text": "\\ud800", "id": "\\udc00"}',
    "]}",
]
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "gb18030")

structured = st.builds(
    lambda parts, enc: "".join(parts).encode(enc, errors="replace"),
    st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=40),
    st.sampled_from(ENCODINGS),
)
anything = st.binary(max_size=400) | structured


def _read(data: bytes, fmt: str) -> Document | SubconvError:
    try:
        return api.read(data, fmt)
    except SubconvError as exc:
        return exc


def _check(result: Document | SubconvError, fmt: str) -> None:
    """What any input gives: a document whose every problem and cue has a line, or one of
    our errors that names the place, with the line wherever the input has one to name."""
    if isinstance(result, SubconvError):
        if isinstance(result, UsageError):  # only when no format was named and none fits
            assert result.message.startswith("cannot tell the format"), result
            return
        assert result.path == "<bytes>", result
        if isinstance(result, (DecodeError, ParseError)):
            # Only JSON nested too deeply has no line to name (the decoder gives none).
            assert (result.line is not None and result.line >= 1) or result.message.startswith(
                "JSON nested too deeply"
            ), result
        return
    for problem in result.problems:
        assert problem.line is not None or problem.code == "W005", problem
    for cue in result.cues:
        assert cue.start_ms >= 0


@FUZZ
@given(data=anything, fmt=st.sampled_from(FORMATS))
def test_any_bytes_give_a_document_or_our_error(data: bytes, fmt: str) -> None:
    _check(_read(data, fmt), fmt)


@FUZZ
@given(data=anything)
def test_any_bytes_sniffed(data: bytes) -> None:
    """Without a format name the content decides, or a usage error says it cannot."""
    try:
        doc = api.read(data)
    except SubconvError as exc:
        _check(exc, "json")  # json is the loosest case: its errors may lack a line
        return
    assert doc.source_format in FORMATS
    _check(doc, doc.source_format)


@FUZZ
@given(data=structured, source=st.sampled_from(FORMATS), target=st.sampled_from(FORMATS))
def test_whatever_reads_also_converts(data: bytes, source: str, target: str) -> None:
    """A document that reads can be prepared and written in every format, or is refused
    with our error; the output is valid UTF-8 and reads back in its own format."""
    doc = _read(data, source)
    if isinstance(doc, SubconvError):
        return
    try:
        api.prepare(doc, target, api.Options(lenient=True, estimate_timing=True))
    except (TimingError, ProblemsFound):
        return
    text = api.dumps(doc, target)
    out = encode_output(text)
    assert not out.startswith(codecs.BOM_UTF8) and b"\r" not in out
    again = api.read(out, target)
    assert [c.start_ms for c in again.cues] == [c.start_ms for c in doc.cues]
    if target != "transcript":  # a transcript holds no ends
        assert [c.end_ms for c in again.cues] == [c.end_ms for c in doc.cues]
    if target == "json":  # JSON holds the text exactly
        assert [c.text for c in again.cues] == [c.text for c in doc.cues]


@FUZZ
@given(text=st.text(alphabet=st.sampled_from("&;#xX09aAz<> \n"), max_size=40) | st.text())
def test_srt_entity_escaping_round_trips(text: str) -> None:
    assert unescape_entities(escape_entities(text)) == text
