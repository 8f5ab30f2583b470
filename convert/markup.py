"""Inline markup in cue text: which tags exist and which each format can carry.

Cue text in the model is literal text with inline tags. A tag is markup only if
it is one of the known kinds below; any other ``<`` is a literal character.
"""

from __future__ import annotations

import re
from collections.abc import Callable

BASIC_TAGS = frozenset({"i", "b", "u"})
"""Tags that SRT, WebVTT and Markdown all render."""

VTT_TAGS = frozenset({"i", "b", "u", "c", "v", "lang", "ruby", "rt"})

SRT_TAGS = frozenset({"i", "b", "u", "s", "font"})

SPEAKER_CHANGE = ">>"
"""Text, not a tag: broadcast and YouTube captions start a new speaker's words with it."""

_TAG = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z]+)(?:[.][^<>\s]*)?(?:[ \t][^<>]*)?>"
    r"|<(?P<stamp>(?:[0-9]+:)?[0-9]{2}:[0-9]{2}\.[0-9]{3})>"
)
_ASS_OVERRIDE = re.compile(r"\{\\[A-Za-z][^{}]*\}")
_KNOWN = VTT_TAGS | SRT_TAGS
# The same tags as _TAG, as one capturing group: re.split() then alternates text and tags.
_TAG_SPLIT = re.compile(
    r"(<(?:/?[A-Za-z]+(?:[.][^<>\s]*)?(?:[ \t][^<>]*)?|(?:[0-9]+:)?[0-9]{2}:[0-9]{2}\.[0-9]{3})>)"
)
_TAG_NAME = re.compile(r"</?([A-Za-z]+)")


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
    result = text
    if "<" in text and _unwanted(text, allowed):

        def replace(match: re.Match[str]) -> str:
            if match.group("stamp") is not None:
                if "timestamp" in allowed:
                    return match.group(0)
                removed.add("timestamp")
                return ""
            name = match.group("name").lower()
            if name in allowed or name not in _KNOWN:
                return match.group(0)
            removed.add(name)
            return ""

        result = _TAG.sub(replace, text)
    if "{\\" in result and "ass" not in allowed:
        result, count = _ASS_OVERRIDE.subn("", result)
        if count:
            removed.add("{\\...}")
    return result, removed


def _unwanted(text: str, allowed: frozenset[str]) -> bool:
    """Whether ``text`` holds a known tag outside ``allowed`` (one C-level scan; most cue
    text holds only tags every format keeps, and then nothing needs rewriting)."""
    for _close, name, stamp in _TAG.findall(text):
        kind = "timestamp" if stamp else name.lower()
        if kind not in allowed and (stamp or kind in _KNOWN):
            return True
    return False


def escape_outside_tags(text: str, allowed: frozenset[str], escape: Callable[[str], str]) -> str:
    """``escape`` every part of ``text`` except the tags whose kind is in ``allowed``."""
    parts = _TAG_SPLIT.split(text)
    for index in range(1, len(parts), 2):
        tag = parts[index]
        name = _TAG_NAME.match(tag)
        kind = name.group(1).lower() if name else "timestamp"
        if kind not in allowed:
            parts[index] = escape(tag)
    for index in range(0, len(parts), 2):
        if parts[index]:
            parts[index] = escape(parts[index])
    return "".join(parts)


def contains_markup(text: str) -> bool:
    """True if any part of ``text`` would be read as a tag or an SSA override."""
    return bool(_TAG.search(text) or _ASS_OVERRIDE.search(text))


# A character reference with its semicolon: "&amp;", "&nbsp;", "&#233;", "&#xE9;". Bare
# "&" (as in "Tom & Jerry", "AT&T") and HTML's legacy forms without ";" are left alone.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ENTITY_AHEAD = re.compile(r"&(?=(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)")


def unescape_entities(text: str) -> str:
    """Decode character references that end in ``;`` (SRT players decode them; a bare
    ``&`` stays). Unknown names stay as written."""
    if "&" not in text:
        return text
    import html  # here, not at the top: html.entities costs every start-up ~2 ms

    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def escape_entities(text: str) -> str:
    """Escape the ``&`` of anything that would read back as a character reference, so
    :func:`unescape_entities` gives ``text`` back; other ``&`` stay bare."""
    if "&" not in text:
        return text
    return _ENTITY_AHEAD.sub("&amp;", text)


_SPACE_IN_TAG = re.compile(r"<[ \t]|</[ \t]|[ \t]>")
"""Where :func:`tidy_srt_tags` can change anything: a space after ``<`` or ``</``, or
before ``>``."""
_SPACED_SRT_TAG = re.compile(
    r"<[ \t]*(?:(/)[ \t]*)?(i|b|u|s|font)\b([^<>]*)>", re.IGNORECASE | re.ASCII
)
"""One run of spaces before the slash and one after it: two ``[ \t]*`` side by side with
an optional ``/`` between would split every run of spaces in two ways, quadratic time."""


def tidy_srt_tags(text: str) -> str:
    """``< u>``, ``< /  i >`` and ``<font color="red" >`` as ``<u>``, ``</i>`` and
    ``<font color="red">``: SRT players accept the spaces (pysubs2's bad-tags test), the
    model and the WebVTT parser do not."""
    if "<" not in text or not (" " in text or "\t" in text) or not _SPACE_IN_TAG.search(text):
        return text
    return _SPACED_SRT_TAG.sub(lambda m: f"<{m[1] or ''}{m[2]}{m[3].rstrip()}>", text)


_MARKUP_OR_OVERRIDE = re.compile(_TAG.pattern + r"|(?P<ass>\{\\[A-Za-z][^{}]*\})")


def scan_markup(text: str) -> list[tuple[str, str, str]]:
    """``text`` as (kind, raw, tag name) items in order: ``text`` (literal text, unknown
    tags included), ``open`` and ``close`` (known tags), ``void`` (timestamps and SSA
    overrides, which open nothing). For code that cuts text and must carry markup along."""
    items: list[tuple[str, str, str]] = []
    position = 0
    for match in _MARKUP_OR_OVERRIDE.finditer(text):
        name = (match.group("name") or "").lower()
        if match.group("name") is not None and name not in _KNOWN:
            continue
        if match.start() > position:
            items.append(("text", text[position : match.start()], ""))
        if match.group("stamp") is not None or match.group("ass") is not None:
            items.append(("void", match.group(0), ""))
        elif match.group("close"):
            items.append(("close", match.group(0), name))
        else:
            items.append(("open", match.group(0), name))
        position = match.end()
    if position < len(text):
        items.append(("text", text[position:], ""))
    return items


BREAKING_SPACES = " \t\n\r\f\v"
_GLUED = re.compile(r"[^\S \t\n\r\f\v]")
"""A space that holds words together (no-break, narrow no-break, figure space...)."""
_BREAKING = re.compile(r"[ \t\n\r\f\v]+")


def words_of(text: str) -> list[str]:
    """Words between the spaces a line may break at: ``str.split`` unless the text holds
    a no-break space (ASS ``\\h``, French ``« oui »``), which stays inside its word."""
    if text.isascii() or not _GLUED.search(text):
        return text.split()
    return [word for word in _BREAKING.split(text) if word]
