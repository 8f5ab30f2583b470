"""``subconv preview``: the page's content, its escaping, folder mode and the command line.

What the page does in a browser is tested in ``test_preview_browser.py``; here the HTML
itself is read with the standard library's parser, and the expected values are worked
out from the input files by hand.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest

from convert import api, formats
from convert.errors import SubconvError, UsageError
from convert.preview import preview_file, preview_folder

from .conftest import SAMPLES, SEED

INJECTION_SRT = (
    "1\n00:00:01,000 --> 00:00:02,500\nHello <i>there</i>\n\n"
    "2\n00:00:03,000 --> 00:00:03,400\n<script>alert(1)</script> & </script><!--\n\n"
    '3\n00:00:03,300 --> 00:00:06,000\n<img src=x onerror="window.pwned=1">\n'
)
"""Cue 2 is 0.4 s (W101, and 41 characters in 0.4 s: W103) and still showing when cue 3
starts (E104); all three at cue 2's timing line, line 6."""


class Elements(HTMLParser):
    """Every element's tag, attributes and text (its own and its descendants')."""

    VOID = frozenset({"meta", "br", "img", "input", "link", "source", "track", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text: list[str] = []
        self.found.append((tag, {k: v or "" for k, v in attrs}, text))
        if tag not in self.VOID:
            self.open.append(text)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for text in self.open:
            text.append(data)

    def select(self, tag: str, cls: str) -> list[tuple[dict[str, str], str]]:
        return [
            (attrs, "".join(text))
            for name, attrs, text in self.found
            if name == tag and cls in attrs.get("class", "").split()
        ]


def parse(page: Path) -> Elements:
    elements = Elements()
    elements.feed(page.read_text(encoding="utf-8"))
    return elements


def cue_text(elements: Elements) -> list[str]:
    return [text for _attrs, text in elements.select("span", "text")]


def data_block(page: Path) -> dict[str, object]:
    match = re.search(
        r'<script type="application/json" id="subconv-data">(.*?)</script>',
        page.read_text(encoding="utf-8"),
        re.S,
    )
    assert match is not None
    value = json.loads(match.group(1))
    assert isinstance(value, dict)
    return value


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    subconv = str(Path(sys.executable).with_name("subconv"))
    return subprocess.run([subconv, *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def injection(tmp_path: Path) -> Path:
    path = tmp_path / "inj.srt"
    path.write_text(INJECTION_SRT, encoding="utf-8")
    return path


def test_cues_carry_times_lines_and_literal_text(injection: Path) -> None:
    page = preview_file(injection)
    assert page.output == str(injection.with_name("inj.preview.html"))
    elements = parse(Path(page.output))
    cues = elements.select("li", "cue")
    assert [(a["data-start"], a["data-end"], a["data-line"]) for a, _ in cues] == [
        ("1000", "2500", "2"),
        ("3000", "3400", "6"),
        ("3300", "6000", "10"),
    ]
    assert cue_text(elements) == [
        "Hello there",  # <i> is markup: shown as plain text
        "<script>alert(1)</script> & </script><!--",
        '<img src=x onerror="window.pwned=1">',
    ]


def test_text_never_becomes_markup(injection: Path, tmp_path: Path) -> None:
    html = Path(preview_file(injection).output).read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img" not in html
    # the page's own two script elements only: the inert data block and the code
    assert len(re.findall(r"<script\b", html)) == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/script&gt;&lt;!--" in html


def test_the_inline_json_cannot_end_its_script(tmp_path: Path) -> None:
    source = tmp_path / "t.md"
    title = "Talk </script><script>window.pwned=1</script> \u2028 <!-- & end"
    source.write_text(
        f"# {title}\n*  hello [[00:00:01](#t=1s)]\n*  world [[00:00:03](#t=3s)]\n",
        encoding="utf-8",
    )
    page = Path(preview_file(source).output)
    block = re.search(
        r'<script type="application/json" id="subconv-data">(.*?)</script>',
        page.read_text(encoding="utf-8"),
        re.S,
    )
    assert block is not None
    assert "<" not in block.group(1) and ">" not in block.group(1)
    assert "\u2028" not in block.group(1)
    data = data_block(page)
    assert data["title"] == title
    assert data["starts"] == [1000, 3000]


def test_findings_are_checks_at_their_cues(injection: Path) -> None:
    elements = parse(Path(preview_file(injection).output))
    listed = [
        (a["data-code"], a["data-line"], a.get("data-cue"))
        for a, _ in elements.select("li", "finding")
        if "data-cue" in a
    ]
    # each finding twice: in the cue's own list and in the findings list, both about cue 1
    assert sorted(listed) == sorted(
        2 * [("E104", "6", "1"), ("W101", "6", "1"), ("W103", "6", "1")]
    )
    cue_classes = [a["class"].split() for a, _ in elements.select("li", "cue")]
    assert "error" in cue_classes[1] and "error" not in cue_classes[0]
    assert "warning" not in cue_classes[0]


def test_findings_follow_the_configuration(injection: Path) -> None:
    (injection.parent / "pyproject.toml").write_text(
        '[tool.subconv]\nignore = ["W103"]\n', encoding="utf-8"
    )
    elements = parse(Path(preview_file(injection).output))
    codes = {a["data-code"] for a, _ in elements.select("li", "finding")}
    assert codes == {"E104", "W101"}


def test_seed_page(tmp_path: Path) -> None:
    page = preview_file(SEED, tmp_path / "seed.html")
    assert (page.cues, page.errors, page.warnings) == (39, 0, 2)
    elements = parse(tmp_path / "seed.html")
    first, second = elements.select("li", "cue")[:2]
    # the seed's first bullets: line 19 at t=0, line 20 at t=4.38s, line 21 at 6.06...s
    assert (first[0]["data-start"], first[0]["data-end"], first[0]["data-line"]) == (
        "0",
        "4380",
        "19",
    )
    assert (second[0]["data-start"], second[0]["data-end"]) == ("4380", "6060")
    assert second[1].startswith("0:00:04.380 → 0:00:06.060")
    findings = sorted((a["data-code"], a["data-line"]) for a, _ in elements.select("li", "finding"))
    assert findings == [("W102", "30"), ("W102", "30"), ("W103", "21"), ("W103", "21")]
    bars = elements.select("i", "bar")
    assert len(bars) == 39
    assert bars[1][0]["style"] == "--s:4380;--d:1680;--l:0"


def test_overlapping_cues_get_their_own_timeline_row(injection: Path) -> None:
    elements = parse(Path(preview_file(injection).output))
    rows = [re.search(r"--l:(\d+)", a["style"]) for a, _ in elements.select("i", "bar")]
    assert [m.group(1) for m in rows if m] == ["0", "0", "1"]


def test_media_is_linked_relative_to_the_page_with_the_captions_as_a_track(
    injection: Path, tmp_path: Path
) -> None:
    media = tmp_path / "media files" / "talk one.mp4"
    media.parent.mkdir()
    media.write_bytes(b"\0")
    out = tmp_path / "pages" / "deep"
    out.mkdir(parents=True)
    page = preview_file(injection, out / "p.html", media=media)
    elements = parse(Path(page.output))
    (video,) = [attrs for tag, attrs, _ in elements.found if tag == "video"]
    assert video["src"] == "../../media%20files/talk%20one.mp4"
    (track,) = [attrs for tag, attrs, _ in elements.found if tag == "track"]
    prefix = "data:text/vtt;base64,"
    assert track["src"].startswith(prefix)
    vtt = base64.b64decode(track["src"][len(prefix) :]).decode("utf-8")
    assert vtt.startswith("WEBVTT")
    assert "00:00:03.000 --> 00:00:03.400\n&lt;script&gt;alert(1)&lt;/script&gt;" in vtt
    media.with_name("x.wav").write_bytes(b"\0")
    audio = preview_file(injection, out / "a.html", media=media.with_name("x.wav").resolve())
    assert "<audio " in Path(audio.output).read_text(encoding="utf-8")
    # a page written through a link to a folder is opened from the link: ../, not ../../
    (tmp_path / "shortcut").symlink_to(out)
    linked = preview_file(injection, tmp_path / "shortcut" / "l.html", media=media)
    (video,) = [a for t, a, _ in parse(Path(linked.output)).found if t == "video"]
    assert video["src"] == "../media%20files/talk%20one.mp4"


def test_every_format_subconv_reads(tmp_path: Path) -> None:
    """Writable formats from the seed converted to them; read-only ones (recognizer output)
    from the samples that read as them. The page shows what the API reads."""
    inputs: list[tuple[str, Path]] = []
    for fmt in formats.FORMATS:
        if fmt.read_only:
            found = [
                path
                for path in sorted(SAMPLES.rglob("*"))
                if path.is_file() and _reads_as(path) == fmt.name
            ]
            assert found, f"no file in samples/ reads as {fmt.name}; add one"
            inputs.extend((fmt.name, path) for path in found)
        else:
            made = tmp_path / f"seed{fmt.extensions[0]}"
            rate = Fraction(25) if fmt.frame_based else None  # MicroDVD needs --fps
            api.convert(SEED, made, to_fmt=fmt.name, options=api.Options(force=True, fps=rate))
            inputs.append((fmt.name, made))
    for number, (name, source) in enumerate(inputs):
        expected = api.read(source)
        api.prepare(expected, "vtt")
        page = preview_file(source, tmp_path / f"{number}.html")
        assert page.format == name, source
        assert page.cues == len(expected.cues), source
        cues = parse(Path(page.output)).select("li", "cue")
        assert [(int(a["data-start"]), int(a["data-end"])) for a, _ in cues] == [
            (cue.start_ms, cue.end_ms) for cue in expected.cues
        ], source


def _reads_as(path: Path) -> str | None:
    try:
        return api.read(path).source_format
    except SubconvError:
        return None


def test_folder_mode_writes_a_page_per_file_and_an_index(tmp_path: Path) -> None:
    src = tmp_path / "captions"
    (src / "sub").mkdir(parents=True)
    (src / "talk.srt").write_text(INJECTION_SRT, encoding="utf-8")
    (src / "talk.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", encoding="utf-8")
    (src / "sub" / "seed.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "README.md").write_text("# Captions\n\nNot a transcript.\n", encoding="utf-8")
    (src / "broken.srt").write_text("1\n00:00:01,000 --> nonsense\nx\n", encoding="utf-8")
    out = tmp_path / "previews"
    result = preview_folder(src, out)
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert written == [
        "index.html",
        "sub/seed.preview.html",
        "talk.srt.preview.html",
        "talk.vtt.preview.html",
    ]
    assert [f.source for f in result.failures] == [str(src / "broken.srt")]
    assert result.failures[0].messages[0].startswith(f"{src / 'broken.srt'}:2: ")
    index = parse(out / "index.html")
    links = [attrs["href"] for tag, attrs, _ in index.found if tag == "a"]
    assert links == ["sub/seed.preview.html", "talk.srt.preview.html", "talk.vtt.preview.html"]
    assert "broken.srt:2: " in (out / "index.html").read_text(encoding="utf-8")


def test_folder_mode_keeps_a_foreign_index(tmp_path: Path) -> None:
    (tmp_path / "a.srt").write_text(INJECTION_SRT, encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    done = run("preview", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.strip().endswith("is not a subconv preview index; not replaced")
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "<p>mine</p>"


def test_command_line(injection: Path, tmp_path: Path) -> None:
    done = run("preview", str(injection), "-o", str(tmp_path / "x.html"))
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"{injection} -> {tmp_path / 'x.html'} (3 cues)\n"
    written = (tmp_path / "x.html").read_text(encoding="utf-8")
    piped = run("preview", str(injection), "-o", "-", cwd=tmp_path)
    assert (piped.returncode, piped.stderr) == (0, "")
    assert piped.stdout == written  # the same page, on standard output, and no file "-"
    assert not (tmp_path / "-").exists()
    folder = run("preview", str(tmp_path), "--out", str(tmp_path / "out"), "-q")
    assert (folder.returncode, folder.stderr) == (0, "")
    assert (tmp_path / "out" / "inj.preview.html").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.srt"], "missing.srt: "),
        (["inj.srt", "-o", "inj.srt"], "the output would overwrite the input"),
        (["inj.srt", "--media", "nope.mp4"], "nope.mp4: no such media file"),
        (["inj.srt", "--out", "d"], "--out is for a folder"),
    ],
)
def test_command_line_refusals(injection: Path, args: list[str], message: str) -> None:
    done = run("preview", *args, cwd=injection.parent)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in injection.parent.iterdir()) == ["inj.srt"]


def test_timing_refused_as_a_conversion_refuses_it(tmp_path: Path) -> None:
    source = tmp_path / "back.md"
    source.write_text("*  one [[00:00:05](#t=5s)]\n*  two [[00:00:02](#t=2s)]\n", encoding="utf-8")
    done = run("preview", str(source))
    assert done.returncode == 1
    assert done.stderr.startswith(f"{source}:2: start 0:00:02.000 goes back")
    assert not source.with_suffix(".preview.html").exists()


def test_sample_pages_name_their_source(tmp_path: Path) -> None:
    page = preview_file(SAMPLES / "hard-cases.vtt", tmp_path / "h.html")
    text = (tmp_path / "h.html").read_text(encoding="utf-8")
    assert f'<span class="source">{SAMPLES / "hard-cases.vtt"}</span>' in text
    assert page.format == "vtt"


def test_retiming_options_move_the_page_and_keep_findings_at_their_lines(
    injection: Path, tmp_path: Path
) -> None:
    done = run("preview", str(injection), "-o", str(tmp_path / "s.html"), "--shift", "1.5s")
    assert done.returncode == 0, done.stderr
    elements = parse(tmp_path / "s.html")
    cues = [(a["data-start"], a["data-end"]) for a, _ in elements.select("li", "cue")]
    assert cues == [("2500", "4000"), ("4500", "4900"), ("4800", "7500")]
    at_cue_1 = {a["data-code"] for a, _ in elements.select("li", "finding") if a.get("data-cue")}
    assert at_cue_1 == {"E104", "W101", "W103"}


def test_folder_mode_says_what_the_walk_left_out(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "outside.srt").write_text(INJECTION_SRT, encoding="utf-8")
    (tmp_path / "src" / "in.srt").write_text(INJECTION_SRT, encoding="utf-8")
    (tmp_path / "src" / "link.srt").symlink_to(tmp_path / "outside.srt")
    done = run("preview", str(tmp_path / "src"), "--out", str(tmp_path / "out"))
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        f"{tmp_path / 'src' / 'link.srt'}: symbolic link outside the folder, not followed",
        f"1 page written, 0 failed; index: {tmp_path / 'out' / 'index.html'}",
    ]


FAST_SRT = (
    "1\n00:00:01,000 --> 00:00:01,500\n"
    "This is far too much text to read in half a second, whatever anyone does about it\n\n"
    "2\n00:00:01,500 --> 00:00:02,000\n"
    "And so is this line of text here, which is also much too long for its time\n"
)
"""Too fast for reflow to fix: what it writes still has findings."""

_TIMING = re.compile(r"^(\d\d):(\d\d):(\d\d)[,.](\d{3}) --> (\d\d):(\d\d):(\d\d)[,.](\d{3})")


def _timings(text: str) -> list[tuple[int, int, int]]:
    """(start ms, end ms, line) of every timing line, read with a regex of our own."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _TIMING.match(line)
        if match:
            h1, m1, s1, f1, h2, m2, s2, f2 = (int(g) for g in match.groups())
            found.append(
                (
                    ((h1 * 60 + m1) * 60 + s1) * 1000 + f1,
                    ((h2 * 60 + m2) * 60 + s2) * 1000 + f2,
                    number,
                )
            )
    return found


def test_reflow_shows_what_the_conversion_writes_and_what_check_says_of_it(
    tmp_path: Path,
) -> None:
    source = tmp_path / "fast.srt"
    source.write_text(FAST_SRT, encoding="utf-8")
    out = tmp_path / "out.srt"  # an SRT input is shown as the SRT that to-srt --reflow writes
    assert run("to-srt", str(source), "--reflow", "-o", str(out)).returncode == 0
    checked = run("check", str(out))
    expected_findings = sorted(
        (m.group(2), m.group(1))
        for m in re.finditer(r"^[^\n]*?:(\d+):\d+: ([EW]\d{3}) ", checked.stdout, re.M)
    )
    assert expected_findings  # reflow cannot make this one readable
    done = run("preview", str(source), "--reflow", "-o", str(tmp_path / "p.html"))
    assert done.returncode == 0, done.stderr
    elements = parse(tmp_path / "p.html")
    cues = [
        (int(a["data-start"]), int(a["data-end"]), int(a["data-line"]))
        for a, _ in elements.select("li", "cue")
    ]
    assert cues == _timings(out.read_text(encoding="utf-8"))
    # each finding is on the page twice (at its cue and in the list), both at a cue
    listed = [
        (a["data-code"], a["data-line"], a.get("data-cue"))
        for a, _ in elements.select("li", "finding")
    ]
    assert all(cue is not None for _, _, cue in listed)
    assert sorted(listed[: len(listed) // 2]) == sorted(listed[len(listed) // 2 :])
    assert sorted({(code, line) for code, line, _ in listed}) == expected_findings


def test_reflow_from_the_configuration(tmp_path: Path) -> None:
    seed = tmp_path / "talk.md"
    seed.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.subconv]\nreflow = true\n", encoding="utf-8")
    assert run("to-vtt", str(seed), "-o", str(tmp_path / "talk.vtt")).returncode == 0
    vtt_cues = _timings((tmp_path / "talk.vtt").read_text(encoding="utf-8"))
    assert len(vtt_cues) != 39  # the configuration reflows conversions
    page = preview_file(seed)
    starts = [
        (int(a["data-start"]), int(a["data-end"]), int(a["data-line"]))
        for a, _ in parse(Path(page.output)).select("li", "cue")
    ]
    assert starts == vtt_cues
    no_reflow = run("preview", str(seed), "--no-reflow", "-o", str(tmp_path / "n.html"))
    assert no_reflow.returncode == 0
    assert len(parse(tmp_path / "n.html").select("li", "cue")) == 39


def test_media_that_is_no_media_is_refused(injection: Path) -> None:
    (injection.parent / "hostile.srt").write_text("1\n")
    with pytest.raises(UsageError) as refused:
        preview_file(injection, injection.parent / "p.html", media=injection.parent / "hostile.srt")
    assert refused.value.message.startswith("not a media file a browser plays (.aac ")
    assert not (injection.parent / "p.html").exists()
