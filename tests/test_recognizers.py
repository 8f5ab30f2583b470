"""Recognizer JSON (openai-whisper, faster-whisper, WhisperX, whisper.cpp, transformers).

The inputs in samples/recognizers were written by hand from each tool's documented
output shape, with the quirks found in real files; every expected time below was worked
out from the JSON by hand (seconds x 1000, rounded half up once).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convert import api
from convert.errors import ParseError, SubconvError
from convert.formats import recognizer
from convert.grouping import group_words
from convert.model import Word

from .conftest import SAMPLES

DATA = SAMPLES / "recognizers"


def cues_of(name: str) -> list[tuple[int, int | None, str]]:
    doc = api.read(DATA / name)
    assert doc.source_format == "whisper"
    return [(c.start_ms, c.end_ms, c.text) for c in doc.cues]


def test_openai_whisper_one_cue_per_segment_text_stripped_float_noise_rounded_once() -> None:
    assert cues_of("openai-whisper.json") == [
        (0, 2500, "Hello there, world."),
        (3000, 6580, "It's 6.58 seconds in."),  # 6.579999999999996 s
        (7001, 8200, "Zero."),  # 7.0005 s: half up
    ]


def test_openai_whisper_words_lose_their_leading_space_and_keep_their_times() -> None:
    doc = api.read(DATA / "openai-whisper.json")
    assert doc.cues[0].words == [
        Word("Hello", 0, 480),
        Word("there,", 480, 1000),  # 0.9999999999999999 s
        Word("world.", 1200, 2500),
    ]
    assert doc.cues[1].words == [
        Word("It's", 3000, 3400),
        Word("6.58", 3400, 4600),  # 4.6000000000000005 s
        Word("seconds", 4600, 5900),
        Word("in.", 5900, 6580),
    ]
    assert doc.cues[2].words == [Word("Zero.", 7001, 8200)]


def test_hosted_run_with_sorted_keys_ids_from_one_and_escaped_german() -> None:
    assert cues_of("hosted-sorted.json") == [
        (0, 3240, "Grüß Gott, schöne Grüße!"),
        (3240, 6080, "Café über „Alles“."),  # 6.080000000000002 s; two leading spaces
    ]
    doc = api.read(DATA / "hosted-sorted.json")
    assert [c.line for c in doc.cues] == [4, 16]  # the line of each segment's '{'
    assert all(c.words is None for c in doc.cues)


def test_faster_whisper_segment_list_with_null_words() -> None:
    doc = api.read(DATA / "faster-whisper.json")
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (0, 1840, "Yes."),
        (2200, 4000, "No words here."),
    ]
    assert doc.cues[0].words == [Word("Yes.", 0, 1840)]
    assert doc.cues[1].words is None


def test_whisperx_untimed_number_speakers_and_word_segments_left_to_segments() -> None:
    doc = api.read(DATA / "whisperx.json")
    assert [(c.start_ms, c.end_ms, c.text, c.speaker) for c in doc.cues] == [
        (31, 2796, "In 1990 we moved.", "SPEAKER_00"),
        (3100, 4000, "Really?", "SPEAKER_01"),
    ]
    assert doc.cues[0].words == [
        Word("In", 31, 200),
        Word("1990", None, None),
        Word("we", 1500, 1700),
        Word("moved.", 1750, 2796),
    ]


def test_whisperx_word_segments_alone_are_grouped_into_cues() -> None:
    doc = api.read(DATA / "whisperx-words.json")
    # A sentence ends at "it."; "2000" has no time and starts where "After" ends; the
    # 1.9 s pause before "later" starts a cue.
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (500, 1300, "So this is it."),
        (1400, 3100, "After 2000 things changed"),
        (5000, 5400, "later"),
    ]
    assert [w.text for c in doc.cues for w in c.words or []] == [
        "So", "this", "is", "it.", "After", "2000", "things", "changed", "later",
    ]  # fmt: skip


def test_whisper_cpp_offsets_in_milliseconds() -> None:
    assert cues_of("whisper-cpp.json") == [
        (0, 7600, "And so my fellow Americans, ask not what your country can do for you,"),
        (7600, 10600, "ask what you can do for your country."),
    ]


def test_whisper_cpp_timestamps_strings_with_a_comma_when_offsets_are_missing() -> None:
    data = json.loads((DATA / "whisper-cpp.json").read_text(encoding="utf-8"))
    for item in data["transcription"]:
        del item["offsets"]
    doc = api.parse(json.dumps(data), "whisper")
    assert [(c.start_ms, c.end_ms) for c in doc.cues] == [(0, 7600), (7600, 10600)]


def test_whisper_cpp_full_tokens_become_words_without_special_tokens() -> None:
    doc = api.read(DATA / "whisper-cpp-full.json")
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [(0, 1620, "Unbelievable, folks.")]
    assert doc.cues[0].words == [Word("Unbelievable,", 0, 900), Word("folks.", 900, 1620)]


def test_transformers_sentence_chunks_with_a_null_last_end() -> None:
    doc = api.read(DATA / "transformers-chunks.json")
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (0, 2400, "The pipeline returns chunks."),
        (2400, None, "The last one has no end."),
    ]
    api.prepare(doc, "srt")
    assert doc.cues[1].end_ms == 2400 + 1600  # 24 characters at 15 a second


def test_transformers_word_chunks_as_a_bare_list_with_a_zero_length_word() -> None:
    doc = api.read(DATA / "transformers-words.json")
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (0, 1100, "Words one by one."),
        (3000, None, "End"),
    ]
    assert doc.cues[0].words == [
        Word("Words", 0, 420),
        Word("one", 420, 600),
        Word("by", 600, 600),
        Word("one.", 600, 1100),
    ]


def test_empty_segments_give_an_empty_document() -> None:
    assert cues_of("empty.json") == []


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in DATA.glob("*.json")),
)
def test_every_flavour_is_sniffed_and_subconv_json_is_not(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert recognizer.sniff(text)
    assert api.resolve_format(None, "talk.json", text).name == "whisper"
    assert api.resolve_format(None, "-", text).name == "whisper"


def test_subconv_json_still_reads_as_subconv_json() -> None:
    own = SAMPLES / "bbc-putin-peacekeepers.json"
    text = own.read_text(encoding="utf-8")
    assert not recognizer.sniff(text)
    assert api.read(own).source_format == "json"


# --- refused, with the line of the JSON and what is wrong -------------------------------


BAD = [
    ('{"segments": 5}', 1, "'segments' must be a list, found 5"),
    (
        '{"segments": [\n {"start": 0.0, "end": 1.0, "text": " a"},\n'
        ' {"end": 2.0, "text": " b"}\n]}',
        3,
        "segment 2 has no 'start' time",
    ),
    (
        '{"segments": [\n {"start": 0.0, "end": 1.0, "text": " a"},\n {"start": null, "end": 2,'
        ' "text": " b"}]}',
        3,
        "segment 2 has no 'start' time",
    ),
    (
        '{"segments": [\n {"start": 5.0, "end": 6.0, "text": " a"},\n'
        ' {"start": 4.0, "end": 7.0, "text": " b"}\n]}',
        3,
        "segment 2 starts at 4 s, before segment 1 (5 s): times go backwards",
    ),
    (
        '{"segments": [{"start": 5.0,\n "end": 4.5, "text": " a"}]}',
        1,
        "segment 1 ends at 4.5 s, before it starts at 5 s",
    ),
    (
        '{"segments": [{"start": 0, "end": 2, "text": " a b", "words": [\n'
        '  {"word": " a", "start": 1.0, "end": 1.5},\n  {"word": " b", "start": 0.5, "end": 2}]}]}',
        3,
        "word 'b' starts at 0.5 s, before the word before it (1 s): times go backwards",
    ),
    ('{"segments": [{"start": "0.0", "end": 1, "text": "a"}]}', 1, "must be a number"),
    ('{"segments": [{"start": -1, "end": 1, "text": "a"}]}', 1, "'start' is negative"),
    ('{"segments": [{"start": 0, "end": 1, "text": 7}]}', 1, "'text' must be a string"),
    (
        '{"transcription": [\n'
        ' {"timestamps": {"from": "00:00:00,000", "to": "0:01"}, "text": "a"}]}',
        2,
        "segment 1: timestamps 'to' must be HH:MM:SS,mmm, found \"0:01\"",
    ),
    ('[{"text": "a", "timestamp": [null, 1.0]}]', 1, "chunk 1 has no start time"),
    ('{"chunks": [{"text": "a", "timestamp": 1.0}]}', 1, "'timestamp' must be [start, end]"),
    ('{"segments": [{"start": NaN, "end": 1, "text": "a"}]}', 1, "NaN is not a number"),
    ('{"segments": [', 1, "invalid JSON"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD)
def test_bad_recognizer_json_is_refused_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        api.parse(text, "whisper", name="talk.json")
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"talk.json:{line}: ")


def test_a_shape_no_recognizer_writes_is_refused_when_forced() -> None:
    with pytest.raises(ParseError, match="not a recognizer's JSON"):
        api.parse('{"results": []}', "whisper")


def test_recognizer_json_is_read_only() -> None:
    doc = api.read(DATA / "whisper-cpp.json")
    with pytest.raises(
        api.UsageError,
        match=r"^whisper can only be read; write one of transcript, srt, vtt, json, ass, ssa, "
        r"ttml, sami, sbv, microdvd, mpl2, tmp, lrc$",
    ):
        api.write(doc, "-", "whisper")


def test_a_bare_list_of_words_is_a_word_level_source() -> None:
    doc = api.parse(
        '[{"word": "Hi", "start": 0.1, "end": 0.3}, {"word": "there.", "start": 0.3, "end": 0.9}]',
        "whisper",
    )
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [(100, 900, "Hi there.")]


def test_chunks_going_backwards_are_refused() -> None:
    text = (
        '{"chunks": [\n{"text": " one two", "timestamp": [29.5, 30.0]},\n'
        '{"text": " three four", "timestamp": [0.0, 1.2]}]}'
    )
    with pytest.raises(ParseError) as caught:
        api.parse(text, "whisper")
    assert caught.value.line == 3
    assert (
        caught.value.message == "chunk 2 starts at 0 s, before chunk 1 (29.5 s): times go backwards"
    )


WORDS = st.lists(
    st.tuples(
        st.text("abc.?!\u4f60\u597d", min_size=1, max_size=5),
        st.integers(0, 3000),
        st.integers(0, 800),
        st.booleans(),
    ),
    min_size=1,
    max_size=40,
)


@given(WORDS)
def test_grouped_words_each_once_in_order_with_monotonic_cues(
    spec: list[tuple[str, int, int, bool]],
) -> None:
    words = []
    now = 0
    for text, gap, length, timed in spec:
        now += gap
        words.append(Word(text, now, now + length) if timed else Word(text, None, None))
        now += length
    cues = group_words(words)
    assert [w for cue in cues for w in cue.words or []] == words
    starts = [cue.start_ms for cue in cues]
    assert starts == sorted(starts)
    for cue in cues:
        assert cue.end_ms is None or cue.start_ms <= cue.end_ms


# --- any JSON: a Document or a ParseError with a line, never another exception ---------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.sampled_from(["00:00:01,000", " word", ""]),
)
KEYS = st.sampled_from(
    ["segments", "words", "word", "text", "start", "end", "timestamp", "chunks",
     "transcription", "offsets", "timestamps", "from", "to", "tokens", "word_segments",
     "speaker", "id"]
)  # fmt: skip
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)


@given(st.dictionaries(KEYS, ANY_JSON, min_size=1, max_size=4) | st.lists(ANY_JSON, max_size=4))
def test_any_json_reads_or_is_refused_with_a_line(data: object) -> None:
    text = json.dumps(data, indent=1)
    try:
        doc = api.parse(text, "whisper")
    except ParseError as exc:
        assert exc.line is not None and 1 <= exc.line <= text.count("\n") + 1
    else:
        for cue in doc.cues:
            assert cue.end_ms is None or cue.start_ms <= cue.end_ms


def _cpp_token(text: bytes, start: int, end: int) -> bytes:
    return b'{"text": "' + text + b'", "offsets": {"from": %d, "to": %d}}' % (start, end)


def test_whisper_cpp_tokens_holding_halves_of_a_character_make_whole_words() -> None:
    """whisper.cpp -ojf writes a character that two tokens share as the raw halves of its
    UTF-8 bytes: the file is not valid UTF-8. It was read as hp_roman8, garbling every
    accent, and the words no longer matched the text, so their times were lost."""
    tokens = b", ".join(
        [
            _cpp_token(b" We", 0, 300),
            _cpp_token(b" caf", 300, 600),
            _cpp_token(b"\xc3", 600, 700),
            _cpp_token(b"\xa9.", 700, 900),
        ]
    )
    data = (
        b'{"transcription": [{"offsets": {"from": 0, "to": 900}, "text": " We caf\xc3\xa9.",\n'
        b'"tokens": [' + tokens + b"]}]}\n"
    )
    doc = api.read(data, "whisper")
    assert [
        (c.text, [(w.text, w.start_ms, w.end_ms) for w in c.words or []]) for c in doc.cues
    ] == [("We café.", [("We", 0, 300), ("café.", 300, 900)])]
    assert doc.problems == []


def test_json_with_bytes_that_make_no_character_is_refused_at_its_line() -> None:
    data = b'{"transcription": [\n{"offsets": {"from": 0, "to": 900}, "text": " caf\xff"}]}\n'
    with pytest.raises(SubconvError) as refused:
        api.read(data, "whisper")
    assert refused.value.line == 2
    assert "not valid UTF-8" in refused.value.message


def test_words_join_with_spaces_only_where_the_language_has_them() -> None:
    from convert.grouping import join_words

    assert join_words(["人口は", "約", "1400", "万人です。"]) == "人口は約1400万人です。"
    assert join_words(["Hello", "世界", "and", "42", "apples."]) == "Hello 世界 and 42 apples."


def test_a_segment_without_text_makes_no_cue() -> None:
    data = json.dumps(
        [
            {"start": 0.0, "end": 2.4, "text": " Hola."},
            {"start": 2.4, "end": 2.4, "text": " "},
            {"start": 2.4, "end": 4.0, "text": " Adiós."},
        ]
    ).encode()
    doc = api.read(data, "whisper")
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (0, 2400, "Hola."),
        (2400, 4000, "Adiós."),
    ]


def test_a_recognizer_file_with_nan_says_so() -> None:
    # it was taken for subconv's own JSON: "expected an object with a 'cues' list"
    with pytest.raises(SubconvError) as refused:
        api.read(b'{"segments":[{"start":NaN,"end":1,"text":"a"}]}')
    assert refused.value.message == "invalid JSON: NaN is not a number JSON allows"


def test_many_small_overlaps_are_said_in_four_lines_not_one_per_segment() -> None:
    segments = [
        {"start": k * 2.0, "end": k * 2.0 + 2.02, "text": f" Segment number {k}."} for k in range(7)
    ]
    doc = api.read(json.dumps(segments).encode(), "whisper")
    warnings = [p.message for p in api.prepare(doc, "srt") if p.code == "E104"]
    assert len(warnings) == 4
    assert warnings[-1] == "3 more cues end after the next starts"


def test_bare_words_say_nothing_of_their_first_grouping() -> None:
    # a word chunk of 0 s was reported as a cue error ("cue ends ... not after its
    # start", at "line 0") though reflow regroups the words
    chunks = {
        "text": " a b c",
        "chunks": [
            {"text": " Hello", "timestamp": [0.0, 0.5]},
            {"text": " there.", "timestamp": [3.0, 3.0]},
        ],
    }
    doc = api.read(json.dumps(chunks).encode(), "whisper")
    assert [p.code for p in api.prepare(doc, "srt")] == ["W007"]  # the word times, for SRT
