"""Encodings, line endings and output bytes, and the safety of writes.

No input can make a conversion write outside its output path, overwrite its
input or leave a partial file.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convert import api
from convert.cli import app
from convert.errors import DecodeError, ParseError, ProblemsFound, UsageError
from convert.textio import decode

SRT = (
    "1\n00:00:01,000 --> 00:00:02,500\nCafé <i>crème</i>\n\n"
    "2\n00:00:03,000 --> 00:00:04,000\nÀ bientôt\n"
)
CUES = [(1000, 2500, "Café <i>crème</i>"), (3000, 4000, "À bientôt")]


def _cues(doc: api.Document) -> list[tuple[int, int | None, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in doc.cues]


@pytest.mark.parametrize(
    "newline", ["\n", "\r\n", "\r", "mixed"], ids=["LF", "CRLF", "CR", "mixed"]
)
def test_line_endings(newline: str) -> None:
    if newline == "mixed":
        lines = SRT.split("\n")
        text = "".join(line + ("\r\n", "\r", "\n")[i % 3] for i, line in enumerate(lines))
    else:
        text = SRT.replace("\n", newline)
    assert _cues(api.read(text.encode("utf-8"), "srt")) == CUES


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
        ("utf-16-le", b""),
    ],
)
def test_unicode_encodings(codec: str, bom: bytes) -> None:
    doc = api.read(bom + SRT.encode(codec), "srt")
    assert _cues(doc) == CUES
    guessed = [p for p in doc.problems if p.code == "W005"]
    assert len(guessed) == (1 if codec == "utf-16-le" and not bom else 0)


def test_legacy_guess_prefers_cp1252_among_equals() -> None:
    decoded = decode(SRT.encode("cp1252"))
    assert decoded.guessed and decoded.encoding == "cp1252"
    assert decoded.text == SRT


def test_legacy_text_behind_a_utf8_bom() -> None:
    data = codecs.BOM_UTF8 + SRT.encode("cp1252")
    doc = api.read(data, "srt")
    assert _cues(doc) == CUES
    assert "cp1252" in doc.problems[0].message
    forced = api.read(data, "srt", encoding="cp1252")
    assert _cues(forced) == CUES and forced.problems == []


def test_guess_on_webvtt_mentions_the_spec() -> None:
    data = ("WEBVTT\n\n00:01.000 --> 00:02.000\nCafé crème\n").encode("cp1252")
    doc = api.read(data, "vtt")
    assert doc.cues[0].text == "Café crème"
    (warning,) = doc.problems
    assert "WebVTT must be UTF-8" in warning.message


def test_undecodable_bytes_name_their_line() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\n\xff\xfe\xfd\n"
    with pytest.raises(DecodeError) as info:
        decode(data, encoding="utf-8")
    assert info.value.line == 3
    with pytest.raises(DecodeError) as info:
        decode(codecs.BOM_UTF16_LE + "a\r\nb\rc\n".encode("utf-16-le") + b"\x00\xdc")
    assert info.value.line == 4
    with pytest.raises(UsageError):
        decode(b"x", encoding="no-such-codec")


def test_json_lone_surrogate_is_refused_with_its_line() -> None:
    data = b'{"cues": [\n {"start_ms": 0, "end_ms": 5, "text": "\\ud800"}\n]}'
    with pytest.raises(ParseError) as info:
        api.read(data, "json")
    assert info.value.line == 2


# --- output bytes --------------------------------------------------------------------


def _run(*args: str) -> int:
    return CliRunner().invoke(app, list(args)).exit_code


def test_output_is_utf8_lf_without_bom_unless_asked(tmp_path: Path) -> None:
    source = tmp_path / "in.srt"
    source.write_bytes(codecs.BOM_UTF16_LE + SRT.replace("\n", "\r\n").encode("utf-16-le"))
    plain, bom, crlf = tmp_path / "a.vtt", tmp_path / "b.vtt", tmp_path / "c.vtt"
    assert _run("convert", str(source), str(plain)) == 0
    assert _run("convert", str(source), str(bom), "--bom") == 0
    assert _run("convert", str(source), str(crlf), "--crlf") == 0
    expected = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nCafé <i>crème</i>\n\n"
        "00:00:03.000 --> 00:00:04.000\nÀ bientôt\n"
    )
    assert plain.read_bytes() == expected.encode("utf-8")
    assert bom.read_bytes() == codecs.BOM_UTF8 + expected.encode("utf-8")
    assert crlf.read_bytes() == expected.replace("\n", "\r\n").encode("utf-8")


def test_encoding_option_on_the_command_line(tmp_path: Path) -> None:
    czech = "1\n00:00:01,000 --> 00:00:02,000\nPříliš žluťoučký kůň\n"
    source = tmp_path / "in.srt"
    source.write_bytes(czech.encode("cp1250"))
    out = tmp_path / "out.srt"
    assert _run("convert", str(source), str(out), "--encoding", "cp1250") == 0
    assert out.read_text(encoding="utf-8") == czech + "\n"
    assert _run("convert", str(source), str(out), "--encoding", "nope") == 2


# --- safety ---------------------------------------------------------------------------


def _listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


HOSTILE_VTT = (
    "WEBVTT ../../escape.srt\n\n"
    "NOTE subconv-metadata\n"
    '{"header": null, "title": "../../../etc/passwd", "channel": null, "url": "file:///x"}\n\n'
    "../../escape\n00:00:01.000 --> 00:00:02.000 region:../x\n/tmp/evil <i>x</i>\n"
)


@pytest.mark.parametrize("target", ["srt", "vtt", "transcript", "json"])
def test_a_conversion_writes_only_its_output(tmp_path: Path, target: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    source = work / "in.vtt"
    source.write_text(HOSTILE_VTT, encoding="utf-8")
    before = _listing(tmp_path)
    result = api.convert(source, work / f"out.{target}", to_fmt=target)
    after = _listing(tmp_path)
    created = sorted(set(after) - set(before))
    assert created == [f"work/{Path(result.output).name}"]
    assert Path(result.output).parent == work
    assert after["work/in.vtt"] == before["work/in.vtt"]


def test_the_input_is_never_overwritten(tmp_path: Path) -> None:
    source = tmp_path / "talk.vtt"
    source.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", encoding="utf-8")
    original = source.read_bytes()
    link = tmp_path / "link.vtt"
    link.symlink_to(source)
    hard = tmp_path / "hard.vtt"
    os.link(source, hard)
    for dest in (source, link, hard, tmp_path / "." / "talk.vtt"):
        with pytest.raises(UsageError):
            api.convert(source, dest)
    with pytest.raises(UsageError):
        api.convert(source, to_fmt="vtt")  # the derived output is the input itself
    assert _run("to-vtt", str(source)) == 2
    assert source.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hard.vtt", "link.vtt", "talk.vtt"]


def test_a_refused_conversion_leaves_no_file(tmp_path: Path) -> None:
    source = tmp_path / "bad.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03 - oops\nlost\n")
    out = tmp_path / "out.vtt"
    with pytest.raises(ProblemsFound):
        api.convert(source, out)
    assert not out.exists()
    out.write_text("previous", encoding="utf-8")
    assert _run("convert", str(source), str(out)) == 2
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.srt", "out.vtt"]


def test_a_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.srt"
    source.write_text(SRT, encoding="utf-8")
    out = tmp_path / "out.vtt"
    out.write_text("previous", encoding="utf-8")

    def broken_replace(src: str, dst: str, **dir_fds: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        api.convert(source, out)
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.srt", "out.vtt"]


def test_unreadable_inputs_raise_os_errors_with_the_file_name(tmp_path: Path) -> None:
    # The API's contract (docs/api.md): file-system failures are OSError subclasses.
    for bad, kind in ((tmp_path / "missing.srt", FileNotFoundError), (tmp_path, IsADirectoryError)):
        with pytest.raises(kind) as info:
            api.read(bad)
        assert info.value.filename == str(bad)
