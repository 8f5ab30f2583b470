"""The WebVTT reader against the W3C file-parsing tests and the vtt.js expectations.

Both sources hold their expected cues as data. We compare the raw cue text that
the parser algorithm yields (``vtt.parse``), as the DOM does: the model's text
is unescaped later, in ``vtt.read``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from convert.errors import SubconvError
from convert.formats import vtt
from convert.textio import decode

from .conftest import VTTJS, WPT


def _load(path: str) -> list[Any]:
    return json.loads((WPT / path).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


WPT_CASES = [case for case in _load("expected.json") if case["judged"]]
UNJUDGED = [case for case in _load("expected.json") if not case["judged"]]


def _parse(path: Any) -> vtt.Parsed:
    return vtt.parse(decode(path.read_bytes()).text)


def test_wpt_corpus_is_complete() -> None:
    """42 judged tests: 11 must be rejected, 31 must load (the corpus README's numbers)."""
    assert len(WPT_CASES) == 42
    assert sum(case["must_reject"] for case in WPT_CASES) == 11


@pytest.mark.parametrize("case", WPT_CASES, ids=[case["name"] for case in WPT_CASES])
def test_wpt_file_parsing(case: dict[str, Any]) -> None:
    path = WPT / case["vtt"]
    if case["must_reject"]:
        with pytest.raises(SubconvError) as info:
            _parse(path)
        assert info.value.line == 1
        return
    parsed = _parse(path)
    assert len(parsed.cues) == case["count"]
    for want, got in zip(case["cues"] or [], parsed.cues, strict=False):
        if want["id"] is not None:
            assert got.id == want["id"]
        if want["text"] is not None:
            assert got.text == want["text"]
        # Times are integer milliseconds here and seconds in the DOM: compare exactly.
        if want["start"] is not None:
            assert got.start_ms == round(want["start"] * 1000)
            assert got.start_ms / 1000 == want["start"]
        if want["end"] is not None:
            assert got.end_ms / 1000 == want["end"]


@pytest.mark.parametrize("case", UNJUDGED, ids=[case["name"] for case in UNJUDGED])
def test_wpt_unjudged_cases_load(case: dict[str, Any]) -> None:
    """Region and stylesheet tests: not judged on cues, but the recorded counts must hold,
    and the model (through the fast path where it applies) holds the parser's cues."""
    text = decode((WPT / case["vtt"]).read_bytes()).text
    parsed = vtt.parse(text)
    if case["count"] is not None:
        assert len(parsed.cues) == case["count"]
    model = vtt.read(text)
    assert [(c.start_ms, c.end_ms, c.id or "") for c in model.cues] == [
        (c.start_ms, c.end_ms, c.id) for c in parsed.cues
    ]


# vtt.js follows an older draft of the spec in these four files; the current spec (and
# the WPT test named beside each) says otherwise, and we follow the spec.
VTTJS_OLD_DRAFT = {
    # "000:00.000": three digits make the first field hours, so a seconds field must follow
    # (WPT timings-too-long). vtt.js reads 0 s.
    "cue-times/min-top-digits.vtt": 0,
    # "120:00.000": the same rule; vtt.js reads 120 hours.
    "cue-times/minimum-spots-over-sixty.vtt": 0,
    # A timing line right after the signature line is a cue (WPT header-timings).
    "file-layout/header-no-new-line.vtt": 1,
    # A "-->" line that fails as a timing line ends its block; the next timing line starts
    # a cue with an empty id (WPT arrows). vtt.js drops that cue.
    "integration/id.vtt": 5,
}


def _vttjs_cases() -> list[tuple[str, str]]:
    table = json.loads((VTTJS / "EXPECTATIONS.json").read_text(encoding="utf-8"))
    return sorted(
        (name, entry["expected_parse"])
        for name, entry in table.items()
        if entry["expected_parse"] and name not in VTTJS_OLD_DRAFT
    )


VTTJS_CASES = _vttjs_cases()


def test_vttjs_case_count() -> None:
    """265 inputs have a parse expectation; 4 follow an old draft (see VTTJS_OLD_DRAFT)."""
    assert len(VTTJS_CASES) + len(VTTJS_OLD_DRAFT) == 265


@pytest.mark.parametrize(("name", "expected"), VTTJS_CASES, ids=[c[0] for c in VTTJS_CASES])
def test_vttjs_id_times_text(name: str, expected: str) -> None:
    want = json.loads((VTTJS / expected).read_text(encoding="utf-8"))["cues"]
    try:
        parsed = _parse(VTTJS / name)
    except SubconvError:
        # vtt.js yields nothing for a file with a bad signature; we refuse the file.
        assert want == []
        return
    got = [(c.id, c.start_ms, c.end_ms, c.text) for c in parsed.cues]
    assert got == [
        (w["id"], round(w["startTime"] * 1000), round(w["endTime"] * 1000), w["text"]) for w in want
    ]


@pytest.mark.parametrize("name", sorted(VTTJS_OLD_DRAFT))
def test_vttjs_old_draft_cases_follow_the_spec(name: str) -> None:
    assert len(_parse(VTTJS / name).cues) == VTTJS_OLD_DRAFT[name]
