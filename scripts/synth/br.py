"""Battle-royale streams (after Apex Legends): lobby, legend select, match, end screen.

plan() draws a stream's phases from the seed; draw() turns them into drawtext items,
the truth records of ../shared/spec/synthetic-streams.md and the screen records that say
what is drawn where (for tests that need more than the truth).
"""

from . import fonts
from .timeline import Text, spans, record, stamp

SKULL = "\u2620"
EYE = "\u25c9"
WHITE = "#FFFFFF"


class Look:
    """Positions, sizes and colours of one stream's texts (pixels), drawn from the seed."""

    def __init__(self, rng, width, height, style, palette=None):
        self.width, self.height, self.style = width, height, style
        H = height
        self.font = fonts.load(style.font)
        self.glyphs = fonts.load("dejavu")  # the skull and the eye, whatever the stream's font
        self.select_cap = round(rng.uniform(0.05, 0.07) * H)
        self.select_top = round(rng.uniform(0.06, 0.12) * H)
        self.select_color = rng.choice([WHITE, "#F0F0F0", "#E0E0E0", "#D0D0D0"])
        self.hud_top = round(rng.uniform(0.02, 0.04) * H)
        self.hud_cap = round(rng.uniform(0.030, 0.040) * H)
        self.hud_right = width - round(0.03 * H)
        self.squads_gap = round(rng.uniform(0.8, 1.6) * self.hud_cap)
        self.eye_gap = round(rng.uniform(0.8, 1.6) * self.hud_cap)
        self.spectating_cap = round(0.035 * H)
        self.spectating_top = round(rng.uniform(0.82, 0.88) * H)
        self.placed_left = round(rng.uniform(0.04, 0.08) * width)
        self.placed_top = round(rng.uniform(0.08, 0.14) * H)
        self.placed_cap = round(rng.uniform(0.04, 0.05) * H)
        self.title_cap = round(0.08 * H)
        self.ready_cap = round(0.04 * H)
        self.ready_top = round(rng.uniform(0.86, 0.90) * H)
        self.red = [f"#FF{g:02X}{g:02X}" for g in range(0x40, 0x61, 0x08)]
        # Colours the spec leaves open: today's, or a palette's (--hard).
        self.ready_color = self.placed_color = self.spectating_color = self.title_color = WHITE
        self.champions_color = "#FFD24A"
        if palette is not None:
            self.ready_color, self.placed_color = palette.ready, palette.placed
            self.spectating_color, self.title_color = palette.spectating, palette.title
            self.champions_color = palette.champions


def _seconds(rng, grid, low, high):
    return grid.frame(rng.uniform(low, high))


def plan(rng, grid, kill_rate=None):
    """The stream's phases in frames: a list of dicts, the first may start before frame 0.
    `kill_rate`: the player's mean kills per minute of play (default: a few a match)."""
    global _kill_rate
    _kill_rate = kill_rate
    f = grid.frame
    phases = []
    opening = rng.random()
    if opening < 0.2 and grid.frames > f(150):
        # In the middle of a match: the select and part of the match lie before frame 0.
        select = _seconds(rng, grid, 6, 20)
        length = _match_length(rng, grid, None)
        elapsed = _seconds(rng, grid, 30, max(31, length / grid.fps - 60))
        t = -(select + elapsed)
        t = _add_match(rng, grid, phases, t, select, length)
    elif opening < 0.3:
        select = _seconds(rng, grid, 6, 20)
        t = -_seconds(rng, grid, 1, select / grid.fps - 3)
        t = _add_match(rng, grid, phases, t, select, _match_length(rng, grid, grid.frames - t - select))
    else:
        t = 0
    while t < grid.frames:
        lobby = _seconds(rng, grid, 3, 25) if rng.random() < 0.9 else _seconds(rng, grid, 40, 120)
        select = _seconds(rng, grid, 6, 20)
        if t + lobby + select + f(40) > grid.frames:
            phases.append({"phase": "lobby", "start": t, "end": grid.frames, "ready": rng.random() < 0.5})
            break
        phases.append({"phase": "lobby", "start": t, "end": t + lobby, "ready": rng.random() < 0.5})
        t += lobby
        remaining = grid.frames - t - select
        t = _add_match(rng, grid, phases, t, select, _match_length(rng, grid, remaining))
    return phases


def _match_length(rng, grid, remaining):
    """3 to 25 minutes; fitted into what is left of the stream most of the time."""
    f = grid.frame
    if remaining is not None and remaining >= f(195) and rng.random() < 0.85:
        return _seconds(rng, grid, 180, min(1500, (remaining - f(16)) / grid.fps))
    return _seconds(rng, grid, 180, 1500)


def _add_match(rng, grid, phases, t, select, length):
    """Legend select, match and end screen from frame t; returns the frame after them."""
    phases.append({"phase": "select", "start": t, "end": t + select})
    t += select
    match = _match(rng, grid, t, length)
    phases.append(match)
    t += length
    screen = _seconds(rng, grid, 5, 15)
    phases.append({"phase": "end", "start": t, "end": t + screen, "placement": match["placement"]})
    return t + screen


def _match(rng, grid, start, length):
    f = grid.frame
    placement = 1 if rng.random() < 0.15 else rng.randint(2, 20)
    died = placement > 1 and rng.random() < 0.75
    end = start + length
    death = None
    if died:
        pick = rng.random()
        low, high = (10, 45) if pick < 0.5 else (45, 150) if pick < 0.85 else (150, 300)
        spectate = min(_seconds(rng, grid, low, high), length - f(120))
        death = end - spectate
    active_end = death if died else end
    quiet = _seconds(rng, grid, 12, 32)
    last_kill = active_end - quiet
    kills = _kills(rng, grid, start + f(8), last_kill)
    hidden = _inventory(rng, grid, start + f(10), active_end - quiet, kills)
    shown = list(kills)
    if died:
        final = kills[-1][1] if kills else 0
        spectated = rng.choice([v for v in range(0, 31) if v != final])
        shown.append((death, spectated))
        t = death
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            t += _seconds(rng, grid, 5, 40)
            if t >= end - f(3) or spectated >= 30:
                break
            spectated += 1
            shown.append((t, spectated))
    squads = _squads(rng, grid, start, end, placement)
    watchers = _watchers(rng, grid, start, end)
    return {"phase": "match", "start": start, "end": end, "placement": placement, "died": died,
            "death": death, "kills": kills, "shown": shown, "hidden": hidden, "squads": squads,
            "watchers": watchers}


_kill_rate = None


def _kills(rng, grid, first, last):
    """The player's kill changes: (frame, value), +1 each, some in bursts within 3 s."""
    f = grid.frame
    window = last - first
    if window <= f(5):
        return []
    mean = min(12.0, 0.9 * window / f(60)) if _kill_rate is None else min(30.0, _kill_rate * window / f(60))
    total = min(30, int(rng.expovariate(1.0 / max(mean, 0.3))))
    bursts = []
    left = total
    while left > 0:
        size = min(left, 1 if rng.random() < 0.8 else 2 if rng.random() < 0.7 else 3)
        bursts.append(size)
        left -= size
    room = f(6)
    while bursts and len(bursts) * room > window:
        bursts.pop()
    slack = window - len(bursts) * room
    offsets = sorted(grid.frame(rng.uniform(0, slack / grid.fps)) for _ in bursts)
    changes, value = [], 0
    for index, (size, offset) in enumerate(zip(bursts, offsets)):
        t = first + offset + index * room
        for step in range(size):
            if step:
                t += _seconds(rng, grid, 0.5, 1.4)
            value += 1
            changes.append((t, value))
    return changes


def _inventory(rng, grid, first, last, kills):
    """Intervals with the HUD hidden: 2 to 10 s, a few a match, never in the final quiet time."""
    f = grid.frame
    count = rng.randint(1, 3) + (last - first) // f(300)
    hidden = []
    for _ in range(count * 4):
        if len(hidden) >= count or last - first < f(20):
            break
        length = _seconds(rng, grid, 2, 10)
        a = first + grid.frame(rng.uniform(0, (last - first - length) / grid.fps))
        b = a + length
        if b > last or any(a < d + f(3) and c < b + f(3) for c, d in hidden):
            continue
        hidden.append((a, b))
    return sorted(hidden)


def _squads(rng, grid, start, end, placement):
    """Changes of N SQUADS LEFT: (frame, N) from 20 down to the placement."""
    f = grid.frame
    steps = 20 - max(placement, 1)
    if steps <= 0 or end - start < f(30):
        return [(start, 20)]
    times = sorted({start + f(20) + grid.frame(rng.uniform(0, (end - start - f(25)) / grid.fps))
                    for _ in range(steps)})
    changes = [(start, 20)]
    n = 20
    for t in times:
        n -= 1
        changes.append((t, n))
    if n > placement:
        changes[-1] = (changes[-1][0], placement)
    return changes


def _watchers(rng, grid, start, end):
    """Intervals with a spectator count right of the kills: (a, b, count) pieces."""
    f = grid.frame
    if rng.random() < 0.4:
        return []
    pieces = []
    for _ in range(rng.randint(1, 3)):
        a = start + grid.frame(rng.uniform(0, max(1, (end - start - f(30)) / grid.fps)))
        b = min(end, a + _seconds(rng, grid, 20, 150))
        if any(a < d + f(5) and c < b + f(5) for c, d, _ in pieces):
            continue
        count = rng.choice([rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 999)])
        t = a
        while t < b:
            u = min(b, t + _seconds(rng, grid, 8, 40))
            pieces.append((t, u, count))
            count = max(1, count + rng.randint(-count // 3 - 1, count // 3 + 2))
            t = u
    return sorted(pieces)


def _value_at(changes, t, default=None):
    value = default
    for at, v in changes:
        if at <= t:
            value = v
        else:
            break
    return value


def hud_states(match, grid):
    """The HUD strip's states over a match: (a, b, state) with state None while hidden."""
    red_time = grid.frame(3)
    points = [match["start"], match["end"]]
    for t, _ in match["shown"]:
        points += [t, t + red_time]
    points += [t for t, _ in match["squads"]]
    for a, b in match["hidden"]:
        points += [a, b]
    for a, b, _ in match["watchers"]:
        points += [a, b]
    states = []
    for a, b in spans(points, match["start"], match["end"]):
        if any(c <= a < d for c, d in match["hidden"]):
            state = None
        else:
            last = _value_at([(t, t) for t, _ in match["shown"]], a)
            state = {
                "squads": _value_at(match["squads"], a, 20),
                "kills": _value_at(match["shown"], a, 0),
                "red": last is not None and a < last + red_time,
                "change": last if last is not None and a < last + red_time else None,
                "spectators": next((c for x, y, c in match["watchers"] if x <= a < y), None),
                "spectating": match["death"] is not None and a >= match["death"],
            }
        if states and states[-1][2] == state and states[-1][1] == a:
            states[-1] = (states[-1][0], b, state)
        else:
            states.append((a, b, state))
    return states


class Drawing:
    """Items, truth and screen records of one stream, clipped to [0, frames)."""

    def __init__(self, grid, look):
        self.grid, self.look = grid, look
        self.items, self.truth, self.screen = [], [], []

    def text(self, text, font, cap, color, x, y, a, b, box=None, screen_kind="text", **extra):
        a, b = max(a, 0), min(b, self.grid.frames)
        if a >= b:
            return None
        size = font.size_for_cap_height(cap)
        width = font.text_width(text, size)
        if x == "center":
            x = (self.look.width - width) // 2
        item = Text(text, font.path, size, color, x, y, a, b, shadow=self.look.style.shadow, box=box,
                    border=self.look.style.border)
        self.items.append(item)
        if screen_kind:
            self.screen.append((a, record(type="screen", kind=screen_kind, text=text,
                                          start=stamp(self.grid.seconds(a)),
                                          end=stamp(self.grid.seconds(b)),
                                          box=[x, y, width, cap], **extra)))
        return item


def draw(phases, grid, look, rng):
    """All drawn items with truth and screen records for a planned br stream."""
    d = Drawing(grid, look)
    font = look.font
    seconds = grid.seconds
    for phase in phases:
        a, b = phase["start"], phase["end"]
        if phase["phase"] == "lobby" and phase["ready"]:
            d.text("READY", font, look.ready_cap, look.ready_color, "center", look.ready_top, a, b)
        elif phase["phase"] == "select":
            d.text("SELECT LEGEND", font, look.select_cap, look.select_color, "center",
                   look.select_top, a, b)
        elif phase["phase"] == "end":
            p = phase["placement"]
            d.text(f"PLACED #{p} OF 20", font, look.placed_cap, look.placed_color, look.placed_left,
                   look.placed_top, a, b)
            title = "CHAMPIONS" if p == 1 else "SQUAD ELIMINATED"
            d.text(title, font, look.title_cap, look.champions_color if p == 1 else look.title_color, "center",
                   (look.height - look.title_cap) // 2, a, b)
        elif phase["phase"] == "match":
            _draw_match(d, phase, rng)
    return d


def match_truth(d, match):
    """The match's `game` record and its `kills` records (the shown count's changes)."""
    grid = d.grid
    a, b = match["start"], match["end"]
    partial = a < 0 or b >= grid.frames
    final = match["kills"][-1][1] if match["kills"] else 0
    known = {"start": None if a < 0 else stamp(grid.seconds(a)),
             "end": None if b >= grid.frames else stamp(grid.seconds(b))}
    if b >= grid.frames:
        game = record(type="truth", kind="game", start=known["start"], partial=True)
    else:
        game = record(type="truth", kind="game", start=known["start"], end=known["end"],
                      kills=final, placement=match["placement"], died=match["died"],
                      partial=True if partial else None)
    d.truth.append(game)
    for t, value in match["shown"]:
        if 0 <= t < grid.frames:
            spectated = match["death"] is not None and t >= match["death"]
            d.truth.append(record(type="truth", kind="kills", t=stamp(grid.seconds(t)),
                                  value=value, spectated=True if spectated else None))


def _draw_match(d, match, rng):
    grid, look = d.grid, d.look
    a, b = match["start"], match["end"]
    if b <= 0 or a >= grid.frames:
        return
    match_truth(d, match)
    if match["death"] is not None:
        d.text("SPECTATING", look.font, look.spectating_cap, look.spectating_color, "center",
               look.spectating_top, match["death"], b)
    red_by_change = {}
    for s, e, state in hud_states(match, grid):
        if state is None:
            if e > 0 and s < grid.frames:
                d.screen.append((max(s, 0), record(
                    type="screen", kind="hud", start=stamp(grid.seconds(max(s, 0))),
                    end=stamp(grid.seconds(min(e, grid.frames))), hidden=True)))
            continue
        color = WHITE
        if state["red"]:
            color = red_by_change.setdefault(state["change"], rng.choice(look.red))
        _draw_strip(d, state, color, s, e)


def _draw_strip(d, state, color, a, b):
    """`N SQUADS LEFT  ☠ K  ◉ C`, right-aligned at the margin, on one baseline."""
    look, grid = d.look, d.grid
    font, glyphs, cap = look.font, look.glyphs, look.hud_cap
    size = font.size_for_cap_height(cap)
    glyph_size = glyphs.size_for_cap_height(cap)
    baseline = look.hud_top + cap
    right = look.hud_right
    space = font.text_width(" ", size)
    parts = []  # (role, text, font, size, colour) left to right; a gap is (None, width)
    parts.append(("squads", f"{state['squads']} SQUADS LEFT", font, size, WHITE))
    parts.append((None, look.squads_gap))
    parts.append(("skull", SKULL, glyphs, glyph_size, WHITE))
    parts.append((None, space))
    parts.append(("kills", str(state["kills"]), font, size, color))
    if state["spectators"] is not None:
        parts.append((None, look.eye_gap))
        parts.append(("eye", EYE, glyphs, glyph_size, WHITE))
        parts.append((None, space))
        parts.append(("spectators", str(state["spectators"]), font, size, WHITE))
    widths = [p[1] if p[0] is None else p[2].text_width(p[1], p[3]) for p in parts]
    x = right - sum(widths)
    boxes = {}
    for part, width in zip(parts, widths):
        if part[0] is not None:
            role, text, f, s, c = part
            y = baseline - f.ink_top(text, s)
            d.items.append(Text(text, f.path, s, c, x, y, max(a, 0), min(b, grid.frames),
                                shadow=look.style.shadow, border=look.style.border))
            boxes[role] = _ink_box(f, text, s, x, baseline)
        x += width
    if b > 0 and a < grid.frames:
        d.screen.append((max(a, 0), record(
            type="screen", kind="hud", start=stamp(grid.seconds(max(a, 0))),
            end=stamp(grid.seconds(min(b, grid.frames))), squads=state["squads"],
            kills=state["kills"], red=state["red"], spectating=state["spectating"],
            spectators=state["spectators"], skull=boxes["skull"], digits=boxes["kills"])))


def _ink_box(font, text, size, x, baseline):
    """Estimated ink box [x, y, w, h] of a text whose pen starts at x on `baseline`."""
    scale = size / font.units_per_em
    first = font.glyph_box(ord(text[0]))
    last = font.glyph_box(ord(text[-1]))
    left = x + round(first[0] * scale)
    right = x + font.text_width(text[:-1], size) + round(last[2] * scale)
    top = baseline - font.ink_top(text, size)
    bottom = baseline + font.ink_bottom(text, size)
    return [left, top, right - left, bottom - top]
