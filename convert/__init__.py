"""subconv: convert Markdown transcripts, SRT and WebVTT through one model, and check timing.

import convert
doc = convert.read("talk.md")            # Document: cues in integer milliseconds
convert.write(doc, "talk.srt")           # ends inferred, written atomically
convert.convert("talk.srt", "talk.vtt")  # read, apply timing policy, write
"""

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
from .model import Cue, Document, Metadata

__version__ = "0.1.0"

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
    "SubconvError",
    "TimingError",
    "UsageError",
    "convert",
    "dumps",
    "parse",
    "prepare",
    "read",
    "validate",
    "write",
]
