"""``--reflow``: style-guide captions from any timed text (convert/reflow.py).

The golden files ``samples/bbc-putin-peacekeepers.reflow.{srt,vtt}`` were read cue by cue
by a person against the rules in docs/reflow.md: no line over 42 characters, at most two
lines, cues cut at sentence ends, then commas, then before conjunctions and prepositions;
the sample's whisper fragments ("that belongs to us.", "his full-scale invasion.", "to
Ukraine?") joined to their sentences. Their times are checked below against a naive
rebuild (a cut inside a bullet falls at the bullet's start plus its duration times the
characters before the cut over the bullet's characters).
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convert
from convert import api
from convert.check import check_text, readability_problems, timing_problems
from convert.config import Settings, Thresholds
from convert.markup import keep_tags
from convert.model import Cue, Document, Word
from convert.reflow import reflow

from .conftest import SAMPLES, SEED

GOLDEN = {fmt: SAMPLES / f"bbc-putin-peacekeepers.reflow.{fmt}" for fmt in ("srt", "vtt")}
STRICT = Settings(strict=True)


def reflowed(source: Path, target: str, **options: object) -> tuple[str, list[convert.Problem]]:
    doc = api.read(source)
    problems = api.prepare(doc, target, api.Options(reflow=True, **options))  # type: ignore[arg-type]
    return api.dumps(doc, target), problems


def words_of(text: str) -> list[str]:
    """The words a viewer reads: markup removed, split at spaces and line breaks."""
    return keep_tags(text, frozenset())[0].split()


def bullets(path: Path) -> list[tuple[str, int]]:
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"^\*  (.*) \[\[[\d:]+\]\(.*&t=([\d.]+)s\)\]$", text, re.M)
    return [(body, round(Fraction(t) * 1000)) for body, t in found]


# ---------------------------------------------------------------------------- the sample


@pytest.mark.parametrize("target", ["srt", "vtt"])
def test_sample_golden(target: str) -> None:
    text, problems = reflowed(SEED, target)
    assert text == GOLDEN[target].read_text(encoding="utf-8")
    assert problems == []  # nothing over the reading speed, nothing dropped


@pytest.mark.parametrize("target", ["srt", "vtt"])
def test_check_strict_accepts_what_reflow_writes_for_the_sample(target: str) -> None:
    text, _ = reflowed(SEED, target)
    assert check_text(text, target, settings=STRICT) == []
    # ... while the plain conversion has long lines (W104) that strict check refuses
    doc = api.read(SEED)
    api.prepare(doc, target)
    codes = {f.code for f in check_text(api.dumps(doc, target), target, settings=STRICT)}
    assert "W104" in codes


def test_sample_keeps_every_word_in_order() -> None:
    source = [word for body, _ in bullets(SEED) for word in body.split()]
    doc = api.read(GOLDEN["srt"])
    assert [w for cue in doc.cues for w in words_of(cue.text)] == source
    assert len(source) == 360  # wc -w over the bullets


def test_sample_cuts_fall_where_a_naive_rebuild_puts_them() -> None:
    """Cue 1 ends inside bullet 1 before "and"; cue 5 inside bullet 5 before "any"."""
    found = bullets(SEED)
    doc = api.read(GOLDEN["srt"])

    def cut(index: int, before: str) -> int:
        body, start = found[index]
        end = found[index + 1][1]
        offset = body.index(f" {before} ") + 1
        return start + (end - start) * offset // len(body)

    assert doc.cues[0].end_ms == cut(0, "and") == 3259
    assert doc.cues[4].end_ms == cut(4, "any")
    assert doc.cues[1].end_ms == found[2][1]  # "that belongs to us." ends with its bullet
    assert doc.cues[-1].end_ms == 169_000  # the header's Length ends the last cue
    # the whisper fragments are joined to their sentences
    texts = [cue.text.replace("\n", " ") for cue in doc.cues]
    assert "and give away anything that belongs to us." in texts
    assert any(t.endswith("killed following his full-scale invasion.") for t in texts)
    assert not any(t.startswith(("that belongs", "his full-scale", "to Ukraine?")) for t in texts)


def test_reflow_is_exported_and_leaves_its_input_alone() -> None:
    doc = api.read(SAMPLES / "bbc-putin-peacekeepers.srt")
    before = [(c.start_ms, c.end_ms, c.text) for c in doc.cues]
    result = convert.reflow(doc, Thresholds())
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == before
    assert result is not doc and len(result.cues) == 41
    assert convert.reflow is reflow or callable(convert.reflow)


@pytest.mark.parametrize(
    ("limits", "named"),
    [
        (Thresholds(max_lines=0), "max_lines must be 1 or more, not 0"),
        (Thresholds(max_line_length=-1), "max_line_length must be 1 or more, not -1"),
        (Thresholds(max_cps=Fraction(0)), "max_cps must be above 0, not 0"),
        (Thresholds(max_duration=Fraction(0)), "max_duration must be above 0, not 0"),
    ],
)
def test_limits_no_caption_can_meet_are_refused_at_the_call(limits: Thresholds, named: str) -> None:
    doc = api.read(SAMPLES / "bbc-putin-peacekeepers.srt")
    with pytest.raises(ValueError, match=re.escape(named)):
        convert.reflow(doc, limits)


# ---------------------------------------------------------------------------- the rules


def cue(start: float, end: float, text: str, **fields: object) -> Cue:
    return Cue(round(start * 1000), round(end * 1000), text, **fields)  # type: ignore[arg-type]


def test_italics_cut_across_cues_are_closed_and_reopened() -> None:
    text = (
        "<i>He said that the peacekeepers would stay in the country for as long as "
        "they were needed, and not one day longer.</i> Then he left."
    )
    doc = Document([cue(0, 9, text)])
    out = reflow(doc)
    assert len(out.cues) >= 2
    assert visible_words(out) == visible_words(doc)  # the same words in italics as before
    for piece in out.cues:  # each cue opens what it shows in italics and closes it
        first_italic = visible_words(Document([piece]))[0][1]
        assert piece.text.startswith("<i>") == first_italic
        assert piece.text.count("<i>") == piece.text.count("</i>")
    assert out.cues[0].text.endswith("</i>") and out.cues[1].text.startswith("<i>")


def test_webvtt_voice_is_reopened_in_every_piece() -> None:
    text = (
        "<v Anna>We will not retreat from Ukraine and we will not give away anything "
        "that belongs to us"
    )
    out = reflow(Document([cue(0, 8, text)]))
    assert len(out.cues) == 2
    assert all(c.text.startswith("<v Anna>") and c.text.endswith("</v>") for c in out.cues)


def test_speakers_never_share_a_cue_and_keep_their_name() -> None:
    doc = Document(
        [
            cue(0, 2, "Are you ready?", speaker="Chenyu"),
            cue(2, 3, "Yes.", speaker="Geohot"),
            cue(
                3,
                12,
                "So I have been sick all week but I think I can still do the review "
                "of the scheduler today if we keep it short",
                speaker="Geohot",
            ),
        ]
    )
    out = reflow(doc)
    assert out.cues[0].text == "Are you ready?" and out.cues[0].speaker == "Chenyu"
    assert all(c.speaker == "Geohot" for c in out.cues[1:])
    assert out.cues[1].text.startswith("Yes.")


def test_word_times_are_used_instead_of_interpolation() -> None:
    """A recognizer's one-cue-per-word output: cues are cut where the words say."""
    spoken = "Hello everyone. Today we talk about captions that people can actually read."
    words, clock = [], 0
    for word in spoken.split():
        words.append(Cue(clock, clock + 300, word, words=[Word(word, clock, clock + 300)]))
        clock += 300 if not word.endswith(".") else 1200  # a pause after each sentence
    out = reflow(Document(words))
    assert [c.text for c in out.cues] == [
        "Hello everyone.",
        "Today we talk about captions\nthat people can actually read.",
    ]
    assert out.cues[1].start_ms == 1500  # "Today" starts after the 900 ms pause
    assert out.cues[1].words is not None and out.cues[1].words[0] == Word("Today", 1500, 1800)


def test_german_uses_its_own_break_words() -> None:
    text = (
        "Der Präsident hat gesagt, dass Russland sich nicht aus der Ukraine zurückziehen "
        "wird und nichts hergeben wird, was ihm gehört."
    )
    out = reflow(Document([cue(0, 8, text)]))
    lines = [line for c in out.cues for line in c.text.split("\n")]
    assert all(len(line) <= 42 for line in lines)
    assert not any(line.endswith((" der", " die", " aus", " dem")) for line in lines)
    assert out.cues[0].text.split("\n")[0] == "Der Präsident hat gesagt,"


def test_text_without_spaces_is_cut_at_punctuation() -> None:
    comma = "\uff0c"  # the full-width comma of Chinese text
    text = (
        f"今天我们讨论字幕的问题{comma}这是一个很重要的话题。大家都希望字幕容易阅读{comma}"
        "并且和声音同步。最后我们来总结一下今天的内容。"
    )
    out = reflow(Document([cue(0, 12, text)]), Thresholds(max_line_length=16))
    assert "".join(c.text.replace("\n", "") for c in out.cues) == text
    assert all(len(line) <= 16 for c in out.cues for line in c.text.split("\n"))
    assert out.cues[0].text.split("\n")[0] == f"今天我们讨论字幕的问题{comma}"


def test_short_bits_without_silence_merge_with_a_neighbour() -> None:
    doc = Document([cue(0, 0.4, "Yes."), cue(0.4, 0.8, "No."), cue(0.8, 3, "Maybe later then.")])
    out = reflow(doc)
    assert all(c.end_ms - c.start_ms >= 834 for c in out.cues)
    assert [w for c in out.cues for w in c.text.split()] == [
        "Yes.",
        "No.",
        "Maybe",
        "later",
        "then.",
    ]


def test_silence_is_used_for_min_duration_and_gaps_chain_or_keep_two_frames() -> None:
    doc = Document(
        [cue(1, 1.3, "Stop!"), cue(5, 8, "Everyone stay where you are."), cue(8.05, 10, "Now.")]
    )
    out = reflow(doc)
    assert (out.cues[0].start_ms, out.cues[0].end_ms) == (1000, 1834)
    # 50 ms between the last two is under two frames at 24 fps: the cues are chained
    assert out.cues[1].end_ms == out.cues[2].start_ms == 8050


def test_reading_speed_note_once_per_file() -> None:
    fast = "This sentence is spoken far too quickly for anybody to read it comfortably at all"
    doc = Document([cue(0, 2, fast), cue(2, 4, fast)])
    out = reflow(doc)
    over = sum(1 for c in out.cues if len(c.text.replace("\n", "")) * 50 > c.end_ms - c.start_ms)  # type: ignore[operator]
    notes = [p for p in out.problems if p.code == "W103"]
    assert over >= 1 and len(notes) == 1
    assert notes[0].message.startswith(f"reflow: {over} of {len(out.cues)} cues still read faster")
    assert [w for c in out.cues for w in c.text.split()] == (fast + " " + fast).split()


def test_a_cue_without_an_end_is_said_at_a_slow_pace_at_most() -> None:
    """A transcript's bullet or turn runs until the next one starts; a short sentence in a
    long turn is one cue near its start, not words crawling over the whole turn."""
    doc = Document([Cue(0, None, "Thanks everyone, see you next week."), Cue(70_000, None, "Bye.")])
    out = reflow(doc)
    # 35 characters at 8 a second or faster: said by 4.375 s; shown that long, since it
    # reads in less
    assert [(c.start_ms, c.end_ms, c.text) for c in out.cues[:1]] == [
        (0, 4375, "Thanks everyone, see you next week.")
    ]
    assert out.cues[1].start_ms == 70_000 and out.cues[1].text == "Bye."


MEETING = """# Weekly

### Transcript
##### **Ann** [[00:00:00](#t=0)]
Let's get started. I think everyone is here, so let's start.

##### **Bob** [[00:01:10](#t=70)]
Thanks everyone, see you next week.
"""


def test_slow_turns_make_whole_sentences_and_max_duration_changes_nothing(
    tmp_path: Path,
) -> None:
    source = tmp_path / "meeting.md"
    source.write_text(MEETING, encoding="utf-8")
    outputs = []
    for extra in ([], ["--max-duration", "7"]):
        target = tmp_path / f"out{len(outputs)}.srt"
        api.convert(
            source,
            target,
            options=api.Options(
                reflow=True, max_duration_ms=7000 if extra else None, last_duration_ms=3000
            ),
        )
        outputs.append(target.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    cues = api.read(tmp_path / "out0.srt").cues
    assert [c.text for c in cues] == [
        "Let's get started.",
        "I think everyone is here,\nso let's start.",
        "Thanks everyone, see you next week.",
    ]
    assert cues[1].end_ms == 60 * 1000 // 8  # the turn's 60 characters at 8 a second
    assert cues[2].start_ms == 70_000
    assert check_text(outputs[0], "srt", settings=STRICT) == []


def test_tighter_thresholds_are_met() -> None:
    limits = Thresholds(max_line_length=32, max_lines=1, max_duration=Fraction(4))
    doc = api.read(SEED)
    api.prepare(doc, "srt")
    out = reflow(doc, limits)
    assert all(len(c.text) <= 32 and "\n" not in c.text for c in out.cues)
    assert all(c.end_ms - c.start_ms <= 4000 for c in out.cues)  # type: ignore[operator]


# ---------------------------------------------------------------------------- properties

VOCABULARY = (  # noqa: SIM905 (a sentence reads better than 35 quoted words)
    "the a of to and in that is it for on with as was he we they but or so Russia "
    "president peacekeepers deployment, Ukraine. war! why? said, however; minister "
    "extraordinarily-long-hyphenated-wordings U.S. Mr. 'quoted' (aside)"
).split()

cue_text = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=30).map(" ".join)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """Timed cues in order with chained or spaced starts, long enough to read at 16 cps
    (so every limit but reading speed can be met), some in italics, some by speakers."""
    cues: list[Cue] = []
    clock = draw(st.integers(0, 5000))
    for index in range(draw(st.integers(1, 12))):
        text = draw(cue_text)
        duration = max(1000, 62 * len(text)) + draw(st.integers(0, 6000))
        if draw(st.booleans()) and " " in text:
            head, tail = text.split(" ", 1)
            text = f"<i>{head}</i> {tail}" if draw(st.booleans()) else f"{head} <i>{tail}</i>"
        speaker = draw(st.sampled_from([None, None, "Ann", "Bob"]))
        cues.append(Cue(clock, clock + duration, text, line=index + 1, speaker=speaker))
        clock += duration + draw(st.sampled_from([0, 0, 30, 200, 2500]))
    return Document(cues)


def visible_words(doc: Document) -> list[tuple[str, bool, str | None]]:
    """Each word as shown, whether it is in italics, and its speaker."""
    out = []
    for c in doc.cues:
        italic = False
        for part in re.split(r"(</?i>|\s+)", c.text):
            if part == "<i>":
                italic = True
            elif part == "</i>":
                italic = False
            elif part and not part.isspace():
                out.append((part, italic, c.speaker))
    return out


def limit_problems(doc: Document) -> list[str]:
    """What check would say about the cues, reading speed aside."""
    problems = [*timing_problems(doc, "srt"), *readability_problems(doc, STRICT)]
    return [f"{p.code} {p.message}" for p in problems if p.code != "W103"]


@given(documents())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_reflow_keeps_words_meets_limits_and_is_stable(doc: Document) -> None:
    out = reflow(doc)
    assert visible_words(out) == visible_words(doc)
    assert limit_problems(out) == []
    for before, after in zip(out.cues, out.cues[1:], strict=False):
        assert before.start_ms < after.start_ms and before.end_ms <= after.start_ms  # type: ignore[operator]
    over = sum(
        1
        for c in out.cues
        if len(keep_tags(c.text, frozenset())[0].replace("\n", "")) * 1000
        > 20 * (c.end_ms - c.start_ms)  # type: ignore[operator]
    )
    notes = [p for p in out.problems if p.code == "W103"]
    assert len(notes) == (1 if over else 0)
    again = reflow(out)
    assert visible_words(again) == visible_words(doc)
    assert limit_problems(again) == []


@given(documents())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_check_strict_accepts_reflowed_srt_and_vtt(doc: Document) -> None:
    out = reflow(doc)
    for target in ("srt", "vtt"):
        text = api.dumps(out, target)
        findings = check_text(text, target, settings=STRICT)
        assert [f.format() for f in findings if f.code != "W103"] == []


# ---------------------------------------------------------------------------- configuration


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project that reflows by default, to 32-character lines."""
    (tmp_path / "pyproject.toml").write_text(
        "[tool.subconv]\nreflow = true\nmax-line-length = 32\n", encoding="utf-8"
    )
    (tmp_path / "talk.md").write_bytes(SEED.read_bytes())
    return tmp_path


def longest_line(path: Path) -> int:
    """The longest line of cue text in a caption file."""
    return max(len(line) for c in api.read(path).cues for line in c.text.split("\n"))


def test_reflow_true_in_the_project_makes_convert_reflow_to_its_limits(project: Path) -> None:
    from convert.check import Request, check_paths

    api.convert(project / "talk.md", to_fmt="srt")
    assert longest_line(project / "talk.srt") <= 32
    report = check_paths([str(project / "talk.srt")], Request(strict=True))
    assert [f.format() for f in report.findings if f.code != "W103"] == []
    api.convert(project / "talk.md", project / "plain.srt", options=api.Options(reflow=False))
    assert longest_line(project / "plain.srt") > 80  # --no-reflow wins over the project


def test_reflow_true_applies_to_batch_and_sync(project: Path) -> None:
    from convert import batch
    from convert.sync import sync_path

    report = batch.run(batch.plan([project], "vtt"), jobs=1)
    assert report.exit_status == 0 and longest_line(project / "talk.vtt") <= 32
    (project / "talk.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nstale\n\n")
    results = {Path(r.caption).name: r for r in sync_path(project / "talk.md")}  # type: ignore[union-attr]
    assert results["talk.srt"].changed and not results["talk.vtt"].changed  # type: ignore[union-attr]
    assert longest_line(project / "talk.srt") <= 32


def test_reflow_setting_must_be_true_or_false(tmp_path: Path) -> None:
    from convert.config import load
    from convert.errors import UsageError

    (tmp_path / "pyproject.toml").write_text('[tool.subconv]\nreflow = "yes"\n')
    with pytest.raises(UsageError, match="reflow must be true or false"):
        load(tmp_path / "pyproject.toml")


def test_max_duration_option_lowers_the_reflow_limit() -> None:
    doc = api.read(SEED)
    api.prepare(doc, "srt", api.Options(reflow=True, max_duration_ms=4000))
    assert max(c.end_ms - c.start_ms for c in doc.cues) <= 4000  # type: ignore[operator]


# ---------------------------------------------------------------------------- command line


def run_cli(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from convert.cli import app

    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_to_srt_reflow_writes_what_check_strict_accepts(tmp_path: Path) -> None:
    talk = tmp_path / "talk.md"
    talk.write_bytes(SEED.read_bytes())
    status, _, err = run_cli("to-srt", str(talk), "--reflow")
    assert status == 0 and err == f"{talk} -> {tmp_path / 'talk.srt'} (41 cues)\n"
    assert (tmp_path / "talk.srt").read_text(encoding="utf-8") == GOLDEN["srt"].read_text(
        encoding="utf-8"
    )
    status, out, _ = run_cli("check", "--strict", str(tmp_path / "talk.srt"))
    assert status == 0 and out == "All checks passed (1 file checked).\n"
    status, _, _ = run_cli("to-srt", str(talk), "-o", str(tmp_path / "plain.srt"))
    assert status == 0
    status, out, _ = run_cli("check", "--strict", "--select", "W104", str(tmp_path / "plain.srt"))
    assert status == 1 and "W104" in out  # without --reflow the bullets stay long lines


def test_no_reflow_overrides_the_project(project: Path) -> None:
    status, _, _ = run_cli("to-vtt", str(project / "talk.md"), "--no-reflow")
    assert status == 0 and longest_line(project / "talk.vtt") > 80
    status, _, _ = run_cli("to-vtt", str(project / "talk.md"))
    assert status == 0 and longest_line(project / "talk.vtt") <= 32


def test_reflow_from_standard_input_and_in_convert(tmp_path: Path) -> None:
    status, out, _ = run_cli("to-srt", "-", "--reflow", stdin=SEED.read_text(encoding="utf-8"))
    assert status == 0 and out == GOLDEN["srt"].read_text(encoding="utf-8")
    status, _, _ = run_cli(
        "convert", str(SAMPLES / "bbc-putin-peacekeepers.srt"), str(tmp_path / "o.vtt"), "--reflow"
    )
    assert status == 0 and longest_line(tmp_path / "o.vtt") <= 42


def test_batch_and_sync_take_reflow(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_bytes(SEED.read_bytes())
    status, _, _ = run_cli("batch", str(tmp_path), "--to", "srt", "--reflow")
    assert status == 0
    assert (tmp_path / "talk.srt").read_bytes() == GOLDEN["srt"].read_bytes()
    status, _, err = run_cli("sync", str(tmp_path / "talk.md"))
    assert status == 1 and "talk.srt: regenerated" in err  # plain sync: the bullets again
    status, _, err = run_cli("sync", str(tmp_path / "talk.md"), "--reflow")
    assert status == 1 and (tmp_path / "talk.srt").read_bytes() == GOLDEN["srt"].read_bytes()
    status, _, err = run_cli("sync", str(tmp_path / "talk.md"), "--reflow")
    assert (status, err) == (0, "")  # up to date: the hook passes


def test_a_long_document_is_cut_as_its_parts_are() -> None:
    """Costs add up along a whole file: the sample thirty times over (each copy after a
    pause) is cut thirty times the way the sample alone is."""
    doc = api.read(SEED)
    api.prepare(doc, "srt")
    alone = [c.text for c in reflow(doc).cues]
    period = 172_000  # the sample's 169 s and a 3 s pause
    cues = [
        Cue(c.start_ms + n * period, c.end_ms + n * period, c.text)  # type: ignore[operator]
        for n in range(30)
        for c in doc.cues
    ]
    assert [c.text for c in reflow(Document(cues)).cues] == alone * 30


def test_a_webvtt_note_stays_before_the_words_it_preceded(tmp_path: Path) -> None:
    source = tmp_path / "notes.vtt"
    source.write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nWe will not retreat from Ukraine and we will\n\n"
        "NOTE about the next cue\n\n00:00:03.000 --> 00:00:06.000\n"
        "not give away anything that belongs to us. Nothing at all, he said.\n",
        encoding="utf-8",
    )
    text, _ = reflowed(source, "vtt")
    before, after = text.split("NOTE about the next cue\n\n")
    # the words after the note now start inside the first cue: the note moves before it
    assert "not give" in after.split("\n\n")[0] and "-->" not in before


def test_srt_speaker_prefixes_count_against_the_line_limit(tmp_path: Path) -> None:
    # SRT writes "Name: " before a speaker's text, and check reads it back as the speaker,
    # so check --strict passed while viewers saw "SPEAKER_03: The graph bounty --> is it
    # still open?" (50 characters). Reflow now leaves room for the longest prefix.
    out = tmp_path / "notes.srt"
    api.convert(SAMPLES / "meeting-notes.md", out, options=api.Options(reflow=True))
    blocks = out.read_text(encoding="utf-8").strip("\n").split("\n\n")
    text_lines = [line for block in blocks for line in block.split("\n")[2:]]
    assert sum(line.startswith("SPEAKER_03: ") for line in text_lines) >= 1
    assert [line for line in text_lines if len(line) > 42] == []
    # without prefixes (WebVTT voices are markup, not shown as text) lines may use all 42
    vtt = tmp_path / "notes.vtt"
    api.convert(SAMPLES / "meeting-notes.md", vtt, options=api.Options(reflow=True))
    assert "<v SPEAKER_03>" in vtt.read_text(encoding="utf-8")


def test_the_source_line_break_is_a_good_place_to_break_again() -> None:
    # Without the line break the balance wins ("éramos amas / de casa" splits the phrase
    # "amas de casa"); the subtitler's own break is taken as a clause break.
    text = "las mujeres solo éramos amas de casa, madres, esposas..."
    broken = text.replace("éramos ", "éramos\n")
    assert reflow(Document([cue(0, 4, f"<i>{text}</i>")])).cues[0].text == (
        "<i>las mujeres solo éramos amas\nde casa, madres, esposas...</i>"
    )
    assert reflow(Document([cue(0, 4, f"<i>{broken}</i>")])).cues[0].text == (f"<i>{broken}</i>")


def test_dialogue_dashes_keep_each_speaker_apart() -> None:
    doc = Document(
        [
            cue(1, 4, "- Are you coming?\n- No."),
            cue(5, 8, "<i>a las normas de una sociedad machista\ny retrógrada.</i>\n- Déjala."),
        ]
    )
    out = reflow(doc)
    assert [c.text for c in out.cues] == [
        "- Are you coming?",
        "- No.",
        "<i>a las normas de una sociedad machista\ny retrógrada.</i>",
        "- Déjala.",
    ]
    assert all(a.end_ms <= b.start_ms for a, b in zip(out.cues, out.cues[1:], strict=False))  # type: ignore[operator]


def test_a_placed_cue_places_every_piece_and_is_not_merged() -> None:
    placed = (
        "{\\an8}Positioned at the top of the screen, this caption goes on and on\n"
        "until it has to be cut into two cues somewhere."
    )
    out = reflow(Document([cue(1, 6, placed), cue(6, 8, "And this one is at the bottom.")]))
    assert [c.text.startswith("{\\an8}") for c in out.cues] == [True, True, False]
    assert out.cues[-1].text == "And this one is at the bottom."
    shown = " ".join(c.text.replace("{\\an8}", "") for c in out.cues).split()
    assert shown == (placed.replace("{\\an8}", "") + " And this one is at the bottom.").split()


def test_german_abbreviations_with_a_space_end_no_sentence() -> None:
    # "z. B." before a capitalised noun: neither full stop ends the sentence, so "z." and
    # "B." are no place for a cue to end (they were taken for sentence ends)
    text = "Wir brauchen z. B. Menschen, die helfen wollen, und dazu mehr Geld für die Schulen."
    cues = reflow(Document([cue(0, 6, text)]), language="de").cues
    assert not any(c.text.endswith(("z.", "B.")) for c in cues)
    assert " ".join(c.text.replace("\n", " ") for c in cues) == text


def test_word_times_tiled_otherwise_than_the_text_are_kept() -> None:
    """A recognizer's "okay" + "-ish." is one word of the text, and Japanese has no
    spaces at all: the words' times used to be dropped (and cues placed by characters)."""
    english = Cue(
        0,
        2000,
        "Hmm, okay-ish.",
        words=[Word("Hmm,", 0, 500), Word("okay", 800, 1200), Word("-ish.", 1200, 1600)],
    )
    (out,) = reflow(Document([english])).cues
    assert out.words == [Word("Hmm,", 0, 500), Word("okay-ish.", 800, 1600)]
    japanese = Cue(
        0, 6000, "今日は晴れです。", words=[Word("今日は", 0, 600), Word("晴れです。", 3000, 3600)]
    )
    (ja,) = reflow(Document([japanese])).cues
    assert (ja.start_ms, ja.words) == (0, [Word("今日は晴れです。", 0, 3600)])


@pytest.mark.parametrize(
    "name",
    ["reflow/fast.srt", "recognizers/openai-whisper.json", "recognizers/youtube-auto.en.vtt"],
)
def test_the_reading_speed_note_counts_what_check_finds(name: str) -> None:
    """One source of truth: reflow's W103 count is check's on the written captions (a
    two-line cue's line break was counted as a character, so reflow said more)."""
    doc = api.read(SAMPLES / name)
    notes = [
        p.message for p in api.prepare(doc, "vtt", api.Options(reflow=True)) if p.code == "W103"
    ]
    said = int(notes[0].split()[1]) if notes else 0
    found = [
        f for f in check_text(api.dumps(doc, "vtt"), "vtt", settings=STRICT) if f.code == "W103"
    ]
    assert said == len(found)


def test_a_line_break_is_no_character_to_the_reading_speed_note() -> None:
    # 61 characters shown for 3.05 s is 20 a second, not over: check says nothing, and
    # reflow, counting the space its line break replaced, used to say one cue was over
    text = "Everyone at the table agreed the plan was good enough for now."
    out = reflow(Document([cue(0, 3.05, text), cue(3.05, 6.05, "Then we all went home.")]))
    assert out.cues[0].text == "Everyone at the table agreed\nthe plan was good enough for now."
    assert [p for p in out.problems if p.code == "W103"] == []


def test_a_word_ending_after_the_next_starts_does_not_stretch_later_cues() -> None:
    """A recognizer's 'Well,' said to last 9.5 s made every later cue in reach look longer
    than max-duration, so the text fell into fragments."""
    text = "I think that we should go to the shop before it closes and buy some bread."
    words = [Word("Well,", 0, 9500)] + [
        Word(w, 300 * (k + 1), 300 * (k + 2)) for k, w in enumerate(text.split())
    ]
    out = reflow(Document([Cue(0, 10000, "Well, " + text, words=words)]))
    assert len(out.cues) == 2
    assert out.cues[0].text.startswith("Well, I think that we should go")
