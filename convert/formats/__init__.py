"""Find a format by name, by file extension, or by sniffing text.

The table of formats is :mod:`convert.registry` (light, so the command line can list
formats without loading them); each format's code is a :class:`~.base.Codec` in its own
module, imported on first use.
"""

from __future__ import annotations

from pathlib import PurePath

from .. import registry
from ..codec import Codec
from ..errors import UsageError
from ..registry import ALIASES, FORMATS, NAMES, SCANNED, WRITABLE, Format

Adapter = Codec
"""The former name of a format's code."""


def by_name(name: str) -> Format:
    found = registry.find(name)
    if found is None:
        raise UsageError(f"unknown format {name!r}; choose one of {', '.join(registry.names())}")
    return found


def writable(fmt: Format) -> Format:
    """``fmt``, unless it can only be read (then a usage error naming the writable ones)."""
    if fmt.read_only:
        raise UsageError(
            f"{fmt.name} can only be read; write one of {', '.join(registry.writable())}"
        )
    return fmt


def by_extension(path: str | PurePath, text: str | None = None) -> Format | None:
    """The format of a file extension. Where formats share one (``.json``: subconv's own
    and recognizers'), the content decides among them when ``text`` is given, most
    specific first; else the table's first."""
    found = registry.for_extension(path)
    if found is None or text is None:
        return found
    suffix = PurePath(path).suffix.lower()
    sharing = [f for f in registry.sniffing_order() if suffix in f.extensions]
    if len(sharing) < 2:
        return found
    return next((f for f in sharing if f.adapter().sniff(text)), found)


def sniff(text: str) -> Format | None:
    """Guess a format from content, for standard input and unknown extensions: every
    format's ``sniff`` is asked, the most specific first (``Format.sniff_priority``)."""
    for fmt in registry.sniffing_order():
        if fmt.adapter().sniff(text):
            return fmt
    return None


__all__ = [
    "ALIASES",
    "FORMATS",
    "NAMES",
    "SCANNED",
    "WRITABLE",
    "Adapter",
    "Codec",
    "Format",
    "by_extension",
    "by_name",
    "sniff",
    "writable",
]
