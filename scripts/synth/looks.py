"""Per-stream choices beyond today's fixed looks (--hard, --variant alt): the colours of the
texts whose colour the spec leaves open, text edges (shadow, outline), the background family,
camera motion, noise and the encoder's bitrate. Each is drawn from its own seeded generator,
so none of them moves the plan (truth) or today's looks."""

import colorsys
from dataclasses import asdict, dataclass
from typing import Optional

from . import backgrounds, render

WHITE = "#FFFFFF"
YELLOW = "#FFD200"
# Text colours for texts whose colour the spec leaves open: white, yellow and saturated hues
# light enough to read on a dark picture (an outline or a box takes care of light ones).
TEXT_COLOURS = {"white": WHITE, "yellow": YELLOW, "red": "#FF3B30", "green": "#2EE66B",
                "blue": "#4DA3FF", "orange": "#FF8C1A"}
TEXT_WEIGHTS = {"white": 3, "yellow": 2, "red": 1, "green": 1, "blue": 1, "orange": 1}
BOX_COLOURS = ["#101010", "#1A1A2E", "#1030A0", "#B01020", "#0B6E2E", "#D35400", "#5A189A",
               "#FFFFFF", "#FFD200", "#00A8E8"]


def luminance(color):
    """Relative luminance (0 black .. 1 white) of #RRGGBB, as WCAG defines it."""
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b):
    """WCAG contrast ratio of two colours (1 .. 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass
class Palette:
    """Colours of the texts the spec gives no colour to; a box is (colour, opacity) or None."""
    ready: str = WHITE
    placed: str = WHITE
    placed_accent: str = YELLOW          # the alt variant's `#P`
    spectating: str = WHITE
    title: str = WHITE
    champions: str = "#FFD24A"
    goal: str = WHITE
    goal_box: Optional[tuple] = None
    replay: str = WHITE
    replay_box: Optional[tuple] = None

    def record(self, kind):
        """The palette's colours that a stream of `kind` uses, as stream.json gives them."""
        out = asdict(self)
        for key in ("goal_box", "replay_box"):
            out[key] = None if out[key] is None else f"{out[key][0]}@{out[key][1]:.2f}"
        keys = FOOTBALL_KEYS if kind == "football" else [k for k in out if k not in FOOTBALL_KEYS]
        return {k: out[k] for k in keys}


FOOTBALL_KEYS = ["goal", "goal_box", "replay", "replay_box"]


def _text_colour(rng, avoid=()):
    names = [n for n in TEXT_COLOURS if TEXT_COLOURS[n] not in avoid]
    return TEXT_COLOURS[rng.choices(names, weights=[TEXT_WEIGHTS[n] for n in names])[0]]


def _box_for(rng, text, chance):
    """A box behind `text` with `chance`, in a colour it reads well on (contrast >= 3)."""
    if rng.random() >= chance:
        return None
    fitting = [c for c in BOX_COLOURS if contrast(c, text) >= 3]
    return rng.choice(fitting), round(rng.uniform(0.65, 1.0), 2)


def palette(rng):
    """Colours drawn from everything the spec allows for texts it gives no colour."""
    goal = _text_colour(rng)
    replay = _text_colour(rng)
    placed = _text_colour(rng)
    return Palette(ready=_text_colour(rng), placed=placed,
                   placed_accent=_text_colour(rng, avoid=(placed,)),
                   spectating=_text_colour(rng), title=_text_colour(rng),
                   champions=_text_colour(rng), goal=goal, goal_box=_box_for(rng, goal, 0.5),
                   replay=replay, replay_box=_box_for(rng, replay, 0.4))


def edges(rng, height, background):
    """(shadow, outline, name) of free-standing texts on a hard stream: always an outline on the
    hard backgrounds (thicker on full-contrast cells and white scenes), any edge or none on the
    dimmed ones."""
    dimmed = background in render.BACKGROUNDS
    kind = rng.choice(["shadow", "outline", "both", "none"] if dimmed else ["outline", "both"])
    busy = background in backgrounds.BRIGHT | backgrounds.BINARY
    unit = max(1, round(height / 540))
    shadow = border = None
    if kind in ("shadow", "both"):
        offset = unit * rng.choice([1, 1, 2])
        shadow = (offset, offset, f"#000000@{rng.uniform(0.6, 0.9):.2f}")
    if kind in ("outline", "both"):
        low, high = (1 / 360, 1 / 240) if busy else (1 / 540, 1 / 320)
        opacity = rng.uniform(0.85, 1.0) if busy else rng.uniform(0.7, 1.0)
        border = (max(1, round(height * rng.uniform(low, high))), f"#000000@{opacity:.2f}")
    return shadow, border, kind


def pick_background(rng):
    """A background family for a hard stream: the new hard ones more often than the old ones."""
    names = render.BACKGROUNDS + backgrounds.HARD_BACKGROUNDS
    weights = [1] * len(render.BACKGROUNDS) + [2] * len(backgrounds.HARD_BACKGROUNDS)
    return rng.choices(names, weights=weights)[0]


def pick_motion(rng):
    return rng.choices(backgrounds.MOTIONS, weights=[3, 3, 2, 2])[0]


def pick_noise(rng):
    """Extra temporal noise strength: none, light or strong (ffmpeg noise alls)."""
    pick = rng.random()
    return 0 if pick < 0.4 else rng.randint(5, 15) if pick < 0.65 else rng.randint(20, 40)


def twitch_kbps(width, height, fps):
    """The video bitrate a Twitch streamer uses at this size and rate (kbit/s)."""
    big = height > 720
    if fps > 30:
        return 6000 if big else 4500
    return 4500 if big else 3000


def encoding(rng, bitrate, width, height, fps):
    """x264 rate control: CRF 25 (None), or VBV-limited at `bitrate` ("twitch" or kbit/s) with
    a buffer of one or two seconds of it."""
    if bitrate is None:
        return None
    kbps = twitch_kbps(width, height, fps) if bitrate == "twitch" else int(bitrate)
    return {"kbps": kbps, "maxrate": kbps, "bufsize": kbps * rng.choice([1, 2]),
            "twitch": bitrate == "twitch"}


def team_colour(rng, avoid=None):
    """A saturated team colour white text reads on (no yellows), unlike `avoid`'s hue."""
    while True:
        hue = rng.random()
        if 0.11 < hue < 0.2:
            continue
        if avoid is not None and min(abs(hue - avoid), 1 - abs(hue - avoid)) < 0.15:
            continue
        r, g, b = colorsys.hsv_to_rgb(hue, rng.uniform(0.75, 1.0), rng.uniform(0.5, 0.8))
        color = "#%02X%02X%02X" % (round(255 * r), round(255 * g), round(255 * b))
        if contrast(color, WHITE) >= 3:
            return color, hue
