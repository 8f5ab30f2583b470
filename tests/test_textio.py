"""Decoding every encoding we meet, and writes that are complete or absent."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from convert import textio
from convert.errors import DecodeError, UsageError


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_boms_pick_the_codec(codec: str) -> None:
    raw = "héllo\r\nwörld\r".encode(codec)
    if codec == "utf-16-be":
        raw = codecs.BOM_UTF16_BE + raw
    if codec == "utf-32-be":
        raw = codecs.BOM_UTF32_BE + raw
    decoded = textio.decode(raw)
    assert decoded.text == "héllo\nwörld\n"


def test_forced_encoding_errors_name_the_line() -> None:
    with pytest.raises(DecodeError) as info:
        textio.decode(b"ok\nok\n\xff\n", encoding="ascii", path="f.srt")
    assert str(info.value).startswith("f.srt:3: cannot decode as ascii")
    with pytest.raises(UsageError):
        textio.decode(b"", encoding="no-such-codec")


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.srt"
    target.write_text("old")
    os.chmod(target, 0o640)
    textio.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.srt"]


def test_atomic_write_leaves_nothing_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_replace(src: str, dst: str, **dir_fds: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        textio.atomic_write(tmp_path / "out.srt", b"data")
    assert list(tmp_path.iterdir()) == []


def test_output_encoding_options() -> None:
    assert textio.encode_output("a\nb\n") == b"a\nb\n"
    assert textio.encode_output("a\n", bom=True, crlf=True) == b"\xef\xbb\xbfa\r\n"


def test_a_short_german_cp1252_file_is_read_as_cp1252_not_a_mac_code_page() -> None:
    # charset-normalizer found cp1250, mac_iceland, mac_roman and mac_turkish equally
    # good for these bytes and picked one of the Mac pages (Gr, cedilla, thorn, e)
    data = (
        b"1\n00:00:01,000 --> 00:00:05,000\nFirst\n\n"
        b"2\n00:00:05,000 --> 00:00:07,000\nZweite Gr\xfc\xdfe\n\n"
        b"3\n00:00:08,000 --> 00:00:09,000\nEnde\n"
    )
    decoded = textio.decode(data)
    assert (decoded.encoding, decoded.guessed) == ("cp1252", True)
    assert "Zweite Grüße" in decoded.text
