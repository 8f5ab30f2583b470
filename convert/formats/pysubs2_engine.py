"""The pysubs2 engine: load and dump files through pysubs2, and map SubStation text to the
model's markup and back.

pysubs2 (MIT, maintained) reads and writes SubStation Alpha (ASS and SSA), MicroDVD, MPL2
and TMPlayer; the format modules wrap it here so that what it raises never reaches a user
as a traceback and what it warns about never reaches the terminal. pysubs2 is imported
inside the functions: loading it costs ~45 ms, which SRT and WebVTT conversions never pay.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING, Any

from ..errors import ParseError
from ..markup import keep_tags

if TYPE_CHECKING:
    from pysubs2 import SSAEvent, SSAFile, SSAStyle

LABELS = {
    "ass": "ASS",
    "ssa": "SSA",
    "microdvd": "MicroDVD",
    "mpl2": "MPL2",
    "tmp": "TMPlayer",
}

CARRIED = frozenset({"i", "b", "u", "s"})
"""Model tags that SubStation (and so pysubs2's other formats) can hold."""


def load(text: str, fmt: str, **kwargs: Any) -> SSAFile:
    """pysubs2's reading of ``text`` as ``fmt``; anything it raises becomes a ParseError."""
    import pysubs2

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pysubs2.SSAFile.from_string(text, format_=fmt, **kwargs)
    except Exception as exc:  # the engine's errors, whatever their class, end here
        raise ParseError(f"not a readable {LABELS[fmt]} file ({reason(exc)})") from None


def dump(subs: SSAFile, fmt: str, **kwargs: Any) -> str:
    """pysubs2's writing of ``subs`` as ``fmt``; its warnings are silenced (callers note
    what they change), its errors become a ParseError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return subs.to_string(fmt, **kwargs)
    except Exception as exc:
        raise ParseError(f"cannot write {LABELS[fmt]} ({reason(exc)})") from None


def reason(exc: BaseException) -> str:
    """An engine exception as a short phrase for a one-line message."""
    text = " ".join(str(exc).split())
    if len(text) > 100:
        text = text[:97] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# -- SubStation text -> model text -----------------------------------------------------------

_BLOCK = re.compile(r"\{([^}]*)\}")
_TAG_NAME = re.compile(
    r"\\(k[fo]?|K|pos|move|org|i?clip|an|a|p|fn|fs|fsc[xy]?|fsp|fe|[1-4]?[ca]|"
    r"alpha|frx|fry|frz|fr|fax|fay|fad|fade|t|be|blur|bord|shad|xbord|ybord|"
    r"xshad|yshad|q|r|[ibus])(?![a-z])"
)
_KINDS = {
    "k": "karaoke",
    "kf": "karaoke",
    "ko": "karaoke",
    "K": "karaoke",
    "pos": "positioning",
    "move": "positioning",
    "org": "positioning",
    "an": "positioning",
    "a": "positioning",
    "clip": "clipping",
    "iclip": "clipping",
    "p": "drawings",
}
"""Override tags by what they do, for the note of what is dropped; i, b, u, s travel as
tags, ``\\r`` resets (applied while reading), everything else is 'other styling'."""


def override_kinds(text: str) -> set[str]:
    """What the override blocks of an event's text do, beyond italic/bold/underline/strike."""
    kinds: set[str] = set()
    if "{" not in text:
        return kinds
    for block in _BLOCK.findall(text):
        if "\\" not in block:
            continue  # a comment in braces
        for name in _TAG_NAME.findall(block):
            if name in ("i", "b", "u", "s", "r"):
                continue
            kinds.add(_KINDS.get(name, "other styling"))
        if not _TAG_NAME.search(block):
            kinds.add("other styling")
    return kinds


def event_text(event: SSAEvent, styles: dict[str, SSAStyle], *, soft_breaks: bool = False) -> str:
    """An event's text as model text: ``\\N`` a line break, ``\\h`` a no-break space,
    italic/bold/underline/strike-out (from the style and from override tags) as tags,
    override blocks and drawings left out. ``\\n`` is a line break only in wrap style 2
    (``soft_breaks``), otherwise a space."""
    from pysubs2 import SSAStyle
    from pysubs2.formats.substation import parse_tags

    base = styles.get(event.style, SSAStyle.DEFAULT_STYLE)
    stack: list[str] = []
    out: list[str] = []
    for fragment, style in parse_tags(event.text, base, styles):
        if not fragment or getattr(style, "drawing", False):
            continue
        piece = (
            fragment.replace("\\N", "\n")
            .replace("\\n", "\n" if soft_breaks else " ")
            .replace("\\h", "\u00a0")
        )
        wanted = [
            tag
            for tag, on in (
                ("b", style.bold),
                ("i", style.italic),
                ("u", style.underline),
                ("s", style.strikeout),
            )
            if on
        ]
        # Close from the top until every open tag is still wanted, then open the rest,
        # so tags always nest.
        while stack and any(tag not in wanted for tag in stack):
            out.append(f"</{stack.pop()}>")
        for tag in wanted:
            if tag not in stack:
                stack.append(tag)
                out.append(f"<{tag}>")
        out.append(piece)
    while stack:
        out.append(f"</{stack.pop()}>")
    text = "".join(out)
    return "\n".join(line.strip(" ") for line in text.split("\n")).strip("\n")


# -- model text -> SubStation text -----------------------------------------------------------

_MODEL_TAG = re.compile(r"<(/?)([ibus])>", re.IGNORECASE)


def ass_text(text: str) -> str:
    """Model text as SubStation event text: tags as ``{\\i1}``/``{\\i0}`` overrides, line
    breaks as ``\\N``; markup SubStation cannot hold is removed (see :func:`dropped`)."""
    if "<" in text or "{\\" in text:
        text, _ = keep_tags(text, CARRIED)
        text = _MODEL_TAG.sub(lambda m: "{\\" + m[2].lower() + ("0" if m[1] else "1") + "}", text)
    return text.replace("\n", "\\N")


def dropped(texts: list[str], allowed: frozenset[str] = CARRIED) -> set[str]:
    """Markup kinds in ``texts`` that a pysubs2-written format removes."""
    removed: set[str] = set()
    for text in texts:
        if "<" in text or "{\\" in text:
            removed |= keep_tags(text, allowed)[1]
    return removed
