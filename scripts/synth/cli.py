"""synth-stream: make a synthetic br or football stream with its ground truth, or describe one."""

import argparse
import json
import os
import random
import subprocess
import sys

from . import backgrounds, br, br_alt, fonts, football, football_alt, legibility, looks, render
from .timeline import Grid, Style, stamp

USAGE = """\
usage: synth-stream br|football [--duration S] [--size WxH] [--fps N] [--seed N]
                    [--font dejavu|liberation|roboto] [--gop S] [--format ts|mp4]
                    [--audio yes|no] [--background NAME] [--preset P] [--kill-rate K]
                    [--variant spec|alt] [--hard] [--bitrate twitch|KBPS]
                    [--motion none|pan|zoom|shake] [--noise N]
                    [--truth-only | --live [--live-window N] | --measure-legibility] --out DIR
       synth-stream describe DIR

Writes DIR/stream.ts (or .mp4), DIR/truth.ndjson (the spec's ground truth), DIR/screen.ndjson
(what is drawn where and when: texts, HUD and scoreboard states) and DIR/stream.json (the
parameters and every look chosen). Follows ../shared/spec/synthetic-streams.md; text heights
are cap heights. Same arguments, same bytes of truth; the truth depends only on the kind,
--seed, --duration, --fps, --font and --kill-rate, so the looks below never change it.
--kill-rate: the player's mean kills per minute of play in br (for training data covering
every digit). --live: instead of the file, a live HLS stream written in real time as it is
made: DIR/index.m3u8 (a window of --live-window segments of --gop seconds, default 6, older
ones deleted; 0 keeps them all, an EVENT playlist; program date-times; ENDLIST at the end) and
DIR/segNNNNN.ts (.m4s and init.mp4 with --format mp4); the truth files are written first.

Looks (none changes the truth):
  --background NAME  testsrc2, life, cellauto, mandelbrot, gradients (dimmed, as always), or
                     the hard ones: life-bw, cellauto-bw (pure black and white cells),
                     life-color, cellauto-color (two flat colours), noise (strong temporal
                     noise), scroll-image (a large still panned across), bright (white and
                     pale scenes), saturated. Default: drawn from the seed (with --hard from
                     all of them).
  --motion M         camera-like motion of the background: none, pan, zoom (slow, in and out),
                     shake. Default none (with --hard drawn from the seed).
  --noise N          extra temporal noise over the background, ffmpeg noise strength 0 to 60.
                     Default 0 (with --hard 0, 5-15 or 20-40 from the seed).
  --bitrate B        x264 limited by VBV like a Twitch broadcast (-b:v, -maxrate B, -bufsize
                     B or 2B): twitch (6000 kbit/s at 1080p60 and 900p60, 4500 at 1080p30,
                     900p30 and 720p60, 3000 at 720p30) or KBPS (100 to 100000). Default: CRF 25.
  --preset P         x264 preset (default ultrafast).
  --hard             draw every look from what the spec and real streams allow: the background,
                     motion and noise above, --bitrate twitch (unless --bitrate is given), and
                     colours where the spec gives none (GOAL banner text and box, REPLAY,
                     PLACED, SPECTATING, end titles, READY); free-standing texts get a shadow
                     and/or a dark outline (always an outline on the hard backgrounds).
                     What the spec fixes stays: the white HUD strip with red digits, SELECT
                     LEGEND white or light grey, the dark scoreboard.
  --variant alt      a second game with the same phases and truth, drawn unlike the spec (after
                     Apex Legends and FIFA). br: `{N} TEAMS LEFT` and a kill box (a drawn
                     crosshair icon, DIR/icon.png, and the count in a serif or mono font) in
                     dark slanted boxes top right, one size and place in every stream (one
                     game, one HUD); the kill box is absent while the count is 0
                     and red for 3 s after it changes; CHOOSE YOUR LEGEND, WATCHING SQUADMATE,
                     SQUAD ELIMINATED / CHAMPIONS OF THE ARENA with PLACED #P OF 20 centred below.
                     The kill count is in DejaVu Serif Bold (one game, one font), or
                     --digit-font dejavu-serif|liberation-serif|liberation-mono|dejavu-mono.
                     Its hud records give teamsbox, killbox, icon (also as skull) and digits,
                     null with absent:true while the kill box is not drawn. football: a
                     scoreboard top centre or top left, clock first (HALF TIME/FULL TIME or
                     HT/FT at the breaks), team-colour code boxes around a light score pill
                     (`1:0` or `1 : 0`); REPLAY bottom left; GOAL! or GOAL. Its scoreboard
                     records give box, clockbox, homebox, pill, awaybox and clocktext.
                     Combines with --hard. Default: spec.
  --measure-legibility  instead of making DIR's stream, measure how legible the br HUD of the
                     one already there (made with the same options) came out of the coder:
                     SSIM of the skull and count against the same pictures drawn again without
                     a coder, at 24 keyframes that show the HUD. Prints and adds
                     to stream.json `legibility: {hud_ssim (median), hud_ssim_low (lowest
                     tenth), frames}`, or null when no HUD shows. Around 0.95 reads like
                     the drawing; under 0.6 skull and digits are blocks no person can read
                     (scripts/evaluate reports a failure there as illegible).
Exit: 0 ok, 1 failure, 64 usage.
"""


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one `synth-stream: ...` line (exit 64)."""

    def error(self, message):
        raise UsageError(f"{message} (see --help)")


def parse(argv):
    if not argv or argv[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        sys.exit(0)
    if argv[0] == "describe":
        if len(argv) != 2:
            raise UsageError("describe takes one directory")
        return {"describe": argv[1]}
    parser = _Parser(prog="synth-stream", add_help=False)
    parser.add_argument("kind", choices=["br", "football"])
    parser.add_argument("--duration", type=float, default=180.0)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--font", choices=sorted(fonts.FONT_FILES))
    parser.add_argument("--gop", type=float, default=2.0)
    parser.add_argument("--format", choices=["ts", "mp4"], default="ts")
    parser.add_argument("--audio", choices=["yes", "no"], default="yes")
    parser.add_argument("--background", choices=render.BACKGROUNDS + backgrounds.HARD_BACKGROUNDS)
    parser.add_argument("--variant", choices=["spec", "alt"], default="spec")
    parser.add_argument("--digit-font", choices=sorted(br_alt.DIGIT_FONTS))
    parser.add_argument("--hard", action="store_true")
    parser.add_argument("--bitrate")
    parser.add_argument("--motion", choices=backgrounds.MOTIONS)
    parser.add_argument("--noise", type=int)
    parser.add_argument("--preset", default="ultrafast")
    parser.add_argument("--kill-rate", type=float)
    parser.add_argument("--truth-only", action="store_true")
    parser.add_argument("--measure-legibility", action="store_true")
    parser.add_argument("--live", action="store_true")
    parser.add_argument("--live-window", type=int, default=6)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size {args.size}: expected WxH")
    if width % 2 or height % 2 or not (160 <= height <= 4320):
        raise UsageError(f"--size {args.size}: even sizes, height 160 to 4320")
    if args.live_window < 0:
        raise UsageError("--live-window: 0 or more segments")
    if not (1 <= args.fps <= 240) or not (0.5 <= args.gop <= 10) or args.duration < 1:
        raise UsageError("--fps 1..240, --gop 0.5..10, --duration >= 1")
    if args.noise is not None and not (0 <= args.noise <= 60):
        raise UsageError(f"--noise {args.noise}: 0 to 60")
    bitrate = args.bitrate
    if bitrate is not None and bitrate != "twitch":
        if not bitrate.isdigit() or not (100 <= int(bitrate) <= 100000):
            raise UsageError(f"--bitrate {bitrate}: twitch or kbit/s from 100 to 100000")
        bitrate = int(bitrate)
    if bitrate is None and args.hard:
        bitrate = "twitch"
    return {"kind": args.kind, "duration": args.duration, "width": width, "height": height,
            "fps": args.fps, "seed": args.seed, "font": args.font, "gop": args.gop,
            "format": args.format, "audio": args.audio == "yes", "background": args.background,
            "preset": args.preset, "truth_only": args.truth_only, "measure_legibility": args.measure_legibility, "live": args.live,
            "live_window": args.live_window, "out": args.out, "kill_rate": args.kill_rate,
            "variant": args.variant, "digit_font": args.digit_font, "hard": args.hard, "bitrate": bitrate, "motion": args.motion,
            "noise": args.noise}


def _seeded(opts, name=None):
    """The random generator of one kind of choice: the plan's (no name) or a named one."""
    base = f"{opts['kind']}:{opts['seed']}"
    return random.Random(base if name is None else f"{base}:{name}")


def _scene(opts, width, height, seconds):
    """(background name, lavfi chain, motion, noise): today's background unless --hard or
    --background/--motion/--noise ask otherwise."""
    name = opts["background"]
    if name is None and opts["hard"]:
        name = looks.pick_background(_seeded(opts, "hard-background"))
    fps = opts["fps"]
    if name in backgrounds.HARD_BACKGROUNDS:
        chain = backgrounds.hard_background(_seeded(opts, "background"), name, width, height, fps, seconds)
    else:
        name, chain = render.background(_seeded(opts, "background"), width, height, fps, seconds, name)
    rng = _seeded(opts, "motion")
    motion = opts["motion"] or (looks.pick_motion(rng) if opts["hard"] else "none")
    noise = opts["noise"] if opts["noise"] is not None else looks.pick_noise(rng) if opts["hard"] else 0
    chain = backgrounds.noise(backgrounds.motion(rng, chain, motion, width, height, fps), noise)
    return name, chain, motion, noise


def _style(opts, rng, height, background):
    """(Style, edges name or None): today's shadow drawn from the plan's generator (always, so
    the plan stays as it was), replaced by a shadow and/or outline on hard streams."""
    font = opts["font"] or rng.choice(sorted(fonts.FONT_FILES))
    for name in {font, "dejavu"}:
        if not os.path.exists(fonts.FONT_FILES[name]):
            raise RuntimeError(f"font {name} missing: install {fonts.FONT_PACKAGES[name]}")
    shadow = None
    if rng.random() < 0.6:
        offset = max(1, round(height / 540))
        shadow = (offset, offset, f"#000000@{rng.uniform(0.4, 0.8):.2f}")
    if opts["hard"] or background in backgrounds.HARD_BACKGROUNDS:
        shadow, border, edges = looks.edges(_seeded(opts, "edges"), height, background)
        return Style(font=font, shadow=shadow, border=border), edges
    return Style(font=font, shadow=shadow), None


def _draw(opts, rng, grid, style, palette):
    """Plans the stream and draws it: (items, truth, screen, pictures, extra stream.json keys)."""
    W, H = opts["width"], opts["height"]
    alt = opts["variant"] == "alt"
    layout_rng = _seeded(opts, "alt" if alt else "look")
    if opts["kind"] == "br":
        phases = br.plan(rng, grid, opts["kill_rate"])
        if alt:
            look = br_alt.Look(layout_rng, W, H, style, palette, digit_font=opts.get("digit_font"))
            drawing = br_alt.draw(phases, grid, look, rng)
            images, extra = drawing.images, {"digit_font": look.digit_font_name, "icon": "icon.png"}
        else:
            drawing = br.draw(phases, grid, br.Look(layout_rng, W, H, style, palette), rng)
            images, extra = {}, {}
        screen = [r for _, r in sorted(drawing.screen, key=lambda x: x[0])]
        return drawing.items, drawing.truth, screen, images, extra
    matches = football.plan(rng, grid)
    if alt:
        look = football_alt.Look(layout_rng, W, H, style, palette)
        items, truth, screen, images = football_alt.draw(matches, grid, look)
        return items, truth, screen, images, {"scoreboard": look.describe()}
    items, truth, screen = football.draw(matches, grid, football.Look(layout_rng, W, H, style, palette), rng)
    return items, truth, screen, {}, {}


def make(opts):
    rng = _seeded(opts)
    grid = Grid(opts["fps"], opts["duration"])
    W, H = opts["width"], opts["height"]
    bg_name, bg_chain, motion, noise = _scene(opts, W, H, grid.frames / opts["fps"])
    style, edges = _style(opts, rng, H, bg_name)
    palette = None
    if opts["hard"] or (opts["variant"] == "alt" and opts["kind"] == "football"):
        palette = looks.palette(_seeded(opts, "colours"))
    items, truth, screen, images, extra = _draw(opts, rng, grid, style, palette)
    out = opts["out"]
    os.makedirs(out, exist_ok=True)
    name = "index.m3u8" if opts["live"] else "stream." + opts["format"]
    rate = looks.encoding(_seeded(opts, "bitrate"), opts["bitrate"], W, H, opts["fps"])
    params = {"type": "stream", "kind": opts["kind"], "file": name, "duration": stamp(grid.frames / grid.fps),
              "frames": grid.frames, "width": W, "height": H, "fps": opts["fps"], "seed": opts["seed"],
              "font": style.font, "gop": opts["gop"], "audio": opts["audio"], "background": bg_name,
              "shadow": style.shadow is not None, "drawn_items": len(items),
              "variant": opts["variant"], "hard": opts["hard"], "motion": motion, "noise": noise,
              "encoding": rate or {"crf": 25}}
    if edges:
        params["edges"] = edges
    if palette:
        params["colours"] = palette.record(opts["kind"])
    params.update(extra)
    if opts["measure_legibility"]:
        video = os.path.join(out, name)
        if not os.path.isfile(video):
            raise UsageError(f"--measure-legibility: no {video} (make the stream first, with the same options)")
        measured = legibility.measure(out, video, items, screen, W, H, opts["fps"], grid.frames, opts["gop"],
                                      bg_chain, images)
        legibility.record(out, measured)
        print(json.dumps({"legibility": measured}))
        return
    _write_lines(os.path.join(out, "truth.ndjson"), truth)
    _write_lines(os.path.join(out, "screen.ndjson"), screen)
    _write_lines(os.path.join(out, "stream.json"), [json.dumps(params, separators=(",", ":"))])
    if "icon" in images:
        images["icon"].write(os.path.join(out, "icon.png"))
    if not opts["truth_only"]:
        render.render(os.path.join(out, name), items, W, H, opts["fps"], grid.frames, opts["gop"],
                      opts["audio"], opts["format"], bg_chain, opts["preset"], opts["live"],
                      opts["live_window"], rate=rate, images=images)


def _write_lines(path, lines):
    temporary = path + ".part"
    with open(temporary, "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line + "\n")
    os.replace(temporary, path)


def describe(directory):
    """A short human summary of a generated stream: file facts and its truth."""
    with open(os.path.join(directory, "stream.json"), encoding="utf-8") as handle:
        params = json.loads(handle.readline())
    path = os.path.join(directory, params["file"])
    print(f"{path}: {params['kind']} stream, seed {params['seed']}, {params['width']}x{params['height']} "
          f"{params['fps']} fps, font {params['font']}, background {params['background']}, "
          f"keyframe every {params['gop']} s")
    print("  " + _looks_line(params))
    if os.path.exists(path):
        probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                                "format=duration,size:stream=codec_type,codec_name,has_b_frames",
                                "-of", "json", path], capture_output=True, text=True)
        if probe.returncode == 0:
            info = json.loads(probe.stdout)
            streams = ", ".join(f"{s['codec_type']} {s['codec_name']}" for s in info.get("streams", []))
            fmt = info.get("format", {})
            print(f"  file: {float(fmt.get('duration', 0)):.1f} s, {int(fmt.get('size', 0)) / 1e6:.1f} MB, {streams}")
    with open(os.path.join(directory, "truth.ndjson"), encoding="utf-8") as handle:
        truth = [json.loads(line) for line in handle if line.strip()]
    if params["kind"] == "br":
        games = [t for t in truth if t["kind"] == "game"]
        print(f"  {len(games)} match(es):")
        print("    start      end        kills  placement  died   partial")
        for g in games:
            fmt_t = lambda v: f"{v:9.1f}" if v is not None else "        -"
            print(f"  {fmt_t(g.get('start'))}  {fmt_t(g.get('end'))}  {str(g.get('kills', '-')):>5}  "
                  f"{str(g.get('placement', '-')):>9}  {str(g.get('died', '-')):5}  {'yes' if g.get('partial') else ''}")
        changes = [t for t in truth if t["kind"] == "kills"]
        spectated = sum(1 for t in changes if t.get("spectated"))
        print(f"  {len(changes)} kill-count changes ({spectated} while spectating)")
    else:
        goals = [t for t in truth if t["kind"] == "goal"]
        print(f"  {len(goals)} goal(s):")
        for g in goals:
            print(f"    {g['t']:8.1f} s  {g['team']:4}  {g['score'][0]}-{g['score'][1]}")


def _looks_line(params):
    """One line on the variant, --hard and the looks drawn for them."""
    encoding = params.get("encoding") or {"crf": 25}
    rate = f"CRF {encoding['crf']}" if "crf" in encoding else \
        f"{encoding['kbps']} kbit/s VBV (buffer {encoding['bufsize']} kbit)" + (" (twitch)" if encoding.get("twitch") else "")
    parts = [f"variant {params.get('variant', 'spec')}", "hard" if params.get("hard") else "not hard",
             f"motion {params.get('motion', 'none')}", f"noise {params.get('noise', 0)}", rate]
    if params.get("edges"):
        parts.append(f"text edges {params['edges']}")
    if params.get("digit_font"):
        parts.append(f"kill digits in {params['digit_font']}, icon {params.get('icon')}")
    if params.get("scoreboard"):
        board = params["scoreboard"]
        parts.append(f"scoreboard {board['position']}, breaks {'/'.join(board['labels'])}, banner {board['goal']}")
    colours = params.get("colours")
    if colours:
        parts.append("colours " + ", ".join(f"{k} {v}" for k, v in colours.items() if v))
    return "; ".join(parts)


def main(argv):
    try:
        opts = parse(argv)
        if "describe" in opts:
            describe(opts["describe"])
        else:
            make(opts)
    except UsageError as error:
        sys.stderr.write(f"synth-stream: {error}\n")
        return 64
    except (OSError, RuntimeError, ValueError, KeyError) as error:
        sys.stderr.write(f"synth-stream: {error}\n")
        return 1
    return 0
