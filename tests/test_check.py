"""`subconv check`: rules, output formats, configuration, --fix and --diff.

The expected outputs below were worked out by reading the inputs (the comments
say how), not copied from the program's output.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from convert.check import RULES, Request, check_paths, check_text, enabled
from convert.cli import app
from convert.config import Finder, Settings
from convert.errors import UsageError
from convert.fix import fix_text

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SEED = SAMPLES / "bbc-putin-peacekeepers.md"


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """The CLI in-process: (exit status, stdout, stderr)."""
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def timing_srt(tmp_path: Path) -> Path:
    target = tmp_path / "timing.srt"
    shutil.copy(SAMPLES / "check" / "timing.srt", target)
    return target


# timing.srt, cue by cue (line of the timing line): c1 2: 1.000-4.000; c2 6: 3.500-5.000;
# c3 10: 5.040-5.500 (0.46 s; 40 ms after c2); c4 14: 6.000-14.000 numbered 5 after 3, with
# a 50-character line; c5 18: 13.000-12.000 with 3 lines; c6 24: 2.000-2.500, 20 characters.
# In play order c1 (ends 4.0) meets c6 (2.0), and c4 (ends 14.0) meets c5 (13.0).
TIMING_EXPECTED = """\
timing.srt:2:18: E104 ends at 0:00:04.000, after the next cue starts at 0:00:02.000 (line 24)
timing.srt:6:18: W106 gap of 0.04 s to the next cue (line 10) is under 2 frames at 24 fps \
(0.083 s); chain the cues or widen the gap
timing.srt:10:1: W101 shown for 0.46 s, under 0.833 s
timing.srt:13:1: W201 cue number 5, expected 4
timing.srt:14:1: W102 shown for 8 s, over 7 s
timing.srt:14:18: E104 ends at 0:00:14.000, after the next cue starts at 0:00:13.000 (line 18)
timing.srt:15:43: W104 line is 50 characters, over 42
timing.srt:18:18: E103 cue ends at 0:00:12.000, not after its start 0:00:13.000
timing.srt:21:1: W105 cue has 3 lines, over 2
timing.srt:24:1: E101 start 0:00:02.000 goes back before the previous start 0:00:13.000 (line 18)
timing.srt:24:1: W101 shown for 0.5 s, under 0.833 s
timing.srt:24:1: W103 reading speed 40.0 characters per second (20 in 0.5 s), over 20
Found 4 errors and 8 warnings (1 file checked; 4 fixable with --fix).
"""


def test_srt_rules_golden(timing_srt: Path) -> None:
    status, out, err = run("check", "timing.srt", cwd=timing_srt.parent)
    assert (status, out, err) == (1, TIMING_EXPECTED, "")


# backwards.md: Length 20 s; line 7 label 5 s vs t=3.2 s; line 8 t=2.5 s after 3.2 s and
# label 4 s; lines 9 and 10 both 8.0 s, so line 10 lasts until line 11 (25 s): 17 s;
# line 11 starts at 25 s, past Length. Columns are those of the "[[" of each timestamp.
BACKWARDS_EXPECTED = """\
backwards.md:7:16: E105 label 00:00:05 and t=3.2s disagree by 1.8 s; the t= value is used
backwards.md:8:18: E101 start 0:00:02.500 goes back before the previous start 0:00:03.200 \
(line 7)
backwards.md:8:18: E105 label 00:00:04 and t=2.5s disagree by 1.5 s; the t= value is used
backwards.md:10:13: E102 start 0:00:08.000 is the same as the previous bullet's (line 9); \
its end cannot be inferred
backwards.md:10:13: W102 shown for 17 s, over 7 s
backwards.md:11:12: E106 starts at 0:00:25.000, past the header's Length (20 s)
Found 5 errors and 1 warning (1 file checked).
"""


def test_transcript_rules_golden_and_never_fixed(tmp_path: Path) -> None:
    target = tmp_path / "backwards.md"
    shutil.copy(SAMPLES / "check" / "backwards.md", target)
    before = target.read_bytes()
    assert run("check", "backwards.md", cwd=tmp_path) == (1, BACKWARDS_EXPECTED, "")
    # Which of two backwards starts is wrong is not knowable: --fix leaves a transcript alone.
    status, out, _ = run("check", "--fix", "backwards.md", cwd=tmp_path)
    assert (status, out) == (1, BACKWARDS_EXPECTED)
    assert target.read_bytes() == before


def test_seed_passes() -> None:
    status, out, err = run("check", str(SEED))
    assert status == 0, out
    assert err == ""
    assert " E" not in out  # warnings only
    assert out.endswith("(1 file checked).\n")


def test_seed_fails_only_with_strict() -> None:
    status, out, _ = run("check", "--strict", "--select", "W1", str(SEED))
    assert status == 1
    # The seed's bullet at line 30 starts at t=39.92s and the next at t=48.879999999999995s: 8.96 s.
    assert f"{SEED}:30:88: W102 shown for 8.96 s, over 7 s\n" in out


def test_vtt_overlap_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nOne\n\n00:00:02.000 --> 00:00:03.000\nTwo\n"
    )
    status, out, _ = run("check", "a.vtt", cwd=tmp_path)
    assert status == 0
    assert out == (
        "a.vtt:3:18: E104 ends at 0:00:03.000, after the next cue starts at 0:00:02.000 "
        "(line 6) (legal in WebVTT, so a warning)\n"
        "Found 0 errors and 1 warning (1 file checked).\n"
    )


def test_read_errors_are_e001_with_their_line(tmp_path: Path) -> None:
    (tmp_path / "b.srt").write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:0x,000 --> 00:00:04,000\nbroken\n"
    )
    (tmp_path / "c.md").write_text("*  one [[00:00:01](#t=1.0s)]\n*  two [[00:00:02](#t=abc)]\n")
    status, out, _ = run("check", "-q", "b.srt", "c.md", cwd=tmp_path)
    assert status == 1
    assert out == (
        "b.srt:6:1: E001 expected a timing line like '00:00:01,000 --> 00:00:02,500', "
        "found '00:00:0x,000 --> 00:00:04,000'\n"
        "c.md:2:1: E001 cannot read the time in 't=abc'\n"
    )


def test_untimed_transcript_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text("---\nLength: 30s\n---\n\n*  first words\n*  more words\n")
    status, out, _ = run("check", "-q", "old.md", cwd=tmp_path)
    assert (status, out) == (1, "old.md:5:1: E107 transcript has no timestamps\n")


def test_markdown_that_is_not_a_transcript_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Notes\n\n* a list item\n* [a link](https://x.org)\n")
    shutil.copy(SEED, tmp_path / "talk.md")
    status, out, err = run("check", ".", cwd=tmp_path)
    assert status == 0
    assert out.endswith("(1 file checked, 1 skipped (not transcripts)).\n")
    assert "README" not in out + err
    _, _, err = run("check", "-v", ".", cwd=tmp_path)
    assert err == (
        "README.md: skipped: Markdown without a transcript header or timestamped bullets\n"
    )


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    (tmp_path / "ok.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nfine\n")
    status, out, err = run("check", "missing.srt", "ok.srt", cwd=tmp_path)
    assert status == 2
    assert err == "missing.srt: no such file\n"
    assert (
        out == "No problems found in the files that could be read (1 file checked, 1 unreadable).\n"
    )


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    (tmp_path / "ok.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nfine\n")
    status, _, err = run("check", "--select", "X9", "ok.srt", cwd=tmp_path)
    assert status == 2
    assert err == "--select: 'X9' matches no rule code (see docs/rules.md)\n"
    assert run("check", "--format", "xml", "ok.srt", cwd=tmp_path)[0] == 2


# --- selecting ---------------------------------------------------------------------------


def test_selection_most_specific_wins() -> None:
    assert enabled("W104", ("E", "W"), ())
    assert not enabled("W104", ("E", "W"), ("W1",))
    assert enabled("W104", ("E", "W104"), ("W1",))  # more specific select beats ignore
    assert not enabled("W104", ("W104",), ("W104",))  # a tie goes to ignore
    assert not enabled("E101", ("W",), ())
    assert enabled("E101", ("ALL",), ())


def test_select_and_ignore_on_the_command_line(timing_srt: Path) -> None:
    status, out, _ = run(
        "check", "-q", "--select", "E1", "--ignore", "E104", "timing.srt", cwd=timing_srt.parent
    )
    assert status == 1
    assert [line.split(" ")[1] for line in out.splitlines()] == ["E103", "E101"]
    status, out, _ = run("check", "--select", "W101,W102", "timing.srt", cwd=timing_srt.parent)
    assert status == 0  # warnings alone never fail
    assert [line.split(" ")[1] for line in out.splitlines()[:-1]] == ["W101", "W102", "W101"]


# --- configuration -----------------------------------------------------------------------


def test_config_found_like_ruff(tmp_path: Path, timing_srt: Path) -> None:
    # root/pyproject.toml has [tool.subconv]; root/a/pyproject.toml has none (skipped, as
    # ruff does); root/a/b/pyproject.toml has its own table.
    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.subconv]\nselect = ["E10"]\nignore = ["E104"]\n')
    (root / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (root / "a" / "b" / "pyproject.toml").write_text(
        '[tool.subconv]\nmax-line-length = 60\nmax_lines = 3\nmin-duration = "1/2"\n'
        "[tool.subconv.batch]\njobs = 2\n"
    )
    shutil.copy(timing_srt, root / "a" / "one.srt")
    shutil.copy(timing_srt, root / "a" / "b" / "two.srt")
    status, out, _ = run("check", "-q", ".", cwd=root)
    assert status == 1
    codes = [(line.split(":")[0], line.split(" ")[1]) for line in out.splitlines()]
    # one.srt: only E10x without E104. two.srt: every rule, but the 50-character line, the
    # 3-line cue and the 0.5 s cue are now within limits.
    assert codes == [
        ("a/b/two.srt", "E104"),
        ("a/b/two.srt", "W106"),
        ("a/b/two.srt", "W101"),
        ("a/b/two.srt", "W201"),
        ("a/b/two.srt", "W102"),
        ("a/b/two.srt", "E104"),
        ("a/b/two.srt", "E103"),
        ("a/b/two.srt", "E101"),
        ("a/b/two.srt", "W103"),
        ("a/one.srt", "E103"),
        ("a/one.srt", "E101"),
    ]
    finder = Finder()
    assert finder.for_path(root / "a" / "one.srt").root == root
    assert finder.for_path(root / "a" / "b" / "two.srt").thresholds.max_lines == 3


def test_per_file_ignores_and_strict(tmp_path: Path, timing_srt: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.subconv]\nstrict = true\nselect = ["W10"]\n'
        '[tool.subconv.per-file-ignores]\n"timing.srt" = ["W101", "W103"]\n'
    )
    status, out, _ = run("check", "-q", "timing.srt", cwd=tmp_path)
    assert status == 1  # strict: the remaining readability warnings are errors
    assert [line.split(" ")[1] for line in out.splitlines()] == ["W106", "W102", "W104", "W105"]
    assert run("check", "-q", "--no-strict", "timing.srt", cwd=tmp_path)[0] == 0


def test_bad_config_is_a_usage_error(tmp_path: Path, timing_srt: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.subconv]\nmax-cpx = 17\n")
    status, _, err = run("check", "timing.srt", cwd=tmp_path)
    assert status == 2
    assert err.startswith(f"{tmp_path / 'pyproject.toml'}: unknown key 'max-cpx' in [tool.subconv]")


def test_fps_changes_the_gap_rule(timing_srt: Path) -> None:
    # The 40 ms gap is under 2 frames at 24 fps (83 ms) but not at 60 fps (33 ms).
    assert "W106" in run("check", "--select", "W106", "timing.srt", cwd=timing_srt.parent)[1]
    out = run("check", "--select", "W106", "--fps", "60", "timing.srt", cwd=timing_srt.parent)[1]
    assert out == "All checks passed (1 file checked).\n"


def test_every_code_is_documented() -> None:
    """Every rule, and every code any module can emit, has a row in docs/rules.md."""
    import re

    doc = (REPO / "docs" / "rules.md").read_text()
    emitted = {
        code
        for source in (REPO / "convert").rglob("*.py")
        for code in re.findall(r'code="([EW]\d{3})"', source.read_text())
    }
    assert emitted >= {"E001", "W010", "W013"}
    for code in sorted(set(RULES) | emitted):
        assert f"| `{code}` |" in doc, code


# --- output formats ----------------------------------------------------------------------


def test_json_format(timing_srt: Path) -> None:
    status, out, _ = run(
        "check", "--format", "json", "--select", "E103,W104", "timing.srt", cwd=timing_srt.parent
    )
    assert status == 1
    assert json.loads(out) == [
        {
            "file": "timing.srt",
            "line": 15,
            "column": 43,
            "code": "W104",
            "severity": "warning",
            "message": "line is 50 characters, over 42",
            "fixable": False,
        },
        {
            "file": "timing.srt",
            "line": 18,
            "column": 18,
            "code": "E103",
            "severity": "error",
            "message": "cue ends at 0:00:12.000, not after its start 0:00:13.000",
            "fixable": False,
        },
    ]


def test_github_format(timing_srt: Path) -> None:
    status, out, _ = run(
        "check", "--format", "github", "--select", "E101,W201", "timing.srt", cwd=timing_srt.parent
    )
    assert status == 1
    assert out == (
        "::warning file=timing.srt,line=13,col=1,title=subconv W201::W201 cue number 5, "
        "expected 4\n"
        "::error file=timing.srt,line=24,col=1,title=subconv E101::E101 start 0:00:02.000 goes "
        "back before the previous start 0:00:13.000 (line 18)\n"
    )


# --- --fix and --diff ---------------------------------------------------------------------

# Sorted by start: c1 c6 c2 c3 c4 c5; c1 trimmed to c6's start, c4 to c5's start; numbers
# 1..6, of which c6 (was 7), c2 (2 -> 3) and c3 (3 -> 4) change.
FIXED_SRT = """\
1
00:00:01,000 --> 00:00:02,000
Opening line

2
00:00:02,000 --> 00:00:02,500
Far too much to read

3
00:00:03,500 --> 00:00:05,000
Overlap

4
00:00:05,040 --> 00:00:05,500
Quick

5
00:00:06,000 --> 00:00:13,000
This line is much longer than forty-two characters

6
00:00:13,000 --> 00:00:12,000
one
two
three
"""

FIX_MESSAGES = """\
timing.srt:24: fixed E101: cue starting at 0:00:02.000 moved to position 2 of 6, in order of \
start
timing.srt:2: fixed E104: end 0:00:04.000 -> 0:00:02.000, the next cue's start (line 24)
timing.srt:14: fixed E104: end 0:00:14.000 -> 0:00:13.000, the next cue's start (line 18)
timing.srt:5: fixed W201: cues renumbered 1 to 6 (3 numbers changed, 0 added)
"""

# What is left in FIXED_SRT: c6 (line 6) is still short and fast, the 40 ms gap, c3's
# 0.46 s, the long line (now line 19), c5's end before its start and its 3 lines. c4 now
# lasts exactly 7 s, which is not over 7 s.
AFTER_FIX = """\
timing.srt:6:1: W101 shown for 0.5 s, under 0.833 s
timing.srt:6:1: W103 reading speed 40.0 characters per second (20 in 0.5 s), over 20
timing.srt:10:18: W106 gap of 0.04 s to the next cue (line 14) is under 2 frames at 24 fps \
(0.083 s); chain the cues or widen the gap
timing.srt:14:1: W101 shown for 0.46 s, under 0.833 s
timing.srt:19:43: W104 line is 50 characters, over 42
timing.srt:22:18: E103 cue ends at 0:00:12.000, not after its start 0:00:13.000
timing.srt:25:1: W105 cue has 3 lines, over 2
Found 1 error and 6 warnings (1 file checked, 4 fixes applied).
"""


def test_fix_rewrites_and_reports(timing_srt: Path) -> None:
    status, out, err = run("check", "--fix", "timing.srt", cwd=timing_srt.parent)
    assert timing_srt.read_text() == FIXED_SRT
    assert err == FIX_MESSAGES
    assert (status, out) == (1, AFTER_FIX)
    # Nothing left to fix: a second run changes nothing.
    _, _, err = run("check", "--fix", "timing.srt", cwd=timing_srt.parent)
    assert err == ""
    assert timing_srt.read_text() == FIXED_SRT


def test_diff_writes_nothing(timing_srt: Path) -> None:
    before = timing_srt.read_bytes()
    status, out, err = run("check", "--diff", "timing.srt", cwd=timing_srt.parent)
    assert status == 1
    assert timing_srt.read_bytes() == before
    import difflib

    expected = "".join(
        difflib.unified_diff(
            before.decode().splitlines(keepends=True),
            FIXED_SRT.splitlines(keepends=True),
            "a/timing.srt",
            "b/timing.srt",
        )
    )
    assert out == expected
    assert err == AFTER_FIX.replace(", 4 fixes applied", "")


def test_fix_keeps_bom_crlf_and_timestamp_style(tmp_path: Path) -> None:
    source = (
        "\ufeff1\r\n0:00:01.5 --> 0:00:04.000\r\nA\r\n\r\n2\r\n0:00:03.000 --> 0:00:05.000\r\nB\r\n"
    )
    target = tmp_path / "x.srt"
    target.write_bytes(source.encode())
    status, _, err = run("check", "--fix", "-q", "--select", "E", "x.srt", cwd=tmp_path)
    assert status == 0
    assert err == (
        "x.srt:2: fixed E104: end 0:00:04.000 -> 0:00:03.000, the next cue's start (line 6)\n"
    )
    # Only the end changed, written in the file's own style (a dot before the milliseconds).
    assert target.read_bytes() == source.replace("0:00:04.000", "00:00:03.000").encode()


def test_fix_keeps_cr_only_line_endings(tmp_path: Path) -> None:
    # classic Mac OS files end lines with CR alone; they were refused as "mixed"
    source = "1\r00:00:05,000 --> 00:00:06,000\rB\r\r2\r00:00:01,000 --> 00:00:02,000\rA\r"
    target = tmp_path / "cr.srt"
    target.write_bytes(source.encode())
    status, _, _ = run("check", "--fix", "-q", "cr.srt", cwd=tmp_path)
    assert status == 0
    assert target.read_bytes() == (
        b"1\r00:00:01,000 --> 00:00:02,000\rA\r\r2\r00:00:05,000 --> 00:00:06,000\rB\r"
    )


def test_vtt_fix_moves_notes_and_ids_with_their_cue(tmp_path: Path) -> None:
    target = tmp_path / "t.vtt"
    target.write_text(
        "WEBVTT\n\nlate\n00:05.000 --> 00:07.000\nLater\n\nNOTE about the early cue\n\n"
        "early\n00:01.000 --> 00:03.000 align:start\nEarly &amp; <b>bold</b>\n"
    )
    status, _, err = run("check", "--fix", "t.vtt", cwd=tmp_path)
    assert status == 0
    assert err.startswith("t.vtt:10: fixed E101")
    assert target.read_text() == (
        "WEBVTT\n\nNOTE about the early cue\n\n"
        "early\n00:01.000 --> 00:03.000 align:start\nEarly &amp; <b>bold</b>\n\n"
        "late\n00:05.000 --> 00:07.000\nLater\n"
    )


cue_lists = st.lists(
    st.tuples(
        st.integers(0, 50_000),
        st.integers(1, 9_000),
        st.text("abcdefgh ", min_size=1, max_size=12).map(str.strip).filter(bool),
        st.integers(0, 9),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(cue_lists)
def test_fix_property(cues: list[tuple[int, int, str, int]]) -> None:
    """Any SRT, fixed: in order, no fixable overlap left, numbered 1..n, same cues; idempotent."""
    from convert.formats import srt

    text = "".join(
        f"{number}\n{srt.format_time(start)} --> {srt.format_time(start + length)}\n{words}\n\n"
        for start, length, words, number in cues
    )
    codes = {"E101", "E104", "W201"}
    fixed, _ = fix_text(text, "srt", codes, "p.srt")
    left = {f.code for f in check_text(fixed, "srt", settings=Settings(select=("E", "W201")))}
    starts = sorted(start for start, *_ in cues)
    assert "E101" not in left and "W201" not in left
    if len(set(starts)) == len(starts):
        assert "E104" not in left
    doc = srt.read(fixed)
    assert [cue.start_ms for cue in doc.cues] == starts
    assert sorted(cue.text for cue in doc.cues) == sorted(words for _, _, words, _ in cues)
    assert fix_text(fixed, "srt", codes, "p.srt")[0] == fixed


def test_library_check_paths(timing_srt: Path) -> None:
    report = check_paths([str(timing_srt)], Request(select=("E1",)))
    assert [f.code for f in report.findings] == ["E104", "E104", "E103", "E101"]
    assert report.exit_status == 1
    with pytest.raises(UsageError):
        check_paths([str(timing_srt)], Request(ignore=("Q",)))


def test_unreadable_block_stops_restructuring(tmp_path: Path) -> None:
    # Where a block that cannot be read belongs is unknown, so cues are not moved around it.
    source = (
        "1\n00:00:05,000 --> 00:00:06,000\nlate\n\n"
        "2\n00:00:0x,000 --> 00:00:04,000\nbroken\n\n"
        "3\n00:00:01,000 --> 00:00:02,000\nearly\n"
    )
    target = tmp_path / "j.srt"
    target.write_text(source)
    status, out, err = run("check", "--fix", "-q", "--select", "E", "j.srt", cwd=tmp_path)
    assert (status, err) == (1, "")
    assert target.read_text() == source
    assert out == (
        "j.srt:6:1: E001 expected a timing line like '00:00:01,000 --> 00:00:02,500', "
        "found '00:00:0x,000 --> 00:00:04,000'\n"
        "j.srt:10:1: E101 start 0:00:01.000 goes back before the previous start 0:00:05.000 "
        "(line 2)\n"
    )


def test_vtt_past_the_length_in_its_metadata(tmp_path: Path) -> None:
    # A WebVTT made from a transcript keeps the header in a NOTE; Length 10 s, and the
    # second cue ends at 11 s, a second past it (the first, ending at 10.5 s, is not).
    (tmp_path / "m.vtt").write_text(
        "WEBVTT\n\nNOTE subconv-metadata\n"
        '{"header": "Length: 10s", "title": null, "channel": null, "url": null}\n\n'
        "00:00:08.000 --> 00:00:10.500\nfirst\n\n00:00:10.500 --> 00:00:11.000\nsecond\n"
    )
    status, out, _ = run("check", "-q", "--select", "E", "m.vtt", cwd=tmp_path)
    assert (status, out) == (
        1,
        "m.vtt:9:18: E106 ends at 0:00:11.000, past the header's Length (10 s)\n",
    )


def test_a_link_to_itself_in_a_folder_is_one_unreadable_file(tmp_path: Path) -> None:
    """A symbolic link loop stopped the whole walk (batch and check) at that entry."""
    import subprocess
    import sys

    (tmp_path / "good.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHello\n")
    (tmp_path / "loop.srt").symlink_to("loop.srt")
    subconv = str(Path(sys.executable).with_name("subconv"))
    checked = subprocess.run([subconv, "check", "."], cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 2
    assert "./loop.srt: cannot be read (Too many levels of symbolic links)" in checked.stderr
    assert "1 unreadable" in checked.stdout + checked.stderr
    batch = subprocess.run(
        [subconv, "batch", ".", "--to", "vtt"], cwd=tmp_path, capture_output=True, text=True
    )
    assert batch.returncode == 0
    assert "1 converted, 0 up to date, 1 skipped, 0 failed" in batch.stdout + batch.stderr
    assert (tmp_path / "good.vtt").is_file()
