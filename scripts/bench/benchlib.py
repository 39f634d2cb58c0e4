"""Helpers shared by reel's benchmarks: build, cached inputs, timed runs, tables."""

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
CACHE = os.environ.get("REEL_BENCH_CACHE", os.path.join(ROOT, ".build", "bench-cache"))


def build():
    """The folder of the tools: $REEL_BIN when set (as `make test` sets it), else the release
    build, made first."""
    if os.environ.get("REEL_BIN"):
        return os.environ["REEL_BIN"]
    subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()


def work_folder(prefix):
    """A fresh folder under $TMPDIR removed when the script ends, on an error, Ctrl-C or SIGTERM
    too: evaluations leave hundreds of MB of frames, and a CI machine's disk is not ours to fill."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, True)
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    return folder


def profile_crop(bin_dir, profile, name):
    """A crop of a profile, as the tools read it (`event-detect --print-profile`): the one place
    that says where the br HUD is, `0.5,0,0.5,0.1`."""
    printed = subprocess.run([os.path.join(bin_dir, "event-detect"), "--profile", profile, "--print-profile"],
                             check=True, capture_output=True, text=True).stdout
    import json
    return json.loads(printed)["crops"][name]


def synthetic(kind, duration, size, fps, seed, extra=()):
    """A synthetic stream made once and kept in the cache; returns its folder."""
    name = f"{kind}-{size}-{fps}fps-{duration}s-seed{seed}" + "".join(extra).replace("-", "")
    folder = os.path.join(CACHE, name)
    if not os.path.exists(os.path.join(folder, "stream.json")) or not any(
            f.startswith("stream.") and not f.endswith(".json") for f in os.listdir(folder)):
        print(f"making {name} (once; cached in {CACHE}) ...", file=sys.stderr)
        subprocess.run([os.path.join(ROOT, "scripts", "synth-stream"), kind, "--duration", str(duration),
                        "--size", size, "--fps", str(fps), "--seed", str(seed), *extra, "--out", folder],
                       check=True)
    return folder


def legibility(kind, duration, size, fps, seed, extra=()):
    """The HUD legibility of a stream `synthetic` made (synth-stream --measure-legibility: SSIM of
    its coded skull and count against the undamaged drawing), measured once and kept in its
    stream.json; None where no HUD shows."""
    folder = synthetic(kind, duration, size, fps, seed, extra)
    with open(os.path.join(folder, "stream.json")) as handle:
        params = json.loads(handle.readline())
    if "legibility" not in params:
        subprocess.run([os.path.join(ROOT, "scripts", "synth-stream"), kind, "--duration", str(duration),
                        "--size", size, "--fps", str(fps), "--seed", str(seed), *extra, "--out", folder,
                        "--measure-legibility"], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(folder, "stream.json")) as handle:
            params = json.loads(handle.readline())
    return params.get("legibility")


def timed(command, **kwargs):
    """Runs a command; returns (wall seconds, peak RSS in MiB, completed process)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return wall, usage.ru_maxrss / 1024, process


def best_of(runs, command, output=None, **kwargs):
    """The fastest of `runs` runs: (wall seconds, peak RSS in MiB); stdout goes to `output` (a
    path, rewritten by each run) when given."""
    results = []
    for _ in range(runs):
        if output:
            with open(output, "w") as handle:
                results.append(timed(command, stdout=handle, **kwargs)[:2])
        else:
            results.append(timed(command, **kwargs)[:2])
    return min(results)


def table(rows, header):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths))
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
