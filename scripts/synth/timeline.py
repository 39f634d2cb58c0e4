"""The frame grid, drawn items and records shared by the br and football generators."""

import json
from dataclasses import dataclass, field
from typing import Optional


class Grid:
    """Converts seconds to frames and back. Event times sit on a 0.1 s grid when the frame
    rate allows it (30, 60 fps), else on frames, so truth times are exact frame times."""

    def __init__(self, fps, duration):
        self.fps = fps
        self.step = fps // 10 if fps % 10 == 0 else 1
        self.frames = int(round(duration * fps))

    def frame(self, seconds):
        """The grid frame nearest to `seconds`."""
        return int(round(seconds * self.fps / self.step)) * self.step

    def seconds(self, frame):
        return frame / self.fps

    def clamp(self, frame):
        return max(0, min(self.frames, frame))


def stamp(seconds):
    """A time as JSON prints it in truth files: at most 3 decimals, at least one."""
    text = f"{seconds:.3f}".rstrip("0")
    return float(text + "0" if text.endswith(".") else text)


def record(**fields):
    """One compact NDJSON line, keys in the order given, None values left out."""
    return json.dumps({k: v for k, v in fields.items() if v is not None},
                      separators=(",", ":"), ensure_ascii=False)


@dataclass
class Text:
    """A text drawn on frames [start, end) with its top-left ink corner at (x, y)."""
    text: str
    font: str
    size: int
    color: str
    x: int
    y: int
    start: int
    end: int
    shadow: Optional[tuple] = None      # (dx, dy, colour)
    box: Optional[tuple] = None         # (colour, border px)
    expand: bool = False                # text holds %{...} expansions (the football clock)
    border: Optional[tuple] = None      # outline (px, colour)


@dataclass
class Box:
    """A filled rectangle drawn on frames [start, end)."""
    x: int
    y: int
    w: int
    h: int
    color: str
    start: int
    end: int


@dataclass
class Image:
    """A picture (a key of the stream's image table: RGBA pixels) drawn with its top-left
    corner at (x, y) on frames [start, end). Lower layers are drawn first, all before the
    boxes and texts."""
    key: str
    x: int
    y: int
    start: int
    end: int
    layer: int = 0


@dataclass
class Style:
    """What one stream looks like, drawn once from the seed."""
    font: str
    shadow: Optional[tuple]
    extras: dict = field(default_factory=dict)
    border: Optional[tuple] = None      # outline of free-standing texts (px, colour), --hard


def spans(points, start, end):
    """Cut [start, end) at the sorted change points inside it: a list of (a, b)."""
    cuts = sorted({p for p in points if start < p < end} | {start, end})
    return list(zip(cuts, cuts[1:]))
