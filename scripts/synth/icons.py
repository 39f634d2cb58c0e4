"""Small antialiased pictures written as PNG with zlib and struct: the alt variant's HUD icons
(not font glyphs) and its slanted boxes and pills, which drawbox cannot draw.

Shapes are signed distance functions in pixels (negative inside); a pixel's coverage is
0.5 - distance at its centre, clamped to [0, 1], which antialiases every edge by one pixel.
"""

import math
import struct
import zlib


class Picture:
    """RGBA pixels, straight alpha, rows top to bottom."""

    def __init__(self, width, height, pixels):
        self.width, self.height, self.pixels = width, height, bytes(pixels)

    def png(self):
        """The picture as PNG file bytes (8-bit RGBA, no interlace)."""
        raw = bytearray()
        row = 4 * self.width
        for y in range(self.height):
            raw.append(0)
            raw += self.pixels[y * row:(y + 1) * row]

        def chunk(tag, data):
            body = tag + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 6, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))

    def ink_box(self):
        """[x, y, w, h] of the pixels with any ink (alpha > 0), relative to the picture."""
        rows = [y for y in range(self.height) if any(self.pixels[4 * (y * self.width + x) + 3]
                                                      for x in range(self.width))]
        cols = [x for x in range(self.width) if any(self.pixels[4 * (y * self.width + x) + 3]
                                                     for y in range(self.height))]
        if not rows:
            return [0, 0, 0, 0]
        return [cols[0], rows[0], cols[-1] - cols[0] + 1, rows[-1] - rows[0] + 1]

    def write(self, path):
        with open(path, "wb") as handle:
            handle.write(self.png())


def _rgb(color):
    """#RRGGBB as (r, g, b)."""
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def paint(width, height, distance, color="#FFFFFF", opacity=1.0):
    """A picture of one colour whose alpha is the coverage of `distance(x, y)` <= 0."""
    r, g, b = _rgb(color)
    pixels = bytearray(4 * width * height)
    at = 0
    for y in range(height):
        for x in range(width):
            cover = min(1.0, max(0.0, 0.5 - distance(x + 0.5, y + 0.5)))
            pixels[at:at + 4] = bytes((r, g, b, round(255 * opacity * cover)))
            at += 4
    return Picture(width, height, pixels)


def _box(px, py, cx, cy, hw, hh):
    """Signed distance to an axis-aligned rectangle centred at (cx, cy), half sizes hw, hh."""
    dx, dy = abs(px - cx) - hw, abs(py - cy) - hh
    outside = math.hypot(max(dx, 0.0), max(dy, 0.0))
    return outside + min(max(dx, dy), 0.0)


def crosshair(size):
    """A target: a ring, four ticks crossing it and a centre dot, white, size x size pixels."""
    c = size / 2
    ring, stroke = 0.33 * size, max(1.2, 0.11 * size)
    tick_half = max(0.6, 0.055 * size)

    def distance(x, y):
        d = math.hypot(x - c, y - c)
        circle = abs(d - ring) - stroke / 2
        dot = d - max(1.0, 0.09 * size)
        ticks = min(
            max(_box(x, y, c, c, tick_half, 0.47 * size), -_box(x, y, c, c, tick_half + 1, 0.2 * size)),
            max(_box(x, y, c, c, 0.47 * size, tick_half), -_box(x, y, c, c, 0.2 * size, tick_half + 1)))
        return min(circle, dot, ticks)

    return paint(size, size, distance)


def eye(height):
    """An eye: an almond outline and a round pupil, white; about 1.6 times as wide as tall."""
    width = round(1.6 * height)
    cx, cy = width / 2, height / 2
    half_w, half_h = 0.48 * width, 0.42 * height
    # The almond is the lens between two circles through (cx +- half_w, cy) and (cx, cy +- half_h).
    radius = (half_w ** 2 + half_h ** 2) / (2 * half_h)
    offset = radius - half_h
    stroke = max(1.2, 0.12 * height)

    def distance(x, y):
        lens = max(math.hypot(x - cx, y - (cy + offset)) - radius, math.hypot(x - cx, y - (cy - offset)) - radius)
        outline = abs(lens + stroke / 2) - stroke / 2
        pupil = math.hypot(x - cx, y - cy) - 0.24 * height
        return min(outline, pupil)

    return paint(width, height, distance)


def parallelogram(width, height, skew, color, opacity):
    """A box slanted like `/`: its top edge `skew` pixels right of its bottom edge; `width` is
    the bounding width (top-left corner at x = skew, bottom-right at x = width - skew)."""
    slope = skew / height

    def distance(x, y):
        left = x - (skew - slope * y)           # > 0 right of the left edge
        right = (width - slope * y) - x         # > 0 left of the right edge
        # Horizontal distances, scaled to perpendicular ones.
        scale = 1 / math.sqrt(1 + slope * slope)
        return max(-left * scale, -right * scale, -y, y - height)

    return paint(width, height, distance, color, opacity)


def pill(width, height, color, opacity=1.0):
    """A rounded box whose ends are half circles."""
    r = height / 2

    def distance(x, y):
        return _box(x, y, width / 2, height / 2, width / 2 - r, 0.0) - r

    return paint(width, height, distance, color, opacity)
