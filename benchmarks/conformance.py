"""Run subconv's readers over the shared conformance corpus and report agreement.

    python benchmarks/conformance.py [CORPORA]

CORPORA defaults to ``$SUBCONV_SHARED/corpora`` (``SUBCONV_SHARED`` defaults to
``../shared`` beside the repository). For every source folder it prints how
many files read cleanly, read with warnings only, read with errors (blocks that
are not cues: a conversion refuses them unless ``--lenient``) or were rejected
outright; then agreement with the expectations the corpus holds as data: the
W3C WPT file-parsing tests (with webvtt-py measured the same way, for
comparison), the vtt.js parser expectations, and go-astisub's in/out pairs.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from convert import api
from convert.errors import SubconvError
from convert.formats import vtt
from convert.textio import decode

REPO = Path(__file__).resolve().parent.parent


def corpora_root(argv: list[str]) -> Path:
    if len(argv) > 1:
        return Path(argv[1])
    shared = Path(os.environ.get("SUBCONV_SHARED", REPO.parent / "shared"))
    return shared / "corpora"


def classify(path: Path, fmt: str) -> str:
    try:
        doc = api.read(path, fmt)
    except SubconvError:
        return "rejected"
    severities = {p.severity for p in doc.problems}
    if "error" in severities:
        return "errors"
    return "warnings" if severities else "clean"


def sources(root: Path) -> list[tuple[str, str, list[Path]]]:
    found = []
    for kind in ("srt", "vtt"):
        for folder in sorted(p for p in (root / kind).iterdir() if p.is_dir()):
            files = sorted(folder.rglob(f"*.{kind}"))
            found.append((f"{kind}/{folder.name}", kind, files))
    found.append(("wpt-webvtt", "vtt", sorted((root / "wpt-webvtt").rglob("*.vtt"))))
    return found


def _raw_parse(path: Path) -> vtt.Parsed | None:
    try:
        return vtt.parse(decode(path.read_bytes()).text)
    except SubconvError:
        return None


def _wpt_agrees(case: dict[str, Any], cues: list[tuple[str, int, int, str]] | None) -> bool:
    if case["must_reject"]:
        return cues is None
    if cues is None or len(cues) != case["count"]:
        return False
    for want, (cue_id, start, end, text) in zip(case["cues"] or [], cues, strict=False):
        checks = ((want["id"], cue_id), (want["text"], text))
        if any(w is not None and w != g for w, g in checks):
            return False
        if want["start"] is not None and want["start"] != start / 1000:
            return False
        if want["end"] is not None and want["end"] != end / 1000:
            return False
    return True


def _ours(path: Path) -> list[tuple[str, int, int, str]] | None:
    parsed = _raw_parse(path)
    if parsed is None:
        return None
    return [(c.id, c.start_ms, c.end_ms, c.text) for c in parsed.cues]


def _webvtt_py(path: Path) -> list[tuple[str, int, int, str]] | None:
    import webvtt

    try:
        doc = webvtt.from_string(decode(path.read_bytes()).text)
        return [
            (
                c.identifier or "",
                c.start_time.in_milliseconds(),
                c.end_time.in_milliseconds(),
                c.raw_text,
            )
            for c in doc.captions
        ]
    except Exception:  # a peer's failure of any kind counts as a rejection
        return None


def wpt(root: Path) -> list[str]:
    cases = json.loads((root / "wpt-webvtt/expected.json").read_text(encoding="utf-8"))
    judged = [c for c in cases if c["judged"]]
    rows = []
    for name, reader in (("subconv", _ours), ("webvtt-py", _webvtt_py)):
        try:
            failed = [
                c["name"]
                for c in judged
                if not _wpt_agrees(c, reader(root / "wpt-webvtt" / c["vtt"]))
            ]
        except ImportError:
            continue
        agree = len(judged) - len(failed)
        detail = f" (differs: {', '.join(failed)})" if failed and len(failed) <= 12 else ""
        rows.append(f"| WPT file-parsing, {name} | {agree} / {len(judged)}{detail} |")
    counted = [c for c in cases if not c["judged"] and c["count"] is not None]
    ours = sum(
        1
        for c in counted
        if (r := _ours(root / "wpt-webvtt" / c["vtt"])) is not None and len(r) == c["count"]
    )
    rows.append(f"| WPT unjudged (region) tests, cue count only | {ours} / {len(counted)} |")
    return rows


def vttjs(root: Path) -> list[str]:
    base = root / "vtt/vttjs"
    table = json.loads((base / "EXPECTATIONS.json").read_text(encoding="utf-8"))
    agree = no_output = 0
    differs = []
    total = 0
    for name, entry in sorted(table.items()):
        if not entry["expected_parse"]:
            continue
        total += 1
        want = json.loads((base / entry["expected_parse"]).read_text(encoding="utf-8"))["cues"]
        got = _ours(base / name)
        if got is None:
            if want == []:
                no_output += 1
            else:
                differs.append(name)
            continue
        expected = [
            (w["id"], round(w["startTime"] * 1000), round(w["endTime"] * 1000), w["text"])
            for w in want
        ]
        if got == expected:
            agree += 1
        else:
            differs.append(name)
    return [
        f"| vtt.js parser (id, times, text) | {agree + no_output} / {total} "
        f"({no_output} of them: a bad signature we reject and vtt.js yields no cues for); "
        f"differs: {', '.join(differs) or 'none'} |"
    ]


def astisub_pairs(root: Path) -> list[str]:
    rows = []
    for kind in ("srt", "vtt"):
        folder = root / kind / "go-astisub"
        pairs = sorted(folder.glob(f"example-in*.{kind}"))
        same = []
        for source in pairs:
            partner = folder / source.name.replace("-in", "-out")
            if not partner.exists():
                continue
            try:
                a, b = api.read(source, kind), api.read(partner, kind)
            except SubconvError:
                continue
            ok = [(c.start_ms, c.end_ms) for c in a.cues] == [
                (c.start_ms, c.end_ms) for c in b.cues
            ]
            same.append((source.name, ok))
        agreeing = sum(ok for _, ok in same)
        bad = [name for name, ok in same if not ok]
        note = f" (differs: {', '.join(bad)})" if bad else ""
        rows.append(
            f"| go-astisub {kind} in/out pairs, cue times | {agreeing} / {len(same)}{note} |"
        )
    return rows


def main(argv: list[str]) -> int:
    root = corpora_root(argv)
    if not (root / "wpt-webvtt/expected.json").exists():
        print(f"no corpus at {root}; pass its path or set SUBCONV_SHARED", file=sys.stderr)
        return 2
    began = time.perf_counter()
    totals: Counter[str] = Counter()
    print(
        "| source | files | clean | warnings only | errors (refused unless --lenient) | rejected |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, fmt, files in sources(root):
        counts = Counter(classify(path, fmt) for path in files)
        totals.update(counts)
        totals["files"] += len(files)
        print(
            f"| {name} | {len(files)} | {counts['clean']} | {counts['warnings']} "
            f"| {counts['errors']} | {counts['rejected']} |"
        )
    print(
        f"| **all** | {totals['files']} | {totals['clean']} | {totals['warnings']} "
        f"| {totals['errors']} | {totals['rejected']} |"
    )
    print()
    print("| expectations held as data | agreement |")
    print("|---|---|")
    for row in wpt(root) + vttjs(root) + astisub_pairs(root):
        print(row)
    print()
    print(f"{totals['files']} files in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
