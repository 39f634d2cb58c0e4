"""Football streams of a second game (--variant alt, after FIFA 14-17 / PES): the same plan
and truth as football.py, drawn unlike the spec.

The scoreboard sits top centre (or top left): the clock first, in a dark box, then the home
code on a box of its team colour, a light pill holding the score in dark digits around a `:`,
and the away code on its colour. At half and full time the clock box says HALF TIME / FULL
TIME (or HT / FT). REPLAY shows bottom left during replays; the goal banner says GOAL! or GOAL.
"""

from . import fonts, football, icons, looks
from .timeline import Box, Image, Text, record, stamp

WHITE = "#FFFFFF"
PILLS = ["#FFFFFF", "#F2F2F2", "#E8E8E8", "#FFF6D8", "#E6F0FF"]
DIGITS = ["#101010", "#1A1A1A", "#202833", "#2A1A10"]


def _dark(rng):
    """A dark box colour: luminance below 25%."""
    while True:
        r, g, b = (rng.randint(0, 70) for _ in range(3))
        color = f"#{r:02X}{g:02X}{b:02X}"
        if looks.luminance(color) < 0.05:
            return color


class Look:
    """Scoreboard geometry, colours and labels; REPLAY and GOAL placement (pixels), from the seed."""

    def __init__(self, rng, width, height, style, palette):
        H = height
        self.width, self.height, self.style, self.palette = width, height, style, palette
        self.rng = rng
        self.font = fonts.load(style.font)
        self.centred = rng.random() < 0.7
        self.left = round(rng.uniform(0.02, 0.05) * width)
        self.top = round(rng.uniform(0.02, 0.05) * H)
        self.board_h = round(rng.uniform(0.045, 0.06) * H)
        self.cap = round(self.board_h * rng.uniform(0.45, 0.6))
        self.pad = round(self.cap * rng.uniform(0.5, 0.9))
        self.gap = round(self.cap * rng.choice([0, 0, 0.08, 0.15]))
        self.clock_box = _dark(rng)
        self.clock_color = rng.choice([WHITE, "#F4F4F4", "#E8E8E8"])
        self.labels = rng.choice([("HALF TIME", "FULL TIME"), ("HT", "FT")])
        self.pill = rng.choice(PILLS)
        self.digits = rng.choice(DIGITS)
        self.separator = rng.choice([":", " : "])
        self.replay_cap = round(0.035 * H)
        self.replay_left = round(rng.uniform(0.03, 0.06) * width)
        self.replay_top = round(rng.uniform(0.86, 0.9) * H)
        self.goal_text = rng.choice(["GOAL!", "GOAL"])
        self.goal_cap = round(0.10 * H)
        size = self.font.size_for_cap_height(self.cap)
        widest = max(self.font.text_width(t, size) for t in ("00:00",) + self.labels)
        self.clock_w = widest + 2 * self.pad

    def describe(self):
        """The scoreboard's choices as stream.json gives them."""
        return {"position": "centre" if self.centred else "left", "labels": list(self.labels),
                "separator": self.separator, "pill": self.pill, "clock_box": self.clock_box,
                "goal": self.goal_text}


def _pill_picture(images, width, height, color):
    key = f"pill-{width}x{height}-{color[1:]}"
    if key not in images:
        images[key] = icons.pill(width, height, color)
    return key


def draw(matches, grid, look):
    """Items, truth, screen records and pictures of a planned football stream."""
    items, truth, screen, images = [], [], [], {}
    texts = football.Texts(grid, look, items, screen)
    palette = look.palette
    for match in matches:
        for goal in match["goals"]:
            line = football.goal_truth(goal, grid)
            if line:
                truth.append((goal["t"], line))
            if goal["banner"]:
                box = (_box(palette.goal_box), round(look.goal_cap * 0.4)) if palette.goal_box else None
                texts.text(look.goal_text, look.goal_cap, palette.goal, "center",
                           (look.height - look.goal_cap) // 2, *goal["banner"], box=box)
            box = (_box(palette.replay_box), round(look.replay_cap * 0.35)) if palette.replay_box else None
            texts.text("REPLAY", look.replay_cap, palette.replay, look.replay_left, look.replay_top,
                       *goal["replay"], box=box)
        screen += football.periods(match, grid)
        home, hue = looks.team_colour(look.rng)
        away, _ = looks.team_colour(look.rng, avoid=hue)
        for a, b, score, label, half in football.board_spans(match, grid):
            _draw_board(items, screen, images, grid, look, match, (home, away), a, b, score, label, half)
    return (items, [r for _, r in sorted(truth, key=lambda x: x[0])],
            [r for _, r in sorted(screen, key=lambda x: x[0])], images)


def _box(box):
    return f"{box[0]}@{box[1]:.2f}"


def _draw_board(items, screen, images, grid, look, match, colours, a, b, score, label, half):
    """One scoreboard state: clock box, home box, score pill, away box, left to right."""
    font, h, top = look.font, look.board_h, look.top
    size = font.size_for_cap_height(look.cap)
    baseline = top + (h + look.cap) // 2
    score_text = f"{score[0]}{look.separator}{score[1]}"
    home_w = font.text_width(match["home"], size) + 2 * look.pad
    away_w = font.text_width(match["away"], size) + 2 * look.pad
    pill_w = font.text_width(score_text, size) + round(1.6 * look.pad) + h // 2
    total = look.clock_w + home_w + pill_w + away_w + 3 * look.gap
    x = (look.width - total) // 2 if look.centred else look.left

    def text(content, color, left, width, expand=False, sample=None):
        shown = sample or content
        pen = left + (width - font.text_width(shown, size)) // 2
        items.append(Text(content, font.path, size, color, pen, baseline - font.ink_top(shown, size), a, b,
                          expand=expand))

    clock_box = [x, top, look.clock_w, h]
    items.append(Box(x, top, look.clock_w, h, look.clock_box, a, b))
    shown = {"HT": look.labels[0], "FT": look.labels[1]}.get(label)
    if shown:
        text(shown, look.clock_color, x, look.clock_w)
    else:
        text(football._clock(match, half, grid), look.clock_color, x, look.clock_w, expand=True, sample="00:00")
    x += look.clock_w + look.gap
    home_box = [x, top, home_w, h]
    items.append(Box(x, top, home_w, h, colours[0], a, b))
    text(match["home"], WHITE, x, home_w)
    x += home_w + look.gap
    pill = [x, top, pill_w, h]
    items.append(Image(_pill_picture(images, pill_w, h, look.pill), x, top, a, b))
    text(score_text, look.digits, x, pill_w)
    x += pill_w + look.gap
    away_box = [x, top, away_w, h]
    items.append(Box(x, top, away_w, h, colours[1], a, b))
    text(match["away"], WHITE, x, away_w)
    clock_text = shown or "MM:SS"
    screen.append((a, record(type="screen", kind="scoreboard", start=stamp(grid.seconds(a)),
                             end=stamp(grid.seconds(b)), home=match["home"], away=match["away"], score=score,
                             clock=label or "running", clocktext=clock_text,
                             text=f"{clock_text} {match['home']} {score_text} {match['away']}",
                             box=[clock_box[0], top, x + away_w - clock_box[0], h], clockbox=clock_box,
                             homebox=home_box, pill=pill, awaybox=away_box)))
