"""Inline markup in cue text: which tags exist and which each format can carry.

Cue text in the model is literal text with inline tags. A tag is markup only if
it is one of the known kinds below; any other ``<`` is a literal character.
"""

from __future__ import annotations

import re

BASIC_TAGS = frozenset({"i", "b", "u"})
"""Tags that SRT, WebVTT and Markdown all render."""

VTT_TAGS = frozenset({"i", "b", "u", "c", "v", "lang", "ruby", "rt"})

SRT_TAGS = frozenset({"i", "b", "u", "s", "font"})

_TAG = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z]+)(?:[.][^<>\s]*)?(?:[ \t][^<>]*)?>"
    r"|<(?P<stamp>(?:\d+:)?\d{2}:\d{2}\.\d{3})>"
)
_ASS_OVERRIDE = re.compile(r"\{\\[A-Za-z][^{}]*\}")


def has_markup(text: str) -> bool:
    """Fast check: most cues have no ``<`` or ``{`` at all."""
    return "<" in text or "{\\" in text


def keep_tags(text: str, allowed: frozenset[str]) -> tuple[str, set[str]]:
    """Remove known tags that are not in ``allowed``; return the text and what was removed.

    Tags that are not known markup are left as text, so literal ``<`` survives.
    ``{\\an8}``-style SSA overrides (common in SRT) count as markup named ``{\\...}``.
    """
    if not has_markup(text):
        return text, set()
    removed: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        if match.group("stamp") is not None:
            if "timestamp" in allowed:
                return match.group(0)
            removed.add("timestamp")
            return ""
        name = match.group("name").lower()
        if name in allowed or name not in (VTT_TAGS | SRT_TAGS):
            return match.group(0)
        removed.add(name)
        return ""

    result = _TAG.sub(replace, text)
    if "{\\" in result and "ass" not in allowed:
        result, count = _ASS_OVERRIDE.subn("", result)
        if count:
            removed.add("{\\...}")
    return result, removed


def tag_spans(text: str, allowed: frozenset[str]) -> list[tuple[int, int]]:
    """Start and end offsets of the tags in ``text`` whose kind is in ``allowed``."""
    spans = []
    for match in _TAG.finditer(text):
        if match.group("stamp") is not None:
            if "timestamp" in allowed:
                spans.append(match.span())
        elif match.group("name").lower() in allowed:
            spans.append(match.span())
    return spans


def contains_markup(text: str) -> bool:
    """True if any part of ``text`` would be read as a tag or an SSA override."""
    return bool(_TAG.search(text) or _ASS_OVERRIDE.search(text))
