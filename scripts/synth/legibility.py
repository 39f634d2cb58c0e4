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
    """Runs ffmpeg writing `count` gray frames of width x height to stdout; returns them as
    bytes, one per frame."""
    result = subprocess.run(command, capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg failed ({result.returncode}): {result.stderr.decode(errors='replace')[-1500:]}")
    size = width * height
    if len(result.stdout) < count * size:
        raise RuntimeError(f"ffmpeg gave {len(result.stdout) // size} of {count} frames")
    return [result.stdout[index * size:(index + 1) * size] for index in range(count)]


def _box(frame, width, box):
    """The rows of `box` (x0, y0, x1, y1) of a gray frame `width` pixels wide."""
    x0, y0, x1, y1 = box
    return [frame[y * width + x0:y * width + x1] for y in range(y0, y1)]


def ssim(a, b, block=8):
    """Mean SSIM of two gray images (lists of equal rows of bytes) over blocks of block x block
    pixels."""
    rows, columns = (len(a) // block) * block, (min(len(a[0]), len(b[0])) // block) * block if a else 0
    if rows == 0 or columns == 0:
        return 0.0
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    count, total = block * block, 0.0
    blocks = 0
    for top in range(0, rows, block):
        for left in range(0, columns, block):
            xs = [v for row in a[top:top + block] for v in row[left:left + block]]
            ys = [v for row in b[top:top + block] for v in row[left:left + block]]
            mx, my = sum(xs) / count, sum(ys) / count
            vx = sum((v - mx) ** 2 for v in xs) / count
            vy = sum((v - my) ** 2 for v in ys) / count
            cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / count
            total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
            blocks += 1
    return total / blocks


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
    clipped = [(max(0, x0), max(0, y0), min(width, x1), min(height, y1)) for _, (x0, y0, x1, y1) in samples]
    scores = sorted(ssim(_box(drawn[i], width, box), _box(coded[i], width, box)) for i, box in enumerate(clipped))
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
