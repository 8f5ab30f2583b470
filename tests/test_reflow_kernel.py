"""Reflow's compiled kernel (convert/_reflow_kernel.c) computes what its Python reference does.

The kernel is optional (built where GCC or Clang is found); these tests hold that it is
built here, that the build is of the current source, and that with it and without it
reflow writes the same cues: on generated documents and thresholds (hypothesis), on each
of the kernel's functions called directly against its reference, and on real files from
the shared corpora under several sets of limits. Where the kernel was not built, all but
the first test are skipped: there is nothing to compare, and reflow runs the reference.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import shutil
import sysconfig
import types
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convert
import convert.reflow as reflow_module
from convert import api
from convert.config import Thresholds
from convert.model import Cue, Document, Word

from .conftest import CORPORA, SAMPLES
from .test_reflow import VOCABULARY, documents

ROOT = Path(__file__).resolve().parent.parent
KERNEL = reflow_module._kernel
needs_kernel = pytest.mark.skipif(KERNEL is None, reason="no compiler: reflow runs in Python")


@contextlib.contextmanager
def python_only() -> Iterator[None]:
    """Run reflow with its Python reference (the kernel set aside)."""
    saved = reflow_module._kernel
    reflow_module._kernel = None
    try:
        yield
    finally:
        reflow_module._kernel = saved


Compared = list[tuple[object, ...]]


def both_ways(doc: Document, thresholds: Thresholds | None = None) -> tuple[Compared, Compared]:
    """The cues reflow writes with the kernel and without it, as comparable tuples."""

    def cues(out: Document) -> Compared:
        return [(c.start_ms, c.end_ms, c.text, c.speaker, c.id) for c in out.cues] + [
            (p.code, p.message) for p in out.problems
        ]

    compiled = cues(convert.reflow(doc, thresholds))
    with python_only():
        plain = cues(convert.reflow(doc, thresholds))
    return compiled, plain


def test_the_kernel_is_built_where_a_compiler_is() -> None:
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        assert KERNEL is None  # the build went on without it; reflow runs in Python
    else:
        assert KERNEL is not None, "convert._reflow_kernel was not built: pip install -e . again"


@needs_kernel
def test_the_built_kernel_is_of_the_current_source() -> None:
    assert KERNEL is not None
    digest = hashlib.sha256((ROOT / "convert" / "_reflow_kernel.c").read_bytes()).hexdigest()
    assert digest == KERNEL.SOURCE_DIGEST, "convert/_reflow_kernel.c changed: pip install -e ."


thresholds = st.builds(
    Thresholds,
    max_line_length=st.sampled_from([16, 32, 42]),
    max_lines=st.sampled_from([1, 2, 3]),
    min_duration=st.sampled_from([Fraction(1, 2), Fraction(5, 6), Fraction(1), Fraction(6, 5)]),
    max_duration=st.sampled_from([Fraction(3), Fraction(7)]),
    max_cps=st.sampled_from([Fraction(12), Fraction(17), Fraction(41, 2)]),
)


@st.composite
def transcripts(draw: st.DrawFn) -> Document:
    """A document whose cues have no end (a transcript's bullets), some with word times."""
    doc = draw(documents())
    for cue in doc.cues:
        cue.end_ms = None
    if draw(st.booleans()):
        cue = doc.cues[0]
        words = cue.text.replace("<i>", "").replace("</i>", "").split()
        cue.words = [
            Word(w, cue.start_ms + 300 * k, cue.start_ms + 300 * k + 250)
            for k, w in enumerate(words)
        ]
    return doc


@st.composite
def two_line_captions(draw: st.DrawFn) -> Document:
    """A document some of whose cues have two lines, some opening with a dialogue dash."""
    doc = draw(documents())
    for cue in doc.cues:
        if " " in cue.text and draw(st.booleans()):
            head, tail = cue.text.split(" ", 1)
            cue.text = f"- {head}\n- {tail}" if draw(st.booleans()) else f"{head}\n{tail}"
    return doc


TAGS = (("<i>", "</i>"), ("<b>", "</b>"), ("<u>", "</u>"), ("<c.yellow>", "</c>"))


@st.composite
def marked_captions(draw: st.DrawFn) -> Document:
    """A document with markup of every kind reflow carries: nested tags around runs of
    words, WebVTT classes, inline timestamps, SubStation placement at a cue's start."""
    doc = draw(documents())
    for cue in doc.cues:
        words = cue.text.replace("<i>", "").replace("</i>", "").split()
        for _ in range(draw(st.integers(0, 2))):
            first = draw(st.integers(0, len(words) - 1))
            stop = draw(st.integers(first + 1, len(words)))
            opening, closing = draw(st.sampled_from(TAGS))
            words[first] = opening + words[first]
            words[stop - 1] += closing
        if len(words) > 2 and draw(st.booleans()):
            words[1] = "<00:00:01.500>" + words[1]
        text = " ".join(words)
        cue.text = ("{\\an8}" + text) if draw(st.integers(0, 5)) == 0 else text
    return doc


@st.composite
def recognized(draw: st.DrawFn) -> Document:
    """A recognizer's cues: every word timed, pauses between words around the thresholds
    that make a gap a clause or a sentence end (400 and 1,500 ms) and that cost in a cue
    (500 ms)."""
    cues: list[Cue] = []
    clock = draw(st.integers(0, 3000))
    for index in range(draw(st.integers(1, 8))):
        words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=14))
        timed = []
        for word in words:
            clock += draw(st.sampled_from([0, 0, 0, 399, 400, 401, 499, 500, 501, 1499, 1500]))
            # round lengths, so that cues last exactly min-duration now and then
            length = draw(st.sampled_from([100, 250, 250, 500, 137]))
            timed.append(Word(word, clock, clock + length))
            clock += length
        cues.append(Cue(timed[0].start_ms, clock, " ".join(words), line=index + 1, words=timed))
        clock += draw(st.sampled_from([0, 40, 400, 1500]))
    return Document(cues)


@st.composite
def ragged(draw: st.DrawFn) -> Document:
    """Words of any length from 1 to 30 letters: two-line cues whose only line break that
    fits is far from the middle, and words no line holds."""
    cues: list[Cue] = []
    clock = 0
    for index in range(draw(st.integers(1, 5))):
        lengths = draw(st.lists(st.integers(1, 30), min_size=1, max_size=16))
        text = " ".join("w" * length for length in lengths)
        duration = draw(st.integers(500, 9000))
        cues.append(Cue(clock, clock + duration, text, line=index + 1))
        clock += duration + draw(st.sampled_from([0, 200, 1500]))
    return Document(cues)


sources = st.one_of(
    documents(), transcripts(), two_line_captions(), marked_captions(), recognized(), ragged()
)


@needs_kernel
@given(sources, thresholds)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_reflow_writes_the_same_with_and_without_the_kernel(
    doc: Document, limits: Thresholds
) -> None:
    if doc.cues[0].end_ms is None:
        api.prepare(doc, "srt", api.Options())
    compiled, plain = both_ways(doc, limits)
    assert compiled == plain


@st.composite
def streams(
    draw: st.DrawFn,
) -> tuple[list[str], list[int], list[tuple[int, int, int, int]], set[int]]:
    """Words and their spacing, and source cues that tile them (some cut without spaces)."""
    text = draw(st.lists(st.text("abcé\u4e16", min_size=1, max_size=30), min_size=0, max_size=60))
    space = [draw(st.sampled_from([1, 1, 1, 0])) if k else 1 for k in range(len(text))]
    space.append(0)
    spans, uneven, first, clock = [], set(), 0, draw(st.integers(0, 10_000))
    while first < len(text):
        stop = draw(st.integers(first + 1, len(text)))
        length = draw(st.integers(0, 9000))
        spans.append((first, stop, clock, clock + length))
        if any(space[k] == 0 for k in range(first + 1, stop)):
            uneven.add(first)
        clock += length + draw(st.sampled_from([0, 40, 700]))
        first = stop
    return text, space, spans, uneven


@needs_kernel
@given(streams())
@settings(max_examples=300, deadline=None)
def test_compiled_word_times_equal_the_reference(
    stream: tuple[list[str], list[int], list[tuple[int, int, int, int]], set[int]],
) -> None:
    assert KERNEL is not None
    text, space, spans, uneven = stream
    prefix = [0]  # characters before each word, each word with the space before it
    for word, spaced in zip(text, space, strict=False):
        prefix.append(prefix[-1] + len(word) + spaced)
    starts, ends = reflow_module._word_times_python(prefix, space, spans, uneven)
    longest = max(map(len, text), default=0)
    assert KERNEL.word_times(text, space, spans, uneven) == (prefix, starts, ends, longest)


@needs_kernel
@given(sources, thresholds)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_compiled_gap_codes_and_layout_arrays_equal_the_reference(
    doc: Document, limits: Thresholds
) -> None:
    stream, bounds = stream_of(doc, limits)
    table = reflow_module.LANGUAGES["en"]
    codes = reflow_module._classify(stream.text, table)
    with python_only():
        assert reflow_module._classify(stream.text, table) == codes
    compiled = reflow_module._compiled_layout_arrays(stream, codes, bounds)
    assert compiled == reflow_module._layout_arrays_python(stream, codes, bounds)


def stream_of(
    doc: Document, limits: Thresholds
) -> tuple[reflow_module._Stream, reflow_module._Limits]:
    """Reflow's word stream of ``doc`` (timed first, as a conversion would) and its limits."""
    if doc.cues[0].end_ms is None:
        api.prepare(doc, "srt", api.Options())
    bounds = reflow_module._Limits.of(limits)
    return reflow_module._stream(doc.cues, bounds.line, doc.length_ms), bounds


def layout_of(doc: Document, limits: Thresholds) -> reflow_module._Layout:
    """Reflow's layout of ``doc`` as it stands before the DP (tail as reflow sets it)."""
    stream, bounds = stream_of(doc, limits)
    codes = reflow_module._classify(stream.text, reflow_module.LANGUAGES["en"])
    layout = reflow_module._Layout(stream, codes, bounds)
    layout.tail = 700
    return layout


@needs_kernel
@given(sources, thresholds)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_compiled_cues_equal_the_reference_block_by_block(
    doc: Document, limits: Thresholds
) -> None:
    assert KERNEL is not None
    layout = layout_of(doc, limits)
    first = 0
    for stop in reflow_module._block_ends(doc.cues, layout.stream):
        low = layout.candidates.index(first)
        candidates = layout.candidates[low : layout.candidates.index(stop) + 1]
        compiled = layout._compiled_cues(first, stop, candidates)
        assert compiled == layout._cues_python(first, stop, candidates)
        first = stop


@needs_kernel
@given(sources, thresholds)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_compiled_line_breaks_and_bodies_equal_the_reference(
    doc: Document, limits: Thresholds
) -> None:
    """Every run of up to 20 words as a cue: where ``lines_for`` breaks it, and its text."""
    assert KERNEL is not None
    layout = layout_of(doc, limits)
    stream = layout.stream
    pairs = [
        (first, stop)
        for first in range(len(stream.text))
        for stop in range(first + 1, min(first + 21, len(stream.text) + 1))
    ]
    firsts, stops = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
    splits = layout.compiled_line_breaks(firsts, stops)
    for first, stop, split in zip(firsts, stops, splits, strict=True):
        lines = layout.lines_for(first, stop)
        if split == -2:  # Python's to say: more than two lines
            assert layout.limits.lines > 2
        elif lines is None:
            assert split == -1
        else:
            assert ([split] if split > 0 else []) == lines[1]
    # cues must come in order for cue_bodies: one tiling of the words at a time
    tiling = [(k, min(k + 5, len(stream.text))) for k in range(0, len(stream.text), 5)]
    tiled_firsts, tiled_stops = [a for a, _ in tiling], [b for _, b in tiling]
    tiled_splits = layout.compiled_line_breaks(tiled_firsts, tiled_stops)
    bodies = reflow_module._compiled_bodies(stream, tiled_firsts, tiled_stops, tiled_splits)
    for (first, stop), split, body in zip(tiling, tiled_splits, bodies, strict=True):
        if body is not None:  # plain words: the kernel's text is _render's
            assert body == reflow_module._render(stream, first, stop, [split] if split > 0 else [])
        else:
            marked = stream.any_marked(first, stop) or not stream.all_spaced(first, stop)
            assert marked or split == -2


@needs_kernel
def test_word_times_refuse_spans_that_do_not_tile_the_words() -> None:
    assert KERNEL is not None
    with pytest.raises(ValueError, match="tile"):
        KERNEL.word_times(["one", "two"], [1, 1, 0], [(0, 1, 0, 100)], set())
    with pytest.raises(ValueError, match="tile"):
        KERNEL.word_times(["one", "two"], [1, 1, 0], [(1, 2, 0, 100)], set())


@st.composite
def chosen_cues(draw: st.DrawFn) -> tuple[list[int], ...]:
    """Cues as reflow's layout leaves them for timing: first word's start, last word's
    end, width in characters (some wider than a cue holds), and the earliest start and
    latest end their sources allow."""
    starts, ends, widths, earliest, latest = [], [], [], [], []
    clock = draw(st.integers(0, 5000))
    for _ in range(draw(st.integers(1, 25))):
        start = clock + draw(st.sampled_from([0, 0, 20, 300, 2000]))
        end = start + draw(st.integers(0, 9000))
        starts.append(start)
        ends.append(end)
        widths.append(draw(st.integers(1, 120)))
        earliest.append(start - draw(st.sampled_from([0, 0, 500])))
        latest.append(end + draw(st.sampled_from([0, 0, 40, 1500])))
        clock = end - draw(st.sampled_from([0, 0, 0, 100]))  # sometimes overlapping
    return starts, ends, widths, earliest, latest


@needs_kernel
@given(chosen_cues(), thresholds)
@settings(max_examples=300, deadline=None)
def test_compiled_chosen_times_equal_the_reference(
    cues: tuple[list[int], ...], limits: Thresholds
) -> None:
    """Each chosen cue one word of its own source cue, so that ``earliest`` and ``latest``
    come from the source starts as reflow would take them."""
    assert KERNEL is not None
    starts, ends, widths, earliest, latest = cues
    count = len(starts)
    stream = reflow_module._Stream()
    stream.segment = list(range(count))
    stream.start, stream.end = starts, ends
    stream.space = [1] * count + [0]
    stream.prefix = [0]
    for width in widths:
        stream.prefix.append(stream.prefix[-1] + 1 + width)
    starts_of = [*earliest, latest[-1]]
    for index in range(count - 1):
        starts_of[index + 1] = min(starts_of[index + 1], latest[index])
    bounds = list(range(count + 1))
    layout = types.SimpleNamespace(
        limits=reflow_module._Limits.of(limits),
        need=[reflow_module._Limits.of(limits).reading_ms(w) for w in range(87)],
    )
    compiled = reflow_module._compiled_chosen_times(bounds, stream, layout, starts_of)  # type: ignore[arg-type]
    reference = reflow_module._chosen_times_python(bounds, stream, layout, starts_of)
    assert compiled == reference


@needs_kernel
def test_times_beyond_64_bits_fall_back_to_python() -> None:
    far = 2**64
    doc = Document([Cue(far, far + 4000, "so this is a cue far beyond any clock", line=1)])
    compiled, plain = both_ways(doc)
    assert compiled == plain
    assert compiled[0][:2] == (far, far + 4000)


# ------------------------------------------------------- what a review found (each crashed)

NUMBERS = (0, 2, 2, 42, 2, 7000, 0, 42, 0, 20, 1, 15, 220, 700, 120, 10, 50, 10**6, 1 << 62)
NUMBERS += (8, 20, 4, 500, 100, 2)
"""The kernel's numbers for a two-word block: first, stop, count, line, lines, max_ms,
min_ms, gap_ms, tail, max-cps as a fraction, the costs, then the shape constants, as
_Layout._numbers gives them."""


@needs_kernel
def test_bad_arguments_raise_and_never_crash() -> None:
    assert KERNEL is not None
    with pytest.raises(ValueError, match="without words"):  # a cue ending before it starts
        KERNEL.line_breaks(
            [5], [2], [0, 0, 100, 0, 0, 0, 0], [0] * 7, [0] * 7, [0] * 10, 60, 2, (8, 20, 4)
        )
    arrays = ([0, 3, 6], [1, 1, 0], [0, 500], [400, 900], [0, 0, 0], [4, 4], [0] * 5)
    tables = ([0] * 10, [0] * 10, [0] * 10)
    far = (0, 2**61, *NUMBERS[2:])  # a block far beyond the words
    with pytest.raises((OverflowError, ValueError)):
        KERNEL.cues([0, 2**61], far, (*arrays, *tables), lambda b, e: None)

    class Hostile:  # an "int" that runs Python code while the kernel reads the list
        def __index__(self) -> int:
            candidates.clear()
            return 0

    candidates: list[object] = [Hostile(), 1, 2]
    with pytest.raises(TypeError, match="an int expected"):
        KERNEL.cues(candidates, NUMBERS, (*arrays, *tables), lambda b, e: None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="an int expected"):
        KERNEL.gap_codes(["a"], {"a": "x"}, {"a": 4}, reflow_module._GAP_CODE, 4)  # type: ignore[dict-item]
    with pytest.raises(OverflowError):
        KERNEL.gap_codes(["a"], {"a": 2**63 - 1}, {"a": 4}, reflow_module._GAP_CODE, 4)
    with pytest.raises(TypeError, match="set"):
        KERNEL.word_times(["one"], [1, 0], [(0, 1, 0, 100)], [0])  # type: ignore[arg-type]


@needs_kernel
def test_no_time_needed_is_a_division_by_zero_as_in_python() -> None:
    assert KERNEL is not None
    arrays = ([0, 0, 0], [0, 0, 0], [1000, 1000], [0, 0], [0, 0, 0], [0, 0], [0] * 5)
    tables = ([0] * 10, [0] * 10, [0] * 10)
    with pytest.raises(ZeroDivisionError):
        KERNEL.cues([0, 1, 2], NUMBERS, (*arrays, *tables), lambda b, e: None)


@needs_kernel
@pytest.mark.parametrize(
    "max_cps",
    [Fraction(17.3), Fraction("16.666666666666668"), Fraction(50, 3)],
    ids=["float 17.3", "float 50/3", "exact 50/3"],
)
def test_a_reading_speed_with_a_large_denominator_gives_the_same_cues(max_cps: Fraction) -> None:
    # max-cps from a float has a denominator near 2**48: a word wider than a cue holds
    # made width * 1000 * denominator wrap around 64 bits, and the cue end at 900 ms
    limits = Thresholds(max_line_length=16, max_lines=1, max_cps=max_cps)
    doc = Document([Cue(0, 900, "x" * 40, line=1), Cue(5000, 6000, "and after", line=2)])
    compiled, plain = both_ways(doc, limits)
    assert compiled == plain
    # shown for as long as 40 characters take to read: 40 s / max-cps, in whole ms
    assert compiled[0][:2] == (0, math.ceil(Fraction(40_000) / max_cps))


@needs_kernel
@pytest.mark.parametrize("end", [10**15, 2**62])
def test_times_near_64_bits_give_the_same_cues(end: int) -> None:
    text = "so this is a cue that lasts far longer than any film and has a great many words in it"
    compiled, plain = both_ways(Document([Cue(0, end, text, line=1)]))
    assert compiled == plain


@needs_kernel
def test_a_cue_exactly_min_duration_long_is_long_enough() -> None:
    # "One two three." lasts 1,000 ms with the next sentence straight after: at a
    # min-duration of 1 s it is no too-short cue, so the sentence end is where it ends
    times = [(0, 250), (250, 500), (500, 1000), (1000, 1400), (1400, 1800), (1800, 2400)]
    texts = ["One", "two", "three.", "Four", "five", "six."]
    words = [Word(text, start, end) for text, (start, end) in zip(texts, times, strict=True)]
    doc = Document([Cue(0, 2400, " ".join(texts), line=1, words=words)])
    compiled, plain = both_ways(doc, Thresholds(min_duration=Fraction(1)))
    assert compiled == plain
    assert compiled[0][:3] == (0, 1000, "One two three.")


@needs_kernel
def test_lines_too_long_for_the_kernel_are_reflowed_in_python() -> None:
    text = ("a few words " * 20).strip()
    compiled, plain = both_ways(
        Document([Cue(0, 4000, text, line=1)]), Thresholds(max_line_length=200_000)
    )
    assert compiled == plain
    assert compiled[0][2] == text  # one line holds it all


def real_files() -> list[Path]:
    """The sample and a spread of real captions: every fourth SRT and WebVTT file."""
    found = sorted(SAMPLES.glob("*.md"))
    for pattern in ("srt/**/*.srt", "vtt/**/*.vtt"):
        found += sorted(CORPORA.glob(pattern))[::4]
    assert len(found) > 20
    return found


LIMIT_SETS = {
    "defaults": Thresholds(),
    "slow readers, short lines": Thresholds(max_cps=Fraction(12), max_line_length=32),
    "three lines": Thresholds(max_lines=3, max_line_length=37, max_duration=Fraction(5)),
}


@needs_kernel
@pytest.mark.parametrize("limits", LIMIT_SETS.values(), ids=LIMIT_SETS.keys())
def test_real_files_reflow_the_same_with_and_without_the_kernel(limits: Thresholds) -> None:
    compared = 0
    for path in real_files():
        try:
            doc = api.read(path)
            api.prepare(doc, "srt", api.Options(estimate_timing=True, lenient=True))
        except convert.SubconvError:
            continue  # a file the corpus keeps to be refused
        if not doc.cues:
            continue
        compiled, plain = both_ways(doc, limits)
        assert compiled == plain, path
        compared += 1
    assert compared > 20
