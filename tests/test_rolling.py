"""YouTube rolling auto-captions: recognised by shape, unrolled into the words as spoken.

samples/recognizers/youtube-auto.en.vtt is hand-made in the modern yt-dlp shape (a
blank first line, 10 ms cues repeating the finished line, ``>>`` speaker changes,
``[Music]``); the older ``<c.colorE5E5E5>`` shape is the real file from webvtt-py's tests.
Expected outputs were written by hand from the cues.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from convert import api, rolling
from convert.formats import vtt
from convert.model import Word

from .conftest import CORPORA, SAMPLES

DATA = SAMPLES / "recognizers"
OLD_SHAPE = CORPORA / "vtt" / "webvtt-py" / "youtube_dl.vtt"


def convert_text(source: Path, target: str, **options: object) -> tuple[str, list[str]]:
    doc = api.read(source)
    problems = api.prepare(doc, target, api.Options(**options))  # type: ignore[arg-type]
    return api.dumps(doc, target), [p.message for p in problems]


def test_modern_shape_to_srt_is_each_spoken_line_once() -> None:
    text, problems = convert_text(DATA / "youtube-auto.en.vtt", "srt")
    assert text == (DATA / "youtube-auto.en.expected.srt").read_text(encoding="utf-8")
    assert (
        problems[0] == "rolling auto-captions: 8 repeated lines removed (--keep-rolling keeps them)"
    )


def test_modern_shape_to_transcript_gives_the_family_bullets() -> None:
    text, _ = convert_text(
        DATA / "youtube-auto.en.vtt",
        "transcript",
        title="Talk",
        url="https://www.youtube.com/watch?v=ID",
    )
    assert text == (DATA / "youtube-auto.en.expected.md").read_text(encoding="utf-8")
    assert "<br>" not in text


def test_modern_shape_to_vtt_with_word_timestamps() -> None:
    text, problems = convert_text(DATA / "youtube-auto.en.vtt", "vtt", word_timestamps=True)
    assert text == (DATA / "youtube-auto.en.expected.vtt").read_text(encoding="utf-8")
    assert not any("word times" in p for p in problems)


def test_word_times_come_from_the_tags_and_end_where_the_next_word_starts() -> None:
    doc = api.read(DATA / "youtube-auto.en.vtt")
    api.prepare(doc, "json")
    assert doc.cues[1].words == [
        Word("so", 2320, 2560),  # the first word starts with its cue
        Word("today", 2560, 2879),
        Word("we're", 2879, 3120),
        Word("going", 3120, 3280),
        Word("to", 3280, 3600),
        Word("talk", 3600, 4870),  # the last one ends with its cue
    ]
    assert doc.cues[0].words == [Word("[Music]", 0, 2310)]
    # ">>" starts the speaker's cue at its own tag's time.
    assert doc.cues[5].words == [Word(">>", 10000, 10240), Word("okay", 10240, 11000)]


def test_old_shape_with_colour_spans_and_a_style_header() -> None:
    text, problems = convert_text(OLD_SHAPE, "srt")
    # yeah / yeah+what / this...telling (tagged) / this...telling again: three lines spoken.
    assert text == (
        "1\n00:04:46,070 --> 00:04:46,470\nyeah\n\n"
        "2\n00:04:46,470 --> 00:05:04,080\nwhat\n\n"
        "3\n00:05:04,080 --> 00:05:05,069\nthis will happen is I'm telling\n\n"
    )
    assert problems[0].startswith("rolling auto-captions: 2 repeated lines removed")


def test_keep_rolling_keeps_the_file_as_it_was() -> None:
    text, problems = convert_text(DATA / "youtube-auto.en.vtt", "vtt", keep_rolling=True)
    assert text.count("so today we're going to talk") == 2
    assert text.count("align:start position:0%") == 9
    assert not any("rolling" in p for p in problems)


def test_a_track_with_the_same_header_but_no_rolling_shape_is_untouched() -> None:
    source = DATA / "youtube-manual.en.vtt"
    doc = api.read(source)
    assert not rolling.is_rolling(doc)
    text, problems = convert_text(source, "srt")
    assert text.count("about caption files.") == 2
    assert not any("rolling" in p for p in problems)


def test_the_w3c_parser_still_sees_every_rolling_cue() -> None:
    doc = vtt.read((DATA / "youtube-auto.en.vtt").read_text(encoding="utf-8"))
    assert len(doc.cues) == 9
    assert doc.cues[2].text.startswith("[Music]\nso<00:00:02.560><c> today</c>")


def test_a_repeated_line_with_word_tags_is_spoken_again_not_a_repeat() -> None:
    cue_text = [
        ("00:00:01.000 --> 00:00:02.000", " \nno<00:00:01.500><c> no</c>"),
        ("00:00:02.000 --> 00:00:02.010", "no no\n "),
        ("00:00:02.010 --> 00:00:03.000", "no no\nno<00:00:02.500><c> no</c>"),
    ]
    doc = vtt.read(rolling_file(cue_text))
    cues, repeated = rolling.unroll(doc.cues)
    assert [(c.start_ms, c.end_ms, c.text) for c in cues] == [
        (1000, 2000, "no no"),
        (2010, 3000, "no no"),
    ]
    assert repeated == 2


def rolling_file(cues: list[tuple[str, str]]) -> str:
    blocks = [f"{timing} align:start position:0%\n{text}" for timing, text in cues]
    return "WEBVTT\nKind: captions\nLanguage: en\n\n" + "\n\n".join(blocks) + "\n"


def clock(ms: int) -> str:
    return vtt.format_time(ms)


# --- properties: every word once, in order, times monotonic --------------------------

WORD = st.one_of(st.text("abcdefghij'", min_size=1, max_size=6), st.sampled_from(["[Music]", ">>"]))
LINE = st.lists(st.tuples(WORD, st.integers(1, 900)), min_size=1, max_size=8)
LINES = st.lists(LINE, min_size=2, max_size=10).filter(lambda ls: any(len(line) > 1 for line in ls))
"""At least one line of two words or more: a file of one-word lines has no word tags, and
nothing then tells it from a roll-up caption track that is not YouTube's."""


def youtube_shape(lines: list[list[tuple[str, int]]]) -> tuple[str, list[Word]]:
    """A rolling file as YouTube writes it, and the words with the times it says."""
    cues: list[tuple[str, str]] = []
    spoken: list[Word] = []
    now = 0
    previous = " "
    for line in lines:
        start = now
        parts = [line[0][0]]
        times = [start]
        for word, gap in line[1:]:
            now += gap
            parts.append(f"<{clock(now)}><c> {word}</c>")
            times.append(now)
        end = now + line[-1][1]
        spoken.extend(
            Word(w, t, e) for (w, _), t, e in zip(line, times, [*times[1:], end], strict=True)
        )
        cues.append((f"{clock(start)} --> {clock(end)}", f"{previous}\n{''.join(parts)}"))
        finished = " ".join(w for w, _ in line)
        cues.append((f"{clock(end)} --> {clock(end + 10)}", f"{finished}\n "))
        previous = finished
        now = end + 10
    return rolling_file(cues), spoken


@given(LINES)
def test_unrolling_keeps_every_word_once_in_order_with_its_time(
    lines: list[list[tuple[str, int]]],
) -> None:
    text, spoken = youtube_shape(lines)
    doc = vtt.read(text)
    assert rolling.is_rolling(doc)
    cues, _ = rolling.unroll(doc.cues)
    words = [w for cue in cues for w in cue.words or []]
    assert words == spoken
    assert [w for cue in cues for w in cue.text.split()] == [w.text for w in spoken]
    starts = [c.start_ms for c in cues]
    assert starts == sorted(starts)
    for cue in cues:
        assert cue.end_ms is not None and cue.start_ms <= cue.end_ms
        assert cue.words and cue.words[0].start_ms == cue.start_ms
        assert cue.words[-1].end_ms == cue.end_ms
        assert ">>" not in [w.text for w in cue.words[1:]]


def test_old_three_line_shape_with_space_lines_before_timing_lines() -> None:
    # Cues of up to three lines; a line of one space runs straight into the next timing
    # line (the spec's parser starts a new cue there); a one-word line has no tag.
    text, problems = convert_text(DATA / "youtube-old.en.vtt", "srt")
    assert text == (DATA / "youtube-old.en.expected.srt").read_text(encoding="utf-8")
    assert problems[0].startswith("rolling auto-captions: 10 repeated lines removed")
    doc = api.read(DATA / "youtube-old.en.vtt")
    api.prepare(doc, "json")
    assert doc.cues[1].words == [Word("of", 61600, 62000), Word("numbers", 62000, 62500),
                                 Word("and", 62500, 63000)]  # fmt: skip
    assert doc.cues[3].words == [Word("carefully", 64100, 65000)]


def test_a_cue_of_more_lines_than_youtube_shows_is_not_rolling() -> None:
    first = ("00:00:01.000 --> 00:00:02.000", " \nno<00:00:01.500><c> no</c>")
    lines = ["no no", *["more"] * 4]
    five_lines = ("00:00:02.000 --> 00:00:03.000", "\n".join(lines))
    six_lines = ("00:00:02.000 --> 00:00:03.000", "\n".join([*lines, "more"]))
    assert rolling.is_rolling(vtt.read(rolling_file([first, five_lines])))
    assert not rolling.is_rolling(vtt.read(rolling_file([first, six_lines])))


def test_words_written_without_spaces_stay_without_spaces() -> None:
    cues = [
        (
            "00:00:01.000 --> 00:00:03.000",
            " \nこれは<00:00:01.500><c>ペン</c><00:00:02.000><c>です</c>",
        ),
        ("00:00:03.000 --> 00:00:03.010", "これはペンです\n "),
    ]
    cues_out, repeated = rolling.unroll(vtt.read(rolling_file(cues)).cues)
    assert [(c.text, c.words) for c in cues_out] == [
        (
            "これはペンです",
            [Word("これは", 1000, 1500), Word("ペン", 1500, 2000), Word("です", 2000, 3000)],
        )
    ]
    assert repeated == 1


BLEEP = "[&nbsp;__&nbsp;]"
CENSORED = (
    "WEBVTT\nKind: captions\nLanguage: en\n\n"
    "00:00:50.160 --> 00:00:52.900 align:start position:0%\n \n"
    "sting<00:00:51.480><c> and</c><00:00:51.600><c> I'm</c><00:00:51.920><c> getting</c>"
    f"<00:00:52.399><c> {BLEEP}</c>\n\n"
    "00:00:52.900 --> 00:00:52.910 align:start position:0%\n"
    f"sting and I'm getting {BLEEP}\n \n\n"
    "00:00:52.910 --> 00:00:56.900 align:start position:0%\n"
    f"sting and I'm getting {BLEEP}\n"
    "tired<00:00:55.760><c> in</c><00:00:55.960><c> my</c><00:00:56.280><c> eyes</c>\n"
)


def test_youtubes_bleep_keeps_its_no_break_spaces_and_is_one_word() -> None:
    # YouTube writes a censored word as "[&nbsp;__&nbsp;]"; unrolling split it at the
    # no-break spaces into three words (only "[" timed) and wrote plain spaces
    doc = api.parse(CENSORED, "vtt")
    api.prepare(doc, "json")
    first = doc.cues[0]
    assert first.text == "sting and I'm getting [\u00a0__\u00a0]"
    assert first.words is not None
    assert (first.words[-1].text, first.words[-1].start_ms) == ("[\u00a0__\u00a0]", 52399)


def test_rolling_captions_already_converted_to_srt_are_unrolled() -> None:
    """yt-dlp's --convert-subs srt keeps the repeats and the 10 ms cues but no tags or
    settings: each line came out two or three times."""
    lines = ["today we are going to talk", "about caption files and", "how they roll on"]
    blocks = []
    clock = 1000
    previous = ""
    for line in lines:
        shown = f"{previous}\n{line}" if previous else line
        blocks.append((clock, clock + 2000, shown))
        blocks.append((clock + 2000, clock + 2010, f"{line}\n "))
        clock += 2010
        previous = line
    srt = "".join(
        f"{k}\n{format_srt(a)} --> {format_srt(b)}\n{text}\n\n"
        for k, (a, b, text) in enumerate(blocks, 1)
    )
    doc = api.parse(srt, "srt")
    warnings = [p.code for p in api.prepare(doc, "srt")]
    assert [c.text for c in doc.cues] == lines
    assert "W014" in warnings


def format_srt(ms: int) -> str:
    return f"00:00:{ms // 1000:02d},{ms % 1000:03d}"
