"""Faults of the input or of the system are ``FILE[:LINE]: message`` with the right exit
status, never "internal error", and one bad file never stops the others being reported.

Classes covered: numbers too long for ``int()``, JSON nested too deeply, encodings that
are not text codecs or decode to lone surrogates, file-system errors on the output,
device files as input, and standard output that cannot take every byte.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import convert
from convert import api, atomic, batch
from convert.cli import app
from convert.errors import DecodeError, ParseError, SubconvError, UsageError
from convert.model import Document

from .conftest import SAMPLES

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"
SUBCONV = [sys.executable, "-c", "from convert.cli import main; main()"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- numbers too long for int(), nesting too deep ------------------------------------------

HUGE = "1" * 5000

BAD_INPUTS = {
    "srt hours": ("a.srt", f"1\n{HUGE}:00:01,000 --> 00:00:02,000\nx\n", 2),
    "vtt hours": ("a.vtt", f"WEBVTT\n\n{HUGE}:00:01.000 --> 00:00:02.000\nx\n", 3),
    "transcript t=": ("a.md", f"*  x [[00:00:01](https://y.example/v?t={HUGE}s)]\n", 1),
    "transcript label": ("a.md", f"*  x [[{HUGE}:00:01](https://y.example/v)]\n", 1),
    "json number": ("a.json", '{"cues": [\n {"start_ms": ' + HUGE + ', "text": "x"}]}', 2),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_numbers_too_long_for_int_are_input_errors(tmp_path: Path, case: str) -> None:
    name, text, line = BAD_INPUTS[case]
    source = tmp_path / name
    source.write_text(text)
    code, _, err = run("convert", str(source), str(tmp_path / "out.srt"))
    assert code in (1, 2)
    assert err.startswith(f"{source}:{line}: "), err
    assert "internal error" not in err
    assert not (tmp_path / "out.srt").exists()


def test_json_nested_too_deeply_is_a_parse_error(tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text('{"cues": [], "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, _, err = run("convert", str(source), str(tmp_path / "out.srt"))
    assert (code, err) == (2, f"{source}: JSON nested too deeply to read (thousands of levels)\n")
    with pytest.raises(ParseError):
        api.read(source)


def test_check_reports_every_file_when_one_has_odd_counters(tmp_path: Path) -> None:
    # A superscript counter and a 5,000-digit counter once aborted the whole run.
    (tmp_path / "a.srt").write_text("²\n00:00:01,000 --> 00:00:02,000\nx\n")
    (tmp_path / "b.srt").write_text(f"{HUGE}\n00:00:01,000 --> 00:00:02,000\nx\n")
    (tmp_path / "c.srt").write_text(
        "1\n00:00:03,000 --> 00:00:04,000\nlate\n\n2\n00:00:01,000 --> 00:00:02,000\nearly\n"
    )
    code, out, _ = run("check", str(tmp_path), "--select", "E,W201")
    assert code == 1
    lines = out.splitlines()
    # '²' is not an ASCII counter: the block starts with a non-timing line (E001).
    assert lines[0].startswith(f"{tmp_path / 'a.srt'}:1:1: E001 ")
    assert lines[1] == f"{tmp_path / 'b.srt'}:1:1: W201 cue number 111111111..., expected 1"
    assert lines[2].startswith(f"{tmp_path / 'c.srt'}:6:1: E101 ")


def test_batch_reports_every_file_when_one_is_hostile(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "bad.srt").write_text(f"1\n{HUGE}:00:01,000 --> 00:00:02,000\nx\n")
    (src / "good.srt").write_text(SRT)
    report = batch.run(batch.plan([src], "vtt"), jobs=1)
    assert [(Path(o.source).name, o.status) for o in report.outcomes] == [
        ("bad.srt", "failed"),
        ("good.srt", "converted"),
    ]
    assert report.outcomes[0].errors[0].startswith(f"{src / 'bad.srt'}:2: ")
    assert "internal error" not in report.outcomes[0].errors[0]


# -- encodings --------------------------------------------------------------------------------


def test_a_forced_encoding_that_fails_names_the_byte_and_its_line(tmp_path: Path) -> None:
    source = tmp_path / "latin1.srt"
    source.write_bytes("1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n".encode("latin-1"))
    code, _, err = run("convert", str(source), str(tmp_path / "o.vtt"), "--encoding", "utf-8")
    assert (code, err) == (
        2,
        f"{source}:3: cannot decode as utf-8: byte 0xE9 (invalid continuation byte)\n",
    )


@pytest.mark.parametrize("name", ["hex", "rot13", "zlib", "no-such-codec"])
def test_encodings_that_do_not_decode_bytes_to_text_are_usage_errors(
    tmp_path: Path, name: str
) -> None:
    source = tmp_path / "a.srt"
    source.write_text(SRT)
    code, out, err = run("convert", str(source), str(tmp_path / "o.vtt"), "--encoding", name)
    assert (code, out) == (2, "")
    assert err.startswith(
        f"'{name}' is not a text encoding" if name != "no-such-codec" else "unknown encoding"
    )
    with pytest.raises(UsageError):
        api.read(source, encoding=name)
    with pytest.raises(ValueError):  # to the API, a bad argument
        api.Options(encoding=name)


def test_utf7_that_decodes_to_a_lone_surrogate_is_refused_with_its_line(tmp_path: Path) -> None:
    data = "1\n00:00:01,000 --> 00:00:02,000\nx\ud83d\n".encode("utf-7")
    with pytest.raises(DecodeError) as info:
        api.read(data, "srt", encoding="utf-7", name="in.srt")
    assert (
        str(info.value) == "in.srt:3: decoding as utf-7 gives a lone surrogate, which is not text"
    )


# -- the file system --------------------------------------------------------------------------


def test_output_path_faults_are_file_messages(tmp_path: Path) -> None:
    source = tmp_path / "a.srt"
    source.write_text(SRT)
    folder = tmp_path / "taken.vtt"
    folder.mkdir()
    long_name = tmp_path / ("x" * 300 + ".vtt")
    cases = {
        str(folder): f"{folder}: is a directory, not a file\n",
        str(long_name): f"{long_name}: file name too long\n",
        str(tmp_path / "no" / "o.vtt"): f"{tmp_path / 'no'}: output folder does not exist\n",
    }
    for output, message in cases.items():
        assert run("convert", str(source), output)[::2] == (2, message)


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EIO])
def test_write_failures_are_reported_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    # Running as root, EACCES and EROFS cannot be provoked for real: fail the write call.
    source = tmp_path / "a.srt"
    source.write_text(SRT)
    real_write = os.write

    def failing(fd: int, data: bytes) -> int:
        if fd > 2:
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)

    monkeypatch.setattr(atomic.os, "write", failing)
    output = tmp_path / "o.vtt"
    result = run("convert", str(source), str(output))
    strerror = os.strerror(code)
    assert result[::2] == (2, f"{output}: {strerror[0].lower()}{strerror[1:]}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.srt"]


def test_a_device_is_not_read_as_a_file(tmp_path: Path) -> None:
    # /dev/zero never ends: reading it would fill the memory.
    code, _, err = run("check", "/dev/zero", str(tmp_path))
    assert (code, err) == (2, "/dev/zero: is a device, not a file\n")
    with pytest.raises(OSError) as info:
        api.read("/dev/zero", "srt")
    assert info.value.filename == "/dev/zero"


def test_api_raises_os_errors_for_the_file_system(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        api.read(tmp_path / "missing.srt")
    source = tmp_path / "a.srt"
    source.write_text(SRT)
    (tmp_path / "taken.vtt").mkdir()
    with pytest.raises(IsADirectoryError):
        api.convert(source, tmp_path / "taken.vtt")
    with pytest.raises(SubconvError) as info:  # input data: the project's family
        api.read(b'{"cues": [\n  {"text": "no start"}]}', "json", name="in.json")
    assert str(info.value) == "in.json:2: cue 1: missing 'start_ms'"


# -- standard output --------------------------------------------------------------------------


def _big_srt(path: Path) -> Path:
    path.write_text(
        "".join(
            f"{i}\n00:00:{i % 60:02d},000 --> 00:00:{i % 60:02d},500\nline {i} of the text\n\n"
            for i in range(1, 20_000)
        )
    )
    return path


def test_a_full_device_on_stdout_is_an_error(tmp_path: Path) -> None:
    source = _big_srt(tmp_path / "big.srt")
    for args in (("convert", str(source), "-", "--to", "vtt"), ("check", str(source))):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [*SUBCONV, *args],
                stdout=full,
                stderr=subprocess.PIPE,
                check=False,
            )
        assert done.returncode == 2, args
        assert done.stderr == b"-: cannot write standard output: no space left on device\n"


def test_an_output_that_is_a_device_or_a_pipe_is_written_into_not_replaced(
    tmp_path: Path,
) -> None:
    # A rename would put a regular file where /dev/null or a named pipe was (found by
    # trying `-o /dev/full` as a new user): such outputs are written through, and a full
    # device is an error, as on standard output.
    source = tmp_path / "a.srt"
    source.write_text(SRT)
    done = subprocess.run(
        [*SUBCONV, "to-vtt", str(source), "-o", "/dev/full"], capture_output=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr == b"/dev/full: no space left on device\n"
    assert Path("/dev/full").is_char_device()

    fifo = tmp_path / "pipe.vtt"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    done = subprocess.run(
        [*SUBCONV, "to-vtt", str(source), "-q", "-o", str(fifo)], capture_output=True, check=False
    )
    out, _ = reader.communicate(timeout=30)
    assert done.returncode == 0, done.stderr
    assert out == b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n"
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_short_write_to_stdout_is_an_error(tmp_path: Path) -> None:
    # A disk filling up under a redirect: write() takes part, then fails (EFBIG here, from
    # a file-size limit that stands in for the full disk).
    source = _big_srt(tmp_path / "big.srt")

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    with open(tmp_path / "out.vtt", "wb") as out:
        done = subprocess.run(
            [*SUBCONV, "convert", str(source), "-", "--to", "vtt"],
            stdout=out,
            stderr=subprocess.PIPE,
            preexec_fn=limited,
            check=False,
        )
    assert (done.returncode, done.stderr) == (
        2,
        b"-: cannot write standard output: file too large\n",
    )
    assert (tmp_path / "out.vtt").stat().st_size == 100_000


def test_a_closed_pipe_on_stdout_is_an_error(tmp_path: Path) -> None:
    source = _big_srt(tmp_path / "big.srt")
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: every write is EPIPE
    try:
        done = subprocess.run(
            [*SUBCONV, "convert", str(source), "-", "--to", "vtt"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (2, b"-: cannot write standard output: broken pipe\n")


# -- JSON: the line of the offending object, unknown keys ---------------------------------

JSON_ERRORS = {
    # Worked out by hand: the line of the object (or key) each message is about.
    '{"cues": [\n {"start_ms": 1, "text": "a"},\n {"text": "b"}\n]}': (
        "3: cue 2: missing 'start_ms'"
    ),
    '{"metadata": {\n  "url": null,\n  "title": "\\ud800"},\n "cues": []}': (
        "3: a string holds a lone surrogate escape (\\ud800-\\udfff)"
    ),
    '{"cues": [],\n "vtt": {\n  "header": 5}}': "2: vtt: 'header' must be str, found 5",
    '{"cues": [\n {"start_ms": 1,\n  "text": "a",\n  "id": "\\udfff"}]}': (
        "2: a string holds a lone surrogate escape (\\ud800-\\udfff)"
    ),
}


@pytest.mark.parametrize("text", list(JSON_ERRORS))
def test_json_errors_name_the_line_of_their_object(text: str) -> None:
    with pytest.raises(ParseError) as info:
        api.parse(text, "json", name="in.json")
    assert str(info.value) == f"in.json:{JSON_ERRORS[text]}"


def test_unknown_json_keys_are_one_warning_with_the_first_line() -> None:
    text = (
        '{"cues": [\n {"start_ms": 1, "text": "a"},\n {"start_ms": 2, "text": "b",\n'
        '  "colour": "red"}],\n "extra": 1}'
    )
    doc = api.parse(text, "json", name="in.json")
    assert [cue.text for cue in doc.cues] == ["a", "b"]
    assert [p.format("in.json") for p in doc.problems] == [
        "in.json:5: warning: unknown keys extra, cues[1].colour ignored "
        "(not part of subconv's JSON form)"
    ]
    assert api.parse('{"cues": [{"start_ms": 1, "text": "a"}]}', "json").problems == []


def test_bad_arguments_fail_at_the_call() -> None:
    with pytest.raises(ValueError, match="max_duration_ms must be more than 0, not -5"):
        api.Options(max_duration_ms=-5)
    with pytest.raises(TypeError, match="last_duration_ms must be an int or None"):
        api.Options(last_duration_ms="7")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown format"):
        api.parse("", "nope")
    doc = api.parse("*  a [[00:00:01](https://y.example/v?t=1s)]\n", "transcript")
    with pytest.raises(ValueError, match="needs every cue's end"):
        api.dumps(doc, "srt")  # not prepared: the transcript's ends are unknown


@pytest.mark.parametrize(
    ("call", "kind", "message"),
    [
        (lambda: api.Options(fps="25"), TypeError, "Options.fps must be a Fraction"),
        (lambda: api.Options(fps=Fraction(0)), ValueError, "Options.fps must be more than 0"),
        (lambda: api.Options(retiming="2s"), TypeError, "Options.retiming must be a Retiming"),
        (lambda: api.Options(thresholds="x"), TypeError, "must be a Thresholds"),
        (lambda: api.Options(bom="yes"), TypeError, "Options.bom must be True or False"),
        (lambda: api.parse("x", None), TypeError, "parse() needs the format's name"),
        (lambda: api.parse("{1}{2}x", "microdvd", fps=0), ValueError, "fps must be more than 0"),
        (lambda: api.dumps(Document(), "scc"), ValueError, "scc can only be read"),
        (lambda: convert.reflow(Document(), language="xx"), ValueError, "languages cy"),
        (lambda: convert.reflow(Document(), "x"), TypeError, "needs Thresholds"),
    ],
)
def test_more_bad_arguments_fail_at_the_call(call: Any, kind: type, message: str) -> None:
    """They used to pass and fail later as AttributeError or ParseError (a data error)."""
    with pytest.raises(kind) as raised:
        call()
    assert message in str(raised.value)


@pytest.mark.parametrize(
    "args",
    [
        ["to-vtt", str(SAMPLES / "formats" / "basic.srt"), "-o", "-"],
        ["check", str(SAMPLES / "check" / "timing.srt")],
    ],
)
def test_a_closed_standard_output_is_an_error_not_a_crash(args: list[str]) -> None:
    # Started with `>&-`, Python has no sys.stdout at all; this was an AttributeError
    # (an internal error, or a traceback from check).
    subconv = str(Path(sys.executable).with_name("subconv"))
    done = subprocess.run(
        [subconv, *args],
        stdout=None,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),
    )
    assert (done.returncode, done.stderr) == (2, "-: cannot write standard output: it is closed\n")


def test_a_format_that_cannot_be_told_is_named_for_what_it_is() -> None:
    # bytes and standard output were both called "standard input"
    with pytest.raises(UsageError, match="cannot tell the format of the data; name it with --from"):
        api.read(b"hello there")
    code, _, err = run("convert", "-", "-")
    assert code == 2
    assert err.startswith("cannot tell the format of standard output; name it with --to (")
