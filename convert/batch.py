"""Convert whole folders: plan what to do, then run the plan, in parallel if asked.

Planning and running are separate so that a dry run shows exactly what a real
run would do, and so that everything is known before the first byte is
written (two inputs that would write one output are refused up front).

Converting one file is :func:`convert_one`, a plain function of a picklable
:class:`Task`: a user with millions of files can map it over any executor.
:func:`run` does that with a process pool, sending tasks in chunks so that the
parent only walks folders and collects small :class:`Outcome` records.

    from convert import batch
    plan = batch.plan(["talks/"], "srt", out="captions/")
    report = batch.run(plan, jobs=4)
    print(report.counts())
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from . import formats, registry
from .api import Options, configured, read, render
from .config import Finder
from .errors import ProblemsFound, SubconvError, UsageError, os_message
from .textio import atomic_write, may_write, text_codec
from .walk import walk

PathLike = str | os.PathLike[str]

SNIFF_BYTES = 64 * 1024
"""How much of a Markdown file is read to tell whether it is a transcript."""


@dataclass(frozen=True, slots=True)
class Task:
    """Convert one file: everything a worker needs, and nothing that is costly to pickle."""

    source: str
    output: str
    source_format: str
    target: str
    options: Options = field(default_factory=Options)
    root: str | None = None
    """The folder the output must stay inside (``--out``, else the source folder): no
    symbolic link on the way out of it is followed when writing."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What converting one file did. Messages are formatted ``FILE:LINE: message`` lines."""

    source: str
    output: str
    status: Literal["converted", "failed"]
    cues: int = 0
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "converted"


@dataclass(frozen=True, slots=True)
class Skip:
    """A file that was found but is not converted, and why."""

    source: str
    reason: str


@dataclass(slots=True)
class Plan:
    """Everything a run will do, worked out before anything is written."""

    target: str
    tasks: list[Task] = field(default_factory=list)
    """Files to convert, in a stable order (sorted walk)."""
    up_to_date: list[Task] = field(default_factory=list)
    """Files whose output is newer than the input: left alone."""
    skipped: list[Skip] = field(default_factory=list)
    refused: list[Outcome] = field(default_factory=list)
    """Failures found while planning: outputs claimed by two inputs, outputs that are inputs."""
    stale: list[str] = field(default_factory=list)
    """Temporary files left by a killed run beside planned outputs; :func:`run` removes them."""


@dataclass(slots=True)
class Report:
    """A plan and what running it did; ``outcomes`` follow the order of ``plan.tasks``."""

    plan: Plan
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False

    @property
    def converted(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def failed(self) -> list[Outcome]:
        return self.plan.refused + [o for o in self.outcomes if not o.ok]

    @property
    def exit_status(self) -> int:
        """1 when anything failed (or would fail), else 0."""
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int]:
        return {
            "converted": len(self.plan.tasks) if self.dry_run else len(self.converted),
            "up_to_date": len(self.plan.up_to_date),
            "skipped": len(self.plan.skipped),
            "failed": len(self.failed),
        }

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready report; in a dry run ``converted`` lists what would be converted."""
        converted: list[dict[str, Any]]
        if self.dry_run:
            converted = [{"source": t.source, "output": t.output} for t in self.plan.tasks]
        else:
            converted = [
                {
                    "source": o.source,
                    "output": o.output,
                    "cues": o.cues,
                    "warnings": list(o.warnings),
                }
                for o in self.converted
            ]
        return {
            "target": self.plan.target,
            "dry_run": self.dry_run,
            "counts": self.counts(),
            "converted": converted,
            "up_to_date": [{"source": t.source, "output": t.output} for t in self.plan.up_to_date],
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.plan.skipped],
            "failed": [
                {"source": o.source, "output": o.output, "errors": list(o.errors)}
                for o in self.failed
            ],
        }


# -- planning ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    path: str
    rel: str
    fmt: str
    explicit: bool


def _made_from(transcript: str, options: Options) -> set[str]:
    """The captions beside ``transcript`` that are exactly what it converts to (as
    ``subconv sync --check`` compares them); none when it cannot be converted."""
    from .sync import Synced, sync_path

    try:
        results = sync_path(transcript, options, write=False)
    except (SubconvError, OSError):
        return set()
    return {os.path.abspath(r.caption) for r in results if isinstance(r, Synced) and not r.changed}


def plan(
    sources: Sequence[PathLike],
    target: str,
    *,
    out: PathLike | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    force: bool = False,
    options: Options | None = None,
) -> Plan:
    """Walk ``sources`` (folders, recursively, or files) and decide what to do with each file.

    Picks transcripts (``.md`` files that look like one; other Markdown is left out
    silently), ``.srt`` and ``.vtt``. Files already in the target format are
    skipped, except with a retiming into ``out`` (beside the input, a retimed copy would
    overwrite it: refused). Each output goes to ``out`` mirroring the source tree, or beside
    its input. An output newer than its input is up to date unless ``force`` or a retiming.
    ``include``/``exclude`` are globs matched against the path relative to its
    source folder, or against the file name when the glob has no ``/``;
    ``exclude`` also prunes folders. Symbolic links that lead outside their
    source folder are not followed. Raises :class:`UsageError` for a source that
    does not exist. Reads nothing but the head of Markdown files, and writes nothing.
    """
    options = options if options is not None else Options()
    if options.encoding is not None:
        text_codec(options.encoding)
    target = formats.by_name(target).name
    suffix = formats.by_name(target).extensions[0]
    out_dir = Path(out) if out is not None else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise UsageError("--out is not a folder", path=str(out_dir))
    result = Plan(target)
    finder = Finder()  # each file's [tool.subconv]: reflow and its thresholds
    found: list[tuple[_Found, str]] = []
    seen: set[str] = set()
    roots: dict[str, str] = {}
    for source in sources:
        source_path = Path(source)
        if not source_path.exists():
            raise UsageError("no such file or folder", path=str(source))
        source_root = str(source_path if source_path.is_dir() else source_path.parent)
        for item in _walk(source_path, include, exclude, out_dir, result.skipped):
            key = os.path.abspath(item.path)
            if key in seen:
                continue
            seen.add(key)
            if item.fmt == "transcript" and not _looks_like_transcript(item.path, options.encoding):
                if item.explicit:
                    result.skipped.append(Skip(item.path, "not a transcript"))
                continue
            if (
                formats.by_name(item.fmt).folder_sniffed
                and not item.explicit
                and not _content_is(item.path, item.fmt, options.encoding)
            ):
                continue  # a .xml or .sub that is something else: not ours to claim
            roots[item.path] = str(out_dir) if out_dir is not None else source_root
            if out_dir is None:
                output = str(Path(item.path).with_suffix(suffix))
            else:
                output = str((out_dir / item.rel).with_suffix(suffix))
            found.append((item, output))

    # A retiming changes files already in the target format too, but only into --out:
    # beside the input their output would be the input itself.
    retimed_copies = options.retiming is not None and out_dir is not None
    converted = [(item, output) for item, output in found if item.fmt != target or retimed_copies]
    outputs = {os.path.abspath(output) for _, output in converted}
    inputs = {os.path.realpath(item.path) for item, _ in converted}
    claims: dict[str, list[tuple[_Found, str]]] = {}
    for item, output in found:
        if item.fmt == target and not retimed_copies:
            # Beside its input, our own previous output is not worth a line in the report.
            if os.path.abspath(item.path) in outputs:
                continue
            if options.retiming is None:
                result.skipped.append(Skip(item.path, f"already {target}"))
            else:
                message = (
                    f"{item.path}: already {target}; retimed, it would be written over "
                    "itself: give --out"
                )
                result.refused.append(Outcome(item.path, output, "failed", errors=(message,)))
            continue
        claims.setdefault(os.path.abspath(output), []).append((item, output))

    for claimants in claims.values():
        transcripts = [c for c in claimants if c[0].fmt == "transcript"]
        if len(claimants) > 1 and len(transcripts) == 1:
            # A caption that is what its transcript converts to (a run --to srt before
            # this --to vtt wrote it) is no rival source; one edited by hand still is.
            source = transcripts[0][0].path
            made = _made_from(source, options or Options())
            for item, output in claimants:
                if item.path != source and os.path.abspath(item.path) in made:
                    result.skipped.append(Skip(item.path, f"{output} is made from {source}"))
            claimants = [c for c in claimants if os.path.abspath(c[0].path) not in made]
        if len(claimants) > 1:
            names = [item.path for item, _ in claimants]
            for item, output in claimants:
                others = ", ".join(n for n in names if n != item.path)
                message = (
                    f"{item.path}: output {output} would also be written from {others}; "
                    "neither is converted"
                )
                result.refused.append(Outcome(item.path, output, "failed", errors=(message,)))
            continue
        item, output = claimants[0]
        task = Task(
            item.path,
            output,
            item.fmt,
            target,
            configured(options, item.path, finder),
            roots[item.path],
        )
        out_stat = _stat(output)
        if out_stat is None:
            result.tasks.append(task)
        elif os.path.realpath(output) in inputs:
            message = f"{item.path}: output {output} is an input; it is not overwritten"
            result.refused.append(Outcome(item.path, output, "failed", errors=(message,)))
        elif (
            not force
            # An output's time cannot tell which retiming wrote it, so a retiming rewrites.
            and options.retiming is None
            and out_stat.st_size > 0  # an empty output may be a write a power cut lost
            and out_stat.st_mtime_ns > os.stat(item.path).st_mtime_ns
        ):
            result.up_to_date.append(task)
        elif not force and out_dir is None and target == "transcript":
            result.skipped.append(
                Skip(item.path, f"{output} exists; Markdown is not overwritten without --force")
            )
        elif not may_write(output):  # as check --fix and sync: a read-only file stays
            message = f"{output}: read-only (no write permission); not replaced"
            result.refused.append(Outcome(item.path, output, "failed", errors=(message,)))
        else:
            result.tasks.append(task)
    result.skipped.sort(key=lambda skip: skip.source)
    result.stale = _stale_temporaries([*result.tasks, *result.up_to_date])
    return result


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _looks_like_transcript(path: str, encoding: str | None) -> bool:
    """Sniff the head of a Markdown file, decoded as a conversion would decode it (BOMs,
    UTF-16 without one, CR line ends, legacy encodings); unreadable ones are let through
    to fail visibly."""
    from .formats.transcript import is_transcript
    from .textio import decode

    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return True
    if len(head) == SNIFF_BYTES and b"\x00" not in head:
        head = head[: head.rfind(b"\n") + 1] or head  # no character cut in two at the end
    try:
        text = decode(head, encoding=encoding, path=path).text
    except SubconvError:
        return True
    return is_transcript(text)


def _content_is(path: str, fmt: str, encoding: str | None) -> bool:
    """Whether the head of ``path`` sniffs as ``fmt`` (a ``.sub`` may be VobSub or
    SubViewer, a ``.xml`` anything); unreadable files are not claimed."""
    from .textio import decode

    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    if b"\x00" in head[:512] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # binary (VobSub pictures), unless UTF-16 with a BOM
    if len(head) == SNIFF_BYTES:
        head = head[: head.rfind(b"\n") + 1] or head
    try:
        text = decode(head, encoding=encoding, path=path).text
    except SubconvError:
        return False
    return formats.by_name(fmt).adapter().sniff(text)


def _walk(
    source: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    out_dir: Path | None,
    skipped: list[Skip],
) -> Iterator[_Found]:
    """Candidate files under ``source`` in sorted order (a stable plan and report)."""
    if not source.is_dir():
        fmt = registry.scanned().get(source.suffix.lower())
        if fmt is None:
            skipped.append(Skip(str(source), "not a transcript, SRT or WebVTT file"))
        else:
            yield _Found(str(source), source.name, fmt, explicit=True)
        return
    for found in walk(
        str(source),
        include=include,
        exclude=exclude,
        prune=str(out_dir) if out_dir is not None else None,
        skipped=lambda path, reason: skipped.append(Skip(path, reason)),
        label="SRC",
    ):
        yield _Found(found.path, found.rel, found.fmt, explicit=False)


def _stale_temporaries(tasks: Iterable[Task]) -> list[str]:
    """Abandoned temporaries of :func:`atomic_write` (a killed run) beside planned outputs;
    another writer's live temporary is locked, and is not among them."""
    from .atomic import stale_temporaries

    wanted: dict[str, set[str]] = {}
    for task in tasks:
        folder, name = os.path.split(task.output)
        wanted.setdefault(folder or ".", set()).add(name)
    return sorted(
        path for folder, names in wanted.items() for path in stale_temporaries(folder, names)
    )


# -- running -----------------------------------------------------------------------------


def convert_one(task: Task, durable: bool = True) -> Outcome:
    """Convert one file and write its output atomically; never raises for a bad input.

    Depends only on ``task`` and the file system, so it can run in any process:
    map it over a ``concurrent.futures`` executor or a distributed one. :func:`run`
    passes ``durable=False``: atomic writes without an fsync per file.
    """
    try:
        doc = read(
            task.source, task.source_format, encoding=task.options.encoding, fps=task.options.fps
        )
        data, warnings = render(doc, task.target, task.options, name=task.source)
        atomic_write(task.output, data, durable=durable, root=task.root, clean=False)
    except ProblemsFound as exc:
        exc.with_path(task.source)
        return _failed(task, exc.lines())
    except SubconvError as exc:
        return _failed(task, [str(exc.with_path(task.source))])
    except OSError as exc:
        return _failed(task, [os_message(exc, task.output)])
    except Exception as exc:  # one bad file never stops the rest
        return _failed(task, [f"{task.source}: internal error: {type(exc).__name__}: {exc}"])
    return Outcome(
        task.source,
        task.output,
        "converted",
        cues=len(doc.cues),
        warnings=tuple(p.format(task.source) for p in warnings),
    )


def convert_many(tasks: Sequence[Task], durable: bool = True) -> list[Outcome]:
    """:func:`convert_one` over a chunk: one round trip to a worker for many small files."""
    return [convert_one(task, durable) for task in tasks]


def default_jobs() -> int:
    """The CPUs this process may use (its affinity), not the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def chunked(tasks: Sequence[Task], jobs: int) -> list[Sequence[Task]]:
    """About 32 chunks per worker, of 1 to 64 tasks each.

    Big enough that a round trip to a worker is paid for many small files, small
    enough that workers finish together and the progress bar moves.
    """
    size = max(1, min(64, len(tasks) // (jobs * 32) or 1))
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which lets started chunks finish cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(
    plan: Plan,
    *,
    jobs: int | None = None,
    executor: cf.Executor | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Report:
    """Carry out ``plan``: remove stale temporaries, convert every task, collect outcomes.

    ``jobs`` processes (default: the usable CPUs; 1 runs in this process), or
    about ``32 * jobs`` chunks submitted to ``executor``. Outcomes are reported to ``on_outcome`` as
    they arrive and returned in plan order, so the report, like the files, does
    not depend on ``jobs``. On ``KeyboardInterrupt``, chunks not started are
    cancelled, started ones finish (every file is whole or absent), and the
    interrupt is raised again.
    """
    from .atomic import remove_if_abandoned

    for path in plan.stale:
        with contextlib.suppress(OSError):
            remove_if_abandoned(path)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    tasks = plan.tasks
    report = Report(plan)
    # Writes are atomic (temporary file, then rename) but not fsynced one by one: 2,000
    # fsyncs were a fifth of a 2,000-file run and did not overlap across workers, and an
    # os.sync() at the end pays for every other process's unwritten data too. A power
    # cut can leave an empty output; plan() never takes an empty output as up to date.
    if executor is None and (jobs == 1 or len(tasks) < 2):
        for task in tasks:
            outcome = convert_one(task, durable=False)
            report.outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        return report
    chunks = chunked(tasks, jobs)
    if executor is not None:
        report.outcomes = _gather(executor, chunks, on_outcome)
        return report
    with process_pool(min(jobs, len(chunks))) as pool:
        report.outcomes = _gather(pool, chunks, on_outcome)
    return report


def process_pool(jobs: int | None = None) -> cf.ProcessPoolExecutor:
    """A pool whose workers are already started, for :func:`run`'s ``executor``.

    Starting them before any thread exists (a progress bar has one) keeps
    ``fork`` safe; the workers ignore Ctrl-C, which the parent handles.
    """
    pool = cf.ProcessPoolExecutor(max_workers=jobs or default_jobs(), initializer=_ignore_sigint)
    pool.submit(int).result()  # with fork, every worker starts at the first submit
    return pool


def _gather(
    executor: cf.Executor,
    chunks: list[Sequence[Task]],
    on_outcome: Callable[[Outcome], None] | None,
) -> list[Outcome]:
    futures = {executor.submit(convert_many, chunk, False): i for i, chunk in enumerate(chunks)}
    results: list[list[Outcome]] = [[] for _ in chunks]
    try:
        for future in cf.as_completed(futures):
            try:
                outcomes = future.result()
            except BrokenProcessPool as exc:
                # A worker died (killed, out of memory): its files are whole or absent.
                message = f"worker process died ({exc})"
                outcomes = [_failed(t, [f"{t.source}: {message}"]) for t in chunks[futures[future]]]
            results[futures[future]] = outcomes
            if on_outcome is not None:
                for outcome in outcomes:
                    on_outcome(outcome)
    except BaseException:
        for future in futures:
            future.cancel()
        cf.wait(futures)
        raise
    return [outcome for chunk in results for outcome in chunk]


def _failed(task: Task, errors: list[str]) -> Outcome:
    return Outcome(task.source, task.output, "failed", errors=tuple(errors))


__all__ = [
    "Outcome",
    "Plan",
    "Report",
    "Skip",
    "Task",
    "convert_many",
    "convert_one",
    "default_jobs",
    "plan",
    "process_pool",
    "run",
]
