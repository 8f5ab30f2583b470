"""Who speaks a cue, in the forms formats give it: ``Cue.speaker``, WebVTT voice spans
(``<v Name>text</v>``) and SRT ``Name: `` prefixes.

A cue has one speaker, or none. A cue that holds several turns (two turns of meeting
notes that start in the same second) has no ``speaker``: its text holds one voice span
per turn, as WebVTT itself would write it, and :func:`turns` splits it again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import Problem
from .model import Cue
from .timing import format_ms

VOICE = re.compile(r"<v(?:\.[^\s<>]*)?[ \t]+([^<>\n]*?)[ \t]*>")
"""A WebVTT voice start tag with its name (classes allowed)."""
_PLAIN_VOICE = re.compile(r"<v[ \t]+([^<>\n]*?)[ \t]*>")
_VOICE_END = "</v>"


def voice_span(name: str, text: str) -> str:
    """``<v Name>text</v>``: a turn inside a cue's text."""
    return f"<v {name}>{text}{_VOICE_END}"


def turns(cue: Cue) -> list[tuple[str | None, str]]:
    """The cue's turns as (speaker, text): one for a cue with a speaker or no voice span,
    one per voice span otherwise (text before the first span is a turn without a name)."""
    text = cue.text
    if cue.speaker is not None or "<v" not in text:
        return [(cue.speaker, text)]
    parts = VOICE.split(text)
    found: list[tuple[str | None, str]] = []
    if parts[0].strip():
        found.append((None, parts[0].strip("\n")))
    for index in range(1, len(parts), 2):
        body, _, after = parts[index + 1].partition(_VOICE_END)
        found.append((parts[index].strip() or None, body.strip("\n")))
        if after.strip():  # text after a closed span belongs to no voice
            found.append((None, after.strip("\n")))
    return found or [(None, text)]


def single_voice(text: str) -> tuple[str, str] | None:
    """(name, text) when the whole of ``text`` is one voice span without classes, as
    subconv writes a cue's speaker in WebVTT; None for anything else."""
    match = _PLAIN_VOICE.match(text)
    if match is None or not match.group(1):
        return None
    inner = text[match.end() :]
    inner = inner.removesuffix(_VOICE_END)
    if _VOICE_END in inner or VOICE.search(inner):
        return None
    return match.group(1), inner


def read_voices(cues: Sequence[Cue]) -> None:
    """Move each cue's single voice span into ``Cue.speaker``, in place (WebVTT input)."""
    for cue in cues:
        if cue.speaker is None and cue.text.startswith("<v"):
            found = single_voice(cue.text)
            if found is not None:
                cue.speaker, cue.text = found


def as_prefixes(cue: Cue) -> str:
    """The cue's text with its speaker (or each voice span's) as a ``Name: `` prefix, as
    SRT writes speakers."""
    text = cue.text
    if cue.speaker:
        return f"{' '.join(cue.speaker.split())}: {text}"
    if "<v" in text:
        text = VOICE.sub(lambda m: f"{m.group(1)}: " if m.group(1) else "", text)
        text = text.replace(_VOICE_END, "")
    return text


def without_speakers(cues: Sequence[Cue]) -> None:
    """Drop every speaker and voice span, keeping the words (``--no-speakers``)."""
    for cue in cues:
        cue.speaker = None
        if "<v" in cue.text:
            cue.text = VOICE.sub("", cue.text).replace(_VOICE_END, "")


def has_speakers(cues: Sequence[Cue]) -> bool:
    """Whether some cue has a speaker or a voice span."""
    return any(
        cue.speaker is not None or ("<v" in cue.text and VOICE.search(cue.text) is not None)
        for cue in cues
    )


# --- SRT "Name: " prefixes ----------------------------------------------------------------

_PREFIX = re.compile(r"(\w[\w'.-]*(?: \w[\w'.-]*){0,2}): (?=\S)")
MAX_NAME = 30
_NOT_NAMES = """
    note notes nb warning caution important tip hint example examples update edit edited
    ps re fwd subject question answer q a step chapter part episode season scene title
    source sources credit credits translation translator translated subtitles captions
    caption music lyrics song sound location date time previously summary disclaimer
    info news breaking live quote via see also fact reminder error todo fixme
"""
NOT_NAMES = frozenset(_NOT_NAMES.split())
"""Words that introduce text, not a speaker, when they start a caption (``Note: ...``)."""


def _prefix_name(text: str) -> str | None:
    """The speaker name at the start of ``text``, by the conservative rule: one to three
    words, each starting with a capital letter (``Geohot``, ``SPEAKER_03``, ``Dr. Who``),
    at most 30 characters, then ``: `` and more text on the same line; not a word that
    introduces text (``Note:``, ``Update:``). ``10:30`` and ``http:`` never match."""
    if ": " not in text:
        return None
    match = _PREFIX.match(text)
    if match is None:
        return None
    name = match.group(1)
    words = name.split(" ")
    if len(name) > MAX_NAME or not all(word[0].isupper() for word in words):
        return None
    if words[0].lower().rstrip(".") in NOT_NAMES:
        return None
    return name


def read_prefixes(cues: Sequence[Cue]) -> None:
    """Move SRT ``Name: `` prefixes into ``Cue.speaker``, in place, when the file uses
    them: at least two cues start with one and some name starts two cues or more. A
    single ``Note: ...`` or ``Chapter One: ...`` is text, never a speaker."""
    found: list[tuple[Cue, str]] = []
    seen: set[str] = set()
    repeated = False
    for cue in cues:
        if cue.speaker is None:
            name = _prefix_name(cue.text)
            if name is not None:
                found.append((cue, name))
                repeated = repeated or name in seen
                seen.add(name)
    if len(found) < 2 or not repeated:
        return
    for cue, name in found:
        cue.speaker = name
        cue.text = cue.text[len(name) + 2 :]


# --- turns that start together ------------------------------------------------------------


def _as_voice(cue: Cue) -> str:
    return voice_span(cue.speaker, cue.text) if cue.speaker is not None else cue.text


def merge_same_starts(cues: list[Cue]) -> list[Problem]:
    """Join each cue without an end that starts when the one before it starts into that
    cue, each turn a voice span, in place; one warning (W008) per turn joined."""
    problems: list[Problem] = []
    kept: list[Cue] = []
    for cue in cues:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and cue.start_ms == previous.start_ms
            and cue.end_ms is None
            and previous.end_ms is None
        ):
            previous.text = "\n".join(
                part for part in (_as_voice(previous), _as_voice(cue)) if part
            )
            previous.speaker = None
            problems.append(
                Problem(
                    cue.line,
                    f"turn starts at {format_ms(cue.start_ms)}, as the one before it (line "
                    f"{previous.line}): both are kept in one cue, each with its speaker",
                    code="W008",
                )
            )
        else:
            kept.append(cue)
    if problems:
        cues[:] = kept
    return problems
