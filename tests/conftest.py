"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "bbc-putin-peacekeepers.md"
SHARED = Path(os.environ.get("SUBCONV_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
WPT = CORPORA / "wpt-webvtt"
VTTJS = CORPORA / "vtt" / "vttjs"

pytest_plugins = ("tests.assertion_guard",)
"""Fails a test that passes without asserting anything (see tests/assertion_guard.py)."""

settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: pytest.Config) -> None:
    """Many tests read the shared corpora; without them, say where they were looked for."""
    if not CORPORA.is_dir():
        raise pytest.UsageError(
            f"the shared test corpora are not at {CORPORA}; the tests read real subtitle "
            "files from there. Put shared/ beside the checkout or set SUBCONV_SHARED."
        )


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
