"""``subconv preview`` pages in a real browser: Debian's Chromium driven by Playwright.

Playwright's own browser download is never used (``executable_path`` points at the system
Chromium). The tests never skip: without Playwright (the test extra) or Chromium
(``apt-get install chromium``, which ``.ci/run`` does) they fail and say what to install.

Every page is opened from ``file://``; every request it makes is recorded (and any that is
not ``file:`` or ``data:`` aborted), and each test ends by asserting that nothing but
``file:``/``data:`` was requested and that no console error or page error happened.
"""

from __future__ import annotations

import math
import os
import struct
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from convert.preview import preview_file

from .conftest import SEED
from .test_preview import INJECTION_SRT

CHROMIUM = os.environ.get("SUBCONV_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    pytest.fail(
        f"browser tests cannot run: {reason} (pip install -e '.[test]'; apt-get install chromium)"
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"there is no Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did that it should not: console errors, page errors, requests."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == []
        foreign = [url for url in self.requests if not url.startswith(("file:", "data:"))]
        assert foreign == []


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []
    watches: list[Watch] = []

    def open_(path: Path, *, width: int = 1280, height: int = 800, ready: bool = True) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        watch = Watch()
        watches.append(watch)

        def route(route: Any) -> None:
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("request", lambda request: watch.requests.append(request.url))
        page.on(
            "console",
            lambda msg: (
                watch.errors.append(f"console {msg.type}: {msg.text}")
                if msg.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda exc: watch.errors.append(f"page error: {exc}"))
        page.goto(path.resolve().as_uri())
        if ready:  # a preview page, not the folder's index
            page.wait_for_selector("html[data-ready]")
        return page

    yield open_
    for watch in watches:
        watch.assert_clean()
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "seed.preview.html"
    preview_file(SEED, out)
    return out


def active_ids(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(".cue.active", "els => els.map(e => e.id)"))


def clock_ms(page: Any) -> int:
    h, m, s = page.text_content("#clock").split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)


# The seed's bullets 5, 6 and 7 (0-based) start at t=16.9s, 19.22s and 22.6s.
SEED_STARTS = {4: 12120, 5: 16900, 6: 19220, 7: 22600}


def test_clicking_a_cue_seeks_there_and_marks_it_active(open_page: Any, seed_page: Path) -> None:
    page = open_page(seed_page)
    assert active_ids(page) == ["cue-0"]  # the clock starts at 0, in the first cue
    page.click("#cue-5")
    assert active_ids(page) == ["cue-5"]
    assert clock_ms(page) == SEED_STARTS[5]
    assert page.evaluate("() => document.querySelector('.bar.active').dataset.index") == "5"
    assert page.text_content("#caption") == "deployment in Ukraine as an act of war."


def test_the_active_cue_follows_the_play_clock(open_page: Any, seed_page: Path) -> None:
    page = open_page(seed_page)
    page.click("#cue-1")  # 4.38 s to 6.06 s
    page.keyboard.press(" ")
    page.wait_for_selector("#cue-2.active", timeout=5000)
    page.keyboard.press(" ")
    assert page.get_attribute("#play", "aria-label") == "play"
    paused_at = clock_ms(page)
    assert 6060 <= paused_at < 10460
    page.wait_for_timeout(300)
    assert clock_ms(page) == paused_at  # paused means paused
    assert active_ids(page) == ["cue-2"]


def test_arrow_keys_step_through_cues(open_page: Any, seed_page: Path) -> None:
    page = open_page(seed_page)
    page.click("#cue-5")
    page.keyboard.press("ArrowRight")
    assert active_ids(page) == ["cue-6"]
    assert clock_ms(page) == SEED_STARTS[6]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert active_ids(page) == ["cue-4"]
    assert clock_ms(page) == SEED_STARTS[4]


def test_space_on_a_focused_button_plays_once(open_page: Any, seed_page: Path) -> None:
    page = open_page(seed_page)
    page.focus("#next")
    page.keyboard.press(" ")  # plays; the focused button must not also step a cue
    assert page.get_attribute("#play", "aria-label") == "pause"
    page.keyboard.press(" ")
    assert page.get_attribute("#play", "aria-label") == "play"
    assert active_ids(page) == ["cue-0"]


def test_the_timeline_draws_every_cue_and_seeks(open_page: Any, seed_page: Path) -> None:
    page = open_page(seed_page)
    assert page.locator(".bar").count() == 39
    geometry = page.evaluate(
        """() => {
          const k = Number(getComputedStyle(document.getElementById('timeline'))
                           .getPropertyValue('--k'));
          const lanes = document.getElementById('lanes').getBoundingClientRect();
          const bar = document.querySelector('.bar[data-index="7"]').getBoundingClientRect();
          return [k, bar.left - lanes.left];
        }"""
    )
    scale, left = geometry
    assert left == pytest.approx(SEED_STARTS[7] * scale, abs=1)
    page.click('.bar[data-index="7"]')
    assert active_ids(page) == ["cue-7"]
    marker = page.evaluate(
        "() => document.getElementById('marker').getBoundingClientRect().left"
        " - document.getElementById('lanes').getBoundingClientRect().left"
    )
    assert marker == pytest.approx(SEED_STARTS[7] * scale, abs=1)


def test_findings_are_shown_and_lead_to_their_cue(open_page: Any, tmp_path: Path) -> None:
    source = tmp_path / "inj.srt"
    source.write_text(INJECTION_SRT, encoding="utf-8")
    page = open_page(Path(preview_file(source).output))
    listed = page.eval_on_selector_all(
        "#finding-list .finding", "els => els.map(e => [e.dataset.code, e.dataset.line])"
    )
    assert listed == [["W101", "6"], ["W103", "6"], ["E104", "6"]]
    at_cue = page.eval_on_selector_all(
        "#cue-1 .finding", "els => els.map(e => e.dataset.code + ':' + e.dataset.line)"
    )
    assert sorted(at_cue) == ["E104:6", "W101:6", "W103:6"]
    assert page.is_visible('#cue-1 .finding[data-code="E104"]')
    page.click('#finding-list .finding[data-code="W103"]')
    assert active_ids(page) == ["cue-1"]
    assert clock_ms(page) == 3000


def test_cue_text_is_shown_not_run(open_page: Any, tmp_path: Path) -> None:
    source = tmp_path / "t.md"
    source.write_text(
        "# Title </script><script>window.pwned = 3</script><!--\n"
        "*  <script>window.pwned = 1</script> [[00:00:01](#t=1s)]\n"
        '*  <img src=x onerror="window.pwned = 2"> & more [[00:00:03](#t=3s)]\n',
        encoding="utf-8",
    )
    page = open_page(Path(preview_file(source).output))
    assert page.evaluate("() => window.pwned") is None
    texts = page.eval_on_selector_all(".cue .text", "els => els.map(e => e.textContent)")
    assert texts == [
        "<script>window.pwned = 1</script>",
        '<img src=x onerror="window.pwned = 2"> & more',
    ]
    assert page.text_content("h1") == "Title </script><script>window.pwned = 3</script><!--"
    page.click("#cue-1")
    assert page.text_content("#caption") == '<img src=x onerror="window.pwned = 2"> & more'
    assert page.evaluate("() => window.pwned") is None


def write_tone(path: Path, seconds: int) -> None:
    """A real media file: a quiet 440 Hz tone as 8 kHz mono PCM WAV, which Chromium plays."""
    rate = 8000
    one_second = b"".join(
        struct.pack("<h", int(2000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(rate)
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(one_second * seconds)


def test_media_plays_with_the_captions_as_a_track(open_page: Any, tmp_path: Path) -> None:
    write_tone(tmp_path / "talk.wav", 60)
    pages = tmp_path / "pages"
    pages.mkdir()
    out = preview_file(SEED, pages / "seed.html", media=tmp_path / "talk.wav").output
    page = open_page(Path(out))
    page.wait_for_function("() => document.getElementById('media').readyState >= 1")
    track = page.evaluate(
        "() => { const t = document.getElementById('media').textTracks[0];"
        " return [t.mode, t.cues.length, t.cues[5].startTime, t.cues[5].text]; }"
    )
    assert track == ["showing", 39, 16.9, "deployment in Ukraine as an act of war."]
    page.click("#cue-5")
    page.wait_for_function("() => document.getElementById('media').currentTime === 16.9")
    assert active_ids(page) == ["cue-5"]
    page.click("#cue-6")  # 19.22 s to 22.6 s
    page.keyboard.press(" ")
    page.wait_for_function("() => !document.getElementById('media').paused")
    page.wait_for_selector("#cue-7.active", timeout=8000)
    page.keyboard.press(" ")
    state = page.evaluate(
        "() => { const m = document.getElementById('media'); return [m.paused, m.currentTime]; }"
    )
    assert state[0] is True
    assert 22.6 <= state[1] < 26.16


def test_readable_on_a_phone(open_page: Any, seed_page: Path) -> None:
    page = open_page(seed_page, width=375, height=740)
    layout = page.evaluate(
        """() => ({
          overflow: document.documentElement.scrollWidth,
          stage: getComputedStyle(document.getElementById('stage')).position,
          fontSize: parseFloat(getComputedStyle(document.querySelector('.cue .text')).fontSize),
          cueWidth: document.getElementById('cue-0').getBoundingClientRect().width,
        })"""
    )
    assert layout["overflow"] <= 375  # nothing wider than the screen
    assert layout["stage"] == "sticky"  # the player stays in view while the cues scroll
    assert layout["fontSize"] >= 14
    assert layout["cueWidth"] > 300
    page.mouse.wheel(0, 3000)
    page.click("#cue-20")
    assert active_ids(page) == ["cue-20"]
    assert page.is_visible("#caption")


def test_a_file_without_cues_still_works(open_page: Any, tmp_path: Path) -> None:
    source = tmp_path / "empty.vtt"
    source.write_text("WEBVTT\n", encoding="utf-8")
    page = open_page(Path(preview_file(source).output))
    page.keyboard.press("ArrowRight")
    page.keyboard.press(" ")
    page.wait_for_timeout(100)
    page.keyboard.press(" ")
    assert page.locator(".cue").count() == 0
    assert page.text_content("#caption") == ""


def test_the_folder_index_links_the_pages(open_page: Any, tmp_path: Path) -> None:
    from convert.preview import preview_folder

    (tmp_path / "src" / "a <b>").mkdir(parents=True)
    (tmp_path / "src" / "a <b>" / "talk.srt").write_text(INJECTION_SRT, encoding="utf-8")
    result = preview_folder(tmp_path / "src", tmp_path / "out")
    assert result.index is not None
    index = open_page(Path(result.index), ready=False)
    assert index.text_content("#pages tbody td a") == "a <b>/talk.srt"
    index.click("#pages tbody td a")
    index.wait_for_selector("html[data-ready]")
    assert index.locator(".cue").count() == 3
