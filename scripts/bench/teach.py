"""Teaching reel a game the way reel-teach(7) tells a user to, on synthetic streams: frames
sampled with the counter's region, labels made as the labelling page makes them (from the
stream's screen records, scripts/dev/label-from-screen), the icon cut from one frame, a
dataset, a network trained on it, a profile naming them, and the held-back labels evaluated.

Used by scripts/evaluate --variant alt and its test; every step runs reel's own tools."""

import json
import os
import subprocess

from benchlib import ROOT

# The second game (synth-stream --variant alt): where its texts and its kill box are, what they
# say. Everything there is what a user writes in a profile after looking at their footage.
PROFILES = os.path.join(ROOT, "Tests", "Fixtures", "second-game")
ALT_BR = json.load(open(os.path.join(PROFILES, "alt-br.json")))
ALT_FOOTBALL = json.load(open(os.path.join(PROFILES, "alt-football.json")))

HUD_CROP = ALT_BR["crops"]["hud"]


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr.strip()[-1500:]}")
    return result


def sample_counter(bin_dir, folder, out):
    """Frames of a stream every second, the counter's region only, in colour (step 1)."""
    params = json.loads(open(os.path.join(folder, "stream.json")).readline())
    frames = os.path.join(out, "frames.ndjson")
    if not os.path.exists(frames):
        result = run([os.path.join(bin_dir, "frame-sample"), os.path.join(folder, params["file"]), "--mode", "exact",
                      "--every", "1", "--rgb", "--crop", f"hud={HUD_CROP}", "--frame-height", "720",
                      "--out", os.path.join(out, "crops"), "--quiet"])
        with open(frames + ".part", "w") as handle:
            handle.write(result.stdout)
        os.replace(frames + ".part", frames)
    return frames


def teach(bin_dir, training, work, epochs=None, log=print):
    """Teaches the alt game from the training stream folders; returns the profile's path."""
    os.makedirs(work, exist_ok=True)
    profile_path = os.path.join(work, "alt-br.json")
    if os.path.exists(profile_path) and os.path.exists(os.path.join(work, "digits.weights")):
        return profile_path
    found_files, labels_files = [], []
    counter = None
    for index, folder in enumerate(training):
        out = os.path.join(work, f"train{index}")
        os.makedirs(out, exist_ok=True)
        frames = sample_counter(bin_dir, folder, out)
        # Step 2: labels (and, from the first stream, the icon and the digits' box).
        labelled = os.path.join(out, "labels")
        run([os.path.join(ROOT, "scripts", "dev", "label-from-screen"), frames, os.path.join(folder, "screen.ndjson"), labelled])
        if counter is None:
            counter = json.load(open(os.path.join(labelled, "counter.json")))["counter"]
            os.replace(os.path.join(labelled, "icon.png"), os.path.join(work, "icon.png"))
        labels_files.append(os.path.join(labelled, "labels.ndjson"))
    # The profile names the icon and the digits' box; digits are white on a dark (or red) box.
    profile = dict(ALT_BR)
    profile["counter"] = {"region": "hud", "template": "icon.png", "template_height": counter["template_height"],
                          "digits": counter["digits"], "ink": "light", "max_digits": 2, "absent": 0}
    with open(profile_path, "w") as handle:
        json.dump(profile, handle, indent=2)
    # Step 3: the icon found in every frame, a dataset from the labels, the network trained.
    train, test = os.path.join(work, "train.ds"), os.path.join(work, "held-back.ds")
    for path in (train, test):
        if os.path.exists(path):
            os.remove(path)
    for index, labels in enumerate(labels_files):
        out = os.path.join(work, f"train{index}")
        frames = os.path.join(out, "frames.ndjson")
        found = run([os.path.join(bin_dir, "skull-find"), "--profile", profile_path, "--quiet"], stdin=open(frames)).stdout
        made = run([os.path.join(bin_dir, "digit-classify"), "dataset", "--labels", labels, "--profile", profile_path,
                    "--out", train, "--test", test, "--test-share", "0.25"], input=found)
        log(made.stderr.strip())
    weights = os.path.join(work, "digits.weights")
    trained = run([os.path.join(bin_dir, "digit-classify"), "train", train, "--out", weights]
                  + (["--epochs", str(epochs)] if epochs else []))
    log(trained.stderr.strip().splitlines()[-1])
    evaluation = run([os.path.join(bin_dir, "digit-classify"), "evaluate", test, "--model", weights])
    log(evaluation.stdout.strip().splitlines()[-1])
    profile["counter"]["model"] = "digits.weights"
    with open(profile_path, "w") as handle:
        json.dump(profile, handle, indent=2)
    return profile_path
