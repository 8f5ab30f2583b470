"""Measure ``subconv preview`` on a big transcript: page generation, and load and scroll in
Chromium.

    python benchmarks/preview.py            # prints a Markdown table (docs/preview.md has one)
    python benchmarks/preview.py --screenshot docs/preview.png   # the sample's page, as shown

The input is generated (seeded): a 3-hour transcript with 2,000 timestamped bullets of
4-24 words. Generation is timed in-process (median of 5) and as one whole ``subconv
preview`` process. The page is then opened from ``file://`` in the system Chromium
(``/usr/bin/chromium``, driven by Playwright) at 1280x800: load times come from the
Navigation Timing and Paint Timing APIs; scrolling is measured by frames: for 3 seconds
the page scrolls 40 px on every animation frame, and the intervals between frames are
recorded, as are long tasks (over 50 ms) reported by the browser. Headless Chromium
without a GPU draws in software, so these are upper bounds for a desktop browser.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HOURS = 3
CUES = 2000
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WORDS = tuple(
    " ".join(
        (
            "the of and to in a is that for it as was with be by on not he this are or his",
            "from at which but have an they you were her she there been one all we their has",
            "would when peacekeepers Ukraine minister president country pressure European",
            "compromise question",
        )
    ).split(" ")
)


def transcript(seed: int = 15) -> str:
    rng = random.Random(seed)
    length = HOURS * 3600
    starts = sorted(rng.sample(range(0, (length - 10) * 1000, 10), CUES))
    lines = [
        "---",
        f"Length: {length}s",
        "---",
        "",
        "# A three-hour talk",
        "**Bench - Talks:** [July 1, 2025](https://www.youtube.com/watch?v=XXXXXXXXXXX)",
    ]
    for start in starts:
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 24)))
        seconds = start // 1000
        label = f"{seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}"
        lines.append(
            f"*  {text} [[{label}](https://www.youtube.com/watch?v=XXXXXXXXXXX&t={start / 1000}s)]"
        )
    return "\n".join(lines) + "\n"


SCROLL = """async () => {
  const frames = [], longTasks = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  }).observe({ type: "longtask" });
  window.scrollTo(0, 0);
  await new Promise(r => requestAnimationFrame(r));
  const start = performance.now();
  await new Promise(resolve => {
    function step(now) {
      frames.push(now);
      window.scrollBy(0, 40);
      if (now - start < 3000) requestAnimationFrame(step); else resolve();
    }
    requestAnimationFrame(step);
  });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  return { frames: frames.length, seconds: (frames[frames.length - 1] - frames[0]) / 1000,
           p50: gaps[Math.floor(gaps.length / 2)], p95: gaps[Math.floor(gaps.length * 0.95)],
           max: gaps[gaps.length - 1], over50: gaps.filter(g => g > 50).length,
           scrolled: window.scrollY, longTasks: longTasks };
}"""

JUMP = """async () => {
  const times = [];
  for (const i of [1500, 10, 1999, 700, 1200]) {
    const el = document.getElementById("cue-" + i);
    const t0 = performance.now();
    el.click();
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    times.push(performance.now() - t0);
    if (!el.classList.contains("active")) throw new Error("cue " + i + " not active");
  }
  return times;
}"""


def browser_numbers(page_path: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        wall = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_selector("html[data-ready]")
        wall = time.perf_counter() - wall
        # The renderer's own accounting up to here (seconds): where the load time went.
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        timing = page.evaluate(
            """() => {
              const n = performance.getEntriesByType("navigation")[0];
              const paint = Object.fromEntries(
                performance.getEntriesByType("paint").map(e => [e.name, e.startTime]));
              return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                       fcp: paint["first-contentful-paint"],
                       ready: performance.getEntriesByName("subconv-ready")[0].startTime,
                       nodes: document.getElementsByTagName("*").length };
            }"""
        )
        scroll = page.evaluate(SCROLL)
        jumps = page.evaluate(JUMP)
        browser.close()
    if errors:
        raise SystemExit(f"page errors: {errors}")
    return {"wall": wall, **timing, "scroll": scroll, "jumps": jumps, "metrics": metrics}


def screenshot(png: Path) -> None:
    """The seed sample's page at 1280x800 with its third cue (which has a finding) clicked."""
    from playwright.sync_api import sync_playwright

    from convert.preview import preview_file

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "bbc-putin-peacekeepers.preview.html"
        os.chdir(root)  # so the page names its source as a user would type it
        preview_file("samples/bbc-putin-peacekeepers.md", out)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(out.as_uri())
            page.wait_for_selector("html[data-ready]")
            page.click("#cue-2")
            page.mouse.move(0, 0)
            page.screenshot(path=str(png))
            browser.close()


def main() -> None:
    from convert.preview import preview_file

    if sys.argv[1:2] == ["--screenshot"]:
        screenshot(Path(sys.argv[2]))
        return

    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "talk.md"
        source.write_text(transcript(), encoding="utf-8")
        out = Path(scratch) / "talk.preview.html"
        runs = []
        for _ in range(5):
            began = time.perf_counter()
            page = preview_file(source, out)
            runs.append(time.perf_counter() - began)
        subconv = str(Path(sys.executable).with_name("subconv"))
        began = time.perf_counter()
        subprocess.run([subconv, "preview", str(source), "-q"], check=True)
        process = time.perf_counter() - began
        size = out.stat().st_size
        numbers = browser_numbers(out)
    scroll = numbers["scroll"]
    print(f"input: {CUES} cues over {HOURS} h; page {size / 1e6:.2f} MB, {numbers['nodes']} nodes")
    print(f"{page.warnings} warnings and {page.errors} errors found by check on the input\n")
    print("| measure | value |")
    print("| --- | --- |")
    print(f"| generation, in-process (median of 5) | {statistics.median(runs) * 1000:.0f} ms |")
    print(f"| generation, whole `subconv preview` process | {process * 1000:.0f} ms |")
    print(f"| DOMContentLoaded | {numbers['dcl']:.0f} ms |")
    print(f"| first contentful paint | {numbers['fcp']:.0f} ms |")
    print(f"| load event end | {numbers['load']:.0f} ms |")
    print(
        f"| page ready (`subconv-ready` mark: laid out, timeline scaled) "
        f"| {numbers['ready']:.0f} ms |"
    )
    print(f"| `goto` to page ready, seen from Playwright | {numbers['wall'] * 1000:.0f} ms |")
    m = numbers["metrics"]
    print(
        "| of which the renderer spent: parsing and script / style / layout | "
        f"{m['ScriptDuration'] * 1000:.0f} / {m['RecalcStyleDuration'] * 1000:.0f} / "
        f"{m['LayoutDuration'] * 1000:.0f} ms (all tasks: {m['TaskDuration'] * 1000:.0f} ms) |"
    )
    print(
        f"| scrolling 40 px a frame for {scroll['seconds']:.1f} s | {scroll['frames']} frames "
        f"({scroll['frames'] / scroll['seconds']:.0f} a second), {scroll['scrolled']:.0f} px |"
    )
    print(
        f"| frame interval while scrolling: median / 95th percentile / max | "
        f"{scroll['p50']:.1f} / {scroll['p95']:.1f} / {scroll['max']:.1f} ms |"
    )
    print(f"| frames over 50 ms while scrolling | {scroll['over50']} |")
    print(f"| long tasks (> 50 ms) while scrolling | {len(scroll['longTasks'])} |")
    jumps = ", ".join(f"{t:.0f}" for t in numbers["jumps"])
    print(f"| click on a cue to the second frame after (5 far-apart cues) | {jumps} ms |")


if __name__ == "__main__":
    main()
