"""One of each rule of time: one duration grammar, one half-up rounding, one clock, one end
rule, one folder walker, and check reading through the conversion's read path."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from convert import api, batch, check, timecode, timing
from convert.cli import app
from convert.formats import transcript
from convert.model import Cue
from convert.walk import iter_files

runner = CliRunner()

DURATIONS = [
    ("90", 90_000),
    ("1m30", 90_000),
    ("1m30s", 90_000),
    ("1:30", 90_000),
    ("2.5s", 2_500),
    ("0:01:30.5", 90_500),
    ("1h2m", 3_720_000),
    ("6.0600000000000005s", 6_060),
    ("0.0005", 1),
]


@pytest.mark.parametrize(("text", "ms"), DURATIONS)
def test_one_grammar_for_options_length_and_t(text: str, ms: int) -> None:
    assert timing.parse_seconds(text) == ms  # --max-duration, --last-duration
    assert transcript.length_from_header(f"Length: {text}") == ms  # the header
    assert transcript.parse_t_value(text) == ms  # a link's t=


def test_length_1m30_is_read_not_ignored(tmp_path: Path) -> None:
    """``--last-duration 1m30`` worked but ``Length: 1m30`` was silently ignored."""
    path = tmp_path / "talk.md"
    path.write_text(
        "---\nLength: 1m30\n---\n\n"
        "* Hello [[00:00:00](https://youtu.be/x?t=0s)]\n"
        "* Last words [[00:01:20](https://youtu.be/x?t=80s)]\n"
        "* Too late [[00:01:40](https://youtu.be/x?t=100s)]\n",
        encoding="utf-8",
    )
    assert api.read(path).length_ms == 90_000
    result = runner.invoke(app, ["check", str(path), "--select", "E106"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:7:12: E106 starts at 0:01:40.000, past the header's Length (90 s)"
    )


@given(st.text(alphabet="0123456789", min_size=0, max_size=30))
def test_fraction_rounding_is_half_up(digits: str) -> None:
    exact = Fraction(int(digits or "0"), 10 ** len(digits)) * 1000
    assert timecode.fraction_ms(digits) == int(exact + Fraction(1, 2))


@given(st.integers(-(10**12), 10**12), st.integers(1, 10**6))
def test_half_up_is_floor_of_value_plus_a_half(numerator: int, denominator: int) -> None:
    value = Fraction(numerator, denominator)
    rounded = timecode.half_up(numerator, denominator)
    assert rounded - Fraction(1, 2) <= value < rounded + Fraction(1, 2)


@given(st.integers(0, 10**11))
def test_one_clock(ms: int) -> None:
    hours, rest = ms // 3_600_000, ms % 3_600_000
    minutes, seconds, millis = rest // 60_000, rest % 60_000 // 1000, ms % 1000
    assert timecode.clock(ms, ",") == f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"
    assert timecode.clock(ms, hours=False) == (
        f"{hours * 60 + minutes:02d}:{seconds:02d}.{millis:03d}"
    )
    assert transcript.format_label(ms) == f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    assert timing.format_ms(ms) == f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    assert timing.format_ms(-ms) == ("-" if ms else "") + timing.format_ms(ms)


@given(
    st.lists(st.integers(0, 10**7), min_size=1, max_size=8).map(sorted),
    st.one_of(st.none(), st.integers(0, 10**7)),
)
def test_check_and_conversion_end_a_cue_at_the_same_time(
    starts: list[int], length_ms: int | None
) -> None:
    """check's "shown until" is the conversion's inferred end wherever it is not a guess."""
    cues = [Cue(start, None, "words " * 3, line=n) for n, start in enumerate(starts, 1)]
    shown = [timing.end_of(cues, i, length_ms=length_ms, guess=False) for i in range(len(cues))]
    timing.infer_ends(cues, length_ms=length_ms)
    for until, cue in zip(shown, cues, strict=True):
        assert until is None or until == cue.end_ms
    assert all(until is not None for until in shown[:-1])


def _tree(root: Path) -> None:
    for rel in ("a.srt", "sub/b.vtt", ".hidden/c.srt", "sub/.cache/d.srt", "notes.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n", encoding="utf-8")


def test_check_and_batch_walk_folders_alike(tmp_path: Path) -> None:
    """Before one walker, batch converted files in hidden folders that check skipped."""
    src = tmp_path / "src"
    _tree(src)
    outside = tmp_path / "outside.srt"
    outside.write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n", encoding="utf-8")
    os.symlink(outside, src / "link.srt")
    expected = [str(src / "a.srt"), str(src / "sub" / "b.vtt")]
    assert list(iter_files([str(src)])) == expected
    plan = batch.plan([str(src)], "json", out=str(tmp_path / "out"))
    assert [t.source for t in plan.tasks] == expected
    assert [(s.source, s.reason) for s in plan.skipped] == [
        (str(src / "link.srt"), "symbolic link outside SRC, not followed")
    ]
    report = check.check_paths([str(src)])
    assert [r.path for r in report.files] == expected


def test_check_reads_through_the_conversion_read_path(tmp_path: Path) -> None:
    """The same reader problems, W005 included, from check and from a conversion's read."""
    path = tmp_path / "latin.vtt"
    path.write_bytes("WEBVTT\n\n00:01.000 --> 00:02.000\nCaf\xe9 cr\xe8me\n".encode("latin-1"))
    doc = api.read(path)
    findings = check.check_file(str(path), check.settings_for(check.Settings(), check.Request()))
    assert [(f.code, f.message) for f in findings.findings] == [
        (p.code, p.message) for p in doc.problems
    ]
    assert findings.findings[0].code == "W005"
    assert "WebVTT must be UTF-8" in findings.findings[0].message
