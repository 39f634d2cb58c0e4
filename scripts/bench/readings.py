"""What the OCR evaluation and benchmark share: the regions the spec puts texts in, how a
reading is judged against screen.ndjson, and seeds whose streams show every text."""

import json
import os
import re
import subprocess
import tempfile

from benchlib import ROOT

WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#:- "

# Where the spec puts each text, with margins (fractions of the frame: x, y, w, h).
CROPS = {
    "br": {
        "select": "0.15,0.04,0.70,0.17",
        "placed": "0.02,0.06,0.55,0.15",
        "spectating": "0.25,0.79,0.50,0.14",
    },
    "football": {
        "scoreboard": "0,0,0.5,0.12",
        "replay": "0.6,0,0.4,0.15",
    },
}


def norm(text):
    return re.sub(r"\s+", "", text or "")


def checks(kind):
    """(name, region, shown(screen, t) -> expected or None, reads(text, expected) -> bool)."""
    def text_on(screen, t, predicate):
        for record in screen:
            if record["kind"] == "text" and predicate(record["text"]) and record["start"] <= t < record["end"]:
                return record["text"]
        return None

    if kind == "br":
        return [
            ("SELECT LEGEND", "select", lambda s, t: text_on(s, t, lambda x: x == "SELECT LEGEND"),
             lambda text, _: "SELECTLEGEND" in norm(text)),
            ("PLACED #P OF 20", "placed", lambda s, t: text_on(s, t, lambda x: x.startswith("PLACED")),
             lambda text, expected: (m := re.search(r"PLACED#?(\d+)OF20", norm(text))) is not None
             and (expected is None or m.group(1) == expected.split("#")[1].split()[0])),
            ("SPECTATING", "spectating", lambda s, t: text_on(s, t, lambda x: x == "SPECTATING"),
             lambda text, _: "SPECTATING" in norm(text)),
        ]

    def board_on(screen, t):
        for record in screen:
            if record["kind"] == "scoreboard" and record["start"] <= t < record["end"]:
                return (record["home"], record["score"][0], record["score"][1], record["away"])
        return None

    def score_read(text, expected):
        """The score, home-away, as words of its own (the reader spaces words apart)."""
        spaced = " ".join((text or "").split())
        found = re.findall(r"(?:^| )(\d{1,2}) ?- ?(\d{1,2})(?= |$)", spaced)
        if expected is None:
            return bool(found)
        return (str(expected[1]), str(expected[2])) in found

    def teams_read(text, expected):
        squeezed = norm(text)
        if expected is None:
            return False  # teams alone are no reading of a scoreboard
        return squeezed.startswith(expected[0]) and f"{expected[2]}{expected[3]}" in squeezed

    return [
        ("REPLAY", "replay", lambda s, t: text_on(s, t, lambda x: x == "REPLAY"),
         lambda text, _: "REPLAY" in norm(text)),
        ("scoreboard score", "scoreboard", board_on, score_read),
        ("(scoreboard teams)", "scoreboard", board_on, teams_read),
    ]


def usable_seed(kind, duration, seed, fps=30):
    """The first seed from `seed` whose plan shows every text checked: for br a complete match
    the player dies in (SELECT LEGEND, SPECTATING, PLACED), for football a goal (REPLAY)."""
    for candidate in range(seed, seed + 200):
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([os.path.join(ROOT, "scripts", "synth-stream"), kind, "--duration", str(duration),
                            "--seed", str(candidate), "--fps", str(fps), "--truth-only", "--out", folder],
                           check=True)
            truth = [json.loads(line) for line in open(os.path.join(folder, "truth.ndjson"))]
        if kind == "br" and any(t["kind"] == "game" and "start" in t and "end" in t and t.get("died") for t in truth):
            return candidate
        if kind == "football" and any(t["kind"] == "goal" for t in truth):
            return candidate
    raise SystemExit(f"no usable {kind} seed from {seed}")


def judge(kind, frames, screen):
    """Per check: (name, frames showing, read right, false reads, misses [(t, text)])."""
    rows = []
    for name, region, shown, reads in checks(kind):
        hits = shows = false_reads = 0
        misses = []
        for frame in frames:
            t = frame["t"]
            result = frame.get("ocr", {}).get(region, {})
            expected = shown(screen, t)
            text = result.get("text")
            if expected is not None:
                shows += 1
                if text is not None and reads(text, expected):
                    hits += 1
                else:
                    misses.append((t, text if text is not None else "(skipped)"))
            elif text is not None and reads(text, None):
                false_reads += 1
                misses.append((t, f"false: {text}"))
        rows.append((name, shows, hits, false_reads, misses))
    return rows
