"""subconv: convert captions and transcripts through one model, and check timing.

import convert
doc = convert.read("talk.md")            # Document: cues in integer milliseconds
convert.write(doc, "talk.srt")           # ends inferred, written atomically
convert.convert("talk.srt", "talk.vtt")  # read, apply timing policy, write
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Options, Result, convert, dumps, parse, prepare, read, validate, write
    from .errors import (
        DecodeError,
        ParseError,
        Problem,
        ProblemsFound,
        SubconvError,
        TimingError,
        UsageError,
    )
    from .model import Cue, Document, Metadata, Word
    from .reflow import reflow
    from .retime import Retiming

__version__ = "0.1.0"

# The command line imports ``convert.cli``, which imports this package first; loading the
# API here would cost every ``subconv --help`` and pre-commit run its imports. Names are
# resolved on first use instead (PEP 562), so ``import convert; convert.read`` still works.
_HOMES = {
    **dict.fromkeys(
        ("Options", "Result", "convert", "dumps", "parse", "prepare", "read", "validate", "write"),
        "api",
    ),
    **dict.fromkeys(
        (
            "DecodeError",
            "ParseError",
            "Problem",
            "ProblemsFound",
            "SubconvError",
            "TimingError",
            "UsageError",
        ),
        "errors",
    ),
    **dict.fromkeys(("Cue", "Document", "Metadata", "Word"), "model"),
    "reflow": "reflow",
    "Retiming": "retime",
}


_SUBMODULES = frozenset(
    {
        "api",
        "batch",
        "check",
        "cli",
        "config",
        "errors",
        "fix",
        "fixfile",
        "formats",
        "interop",
        "markup",
        "registry",
        "model",
        "preview",
        "reflow",
        "report",
        "rules",
        "retime",
        "sync",
        "textio",
        "timing",
    }
)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        # ``convert.api`` and friends after a bare ``import convert``, as before.
        if name.startswith("_") or name not in _SUBMODULES:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return importlib.import_module(f"{__name__}.{name}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))


__all__ = [
    "Cue",
    "DecodeError",
    "Document",
    "Metadata",
    "Options",
    "ParseError",
    "Problem",
    "ProblemsFound",
    "Result",
    "Retiming",
    "SubconvError",
    "TimingError",
    "UsageError",
    "Word",
    "convert",
    "dumps",
    "parse",
    "prepare",
    "read",
    "reflow",
    "validate",
    "write",
]
