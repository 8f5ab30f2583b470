"""Scenarist SCC (CEA-608 broadcast captions), read only, by ttconv.

ttconv decodes the 608 byte pairs (pop-on, roll-up, paint-on, mid-row italics, special
characters) into its model; :mod:`.ttconv_engine` makes cues of what is shown, so a
roll-up caption is a cue per line as it rolls. Writing SCC is not offered: ttconv's
SCC writer is not part of its public converters, and 608 layout rules (32 columns,
4 rows, frame-exact timing) need more than the model holds.
"""

from __future__ import annotations

from ..errors import ParseError, UsageError
from ..model import Document
from . import ttconv_engine as engine
from .base import Codec


def sniff(text: str) -> bool:
    return text.lstrip("\ufeff").lstrip().startswith("Scenarist_SCC")


def read(text: str) -> Document:
    from ttconv.scc import reader

    if not sniff(text):
        raise ParseError("not an SCC file: the first line is not 'Scenarist_SCC V1.0'", line=1)
    messages: list[str] = []
    with engine.quiet(messages):
        model = engine.run("ttconv cannot read this SCC file", reader.to_model, text)
        cues, _, problems = engine.run("ttconv cannot time this SCC file", engine.cues, model)
    doc = Document(cues=cues)
    doc.problems.extend(engine.engine_problem(messages))
    doc.problems.extend(problems)
    return doc


def write(doc: Document) -> str:
    raise UsageError("SCC can only be read; convert it to another format")


class Scc(Codec):
    """SCC through ttconv, read only."""

    sniff = staticmethod(sniff)
    read = staticmethod(read)


CODEC = Scc()
