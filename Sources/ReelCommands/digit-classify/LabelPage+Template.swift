extension LabelPage {
    /// The page, with @TITLE@ and @DATA@ (the frames as JSON) to fill in.
    static let template = #"""
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>@TITLE@</title>
    <style>
      :root { color-scheme: dark; --line: #30363d; --muted: #8b949e; --icon: #f2cc60; --digits: #58d6ff; --current: #f0f6fc; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #0d1117; color: #e6edf3; }
      header { display: flex; gap: 16px; align-items: baseline; padding: 8px 16px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
      header h1 { font-size: 17px; margin: 0; }
      .muted { color: var(--muted); }
      button { font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid var(--line); background: #21262d; color: inherit; cursor: pointer; }
      button.on { border-color: var(--current); background: #30363d; }
      kbd { border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; font-size: 12px; }
      #timeline { display: block; width: 100%; height: 22px; cursor: pointer; border-bottom: 1px solid var(--line); }
      #strip { display: flex; gap: 2px; overflow-x: auto; padding: 6px 8px 4px; border-bottom: 1px solid var(--line); scroll-padding: 0 40%; }
      .cell { flex: none; position: relative; min-width: 56px; padding: 2px 2px 0; border: 2px solid transparent; border-radius: 4px; cursor: pointer; }
      .cell .thumb { height: 40px; overflow: hidden; }
      .cell .thumb img { display: block; }
      .cell.current { border-color: var(--current); }
      .cell .span { height: 6px; margin-top: 2px; border-radius: 2px; }
      .cell .cap { display: flex; justify-content: space-between; gap: 6px; font-size: 11px; color: var(--muted); white-space: nowrap; }
      .cell .cap .value { color: #e6edf3; font-weight: 600; }
      .cell .cap .exact { color: var(--icon); }
      .cell.labelled { border-left-color: #ff7b72; }
      .cell.labelled .cap .value::before { content: "\25B6 "; color: #ff7b72; }
      .cell .change { position: absolute; right: 3px; top: 3px; width: 6px; border-radius: 2px; background: #ff7b72; }
      .hidden-span { background: repeating-linear-gradient(135deg, #484f58 0 4px, #21262d 4px 8px); }
      main { padding: 10px 16px; }
      #info { font-size: 15px; margin: 4px 0 8px; }
      #info b { font-size: 18px; }
      #typing { display: inline-block; min-width: 9em; padding: 2px 8px; border: 1px dashed var(--line); border-radius: 6px; font-family: ui-monospace, monospace; }
      #typing.active { border-color: #ff7b72; color: #ff7b72; }
      #view-wrap { overflow: auto; max-width: 100%; padding: 4px 0; }
      #view { display: block; cursor: crosshair; background: #000; }
      .row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
      .swatch { display: inline-block; width: 10px; height: 10px; border: 2px solid; margin-right: 4px; }
      #export-panel { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-top: 12px; }
      #export-panel h3 { font-size: 14px; margin: 6px 0; }
      pre { white-space: pre-wrap; word-break: break-all; font-size: 12px; background: #161b22; padding: 8px; margin: 0; max-height: 260px; overflow: auto; }
      #icon-image { image-rendering: pixelated; height: 64px; background: #000; border: 1px solid var(--line); }
      a { color: #58a6ff; }
      #help { position: fixed; inset: 40px auto auto 50%; transform: translateX(-50%); background: #161b22; border: 1px solid var(--line);
              border-radius: 8px; padding: 12px 20px; box-shadow: 0 8px 30px #000a; z-index: 2; }
      #help table td { padding: 2px 10px 2px 0; }
      #warning { color: #ffa657; }
    </style>
    </head>
    <body>
    <header>
      <h1>@TITLE@</h1>
      <span id="summary" class="muted"></span>
      <span id="status" class="muted">reading the frames&hellip;</span>
      <span style="flex: 1"></span>
      <button id="help-button" title="?">Keys <kbd>?</kbd></button>
      <button id="export" title="e">Export <kbd>e</kbd></button>
    </header>
    <canvas id="timeline" title="Every frame, coloured by the value it shows; click to go there"></canvas>
    <div id="strip"></div>
    <main>
      <div id="info"></div>
      <div class="row">
        <span id="typing" title="Type digits, then Enter">type a number</span>
        <span class="muted"><kbd>0</kbd>&ndash;<kbd>9</kbd> <kbd>Enter</kbd> this value from here on &middot; <kbd>x</kbd> no counter from here
          &middot; <kbd>Del</kbd> remove the label here &middot; <kbd>Shift</kbd>+<kbd>&rarr;</kbd> next change</span>
      </div>
      <div id="view-wrap"><canvas id="view"></canvas></div>
      <div class="row">
        <span>Drag a box around:</span>
        <button id="mode-icon"><span class="swatch" style="border-color: var(--icon)"></span>the icon <kbd>i</kbd></button>
        <button id="mode-digits"><span class="swatch" style="border-color: var(--digits)"></span>the digits <kbd>d</kbd></button>
        <span id="boxes" class="muted"></span>
        <button id="clear-boxes">Clear boxes</button>
        <span class="muted">zoom <kbd>+</kbd>/<kbd>-</kbd>: <span id="zoom"></span></span>
      </div>
      <div id="warning"></div>
      <div id="export-panel">
        <div>
          <h3>labels.ndjson <a id="labels-link" download="labels.ndjson" href="#">download</a></h3>
          <pre id="labels-text"></pre>
        </div>
        <div>
          <h3>counter.json <a id="counter-link" download="counter.json" href="#">download</a></h3>
          <pre id="counter-text"></pre>
          <h3>icon.png <a id="icon-link" download="icon.png" href="#">download</a> <span id="icon-size" class="muted"></span></h3>
          <img id="icon-image" alt="the icon box's pixels" hidden>
        </div>
      </div>
      <p class="muted">Then: <code>digit-classify dataset FRAMES --labels labels.ndjson --profile P ...</code> with counter.json's
        <code>counter</code> in the profile P (icon.png next to it); see digit-classify(1).</p>
    </main>
    <div id="help" hidden>
      <h3>Keys</h3>
      <table>
        <tr><td><kbd>&larr;</kbd> <kbd>&rarr;</kbd></td><td>previous, next frame</td></tr>
        <tr><td><kbd>Shift</kbd>+<kbd>&larr;</kbd> <kbd>&rarr;</kbd>, <kbd>PageUp</kbd> <kbd>PageDown</kbd></td><td>previous, next frame where the picture changed (around the icon once its box is drawn)</td></tr>
        <tr><td><kbd>Home</kbd> <kbd>End</kbd></td><td>first, last frame</td></tr>
        <tr><td><kbd>0</kbd>&ndash;<kbd>9</kbd> then <kbd>Enter</kbd></td><td>the counter shows this number from this frame on</td></tr>
        <tr><td><kbd>x</kbd> or <kbd>n</kbd></td><td>no counter visible from this frame on</td></tr>
        <tr><td><kbd>Delete</kbd> <kbd>Backspace</kbd></td><td>remove the label at this frame (Backspace first erases typed digits)</td></tr>
        <tr><td><kbd>Esc</kbd></td><td>forget typed digits, close this</td></tr>
        <tr><td><kbd>i</kbd> <kbd>d</kbd></td><td>a drag on the frame draws the icon's box, the digits' box</td></tr>
        <tr><td><kbd>+</kbd> <kbd>-</kbd></td><td>zoom the frame</td></tr>
        <tr><td><kbd>e</kbd></td><td>export: labels.ndjson, icon.png, counter.json</td></tr>
        <tr><td><kbd>?</kbd></td><td>show or hide this</td></tr>
      </table>
      <p class="muted">A frame shows the value of the last label at or before it. Work is kept in this browser.</p>
    </div>
    <script id="data" type="application/json">@DATA@</script>
    <script>
    (() => {  // the page's names stay its own; window.labelPage is what it shows outside
    "use strict";
    const data = JSON.parse(document.getElementById("data").textContent);
    const frames = data.frames;
    const $ = (id) => document.getElementById(id);
    const view = $("view"), strip = $("strip"), timeline = $("timeline");
    const frameKey = (i) => (frames[i].source == null ? "" : frames[i].source) + "|" + frames[i].t;
    const keyIndex = new Map(frames.map((frame, i) => [frameKey(i), i]));
    const allExact = data.exact.every(Boolean);

    // The work: labels (frame index -> a count or null: no counter), the boxes (crop pixels).
    let labels = new Map();
    let icon = null, digits = null;
    // zoom: a whole factor over the crop's resolution (null: the largest within data.maxWidth).
    let current = 0, zoom = null, mode = "icon", typed = "";
    let images = [], signatures = [], measures = new Float64Array(frames.length), changed = new Uint8Array(frames.length);
    let ready = false, drag = null;

    function save() {
      const stored = {
        labels: Object.fromEntries([...labels].map(([i, value]) => [frameKey(i), value])),
        icon: icon && Object.assign({}, icon, { frame: frameKey(icon.frame) }),
        digits: digits && Object.assign({}, digits, { frame: frameKey(digits.frame) }),
        current: frameKey(current), zoom, mode,
      };
      try { localStorage.setItem(data.key, JSON.stringify(stored)); } catch (e) { $("status").textContent = "not kept in this browser: " + e; }
    }

    function load() {
      let stored = null;
      try { stored = JSON.parse(localStorage.getItem(data.key) || "null"); } catch (e) { stored = null; }
      if (!stored || typeof stored !== "object") return;
      for (const [key, value] of Object.entries(stored.labels || {})) {
        if (keyIndex.has(key) && (value === null || Number.isInteger(value))) labels.set(keyIndex.get(key), value);
      }
      const box = (b) => b && keyIndex.has(b.frame) && [b.x, b.y, b.w, b.h].every(Number.isInteger)
        ? { x: b.x, y: b.y, w: b.w, h: b.h, frame: keyIndex.get(b.frame) } : null;
      icon = box(stored.icon);
      digits = box(stored.digits);
      if (keyIndex.has(stored.current)) current = keyIndex.get(stored.current);
      if (Number.isInteger(stored.zoom) && stored.zoom >= 1 && stored.zoom <= 8) zoom = stored.zoom;
      if (stored.mode === "digits") mode = "digits";
    }

    // ---- Values: each frame shows the last label at or before it (within its source).

    function values() {
      const shown = new Array(frames.length);
      let last = null;
      frames.forEach((frame, i) => {
        if (i > 0 && frame.source !== frames[i - 1].source) last = null;
        if (labels.has(i)) last = { value: labels.get(i), from: i };
        shown[i] = last;
      });
      return shown;
    }

    const valueText = (value) => value === null ? "none" : String(value);
    function valueColour(value) {
      return value === null ? null : `hsl(${(value * 67 + 200) % 360}, 65%, 48%)`;
    }

    // ---- The change measure: the share of pixels of the area around the icon (the whole crop
    // before its box is drawn) whose colour differs much from the frame before's, on copies of
    // the crops of at most 64K pixels. Colour, not gray: red digits on a magenta ground are
    // nearly the same gray.

    const signatureCanvas = document.createElement("canvas");
    function signature(image) {
      const w = image.naturalWidth, h = image.naturalHeight;
      const scale = Math.min(1, Math.sqrt(65536 / (w * h)));
      const sw = Math.max(1, Math.round(w * scale)), sh = Math.max(1, Math.round(h * scale));
      signatureCanvas.width = sw;
      signatureCanvas.height = sh;
      const context = signatureCanvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(image, 0, 0, sw, sh);
      const rgba = context.getImageData(0, 0, sw, sh).data;
      return { w, h, sw, sh, sx: sw / w, sy: sh / h, rgba };
    }

    function changeRegion(frame) {
      if (!icon) return { x: 0, y: 0, w: frame.w, h: frame.h };
      const pad = icon.h / 2;
      let x0 = icon.x - pad, y0 = icon.y - pad, x1 = icon.x + icon.w + 4 * icon.h, y1 = icon.y + 1.5 * icon.h;
      if (digits) {
        x0 = Math.min(icon.x, digits.x) - pad / 2; y0 = Math.min(icon.y, digits.y) - pad / 2;
        x1 = Math.max(icon.x + icon.w, digits.x + digits.w) + pad / 2; y1 = Math.max(icon.y + icon.h, digits.y + digits.h) + pad / 2;
      }
      x0 = Math.max(0, x0); y0 = Math.max(0, y0); x1 = Math.min(frame.w, x1); y1 = Math.min(frame.h, y1);
      return { x: x0, y: y0, w: Math.max(1, x1 - x0), h: Math.max(1, y1 - y0) };
    }

    function computeChanges() {
      if (!ready) return;
      for (let i = 0; i < frames.length; i++) {
        measures[i] = 0;
        changed[i] = 0;
        if (i === 0) continue;
        const a = signatures[frames[i - 1].image], b = signatures[frames[i].image];
        if (frames[i].source !== frames[i - 1].source || a.w !== b.w || a.h !== b.h) { measures[i] = 1; changed[i] = 1; continue; }
        if (frames[i].image === frames[i - 1].image) continue;
        const r = changeRegion(frames[i]);
        const x0 = Math.floor(r.x * a.sx), x1 = Math.min(a.sw, Math.ceil((r.x + r.w) * a.sx));
        const y0 = Math.floor(r.y * a.sy), y1 = Math.min(a.sh, Math.ceil((r.y + r.h) * a.sy));
        let count = 0;
        for (let y = y0; y < y1; y++) {
          for (let x = x0, p = 4 * (y * a.sw + x0); x < x1; x++, p += 4) {
            if (Math.abs(a.rgba[p] - b.rgba[p]) > 48 || Math.abs(a.rgba[p + 1] - b.rgba[p + 1]) > 48
                || Math.abs(a.rgba[p + 2] - b.rgba[p + 2]) > 48) count++;
          }
        }
        const area = Math.max(1, (x1 - x0) * (y1 - y0));
        measures[i] = count / area;
        changed[i] = count >= 3 && count / area >= 0.01 ? 1 : 0;
      }
    }

    function nextChange(from) {
      for (let i = from + 1; i < frames.length; i++) if (changed[i]) return i;
      return frames.length - 1;
    }

    function previousChange(from) {
      for (let i = from - 1; i > 0; i--) if (changed[i]) return i;
      return 0;
    }

    // ---- The strip, the timeline and the frame.

    const cells = frames.map((frame, i) => {
      const cell = document.createElement("div");
      cell.className = "cell";
      const thumb = document.createElement("div");
      thumb.className = "thumb";
      const image = document.createElement("img");
      image.loading = "lazy";
      image.decoding = "async";
      image.src = data.images[frame.image];
      image.alt = `frame ${i + 1}`;
      thumb.append(image);
      const span = document.createElement("div");
      span.className = "span";
      const cap = document.createElement("div");
      cap.className = "cap";
      const number = document.createElement("span");
      number.textContent = `#${i + 1} ${frame.t.length <= 8 ? frame.t : frame.time.toFixed(2)} s`;
      if (!allExact && data.exact[frame.image]) {
        const exact = document.createElement("span");
        exact.className = "exact";
        exact.textContent = " \u25C6";
        exact.title = "exact pixels: icon.png is cut from frames like this";
        number.append(exact);
      }
      const value = document.createElement("span");
      value.className = "value";
      cap.append(number, value);
      const mark = document.createElement("div");
      mark.className = "change";
      cell.append(thumb, span, cap, mark);
      cell.addEventListener("click", () => { go(i); });
      strip.append(cell);
      return { cell, thumb, image, span, value, mark, region: "" };
    });

    // The strip shows what the change measure looks at: the whole crop, or the area around the icon.
    function placeThumbnail(parts, frame) {
      const r = changeRegion(frame), scale = 40 / r.h, key = [r.x, r.y, r.w, r.h].join();
      if (parts.region === key) return;
      parts.region = key;
      parts.thumb.style.width = Math.round(r.w * scale) + "px";
      parts.image.style.width = Math.round(frame.w * scale) + "px";
      parts.image.style.height = Math.round(frame.h * scale) + "px";
      parts.image.style.marginLeft = -Math.round(r.x * scale) + "px";
      parts.image.style.marginTop = -Math.round(r.y * scale) + "px";
    }

    function renderStrip(shown) {
      cells.forEach((parts, i) => {
        placeThumbnail(parts, frames[i]);
        const entry = shown[i];
        parts.cell.className = "cell" + (i === current ? " current" : "") + (labels.has(i) ? " labelled" : "");
        parts.value.textContent = entry ? valueText(entry.value) : "";
        parts.span.className = "span" + (entry && entry.value === null ? " hidden-span" : "");
        parts.span.style.background = entry && entry.value !== null ? valueColour(entry.value) : "";
        parts.mark.style.height = ready && i > 0 ? Math.round(Math.min(1, measures[i] * 10) * 34) + "px" : "0";
        parts.mark.style.opacity = changed[i] ? "1" : "0.35";
      });
    }

    function renderTimeline(shown) {
      const width = Math.max(1, timeline.clientWidth), height = 22, ratio = window.devicePixelRatio || 1;
      timeline.width = Math.round(width * ratio);
      timeline.height = Math.round(height * ratio);
      const context = timeline.getContext("2d");
      context.scale(ratio, ratio);
      context.fillStyle = "#161b22";
      context.fillRect(0, 0, width, height);
      const step = width / frames.length;
      frames.forEach((frame, i) => {
        const entry = shown[i];
        if (entry) {
          context.fillStyle = entry.value === null ? "#484f58" : valueColour(entry.value);
          context.fillRect(i * step, 4, Math.max(1, step + 0.5), 10);
        }
        if (labels.has(i)) { context.fillStyle = "#ff7b72"; context.fillRect(i * step, 0, Math.max(1, Math.min(2, step)), 16); }
        if (changed[i]) { context.fillStyle = "#8b949e"; context.fillRect(i * step, 17, Math.max(1, Math.min(2, step)), 4); }
      });
      context.strokeStyle = "#f0f6fc";
      context.lineWidth = 2;
      context.strokeRect(current * step, 1, Math.max(2, step), 20);
    }

    function baseScale(frame) { return Math.min(1, data.maxWidth / frame.w); }
    function viewZoom() {
      const frame = frames[current];
      return zoom ?? (baseScale(frame) < 1 ? 1 : Math.max(1, Math.min(8, Math.floor(data.maxWidth / frame.w))));
    }
    function viewScale() { return baseScale(frames[current]) * viewZoom(); }

    function drawView() {
      const frame = frames[current], scale = viewScale();
      const width = Math.max(1, Math.round(frame.w * scale)), height = Math.max(1, Math.round(frame.h * scale));
      if (view.width !== width || view.height !== height) {
        view.width = width;
        view.height = height;
        view.style.width = width + "px";
        view.style.height = height + "px";
      }
      const context = view.getContext("2d");
      context.imageSmoothingEnabled = scale < 1;
      context.fillStyle = "#000";
      context.fillRect(0, 0, width, height);
      if (images[frame.image]) context.drawImage(images[frame.image], 0, 0, width, height);
      const outline = (box, colour, dashed) => {
        if (!box) return;
        context.setLineDash(dashed ? [4, 3] : []);
        context.strokeStyle = colour;
        context.lineWidth = 1;
        context.strokeRect(box.x * scale + 0.5, box.y * scale + 0.5, Math.max(1, box.w * scale - 1), Math.max(1, box.h * scale - 1));
      };
      const css = getComputedStyle(document.documentElement);
      outline(icon, css.getPropertyValue("--icon").trim(), icon && icon.frame !== current);
      outline(digits, css.getPropertyValue("--digits").trim(), digits && digits.frame !== current);
      if (drag) outline(dragBox(drag.from, drag.to), "#ffffff", true);
    }

    function render() {
      const shown = values();
      const frame = frames[current], entry = shown[current];
      const source = frame.source == null ? "" : ` &middot; ${escapeHTML(data.sources[frame.source])}`;
      const here = labels.has(current) ? `label here: <b>${valueText(labels.get(current))}</b>`
        : entry ? `shows <b>${valueText(entry.value)}</b> <span class="muted">(label at frame ${entry.from + 1})</span>`
        : `<span class="muted">no label yet</span>`;
      $("info").innerHTML = `frame <b>${current + 1}</b> of ${frames.length} &middot; t <b>${frame.time.toFixed(3)}</b> s &middot; `
        + `${here} <span class="muted">&middot; ${escapeHTML(frame.file.split("/").pop())} (${frame.w}x${frame.h}`
        + `${data.exact[frame.image] ? (allExact ? "" : ", exact \u25C6") : ", shown as JPEG"})${source}</span>`;
      $("typing").textContent = typed ? `typing: ${typed}\u2502 (Enter)` : "type a number";
      $("typing").className = typed ? "active" : "";
      const labelled = shown.filter(Boolean).length;
      $("summary").textContent = `${frames.length} frames of crop ${data.region} · ${labels.size} labels · ${labelled} of ${frames.length} frames have a value`;
      $("mode-icon").className = mode === "icon" ? "on" : "";
      $("mode-digits").className = mode === "digits" ? "on" : "";
      const boxText = (name, box) => box ? `${name} ${box.x},${box.y} ${box.w}x${box.h} (frame ${box.frame + 1})` : `${name}: none`;
      $("boxes").textContent = boxText("icon", icon) + " · " + boxText("digits", digits);
      $("zoom").textContent = `${Math.round(viewScale() * 100)}%`;
      $("warning").textContent = warnings().join(" ");
      renderStrip(shown);
      renderTimeline(shown);
      drawView();
      refreshExport();
      const cell = cells[current].cell;
      const left = cell.offsetLeft - strip.offsetLeft, right = left + cell.offsetWidth;
      if (left < strip.scrollLeft || right > strip.scrollLeft + strip.clientWidth) {
        strip.scrollLeft = Math.max(0, left - strip.clientWidth / 2 + cell.offsetWidth / 2);
      }
    }

    function escapeHTML(text) {
      return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
    }

    function warnings() {
      const list = [];
      if (digits && !icon) list.push("The digits' box counts only with the icon's: draw a box around the icon too.");
      if (digits && icon && digits.frame !== icon.frame) list.push("The two boxes were drawn on different frames: the digits' place is measured from the icon's box as drawn.");
      const box = digitBox();
      if (box && (Math.abs(box.x) > 50 || Math.abs(box.y) > 50 || box.w < 0.2 || box.h < 0.2)) {
        list.push("The digits' box is out of the range profiles take (x, y within 50 icon heights; w, h at least 0.2).");
      }
      return list;
    }

    // ---- Moving, labelling, boxes.

    function go(index) {
      current = Math.max(0, Math.min(frames.length - 1, index));
      typed = "";
      save();
      render();
    }

    function setLabel(value) {
      labels.set(current, value);
      save();
    }

    function removeLabel() {
      labels.delete(current);
      save();
    }

    function cropPoint(event) {
      const frame = frames[current], rect = view.getBoundingClientRect();
      const x = Math.floor((event.clientX - rect.left) * frame.w / rect.width);
      const y = Math.floor((event.clientY - rect.top) * frame.h / rect.height);
      return { x: Math.max(0, Math.min(frame.w - 1, x)), y: Math.max(0, Math.min(frame.h - 1, y)) };
    }

    function dragBox(a, b) {
      return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x) + 1, h: Math.abs(a.y - b.y) + 1 };
    }

    view.addEventListener("mousedown", (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      const point = cropPoint(event);
      drag = { from: point, to: point };
      drawView();
    });
    window.addEventListener("mousemove", (event) => {
      if (!drag) return;
      drag.to = cropPoint(event);
      drawView();
    });
    window.addEventListener("mouseup", (event) => {
      if (!drag) return;
      const box = dragBox(drag.from, cropPoint(event));
      drag = null;
      if (box.w >= 2 && box.h >= 2) {
        box.frame = current;
        if (mode === "icon") icon = box; else digits = box;
        computeChanges();
        save();
      }
      render();
    });

    // ---- Export.

    function labelsText() {
      const lines = [];
      let last;
      [...labels.keys()].sort((a, b) => a - b).forEach((i) => {
        const frame = frames[i], value = labels.get(i);
        const source = frame.source == null ? null : data.sources[frame.source];
        // One record per change: a label repeating the value before it (same source) says nothing.
        if (last && last.source === source && last.value === value) return;
        last = { source, value };
        let line = `{"type":"label","t":${frame.t},"value":${value === null ? "null" : value}`;
        if (source !== null) line += `,"source":${JSON.stringify(source)}`;
        lines.push(line + "}");
      });
      return lines.map((line) => line + "\n").join("");
    }

    const round3 = (value) => Math.round(value * 1000) / 1000;
    // The box digit-classify looks for the digits in, from the one drawn around them: a quarter of
    // their height more above and below (digits touching the box's edge are taken for the
    // scene), widened away from the icon to hold numbers of three digits.
    function digitBox() {
      if (!icon || !digits) return null;
      const dh = digits.h, pad = 0.25 * dh, w = Math.max(digits.w + 0.2 * dh, 2.4 * dh);
      const leftOfIcon = digits.x + digits.w / 2 < icon.x + icon.w / 2;
      const x = leftOfIcon ? digits.x + digits.w + 0.1 * dh - w : digits.x - 0.1 * dh;
      return { x: round3((x - (icon.x + icon.w)) / icon.h), y: round3((digits.y - pad - icon.y) / icon.h),
               w: round3(w / icon.h), h: round3((dh + 2 * pad) / icon.h) };
    }

    function counterText() {
      const counter = { region: data.region };
      if (icon) {
        counter.template = "icon.png";
        const height = frames[iconFrame() ?? icon.frame].th;
        if (height) counter.template_height = height;
        const box = digitBox();
        if (box) counter.digits = box;
      }
      return JSON.stringify({ counter }, null, 2) + "\n";
    }

    // The frame icon.png is cut from: the one the box was drawn on when its pixels are exact, else
    // the nearest that has them (of the same size).
    function iconFrame() {
      if (!icon) return null;
      const fits = (i) => data.exact[frames[i].image] && frames[i].w === frames[icon.frame].w && frames[i].h === frames[icon.frame].h;
      for (let distance = 0; distance < frames.length; distance++) {
        if (icon.frame - distance >= 0 && fits(icon.frame - distance)) return icon.frame - distance;
        if (icon.frame + distance < frames.length && fits(icon.frame + distance)) return icon.frame + distance;
      }
      return null;
    }

    let iconURL = null, iconFor = null;
    function iconImage() {
      const from = iconFrame();
      if (from === null || !images[frames[from].image]) return null;
      const key = JSON.stringify(icon) + from;
      if (iconFor === key) return iconURL;
      const canvas = document.createElement("canvas");
      canvas.width = icon.w;
      canvas.height = icon.h;
      canvas.getContext("2d").drawImage(images[frames[from].image], icon.x, icon.y, icon.w, icon.h, 0, 0, icon.w, icon.h);
      iconURL = canvas.toDataURL("image/png");
      iconFor = key;
      return iconURL;
    }

    const textURLs = {};
    function textURL(name, text, type) {
      if (textURLs[name]) URL.revokeObjectURL(textURLs[name]);
      textURLs[name] = URL.createObjectURL(new Blob([text], { type }));
      return textURLs[name];
    }

    function refreshExport() {
      const text = labelsText(), counter = counterText();
      if ($("labels-text").textContent !== text) {
        $("labels-text").textContent = text;
        $("labels-link").href = textURL("labels", text, "application/x-ndjson");
      }
      if ($("counter-text").textContent !== counter) {
        $("counter-text").textContent = counter;
        $("counter-link").href = textURL("counter", counter, "application/json");
      }
      const png = iconImage();
      $("icon-image").hidden = !png;
      if (png && $("icon-image").getAttribute("src") !== png) {
        $("icon-image").src = png;
        $("icon-link").href = png;
        const from = iconFrame();
        $("icon-size").textContent = `${icon.w}x${icon.h} from frame ${from + 1}`
          + (from === icon.frame ? "" : " (the nearest with exact pixels \u25C6: check it shows the icon)");
      } else if (!png) {
        $("icon-image").removeAttribute("src");
        $("icon-link").removeAttribute("href");
        $("icon-size").textContent = "draw a box around the icon";
      }
    }

    function download(name, href) {
      const link = document.createElement("a");
      link.href = href;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
    }

    function exportAll() {
      refreshExport();
      download("labels.ndjson", $("labels-link").href);
      if (iconImage()) download("icon.png", iconImage());
      download("counter.json", $("counter-link").href);
      $("status").textContent = "exported: labels.ndjson" + (icon ? ", icon.png" : "") + ", counter.json";
    }

    // ---- Keys and buttons.

    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key;
      if (/^[0-9]$/.test(key)) {
        if (typed.length < 6) typed += key;
      } else if (key === "Enter") {
        if (!typed) return;
        setLabel(parseInt(typed, 10));
        typed = "";
      } else if (key === "Escape") {
        typed = "";
        $("help").hidden = true;
      } else if (key === "Backspace") {
        if (typed) typed = typed.slice(0, -1); else removeLabel();
      } else if (key === "Delete") {
        typed = "";
        removeLabel();
      } else if (key === "x" || key === "X" || key === "n" || key === "N") {
        typed = "";
        setLabel(null);
      } else if (key === "ArrowRight" || key === "ArrowLeft" || key === "PageDown" || key === "PageUp" || key === "Home" || key === "End") {
        const jump = event.shiftKey || key.startsWith("Page");
        const forward = key === "ArrowRight" || key === "PageDown";
        const target = key === "Home" ? 0 : key === "End" ? frames.length - 1
          : jump ? (forward ? nextChange(current) : previousChange(current)) : current + (forward ? 1 : -1);
        event.preventDefault();
        go(target);
        return;
      } else if (key === "?") {
        $("help").hidden = !$("help").hidden;
      } else if (key === "i" || key === "d") {
        mode = key === "i" ? "icon" : "digits";
        save();
      } else if (key === "+" || key === "=" || key === "-") {
        zoom = Math.max(1, Math.min(8, viewZoom() + (key === "-" ? -1 : 1)));
        save();
      } else if (key === "e") {
        exportAll();
      } else {
        return;
      }
      event.preventDefault();
      render();
    });

    $("export").addEventListener("click", exportAll);
    $("help-button").addEventListener("click", () => { $("help").hidden = !$("help").hidden; });
    $("mode-icon").addEventListener("click", () => { mode = "icon"; save(); render(); });
    $("mode-digits").addEventListener("click", () => { mode = "digits"; save(); render(); });
    $("clear-boxes").addEventListener("click", () => { icon = null; digits = null; computeChanges(); save(); render(); });
    timeline.addEventListener("click", (event) => {
      const rect = timeline.getBoundingClientRect();
      go(Math.floor((event.clientX - rect.left) / rect.width * frames.length));
    });
    window.addEventListener("resize", () => render());

    // ---- Start: the kept work, then the crops decoded and the change measure.

    load();
    render();
    // (load events rather than decode(): headless browsers with virtual time never settle decode())
    const readyPromise = Promise.all(data.images.map((source) => new Promise((resolve, reject) => {
      const image = new Image();
      image.onload = () => resolve(image);
      image.onerror = () => reject(new Error("a crop cannot be decoded"));
      image.src = source;
    }))).then((decoded) => {
      images = decoded;
      signatures = decoded.map(signature);
      ready = true;
      computeChanges();
      $("status").textContent = `${data.images.length} distinct crops; Shift+arrows jump between changes`;
      render();
    }, (error) => {
      $("status").textContent = "a crop cannot be shown: " + error;
    });
    window.labelPage = { ready: readyPromise, frames, labelsText, counterText, iconImage, viewScale,
                         changes: () => Array.from(changed), measures: () => Array.from(measures) };
    })();
    </script>
    </body>
    </html>
    """#
}
