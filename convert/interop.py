"""Hand documents to and from pysrt and webvtt-py, for code that already uses them.

subconv reads and writes files with its own single-pass readers (they report every
problem with its line, follow the WebVTT parsing rules and are several times faster);
these bridges let a script mix subconv with existing pysrt or webvtt-py code. The
libraries are imported only when a bridge is called.
"""

from __future__ import annotations

import html
from typing import Any

from .formats.vtt import payload as vtt_payload
from .formats.vtt import voice
from .model import Cue, Document
from .speakers import as_prefixes, read_prefixes, read_voices


def to_pysrt(doc: Document) -> Any:
    """A ``pysrt.SubRipFile`` with the document's cues (ends must be known)."""
    import pysrt

    items = []
    for number, cue in enumerate(doc.cues, 1):
        if cue.end_ms is None:
            raise ValueError("every cue needs an end; use convert.prepare() first")
        items.append(
            pysrt.SubRipItem(
                index=number,
                start=pysrt.SubRipTime.from_ordinal(cue.start_ms),
                end=pysrt.SubRipTime.from_ordinal(cue.end_ms),
                text=as_prefixes(cue),
            )
        )
    return pysrt.SubRipFile(items=items)


def from_pysrt(subs: Any) -> Document:
    """A document from a ``pysrt.SubRipFile`` (or any iterable of ``SubRipItem``)."""
    doc = Document(source_format="srt")
    for item in subs:
        doc.cues.append(Cue(item.start.ordinal, item.end.ordinal, item.text))
    read_prefixes(doc.cues)
    return doc


def to_webvtt(doc: Document) -> Any:
    """A ``webvtt.WebVTT`` with the document's cues, ids and settings; payloads escaped."""
    import webvtt

    from .formats.vtt import format_time

    captions = []
    for cue in doc.cues:
        if cue.end_ms is None:
            raise ValueError("every cue needs an end; use convert.prepare() first")
        captions.append(
            webvtt.Caption(
                start=format_time(cue.start_ms),
                end=format_time(cue.end_ms),
                text=voice(cue.speaker, vtt_payload(cue.text))
                if cue.speaker
                else vtt_payload(cue.text),
                identifier=cue.id,
                settings=cue.settings or None,
            )
        )
    return webvtt.WebVTT(captions=captions)


def from_webvtt(captions: Any) -> Document:
    """A document from a ``webvtt.WebVTT`` (or any iterable of ``webvtt.Caption``)."""
    doc = Document(source_format="vtt")
    for caption in captions:
        text = caption.raw_text
        doc.cues.append(
            Cue(
                caption.start_time.in_milliseconds(),
                caption.end_time.in_milliseconds(),
                html.unescape(text) if "&" in text else text,
                id=caption.identifier or None,
                settings=" ".join(str(caption.settings or "").split()),
            )
        )
    read_voices(doc.cues)
    return doc
