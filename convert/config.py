"""``[tool.subconv]`` in ``pyproject.toml``: found per file, the way ruff finds its own.

For each checked file, the nearest ``pyproject.toml`` in its folder or a parent
folder *that has a* ``[tool.subconv]`` *table* is its configuration; files in one
repository therefore share one, and a nested project can have its own. Keys are
kebab-case (``max-cps``; ``max_cps`` is accepted too). Sub-tables such as
``[tool.subconv.batch]`` belong to other commands and are left alone here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from .errors import UsageError

PYPROJECT = "pyproject.toml"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The readability limits (Netflix timed-text style figures by default).

    Fractions, so ``5/6`` s or ``23.976`` fps are exact and comparisons need no floats.
    """

    min_duration: Fraction = Fraction(5, 6)
    """Seconds; a cue shown for less cannot be read (W101)."""
    max_duration: Fraction = Fraction(7)
    """Seconds; a cue shown for longer should be split (W102)."""
    max_cps: Fraction = Fraction(20)
    """Characters per second of reading speed (W103)."""
    max_line_length: int = 42
    """Characters on one line (W104)."""
    max_lines: int = 2
    """Lines in one cue (W105)."""
    min_gap_frames: int = 2
    """Frames between two cues that are not chained (W106); a gap of 0 is chaining."""
    fps: Fraction = Fraction(24)
    """Frame rate the gap is counted in."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that decides what ``subconv check`` reports for one file."""

    select: tuple[str, ...] = ("E", "W")
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``(glob, codes)`` pairs; globs are relative to the configuration's folder."""
    strict: bool = False
    """Readability warnings (W1xx) count as errors."""
    thresholds: Thresholds = field(default_factory=Thresholds)
    reflow: bool = False
    """Conversions and the sync hook re-cut cues to these thresholds (``--reflow``)."""
    root: Path | None = None
    """Folder of the pyproject.toml the settings came from (None: built-in defaults)."""
    source: Path | None = None

    def ignored_for(self, path: Path) -> tuple[str, ...]:
        """The ``ignore`` list plus the per-file ignores whose glob matches ``path``."""
        if not self.per_file_ignores:
            return self.ignore
        from fnmatch import fnmatch

        absolute = path.resolve()
        base = self.root if self.root is not None else Path.cwd()
        try:
            relative = absolute.relative_to(base.resolve()).as_posix()
        except ValueError:
            relative = absolute.as_posix()
        extra: list[str] = []
        for pattern, codes in self.per_file_ignores:
            if fnmatch(relative, pattern) or fnmatch(absolute.name, pattern):
                extra.extend(codes)
        return self.ignore + tuple(extra)


_SCALAR_KEYS = {
    "min-duration": "min_duration",
    "max-duration": "max_duration",
    "max-cps": "max_cps",
    "max-line-length": "max_line_length",
    "max-lines": "max_lines",
    "min-gap-frames": "min_gap_frames",
    "fps": "fps",
}
KNOWN_KEYS = ("select", "ignore", "per-file-ignores", "strict", "reflow", *_SCALAR_KEYS)


def to_fraction(value: object, key: str, where: str) -> Fraction:
    """A positive number from TOML or the command line: ``7``, ``0.833``, ``"5/6"``."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise UsageError(f"{key} must be a number, found {value!r}", path=where)
    try:
        number = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise UsageError(
            f"{key} must be a number such as 7, 0.833 or 5/6, found {value!r}", path=where
        ) from None
    if number <= 0:
        raise UsageError(f"{key} must be more than 0, found {value!r}", path=where)
    return number


def _positive_int(value: object, key: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise UsageError(f"{key} must be a whole number above 0, found {value!r}", path=where)
    return value


def _codes(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{key} must be a list of rule codes, found {value!r}", path=where)
    return tuple(item.strip().upper() for item in value)


def from_table(table: dict[str, Any], *, where: str, root: Path | None = None) -> Settings:
    """Settings from a ``[tool.subconv]`` table; raises UsageError naming ``where``."""
    settings = Settings(root=root, source=Path(where) if root is not None else None)
    limits: dict[str, object] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if isinstance(value, dict) and key != "per-file-ignores":
            continue  # [tool.subconv.<command>] tables belong to other commands
        if key == "select":
            settings = replace(settings, select=_codes(value, key, where))
        elif key == "ignore":
            settings = replace(settings, ignore=_codes(value, key, where))
        elif key in ("strict", "reflow"):
            if not isinstance(value, bool):
                raise UsageError(f"{key} must be true or false, found {value!r}", path=where)
            if key == "strict":
                settings = replace(settings, strict=value)
            else:
                settings = replace(settings, reflow=value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise UsageError(
                    'per-file-ignores must be a table such as {"*.md" = ["W104"]}', path=where
                )
            pairs = tuple(
                (str(pattern), _codes(codes, f"per-file-ignores {pattern!r}", where))
                for pattern, codes in value.items()
            )
            settings = replace(settings, per_file_ignores=pairs)
        elif key in _SCALAR_KEYS:
            name = _SCALAR_KEYS[key]
            if name in ("max_line_length", "max_lines", "min_gap_frames"):
                limits[name] = _positive_int(value, key, where)
            else:
                limits[name] = to_fraction(value, key, where)
        else:
            raise UsageError(
                f"unknown key {raw_key!r} in [tool.subconv]; known keys: {', '.join(KNOWN_KEYS)}",
                path=where,
            )
    if limits:
        settings = replace(settings, thresholds=replace(settings.thresholds, **limits))  # type: ignore[arg-type]
    return settings


def load(path: Path) -> Settings | None:
    """The settings in one pyproject.toml, or None when it has no ``[tool.subconv]`` table."""
    import tomllib

    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"invalid TOML: {exc}", path=str(path)) from None
    except OSError as exc:
        raise UsageError(f"cannot read: {exc.strerror}", path=str(path)) from None
    tool = data.get("tool")
    table = tool.get("subconv") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        return None
    return from_table(table, where=str(path), root=path.parent)


class Finder:
    """Finds and caches the settings for each folder, walking up to the file-system root."""

    def __init__(self, default: Settings | None = None) -> None:
        self.default = default or Settings()
        self._by_folder: dict[Path, Settings] = {}

    def for_path(self, path: str | os.PathLike[str]) -> Settings:
        """Settings for a file (its folder and up) or a folder (itself and up)."""
        start = Path(path).resolve()
        folder = start if start.is_dir() else start.parent
        visited: list[Path] = []
        found: Settings | None = None
        for candidate in (folder, *folder.parents):
            if candidate in self._by_folder:
                found = self._by_folder[candidate]
                break
            visited.append(candidate)
            pyproject = candidate / PYPROJECT
            if pyproject.is_file():
                found = load(pyproject)
                if found is not None:
                    break
        settings = found if found is not None else self.default
        for candidate in visited:
            self._by_folder[candidate] = settings
        return settings


__all__ = ["KNOWN_KEYS", "Finder", "Settings", "Thresholds", "from_table", "load", "to_fraction"]
