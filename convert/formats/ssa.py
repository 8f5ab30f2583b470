"""SubStation Alpha v4 (.ssa): the ASS adapter (:mod:`.ass`) writing the v4 sections."""

from __future__ import annotations

from ..model import Document
from . import ass
from .ass import dropped_markup, dropped_notes, read, sniff


def write(doc: Document) -> str:
    return ass.write(doc, "ssa")


__all__ = ["dropped_markup", "dropped_notes", "read", "sniff", "write"]
