"""Atomic, confined writes: a file is whole or absent, and lands where it was meant to.

A write goes to a temporary file beside the target, is flushed and renamed over it.
Three things make that safe against what the world does meanwhile:

- The temporary file is locked (``flock``) from its creation to its rename. A lock
  that can be taken proves the writer is gone (killed), so :func:`remove_stale` removes
  only such leftovers, never another writer's live file. The kernel drops the lock when
  the writer dies, however it dies.
- With ``root``, every folder from ``root`` down to the target is opened one step at a
  time and checked to be inside ``root`` after any symbolic link, and the file is
  created and renamed relative to that opened folder; a link swapped in on the way
  cannot redirect the write (``batch --out`` promises its tree).
- The temporary name is ``.NAME.XXXXXXXX.tmp``, with NAME shortened when the whole
  would pass the file system's limit on a name's length (255 bytes nearly everywhere).

Hand-written because the standard library's ``tempfile`` neither locks nor works
relative to an opened folder, and no maintained library does both.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locks, so nothing is provably stale
    fcntl = None  # type: ignore[assignment]

NAME_MAX = 255
"""Bytes in one file name on Linux, macOS and Windows file systems alike."""
_MARK = 8
"""Random characters in a temporary name."""
_EXTRA = len(".") + len(".") + _MARK + len(".tmp")


class OutsideRoot(OSError):
    """A write would leave the folder it is confined to (through a symbolic link)."""


def temp_stem(name: str, name_max: int = NAME_MAX) -> str:
    """The part of a temporary name that names its target: the whole name, or a prefix
    short enough (in bytes, on a character boundary) that the temporary name fits."""
    room = name_max - _EXTRA
    encoded = os.fsencode(name)
    if len(encoded) <= room:
        return name
    cut = encoded[: room - 1]
    for drop in range(4):  # a UTF-8 character is at most 4 bytes
        try:
            return cut[: len(cut) - drop].decode("utf-8") + "~"
        except UnicodeDecodeError:
            continue
    return os.fsdecode(cut) + "~"  # not UTF-8: keep the bytes as the file system does


def _is_temp_of(entry: str, stem: str) -> bool:
    prefix = f".{stem}."
    return (
        entry.startswith(prefix)
        and entry.endswith(".tmp")
        and len(entry) == len(prefix) + _MARK + len(".tmp")
    )


def write(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    root: str | os.PathLike[str] | None = None,
    durable: bool = True,
    clean: bool = True,
) -> None:
    """Write ``data`` to ``path`` atomically (see the module's docstring).

    ``root``: the folder the write must stay inside; missing folders under it are made.
    ``durable``: fsync before the rename (a caller writing thousands of files may pass
    False and sync once). ``clean``: first remove abandoned temporaries of this target.
    Raises ``OSError`` (with the path) for every file-system failure, :class:`OutsideRoot`
    for a link out of ``root``.
    """
    target = Path(path)
    if root is None and _is_special(target):
        _write_through(target, data)
        return
    with _open_folder(target, root) as folder:
        name = target.name
        if clean:
            remove_stale(folder, name)
        _write_in(folder, name, data, durable, str(target))


def _is_special(target: Path) -> bool:
    """Whether ``target`` exists as something other than a file or a folder: a device
    (``/dev/null``) or a named pipe, which a rename would replace instead of writing to."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_through(target: Path, data: bytes) -> None:
    """Write into a device or pipe as ``-o -`` writes to standard output: no temporary
    file (there is nothing to replace atomically), and every short write is an error."""
    try:
        with open(target, "wb", buffering=0) as stream:
            view = memoryview(data)
            while view:
                written = stream.write(view)
                if not written:
                    raise OSError(errno.EIO, "short write")
                view = view[written:]
    except OSError as exc:
        if exc.filename is not None:
            raise
        raise OSError(exc.errno, exc.strerror, str(target)) from None


@contextlib.contextmanager
def _open_folder(target: Path, root: str | os.PathLike[str] | None) -> Iterator[int]:
    """An open descriptor of ``target``'s folder; with ``root``, reached step by step."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    if root is None:
        parent = target.parent if str(target.parent) else Path(".")
        try:
            fd = os.open(parent, flags)
        except FileNotFoundError:
            raise FileNotFoundError(
                errno.ENOENT, "output folder does not exist", str(parent)
            ) from None
        try:
            yield fd
        finally:
            os.close(fd)
        return
    real_root = os.path.realpath(root)
    rel = os.path.relpath(os.path.abspath(target.parent), os.path.abspath(root))
    if rel == os.curdir:
        parts: list[str] = []
    elif rel == os.pardir or rel.startswith(os.pardir + os.sep):
        raise OutsideRoot(errno.EPERM, f"not inside the output folder {root}", str(target))
    else:
        parts = rel.split(os.sep)
    os.makedirs(root, exist_ok=True)
    fd = os.open(root, flags)
    try:
        walked = os.path.abspath(root)
        for part in parts:
            walked = os.path.join(walked, part)
            try:
                child = os.open(part, flags, dir_fd=fd)
            except FileNotFoundError:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, dir_fd=fd)
                child = os.open(part, flags, dir_fd=fd)
            os.close(fd)
            fd = child
            _confirm_inside(fd, walked, real_root, str(target))
        yield fd
    finally:
        os.close(fd)


def _confirm_inside(fd: int, walked: str, real_root: str, target: str) -> None:
    """The opened folder ``fd`` is the one ``walked`` names, and that is inside the root."""
    real = os.path.realpath(walked)
    inside = real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)
    if inside:
        opened, named = os.fstat(fd), os.stat(real)
        inside = (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino)
    if not inside:
        raise OutsideRoot(
            errno.EPERM,
            f"folder {walked} leads outside the output folder through a symbolic link; not written",
            target,
        )


def _write_in(folder: int, name: str, data: bytes, durable: bool, shown: str) -> None:
    stem = temp_stem(name, _name_max(folder))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = f".{stem}.{secrets.token_hex(_MARK // 2)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o600, dir_fd=folder)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, shown) from None
        break
    else:  # pragma: no cover - 100 collisions of 32 random bits
        raise FileExistsError(errno.EEXIST, "no free temporary name", shown)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_nlink == 0:
                # A cleaner took it for abandoned in the instant before the lock: retry.
                os.close(fd)
                fd = -1
                _write_in(folder, name, data, durable, shown)
                return
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            if written <= 0:  # pragma: no cover - write() raises instead
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), shown)
            view = view[written:]
        if durable:
            os.fsync(fd)
        os.fchmod(fd, _mode_for(folder, name))
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        if isinstance(exc, OSError) and not isinstance(exc, OutsideRoot):
            # Name the target, not the temporary file (EISDIR, ENOSPC, EDQUOT, ...).
            raise type(exc)(exc.errno, exc.strerror, shown) from None
        raise
    finally:
        if fd >= 0:
            os.close(fd)  # closing drops the lock, after the rename


def _name_max(folder: int) -> int:
    try:
        return min(NAME_MAX, os.fpathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError):  # pragma: no cover - no such limit to ask about
        return NAME_MAX


def _mode_for(folder: int, name: str) -> int:
    """Keep an existing file's permissions; new files get 0666 less the umask, like open()."""
    try:
        return os.stat(name, dir_fd=folder).st_mode & 0o7777
    except (FileNotFoundError, NotADirectoryError):
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def remove_stale(folder: int, name: str) -> list[str]:
    """Remove abandoned temporaries of ``name`` in the open ``folder``; their names.

    Only a temporary whose lock can be taken is removed: a live writer holds its lock.
    """
    if fcntl is None:  # pragma: no cover
        return []
    stem = temp_stem(name, _name_max(folder))
    try:
        entries = os.listdir(folder)
    except OSError:
        return []
    return [
        entry
        for entry in entries
        if _is_temp_of(entry, stem) and _remove_if_abandoned(folder, entry)
    ]


def stale_temporaries(folder: str, names: set[str]) -> list[str]:
    """Paths of abandoned temporaries in ``folder`` of any of ``names``; nothing removed."""
    if fcntl is None:  # pragma: no cover
        return []
    try:
        entries = os.listdir(folder)
    except OSError:
        return []
    stems = {temp_stem(name) for name in names}
    found = []
    for entry in entries:
        if not entry.endswith(".tmp") or not entry.startswith("."):
            continue
        stem = entry[1 : -(len(".tmp") + _MARK + 1)]
        if stem in stems and _is_temp_of(entry, stem) and _abandoned(os.path.join(folder, entry)):
            found.append(os.path.join(folder, entry))
    return sorted(found)


def _abandoned(path: str) -> bool:
    """Whether nobody holds the lock of the temporary at ``path`` (checked, then released)."""
    assert fcntl is not None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def remove_if_abandoned(path: str) -> bool:
    """Remove the temporary at ``path`` if its writer is gone; whether it was removed."""
    folder, name = os.path.split(path)
    fd = os.open(folder or ".", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        return _remove_if_abandoned(fd, name)
    finally:
        os.close(fd)


def _remove_if_abandoned(folder: int, entry: str) -> bool:
    """Take the lock, check the name still holds that file, unlink it; all while locked."""
    assert fcntl is not None
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0), dir_fd=folder)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held, named = os.fstat(fd), os.stat(entry, dir_fd=folder, follow_symlinks=False)
        if (held.st_dev, held.st_ino) != (named.st_dev, named.st_ino):
            return False
        os.unlink(entry, dir_fd=folder)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
