"""Where the shared conformance corpus lives: ``$SUBCONV_SHARED/corpora``.

CI runs on a clean clone with ``shared/`` beside the checkout, so the default
is ``<repo>/../shared``. The corpus is read in place, never copied.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBCONV_SHARED", REPO.parent / "shared"))
CORPORA = SHARED / "corpora"
WPT = CORPORA / "wpt-webvtt"
VTTJS = CORPORA / "vtt" / "vttjs"
