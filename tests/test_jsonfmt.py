"""The JSON form of the model: exact round trips and typed errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convert import api
from convert.formats import jsonfmt
from convert.model import Cue, Document, Metadata


def test_shape_is_documented_keys() -> None:
    doc = Document([Cue(0, 1500, "a & <b>", id="x")], Metadata(title="T"))
    data = json.loads(jsonfmt.write(doc))
    assert data["metadata"]["title"] == "T"
    assert data["cues"] == [
        {"id": "x", "start_ms": 0, "end_ms": 1500, "text": "a & <b>", "line": 0}
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"cues": [{"start_ms": 1.5, "text": "a"}]}', "cue 1: 'start_ms' must be int"),
        ('{"cues": [{"start_ms": 1}]}', "cue 1: missing 'text'"),
        ('{"cues": [{"start_ms": -1, "text": ""}]}', "cue 1: times must not be negative"),
        ('{"cues": 3}', "expected an object with a 'cues' list"),
        ('{"cues": [\n}', "invalid JSON"),
    ],
)
def test_bad_json_is_a_parse_error(text: str, message: str) -> None:
    with pytest.raises(api.ParseError) as info:
        api.parse(text, "json", name="x.json")
    assert message in str(info.value)


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 720_000_000),
            st.none() | st.integers(0, 720_000_000),
            _text,
            st.none() | _text,
        ),
        max_size=10,
    ),
    st.none() | _text,
    st.none() | _text,
)
def test_round_trip_property(
    rows: list[tuple[int, int | None, str, str | None]], title: str | None, header: str | None
) -> None:
    doc = Document(
        [Cue(s, e, t, id=i) for s, e, t, i in rows], Metadata(title=title, header=header)
    )
    assert jsonfmt.read(jsonfmt.write(doc)) == doc
