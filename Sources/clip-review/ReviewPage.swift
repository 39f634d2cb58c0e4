import ReelCore

/// The review page: one HTML file with its style and script inline and the clips as JSON.
struct ReviewPage {
    var title: String
    /// Each: {"record": the bin's clip record, "src": the video's URL relative to the page}.
    var clips: [JSONValue]
    /// Where the browser keeps the edits between visits (offline).
    var storageKey: String
    /// Served by `clip-review serve`: edits go to the server, as the signed-in editor's.
    var served = false
    /// A script run after the page's own (tests drive the page with it), or nil.
    var extraScript: String?

    var html: String {
        let data = String(decoding: JSONValue.array(clips).serialized(), as: UTF8.self)
        let key = String(decoding: JSONValue.string(storageKey).serialized(), as: UTF8.self)
        return Self.template
            .replacingOccurrences(of: "@TITLE@", with: Self.escaped(title))
            .replacingOccurrences(of: "@KEY@", with: Self.scriptSafe(key))
            .replacingOccurrences(of: "@CLIPS@", with: Self.scriptSafe(data))
            .replacingOccurrences(of: "@SERVED@", with: served ? "true" : "false")
            .replacingOccurrences(of: "@EXTRA@", with: extraScript.map { "<script>\n" + Self.scriptSafe($0) + "\n</script>" } ?? "")
    }

    /// Text for HTML content.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// JSON safe inside a <script> element (no `</`, no `<!--`).
    static func scriptSafe(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
    }

    static let template = #"""
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>@TITLE@</title>
    <style>
      :root { color-scheme: dark; --kept: #3fb950; --skipped: #f85149; --line: #30363d; }
      body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #0d1117; color: #e6edf3; display: grid;
             grid-template-columns: 300px 1fr; height: 100vh; }
      #list { overflow-y: auto; border-right: 1px solid var(--line); margin: 0; padding: 0; list-style: none; }
      #list li { padding: 8px 12px; border-bottom: 1px solid var(--line); cursor: pointer; }
      #list li.current { background: #161b22; }
      #list li .mark { float: right; font-weight: bold; }
      #list li.kept .mark { color: var(--kept); } #list li.skipped .mark { color: var(--skipped); }
      main { padding: 16px 24px; overflow-y: auto; }
      video { width: 100%; max-height: 60vh; background: #000; }
      .row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 10px 0; }
      button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--line); background: #21262d; color: inherit; cursor: pointer; }
      button.keep { border-color: var(--kept); } button.skip { border-color: var(--skipped); }
      input[type=number] { width: 6em; font: inherit; }
      kbd { border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
      #export-text { white-space: pre-wrap; word-break: break-all; font-size: 12px; background: #161b22; padding: 8px; }
      .muted { color: #8b949e; }
    </style>
    </head>
    <body>
    <ul id="list"></ul>
    <main>
      <h1 id="clip-title"></h1>
      <p id="clip-info" class="muted"></p>
      <video id="player" controls preload="metadata"></video>
      <div class="row">
        <button id="keep" class="keep" title="k">Keep <kbd>k</kbd></button>
        <button id="skip" class="skip" title="s">Skip <kbd>s</kbd></button>
        <button id="previous" title="left arrow">&larr; Previous</button>
        <button id="next" title="right arrow">Next &rarr;</button>
        <span id="verdict" class="muted"></span>
      </div>
      <div class="row">
        <label>Cut from start <input id="trim-start" type="number" min="0" step="0.1" value="0"> s</label>
        <button id="start-here">Start here</button>
        <label>Cut from end <input id="trim-end" type="number" min="0" step="0.1" value="0"> s</label>
        <button id="end-here">End here</button>
      </div>
      <div class="row">
        <label>Volume <input id="volume" type="range" min="0" max="2" step="0.05" value="1"></label>
        <span id="volume-value">1.00</span>
      </div>
      <div class="row">
        <button id="export">Export edits (NDJSON)</button>
        <span id="summary" class="muted"></span>
      </div>
      <pre id="export-text"></pre>
      <p class="muted">Keys: <kbd>k</kbd> keep, <kbd>s</kbd> skip, <kbd>&larr;</kbd>/<kbd>&rarr;</kbd> (or
        <kbd>&uarr;</kbd>/<kbd>&darr;</kbd>) previous/next. Exported records go to <code>compile-clips</code>:
        <code>compile-clips edits.ndjson -o best.mp4 --intro ... --credits credits.txt</code>.</p>
    </main>
    <script id="clips" type="application/json">@CLIPS@</script>
    <script>
    "use strict";
    const clips = JSON.parse(document.getElementById("clips").textContent);
    const storageKey = @KEY@;
    const served = @SERVED@;
    const $ = (id) => document.getElementById(id);
    const player = $("player");
    // Edits by clip id, never by position: a clip gone or added moves no other clip's edits,
    // and one that comes back finds its own again.
    let stored = {};
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) || "null");
      if (saved && saved.version === 2 && saved.edits && typeof saved.edits === "object") stored = saved.edits;
    } catch (e) { /* a page opened where storage is off: edits last the visit */ }
    const edits = clips.map((clip) => {
      const edit = stored[clip.record.id];
      return edit && typeof edit === "object" ? edit : { keep: null, trim_start: 0, trim_end: 0, volume: 1 };
    });
    let current = 0;

    // Served: each change goes to the server as a decision on the clip's id (only the fields
    // it changes), and the others' decisions come in every 2 s.
    let pending = 0, idleWaiters = [], editor = null, info = {};
    function post(index, fields) {
      pending += 1;
      fetch("/api/decision", { method: "POST", credentials: "same-origin",
                               headers: { "Content-Type": "application/json", "X-Reel-Review": "1" },
                               body: JSON.stringify(Object.assign({ id: clips[index].record.id }, fields)) })
        .then((r) => { if (!r.ok) $("verdict").textContent = "not saved: HTTP " + r.status; })
        .catch(() => { $("verdict").textContent = "not saved: the server is unreachable"; })
        .finally(() => { pending -= 1; if (pending === 0) { idleWaiters.forEach((f) => f()); idleWaiters = []; } });
    }
    function applyState(state) {
      editor = state.user;
      clips.forEach((clip, index) => {
        const s = state.clips[clip.record.id];
        if (!s) return;
        edits[index] = { keep: s.keep === undefined ? null : s.keep, trim_start: s.trim_start || 0, trim_end: s.trim_end || 0,
                         volume: s.volume == null ? 1 : s.volume };
        info[clip.record.id] = { by: s.by, at: s.at };
      });
    }
    function refresh() {
      if (pending > 0) return Promise.resolve();
      return fetch("/api/state", { credentials: "same-origin" }).then((r) => r.json()).then((state) => {
        if (pending > 0) return;
        applyState(state);
        show(current, true);
      }).catch(() => {});
    }
    function save(fields) {
      if (served) { post(current, fields || edits[current]); return; }
      clips.forEach((clip, index) => { stored[clip.record.id] = edits[index]; });
      try { localStorage.setItem(storageKey, JSON.stringify({ version: 2, edits: stored })); } catch (e) { }
    }

    function renderList() {
      const list = $("list");
      list.textContent = "";
      clips.forEach((clip, index) => {
        const item = document.createElement("li");
        const record = clip.record;
        const edit = edits[index];
        item.className = (index === current ? "current " : "") + (edit.keep === true ? "kept" : edit.keep === false ? "skipped" : "");
        const mark = document.createElement("span");
        mark.className = "mark";
        mark.textContent = edit.keep === true ? "kept" : edit.keep === false ? "skipped" : "";
        item.append(mark, document.createTextNode(record.title || record.id || clip.src));
        const detail = document.createElement("div");
        detail.className = "muted";
        const who = info[record.id] && info[record.id].by ? "by " + info[record.id].by : null;
        detail.textContent = [record.channel, record.views != null ? record.views + " views" : null, who].filter(Boolean).join(" \u00b7 ");
        item.append(detail);
        item.addEventListener("click", () => show(index));
        list.append(item);
      });
      const kept = edits.filter((e) => e.keep === true).length;
      const skipped = edits.filter((e) => e.keep === false).length;
      $("summary").textContent = `${kept} kept, ${skipped} skipped, ${clips.length - kept - skipped} to review`;
    }

    function show(index, keepInputs) {
      current = Math.max(0, Math.min(clips.length - 1, index));
      const clip = clips[current], record = clip.record, edit = edits[current];
      if (player.getAttribute("src") !== clip.src) player.setAttribute("src", clip.src);
      if (keepInputs && document.activeElement && document.activeElement.tagName === "INPUT") { renderList(); return; }
      $("clip-title").textContent = record.title || record.id || clip.src;
      $("clip-info").textContent = [record.channel, record.game, record.created_at, record.duration != null ? record.duration + " s" : null,
                                    record.url].filter(Boolean).join(" \u00b7 ");
      $("trim-start").value = edit.trim_start;
      $("trim-end").value = edit.trim_end;
      $("volume").value = edit.volume;
      $("volume-value").textContent = Number(edit.volume).toFixed(2);
      player.volume = Math.min(1, edit.volume);
      $("verdict").textContent = edit.keep === true ? "kept" : edit.keep === false ? "skipped" : "not reviewed";
      renderList();
    }

    function decide(keep) {
      edits[current].keep = keep;
      save({ keep });
      if (current < clips.length - 1) show(current + 1); else show(current);
    }

    function number(id) {
      const value = parseFloat($(id).value);
      return isFinite(value) && value > 0 ? Math.round(value * 1000) / 1000 : 0;
    }

    function edited() {
      edits[current].trim_start = number("trim-start");
      edits[current].trim_end = number("trim-end");
      edits[current].volume = parseFloat($("volume").value);
      $("volume-value").textContent = edits[current].volume.toFixed(2);
      player.volume = Math.min(1, edits[current].volume);
      save({ trim_start: edits[current].trim_start, trim_end: edits[current].trim_end, volume: edits[current].volume });
    }

    function exported() {
      return clips.map((clip, index) => {
        const edit = edits[index];
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

    $("keep").addEventListener("click", () => decide(true));
    $("skip").addEventListener("click", () => decide(false));
    $("previous").addEventListener("click", () => show(current - 1));
    $("next").addEventListener("click", () => show(current + 1));
    $("start-here").addEventListener("click", () => { $("trim-start").value = player.currentTime.toFixed(1); edited(); });
    $("end-here").addEventListener("click", () => {
      const length = isFinite(player.duration) ? player.duration : (clips[current].record.duration || 0);
      $("trim-end").value = Math.max(0, length - player.currentTime).toFixed(1);
      edited();
    });
    for (const id of ["trim-start", "trim-end", "volume"]) $(id).addEventListener("input", edited);
    $("export").addEventListener("click", exportEdits);
    document.addEventListener("keydown", (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === "number") return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const actions = { k: () => decide(true), s: () => decide(false), ArrowRight: () => show(current + 1),
                        ArrowDown: () => show(current + 1), ArrowLeft: () => show(current - 1), ArrowUp: () => show(current - 1) };
      const action = actions[event.key];
      if (action) { event.preventDefault(); action(); }
    });
    const ready = served ? fetch("/api/state", { credentials: "same-origin" }).then((r) => r.json()).then(applyState).catch(() => {})
                         : Promise.resolve();
    window.reviewPage = {
      ready: ready.then(() => { show(0); if (served) setInterval(refresh, 2000); }),
      idle: () => pending === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)),
      refresh, editor: () => editor, ids: () => clips.map((c) => c.record.id), current: () => current,
    };
    </script>
    @EXTRA@
    </body>
    </html>
    """#
}
