"""The format registry: one module and one registry line make a format everywhere.

A stand-in format is registered for the duration of a test (a module object under
``convert.formats`` and one more ``Format`` line), and every place that chooses or lists
formats must see it: sniffing, reading, folder walks for check and batch, targets.
"""

from __future__ import annotations

import sys
import types
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from convert import api, batch, check, cli, formats, registry
from convert.codec import Codec
from convert.errors import UsageError
from convert.model import Cue, Document

runner = CliRunner()


class _Demo(Codec):
    """Reads ``DEMO`` files: one cue per line, ``START END TEXT`` in ms."""

    def sniff(self, text: str) -> bool:
        return text.startswith("DEMO")

    def read(self, text: str) -> Document:
        cues = []
        for number, line in enumerate(text.split("\n")[1:], 2):
            if line.strip():
                start, end, words = line.split(" ", 2)
                cues.append(Cue(int(start), int(end), words, line=number))
        return Document(cues=cues)


class _GreedyJson(Codec):
    """Claims any JSON that has a ``results`` key (as some new recognizer's output might)."""

    def sniff(self, text: str) -> bool:
        return text.lstrip().startswith("{") and '"results"' in text

    def read(self, text: str) -> Document:
        return Document(cues=[Cue(0, 1000, "from segments", line=1)])


def _register(
    monkeypatch: pytest.MonkeyPatch, name: str, codec: Codec, **flags: object
) -> registry.Format:
    module = types.ModuleType(f"convert.formats._{name}")
    module.CODEC = codec  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    fmt = registry.Format(name, (f".{name}",), f"_{name}", name, name, **flags)  # type: ignore[arg-type]
    monkeypatch.setattr(registry, "FORMATS", (*registry.FORMATS, fmt))
    return fmt


DEMO_TEXT = "DEMO\n0 1500 Hello there.\n2000 2500 Again.\n"


def test_a_registered_format_is_sniffed_read_and_walked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _register(monkeypatch, "demo", _Demo(), read_only=True, sniff_priority=50, checked=True)
    assert formats.sniff(DEMO_TEXT) is formats.by_name("DEMO")
    doc = api.read(DEMO_TEXT.encode(), name="stdin")
    assert doc.source_format == "demo"
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (0, 1500, "Hello there."),
        (2000, 2500, "Again."),
    ]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.demo").write_text(DEMO_TEXT, encoding="utf-8")
    assert list(check.iter_files([str(tmp_path / "in")])) == [str(tmp_path / "in" / "a.demo")]
    report = check.check_paths([str(tmp_path / "in")], check.Request(select=("W101",)))
    # 1.5 s is long enough to read; 0.5 s is under the default minimum (5/6 s).
    assert [(f.line, f.code) for f in report.findings] == [(3, "W101")]
    plan = batch.plan([str(tmp_path / "in")], "srt", out=str(tmp_path / "out"))
    assert [Path(t.output).name for t in plan.tasks] == ["a.srt"]
    report_run = batch.run(plan, jobs=1)
    assert report_run.exit_status == 0
    assert (tmp_path / "out" / "a.srt").read_text() == (
        "1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n"
        "2\n00:00:02,000 --> 00:00:02,500\nAgain.\n\n"
    )


def test_a_read_only_format_is_refused_as_a_target(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _register(monkeypatch, "demo", _Demo(), read_only=True)
    source = tmp_path / "a.demo"
    source.write_text(DEMO_TEXT, encoding="utf-8")
    with pytest.raises(UsageError, match=r"^demo can only be read; write one of "):
        api.convert(source, tmp_path / "b.demo")
    with pytest.raises(UsageError, match="can only be read"):
        api.render(api.read(source), "demo")
    assert not (tmp_path / "b.demo").exists()
    assert "demo" not in registry.writable() and "demo" in registry.names()


def test_a_more_specific_format_is_asked_first(monkeypatch: pytest.MonkeyPatch) -> None:
    recognizer = '{"results": [{"start": 0.0, "end": 1.0, "text": "hi"}]}'
    ours = '{"format": "subconv", "version": 1, "metadata": {}, "cues": []}'
    assert formats.sniff(recognizer) is formats.by_name("json")  # before: JSON claims it
    _register(monkeypatch, "greedy", _GreedyJson(), sniff_priority=25)
    assert formats.sniff(recognizer) is formats.by_name("greedy")
    assert formats.sniff(ours) is formats.by_name("json")
    _register(monkeypatch, "shy", _GreedyJson(), sniff_priority=-1)
    assert formats.sniff(recognizer) is formats.by_name("greedy")


def test_every_format_has_a_codec_and_distinct_extensions() -> None:
    seen: dict[str, str] = {}
    for fmt in registry.FORMATS:
        assert isinstance(fmt.adapter(), Codec)
        for extension in fmt.extensions:
            assert extension.startswith(".") and extension == extension.lower()
            # Read-only formats may share an extension: the content decides (.json).
            assert fmt.read_only or seen.setdefault(extension, fmt.name) == fmt.name
        assert set(fmt.scanned) <= set(fmt.extensions)
    assert registry.SCANNED == {
        ".md": "transcript",
        ".markdown": "transcript",
        ".srt": "srt",
        ".vtt": "vtt",
        ".webvtt": "vtt",
        ".ass": "ass",
        ".ssa": "ssa",
        ".ttml": "ttml",
        ".dfxp": "ttml",
        ".xml": "ttml",
        ".smi": "sami",
        ".sami": "sami",
        ".sbv": "sbv",
        ".sub": "microdvd",
        ".lrc": "lrc",
        ".scc": "scc",
    }
    assert [f.name for f in registry.sniffing_order()] == [
        *("ass", "ttml", "sami", "scc", "ssa", "vtt", "whisper", "json", "srt"),
        *("sbv", "microdvd", "mpl2", "lrc", "tmp", "transcript"),
    ]


def test_the_to_commands_and_help_texts_come_from_the_registry() -> None:
    group: Any = typer.main.get_command(cli.app)
    commands = [name for name in group.commands if name.startswith("to-")]
    assert commands == [
        *("to-transcript", "to-srt", "to-vtt", "to-json", "to-ass", "to-ssa", "to-ttml"),
        *("to-sami", "to-sbv", "to-microdvd", "to-mpl2", "to-tmp", "to-lrc"),
    ]
    assert group.commands["to-srt"].help == "Convert to SubRip (.srt)."
    assert group.commands["to-json"].help == "Convert to subconv's JSON form of the model (.json)."
    out = " ".join(runner.invoke(cli.app, ["to-srt", "--help"]).stdout.split())
    assert (
        "Input format (transcript, srt, vtt, json, whisper, ass, ssa, ttml, sami, sbv, microdvd, "
        "mpl2, tmp, lrc, scc); default: from the extension." in out
    )
    out = " ".join(runner.invoke(cli.app, ["batch", "--help"]).stdout.split())
    assert (
        "Target: transcript, srt, vtt, json, ass, ssa, ttml, sami, sbv, microdvd, mpl2, tmp "
        "or lrc." in out
    )


# --- the conversion options, declared once -----------------------------------------------


def _flags(command: str) -> list[str]:
    group: Any = typer.main.get_command(cli.app)
    return [
        opt if param.param_type_name == "option" else param.name
        for param in group.commands[command].params
        for opt in param.opts
    ]


ALL_CONVERSION = [
    "--max-duration",
    "--last-duration",
    "--estimate-timing",
    "--lenient",
    "--title",
    "--url",
    "--encoding",
    "--bom",
    "--crlf",
    "--force",
    "--fps",
    "--reflow",
    "--keep-rolling",
    "--word-timestamps",
    "--shift",
    "--framerate",
    "--sync",
    "--speakers",
]


def test_every_options_field_is_one_declared_option() -> None:
    # ``retiming`` is one value made from several options (--shift, --framerate, --sync);
    # ``thresholds`` are check's settings from [tool.subconv], not a conversion option.
    plain = [f.name for f in fields(api.Options) if f.name not in ("retiming", "thresholds")]
    assert [o.field for o in cli.CONVERSION_OPTIONS if not o.retiming] == plain
    assert [o.field for o in cli.CONVERSION_OPTIONS if o.retiming] == ["shift", "framerate", "sync"]


def test_each_command_offers_the_block_in_one_order() -> None:
    assert _flags("to-vtt") == [
        "source",
        "--output",
        "-o",
        "--from",
        *ALL_CONVERSION,
        "--quiet",
        "-q",
    ]
    assert _flags("convert") == [
        "source",
        "output",
        "--from",
        "--to",
        *[flag for flag in ALL_CONVERSION if flag != "--force"],
        "--quiet",
        "-q",
    ]
    assert _flags("sync") == [
        "paths",
        "--check",
        "--max-duration",
        "--last-duration",
        "--reflow",
        "--speakers",
        "--quiet",
        "-q",
    ]
    batch_flags = _flags("batch")
    block = [flag for flag in batch_flags if flag in ALL_CONVERSION]
    assert block == ["--force", *[f for f in ALL_CONVERSION if f not in ("--title", "--force")]]


@pytest.mark.parametrize(
    "args",
    [
        ["to-srt", "talk.md"],
        ["convert", "talk.md", "talk.srt"],
        ["sync", "talk.md"],
        ["batch", ".", "--to", "srt"],
    ],
)
def test_the_block_parses_durations_the_same_in_every_command(args: list[str]) -> None:
    result = runner.invoke(cli.app, [*args, "--max-duration", "0"])
    assert result.exit_code == 2
    assert "Invalid value for --max-duration: must be more than 0" in result.stderr


def test_options_reach_the_conversion(tmp_path: Path) -> None:
    source = tmp_path / "a.srt"
    source.write_text("1\n00:00:00,000 --> 00:00:09,000\nHi\n", encoding="utf-8")
    result = runner.invoke(
        cli.app, ["convert", str(source), "-", "--to", "vtt", "--max-duration", "2", "--crlf"]
    )
    assert result.exit_code == 0
    assert result.stdout_bytes == b"WEBVTT\r\n\r\n00:00:00.000 --> 00:00:02.000\r\nHi\r\n"
    result = runner.invoke(cli.app, ["batch", str(tmp_path), "--to", "vtt", "--bom"])
    assert result.exit_code == 0
    assert (
        tmp_path / "a.vtt"
    ).read_bytes() == b"\xef\xbb\xbfWEBVTT\n\n00:00:00.000 --> 00:00:09.000\nHi\n"
