"""Bytes in, text out, and safe writes.

Decoding happens once, here, so every parser sees ``str`` with LF line endings.
Writes go to a temporary file in the destination folder and are renamed into
place, so a reader never sees a half-written file and a failure leaves none.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import DecodeError, Problem, UsageError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and how it was decoded, so a guess can be reported."""

    text: str
    encoding: str
    guessed: bool = False
    detail: str = ""
    """What a guess rests on, for the warning (for example which lines were UTF-8)."""
    mixed: bool = False
    """Some lines were UTF-8 and others another encoding (no single codec gives the bytes
    back, so such a file is not edited in place)."""
    escaped_line: int | None = None
    """JSON that is not valid UTF-8: the bad bytes are kept as lone surrogates (for the
    reader to put together: whisper.cpp writes a character split across two tokens as
    the halves of its bytes), and this is the line of the first."""


def guessed_encoding_warning(decoded: Decoded, note: str = "") -> Problem:
    """W005 for a guessed encoding, with what the guess rests on; ``note`` is what the
    format says about it (WebVTT is UTF-8 by definition: see ``Codec.encoding_note``)."""
    how = decoded.detail or f"read as {decoded.encoding}"
    message = f"not UTF-8; {how} (a guess: use --encoding to choose)"
    if note:
        message += f"; {note}"
    return Problem(None, message, code="W005")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF (files in the wild mix all three)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _line_of(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting LF, CRLF and lone CR as line ends."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def decode(data: bytes, *, encoding: str | None = None, path: str | None = None) -> Decoded:
    """Decode an input: a BOM wins, then strict UTF-8, then a detected legacy encoding.

    ``encoding`` forces a codec. Newlines are normalised to LF and a BOM is dropped.
    Files that mix valid UTF-8 lines with lines in a legacy encoding (subtitles
    edited in several tools) are decoded line by line, and the guess says so.
    """
    if encoding is not None:
        info = text_codec(encoding)
        if not info.name.startswith("utf") and data.startswith(codecs.BOM_UTF8):
            # A UTF-8 BOM in front of legacy text (some editors add one): not text.
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode(info.name)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                _undecodable(exc, data, encoding), path=path, line=_line_of(data, exc.start)
            ) from None
        except (UnicodeError, ValueError) as exc:  # idna, punycode, undefined, ...
            raise DecodeError(f"cannot decode as {encoding}: {exc}", path=path) from None
        return _checked(Decoded(normalize_newlines(text.removeprefix("\ufeff")), encoding), path)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                if codec == "utf-8":
                    # Legacy text behind a UTF-8 BOM: guess as for any non-UTF-8 file.
                    data = data[len(bom) :]
                    break
                # Decode the good prefix to find the line of the bad unit.
                good = data[len(bom) : len(bom) + exc.start].decode(codec)
                line = normalize_newlines(good).count("\n") + 1
                raise DecodeError(
                    f"invalid {codec} after its byte order mark: {exc.reason}",
                    path=path,
                    line=line,
                ) from None
            return Decoded(normalize_newlines(text), codec)
    # Mostly-ASCII UTF-16 is valid UTF-8 full of NULs, so look for it first; the
    # test for a NUL byte is one fast scan, and real text files have none.
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
    try:
        return Decoded(normalize_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        bad_line = _line_of(data, exc.start)
        first_error = exc
    if _JSON_START.match(data):
        # JSON is UTF-8 by definition (RFC 8259): never guess a legacy code page for it
        text = data.decode("utf-8", errors="surrogateescape")
        return Decoded(normalize_newlines(text), "utf-8", escaped_line=bad_line)
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    guess = _detect_legacy(data)
    if guess is None:
        raise DecodeError(
            f"not valid UTF-8 ({first_error.reason}) and no other encoding fits; "
            "name one with --encoding",
            path=path,
            line=bad_line,
        )
    return Decoded(normalize_newlines(data.decode(guess, errors="strict")), guess, guessed=True)


_JSON_START = re.compile(rb'\s*(?:\{\s*["}]|\[\s*[\[{"\]])')
"""The start of a JSON object or list of objects (not MicroDVD's ``{1}``, not LRC's ``[00:``)."""
_ESCAPED = re.compile("[\udc80-\udcff]")
"""A byte that was not UTF-8, kept by ``surrogateescape``."""


def has_escaped_bytes(text: str) -> bool:
    return _ESCAPED.search(text) is not None


def mend_bytes(text: str) -> str:
    """``text`` with bytes kept by ``surrogateescape`` put back together as UTF-8 where they
    now make characters (the halves of ``é`` from two whisper.cpp tokens); bytes that
    still make none stay escaped."""
    if not has_escaped_bytes(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")


def text_codec(encoding: str) -> codecs.CodecInfo:
    """The codec named ``encoding``, if it decodes bytes to text; else a UsageError.

    ``codecs.lookup`` also knows bytes-to-bytes and text-to-text codecs (``hex``,
    ``rot13``, ``zlib``), which ``bytes.decode`` refuses with LookupError.
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise UsageError(f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"{encoding!r} is not a text encoding (it does not decode bytes to text)")
    return info


def _undecodable(exc: UnicodeDecodeError, data: bytes, encoding: str) -> str:
    """``cannot decode as utf-8: byte 0xE9 is not valid utf-8 (invalid continuation byte)``:
    the byte itself and its value; the line goes in the message's ``FILE:LINE``."""
    bad = data[exc.start : exc.end] or data[exc.start : exc.start + 1]
    shown = " ".join(f"0x{byte:02X}" for byte in bad[:4])
    noun = "byte" if len(bad) == 1 else "bytes"
    return f"cannot decode as {encoding}: {noun} {shown} ({exc.reason})"


_SURROGATE_RANGE = ("\ud800", "\udfff")


def _checked(decoded: Decoded, path: str | None) -> Decoded:
    """Refuse text holding a lone surrogate (UTF-7 and the escape codecs can decode to
    one), which no UTF-8 output can hold: fail here, with its line, not while writing."""
    text = decoded.text
    if text.isascii():
        return decoded
    low, high = _SURROGATE_RANGE
    for number, line in enumerate(text.split("\n"), 1):
        if not line.isascii() and any(low <= char <= high for char in line):
            raise DecodeError(
                f"decoding as {decoded.encoding} gives a lone surrogate, which is not text",
                path=path,
                line=number,
            )
    return decoded


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a BOM: mostly-ASCII text has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for nuls, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if nuls >= half * 0.6 and min(even, odd) == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            return Decoded(normalize_newlines(text), codec, guessed=True)
    return None


def _decode_mixed(data: bytes) -> Decoded | None:
    """Line-by-line decoding of a file where some non-ASCII lines are valid UTF-8.

    Returns None unless the file really mixes the two (at least one non-ASCII
    line is valid UTF-8 and at least one is not), so a plain legacy file is
    guessed as a whole.
    """
    lines = data.split(b"\n")
    utf8_lines: list[int] = []
    other_lines: list[int] = []
    for number, raw in enumerate(lines):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            other_lines.append(number)
        else:
            utf8_lines.append(number)
    if not utf8_lines or not other_lines:
        return None
    guess = _detect_legacy(b"\n".join(lines[i] for i in other_lines))
    if guess is None:
        return None
    decoded = [raw.decode("utf-8") if raw.isascii() else "" for raw in lines]
    for i in utf8_lines:
        decoded[i] = lines[i].decode("utf-8")
    for i in other_lines:
        decoded[i] = lines[i].decode(guess)
    shown = ", ".join(str(i + 1) for i in other_lines[:5]) + (
        ", ..." if len(other_lines) > 5 else ""
    )
    return Decoded(
        normalize_newlines("\n".join(decoded)),
        guess,
        guessed=True,
        detail=f"mixed encodings: UTF-8 except line(s) {shown}, read as {guess}",
        mixed=True,
    )


# Among equally good guesses, the most common legacy encoding of subtitles wins.
_PREFERRED = ("cp1252",)


def _decoded_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect_legacy(data: bytes) -> str | None:
    """Guess a legacy 8-bit or CJK encoding with charset-normalizer (imported only here)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    tied = [
        str(m.encoding) for m in matches if m.chaos == best.chaos and m.coherence == best.coherence
    ]
    # charset-normalizer keeps one of the code pages that give the same text (cp1250 for
    # a German cp1252 file), and its order among equals is arbitrary (mac_iceland): a
    # preferred code page that reads the bytes as one of the best do wins, then any
    # Windows or ISO page before a Mac one
    name = str(best.encoding)
    texts = {_decoded_or_none(data, candidate) for candidate in tied} - {None}
    preferred = [p for p in _PREFERRED if _decoded_or_none(data, p) in texts]
    if preferred:
        name = preferred[0]
    elif name.startswith("mac_"):
        name = next((t for t in tied if not t.startswith("mac_")), name)
    try:
        data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None
    return name


def read_source(source: str | os.PathLike[str]) -> bytes:
    """Read a file, or standard input when ``source`` is ``-``.

    A file-system failure raises its ``OSError`` subclass (FileNotFoundError,
    IsADirectoryError, PermissionError, ...) with the file name; see
    :func:`convert.errors.os_message`.
    """
    if str(source) == "-":
        return sys.stdin.buffer.read()
    with open(source, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            # /dev/zero never ends; a pipe or /dev/stdin is fine.
            raise OSError(errno.EINVAL, "is a device, not a file", str(source))
        return handle.read()


def write_stdout(data: bytes) -> None:
    """Write all of ``data`` to standard output, or raise OSError naming ``-``.

    Every byte is accounted for: a short write (a disk filling up under a redirect) is
    written on from where it stopped, and the failure that follows (ENOSPC, EPIPE, EIO)
    is raised, never ignored; the command line reports it with exit status 2.
    """
    import errno

    stream = sys.stdout
    if stream is None:  # started with standard output closed (`>&-`)
        raise OSError(errno.EBADF, "cannot write standard output: it is closed", STDOUT)
    try:
        stream.flush()
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        fd = -1  # not a real file (a test's capture): its own write raises or takes all
    try:
        if fd < 0:
            stream.buffer.write(data)
            stream.buffer.flush()
            return
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            if written <= 0:  # pragma: no cover - write(2) raises rather than return 0
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            view = view[written:]
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise type(exc)(exc.errno, f"cannot write standard output: {reason}", STDOUT) from None


STDOUT = "-"
"""How messages name standard output and standard input."""


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when two paths name one file (through links, case-folding file systems, ...)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    durable: bool = True,
    root: str | os.PathLike[str] | None = None,
    clean: bool = True,
) -> None:
    """Write ``data`` to ``path`` so that the file is either complete or untouched.

    See :mod:`convert.atomic`: a locked temporary file beside the target, renamed over
    it; ``root`` confines the write to a folder; ``clean`` first removes abandoned
    temporaries of the same target. ``durable`` also survives a power cut, at one fsync
    per file, so a caller writing thousands of files may pass False and sync once.
    """
    from . import atomic

    atomic.write(path, data, root=root, durable=durable, clean=clean)


def may_write(path: str | os.PathLike[str]) -> bool:
    """Whether the file's permission bits let this user write it: the owner's bit for its
    owner, the group's for a member, else the others'. Root is not an exception: a file
    nobody but its owner may write is not ours to replace, even where we could."""
    import stat

    info = os.stat(path)
    if info.st_uid == os.geteuid():
        bit = stat.S_IWUSR
    elif info.st_gid == os.getegid() or info.st_gid in os.getgroups():
        bit = stat.S_IWGRP
    else:
        bit = stat.S_IWOTH
    return bool(info.st_mode & bit) and os.access(path, os.W_OK)


def edit_in_place(path: str | os.PathLike[str], data: bytes) -> str:
    """Replace the contents of a file the user asked to have changed (``check --fix``,
    ``sync``), atomically; returns the path written.

    A symbolic link is followed: the file it points to is edited and the link stays a
    link. A file the user may not write (:func:`may_write`) is refused with a
    PermissionError naming it, and left as it is.
    """
    import errno

    target = os.path.realpath(path)
    if not may_write(target):
        shown = os.fspath(path)
        raise PermissionError(errno.EACCES, "read-only (no write permission); not changed", shown)
    atomic_write(target, data)
    return target


def encode_output(text: str, *, bom: bool = False, crlf: bool = False) -> bytes:
    """UTF-8 without BOM and with LF unless asked otherwise."""
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return codecs.BOM_UTF8 + data if bom else data
