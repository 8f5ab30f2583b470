"""Regression tests for four bugs found with real transcripts of the bullet dialect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import convert
from convert import api
from convert.check import check_text
from convert.cli import app
from convert.errors import TimingError
from convert.formats import transcript

URL = "https://www.youtube.com/watch?v=V5jD0BADBEw"
runner = CliRunner()


def _bullets(*stamps: tuple[str, str]) -> str:
    return "# T\n" + "".join(
        f"*  segment {n} [[{label}]({URL}&t={t})]\n" for n, (label, t) in enumerate(stamps, 1)
    )


# 1. A label is the whole seconds of t= (truncated): compared with the unrounded value.


@pytest.mark.parametrize(
    "stamps",
    [
        (("00:09:54", "594.9999999981025s"),),  # rounds to 595.000 s, truncates to 594
        (("00:00:05", "4.2s"),),  # within a second, as a rounded label would be
        (("00:00:01", "1.999s"), ("00:00:02", "2"), ("00:01:40", "1m40.5s")),
    ],
)
def test_a_label_within_a_second_of_the_exact_t_is_consistent(
    stamps: tuple[tuple[str, str], ...],
) -> None:
    text = _bullets(*stamps)
    for read in (transcript.read, transcript.read_careful):
        assert read(text).problems == []
    assert [f for f in check_text(text, "transcript") if f.code == "E105"] == []


def test_the_float_noise_start_is_still_rounded_once() -> None:
    doc = transcript.read(_bullets(("00:09:54", "594.9999999981025s")))
    assert doc.cues[0].start_ms == 595_000


@pytest.mark.parametrize(
    ("label", "t", "gap"),
    [("00:01:00", "75.2s", "15.2"), ("00:00:04", "5", "1"), ("00:00:05", "6.0s", "1")],
)
def test_a_label_a_second_or_more_off_is_still_e105(label: str, t: str, gap: str) -> None:
    text = _bullets((label, t))
    assert transcript.read_fast(text) is None  # the fast path leaves warnings to the reader
    [problem] = transcript.read(text).problems
    assert (problem.code, problem.line, problem.message) == (
        "E105",
        2,
        f"label {label} and t={t} disagree by {gap} s; the t= value is used",
    )
    [finding] = check_text(text, "transcript")
    assert (finding.code, finding.severity) == ("E105", "error")


# 2. and 3. Estimated timing keeps its mark; an untimed transcript's URL is its channel's.

UNTIMED = (
    "---\nLength: 10s\n---\n\n# Old\n"
    "**Channel:** [June 12, 2024](https://www.youtube.com/watch?v=ID)\n"
    "*  four\n*  four\n*  eight ch\n"
)
MARK = (
    "<!-- subconv: timing estimated from Length (--estimate-timing); "
    "these timestamps are not exact -->"
)


def test_estimated_timing_survives_vtt_transcript_and_json(tmp_path: Path) -> None:
    old = tmp_path / "old.md"
    old.write_text(UNTIMED)
    options = api.Options(estimate_timing=True)
    api.convert(old, tmp_path / "est.vtt", options=options)
    vtt_text = (tmp_path / "est.vtt").read_text()
    assert '"url": "https://www.youtube.com/watch?v=ID", "estimated_timing": true' in vtt_text
    api.convert(tmp_path / "est.vtt", tmp_path / "back.md")
    # 4 + 4 + 8 characters over 10 s: starts at 0, 2.5 s and 5 s, linked to the channel's video.
    assert (tmp_path / "back.md").read_text() == (
        "---\nLength: 10s\n---\n\n# Old\n"
        "**Channel:** [June 12, 2024](https://www.youtube.com/watch?v=ID)\n"
        f"{MARK}\n"
        "*  four [[00:00:00](https://www.youtube.com/watch?v=ID&t=0.0s)]\n"
        "*  four [[00:00:02](https://www.youtube.com/watch?v=ID&t=2.5s)]\n"
        "*  eight ch [[00:00:05](https://www.youtube.com/watch?v=ID&t=5.0s)]\n"
    )
    api.convert(tmp_path / "back.md", tmp_path / "back.json")
    data = json.loads((tmp_path / "back.json").read_text())
    assert data["metadata"]["estimated_timing"] is True
    assert data["metadata"]["url"] == "https://www.youtube.com/watch?v=ID"
    api.convert(tmp_path / "back.json", tmp_path / "again.md")
    assert (tmp_path / "again.md").read_text() == (tmp_path / "back.md").read_text()
    api.convert(tmp_path / "again.md", tmp_path / "again.vtt")
    assert (tmp_path / "again.vtt").read_text() == vtt_text


def test_check_says_when_timing_is_estimated(tmp_path: Path) -> None:
    old = tmp_path / "old.md"
    old.write_text(UNTIMED)
    options = api.Options(estimate_timing=True)
    api.convert(old, tmp_path / "est.md", options=options)
    api.convert(old, tmp_path / "est.vtt", options=options)
    result = runner.invoke(app, ["check", str(tmp_path / "est.md"), str(tmp_path / "est.vtt")])
    assert result.exit_code == 0
    estimated = "timing was estimated from Length (--estimate-timing), not read"
    assert [line for line in result.stdout.splitlines() if "W006" in line] == [
        f"{tmp_path / 'est.md'}:7:1: W006 {estimated}: starts are not exact",
        f"{tmp_path / 'est.vtt'}:6:1: W006 {estimated}: starts are not exact",
    ]


def test_an_untimed_transcript_reads_its_url_from_the_channel_line() -> None:
    doc = transcript.read(UNTIMED)
    assert doc.untimed and doc.metadata.url == "https://www.youtube.com/watch?v=ID"
    timed = transcript.read(UNTIMED.replace("*  four\n*  four\n*  eight ch\n", _bullets()[4:]))
    assert timed.metadata.url == "https://www.youtube.com/watch?v=ID"
    # A bullet's own link wins over the channel line.
    both = UNTIMED.split("*  four")[0] + "*  a [[00:00:01](https://youtu.be/X?t=1)]\n"
    assert transcript.read(both).metadata.url == "https://youtu.be/X"


# 4. convert.write() names the input in its errors.


def test_write_errors_name_the_input(tmp_path: Path) -> None:
    old = tmp_path / "old-talk.md"
    old.write_text(UNTIMED)
    doc = convert.read(old)
    with pytest.raises(TimingError) as info:
        convert.write(doc, tmp_path / "x.srt")
    assert info.value.path == str(old) and info.value.line == 7
    assert str(info.value).startswith(f"{old}:7: transcript has no timestamps")
    assert not (tmp_path / "x.srt").exists()
