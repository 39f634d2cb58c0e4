"""How legible a made stream's HUD is: its coded pictures against the same pictures drawn
without a coder, as SSIM over the skull and the count at keyframes that show the HUD.

A person reads a count the coder left close to what was drawn; where the coder turned skull
and digits into blocks (full-contrast cells at a Twitch bitrate with a keyframe every second),
nobody can, and the stream's truth about kills cannot be checked on it."""

import json
import os
import shutil
import subprocess

from . import render

SAMPLES = 24


def hud_samples(screen, fps, gop, frames, count=SAMPLES):
    """Up to `count` (frame number, box) pairs: keyframes spread over the times the HUD shows,
    each with the box around its skull and count (padded by 4 pixels)."""
    keyint = max(1, round(gop * fps))
    shown = [r for r in screen if r.get("kind") == "hud" and not r.get("hidden") and r.get("skull") and r.get("digits")]
    found = []
    for number in range(0, frames, keyint):
        t = number / fps
        record = next((r for r in shown if r["start"] <= t < r["end"]), None)
        if record:
            skull, digits = record["skull"], record["digits"]
            x0, y0 = min(skull[0], digits[0]) - 4, min(skull[1], digits[1]) - 4
            x1 = max(skull[0] + skull[2], digits[0] + digits[2]) + 4
            y1 = max(skull[1] + skull[3], digits[1] + digits[3]) + 4
            found.append((number, (x0, y0, x1, y1)))
    if len(found) > count:
        found = [found[index * len(found) // count] for index in range(count)]
    return found


def _gray_frames(command, width, height, count):
    """Runs ffmpeg writing `count` gray frames of width x height to stdout; returns them."""
    import numpy
    result = subprocess.run(command, capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg failed ({result.returncode}): {result.stderr.decode(errors='replace')[-1500:]}")
    size = width * height
    if len(result.stdout) < count * size:
        raise RuntimeError(f"ffmpeg gave {len(result.stdout) // size} of {count} frames")
    pixels = numpy.frombuffer(result.stdout[:count * size], dtype=numpy.uint8)
    return pixels.reshape(count, height, width)


def ssim(a, b, block=8):
    """Mean SSIM of two gray images over blocks of block x block pixels."""
    import numpy
    h, w = (a.shape[0] // block) * block, (a.shape[1] // block) * block
    if h == 0 or w == 0:
        return 0.0
    x = a[:h, :w].astype(numpy.float64).reshape(h // block, block, w // block, block)
    y = b[:h, :w].astype(numpy.float64).reshape(h // block, block, w // block, block)
    mx, my = x.mean(axis=(1, 3)), y.mean(axis=(1, 3))
    vx = ((x - mx[:, None, :, None]) ** 2).mean(axis=(1, 3))
    vy = ((y - my[:, None, :, None]) ** 2).mean(axis=(1, 3))
    cov = ((x - mx[:, None, :, None]) * (y - my[:, None, :, None])).mean(axis=(1, 3))
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    values = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx ** 2 + my ** 2 + c1) * (vx + vy + c2))
    return float(values.mean())


def measure(out, video, items, screen, width, height, fps, frames, gop, bg_chain, images):
    """The HUD's legibility in `video` (made from these items): {"hud_ssim": median,
    "hud_ssim_low": the lowest tenth's, "frames": how many}, or None when no HUD shows."""
    samples = hud_samples([json.loads(line) if isinstance(line, str) else line for line in screen], fps, gop, frames)
    if not samples:
        return None
    chosen = "+".join(f"eq(n\\,{number})" for number, _ in samples)
    script = render.picture_script(items, frames, bg_chain, images, out)
    script.append(f"[vout]select='{chosen}',format=gray[picked]")
    script_path = os.path.join(out, ".legibility-filters.txt")
    with open(script_path, "w", encoding="utf-8") as handle:
        handle.write(";\n".join(script) + "\n")
    try:
        drawn = _gray_frames(["ffmpeg", "-nostdin", "-v", "error", "-filter_complex_script", script_path, "-map", "[picked]",
                              "-fps_mode", "passthrough", "-f", "rawvideo", "-"], width, height, len(samples))
        coded = _gray_frames(["ffmpeg", "-nostdin", "-v", "error", "-i", video, "-map", "0:v:0",
                              "-vf", f"select='{chosen.replace(chr(92), '')}',format=gray", "-fps_mode", "passthrough",
                              "-f", "rawvideo", "-"], width, height, len(samples))
    finally:
        os.remove(script_path)
        shutil.rmtree(os.path.join(out, ".overlays"), ignore_errors=True)
    scores = sorted(ssim(drawn[i][y0:y1, x0:x1], coded[i][y0:y1, x0:x1])
                    for i, (_, (x0, y0, x1, y1)) in enumerate(samples))
    return {"hud_ssim": round(scores[len(scores) // 2], 3), "hud_ssim_low": round(scores[len(scores) // 10], 3),
            "frames": len(scores)}


def record(out, legibility):
    """Adds `legibility` to the stream.json in `out`."""
    path = os.path.join(out, "stream.json")
    with open(path, encoding="utf-8") as handle:
        params = json.loads(handle.readline())
    params["legibility"] = legibility
    temporary = path + ".part"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(params, separators=(",", ":")) + "\n")
    os.replace(temporary, path)
