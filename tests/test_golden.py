"""Golden files: every sample converted and compared byte for byte with its expected output.

The seed's expected SRT is also rebuilt here from the transcript with a separate, naive
method (Decimal seconds, no project code), so the golden file is not just our own output.
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from convert import api

from .conftest import SAMPLES, SEED

SEED_STEM = SEED.with_suffix("")


def convert_text(source: Path, target: str, **options: object) -> str:
    doc = api.read(source)
    api.prepare(doc, target, api.Options(**options))  # type: ignore[arg-type]
    return api.dumps(doc, target)


@pytest.mark.parametrize("target", ["srt", "vtt", "json"])
def test_seed_golden(target: str) -> None:
    expected = SEED_STEM.with_suffix(f".{target}").read_text(encoding="utf-8")
    assert convert_text(SEED, target) == expected


def test_seed_srt_golden_matches_a_naive_independent_rebuild() -> None:
    text = SEED.read_text(encoding="utf-8")
    bullets = re.findall(r"^\*  (.*) \[\[[\d:]+\]\(.*&t=([\d.]+)s\)\]$", text, re.M)
    starts = [int((Decimal(t) * 1000).quantize(Decimal(1), ROUND_HALF_UP)) for _, t in bullets]
    ends = [*starts[1:], 169_000]  # Length: 169s ends the last cue

    def stamp(ms: int) -> str:
        return (
            f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"
        )

    rebuilt = "".join(
        f"{n}\n{stamp(s)} --> {stamp(e)}\n{body}\n\n"
        for n, ((body, _), s, e) in enumerate(zip(bullets, starts, ends, strict=True), 1)
    )
    assert len(bullets) == 39
    assert SEED_STEM.with_suffix(".srt").read_text(encoding="utf-8") == rebuilt


def test_seed_vtt_carries_the_metadata_and_converts_back_to_the_transcript() -> None:
    vtt_doc = api.read(SEED_STEM.with_suffix(".vtt"))
    assert vtt_doc.metadata == api.read(SEED).metadata
    back = api.dumps(vtt_doc, "transcript")
    # Same as writing the seed's own document: only the t= float noise differs from the file.
    assert back == api.dumps(api.read(SEED), "transcript")


def test_seed_json_is_readable_back() -> None:
    data = json.loads(SEED_STEM.with_suffix(".json").read_text(encoding="utf-8"))
    assert [c["start_ms"] for c in data["cues"][:3]] == [0, 4380, 6060]
    doc = api.read(SEED_STEM.with_suffix(".json"))
    assert api.dumps(doc, "srt") == SEED_STEM.with_suffix(".srt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("source", "target", "expected", "options"),
    [
        ("hard-cases.srt", "vtt", "hard-cases.srt.expected.vtt", {}),
        (
            "hard-cases.srt",
            "transcript",
            "hard-cases.srt.expected.md",
            {"title": "Hard cases", "url": "https://example.com/watch?v=abc"},
        ),
        ("hard-cases.vtt", "srt", "hard-cases.vtt.expected.srt", {}),
        ("hard-cases.vtt", "vtt", "hard-cases.vtt.expected.vtt", {}),
    ],
)
def test_hard_case_goldens(
    source: str, target: str, expected: str, options: dict[str, object]
) -> None:
    got = convert_text(SAMPLES / source, target, **options)
    assert got == (SAMPLES / expected).read_text(encoding="utf-8")


def test_hard_case_srt_warnings() -> None:
    doc = api.read(SAMPLES / "hard-cases.srt")
    warnings = api.prepare(doc, "vtt")
    assert [(w.line, w.code) for w in warnings] == [
        (9, "W001"),  # coordinates after the timing line
        (19, "E101"),  # cue 5 starts before cue 4: sorted, with a warning
        (2, "E104"),  # cue 1 (ends 2.5 s) overlaps cue 5 (starts 2.0 s)
        (None, "W007"),  # {\an8} cannot be carried into WebVTT
    ]
    assert all(w.severity == "warning" for w in warnings)


def test_validate_reports_the_timing_errors_check_reports() -> None:
    """The library's validate() and `subconv check` share one set of timing rules."""
    from convert.check import check_text

    path = SAMPLES / "check" / "timing.srt"
    problems = api.validate(api.read(path))
    errors = sorted((p.line, p.code) for p in problems if p.code.startswith("E"))
    findings = check_text(path.read_text(encoding="utf-8"), "srt", path=str(path))
    assert errors == sorted((f.line, f.code) for f in findings if f.code.startswith("E"))
    assert {code for _, code in errors} == {"E101", "E103", "E104"}
    # and with the same severities: an SRT overlap is an error, as check says.
    assert {p.severity for p in problems if p.code.startswith("E")} == {"error"}
    vtt = api.parse("WEBVTT\n\n00:01.000 --> 00:05.000\na\n\n00:03.000 --> 00:06.000\nb\n", "vtt")
    assert [(p.code, p.severity) for p in api.validate(vtt)] == [("E104", "warning")]
