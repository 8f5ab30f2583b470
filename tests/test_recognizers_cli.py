"""The command line on recognizer JSON and YouTube auto-captions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from convert.cli import app

from .conftest import SAMPLES

DATA = SAMPLES / "recognizers"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def copy(tmp_path: Path, name: str, as_name: str | None = None) -> Path:
    path = tmp_path / (as_name or name)
    shutil.copyfile(DATA / name, path)
    return path


def test_to_srt_on_whisper_json_writes_beside_it(tmp_path: Path) -> None:
    talk = copy(tmp_path, "openai-whisper.json", "talk.json")
    code, out, err = run("to-srt", str(talk))
    assert code == 0 and out == ""
    assert talk.with_suffix(".srt").read_text(encoding="utf-8") == (
        DATA / "openai-whisper.expected.srt"
    ).read_text(encoding="utf-8")
    assert err == (
        f"{talk}: warning: srt cannot hold: word times on 3 cues (dropped)\n"
        f"{talk} -> {talk.with_suffix('.srt')} (3 cues)\n"
    )


def test_to_transcript_with_title_and_url(tmp_path: Path) -> None:
    talk = copy(tmp_path, "whisper-cpp.json", "talk.json")
    code, out, _ = run(
        "to-transcript", str(talk), "-o", "-", "--title", "Talk",
        "--url", "https://www.youtube.com/watch?v=ID",
    )  # fmt: skip
    assert code == 0
    assert out == (
        "# Talk\n"
        "*  And so my fellow Americans, ask not what your country can do for you, "
        "[[00:00:00](https://www.youtube.com/watch?v=ID&t=0.0s)]\n"
        "*  ask what you can do for your country. "
        "[[00:00:07](https://www.youtube.com/watch?v=ID&t=7.6s)]\n"
    )


def test_standard_input_is_sniffed_and_from_whisper_forces_it() -> None:
    text = (DATA / "transformers-chunks.json").read_text(encoding="utf-8")
    expected = (
        "1\n00:00:00,000 --> 00:00:02,400\nThe pipeline returns chunks.\n\n"
        "2\n00:00:02,400 --> 00:00:04,000\nThe last one has no end.\n\n"
    )
    assert run("to-srt", "-", stdin=text)[:2] == (0, expected)
    assert run("to-srt", "-", "--from", "whisper", stdin=text)[:2] == (0, expected)


def test_bad_recognizer_json_exits_2_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"segments": [\n {"start": 1.0, "text": " a"}\n]}\n', encoding="utf-8")
    code, out, err = run("to-srt", str(bad))
    assert (code, out) == (2, "")
    assert err == f"{bad}:2: segment 1 has no 'end' time\n"
    assert not bad.with_suffix(".srt").exists()


def test_whisper_is_not_a_target(tmp_path: Path) -> None:
    talk = copy(tmp_path, "whisper-cpp.json")
    code, _, err = run("convert", str(talk), str(tmp_path / "out.json"), "--to", "whisper")
    assert code == 2
    assert err == (
        "whisper can only be read; write one of transcript, srt, vtt, json, ass, ssa, ttml, "
        "sami, sbv, microdvd, mpl2, tmp, lrc\n"
    )


def test_word_timestamps_option(tmp_path: Path) -> None:
    talk = copy(tmp_path, "openai-whisper.json")
    code, out, err = run("to-vtt", str(talk), "-o", "-", "--word-timestamps")
    assert code == 0 and err == ""
    assert out == (DATA / "openai-whisper.expected.vtt").read_text(encoding="utf-8")


def test_auto_captions_unrolled_and_kept_with_keep_rolling(tmp_path: Path) -> None:
    video = copy(tmp_path, "youtube-auto.en.vtt")
    code, out, err = run("to-srt", str(video), "-o", "-")
    assert code == 0
    assert out == (DATA / "youtube-auto.en.expected.srt").read_text(encoding="utf-8")
    assert err.startswith(
        f"{video}:5: warning: rolling auto-captions: 8 repeated lines removed "
        "(--keep-rolling keeps them)\n"
    )
    code, out, err = run("to-srt", str(video), "-o", "-", "--keep-rolling")
    assert code == 0
    assert out.count("so today we're going to talk") == 3  # as typed out, then repeated twice
    assert "rolling" not in err


def test_batch_unrolls_too(tmp_path: Path) -> None:
    copy(tmp_path, "youtube-auto.en.vtt")
    code, _, _ = run("batch", str(tmp_path), "--to", "srt")
    assert code == 0
    assert (tmp_path / "youtube-auto.en.srt").read_text(encoding="utf-8") == (
        DATA / "youtube-auto.en.expected.srt"
    ).read_text(encoding="utf-8")


def test_word_chunks_are_grouped_by_the_reflow_rules_without_asking() -> None:
    # A sentence end and a 1.9 s silence part the words; "End" has no end time, so it
    # lasts until its cue's inferred end: its reading time, at least 1 s.
    code, out, _ = run("to-srt", str(DATA / "transformers-words.json"), "-o", "-", "--no-reflow")
    assert code == 0
    assert out == (
        "1\n00:00:00,000 --> 00:00:01,100\nWords one by one.\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nEnd\n\n"
    )


def test_reflow_keeps_a_speaker_change_at_the_start_of_a_cue() -> None:
    code, out, _ = run("to-srt", str(DATA / "youtube-auto.en.vtt"), "-o", "-", "--reflow")
    assert code == 0
    texts = [block.split("\n", 2)[2] for block in out.strip("\n").split("\n\n")]
    assert [t for t in texts if ">>" in t] == [">> thank you", ">> thank you", ">> okay"]
    assert " ".join(texts).split() == [
        "[Music]",
        "so",
        "today",
        "we're",
        "going",
        "to",
        "talk",
        "about",
        "caption",
        "files",
        ">>",
        "thank",
        "you",
        ">>",
        "thank",
        "you",
        ">>",
        "okay",
    ]


def test_reflow_places_cues_by_the_recognizer_word_times(tmp_path: Path) -> None:
    # One 12-second segment of 24 words; the words' times are uneven (a fast first half,
    # a slow second half), so cues cut at word boundaries start exactly at word times
    # that interpolation by characters would not give.
    words = []
    now = 0
    for index in range(24):
        length = 200 if index < 12 else 800
        words.append({"word": f" w{index:02d}", "start": now / 1000, "end": (now + length) / 1000})
        now += length
    segment = {"start": 0.0, "end": now / 1000, "text": "".join(w["word"] for w in words)}
    source = tmp_path / "talk.json"
    source.write_text(json.dumps({"segments": [{**segment, "words": words}]}), encoding="utf-8")
    code, out, _ = run("to-json", str(source), "-o", "-", "--reflow")
    assert code == 0
    cues = json.loads(out)["cues"]
    assert len(cues) > 1
    # By characters the 13th word would start at 6 s; it is spoken at 2.4 s.
    starts = {round(w["start"] * 1000) for w in words}
    for cue in cues[1:]:
        assert cue["start_ms"] == cue["words"][0]["start_ms"] in starts
    assert [w["text"] for c in cues for w in c["words"]] == [f"w{i:02d}" for i in range(24)]
