"""TrueType metrics for laying out text the way ffmpeg's drawtext draws it.

drawtext cannot measure one filter's text from another, so a right-aligned strip
of several texts (different fonts and colours) is laid out here from the font
files themselves: advance widths (hmtx), glyph boxes (glyf) and cap height (OS/2).
"""

import struct

FONT_FILES = {
    "dejavu": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "liberation": "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "roboto": "/usr/share/fonts/truetype/roboto/unhinted/RobotoCondensed-Bold.ttf",
}

FONT_PACKAGES = {
    "dejavu": "fonts-dejavu-core",
    "liberation": "fonts-liberation2",
    "roboto": "fonts-roboto",
}


class Font:
    """One TrueType font file: glyph metrics in font units, scaled on demand."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as handle:
            self.data = handle.read()
        self.tables = self._read_directory()
        head = self.tables["head"]
        self.units_per_em = struct.unpack_from(">H", self.data, head + 18)[0]
        self.long_loca = struct.unpack_from(">h", self.data, head + 50)[0] == 1
        self.glyph_count = struct.unpack_from(">H", self.data, self.tables["maxp"] + 4)[0]
        self.metric_count = struct.unpack_from(">H", self.data, self.tables["hhea"] + 34)[0]
        self.cmap = self._read_cmap()
        self.cap_height = self._read_cap_height()

    def _read_directory(self):
        count = struct.unpack_from(">H", self.data, 4)[0]
        tables = {}
        for index in range(count):
            tag, _, offset, _ = struct.unpack_from(">4sIII", self.data, 12 + 16 * index)
            tables[tag.decode("latin-1")] = offset
        return tables

    def _read_cmap(self):
        base = self.tables["cmap"]
        count = struct.unpack_from(">H", self.data, base + 2)[0]
        best = None
        for index in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", self.data, base + 4 + 8 * index)
            fmt = struct.unpack_from(">H", self.data, base + offset)[0]
            if fmt == 12 and (platform, encoding) in ((3, 10), (0, 4), (0, 6)):
                return self._cmap_format12(base + offset)
            if fmt == 4 and (platform, encoding) in ((3, 1), (0, 3), (0, 4)):
                best = best or (base + offset)
        if best is None:
            raise ValueError(f"{self.path}: no Unicode cmap")
        return self._cmap_format4(best)

    def _cmap_format4(self, at):
        segments = struct.unpack_from(">H", self.data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", self.data, at + 14)
        starts = struct.unpack_from(f">{segments}H", self.data, at + 16 + 2 * segments)
        deltas = struct.unpack_from(f">{segments}h", self.data, at + 16 + 4 * segments)
        range_at = at + 16 + 6 * segments
        offsets = struct.unpack_from(f">{segments}H", self.data, range_at)
        table = {}
        for i in range(segments):
            for code in range(starts[i], ends[i] + 1):
                if code == 0xFFFF:
                    continue
                if offsets[i] == 0:
                    glyph = (code + deltas[i]) & 0xFFFF
                else:
                    where = range_at + 2 * i + offsets[i] + 2 * (code - starts[i])
                    glyph = struct.unpack_from(">H", self.data, where)[0]
                    if glyph:
                        glyph = (glyph + deltas[i]) & 0xFFFF
                if glyph:
                    table[code] = glyph
        return table

    def _cmap_format12(self, at):
        groups = struct.unpack_from(">I", self.data, at + 12)[0]
        table = {}
        for i in range(groups):
            start, end, glyph = struct.unpack_from(">III", self.data, at + 16 + 12 * i)
            for code in range(start, end + 1):
                table[code] = glyph + code - start
        return table

    def _read_cap_height(self):
        os2 = self.tables.get("OS/2")
        if os2 is not None and struct.unpack_from(">H", self.data, os2)[0] >= 2:
            cap = struct.unpack_from(">h", self.data, os2 + 88)[0]
            if cap > 0:
                return cap
        return self.glyph_box(ord("H"))[3]

    def glyph(self, char):
        return self.cmap.get(ord(char), 0)

    def advance(self, char):
        glyph = self.glyph(char)
        index = min(glyph, self.metric_count - 1)
        return struct.unpack_from(">H", self.data, self.tables["hmtx"] + 4 * index)[0]

    def glyph_box(self, code):
        """(xMin, yMin, xMax, yMax) of a code point's glyph in font units; zeros when empty."""
        glyph = self.cmap.get(code, 0)
        loca = self.tables["loca"]
        if self.long_loca:
            start, end = struct.unpack_from(">II", self.data, loca + 4 * glyph)
        else:
            start, end = (2 * v for v in struct.unpack_from(">HH", self.data, loca + 2 * glyph))
        if end <= start:
            return (0, 0, 0, 0)
        return struct.unpack_from(">hhhh", self.data, self.tables["glyf"] + start + 2)

    # Pixel measures at a drawtext fontsize (FreeType pixel size = em size).

    def size_for_cap_height(self, pixels):
        """The drawtext fontsize whose capital letters are `pixels` tall."""
        return max(1, round(pixels * self.units_per_em / self.cap_height))

    def text_width(self, text, size):
        """Advance width in pixels, each glyph rounded as hinted FreeType does."""
        return sum(round(self.advance(c) * size / self.units_per_em) for c in text)

    def ink_top(self, text, size):
        """Pixels from the baseline up to the highest ink of `text` (drawtext puts it at y)."""
        top = max((self.glyph_box(ord(c))[3] for c in text if c != " "), default=0)
        return round(top * size / self.units_per_em)

    def ink_bottom(self, text, size):
        """Pixels from the baseline down to the lowest ink of `text` (0 without descenders)."""
        low = min((self.glyph_box(ord(c))[1] for c in text if c != " "), default=0)
        return round(-low * size / self.units_per_em)


_cache = {}


def load(name):
    """The Font for a name of FONT_FILES (or a path), loaded once."""
    path = FONT_FILES.get(name, name)
    if path not in _cache:
        _cache[path] = Font(path)
    return _cache[path]
