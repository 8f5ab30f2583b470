"""Choosing rules by code, as ruff does: ``--select``, ``--ignore`` and the configuration."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import UsageError
from .rules import RULES


def validate_selectors(selectors: Iterable[str], option: str) -> None:
    """Refuse a code or prefix that names no rule (a typo would silently select nothing)."""
    for selector in selectors:
        if selector != "ALL" and not any(code.startswith(selector) for code in RULES):
            raise UsageError(f"{option}: {selector!r} matches no rule code (see docs/rules.md)")


def enabled(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """ruff's rule: the most specific matching selector wins; on a tie, ignore wins."""
    best_select = max(
        (len(s) if s != "ALL" else 0 for s in select if _matches(code, s)), default=-1
    )
    best_ignore = max(
        (len(s) if s != "ALL" else 0 for s in ignore if _matches(code, s)), default=-1
    )
    return best_select >= 0 and best_select > best_ignore


def _matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)
