"""Football streams (after FIFA / EA Sports FC): scoreboard, goals, banners, replays, HT/FT.

plan() draws matches from the seed; draw() turns them into items, truth (`goal` records of
../shared/spec/synthetic-streams.md) and screen records (scoreboard states, texts, periods).
"""

import math
import string

from . import fonts
from .timeline import Box, Text, spans, record, stamp

CODES = ["HOM", "AWY", "ARS", "BAR", "CHE", "DOR", "FCB", "JUV", "LIV", "MCI", "MUN", "NAP",
         "PSG", "RMA", "ROM", "TOT", "AJA", "BEN", "CEL", "INT", "LYO", "MIL", "POR", "SEV"]


class Look:
    """Scoreboard geometry and colours, REPLAY and GOAL placement (pixels), from the seed."""

    def __init__(self, rng, width, height, style, palette=None):
        H = height
        self.width, self.height, self.style = width, height, style
        self.font = fonts.load(style.font)
        self.box_left = round(rng.uniform(0.02, 0.05) * width)
        self.box_top = round(rng.uniform(0.02, 0.05) * H)
        self.box_height = round(rng.uniform(0.045, 0.06) * H)
        self.cap = round(self.box_height * rng.uniform(0.45, 0.6))
        self.pad = round(self.cap * rng.uniform(0.5, 0.9))
        while True:
            r, g, b = (rng.randint(0, 90) for _ in range(3))
            if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.22 * 255:
                break
        self.box_color = f"#{r:02X}{g:02X}{b:02X}"
        self.text_color = rng.choice(["#FFFFFF", "#F4F4F4", "#E8E8E8"])
        self.replay_cap = round(0.035 * H)
        self.replay_top = round(rng.uniform(0.03, 0.06) * H)
        self.replay_margin = round(rng.uniform(0.03, 0.06) * H)
        self.goal_cap = round(0.10 * H)
        self.banner_color = rng.choice(["#B01020@0.85", "#1030A0@0.85", "#101010@0.7"])
        # Colours the spec leaves open: today's, or a palette's (--hard).
        self.goal_color, self.goal_box, self.replay_color, self.replay_box = "#FFFFFF", self.banner_color, "#FFFFFF", None
        if palette is not None:
            self.goal_color, self.replay_color = palette.goal, palette.replay
            self.goal_box = _box_colour(palette.goal_box)
            self.replay_box = _box_colour(palette.replay_box)


def _box_colour(box):
    """A palette's (colour, opacity) as a drawtext box colour, or None."""
    return None if box is None else f"{box[0]}@{box[1]:.2f}"


def _seconds(rng, grid, low, high):
    return grid.frame(rng.uniform(low, high))


def _team(rng, taken):
    pool = [c for c in CODES if c not in taken]
    if rng.random() < 0.2:
        return "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    return rng.choice(pool)


def plan(rng, grid):
    """Matches in frames: each with halves, breaks and goal sequences; may start before 0."""
    f = grid.frame
    matches = []
    t = 0
    if rng.random() < 0.25:
        t = None  # start in the middle of the first match
    while True:
        half = _seconds(rng, grid, 60, 150) if grid.frames < f(900) else _seconds(rng, grid, 120, 480)
        match = _match(rng, grid, half)
        if t is None:
            t = -_calm_point(rng, grid, match)
        length = match["length"]
        if t >= 0 and t + f(40) > grid.frames:
            break
        _shift(match, t)
        matches.append(match)
        t += length + _seconds(rng, grid, 5, 40)
        if t >= grid.frames:
            break
    for match in matches:
        match["goals"] = [g for g in match["goals"] if _goal_inside(g, grid)]
    _settle_scores(matches)
    return matches


def _match(rng, grid, half):
    """One match from its kick-off at frame 0: halves, HT, FT and goal sequences."""
    f = grid.frame
    home = _team(rng, [])
    away = _team(rng, [home])
    ht = _seconds(rng, grid, 5, 20)
    ft = _seconds(rng, grid, 5, 20)
    halves = [(0, half), (half + ht, 2 * half + ht)]
    goals = []
    for a, b in halves:
        t = a + _seconds(rng, grid, 5, 20)
        for _ in range(_count(rng, 1.3)):
            t += _seconds(rng, grid, 0, max(1, (b - t) / grid.fps / 3))
            goal = _goal(rng, grid, t)
            if goal["after"] + f(5) > b:
                break
            goal["team"] = "home" if rng.random() < 0.5 else "away"
            goals.append(goal)
            t = goal["after"] + f(5)
    return {"home": home, "away": away, "halves": halves, "ht": (half, half + ht),
            "ft": (2 * half + ht, 2 * half + ht + ft), "goals": goals,
            "length": 2 * half + ht + ft, "start_score": [0, 0]}


def _count(rng, mean):
    n, p = 0, rng.random()

    term = math.exp(-mean)
    total = term
    while p > total and n < 6:
        n += 1
        term *= mean / n
        total += term
    return n


def _goal(rng, grid, t):
    """A goal at frame t: optional banner G+1..G+4, replay, then the new score (frame `after`)."""
    f = grid.frame
    banner = rng.random() < 0.5
    replay = t + f(4) if banner else t + _seconds(rng, grid, 2, 4)
    after = replay + _seconds(rng, grid, 6, 15)
    return {"t": t, "banner": (t + f(1), t + f(4)) if banner else None,
            "replay": (replay, after), "after": after}


def _calm_point(rng, grid, match):
    """Frames into a match where a stream may begin: not inside a goal sequence."""
    f = grid.frame
    for _ in range(50):
        at = _seconds(rng, grid, 20, max(21, (match["length"] - f(60)) / grid.fps))
        if all(not (g["t"] - f(8) <= at <= g["after"] + f(5)) for g in match["goals"]):
            return at
    return f(1)


def _shift(match, t):
    match["start"] = t
    match["halves"] = [(a + t, b + t) for a, b in match["halves"]]
    match["ht"] = tuple(x + t for x in match["ht"])
    match["ft"] = tuple(x + t for x in match["ft"])
    for goal in match["goals"]:
        goal["t"] += t
        goal["after"] += t
        goal["replay"] = tuple(x + t for x in goal["replay"])
        if goal["banner"]:
            goal["banner"] = tuple(x + t for x in goal["banner"])


def _goal_inside(goal, grid):
    """Goals before the stream become part of the score; goals the stream cuts off are dropped."""
    return goal["after"] + grid.frame(3) <= grid.frames


def _settle_scores(matches):
    for match in matches:
        score = [0, 0]
        for goal in match["goals"]:
            score[0 if goal["team"] == "home" else 1] += 1
            goal["score"] = list(score)


def _score_at(match, t):
    score = [0, 0]
    for goal in match["goals"]:
        if goal["after"] <= t:
            score = goal["score"]
    return score


def _clock(match, half_index, grid):
    """drawtext expansion of the running clock MM:SS during one half."""
    a, b = match["halves"][half_index]
    speed = 2700.0 / ((b - a) / grid.fps)
    base = 2700 * half_index
    start = a / grid.fps
    game = f"({base}+(t-{start:.6f})*{speed:.6f})"
    return f"%{{eif:trunc(min({game},{base + 2700})/60):d:2}}:%{{eif:mod(trunc(min({game},{base + 2700})),60):d:2}}"


class Texts:
    """Free-standing texts of a football stream: drawtext items and their screen records."""

    def __init__(self, grid, look, items, screen):
        self.grid, self.look, self.items, self.screen = grid, look, items, screen

    def text(self, content, cap, color, x, y, a, b, box=None):
        look, grid = self.look, self.grid
        a, b = max(a, 0), min(b, grid.frames)
        if a >= b:
            return
        font = look.font
        s = font.size_for_cap_height(cap)
        width = font.text_width(content, s)
        if x == "center":
            x = (look.width - width) // 2
        elif x == "right":
            x = look.width - look.replay_margin - width
        self.items.append(Text(content, font.path, s, color, x, y, a, b, shadow=look.style.shadow, box=box,
                               border=look.style.border))
        self.screen.append((a, record(type="screen", kind="text", text=content, start=stamp(grid.seconds(a)),
                                      end=stamp(grid.seconds(b)), box=[x, y, width, cap])))


def goal_truth(goal, grid):
    """The goal's truth record, or None for a goal before the stream."""
    if goal["t"] < 0:
        return None
    return record(type="truth", kind="goal", t=stamp(grid.seconds(goal["t"])), team=goal["team"], score=goal["score"])


def periods(match, grid):
    """(frame, screen record) of the match's HT and FT periods inside the stream."""
    out = []
    for label, (a, b) in (("HT", match["ht"]), ("FT", match["ft"])):
        ca, cb = max(a, 0), min(b, grid.frames)
        if ca < cb:
            out.append((ca, record(type="screen", kind="period", label=label,
                                   start=stamp(grid.seconds(ca)), end=stamp(grid.seconds(cb)))))
    return out


def board_spans(match, grid):
    """The scoreboard's states inside the stream: (a, b, score, label, half) with label HT, FT
    or None (the clock runs), clipped to [0, frames); none during replays."""
    goals = match["goals"]
    hidden = [g["replay"] for g in goals]
    points = [g["after"] for g in goals] + [x for r in hidden for x in r]
    points += [x for h in match["halves"] for x in h] + list(match["ht"]) + list(match["ft"])
    for a, b in spans(points, match["halves"][0][0], match["ft"][1]):
        if any(r0 <= a < r1 for r0, r1 in hidden):
            continue
        ca, cb = max(a, 0), min(b, grid.frames)
        if ca >= cb:
            continue
        label = "HT" if match["ht"][0] <= a < match["ht"][1] else \
            "FT" if match["ft"][0] <= a < match["ft"][1] else None
        yield ca, cb, _score_at(match, a), label, 0 if a < match["ht"][0] else 1


def draw(matches, grid, look, rng):
    """Items, truth and screen records of a planned football stream, clipped to [0, frames)."""
    items, truth, screen = [], [], []
    font = look.font
    size = font.size_for_cap_height(look.cap)
    sec = lambda frame: stamp(grid.seconds(frame))
    texts = Texts(grid, look, items, screen)

    for match in matches:
        for goal in match["goals"]:
            line = goal_truth(goal, grid)
            if line:
                truth.append((goal["t"], line))
            if goal["banner"]:
                box = (look.goal_box, round(look.goal_cap * 0.4)) if look.goal_box else None
                texts.text("GOAL", look.goal_cap, look.goal_color, "center", (look.height - look.goal_cap) // 2,
                           *goal["banner"], box=box)
            box = (look.replay_box, round(look.replay_cap * 0.35)) if look.replay_box else None
            texts.text("REPLAY", look.replay_cap, look.replay_color, "right", look.replay_top, *goal["replay"],
                       box=box)
        screen += periods(match, grid)
        for ca, cb, score, label, half in board_spans(match, grid):
            board = f"{match['home']} {score[0]} - {score[1]} {match['away']}  "
            widest = font.text_width(board + "00:00", size)
            shown = board + (label or "MM:SS")
            content = board + label if label else board + _clock(match, half, grid)
            box_w = widest + 2 * look.pad
            items.append(Box(look.box_left, look.box_top, box_w, look.box_height, look.box_color, ca, cb))
            y = look.box_top + (look.box_height - look.cap) // 2
            items.append(Text(content, font.path, size, look.text_color, look.box_left + look.pad, y,
                              ca, cb, shadow=None, expand=label is None))
            screen.append((ca, record(type="screen", kind="scoreboard", start=sec(ca), end=sec(cb),
                                      home=match["home"], away=match["away"], score=score,
                                      clock=label or "running", text=shown,
                                      box=[look.box_left, look.box_top, box_w, look.box_height])))
    return items, [r for _, r in sorted(truth, key=lambda x: x[0])], [r for _, r in sorted(screen, key=lambda x: x[0])]
