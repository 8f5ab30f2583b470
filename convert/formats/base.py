"""The base class of a format's code, for format modules (it lives in :mod:`convert.codec`,
beside nothing, so the registry can name it without importing the formats package)."""

from __future__ import annotations

from ..codec import Codec, every_tag, markup_notes, notes_between_cues, plural, webvtt_cue_extras

__all__ = [
    "Codec",
    "every_tag",
    "markup_notes",
    "notes_between_cues",
    "plural",
    "webvtt_cue_extras",
]
