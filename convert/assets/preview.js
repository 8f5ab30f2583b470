"use strict";
// subconv preview: the player (a media element or the page's own clock), the active cue,
// the timeline and the keyboard. Cue data comes from the inert JSON block above; text is
// only ever read from the DOM or set with textContent, never parsed as HTML.
(function () {
  const data = JSON.parse(document.getElementById("subconv-data").textContent);
  const starts = data.starts, ends = data.ends, n = starts.length;
  const total = Math.max(data.duration, 1);
  const list = document.getElementById("cue-list");
  const items = list.children;
  const timeline = document.getElementById("timeline");
  const lanes = document.getElementById("lanes");
  const marker = document.getElementById("marker");
  const ticksEl = document.getElementById("ticks");
  const bars = lanes.getElementsByClassName("bar");
  const caption = document.getElementById("caption");
  const clockEl = document.getElementById("clock");
  const playBtn = document.getElementById("play");
  const media = document.getElementById("media");

  function fmt(ms) {
    ms = Math.max(0, Math.round(ms));
    const h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60;
    const s = Math.floor(ms / 1000) % 60, r = ms % 1000;
    return h + ":" + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0") + "." + String(r).padStart(3, "0");
  }

  // --- players: the same four calls for a media element and for the page's clock ---
  function mediaPlayer(el) {
    let pending = null;
    el.addEventListener("loadedmetadata", function () {
      if (pending !== null) { el.currentTime = pending / 1000; pending = null; }
    });
    return {
      time: function () { return pending !== null ? pending : el.currentTime * 1000; },
      seek: function (ms) {
        if (el.readyState < 1) pending = ms; else el.currentTime = ms / 1000;
      },
      play: function () { const p = el.play(); if (p && p.catch) p.catch(function () {}); },
      pause: function () { el.pause(); },
      paused: function () { return el.paused; },
    };
  }
  function clockPlayer() {
    let base = 0, since = null;
    const now = function () { return performance.now(); };
    const self = {
      time: function () {
        const t = since === null ? base : base + (now() - since);
        if (t >= total && since !== null) { base = total; since = null; return total; }
        return t;
      },
      seek: function (ms) { base = Math.min(Math.max(ms, 0), total); if (since !== null) since = now(); },
      play: function () { if (since === null) { if (base >= total) base = 0; since = now(); } },
      pause: function () { base = self.time(); since = null; },
      paused: function () { return since === null; },
    };
    return self;
  }
  const player = media ? mediaPlayer(media) : clockPlayer();

  // --- which cue is showing at t: the latest-starting cue with start <= t < end ---
  function lastStartAtOrBefore(t) {
    let lo = 0, hi = n - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= t) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }
  function showingAt(t) {
    const out = [];
    for (let i = lastStartAtOrBefore(t), seen = 0; i >= 0 && seen < 50; i--, seen++) {
      if (t < ends[i]) out.push(i);
    }
    return out.reverse();
  }

  let active = -1;      // the cue marked active
  let computed = -1;    // what playback last said; a click overrides it until playback moves on
  function setActive(i, scroll) {
    if (i === active) return;
    if (active >= 0) { items[active].classList.remove("active"); bars[active].classList.remove("active"); }
    active = i;
    if (i >= 0) {
      items[i].classList.add("active");
      bars[i].classList.add("active");
      if (scroll) items[i].scrollIntoView({ block: "nearest" });
    }
  }
  function text(i) { return items[i].querySelector(".text").textContent; }

  let shownCaption = "";
  function update(follow) {
    const t = player.time();
    clockEl.textContent = fmt(t);
    marker.style.setProperty("--t", t);
    const showing = showingAt(t);
    const now = showing.length ? showing[showing.length - 1] : -1;
    if (now !== computed) {
      computed = now;
      setActive(now, follow);
    }
    const words = showing.map(text).join("\n");
    if (words !== shownCaption) { caption.textContent = words; shownCaption = words; }
    const label = player.paused() ? "play" : "pause";
    if (playBtn.getAttribute("aria-label") !== label) {
      playBtn.textContent = label === "play" ? "▶" : "❚❚";
      playBtn.setAttribute("aria-label", label);
    }
    if (follow) keepMarkerVisible(t);
  }
  function keepMarkerVisible(t) {
    const x = t * scale;
    if (x < timeline.scrollLeft || x > timeline.scrollLeft + timeline.clientWidth - 20) {
      timeline.scrollLeft = Math.max(0, x - timeline.clientWidth / 3);
    }
  }

  let ticking = false;
  function tick() {
    update(!player.paused());
    if (!player.paused()) requestAnimationFrame(tick); else ticking = false;
  }
  function startTicking() { if (!ticking) { ticking = true; requestAnimationFrame(tick); } }

  function seekTo(ms) { player.seek(ms); computed = -2; update(true); startTicking(); }
  function goToCue(i) {
    if (i < 0 || i >= n) return;
    player.seek(starts[i]);
    computed = showingAt(starts[i]).slice(-1)[0] ?? -1;
    setActive(i, true);
    update(false);
    keepMarkerVisible(starts[i]);
  }
  function toggle() {
    if (player.paused()) { player.play(); startTicking(); } else player.pause();
    update(false);
  }
  function step(delta) {
    let i;
    if (active >= 0) i = active + delta;
    else {
      const before = lastStartAtOrBefore(player.time());
      i = delta > 0 ? before + 1 : Math.max(before, 0);
    }
    goToCue(Math.min(Math.max(i, 0), n - 1));
  }

  // --- timeline scale (px per ms): fit the file, or 20 px a second for long files ---
  let scale = 0.02;
  function setScale(k) {
    const fit = (timeline.clientWidth - 10) / total;
    scale = Math.min(Math.max(k, fit), 1);
    timeline.style.setProperty("--k", scale);
    const steps = [1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000];
    const tick = steps.find(function (s) { return s * scale >= 70; }) || 3600000;
    lanes.style.setProperty("--tick", tick);
    tickStep = tick;
    drawTicks();
    keepMarkerVisible(player.time());
  }
  // Tick labels only around what the strip shows: a 3-hour file would need thousands.
  let tickStep = 10000, ticksDrawn = "";
  function drawTicks() {
    const from = Math.max(0, (timeline.scrollLeft - timeline.clientWidth) / scale);
    const to = Math.min(total, (timeline.scrollLeft + 2 * timeline.clientWidth) / scale);
    const first = Math.floor(from / tickStep) * tickStep;
    const key = first + "/" + to + "/" + tickStep + "/" + scale;
    if (key === ticksDrawn) return;
    ticksDrawn = key;
    const labels = document.createDocumentFragment();
    for (let t = first; t <= to; t += tickStep) {
      const label = document.createElement("span");
      label.className = "tick";
      label.style.setProperty("--s", t);
      label.textContent = short(t);
      labels.appendChild(label);
    }
    ticksEl.replaceChildren(labels);
  }
  let tickFrame = 0;
  timeline.addEventListener("scroll", function () {
    if (!tickFrame) tickFrame = requestAnimationFrame(function () { tickFrame = 0; drawTicks(); });
  }, { passive: true });
  function short(ms) {
    const s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    const ss = String(s % 60).padStart(2, "0");
    return h ? h + ":" + String(m).padStart(2, "0") + ":" + ss : m + ":" + ss;
  }
  lanes.style.setProperty("--total", total);
  timeline.style.setProperty("--rows", data.lanes);

  document.getElementById("zoom-in").addEventListener("click", function () { setScale(scale * 2); });
  document.getElementById("zoom-out").addEventListener("click", function () { setScale(scale / 2); });
  document.getElementById("zoom-fit").addEventListener("click", function () { setScale(0); timeline.scrollLeft = 0; });

  // --- events ---
  list.addEventListener("click", function (e) {
    const li = e.target.closest(".cue");
    if (li && !(e.target.closest("a"))) goToCue(Number(li.dataset.index));
  });
  const found = document.getElementById("finding-list");
  if (found) found.addEventListener("click", function (e) {
    const f = e.target.closest(".finding");
    if (f && f.dataset.cue !== undefined) goToCue(Number(f.dataset.cue));
  });
  timeline.addEventListener("click", function (e) {
    const bar = e.target.closest(".bar");
    if (bar) { goToCue(Number(bar.dataset.index)); return; }
    const box = lanes.getBoundingClientRect();
    seekTo((e.clientX - box.left) / scale);
  });
  playBtn.addEventListener("click", toggle);
  document.getElementById("prev").addEventListener("click", function () { step(-1); });
  document.getElementById("next").addEventListener("click", function () { step(1); });
  if (media) {
    ["play", "pause", "seeked", "timeupdate", "ended"].forEach(function (name) {
      media.addEventListener(name, function () { update(name !== "seeked" && !media.paused); startTicking(); });
    });
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  let spaceDown = false;
  window.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
    if (e.key === " " || e.key === "Spacebar") { e.preventDefault(); if (!e.repeat) toggle(); spaceDown = true; }
    else if (e.key === "ArrowRight" || e.key === "ArrowDown") { e.preventDefault(); step(1); }
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") { e.preventDefault(); step(-1); }
  }, true);
  window.addEventListener("keyup", function (e) {
    // a focused button would otherwise "click" on the space's keyup
    if ((e.key === " " || e.key === "Spacebar") && spaceDown) { e.preventDefault(); spaceDown = false; }
  }, true);

  update(false);
  // The strip's width is known after layout: set the scale in the first frame, so the
  // page's first layout is not forced while it is still loading.
  requestAnimationFrame(function () {
    setScale(Math.max((timeline.clientWidth - 10) / total, 0.02));
    document.documentElement.dataset.ready = "1";
    performance.mark("subconv-ready");
  });
})();
