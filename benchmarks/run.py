"""Benchmark subconv against its peers, as whole processes, and check the performance targets.

    python benchmarks/run.py                 # the full run (about 10-15 minutes on 2 cores)
    python benchmarks/run.py --quick         # smaller inputs, fewer runs (about 2 minutes)
    python benchmarks/run.py --only startup  # one group: srt2vtt vtt2srt transcript startup
                                             # batch reflow

Run it with the Python of the environment where subconv is installed; the peers run with
the same interpreter: pysubs2 (``pip install -r benchmarks/requirements.txt``) and ffmpeg
(``apt-get install ffmpeg``). A missing peer or subcommand is reported as "not
available", never a crash. Inputs are generated (seeded, so every run sees the same
bytes) into a scratch folder, which is removed afterwards unless ``--keep``.

How it measures: every command is a separate process, started the way a user would start
it. Each group runs one warm-up round, then N rounds; within a round the commands run
one after another in an order that rotates every round, so slow drift of a shared machine
falls on every command alike (A/B interleaving). Times are medians of wall time; memory is
the peak resident set (``ru_maxrss`` from ``os.wait4``) of the process and its children,
as a median too. Ratios compare medians from the same run only.

The result goes to ``benchmarks/RESULTS.md`` (with ``--quick``: a file in the temporary
folder, unless ``--output`` says otherwise): date, machine, versions, one table per group and
the targets with PASS or MISS. This file is not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
GROUPS = ("srt2vtt", "vtt2srt", "transcript", "startup", "batch", "reflow")
REFLOW_SIZE = 40_000
"""Cues in the file that ``--reflow`` is timed on, against the plain conversion of it."""
URL = "https://www.youtube.com/watch?v=V5jD0BADBEw"


# ----------------------------------------------------------------------------- inputs

WORDS = (  # noqa: SIM905 (a sentence reads better than 120 quoted words)
    "the of and to a in that is it you for on with as was he we they be at this have from "
    "or one had by word but not what all were when your can said there use an each which "
    "she do how their if will up other about out many then them these so some her would "
    "make like him into time has look two more write go see number no way could people my "
    "than first water been call who oil its now find long down day did get come made may "
    "part peacekeepers Ukraine Europe ceasefire president minister summit London Paris "
    "security guarantees troops coalition negotiations Kremlin sanctions"
).split()


@dataclass(frozen=True, slots=True)
class GenCue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]


def make_cues(count: int, seed: int) -> list[GenCue]:
    """Realistic captions: 1-2 lines of up to ~42 characters, 1-6 s each, small gaps,
    some italics and bold, some ampersands and angle brackets in the text. At about 3.3 s
    per cue, 500k cues run to some 460 hours, so hours go well past 99."""
    rng = random.Random(seed)
    cues = []
    clock = 0
    for _ in range(count):
        start = clock + rng.choice((0, 0, 40, 120, 500))
        duration = rng.randint(1000, 6000)
        lines = []
        for _ in range(1 if rng.random() < 0.6 else 2):
            words: list[str] = []
            while sum(len(w) + 1 for w in words) < rng.randint(20, 40):
                words.append(rng.choice(WORDS))
            line = " ".join(words)
            roll = rng.random()
            if roll < 0.05:
                line = f"<i>{line}</i>"
            elif roll < 0.07:
                line = f"<b>{line}</b>"
            elif roll < 0.09:
                line = line.replace(" and ", " & ", 1) + " <3"
            lines.append(line[0].upper() + line[1:] + rng.choice((".", ",", "", "?")))
        cues.append(GenCue(start, start + duration, tuple(lines)))
        clock = start + duration
    return cues


def clock_text(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def render_srt(cues: Sequence[GenCue]) -> str:
    return "".join(
        f"{n}\n{clock_text(c.start_ms, ',')} --> {clock_text(c.end_ms, ',')}\n"
        + "\n".join(c.lines)
        + "\n\n"
        for n, c in enumerate(cues, 1)
    )


def _vtt_text(line: str) -> str:
    return line.replace("&", "&amp;").replace(" <3", " &lt;3")


def render_vtt(cues: Sequence[GenCue]) -> str:
    out = ["WEBVTT\n\n"]
    for n, c in enumerate(cues):
        settings = " line:85% align:center" if n % 50 == 7 else ""
        out.append(
            f"{clock_text(c.start_ms, '.')} --> {clock_text(c.end_ms, '.')}{settings}\n"
            + "\n".join(_vtt_text(line) for line in c.lines)
            + "\n\n"
        )
    return "".join(out)


def render_transcript(cues: Sequence[GenCue], seed: int) -> str:
    """The transcript family's layout; ``t=`` values partly in the raw float form
    (``6.0600000000000005s``) that the real files carry."""
    rng = random.Random(seed)
    length_s = cues[-1].end_ms // 1000 + 1 if cues else 1
    out = [
        "---\nDate Generated: July 11, 2025\nTranscription Model: whisper medium 20231117\n"
        f"Length: {length_s}s\nVideo Keywords: ['bbc', 'news']\nVideo Views: 2090117\n"
        "Video Rating: None\nVideo Description: A generated transcript for the benchmark.\n"
        "---\n\n# Generated talk | “benchmark” edition\n"
        f"**BBC - News:** [March 06, 2025]({URL})\n"
    ]
    previous = -1
    for c in cues:
        start = max(c.start_ms, previous + 1)
        previous = start
        if start >= 1000 and rng.random() < 0.3:
            value = repr((start - 10) / 1000 + 0.01)  # float-sum digits, as in real files
        else:
            value = f"{start // 1000}.{start % 1000:03d}".rstrip("0")
            value = value + "0" if value.endswith(".") else value
        whole = start // 1000
        label = f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"
        text = " ".join(line.replace("<i>", "").replace("</i>", "") for line in c.lines)
        out.append(f"*  {text} [[{label}]({URL}&t={value}s)]\n")
    return "".join(out)


def generate(scratch: Path, sizes: Sequence[int], batch_files: int) -> None:
    scratch.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        cues = make_cues(size, seed=size)
        (scratch / f"in-{size}.srt").write_text(render_srt(cues), encoding="utf-8")
        (scratch / f"in-{size}.vtt").write_text(render_vtt(cues), encoding="utf-8")
        (scratch / f"in-{size}.md").write_text(render_transcript(cues, size), encoding="utf-8")
    small = scratch / "small.srt"
    small.write_text(render_srt(make_cues(50, seed=50)), encoding="utf-8")
    folder = scratch / "batch-in"
    folder.mkdir(exist_ok=True)
    for number in range(batch_files):
        sub = folder / f"show-{number // 100:02d}"
        sub.mkdir(exist_ok=True)
        text = render_srt(make_cues(50, seed=10_000 + number))
        (sub / f"episode-{number:04d}.srt").write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------- running


@dataclass(slots=True)
class Command:
    """One thing to time. ``prepare`` runs before every run, outside the timing."""

    name: str
    argv: list[str] | None
    why_missing: str = ""
    prepare: Callable[[], None] | None = None
    shell: bool = False
    note: str = ""
    scale: float = 1.0
    """Multiply measured time by this (a sampled loop extrapolated to all files)."""
    ok_status: tuple[int, ...] = (0,)
    """Exit statuses that count as a completed run (``check`` exits 1 on problems found)."""
    times: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    failure: str = ""

    @property
    def available(self) -> bool:
        return self.argv is not None and not self.failure

    @property
    def seconds(self) -> float | None:
        return statistics.median(self.times) * self.scale if self.times else None

    @property
    def rss_mb(self) -> float | None:
        return statistics.median(self.rss_kb) / 1024 if self.rss_kb else None


LAUNCHER = """
import json, os, sys, time
for line in sys.stdin:
    job = json.loads(line)
    err = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    null = os.open(os.devnull, os.O_RDWR)
    begin = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(job["cwd"])
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.dup2(err, 2)
            os.execvp(job["argv"][0], job["argv"])
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - begin
    os.close(err)
    os.close(null)
    out = {"seconds": elapsed, "rss_kb": usage.ru_maxrss,
           "status": os.waitstatus_to_exitcode(status)}
    print(json.dumps(out), flush=True)
"""


class Launcher:
    """Starts every measured process from a small helper (python -I -S, about 8 MB).

    A forked child's peak RSS includes the pages it shared with its parent before exec,
    so starting commands from this script (which holds the inputs' names, tables and
    so on) would put a floor of its own size under every figure.
    """

    def __init__(self, scratch: Path) -> None:
        self.stderr = scratch / "stderr.txt"
        self.process = subprocess.Popen(
            [PYTHON, "-I", "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: list[str], cwd: Path) -> tuple[float, int, int, str]:
        """Wall time, peak RSS in KB, exit status and the last line of standard error."""
        assert self.process.stdin is not None and self.process.stdout is not None
        job = {"argv": argv, "cwd": str(cwd), "stderr": str(self.stderr)}
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        done = json.loads(self.process.stdout.readline())
        last = ""
        if done["status"] != 0:
            lines = self.stderr.read_text(encoding="utf-8", errors="replace").strip()
            last = (lines.splitlines() or [""])[-1][:100]
        return done["seconds"], done["rss_kb"], done["status"], last

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


LAUNCH: list[Launcher] = []


def run_once(command: Command, cwd: Path) -> None:
    assert command.argv is not None
    if command.prepare is not None:
        command.prepare()
    argv = ["/bin/sh", "-c", command.argv[0]] if command.shell else command.argv
    seconds, rss_kb, status, last = LAUNCH[0].run(argv, cwd)
    if status not in command.ok_status:
        command.failure = f"exit {status}: {last}"
        return
    command.times.append(seconds)
    command.rss_kb.append(rss_kb)


def measure(commands: Sequence[Command], runs: int, cwd: Path, label: str) -> None:
    """One warm-up round, then ``runs`` rounds, the order rotating each round."""
    live = [c for c in commands if c.argv is not None]
    for round_number in range(runs + 1):
        shift = round_number % len(live) if live else 0
        for command in live[shift:] + live[:shift]:
            if command.failure:
                continue
            run_once(command, cwd)
            if round_number == 0 and command.times:
                command.times.clear()
                command.rss_kb.clear()
        done = ", ".join(
            f"{c.name} {c.seconds:.3f}s" for c in live if c.seconds is not None and round_number
        )
        print(f"  {label} round {round_number}/{runs} {done}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- tools


def subconv_argv() -> list[str] | None:
    """The ``subconv`` console script of this interpreter's environment, as users run it."""
    beside = Path(PYTHON).parent / "subconv"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("subconv")
    return [found] if found else None


def has_subcommand(subconv: list[str] | None, name: str) -> bool:
    if subconv is None:
        return False
    probe = subprocess.run([*subconv, name, "--help"], capture_output=True, text=True)
    return probe.returncode == 0


def has_pysubs2() -> bool:
    probe = subprocess.run([PYTHON, "-c", "import pysubs2"], capture_output=True)
    return probe.returncode == 0


def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def ffmpeg_version() -> str:
    path = shutil.which("ffmpeg")
    if path is None:
        return "not installed"
    out = subprocess.run([path, "-version"], capture_output=True, text=True).stdout
    return out.split("\n", 1)[0].removeprefix("ffmpeg version ").split(" ", 1)[0]


def memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


# ----------------------------------------------------------------------------- groups


@dataclass(slots=True)
class Target:
    what: str
    measured: str
    verdict: str  # PASS, MISS or n/a


@dataclass(slots=True)
class Report:
    sections: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(title: str, commands: Sequence[Command], base: Command | None) -> str:
    """Markdown rows: time, ratio of each to ``base`` (above 1: base is faster), memory."""
    rows = [
        f"### {title}",
        "",
        f"| command | median time | time / {base.name if base else 'base'} | peak RSS |",
        "|---|---:|---:|---:|",
    ]
    for c in commands:
        if not c.available or c.seconds is None:
            why = c.failure or c.why_missing or "not available"
            rows.append(f"| {c.name} | not available ({why}) | | |")
            continue
        ratio = ""
        if base is not None and base.seconds:
            ratio = f"{c.seconds / base.seconds:.2f}x"
        note = f" ({c.note})" if c.note else ""
        rows.append(f"| {c.name}{note} | {fmt_seconds(c.seconds)} | {ratio} | {c.rss_mb:.0f} MB |")
    return "\n".join(rows) + "\n"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def ratio_target(report: Report, what: str, fast: Command, slow: Command, at_least: float) -> None:
    """``slow`` time / ``fast`` time must be at least ``at_least``."""
    if fast.seconds is None or slow.seconds is None:
        report.targets.append(Target(what, "not available", "n/a"))
        return
    factor = slow.seconds / fast.seconds
    report.targets.append(
        Target(
            what,
            f"{factor:.2f}x ({fmt_seconds(fast.seconds)} vs {fmt_seconds(slow.seconds)})",
            verdict(factor >= at_least),
        )
    )


def peer_commands(
    subconv: list[str] | None, scratch: Path, source: str, target: str
) -> list[Command]:
    out = scratch / "out"
    ffmpeg = shutil.which("ffmpeg")
    pysubs2 = has_pysubs2()
    ext = "vtt" if target == "vtt" else "srt"
    return [
        Command(
            "subconv convert",
            None if subconv is None else [*subconv, "convert", "-q", source, f"out/sc.{ext}"],
            why_missing="subconv is not installed in this environment",
        ),
        Command(
            "pysubs2 CLI",
            [PYTHON, "-m", "pysubs2", "--to", target, "-o", str(out), source] if pysubs2 else None,
            why_missing="pip install -r benchmarks/requirements.txt",
        ),
        Command(
            "ffmpeg",
            [ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-i", source, f"out/ff.{ext}"]
            if ffmpeg
            else None,
            why_missing="ffmpeg not found: apt-get install ffmpeg",
        ),
    ]


def group_conversion(
    report: Report,
    scratch: Path,
    sizes: Sequence[int],
    runs_for: Callable[[int], int],
    source_ext: str,
    target: str,
    target_sizes: Sequence[int],
) -> None:
    subconv = subconv_argv()
    name = f"{source_ext.upper()} -> {target.upper()}"
    for size in sizes:
        commands = peer_commands(subconv, scratch, f"in-{size}.{source_ext}", target)
        measure(commands, runs_for(size), scratch, f"{name} {size:,}")
        report.sections.append(table(f"{name}, {size:,} cues", commands, commands[0]))
        ours, pysubs2, ffmpeg = commands
        if size in target_sizes:
            ratio_target(
                report, f"{name} {size:,} cues: >= 2x faster than pysubs2", ours, pysubs2, 2.0
            )
            ratio_target(report, f"{name} {size:,} cues: no slower than ffmpeg", ours, ffmpeg, 1.0)
        MEMORY.setdefault(name, {})[size] = (ours.rss_mb, pysubs2.rss_mb)


MEMORY: dict[str, dict[int, tuple[float | None, float | None]]] = {}


def memory_targets(report: Report, sizes: Sequence[int]) -> None:
    """At the largest size: below pysubs2's peak; and growth linear in the input."""
    if len(sizes) < 3:
        return
    small, middle, large = sizes[0], sizes[-2], sizes[-1]
    for name, by_size in MEMORY.items():
        if large not in by_size:
            continue
        ours, theirs = by_size[large]
        if ours is None or theirs is None:
            report.targets.append(
                Target(f"{name} memory at {large:,}: below pysubs2", "n/a", "n/a")
            )
        else:
            report.targets.append(
                Target(
                    f"{name} memory at {large:,} cues: below pysubs2's peak",
                    f"{ours:.0f} MB vs {theirs:.0f} MB",
                    verdict(ours < theirs),
                )
            )
        base, mid = by_size.get(small, (None, None))[0], by_size.get(middle, (None, None))[0]
        if ours is None or base is None or mid is None or mid <= base:
            continue
        growth = (ours - base) / (mid - base)
        expected = (large - small) / (middle - small)
        report.targets.append(
            Target(
                f"{name} memory grows linearly ({small:,} -> {middle:,} -> {large:,} cues)",
                f"growth above the {small:,}-cue process: x{growth:.2f} for x{expected:.2f} "
                "the cues",
                verdict(0.7 * expected <= growth <= 1.3 * expected),
            )
        )


def group_transcript(
    report: Report,
    scratch: Path,
    sizes: Sequence[int],
    runs_for: Callable[[int], int],
    target_size: int,
) -> None:
    subconv = subconv_argv()
    for size in sizes:
        source = f"in-{size}.md"
        commands = [
            Command("floor.py (-> SRT)", [PYTHON, str(HERE / "floor.py"), source, "out/fl.srt"]),
            Command(
                "subconv to-srt",
                None
                if subconv is None
                else [*subconv, "to-srt", "-q", "--force", source, "-o", "out/tr.srt"],
            ),
            Command(
                "subconv to-vtt",
                None
                if subconv is None
                else [*subconv, "to-vtt", "-q", "--force", source, "-o", "out/tr.vtt"],
            ),
        ]
        measure(commands, runs_for(size), scratch, f"transcript {size:,}")
        report.sections.append(
            table(f"Transcript -> SRT/VTT, {size:,} cues", commands, commands[0])
        )
        if size == target_size:
            floor, to_srt, to_vtt = commands
            for ours in (to_srt, to_vtt):
                if ours.seconds is None or floor.seconds is None:
                    report.targets.append(
                        Target(
                            f"{ours.name} {size:,}: within 1.5x of floor", "not available", "n/a"
                        )
                    )
                    continue
                factor = ours.seconds / floor.seconds
                report.targets.append(
                    Target(
                        f"{ours.name}, {size:,} cues: within 1.5x of the floor script",
                        f"{factor:.2f}x ({fmt_seconds(ours.seconds)} vs "
                        f"{fmt_seconds(floor.seconds)})",
                        verdict(factor <= 1.5),
                    )
                )


def group_reflow(report: Report, scratch: Path, runs: int) -> None:
    """``--reflow`` against the plain conversion of the same file, in the same run: the
    generated captions (already short lines, so reflow mostly re-cuts at better places)
    and the transcript made from them (one bullet per caption, lines joined)."""
    subconv = subconv_argv()
    size = REFLOW_SIZE
    for source, label in ((f"in-{size}.srt", "SRT"), (f"in-{size}.md", "Transcript")):
        commands = [
            Command(
                "subconv to-srt",
                None
                if subconv is None
                else [*subconv, "to-srt", "-q", "--force", source, "-o", "out/plain.srt"],
            ),
            Command(
                "subconv to-srt --reflow",
                None
                if subconv is None or not has_option(subconv, "to-srt", "--reflow")
                else [
                    *subconv,
                    "to-srt",
                    "-q",
                    "--force",
                    "--reflow",
                    source,
                    "-o",
                    "out/reflowed.srt",
                ],
                why_missing="this subconv has no --reflow",
            ),
        ]
        measure(commands, runs, scratch, f"reflow {label.lower()} {size:,}")
        report.sections.append(
            table(f"{label} -> SRT with and without --reflow, {size:,} cues", commands, commands[0])
        )
        plain, reflowed = commands
        if plain.seconds is None or reflowed.seconds is None:
            report.targets.append(
                Target(f"{label} --reflow, {size:,} cues: within 2.5x", "not available", "n/a")
            )
            continue
        factor = reflowed.seconds / plain.seconds
        report.targets.append(
            Target(
                f"{label} -> SRT --reflow, {size:,} cues: within 2.5x of the plain conversion",
                f"{factor:.2f}x ({fmt_seconds(reflowed.seconds)} vs {fmt_seconds(plain.seconds)})",
                verdict(factor <= 2.5),
            )
        )


def has_option(subconv: list[str], command: str, option: str) -> bool:
    """Whether this subconv's ``command`` takes ``option`` (an older install may not)."""
    found = subprocess.run(
        [*subconv, command, "--help"], capture_output=True, text=True, check=False
    )
    return option in found.stdout


def group_startup(report: Report, scratch: Path, runs: int) -> None:
    subconv = subconv_argv()
    check = has_subcommand(subconv, "check")
    commands = [
        Command(
            "subconv check (50 cues)",
            [*subconv, "check", "small.srt"] if subconv and check else None,
            why_missing="no 'subconv check' in this build",
            ok_status=(0, 1),
        ),
        Command("typer no-op app", [PYTHON, str(HERE / "typer_noop.py"), "small.srt"]),
        Command(
            "pysubs2 CLI (50 cues -> VTT)",
            [PYTHON, "-m", "pysubs2", "--to", "vtt", "-o", "out", "small.srt"]
            if has_pysubs2()
            else None,
            why_missing="pip install -r benchmarks/requirements.txt",
        ),
        Command("python -c pass", [PYTHON, "-c", "pass"]),
        Command(
            "subconv convert (50 cues -> VTT)",
            [*subconv, "convert", "-q", "small.srt", "out/small.vtt"] if subconv else None,
            why_missing="subconv is not installed in this environment",
        ),
    ]
    measure(commands, runs, scratch, "start-up")
    report.sections.append(table("Start-up: one 50-cue file", commands, commands[1]))
    ours, noop, pysubs2, bare, _ = commands
    if ours.seconds is None or noop.seconds is None:
        report.targets.append(
            Target(
                "subconv check start-up: within 1.2x of the typer no-op",
                "not available ('subconv check' missing)",
                "n/a",
            )
        )
    else:
        factor = ours.seconds / noop.seconds
        report.targets.append(
            Target(
                "subconv check start-up: within 1.2x of the typer no-op app",
                f"{factor:.2f}x ({fmt_seconds(ours.seconds)} vs {fmt_seconds(noop.seconds)})",
                verdict(factor <= 1.2),
            )
        )
    if ours.seconds is not None and pysubs2.seconds is not None and bare.seconds is not None:
        report.notes.append(
            f"Start-up: `subconv check` takes {ours.seconds / pysubs2.seconds:.2f}x the time "
            f"of pysubs2's command line on the same file and {ours.seconds / bare.seconds:.1f}x "
            "`python -c pass` (reported, no target)."
        )


def group_batch(report: Report, scratch: Path, runs: int, loop_runs: int, sample: int) -> None:
    subconv = subconv_argv()
    batch = has_subcommand(subconv, "batch")
    files = sorted(str(p.relative_to(scratch)) for p in (scratch / "batch-in").rglob("*.srt"))
    out = scratch / "batch-out"

    def fresh() -> None:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()

    def jobs(n: int) -> Command:
        return Command(
            f"subconv batch --jobs {n}",
            [
                *subconv,
                "batch",
                "batch-in",
                "--to",
                "vtt",
                "--out",
                "batch-out",
                "--force",
                "--jobs",
                str(n),
            ]
            if subconv and batch
            else None,
            why_missing="no 'subconv batch' in this build",
            prepare=fresh,
        )

    pysubs2 = has_pysubs2()
    picked = files[:: max(1, len(files) // sample)][:sample]
    loop = " ".join(f"'{f}'" for f in picked)
    commands = [
        jobs(1),
        jobs(2),
        Command(
            "pysubs2 CLI, all files in one process",
            [PYTHON, "-m", "pysubs2", "--to", "vtt", "-o", "batch-out", *files]
            if pysubs2
            else None,
            why_missing="pip install -r benchmarks/requirements.txt",
            prepare=fresh,
        ),
        Command(
            "shell loop: pysubs2 CLI once per file",
            [
                f"for f in {loop}; do '{PYTHON}' -m pysubs2 --to vtt -o batch-out \"$f\" "
                "|| exit 1; done"
            ]
            if pysubs2
            else None,
            why_missing="pip install -r benchmarks/requirements.txt",
            prepare=fresh,
            shell=True,
            scale=len(files) / len(picked) if picked else 1.0,
            note=f"{len(picked)} of {len(files)} files timed, extrapolated"
            if len(picked) < len(files)
            else "",
        ),
    ]
    # The runs of a few seconds get many interleaved rounds (the --jobs 2 / --jobs 1 ratio
    # is what a shared machine's noise moves most); the minutes-long loop gets few.
    measure(commands[:3], runs, scratch, f"batch {len(files):,} files")
    measure(commands[3:], loop_runs, scratch, f"batch {len(files):,} files, per-file loop")
    report.sections.append(
        table(f"Batch: {len(files):,} SRT files of 50 cues -> VTT", commands, commands[1])
    )
    one, two, pysubs2_one, pysubs2_loop = commands
    ratio_target(
        report, "batch --jobs 2: >= 2x faster than pysubs2 in one process", two, pysubs2_one, 2.0
    )
    ratio_target(
        report,
        "batch --jobs 2: >= 40x faster than the per-file pysubs2 loop",
        two,
        pysubs2_loop,
        40.0,
    )
    ratio_target(report, "batch --jobs 2: >= 1.6x faster than --jobs 1", two, one, 1.6)


# ----------------------------------------------------------------------------- output


def write_results(
    report: Report, path: Path, args: argparse.Namespace, sizes: Sequence[int], seconds: float
) -> None:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# subconv benchmark results",
        "",
        f"Written by `benchmarks/run.py{' --quick' if args.quick else ''}"
        f"{' --only ' + ','.join(args.only) if args.only else ''}` on {now}, "
        f"in {seconds / 60:.1f} minutes.",
        "",
        f"- Machine: {os.cpu_count()} cores ({platform.machine()}), {memory_total()} memory, "
        f"{platform.system()} {platform.release()}; a shared machine, so compare ratios within "
        "this run, not times across runs.",
        f"- Python {platform.python_version()}; subconv {version_of('subconv')} "
        f"({install_kind()} install), typer "
        f"{version_of('typer')}, pysubs2 {version_of('pysubs2')}, ffmpeg {ffmpeg_version()}.",
        f"- Inputs: generated, seeded; sizes {', '.join(f'{s:,}' for s in sizes)} cues. Each "
        "group: one warm-up round, then the median of the rounds (order rotated each round).",
        "",
        "## Targets",
        "",
        "| target | measured | result |",
        "|---|---|---|",
        *(f"| {t.what} | {t.measured} | **{t.verdict}** |" for t in report.targets),
        "",
        *(f"- {note}" for note in report.notes),
        "",
        "## Measurements",
        "",
        "Ratios are each command's median time over the first row's (above 1: slower than it).",
        "",
        *report.sections,
    ]
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def setup_and_rerun(venv: Path, argv: Sequence[str]) -> int:
    """A regular (not editable) install, as users get: an editable install adds an import
    hook that costs every subconv process about 10-15 ms of start-up here."""
    root = HERE.parent
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "-r", str(HERE / "requirements.txt"), str(root)], check=True)
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(root)], check=True)
    rest = [a for i, a in enumerate(argv) if a != "--setup" and argv[i - 1 : i] != ["--setup"]]
    rest = [a for a in rest if not a.startswith("--setup=")]
    return subprocess.run([str(python), __file__, *rest]).returncode


def install_kind() -> str:
    """'editable' or 'regular' for the subconv being measured (see setup_and_rerun)."""
    try:
        direct = metadata.distribution("subconv").read_text("direct_url.json") or ""
    except metadata.PackageNotFoundError:
        return "not installed"
    return "editable" if '"editable": true' in direct.replace("'", '"') else "regular"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--generate"]:
        generate(Path(argv[1]), [int(s) for s in argv[2].split(",") if s], int(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--quick", action="store_true", help="1k/20k/100k cues, 200 batch files, fewer runs"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=GROUPS,
        default=[],
        help="run only this group (repeatable)",
    )
    parser.add_argument("--runs", type=int, help="rounds per group after the warm-up")
    parser.add_argument("--scratch", type=Path, help="folder for generated inputs")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--output", type=Path, help="where to write the Markdown results")
    parser.add_argument(
        "--setup",
        type=Path,
        metavar="VENV",
        help="make (or refresh) a virtual environment at VENV with subconv installed from "
        "this checkout (not editable) and the peers, then run the benchmark in it",
    )
    args = parser.parse_args(argv)
    if args.setup is not None:
        return setup_and_rerun(args.setup, argv)

    sizes = (1_000, 20_000, 100_000) if args.quick else (1_000, 100_000, 500_000)
    target_sizes = sizes[-1:] if args.quick else sizes[-2:]  # the targets speak of 100k, 500k
    batch_files = 200 if args.quick else 2_000

    def runs_for(size: int) -> int:
        if args.runs:
            return args.runs
        if args.quick:
            return 3
        return 7 if size <= 10_000 else 5 if size <= 100_000 else 3

    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="subconv-bench-"))
    quick_output = Path(tempfile.gettempdir()) / "subconv-bench-RESULTS-quick.md"
    output = args.output or (quick_output if args.quick else HERE / "RESULTS.md")
    groups = args.only or list(GROUPS)
    began = time.perf_counter()
    report = Report()
    if shutil.which("ffmpeg") is None:
        print(
            "ffmpeg not found: its rows say 'not available' (apt-get install ffmpeg)",
            file=sys.stderr,
        )
    if not has_pysubs2():
        print("pysubs2 not importable: pip install -r benchmarks/requirements.txt", file=sys.stderr)
    try:
        print(f"generating inputs in {scratch} ...", file=sys.stderr, flush=True)
        needs_sizes = bool({"srt2vtt", "vtt2srt", "transcript"} & set(groups))
        generated = list(sizes if needs_sizes else [])
        if "reflow" in groups and REFLOW_SIZE not in generated:
            generated.append(REFLOW_SIZE)
        # In a child process, so that this one stays small (see Launcher).
        subprocess.run(
            [
                PYTHON,
                __file__,
                "--generate",
                str(scratch),
                ",".join(map(str, generated)),
                str(batch_files if "batch" in groups else 0),
            ],
            check=True,
        )
        (scratch / "out").mkdir(exist_ok=True)
        LAUNCH.append(Launcher(scratch))
        if "srt2vtt" in groups:
            group_conversion(report, scratch, sizes, runs_for, "srt", "vtt", target_sizes)
        if "vtt2srt" in groups:
            group_conversion(report, scratch, sizes, runs_for, "vtt", "srt", target_sizes)
        memory_targets(report, sizes)
        if "transcript" in groups:
            group_transcript(report, scratch, sizes, runs_for, 100_000)
        if "startup" in groups:
            group_startup(report, scratch, args.runs or (5 if args.quick else 15))
        if "batch" in groups:
            group_batch(
                report,
                scratch,
                args.runs or (3 if args.quick else 9),
                loop_runs=args.runs or (2 if args.quick else 3),
                sample=50 if args.quick else 200,
            )
        if "reflow" in groups:
            group_reflow(report, scratch, args.runs or (3 if args.quick else 5))
        shown = sizes if needs_sizes else generated
        write_results(report, output, args, shown, time.perf_counter() - began)
        print(output.read_text(encoding="utf-8"))
        print(f"written to {output}", file=sys.stderr)
    finally:
        for launcher in LAUNCH:
            launcher.close()
        if not args.keep and args.scratch is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
