"""The one folder walker, for check, batch and sync: which files under a folder are inputs.

Depth first in name order (a stable plan and report); folders whose name starts with a
dot (``.git``, ``.venv``) are not entered; a symbolic link that points outside the
folder is not followed (and said so); a folder reached twice through links is walked
once; files are picked by the extensions the format registry scans.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from . import registry


@dataclass(frozen=True, slots=True)
class Found:
    path: str
    """The folder joined with the path below it (as ``os.scandir`` builds it)."""
    rel: str
    """The path below the folder, with ``/``."""
    fmt: str


Skipped = Callable[[str, str], None]
"""Told ``(path, reason)`` for what the walk leaves out and a person should hear of."""


LINK_OUTSIDE = "symbolic link outside"
"""How a skipped link out of the walked folder is said (check does not report those)."""


def matches(rel: str, patterns: Iterable[str]) -> bool:
    """Glob match: a pattern with ``/`` matches the whole relative path, else the name."""
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel if "/" in p else name, p) for p in patterns)


def walk(
    folder: str,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    prune: str | None = None,
    skipped: Skipped | None = None,
    label: str = "the folder",
) -> Iterator[Found]:
    """Every input file under ``folder``; ``prune`` is a folder not to enter (an output
    tree inside the source), ``label`` how messages name ``folder``."""
    root = os.path.realpath(folder)
    prune_real = os.path.realpath(prune) if prune is not None else None
    yield from _walk(
        folder, "", root, {root}, prune_real, include, exclude, skipped or _ignore, label
    )


def _ignore(path: str, reason: str) -> None:
    return None


def _walk(
    folder: str,
    rel_folder: str,
    root: str,
    visited: set[str],
    prune: str | None,
    include: Sequence[str],
    exclude: Sequence[str],
    skipped: Skipped,
    label: str,
) -> Iterator[Found]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        skipped(folder, f"cannot list: {exc.strerror}")
        return
    scanned = registry.scanned()
    for entry in entries:
        rel = f"{rel_folder}{entry.name}"
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError as exc:  # a link to itself (ELOOP): this entry only
            if entry.name.lower().endswith(tuple(scanned)):
                skipped(entry.path, f"cannot be read ({exc.strerror or exc})")
            continue
        if entry.is_symlink() and not _within(os.path.realpath(entry.path), root):
            if is_dir or entry.name.lower().endswith(tuple(scanned)):
                skipped(entry.path, f"{LINK_OUTSIDE} {label}, not followed")
            continue
        if is_dir:
            real = os.path.realpath(entry.path)
            if entry.name.startswith(".") or real in visited or real == prune:
                continue
            if matches(rel, exclude):
                continue
            visited.add(real)  # a link back up the tree is walked once, not forever
            yield from _walk(
                entry.path, rel + "/", root, visited, prune, include, exclude, skipped, label
            )
            continue
        fmt = scanned.get(os.path.splitext(entry.name)[1].lower())
        if fmt is None or not is_file:
            continue
        if (include and not matches(rel, include)) or matches(rel, exclude):
            continue
        yield Found(entry.path, rel, fmt)


def _checked(name: str) -> bool:
    fmt = registry.find(name)
    return fmt is not None and fmt.checked


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def iter_files(paths: Iterable[str], skipped: Skipped | None = None) -> Iterator[str]:
    """check's inputs: named files as given, folders walked; each path once. ``skipped``
    hears of the inputs in folders that cannot be read at all (a link to itself)."""
    seen: set[str] = set()
    for given in paths:
        # Only the formats check reads: a folder of .ass or .xml files is not a list of
        # problems (a file named on the command line is checked, or refused, as given).
        found = (
            (os.path.normpath(f.path) for f in walk(given, skipped=skipped) if _checked(f.fmt))
            if os.path.isdir(given)
            else iter([given])
        )
        for path in found:
            if path not in seen:
                seen.add(path)
                yield path
