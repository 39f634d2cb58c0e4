"""Battle-royale streams of a second game (--variant alt, after Apex Legends 2019-2021): the
same plan and truth as br.py, drawn unlike the spec, so that tools which learn a game from
data (an icon cut from a frame, labelled frames, digits, a profile) can be tried on a game
they were not written for.

During a match two dark slanted boxes sit top right: `{N} TEAMS LEFT` at the right margin
and, left of it, the kill box: a drawn crosshair icon (a PNG, no font glyph), the kill count
in a serif or monospaced font, and while spectators watch an eye icon and their count. The
kill box is not drawn while the count is 0 and turns red for 3 s after it changes.
"""

import json

from . import br, fonts, icons, looks
from .timeline import Image, Text, stamp

# Digit fonts none of the spec's three: the count must be learnt, not known.
DIGIT_FONTS = {
    "dejavu-serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "liberation-serif": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    "liberation-mono": "/usr/share/fonts/truetype/liberation2/LiberationMono-Bold.ttf",
    "dejavu-mono": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
}
WHITE = "#FFFFFF"
FILLS = ["#12161C", "#101318", "#161A20", "#0E1218", "#1A1D24"]
RED_FILLS = ["#B22222", "#BD2828", "#C62B2B", "#D03030"]


class Look:
    """Geometry, fonts, colours and pictures of one alt br stream (pixels), from the seed."""

    def __init__(self, rng, width, height, style, palette=None, digit_font=None):
        H = height
        self.width, self.height, self.style = width, height, style
        self.palette = palette or looks.Palette()
        self.font = fonts.load(style.font)
        # One game, one font: the kill count is drawn in DejaVu Serif Bold unless told otherwise
        # (the draw from the seed is still made, so the rest of the look stays as it was).
        drawn = rng.choice(sorted(DIGIT_FONTS))
        self.digit_font_name = digit_font or ("dejavu-serif" if drawn else drawn)
        self.digit_font = fonts.load(DIGIT_FONTS[self.digit_font_name])
        self.select_cap = round(rng.uniform(0.05, 0.07) * H)
        self.select_top = round(rng.uniform(0.06, 0.12) * H)
        self.select_color = rng.choice([WHITE, "#F0F0F0", "#E0E0E0", "#D0D0D0"])
        # One game, one HUD: the kill box's geometry, fill and icon are the game's, the same in
        # every stream at a given height (draws still made, so the other looks stay as they were).
        unused = [rng.uniform(0.030, 0.040), rng.uniform(0.02, 0.04), rng.uniform(1.8, 2.2), rng.uniform(0.22, 0.28)]
        self.cap = round(0.035 * H)
        self.top = round(0.03 * H)
        self.box_h = round(self.cap * 2.0)
        self.skew = round(0.25 * self.box_h)
        self.right = width - round(0.03 * H)
        unused += [rng.uniform(0.45, 0.8), rng.uniform(0.15, 0.4), rng.choice(FILLS), rng.uniform(0.75, 0.85),
                  rng.uniform(0.82, 0.88), rng.uniform(1.05, 1.3), rng.uniform(0.9, 1.1)]
        self.pad = round(0.6 * self.cap)
        self.gap = max(2, round(0.25 * self.cap))
        self.fill = FILLS[0]
        self.opacity = 0.8
        self.red_opacity = 0.85
        self.icon_size = round(self.cap * 1.2)
        self.eye_height = round(self.cap * 1.0)
        self.eye_gap = round(rng.uniform(0.6, 1.0) * self.cap)
        self.watching_cap = round(0.035 * H)
        self.watching_top = round(rng.uniform(0.82, 0.88) * H)
        self.title_cap = round(0.08 * H)
        self.placed_cap = round(rng.uniform(0.04, 0.05) * H)
        self.placed_gap = round(rng.uniform(0.6, 1.2) * self.placed_cap)
        self.ready_cap = round(0.04 * H)
        self.ready_top = round(rng.uniform(0.86, 0.90) * H)
        self.icon = icons.crosshair(self.icon_size)
        self.icon_ink = self.icon.ink_box()
        self.eye = icons.eye(self.eye_height)

    def title_cap_for(self, text):
        """0.08 H, smaller when the title would not fit in 92% of the width."""
        cap = self.title_cap
        while cap > 8 and self.font.text_width(text, self.font.size_for_cap_height(cap)) > 0.92 * self.width:
            cap -= 1
        return cap

    def inset(self):
        """Pixels between a slanted edge's bounding line and where a text may start inside,
        so that the text's rows stay clear of the slant."""
        return round(self.skew * (0.5 + self.cap / (2 * self.box_h)))


class Drawing(br.Drawing):
    """br's drawing with the pictures (icons, slanted boxes) its Image items show."""

    def __init__(self, grid, look):
        super().__init__(grid, look)
        self.images = {"icon": look.icon, "eye": look.eye}

    def box_picture(self, width, color, opacity):
        """The key of a slanted box picture of this width and fill, made once."""
        key = f"box-{width}x{self.look.box_h}-{color[1:]}-{round(opacity * 100)}"
        if key not in self.images:
            self.images[key] = icons.parallelogram(width, self.look.box_h, self.look.skew, color, opacity)
        return key


def draw(phases, grid, look, rng):
    """All drawn items, pictures, truth and screen records of a planned br stream."""
    d = Drawing(grid, look)
    font, palette = look.font, look.palette
    for phase in phases:
        a, b = phase["start"], phase["end"]
        if phase["phase"] == "lobby" and phase["ready"]:
            d.text("READY", font, look.ready_cap, palette.ready, "center", look.ready_top, a, b)
        elif phase["phase"] == "select":
            d.text("CHOOSE YOUR LEGEND", font, look.select_cap, look.select_color, "center",
                   look.select_top, a, b)
        elif phase["phase"] == "end":
            _draw_end(d, phase["placement"], a, b)
        elif phase["phase"] == "match":
            _draw_match(d, phase, rng)
    return d


def _draw_end(d, p, a, b):
    """The centred title and, centred below it, `PLACED #P OF 20` with `#P` in the accent."""
    look, palette = d.look, d.look.palette
    title = "CHAMPIONS OF THE ARENA" if p == 1 else "SQUAD ELIMINATED"
    cap = look.title_cap_for(title)
    top = (look.height - cap) // 2
    d.text(title, look.font, cap, palette.champions if p == 1 else palette.title, "center", top, a, b)
    a, b = max(a, 0), min(b, d.grid.frames)
    if a >= b:
        return
    font, cap = look.font, look.placed_cap
    size = font.size_for_cap_height(cap)
    parts = [("PLACED ", palette.placed), (f"#{p}", palette.placed_accent), (" OF 20", palette.placed)]
    line = "".join(text for text, _ in parts)
    width = font.text_width(line, size)
    x = (look.width - width) // 2
    baseline = top + look.title_cap + look.placed_gap + cap
    records = []
    for text, color in parts:
        glyphs = text.strip()
        lead = font.text_width(text[:len(text) - len(text.lstrip())], size)
        y = baseline - font.ink_top(glyphs, size)
        d.items.append(Text(glyphs, font.path, size, color, x + lead, y, a, b,
                            shadow=look.style.shadow, border=look.style.border))
        records.append({"text": glyphs, "color": color,
                        "box": [x + lead, y, font.text_width(glyphs, size), font.ink_top(glyphs, size)]})
        x += font.text_width(text, size)
    d.screen.append((a, _record(type="screen", kind="text", text=line, start=stamp(d.grid.seconds(a)),
                                end=stamp(d.grid.seconds(b)), box=[x - width, baseline - cap, width, cap],
                                parts=records)))


def _draw_match(d, match, rng):
    grid, look = d.grid, d.look
    a, b = match["start"], match["end"]
    if b <= 0 or a >= grid.frames:
        return
    br.match_truth(d, match)
    if match["death"] is not None:
        d.text("WATCHING SQUADMATE", look.font, look.watching_cap, look.palette.spectating, "center",
               look.watching_top, match["death"], b)
    red_by_change = {}
    for s, e, state in br.hud_states(match, grid):
        if state is None:
            if e > 0 and s < grid.frames:
                d.screen.append((max(s, 0), _record(
                    type="screen", kind="hud", start=stamp(grid.seconds(max(s, 0))),
                    end=stamp(grid.seconds(min(e, grid.frames))), hidden=True)))
            continue
        fill = (look.fill, look.opacity)
        if state["red"]:
            fill = (red_by_change.setdefault(state["change"], rng.choice(RED_FILLS)), look.red_opacity)
        _draw_hud(d, state, fill, s, e)


def _draw_hud(d, state, fill, a, b):
    """The two slanted boxes, right-aligned at the margin: kill box (absent at 0), teams box."""
    look, grid = d.look, d.grid
    a, b = max(a, 0), min(b, grid.frames)
    if a >= b:
        return
    font, digits_font, cap = look.font, look.digit_font, look.cap
    size = font.size_for_cap_height(cap)
    digit_size = digits_font.size_for_cap_height(cap)
    baseline = look.top + (look.box_h + cap) // 2
    inset = look.inset()

    def box(x, width, color, opacity):
        key = d.box_picture(width, color, opacity)
        d.items.append(Image(key, x, look.top, a, b, layer=0))
        return [x, look.top, width, look.box_h]

    def text(content, f, s, x):
        y = baseline - f.ink_top(content, s)
        d.items.append(Text(content, f.path, s, WHITE, x, y, a, b))
        return br._ink_box(f, content, s, x, baseline)

    teams = f"{state['squads']} TEAMS LEFT"
    teams_w = 2 * (inset + look.pad) + font.text_width(teams, size)
    teams_x = look.right - teams_w
    teams_box = box(teams_x, teams_w, look.fill, look.opacity)
    text(teams, font, size, teams_x + inset + look.pad)
    kill_box = icon_box = digits_box = None
    absent = state["kills"] == 0
    if not absent:
        count = str(state["kills"])
        space = font.text_width(" ", size)
        content = look.icon.width + space + digits_font.text_width(count, digit_size)
        if state["spectators"] is not None:
            watchers = str(state["spectators"])
            content += look.eye_gap + look.eye.width + space + digits_font.text_width(watchers, digit_size)
        kill_w = 2 * (inset + look.pad) + content
        kill_x = teams_x + look.skew - look.gap - kill_w
        kill_box = box(kill_x, kill_w, *fill)
        x = kill_x + inset + look.pad
        icon_y = baseline - (cap + look.icon.height) // 2
        d.items.append(Image("icon", x, icon_y, a, b, layer=1))
        ink = look.icon_ink
        icon_box = [x + ink[0], icon_y + ink[1], ink[2], ink[3]]
        x += look.icon.width + space
        digits_box = text(count, digits_font, digit_size, x)
        if state["spectators"] is not None:
            x += digits_font.text_width(count, digit_size) + look.eye_gap
            eye_y = baseline - (cap + look.eye.height) // 2
            d.items.append(Image("eye", x, eye_y, a, b, layer=1))
            text(watchers, digits_font, digit_size, x + look.eye.width + space)
    d.screen.append((a, _record(
        type="screen", kind="hud", start=stamp(grid.seconds(a)), end=stamp(grid.seconds(b)),
        squads=state["squads"], kills=state["kills"], red=state["red"], spectating=state["spectating"],
        spectators=state["spectators"], absent=True if absent else None, teamsbox=teams_box,
        killbox=kill_box, icon=icon_box, skull=icon_box, digits=digits_box)))


# Boxes of a hud record that are written as null (not left out) when the kill box is absent.
NULLABLE = ("killbox", "icon", "skull", "digits")


def _record(**fields):
    """A compact NDJSON line in the order given; None values left out except NULLABLE boxes."""
    kept = {k: v for k, v in fields.items() if v is not None or k in NULLABLE}
    return json.dumps(kept, separators=(",", ":"), ensure_ascii=False)
