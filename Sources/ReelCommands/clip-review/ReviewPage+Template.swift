extension ReviewPage {
    /// The page: a list of clips (thumbnails, decisions, drag to reorder), the player with a
    /// timeline of in and out handles, the compilation's order and length, keyboard help.
    static let template = #"""
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>@TITLE@</title>
    <style>
      :root { color-scheme: dark; --kept: #3fb950; --skipped: #f85149; --line: #30363d; --accent: #58a6ff; }
      body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #0d1117; color: #e6edf3; display: grid;
             grid-template-columns: 320px 1fr 260px; height: 100vh; }
      #list { overflow-y: auto; border-right: 1px solid var(--line); margin: 0; padding: 0; list-style: none; }
      #list li { padding: 6px 10px; border-bottom: 1px solid var(--line); cursor: pointer; display: grid;
                 grid-template-columns: 96px 1fr; gap: 8px; align-items: center; }
      #list li.current { background: #161b22; outline: 1px solid var(--accent); }
      #list li.dragging { opacity: 0.4; }
      #list .thumb { width: 96px; height: 54px; object-fit: cover; background: #000; border-radius: 4px; }
      #list .mark { font-weight: bold; }
      #list li.kept .mark { color: var(--kept); } #list li.skipped .mark { color: var(--skipped); }
      main { padding: 12px 20px; overflow-y: auto; }
      h1 { font-size: 20px; margin: 4px 0; }
      video { width: 100%; max-height: 55vh; background: #000; }
      .row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
      button { font: inherit; padding: 5px 12px; border-radius: 6px; border: 1px solid var(--line); background: #21262d; color: inherit; cursor: pointer; }
      button.keep { border-color: var(--kept); } button.skip { border-color: var(--skipped); }
      input[type=number] { width: 5.5em; font: inherit; }
      kbd { border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; font-size: 12px; }
      #timeline { position: relative; height: 36px; background: #161b22; border: 1px solid var(--line); border-radius: 6px;
                  margin: 8px 0; user-select: none; touch-action: none; }
      #timeline .kept-span { position: absolute; top: 0; bottom: 0; background: rgba(63, 185, 80, 0.25); }
      #timeline .handle { position: absolute; top: -3px; bottom: -3px; width: 10px; margin-left: -5px; background: var(--kept);
                          border-radius: 3px; cursor: ew-resize; }
      #timeline .playhead { position: absolute; top: 0; bottom: 0; width: 2px; background: #fff; pointer-events: none; }
      #order-panel { border-left: 1px solid var(--line); padding: 12px; overflow-y: auto; }
      #order { padding-left: 20px; margin: 6px 0; }
      #export-text { white-space: pre-wrap; word-break: break-all; font-size: 12px; background: #161b22; padding: 8px; }
      #help { position: fixed; inset: 10% 25%; background: #161b22; border: 1px solid var(--line); border-radius: 8px;
              padding: 16px 24px; box-shadow: 0 8px 30px #000; }
      #help[hidden] { display: none; }
      #help table td { padding: 2px 12px 2px 0; }
      .muted { color: #8b949e; }
    </style>
    </head>
    <body>
    <ul id="list"></ul>
    <main>
      <h1 id="clip-title"></h1>
      <p id="clip-info" class="muted"></p>
      <video id="player" controls preload="metadata"></video>
      <div id="timeline" title="Drag the handles to set where the clip starts and ends (keys i and o)">
        <div class="kept-span" id="kept-span"></div>
        <div class="handle" id="in-handle" title="in (i)"></div>
        <div class="handle" id="out-handle" title="out (o)"></div>
        <div class="playhead" id="playhead"></div>
      </div>
      <div class="row muted"><span id="times"></span></div>
      <div class="row">
        <button id="keep" class="keep">Keep <kbd>y</kbd></button>
        <button id="skip" class="skip">Skip <kbd>n</kbd></button>
        <button id="previous">&uarr; Previous</button>
        <button id="next">Next &darr;</button>
        <span id="verdict" class="muted"></span>
      </div>
      <div class="row">
        <label>Cut from start <input id="trim-start" type="number" min="0" step="0.1" value="0"> s</label>
        <button id="start-here">In here <kbd>i</kbd></button>
        <label>Cut from end <input id="trim-end" type="number" min="0" step="0.1" value="0"> s</label>
        <button id="end-here">Out here <kbd>o</kbd></button>
      </div>
      <div class="row">
        <label>Volume <input id="volume" type="range" min="0" max="2" step="0.05" value="1"></label>
        <span id="volume-value">1.00</span>
      </div>
      <div class="row">
        <button id="export">Export edits (NDJSON)</button>
        <button id="show-help">Keys <kbd>?</kbd></button>
        <span id="summary" class="muted"></span>
      </div>
      <pre id="export-text"></pre>
    </main>
    <aside id="order-panel">
      <h2>Compilation</h2>
      <p id="total" class="muted"></p>
      <ol id="order"></ol>
      <p class="muted">Drag clips in the list (or <kbd>Alt</kbd>+<kbd>&uarr;</kbd>/<kbd>&darr;</kbd>) to change the order.</p>
    </aside>
    <div id="help" hidden>
      <h2>Keys</h2>
      <table>
        <tr><td><kbd>y</kbd> / <kbd>n</kbd></td><td>keep / skip, then the next clip</td></tr>
        <tr><td><kbd>j</kbd> <kbd>k</kbd> <kbd>l</kbd></td><td>back 2 s / play or pause / play (again: faster)</td></tr>
        <tr><td><kbd>Space</kbd></td><td>play or pause</td></tr>
        <tr><td><kbd>&larr;</kbd> / <kbd>&rarr;</kbd></td><td>1 s back / on</td></tr>
        <tr><td><kbd>,</kbd> / <kbd>.</kbd></td><td>a frame back / on (paused)</td></tr>
        <tr><td><kbd>i</kbd> / <kbd>o</kbd></td><td>in / out at the playhead</td></tr>
        <tr><td><kbd>&uarr;</kbd> / <kbd>&darr;</kbd></td><td>previous / next clip</td></tr>
        <tr><td><kbd>Alt</kbd>+<kbd>&uarr;</kbd> / <kbd>&darr;</kbd></td><td>move the clip up / down the order</td></tr>
        <tr><td><kbd>?</kbd> / <kbd>Esc</kbd></td><td>this help / close it</td></tr>
      </table>
      <p class="muted">Playback starts at the in point and stops at the out point. Exported records go to
        <code>compile-clips</code>: <code>compile-clips edits.ndjson -o best.mp4 --name-overlay --credits-card</code>.</p>
    </div>
    <script id="clips" type="application/json">@CLIPS@</script>
    <script>
    "use strict";
    const clips = JSON.parse(document.getElementById("clips").textContent);
    const storageKey = @KEY@;
    const served = @SERVED@;
    const $ = (id) => document.getElementById(id);
    const player = $("player");
    const FRAME = 1 / 30;

    // Human durations and dates: 25.6 s, 1 min 23 s; 18 Nov 2026, 12:03 (3 days ago).
    function duration(seconds) {
      if (!isFinite(seconds)) return "";
      if (seconds < 60) return (Math.round(seconds * 10) / 10) + " s";
      const minutes = Math.floor(seconds / 60), rest = Math.round(seconds - minutes * 60);
      return minutes + " min" + (rest ? " " + rest + " s" : "");
    }
    function clock(seconds) {
      const m = Math.floor(seconds / 60), s = seconds - m * 60;
      return m + ":" + (s < 10 ? "0" : "") + s.toFixed(1);
    }
    function humanDate(text) {
      const date = new Date(text);
      if (!text || isNaN(date)) return null;
      const formatted = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
      const days = Math.round((Date.now() - date) / 86400000);
      const ago = days === 0 ? "today" : days === 1 ? "yesterday" : days > 1 && days < 60 ? days + " days ago" : null;
      return ago ? formatted + " (" + ago + ")" : formatted;
    }
    function since(text) {
      const seconds = (Date.now() - new Date(text)) / 1000;
      if (!isFinite(seconds)) return "";
      if (seconds < 60) return "just now";
      if (seconds < 3600) return Math.round(seconds / 60) + " min ago";
      if (seconds < 86400) return Math.round(seconds / 3600) + " h ago";
      return humanDate(text);
    }

    // Edits by clip id, never by position: a clip gone or added moves no other clip's edits,
    // and one that comes back finds its own again. The order is a position per clip id.
    let stored = {};
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) || "null");
      if (saved && saved.version === 2 && saved.edits && typeof saved.edits === "object") stored = saved.edits;
    } catch (e) { /* a page opened where storage is off: edits last the visit */ }
    const blank = () => ({ keep: null, trim_start: 0, trim_end: 0, volume: 1, position: null });
    const edits = clips.map((clip) => {
      const edit = stored[clip.record.id];
      return Object.assign(blank(), edit && typeof edit === "object" ? edit : {});
    });
    const lengths = clips.map((clip) => Number(clip.record.duration) || 0);
    let order = [];
    function sortOrder() {
      order = clips.map((_, index) => index).sort((a, b) => {
        const pa = edits[a].position == null ? a : edits[a].position, pb = edits[b].position == null ? b : edits[b].position;
        return pa - pb || a - b;
      });
    }
    sortOrder();
    let current = 0;

    // Served: each change goes to the server as a decision on the clip's id (only the fields
    // it changes), and the others' decisions come in every 2 s.
    // Decisions go one after another, in the order they were made: sent side by side, a clip
    // moved up three places could reach the server's ledger as 0, then 1 (its last word, 1).
    let pending = 0, idleWaiters = [], editor = null, sent = Promise.resolve();
    const info = {};
    function post(index, fields) {
      pending += 1;
      const body = JSON.stringify(Object.assign({ id: clips[index].record.id }, fields));
      sent = sent.then(() => fetch("/api/decision", { method: "POST", credentials: "same-origin",
                                                      headers: { "Content-Type": "application/json", "X-Reel-Review": "1" }, body })
        .then((r) => { if (!r.ok) $("verdict").textContent = "not saved: HTTP " + r.status; })
        .catch(() => { $("verdict").textContent = "not saved: the server is unreachable"; })
        .finally(() => { pending -= 1; if (pending === 0) { idleWaiters.forEach((f) => f()); idleWaiters = []; } }));
    }
    function applyState(state) {
      editor = state.user;
      clips.forEach((clip, index) => {
        const s = state.clips[clip.record.id];
        if (!s) return;
        edits[index] = { keep: s.keep === undefined ? null : s.keep, trim_start: s.trim_start || 0, trim_end: s.trim_end || 0,
                         volume: s.volume == null ? 1 : s.volume, position: s.position == null ? null : s.position };
        info[clip.record.id] = { by: s.by, at: s.at };
      });
      sortOrder();
    }
    function refresh() {
      if (pending > 0) return Promise.resolve();
      return fetch("/api/state", { credentials: "same-origin" }).then((r) => r.json()).then((state) => {
        if (pending > 0) return;
        applyState(state);
        show(current, true);
      }).catch(() => {});
    }
    function save(index, fields) {
      if (served) { post(index, fields); return; }
      clips.forEach((clip, i) => { stored[clip.record.id] = edits[i]; });
      try { localStorage.setItem(storageKey, JSON.stringify({ version: 2, edits: stored })); } catch (e) { }
    }

    const lengthOf = (index) => isFinite(player.duration) && index === current && player.duration > 0 ? player.duration : lengths[index];
    const shown = (index) => Math.max(0, lengthOf(index) - edits[index].trim_start - edits[index].trim_end);

    function renderList() {
      const list = $("list");
      list.textContent = "";
      order.forEach((index) => {
        const clip = clips[index], record = clip.record, edit = edits[index];
        const item = document.createElement("li");
        item.dataset.index = index;
        item.draggable = true;
        item.className = (index === current ? "current " : "") + (edit.keep === true ? "kept" : edit.keep === false ? "skipped" : "");
        let thumb;
        if (record.thumbnail_url || clip.poster) {
          thumb = document.createElement("img");
          thumb.src = record.thumbnail_url || clip.poster;
          thumb.alt = "";
          thumb.loading = "lazy";
        } else {
          thumb = document.createElement("video");  // its poster frame, from the clip itself
          thumb.muted = true;
          thumb.preload = "metadata";
          thumb.src = clip.src + "#t=" + Math.min(1, (lengths[index] || 2) / 2);
        }
        thumb.className = "thumb";
        const text = document.createElement("div");
        const name = document.createElement("div");
        name.textContent = record.title || record.channel || record.id;
        const mark = document.createElement("div");
        mark.className = "mark";
        const who = info[record.id] && info[record.id].by ? " by " + info[record.id].by + ", " + since(info[record.id].at) : "";
        mark.textContent = (edit.keep === true ? "kept" : edit.keep === false ? "skipped" : "") + (edit.keep !== null ? who : "");
        const detail = document.createElement("div");
        detail.className = "muted";
        detail.textContent = [record.channel, duration(lengths[index]), record.views != null ? record.views + " views" : null]
          .filter(Boolean).join(" \u00b7 ");
        text.append(name, detail, mark);
        item.append(thumb, text);
        item.addEventListener("click", () => show(index));
        item.addEventListener("dragstart", (event) => {
          event.dataTransfer.setData("text/plain", String(index));
          event.dataTransfer.effectAllowed = "move";
          item.classList.add("dragging");
        });
        item.addEventListener("dragend", () => item.classList.remove("dragging"));
        item.addEventListener("dragover", (event) => { event.preventDefault(); event.dataTransfer.dropEffect = "move"; });
        item.addEventListener("drop", (event) => {
          event.preventDefault();
          const from = Number(event.dataTransfer.getData("text/plain"));
          if (Number.isInteger(from) && from !== index) moveTo(from, order.indexOf(index));
        });
        list.append(item);
      });
      renderOrder();
    }

    function renderOrder() {
      const kept = order.filter((index) => edits[index].keep === true);
      const total = kept.reduce((sum, index) => sum + shown(index), 0);
      $("total").textContent = kept.length + " clip" + (kept.length === 1 ? "" : "s") + ", " + duration(total);
      const list = $("order");
      list.textContent = "";
      kept.forEach((index) => {
        const item = document.createElement("li");
        item.textContent = (clips[index].record.title || clips[index].record.channel || clips[index].record.id) + " \u00b7 " + duration(shown(index));
        list.append(item);
      });
      const reviewed = edits.filter((e) => e.keep !== null).length;
      $("summary").textContent = `${kept.length} kept, ${edits.filter((e) => e.keep === false).length} skipped, ${clips.length - reviewed} to review`;
    }

    // Moves clip `index` to place `to` in the order; every clip's position is saved anew.
    function moveTo(index, to) {
      const from = order.indexOf(index);
      if (from < 0 || to < 0 || to >= order.length || from === to) return;
      order.splice(from, 1);
      order.splice(to, 0, index);
      order.forEach((clipIndex, place) => {
        if (edits[clipIndex].position !== place) {
          edits[clipIndex].position = place;
          save(clipIndex, { position: place });
        }
      });
      if (!served) save(index, {});
      renderList();
    }

    function renderTimeline() {
      const length = lengthOf(current) || 1, edit = edits[current];
      const inAt = edit.trim_start / length * 100, outAt = (length - edit.trim_end) / length * 100;
      $("in-handle").style.left = inAt + "%";
      $("out-handle").style.left = outAt + "%";
      $("kept-span").style.left = inAt + "%";
      $("kept-span").style.width = Math.max(0, outAt - inAt) + "%";
      $("playhead").style.left = Math.min(100, player.currentTime / length * 100) + "%";
      $("times").textContent = `in ${clock(edit.trim_start)} \u00b7 out ${clock(length - edit.trim_end)} \u00b7 ${duration(shown(current))} of ${duration(length)} \u00b7 at ${clock(player.currentTime || 0)}`;
    }

    function show(index, keepInputs) {
      current = Math.max(0, Math.min(clips.length - 1, index));
      const clip = clips[current], record = clip.record, edit = edits[current];
      if (player.getAttribute("src") !== clip.src) {
        player.setAttribute("src", clip.src);
        if (record.thumbnail_url || clip.poster) player.poster = record.thumbnail_url || clip.poster; else player.removeAttribute("poster");
      }
      if (keepInputs && document.activeElement && document.activeElement.tagName === "INPUT") { renderList(); return; }
      $("clip-title").textContent = record.title || record.channel || record.id;
      $("clip-info").textContent = [record.channel, record.game, humanDate(record.created_at), duration(lengths[current]),
                                    record.url].filter(Boolean).join(" \u00b7 ");
      $("trim-start").value = edit.trim_start;
      $("trim-end").value = edit.trim_end;
      $("volume").value = edit.volume;
      $("volume-value").textContent = Number(edit.volume).toFixed(2);
      player.volume = Math.min(1, edit.volume);
      const by = info[record.id] && info[record.id].by ? ` (by ${info[record.id].by}, ${since(info[record.id].at)})` : "";
      $("verdict").textContent = (edit.keep === true ? "kept" : edit.keep === false ? "skipped" : "not reviewed") + by;
      renderList();
      renderTimeline();
    }

    function decide(keep) {
      edits[current].keep = keep;
      save(current, { keep });
      const at = order.indexOf(current);
      show(at < order.length - 1 ? order[at + 1] : current);
    }

    const round = (value) => Math.round(Math.max(0, value) * 1000) / 1000;
    function number(id) {
      const value = parseFloat($(id).value);
      return isFinite(value) && value > 0 ? round(value) : 0;
    }
    function setTrims(trimStart, trimEnd) {
      const length = lengthOf(current);
      trimStart = round(trimStart); trimEnd = round(trimEnd);
      if (length > 0 && trimStart + trimEnd > length - 0.1) return;  // something of the clip must stay
      edits[current].trim_start = trimStart;
      edits[current].trim_end = trimEnd;
      $("trim-start").value = trimStart;
      $("trim-end").value = trimEnd;
      save(current, { trim_start: trimStart, trim_end: trimEnd });
      renderTimeline();
      renderOrder();
    }
    function edited() {
      edits[current].trim_start = number("trim-start");
      edits[current].trim_end = number("trim-end");
      edits[current].volume = parseFloat($("volume").value);
      $("volume-value").textContent = edits[current].volume.toFixed(2);
      player.volume = Math.min(1, edits[current].volume);
      save(current, { trim_start: edits[current].trim_start, trim_end: edits[current].trim_end, volume: edits[current].volume });
      renderTimeline();
      renderOrder();
    }
    const markIn = () => setTrims(player.currentTime, edits[current].trim_end);
    const markOut = () => setTrims(edits[current].trim_start, lengthOf(current) - player.currentTime);

    // Playback honours the trims: it starts at the in point and stops at the out point.
    player.addEventListener("play", () => {
      const edit = edits[current], out = lengthOf(current) - edit.trim_end;
      if (player.currentTime < edit.trim_start || player.currentTime >= out - 0.05) player.currentTime = edit.trim_start;
    });
    player.addEventListener("timeupdate", () => {
      const out = lengthOf(current) - edits[current].trim_end;
      if (!player.paused && player.currentTime >= out) { player.pause(); player.currentTime = out; }
      renderTimeline();
    });
    player.addEventListener("loadedmetadata", () => {
      if (isFinite(player.duration)) lengths[current] = player.duration;
      if (player.currentTime < edits[current].trim_start) player.currentTime = edits[current].trim_start;
      renderTimeline();
      renderOrder();
    });
    player.addEventListener("seeked", renderTimeline);

    // The timeline's handles, dragged with a mouse, a pen or a finger.
    for (const [id, which] of [["in-handle", "in"], ["out-handle", "out"]]) {
      $(id).addEventListener("pointerdown", (event) => {
        event.preventDefault();
        const bar = $("timeline").getBoundingClientRect(), length = lengthOf(current);
        const move = (e) => {
          const at = Math.max(0, Math.min(1, (e.clientX - bar.left) / bar.width)) * length;
          if (which === "in") setTrims(at, edits[current].trim_end); else setTrims(edits[current].trim_start, length - at);
          player.currentTime = Math.min(at, length);
        };
        const up = () => { window.removeEventListener("pointermove", move); window.removeEventListener("pointerup", up); };
        window.addEventListener("pointermove", move);
        window.addEventListener("pointerup", up);
      });
    }
    $("timeline").addEventListener("click", (event) => {
      if (event.target.classList.contains("handle")) return;
      const bar = $("timeline").getBoundingClientRect();
      player.currentTime = Math.max(0, Math.min(1, (event.clientX - bar.left) / bar.width)) * lengthOf(current);
    });

    function exported() {
      return order.map((index) => {
        const clip = clips[index], edit = edits[index];
        const record = Object.assign({}, clip.record, { keep: edit.keep === true });
        if (edit.keep === null) record.reviewed = false;
        if (edit.trim_start > 0) record.trim_start = edit.trim_start;
        if (edit.trim_end > 0) record.trim_end = edit.trim_end;
        if (edit.volume !== 1) record.volume = edit.volume;
        return JSON.stringify(record);
      }).join("\n") + "\n";
    }

    function exportEdits() {
      const text = exported();
      $("export-text").textContent = text;
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "application/x-ndjson" }));
      link.download = "edits.ndjson";
      document.body.append(link);
      link.click();
      link.remove();
    }

    let rate = 1;
    function playForward() {
      rate = player.paused ? 1 : Math.min(8, rate * 2);
      player.playbackRate = rate;
      player.play().catch(() => {});
    }
    function step(seconds) {
      player.pause();
      player.currentTime = Math.max(0, Math.min(lengthOf(current), player.currentTime + seconds));
      renderTimeline();
    }
    const toggleHelp = (open) => { $("help").hidden = open === undefined ? !$("help").hidden : !open; };

    $("keep").addEventListener("click", () => decide(true));
    $("skip").addEventListener("click", () => decide(false));
    $("previous").addEventListener("click", () => show(order[Math.max(0, order.indexOf(current) - 1)]));
    $("next").addEventListener("click", () => show(order[Math.min(order.length - 1, order.indexOf(current) + 1)]));
    $("start-here").addEventListener("click", markIn);
    $("end-here").addEventListener("click", markOut);
    for (const id of ["trim-start", "trim-end", "volume"]) $(id).addEventListener("input", edited);
    $("export").addEventListener("click", exportEdits);
    $("show-help").addEventListener("click", () => toggleHelp());
    document.addEventListener("keydown", (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === "number") return;
      if (event.ctrlKey || event.metaKey) return;
      const at = order.indexOf(current);
      if (event.altKey) {
        if (event.key === "ArrowUp") { event.preventDefault(); moveTo(current, at - 1); }
        if (event.key === "ArrowDown") { event.preventDefault(); moveTo(current, at + 1); }
        return;
      }
      const actions = {
        y: () => decide(true), n: () => decide(false), Enter: () => decide(true), Delete: () => decide(false),
        j: () => step(-2), k: () => (player.paused ? player.play().catch(() => {}) : player.pause()), l: playForward,
        " ": () => (player.paused ? player.play().catch(() => {}) : player.pause()),
        ArrowLeft: () => step(-1), ArrowRight: () => step(1), ",": () => step(-FRAME), ".": () => step(FRAME),
        i: markIn, o: markOut,
        ArrowUp: () => show(order[Math.max(0, at - 1)]), ArrowDown: () => show(order[Math.min(order.length - 1, at + 1)]),
        "?": () => toggleHelp(), Escape: () => toggleHelp(false),
      };
      const action = actions[event.key];
      if (action) { event.preventDefault(); action(); }
    });
    const ready = served ? fetch("/api/state", { credentials: "same-origin" }).then((r) => r.json()).then(applyState).catch(() => {})
                         : Promise.resolve();
    window.reviewPage = {
      ready: ready.then(() => { show(order[0]); if (served) setInterval(refresh, 2000); }),
      idle: () => pending === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)),
      refresh, editor: () => editor, ids: () => clips.map((c) => c.record.id), current: () => current,
      order: () => order.map((index) => clips[index].record.id), total: () => $("total").textContent,
      moveTo, seek: (t) => { player.currentTime = t; }, time: () => player.currentTime,
    };
    </script>
    @EXTRA@
    </body>
    </html>
    """#
}
