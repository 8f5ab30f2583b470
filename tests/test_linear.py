"""Every reader, and check, takes time linear in its input, however hostile the line.

A backtracking regex (two ``[ \\t]*`` runs side by side, a fast path that searches on
from every character after a failed block) turns one long line into minutes. Each case
below is a line that once did that; it is fed at two sizes in one run, and the larger
(4x) must not take more than 8x the time of the smaller. Linear code gives about 4x,
quadratic code 16x. Times are this thread's CPU time (time spent waiting for a core
shared with other processes does not count), the best of three, and each size repeats
its work until the smaller takes a measurable time, so a busy machine does not decide
the outcome.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from convert import api
from convert.check import check_text

SMALL = 10_000
"""Characters of the pathological part at the smaller size (the larger is 4x)."""


def _style_with_data_url(n: int) -> str:
    # A STYLE block with a base64 data: URL (valid and realistic); n chars of base64.
    return (
        "WEBVTT\n\nSTYLE\n::cue { background-image: url(data:image/png;base64,"
        + "iVBORw0KGgo" * (n // 11)
        + ") }\n\n00:00.000 --> 00:01.000\nhi\n"
    )


CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "vtt STYLE with a data: URL": ("vtt", _style_with_data_url),
    "vtt header line of text": (
        "vtt",
        lambda n: "WEBVTT " + "x" * n + "\n\n00:00.000 --> 00:01.000\nhi\n",
    ),
    "vtt text line after WEBVTT": ("vtt", lambda n: "WEBVTT\n" + "x" * n + "\n"),
    "vtt spaces before -->": ("vtt", lambda n: "WEBVTT\n\n00:00.000" + " " * n + "-->x\nhi\n"),
    "vtt digits before -->": ("vtt", lambda n: "WEBVTT\n\n" + "1" * n + " --> 1\nhi\n"),
    "vtt unclosed tags": (
        "vtt",
        lambda n: "WEBVTT\n\n00:00.000 --> 00:01.000\n" + "<c." * (n // 3) + "\n",
    ),
    "srt spaces before ->": ("srt", lambda n: "1\n00:00:00,000" + " " * n + "->x\nhi\n"),
    "srt '<' and spaces": ("srt", lambda n: "1\n00:00:00,000 --> 00:00:01,000\n<" + " " * n + "\n"),
    "srt '< ' repeated": (
        "srt",
        lambda n: "1\n00:00:00,000 --> 00:00:01,000\n" + "< " * (n // 2) + "\n",
    ),
    "srt long counter": ("srt", lambda n: "1" * n + "\nx\n"),
    "srt dashes": ("srt", lambda n: "1\n00:00:00,000 " + "-" * n + "\n"),
    "srt many cues, each with findings": (
        # Every cue too brief and too fast: check once compared each finding with every
        # problem of the file (20,000 cues took five minutes).
        "srt",
        lambda n: "".join(
            f"{i}\n00:00:{i % 60:02d},000 --> 00:00:{i % 60:02d},100\nline {i} of text\n\n"
            for i in range(1, n // 40)
        ),
    ),
    "md many '*  '": ("transcript", lambda n: "*  " * (n // 3) + "\n"),
    "md URL of '?a'": (
        "transcript",
        lambda n: (
            "*  x [[00:00:01](u"
            + "?a" * (n // 2)
            + "?t=1s)]\n*  y [[00:00:02](u"
            + "&b" * (n // 2)
            + ")]\n"
        ),
    ),
    "md brackets": ("transcript", lambda n: "*  " + "[a" * (n // 2) + " [[00:00:01](u?t=1s)]\n"),
    "json long string": (
        "json",
        lambda n: '{"cues": [{"start_ms": 1, "text": "' + "x" * n + '"}]}',
    ),
    "json many cues": (
        # 5,000 and 20,000 cues: fewer would step across the processor's cache sizes
        # between the two sizes, which alone can double the time per cue.
        "json",
        lambda n: '{"cues": [' + ",".join(['{"start_ms": 1, "text": "x"}'] * (n // 2)) + "]}",
    ),
}


def _best_of_three(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.thread_time()
        for _ in range(repeat):
            work()
        best = min(best, time.thread_time() - started)
    return best


def _repeats_for(work: Callable[[], object]) -> int:
    """How often to repeat ``work`` so that it takes at least 10 ms."""
    repeat = 1
    while True:
        started = time.thread_time()
        for _ in range(repeat):
            work()
        if time.thread_time() - started >= 0.01 or repeat >= 1 << 12:
            return repeat
        repeat *= 4


def _ratio(task: Callable[[str], object], make: Callable[[int], str]) -> float:
    small, large = make(SMALL), make(4 * SMALL)
    repeat = _repeats_for(lambda: task(small))
    return _best_of_three(lambda: task(large), repeat) / _best_of_three(lambda: task(small), repeat)


def _parse(fmt: str) -> Callable[[str], object]:
    def task(text: str) -> object:
        try:
            return api.parse(text, fmt)
        except api.ParseError as exc:  # a refusal is fine; the time it takes is the point
            return exc

    return task


@pytest.mark.parametrize("case", list(CASES))
def test_reading_time_grows_linearly(case: str) -> None:
    fmt, make = CASES[case]
    assert _ratio(_parse(fmt), make) < 8, f"{case}: 4x the input took 8x the time or more"


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][0] != "json"])
def test_check_time_grows_linearly(case: str) -> None:
    fmt, make = CASES[case]

    def task(text: str) -> object:
        return check_text(text, fmt)

    assert _ratio(task, make) < 8, f"check {case}: 4x the input took 8x the time or more"


def test_the_style_block_case_reads_its_cue() -> None:
    # The largest realistic case, read whole: a 100 KB data: URL in a STYLE block.
    doc = api.parse(_style_with_data_url(100_000), "vtt")
    assert [cue.text for cue in doc.cues] == ["hi"]
    assert doc.vtt_blocks[0].startswith("STYLE\n::cue { background-image: url(data:")
