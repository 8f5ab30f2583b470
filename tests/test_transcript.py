"""The Markdown transcript adapter: header kept verbatim, t= over label, exact round trips."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from convert import api
from convert.formats import transcript
from convert.markup import contains_markup
from convert.model import Cue, Document, Metadata

from .conftest import SEED

HEADER = (
    "---\nDate Generated: July 11, 2025\nLength: 12s\nVideo Description: first line\n"
    "Key: value looking line that belongs to the description\n\n   \n"
    "Rating: also description\n---\n"
)


def test_seed_reads_every_bullet_with_exact_starts(seed_text: str) -> None:
    doc = transcript.read(seed_text)
    assert len(doc.cues) == 39
    assert doc.metadata.title == (
        "Russia says sending European peacekeepers to Ukraine would be “act of war” | BBC News"
    )
    assert doc.metadata.channel == (
        "**BBC - News at Ten:** [March 06, 2025](https://www.youtube.com/watch?v=V5jD0BADBEw)"
    )
    assert doc.metadata.url == "https://www.youtube.com/watch?v=V5jD0BADBEw"
    assert doc.length_ms == 169_000
    first, second, third = doc.cues[:3]
    assert (first.start_ms, first.line) == (0, 19)
    assert (second.start_ms, second.text) == (4380, "that belongs to us.")
    # 6.0600000000000005s rounds once to 6060 ms; 48.879999999999995s to 48880 ms.
    assert third.start_ms == 6060
    assert doc.cues[12].start_ms == 48_880
    assert doc.cues[-1].start_ms == 166_000
    assert doc.problems == []


def test_seed_writes_back_identical_except_float_noise(seed_text: str) -> None:
    doc = transcript.read(seed_text)
    written = transcript.write(doc)
    expected = seed_text
    for noisy, clean in [
        ("6.0600000000000005s", "6.06s"),
        ("12.120000000000001s", "12.12s"),
        ("48.879999999999995s", "48.88s"),
        ("78.52000000000001s", "78.52s"),
        ("88.80000000000001s", "88.8s"),
        ("98.74000000000001s", "98.74s"),
        ("115.47999999999999s", "115.48s"),
        ("124.75999999999999s", "124.76s"),
        ("158.35999999999999s", "158.36s"),
    ]:
        assert noisy in expected
        expected = expected.replace(noisy, clean)
    assert written == expected


def test_header_kept_verbatim_with_description_lines_that_look_like_keys() -> None:
    text = HEADER + "\n# T\n*  a [[00:01](#t=1s)]\n"
    doc = transcript.read(text)
    assert doc.metadata.header == HEADER[4:-5]
    assert doc.length_ms == 12_000
    assert transcript.write(doc) == text.replace("(#t=1s)", "(#t=1.0s)").replace(
        "[[00:01]", "[[00:00:01]"
    )


def test_description_keys_are_not_header_keys() -> None:
    header = "Video Description: x\nLength: 99s"
    assert transcript.length_from_header(header) is None
    assert transcript.length_from_header("Length: 2:49\nVideo Description: x") == 169_000


@pytest.mark.parametrize(
    ("url", "label", "expected"),
    [
        ("https://youtu.be/x?t=100", "01:40", 100_000),
        ("https://www.youtube.com/watch?v=x&t=1m40s", "01:40", 100_000),
        ("https://www.youtube.com/watch?v=x&t=1h0m1.5s", "1:00:01", 3_601_500),
        ("https://www.youtube.com/watch?v=x&t=0.0005s", "00:00", 1),
        ("https://www.youtube.com/watch?v=x&t=2.0004s", "00:02", 2000),
        ("https://www.youtube.com/watch?v=x", "123:04:05", 443_045_000),
        ("#t=4.38s", "00:00:04", 4380),
    ],
)
def test_start_from_t_or_label(url: str, label: str, expected: int) -> None:
    doc = transcript.read(f"*  text [[{label}]({url})]\n")
    assert doc.cues[0].start_ms == expected


def test_label_and_t_disagreeing_by_a_second_is_reported_and_t_wins() -> None:
    doc = transcript.read("*  a [[00:00:09](https://youtu.be/x?t=4.38s)]\n")
    assert doc.cues[0].start_ms == 4380
    [problem] = doc.problems
    # E105's severity is the registry's (an error for check); a conversion carries on
    # with t= and reports it as a warning (tests/test_rules.py).
    assert (problem.line, problem.code, problem.severity) == (1, "E105", "error")


def test_text_may_hold_brackets_links_and_markup() -> None:
    text = "see [[a](b)] and (c) * | < & --> [x](https://e.org/) ]["
    doc = transcript.read(f"*  {text} [[00:00:01](#t=1.0s)]   \n")
    assert doc.cues[0].text == text


def test_crlf_bom_and_trailing_spaces() -> None:
    doc = api.read(
        b"\xef\xbb\xbf# Title  \r\n*  one [[00:01](#t=1s)]  \r\n*  two [[00:02](#t=2s)]\r\n",
        "transcript",
    )
    assert [c.text for c in doc.cues] == ["one", "two"]
    assert doc.metadata.title == "Title"


def test_url_without_query_gets_question_mark() -> None:
    doc = Document([Cue(1500, None, "x")], Metadata(url="https://youtu.be/abc"))
    assert transcript.write(doc) == "*  x [[00:00:01](https://youtu.be/abc?t=1.5s)]\n"


def test_untimed_transcript_is_marked_and_mixed_is_an_error() -> None:
    doc = transcript.read("---\nLength: 10s\n---\n*  one\n*  two two\n")
    assert doc.untimed and [c.line for c in doc.cues] == [4, 5]
    with pytest.raises(Exception) as info:
        transcript.read("*  one [[00:01](#t=1s)]\n*  two\n")
    assert getattr(info.value, "line", None) == 2


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\nLength: 1s\n*  a [[00:01](#t=1s)]\n", 1),
        ("# T\nrandom prose\n", 2),
        ("*  a [[00:01](#t=1s)]\nnot a bullet\n", 2),
        ("*  a [[00:01](#t=abc)]\n", 1),
        ("*  a [[xx](https://e.org/)]\n", 1),
    ],
)
def test_malformed_transcripts_name_the_line(text: str, line: int) -> None:
    with pytest.raises(api.ParseError) as info:
        api.parse(text, "transcript", name="t.md")
    assert info.value.line == line
    assert str(info.value).startswith(f"t.md:{line}: ")


def test_t_value_formatting_is_shortest_millisecond_form() -> None:
    assert [transcript.format_t_value(ms) for ms in (0, 4380, 6060, 166_000, 1, 10)] == [
        "0.0s",
        "4.38s",
        "6.06s",
        "166.0s",
        "0.001s",
        "0.01s",
    ]
    assert transcript.format_label(360_000_999) == "100:00:00"


def test_sniff_tells_transcripts_from_other_markdown(seed_text: str) -> None:
    assert transcript.sniff(seed_text)
    assert transcript.sniff("*  a [[00:01](#t=1s)]\n")
    assert not transcript.sniff("# README\n\n* a list item\n* [link](x)\n")


_text = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60)
    .map(str.strip)
    .filter(lambda t: "<br" not in t.lower())
)


@given(
    starts=st.lists(st.integers(0, 200 * 3_600_000), min_size=1, max_size=20, unique=True),
    texts=st.lists(_text, min_size=20, max_size=20),
    url=st.sampled_from([None, "https://www.youtube.com/watch?v=abc", "https://youtu.be/x"]),
    title=st.none() | _text.filter(bool),
)
def test_round_trip_property(
    starts: list[int], texts: list[str], url: str | None, title: str | None
) -> None:
    """parse(write(doc)) == doc for any printable text and times up to 200 h."""
    for text in texts:
        assume(not contains_markup(text))
    starts.sort()
    cues = [Cue(start, None, text) for start, text in zip(starts, texts, strict=False)]
    doc = Document(cues, Metadata(title=title, url=url))
    again = transcript.read(transcript.write(doc))
    assert again == doc


def test_seed_file_is_in_samples() -> None:
    assert SEED.read_bytes().startswith(b"---\nDate Generated: July 11, 2025\n")


def test_ends_a_transcript_cannot_keep_are_one_warning() -> None:
    # Found by trying SRT -> transcript -> SRT as a new user: "Hello one." showed for
    # 1-10 s afterwards, without a word. The first cue's end (2 s) is not the next start
    # (10 s), so it is lost; the last one's (11 s) is what reading gives back anyway
    # (10 characters: 1 s of reading time), so it is not.
    from convert import api

    doc = api.parse(
        "1\n00:00:01,000 --> 00:00:02,000\nHello one.\n\n"
        "2\n00:00:10,000 --> 00:00:11,000\nHello two.\n",
        "srt",
    )
    problems = api.prepare(doc, "transcript")
    assert [p.message for p in problems] == [
        "transcript cannot hold: end times of 1 cue not ending where the next cue starts "
        "(transcripts keep starts only) (dropped)"
    ]
    chained = api.parse(
        "1\n00:00:01,000 --> 00:00:10,000\nA.\n\n2\n00:00:10,000 --> 00:00:11,000\nB.\n", "srt"
    )
    assert api.prepare(chained, "transcript") == []
