"""Batch conversion: planning, incremental re-runs, parallel runs, interruptions, the CLI."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from convert import api, batch
from convert.cli import app

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "bbc-putin-peacekeepers.md"
SHARED = Path(os.environ.get("SUBCONV_SHARED", REPO.parent / "shared"))
CORPUS_SRT = SHARED / "corpora" / "srt"

CLIP_SRT = (
    "1\n00:00:01,000 --> 00:00:02,500\nHello & welcome\n\n"
    "2\n00:00:03,000 --> 00:00:04,000\n<i>Bye</i>\n"
)
# Worked out by hand from CLIP_SRT: hours always written, '.' before the
# milliseconds, '&' escaped, <i> kept, no trailing blank line.
CLIP_VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello &amp; welcome\n\n"
    "00:00:03.000 --> 00:00:04.000\n<i>Bye</i>\n"
)
CAPTION_VTT = "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nDeep down\n"
NOTES_MD = "# Meeting notes\n\nNothing timed here, just prose.\n\n* a plain bullet\n"
BROKEN_SRT = "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\nthis is not a timing line\nlost\n"
BROKEN_VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:03.000 --> soon\nlost\n"


def write(path: Path, text: str | bytes, age_s: int = 100) -> Path:
    """Write a file dated ``age_s`` seconds ago: file times tick coarsely (a few ms), so
    an input written just before a run could otherwise look as new as its output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    when = time.time_ns() - age_s * 10**9
    os.utime(path, ns=(when, when))
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Nested folders with a transcript, SRT, VTT, prose Markdown, a broken file, a collision."""
    src = tmp_path / "src"
    write(src / "talks" / "2025" / "bbc.md", SAMPLE.read_bytes())
    write(src / "talks" / "2025" / "notes.md", NOTES_MD)
    write(src / "talks" / "clip.srt", CLIP_SRT)
    write(src / "talks" / "deep" / "er" / "caption.vtt", CAPTION_VTT)
    write(src / "broken" / "bad.srt", BROKEN_SRT)
    write(src / "broken" / "worse.vtt", BROKEN_VTT)
    write(src / "collide" / "talk.md", SAMPLE.read_bytes())
    write(src / "collide" / "talk.vtt", CAPTION_VTT, age_s=50)  # newer than talk.md
    return src


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file under root (links not followed) and its bytes."""
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["batch", *args])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_plan_picks_transcripts_srt_vtt_and_refuses_collisions(tree: Path) -> None:
    before = snapshot(tree)
    plan = batch.plan([tree], "srt")
    rel = {Path(t.source).relative_to(tree).as_posix(): t for t in plan.tasks}
    # notes.md is prose, not a transcript: not converted and not reported either.
    assert sorted(rel) == ["broken/worse.vtt", "talks/2025/bbc.md", "talks/deep/er/caption.vtt"]
    assert rel["talks/2025/bbc.md"].output == str(tree / "talks" / "2025" / "bbc.srt")
    assert rel["talks/2025/bbc.md"].source_format == "transcript"
    skipped = {Path(s.source).relative_to(tree).as_posix(): s.reason for s in plan.skipped}
    assert skipped == {"broken/bad.srt": "already srt", "talks/clip.srt": "already srt"}
    refused = sorted(Path(o.source).name for o in plan.refused)
    assert refused == ["talk.md", "talk.vtt"]
    for outcome in plan.refused:
        (message,) = outcome.errors
        assert message.startswith(f"{outcome.source}: output {tree / 'collide' / 'talk.srt'}")
        assert "neither is converted" in message
    assert snapshot(tree) == before  # planning writes nothing


def test_run_converts_each_file_and_keeps_going_past_failures(tree: Path) -> None:
    code, out, err = invoke(str(tree), "--to", "srt", "--jobs", "1")
    assert code == 1
    assert out.strip().splitlines()[-1] == "2 converted, 0 up to date, 2 skipped, 3 failed"
    caption = tree / "talks" / "deep" / "er" / "caption.srt"
    assert caption.read_text(encoding="utf-8") == "1\n00:00:05,000 --> 00:00:06,000\nDeep down\n\n"
    assert (tree / "talks" / "2025" / "bbc.srt").exists()
    # The broken file fails with its line; it leaves no output.
    worse = tree / "broken" / "worse.vtt"
    assert any(line.startswith(f"{worse}:6: ") for line in err.splitlines()), err
    assert not (tree / "broken" / "worse.srt").exists()
    # The collision: both inputs are named, before anything was written, and neither converted.
    collide = [line for line in err.splitlines() if "neither is converted" in line]
    assert len(collide) == 2
    assert err.index(collide[1]) < err.index(str(worse))
    assert not (tree / "collide" / "talk.srt").exists()
    assert not (tree / "talks" / "2025" / "notes.srt").exists()
    assert sorted(p.name for p in tree.rglob("*.srt")) == [
        "bad.srt",
        "bbc.srt",
        "caption.srt",
        "clip.srt",
    ]


def test_an_existing_output_in_the_target_format_is_treated_as_the_output(tree: Path) -> None:
    # collide/talk.vtt is newer than collide/talk.md: to VTT, it is talk.md's up-to-date output.
    code, out, err = invoke(str(tree), "--to", "vtt", "--jobs", "1", "-v")
    assert code == 1
    assert f"up to date: {tree / 'collide/talk.md'} -> {tree / 'collide/talk.vtt'}" in out
    assert out.strip().splitlines()[-1] == "2 converted, 1 up to date, 2 skipped, 1 failed"
    assert (tree / "talks" / "clip.vtt").read_text(encoding="utf-8") == CLIP_VTT
    bad = tree / "broken" / "bad.srt"
    # Block 2 of bad.srt starts on line 5 with its counter; line 6 should be its timing.
    assert err.splitlines() == [
        f"{bad}:6: expected a timing line like '00:00:01,000 --> 00:00:02,500', "
        "found 'this is not a timing line'"
    ]


def test_transcript_to_srt_matches_the_single_file_command(tree: Path, tmp_path: Path) -> None:
    code, _, _ = invoke(str(tree / "talks"), "--to", "srt", "--jobs", "1")
    assert code == 0
    batch_srt = (tree / "talks" / "2025" / "bbc.srt").read_text(encoding="utf-8")
    single = tmp_path / "single.srt"
    api.convert(SAMPLE, single, to_fmt="srt")
    assert batch_srt == single.read_text(encoding="utf-8")
    # Every SRT block, the last too, ends with a blank line. Read from the sample: the
    # first bullet is at t=0.0s, the second at t=4.38s; the last, at t=166.0s, ends at
    # the header's Length (169s); 39 bullets.
    assert batch_srt.startswith(
        "1\n00:00:00,000 --> 00:00:04,380\nWell, President Putin says Russia will not "
        "retreat from Ukraine and give away anything\n\n2\n00:00:04,380 --> "
    )
    assert batch_srt.endswith(
        "39\n00:02:46,000 --> 00:02:49,000\nSteve Rosenberg, BBC News, Moscow.\n\n"
    )


def test_rerun_leaves_up_to_date_outputs_alone_and_force_rewrites(tree: Path) -> None:
    shutil.rmtree(tree / "collide")
    shutil.rmtree(tree / "broken")
    assert invoke(str(tree), "--to", "srt", "--jobs", "1")[0] == 0
    outputs = [tree / "talks" / "2025" / "bbc.srt", tree / "talks" / "deep" / "er" / "caption.srt"]
    mtimes = [p.stat().st_mtime_ns for p in outputs]

    code, out, _ = invoke(str(tree), "--to", "srt", "--jobs", "1")
    assert (code, out.strip()) == (0, "0 converted, 2 up to date, 1 skipped, 0 failed")
    assert [p.stat().st_mtime_ns for p in outputs] == mtimes

    # An input edited after its output is converted again; the other is not.
    vtt = tree / "talks" / "deep" / "er" / "caption.vtt"
    write(vtt, CAPTION_VTT.replace("Deep down", "Deeper"))
    os.utime(vtt, ns=(mtimes[1] + 10**9, mtimes[1] + 10**9))
    code, out, _ = invoke(str(tree), "--to", "srt", "--jobs", "1")
    assert out.strip() == "1 converted, 1 up to date, 1 skipped, 0 failed"
    assert outputs[0].stat().st_mtime_ns == mtimes[0]
    assert outputs[1].read_text() == "1\n00:00:05,000 --> 00:00:06,000\nDeeper\n\n"

    code, out, _ = invoke(str(tree), "--to", "srt", "--jobs", "1", "--force")
    assert out.strip() == "2 converted, 0 up to date, 1 skipped, 0 failed"
    assert outputs[0].stat().st_mtime_ns != mtimes[0]


def test_an_empty_output_is_never_up_to_date(tree: Path) -> None:
    # Writes are synced once per run, so a power cut mid-run can leave an empty output
    # newer than its input; the next run must rewrite it, not trust its time.
    shutil.rmtree(tree / "collide")
    shutil.rmtree(tree / "broken")
    assert invoke(str(tree), "--to", "srt", "--jobs", "1")[0] == 0
    lost = tree / "talks" / "deep" / "er" / "caption.srt"
    lost.write_bytes(b"")
    code, out, _ = invoke(str(tree), "--to", "srt", "--jobs", "1")
    assert (code, out.strip()) == (0, "1 converted, 1 up to date, 1 skipped, 0 failed")
    assert lost.read_text() == "1\n00:00:05,000 --> 00:00:06,000\nDeep down\n\n"


def test_out_mirrors_the_tree_and_writes_nowhere_else(tree: Path, tmp_path: Path) -> None:
    before = snapshot(tree)
    out_dir = tmp_path / "out"
    code, _, _ = invoke(str(tree), "--to", "vtt", "--out", str(out_dir), "--jobs", "1")
    assert code == 1
    assert snapshot(tree) == before
    # collide/talk.vtt is already WebVTT, so collide/talk.md alone claims out/collide/talk.vtt.
    assert sorted(snapshot(out_dir)) == ["collide/talk.vtt", "talks/2025/bbc.vtt", "talks/clip.vtt"]
    assert (out_dir / "talks" / "clip.vtt").read_text() == CLIP_VTT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "src"]


def test_out_inside_src_is_not_walked(tree: Path) -> None:
    shutil.rmtree(tree / "collide")
    out_dir = tree / "build"
    assert invoke(str(tree), "--to", "vtt", "--out", str(out_dir), "--jobs", "1")[0] == 1
    code, out, _ = invoke(str(tree), "--to", "srt", "--out", str(out_dir), "--dry-run")
    assert code == 0
    sources = [line.split(" -> ")[0] for line in out.splitlines() if " -> " in line]
    assert len(sources) == 3
    assert not any(str(out_dir) in source for source in sources)


def test_jobs_1_and_jobs_2_write_identical_trees(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for path in sorted(CORPUS_SRT.rglob("*.srt")):
        write(src / path.relative_to(CORPUS_SRT), path.read_bytes())
    write(src / "transcripts" / "bbc.md", SAMPLE.read_bytes())
    assert len(list(src.rglob("*.srt"))) > 50
    reports = []
    for jobs in ("1", "2"):
        code, out, _ = invoke(
            str(src),
            "--to",
            "vtt",
            "--out",
            str(tmp_path / jobs),
            "-j",
            jobs,
            "--lenient",
            "--format",
            "json",
        )
        report = json.loads(out)
        assert code == (1 if report["failed"] else 0)
        reports.append(report)
    one, two = snapshot(tmp_path / "1"), snapshot(tmp_path / "2")
    assert len(one) == reports[0]["counts"]["converted"] > 50
    assert one == two
    for report in reports:
        for item in [*report["converted"], *report["failed"]]:
            item["output"] = Path(item["output"]).name
    assert reports[0] == reports[1]


def test_symlinks_leading_outside_src_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "secret.srt", CLIP_SRT)
    write(outside / "folder" / "more.srt", CLIP_SRT)
    src = tmp_path / "src"
    write(src / "own.srt", CLIP_SRT)
    (src / "secret.srt").symlink_to(outside / "secret.srt")
    (src / "folder").symlink_to(outside / "folder", target_is_directory=True)
    (src / "inside.srt").symlink_to(src / "own.srt")
    code, out, _ = invoke(str(src), "--to", "vtt", "-v", "--jobs", "1")
    assert code == 0
    assert f"skipped: {src / 'secret.srt'} (symbolic link outside SRC, not followed)" in out
    assert f"skipped: {src / 'folder'} (symbolic link outside SRC, not followed)" in out
    assert sorted(p.name for p in outside.rglob("*")) == ["folder", "more.srt", "secret.srt"]
    assert not (src / "secret.vtt").exists()
    assert (src / "own.vtt").read_text() == CLIP_VTT
    assert (src / "inside.vtt").read_text() == CLIP_VTT  # a link within SRC is an input


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src / "talk.md", SAMPLE.read_bytes())
    (src / "talk.srt").symlink_to(src / "talk.md")
    code, _, err = invoke(str(src), "--to", "srt", "--jobs", "1", "--force")
    assert code == 1
    assert f"{src / 'talk.md'}: output {src / 'talk.srt'} is an input" in err
    assert (src / "talk.md").read_bytes() == SAMPLE.read_bytes()


def test_existing_markdown_is_not_overwritten_without_force(tmp_path: Path) -> None:
    src = tmp_path / "src"
    notes = write(src / "clip.md", NOTES_MD)
    clip = write(src / "clip.srt", CLIP_SRT)
    os.utime(notes, ns=(1_000_000_000, 1_000_000_000))  # older than its "input"
    code, out, _ = invoke(str(src), "--to", "transcript", "--jobs", "1", "-v")
    assert code == 0
    assert f"skipped: {clip} ({notes} exists; Markdown is not overwritten without --force)" in out
    assert notes.read_text() == NOTES_MD
    # Into a separate --out folder, which only holds outputs, it is written.
    assert invoke(str(src), "--to", "transcript", "--out", str(tmp_path / "o"))[0] == 0
    assert (tmp_path / "o" / "clip.md").read_text().count("*  ") == 2


def test_include_and_exclude(tree: Path) -> None:
    code, out, _ = invoke(str(tree), "--to", "srt", "--dry-run", "--include", "*.vtt")
    assert [line.split(" -> ")[0] for line in out.splitlines() if "would try" in line] == [
        f"would try: {tree / 'broken/worse.vtt'}",
        f"would try: {tree / 'collide/talk.vtt'}",
        f"would try: {tree / 'talks/deep/er/caption.vtt'}",
    ]
    assert code == 0  # talk.md is not included, so talk.vtt alone claims talk.srt
    code, out, _ = invoke(
        str(tree), "--to", "vtt", "--dry-run", "--exclude", "collide", "--exclude", "talks/2025/*"
    )
    assert code == 0
    assert out.splitlines()[-1] == "dry run: 2 to try, 0 up to date, 2 skipped, 0 failed"


def test_dry_run_writes_nothing_and_prints_the_plan(tree: Path) -> None:
    before = snapshot(tree)
    code, out, err = invoke(str(tree), "--to", "srt", "--dry-run")
    assert code == 1
    assert snapshot(tree) == before
    assert f"would try: {tree / 'talks/2025/bbc.md'} -> {tree / 'talks/2025/bbc.srt'}" in out
    assert f"skipped: {tree / 'talks/clip.srt'} (already srt)" in out
    assert out.splitlines()[-1] == "dry run: 3 to try, 0 up to date, 2 skipped, 2 failed"
    assert err.count("neither is converted") == 2


def test_json_report(tree: Path) -> None:
    shutil.rmtree(tree / "collide")
    code, out, err = invoke(str(tree), "--to", "vtt", "--format", "json", "--jobs", "1", "-v")
    assert code == 1
    report = json.loads(out)  # -v lines went to stderr
    assert f"converted: {tree / 'talks/clip.srt'} -> {tree / 'talks/clip.vtt'} (2 cues)" in err
    assert report["counts"] == {"converted": 2, "up_to_date": 0, "skipped": 2, "failed": 1}
    assert report["target"] == "vtt" and report["dry_run"] is False
    (failed,) = report["failed"]
    assert failed["source"] == str(tree / "broken" / "bad.srt")
    assert failed["errors"][0].startswith(f"{tree / 'broken' / 'bad.srt'}:6: ")
    by_name = {Path(c["source"]).name: c for c in report["converted"]}
    assert by_name["clip.srt"]["cues"] == 2 and by_name["bbc.md"]["cues"] == 39


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["--to", "srt"], 0),
        (["--to", "klingon"], 2),
        (["--to", "srt", "--jobs", "0"], 2),
        (["--to", "srt", "--format", "xml"], 2),
    ],
)
def test_exit_status(tmp_path: Path, args: list[str], status: int) -> None:
    write(tmp_path / "a.vtt", CAPTION_VTT)
    assert invoke(str(tmp_path), *args)[0] == status


def test_missing_source_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke(str(tmp_path / "nope"), "--to", "srt")
    assert code == 2
    assert err.strip() == f"{tmp_path / 'nope'}: no such file or folder"


def test_a_failure_mid_write_leaves_no_partial_file(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(tree / "collide")
    shutil.rmtree(tree / "broken")
    clean = tree.parent / "clean"
    shutil.copytree(tree, clean)
    batch.run(batch.plan([clean], "srt", out=tree.parent / "expected"), jobs=1)

    plan = batch.plan([tree], "srt", out=tree.parent / "out")
    assert len(plan.tasks) == 2
    real_replace = os.replace
    calls = []

    def interrupted_replace(source: str, target: str, **dir_fds: int) -> None:
        calls.append(target)
        if len(calls) == 2:  # the second file's bytes are in its temporary file
            raise KeyboardInterrupt
        real_replace(source, target, **dir_fds)

    monkeypatch.setattr(os, "replace", interrupted_replace)
    with pytest.raises(KeyboardInterrupt):
        batch.run(plan, jobs=1)
    monkeypatch.undo()
    out = tree.parent / "out"
    assert sorted(snapshot(out)) == ["talks/2025/bbc.srt"]  # the first whole, no temporaries

    report = batch.run(batch.plan([tree], "srt", out=out), jobs=1)
    assert (len(report.converted), len(report.plan.up_to_date)) == (1, 1)
    assert snapshot(out) == snapshot(tree.parent / "expected")


def test_a_killed_run_is_completed_by_the_next(tree: Path) -> None:
    shutil.rmtree(tree / "collide")
    shutil.rmtree(tree / "broken")
    out = tree.parent / "out"
    # A real process killed outright (SIGKILL) while its second file is half written.
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        import convert.atomic as atomic
        calls = []
        real_replace = os.replace
        def replace(source, target, **dir_fds):
            calls.append(target)
            if len(calls) == 2:  # written to its temporary file, not yet renamed
                os.kill(os.getpid(), signal.SIGKILL)
            real_replace(source, target, **dir_fds)
        atomic.os.replace = replace
        from convert.cli import app
        sys.argv = ["subconv", "batch", {str(tree)!r}, "--to", "srt", "--out", {str(out)!r},
                    "--jobs", "1"]
        app()
        """
    )
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert killed.returncode == -9
    leftovers = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert len(leftovers) == 2 and leftovers[0].startswith(".caption.srt.")
    assert leftovers[0].endswith(".tmp")
    assert leftovers[1] == "bbc.srt"
    assert not (out / "talks" / "deep" / "er" / "caption.srt").exists()

    code, stdout, _ = invoke(str(tree), "--to", "srt", "--out", str(out), "--jobs", "1")
    assert (code, stdout.strip()) == (0, "1 converted, 1 up to date, 1 skipped, 0 failed")
    assert sorted(snapshot(out)) == ["talks/2025/bbc.srt", "talks/deep/er/caption.srt"]
    assert (
        out / "talks/deep/er/caption.srt"
    ).read_text() == "1\n00:00:05,000 --> 00:00:06,000\nDeep down\n\n"


def test_convert_one_maps_over_any_executor(tree: Path, tmp_path: Path) -> None:
    shutil.rmtree(tree / "collide")
    plan = batch.plan([tree], "vtt", out=tmp_path / "threads")
    with cf.ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(batch.convert_one, plan.tasks))
    assert [(Path(o.source).name, o.status) for o in outcomes] == [
        ("bad.srt", "failed"),
        ("bbc.md", "converted"),
        ("clip.srt", "converted"),
    ]
    reference = batch.run(batch.plan([tree], "vtt", out=tmp_path / "seq"), jobs=1)
    assert outcomes == [
        batch.Outcome(
            o.source, o.output.replace("seq", "threads"), o.status, o.cues, o.warnings, o.errors
        )
        for o in reference.outcomes
    ]
    assert snapshot(tmp_path / "threads") == snapshot(tmp_path / "seq")
    with cf.ThreadPoolExecutor(2) as pool:
        report = batch.run(
            batch.plan([tree], "vtt", out=tmp_path / "ex", force=True), executor=pool
        )
    assert snapshot(tmp_path / "ex") == snapshot(tmp_path / "seq")
    assert report.exit_status == 1


KINDS = {
    "transcript": ".md",
    "notes": ".md",
    "srt": ".srt",
    "vtt": ".vtt",
}
CONTENT = {"transcript": SAMPLE.read_bytes(), "notes": NOTES_MD.encode(), "srt": CLIP_SRT.encode()}
CONTENT["vtt"] = CAPTION_VTT.encode()


@settings(max_examples=60, deadline=None)
@given(
    files=st.lists(
        st.tuples(
            st.sampled_from(["", "a/", "a/b/", "c/"]),
            st.sampled_from(["x", "y", "Talk"]),
            st.sampled_from(sorted(KINDS)),
        ),
        max_size=12,
        unique_by=lambda f: (f[0], f[1], KINDS[f[2]]),
    ),
    target=st.sampled_from(["srt", "vtt", "transcript", "json"]),
    mirror=st.booleans(),
)
def test_plans_write_only_their_own_outputs(
    files: list[tuple[str, str, str]], target: str, mirror: bool
) -> None:
    """Whatever the tree: one task per output, outputs only where promised, inputs intact."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out_dir = Path(tmp) / "src", Path(tmp) / "out"
        src.mkdir()
        for folder, stem, kind in files:
            write(src / f"{folder}{stem}{KINDS[kind]}", CONTENT[kind])
        before = snapshot(src)
        plan = batch.plan([src], target, out=out_dir if mirror else None)
        suffix = {"srt": ".srt", "vtt": ".vtt", "transcript": ".md", "json": ".json"}[target]
        outputs = [t.output for t in plan.tasks + plan.up_to_date]
        assert len(outputs) == len(set(outputs))
        for task in plan.tasks + plan.up_to_date:
            rel = Path(task.source).relative_to(src)
            base = out_dir if mirror else src
            assert task.output == str((base / rel).with_suffix(suffix))
            assert task.source_format != target
        by_output: dict[str, int] = {}
        for refused in plan.refused:
            by_output[refused.output] = by_output.get(refused.output, 0) + 1
        assert all(count >= 2 for count in by_output.values())
        assert not set(by_output) & set(outputs)
        named = {t.source for t in plan.tasks + plan.up_to_date}
        named |= {s.source for s in plan.skipped} | {o.source for o in plan.refused}
        for folder, stem, kind in files:
            path = str(src / f"{folder}{stem}{KINDS[kind]}")
            if kind == "notes":
                assert path not in named  # prose Markdown is left out silently
            elif path not in named:  # only a file in the target format beside an input
                assert kind == target
                assert path in {str(Path(n).with_suffix(suffix)) for n in named}

        report = batch.run(plan, jobs=1)
        after = snapshot(src)
        # Beside its input, an existing file in the target format is that input's output
        # (what an earlier run wrote): rewritten when older. Every other file is untouched.
        rewritten = {o.output for o in report.converted}
        kept = {k: v for k, v in before.items() if str(src / k) not in rewritten}
        assert {k: v for k, v in after.items() if k in kept} == kept
        created = {str(src / k) for k in set(after) - set(before)}
        if mirror:
            created |= {str(out_dir / k) for k in snapshot(out_dir)}
        assert created <= rewritten  # nothing but outputs appears
        assert all(Path(output).is_file() for output in rewritten)


def test_transcripts_in_any_encoding_or_line_ending_are_picked(tmp_path: Path) -> None:
    # Batch picks a Markdown file after decoding it the way a conversion does; a sniff
    # that assumed UTF-8 and LF used to skip these silently.
    text = "# Talk\n*  one [[00:00:01](#t=1.0s)]\n*  two [[00:00:03](#t=3.0s)]\n"
    src = tmp_path / "src"
    src.mkdir()
    (src / "plain.md").write_text(text)
    (src / "cr.md").write_bytes(text.replace("\n", "\r").encode())
    (src / "u32.md").write_bytes(text.encode("utf-32"))
    (src / "u16nobom.md").write_bytes(text.encode("utf-16-le"))
    (src / "README.md").write_text("# Not a transcript\n\n* a list item\n")
    plan = batch.plan([src], "srt", out=tmp_path / "out")
    assert sorted(Path(t.source).name for t in plan.tasks) == [
        "cr.md",
        "plain.md",
        "u16nobom.md",
        "u32.md",
    ]
    report = batch.run(plan, jobs=1)
    assert len(report.converted) == 4
    expected = "1\n00:00:01,000 --> 00:00:03,000\none\n\n2\n00:00:03,000 --> 00:00:04,000\ntwo\n\n"
    for name in ("plain", "cr", "u32", "u16nobom"):
        assert (tmp_path / "out" / f"{name}.srt").read_text() == expected


def test_a_caption_made_from_its_transcript_is_no_rival_source(tmp_path: Path) -> None:
    """batch --to srt, then --to vtt: the first run's talk.srt used to collide with
    talk.md for talk.vtt, and neither was converted. A caption edited by hand still does
    (test_plan_picks_transcripts_srt_vtt_and_refuses_collisions)."""
    write(tmp_path / "talk.md", SAMPLE.read_bytes())
    assert invoke(str(tmp_path), "--to", "srt")[0] == 0
    status, out, err = invoke(str(tmp_path), "--to", "vtt", "-v")
    assert status == 0
    assert f"skipped: {tmp_path / 'talk.srt'} ({tmp_path / 'talk.vtt'} is made from" in out + err
    assert (tmp_path / "talk.vtt").read_text(encoding="utf-8").startswith("WEBVTT")


def test_a_read_only_output_is_not_replaced(tmp_path: Path) -> None:
    """As check --fix and sync refuse to change a read-only file, batch does not replace
    one (it used to, by renaming a new file over it)."""
    write(tmp_path / "talk.md", SAMPLE.read_bytes(), age_s=10)
    write(tmp_path / "talk.srt", "1\n00:00:01,000 --> 00:00:02,000\nold\n", age_s=100)
    (tmp_path / "talk.srt").chmod(0o444)
    status, out, err = invoke(str(tmp_path), "--to", "srt")
    assert status == 1
    assert f"{tmp_path / 'talk.srt'}: read-only (no write permission); not replaced" in out + err
    assert (tmp_path / "talk.srt").read_text() == "1\n00:00:01,000 --> 00:00:02,000\nold\n"
