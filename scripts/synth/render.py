"""Turns drawn items into one ffmpeg run: a moving textured background, drawbox/drawtext
filters enabled on their frames, H.264 (+ AAC) in MPEG-TS or MP4."""

import os
import shutil
import subprocess

from .timeline import Box, Image, Text

BACKGROUNDS = ["testsrc2", "life", "cellauto", "mandelbrot", "gradients"]


def _color(value):
    """#RRGGBB[@a] as 0xRRGGBB[@a], which needs no quoting in a filtergraph."""
    return "0x" + value[1:] if value.startswith("#") else value


def _escape(text):
    """A drawtext option value inside '...' of a filter script: two levels of unescaping."""
    if "'" in text:
        raise ValueError(f"text with a quote cannot be drawn: {text!r}")
    return text.replace("\\", "\\\\").replace(":", "\\:")


def background(rng, width, height, fps, seconds, name=None):
    """A lavfi chain for a moving, textured background; returns (name, chain)."""
    name = name or rng.choice(BACKGROUNDS)
    W, H, d = width, height, f"{seconds:.3f}"
    seed = rng.randint(0, 2**31 - 1)
    if name == "testsrc2":
        source = f"testsrc2=s={W}x{H}:r={fps}:d={d},hue=h={rng.randint(0, 359)}+t*{rng.uniform(2, 12):.2f}"
    elif name == "life":
        colors = [f"0x{rng.randint(0, 0xFFFFFF):06X}" for _ in range(3)]
        source = (f"life=s={W // 4}x{H // 4}:r={fps}:mold={rng.randint(5, 40)}:"
                  f"ratio={rng.uniform(0.3, 0.6):.2f}:seed={seed}:life_color={colors[0]}:"
                  f"death_color={colors[1]}:mold_color={colors[2]},"
                  f"scale={W}:{H}:flags=neighbor,trim=duration={d}")
    elif name == "cellauto":
        source = (f"cellauto=s={W // 4}x{H // 4}:r={fps}:rule={rng.choice([18, 30, 45, 73, 105, 110, 150])}:"
                  f"scroll=1:seed={seed},format=rgb24,"
                  f"colorchannelmixer=rr={rng.uniform(0.2, 0.8):.2f}:gg={rng.uniform(0.2, 0.8):.2f}:"
                  f"bb={rng.uniform(0.2, 0.8):.2f},scale={W}:{H}:flags=neighbor,trim=duration={d}")
    elif name == "mandelbrot":
        source = (f"mandelbrot=s={W // 8}x{H // 8}:r={fps}:maxiter=160:start_scale=2.5:"
                  f"end_scale={rng.uniform(0.3, 1.2):.3f}:end_pts={seconds * fps:.0f}:"
                  f"start_x={-0.743643887 + rng.uniform(-1e-4, 1e-4):.9f}:start_y={-0.131825904 + rng.uniform(-1e-4, 1e-4):.9f},"
                  f"scale={W}:{H}:flags=bilinear,trim=duration={d}")
    else:
        colors = ":".join(f"c{i}=0x{rng.randint(0, 0xFFFFFF):06X}" for i in range(4))
        source = (f"gradients=s={W // 4}x{H // 4}:r={fps}:d={d}:n=4:{colors}:seed={seed}:"
                  f"speed={rng.uniform(0.01, 0.05):.3f},scale={W}:{H}:flags=bilinear")
    if name in ("life", "cellauto", "gradients"):
        # Generated textures can settle (life ends in still lifes): panning keeps them moving.
        sign = lambda: rng.choice([-1, 1])
        source += (f",scroll=h={sign() * rng.uniform(0.0008, 0.004):.4f}:"
                   f"v={sign() * rng.uniform(0.0005, 0.003):.4f}")
    contrast = rng.uniform(0.6, 1.0)
    brightness = rng.uniform(-0.22, 0.0)
    # Light grain on some streams (always on the flat bars of testsrc2 and on gradients). ffmpeg's noise filter moves its
    # pattern every frame, which costs bitrate, so it stays faint.
    chain = f"{source},format=yuv420p,eq=contrast={contrast:.2f}:brightness={brightness:.2f}"
    if name in ("gradients", "testsrc2") or rng.random() < 0.3:
        chain += f",noise=alls={rng.randint(3, 7)}:allf=t+u"
    return name, chain


def filter_for(item):
    """One drawtext or drawbox filter for an item, enabled on its frames only."""
    enable = f"enable='between(n,{item.start},{item.end - 1})'"
    if isinstance(item, Box):
        return (f"drawbox=x={item.x}:y={item.y}:w={item.w}:h={item.h}:"
                f"color={_color(item.color)}:t=fill:{enable}")
    assert isinstance(item, Text)
    options = [f"fontfile={item.font}", f"fontsize={item.size}", f"fontcolor={_color(item.color)}",
               f"x={item.x}", f"y={item.y}", f"text='{_escape(item.text)}'"]
    if not item.expand:
        options.append("expansion=none")
    if item.shadow:
        dx, dy, color = item.shadow
        options += [f"shadowx={dx}", f"shadowy={dy}", f"shadowcolor={_color(color)}"]
    if item.border:
        width, color = item.border
        options += [f"borderw={width}", f"bordercolor={_color(color)}"]
    if item.box:
        color, border = item.box
        options += ["box=1", f"boxcolor={_color(color)}", f"boxborderw={border}"]
    options.append(enable)
    return "drawtext=" + ":".join(options)


def _overlay_groups(items):
    """Image items as (key, x, y, frame spans), one per picture and place, lower layers
    first, then in order of first appearance."""
    groups = {}
    for item in items:
        if isinstance(item, Image):
            groups.setdefault((item.layer, item.key, item.x, item.y), []).append((item.start, item.end))
    ordered = sorted(groups.items(), key=lambda entry: entry[0][0])
    return [(key, x, y, _merge(spans)) for (_, key, x, y), spans in ordered]


def _merge(spans):
    """Sorted frame spans [a, b) with touching or overlapping ones joined."""
    merged = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _overlays(script, label, items, images, directory):
    """Adds one overlay filter per picture and place (its spans in one enable expression) to the
    script, the pictures written as PNG under directory/.overlays; returns the last label."""
    groups = _overlay_groups(items)
    if not groups:
        return label
    folder = os.path.join(directory, ".overlays")
    os.makedirs(folder, exist_ok=True)
    written = set()
    for index, (key, x, y, spans) in enumerate(groups):
        path = os.path.join(folder, key + ".png")
        if key not in written:
            images[key].write(path)
            written.add(key)
        enable = "+".join(f"between(n,{a},{b - 1})" for a, b in spans)
        script.append(f"movie=filename='{_escape(os.path.abspath(path))}'[pic{index}]")
        script.append(f"[{label}][pic{index}]overlay=x={x}:y={y}:enable='{enable}'[ov{index}]")
        label = f"ov{index}"
    return label


def _rate_control(rate):
    """x264 rate options: CRF 25, or VBV-limited bitrate as a Twitch broadcaster sets it."""
    if rate is None:
        return ["-crf", "25"]
    return ["-b:v", f"{rate['kbps']}k", "-maxrate", f"{rate['maxrate']}k", "-bufsize", f"{rate['bufsize']}k"]


def picture_script(items, frames, bg_chain, images, directory, pace=""):
    """The filtergraph lines that draw the stream's pictures, ending in [vout] (overlay
    pictures are written under `directory`)."""
    script = [f"{bg_chain}[bg0]"]
    label = _overlays(script, "bg0", items, images or {}, directory)
    items = [item for item in items if not isinstance(item, Image)]
    # Chains of a few hundred filters each keep the graph readable for ffmpeg's parser.
    chunk = 200
    for index in range(0, len(items), chunk):
        part = ",".join(filter_for(item) for item in items[index:index + chunk])
        script.append(f"[{label}]{part}[v{index}]")
        label = f"v{index}"
    script.append(f"[{label}]trim=end_frame={frames},setpts=PTS-STARTPTS{pace}[vout]")
    return script


def render(out_path, items, width, height, fps, frames, gop, audio, container, bg_chain, preset, live=False, window=6,
           rate=None, images=None):
    """Encodes the stream to out_path (atomically: a temporary name, then rename); live: as HLS
    written in real time (out_path is the playlist), as a live encoder publishes it. `rate`:
    see _rate_control; `images`: the pictures of Image items by key (icons.Picture)."""
    seconds = frames / fps
    directory = os.path.dirname(out_path) or "."
    pace, apace = (",realtime", ",arealtime") if live else ("", "")
    script = picture_script(items, frames, bg_chain, images, directory, pace)
    if audio:
        script.append(f"sine=frequency=330:beep_factor=3:sample_rate=48000:d={seconds:.3f},"
                      f"aformat=channel_layouts=stereo{apace}[aout]")
    script_path = os.path.join(directory, ".filters.txt")
    with open(script_path, "w", encoding="utf-8") as handle:
        handle.write(";\n".join(script) + "\n")
    partial = os.path.join(directory, "." + os.path.basename(out_path) + ".part")
    keyint = max(1, round(gop * fps))
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-filter_complex_script", script_path,
               "-map", "[vout]"]
    if audio:
        command += ["-map", "[aout]", "-c:a", "aac", "-b:a", "96k"]
    command += ["-c:v", "libx264", "-preset", preset] + _rate_control(rate) + ["-pix_fmt", "yuv420p",
                "-g", str(keyint), "-keyint_min", str(keyint), "-sc_threshold", "0", "-bf", "2",
                "-frames:v", str(frames)]
    if live:
        segment = "seg%05d.m4s" if container == "mp4" else "seg%05d.ts"
        flags = "program_date_time+independent_segments+temp_file" + ("+delete_segments" if window else "")
        command += ["-f", "hls", "-hls_time", str(gop), "-hls_list_size", str(window), "-hls_flags", flags,
                    "-hls_segment_filename", os.path.join(directory, segment)]
        if not window:
            command += ["-hls_playlist_type", "event"]
        if container == "mp4":
            command += ["-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4"]
        partial = out_path
    elif container == "mp4":
        command += ["-movflags", "+faststart", "-f", "mp4"]
    else:
        command += ["-f", "mpegts"]
    command.append(partial)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    if partial != out_path:
        os.replace(partial, out_path)
    os.remove(script_path)
    shutil.rmtree(os.path.join(directory, ".overlays"), ignore_errors=True)
