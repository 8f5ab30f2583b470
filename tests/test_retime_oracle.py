"""pysubs2 as the reference for retiming arithmetic: on every time of the SRT corpus,
``--framerate`` equals ``SSAFile.transform_framerate`` and ``--shift`` equals ``shift``.

Both are given the same input times (pysubs2's own reading of each file), so what is
compared is the arithmetic alone. The frame-rate pairs are chosen without exact halves
(FROM/TO in lowest terms has an odd denominator, so t * FROM/TO is never k + 1/2), where pysubs2's
round-half-to-even of a float and our exact half up could differ by design.
"""

from __future__ import annotations

from fractions import Fraction

import pysubs2
import pytest

from convert.retime import Retiming, parse_framerate, parse_shift

from .conftest import CORPORA

SRT_FILES = sorted((CORPORA / "srt").glob("*/*.srt"))


def corpus_times() -> list[int]:
    times: list[int] = []
    for path in SRT_FILES:
        try:
            subs = pysubs2.load(str(path), encoding="utf-8")
        except Exception:  # files pysubs2 cannot read are not an oracle for anything
            continue
        times.extend(t for event in subs for t in (event.start, event.end) if t >= 0)
    return times


TIMES = corpus_times()


def test_the_corpus_gives_enough_times_to_compare() -> None:
    assert len(SRT_FILES) >= 50
    assert len(TIMES) >= 3000


@pytest.mark.parametrize(
    ("source", "target"), [("25", "23.976"), ("23.976", "25"), ("24", "25"), ("30", "25")]
)
def test_framerate_matches_pysubs2_transform_framerate(source: str, target: str) -> None:
    ratio = Fraction(source) / Fraction(target)
    assert ratio.denominator % 2 == 1  # no exact halves
    ours = parse_framerate(f"{source}:{target}")
    subs = pysubs2.SSAFile()
    for t in TIMES:
        subs.append(pysubs2.SSAEvent(start=t, end=t))
    subs.transform_framerate(float(source), float(target))
    theirs = [event.start for event in subs]
    assert [ours(t) for t in TIMES] == theirs


@pytest.mark.parametrize("shift", ["2.5s", "-0.25", "1h"])
def test_shift_matches_pysubs2_shift(shift: str) -> None:
    ours = parse_shift(shift)
    ms = int(ours.offset)
    kept = [t for t in TIMES if t + ms >= 0]
    subs = pysubs2.SSAFile()
    for t in kept:
        subs.append(pysubs2.SSAEvent(start=t, end=t))
    subs.shift(ms=ms)
    assert [ours(t) for t in kept] == [event.start for event in subs]
    assert ours == Retiming.shift(ms)
