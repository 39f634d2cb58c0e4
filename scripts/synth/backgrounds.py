"""The hard backgrounds (--hard, --background NAME): full-contrast binary automata, strong
noise, a scrolled still image, bright and saturated scenes; camera-like motion (--motion)
and sensor noise (--noise) applied over any background.

Each function returns an ffmpeg lavfi chain ending in yuv420p frames of the stream's size.
The older, dimmed families (testsrc2, life, cellauto, mandelbrot, gradients) stay in render.py.
"""

HARD_BACKGROUNDS = ["life-bw", "life-color", "cellauto-bw", "cellauto-color", "noise",
                    "scroll-image", "bright", "saturated"]
MOTIONS = ["none", "pan", "zoom", "shake"]
BRIGHT = {"bright"}                      # overall bright: white text meets white areas
BINARY = {"life-bw", "life-color", "cellauto-bw", "cellauto-color"}

# Life rules whose cells stay dense over tens of thousands of generations (Conway's thins
# out to a few per cent): replicator and seeds stay chaotic, maze settles into a still maze
# (the scroll keeps it moving).
LIFE_RULES = ["S1357/B1357", "S/B2", "S12345/B3"]
# Elementary automata with textured, non-uniform patterns.
CELL_RULES = [18, 22, 30, 45, 60, 73, 90, 105, 110, 122, 126, 150]


def _hex(rgb):
    return "0x%02X%02X%02X" % rgb


def saturated_color(rng, value=None):
    """A fully saturated colour of random hue (HSV with S = 1)."""
    import colorsys
    v = value if value is not None else rng.uniform(0.8, 1.0)
    r, g, b = colorsys.hsv_to_rgb(rng.random(), 1.0, v)
    return round(255 * r), round(255 * g), round(255 * b)


def _binary_pair(rng, colored):
    """Two colours for the two cell states: pure black and white, or two contrasting hues."""
    if not colored:
        return (255, 255, 255), (0, 0, 0)
    one = saturated_color(rng)
    other = rng.choice([(0, 0, 0), (255, 255, 255), saturated_color(rng, rng.uniform(0.2, 0.5))])
    return one, other


def _cells(rng, W, H):
    """Cell size in pixels (1/270 to 1/60 of the height) and the automaton's grid size."""
    cell = max(2, round(H * rng.choice([1 / 270, 1 / 180, 1 / 135, 1 / 135, 1 / 90, 1 / 60])))
    return cell, max(8, W // cell), max(8, H // cell)


def _drift(rng):
    """A slow scroll (fractions of the frame a frame) that keeps settled patterns moving."""
    sign = lambda: rng.choice([-1, 1])
    return f"scroll=h={sign() * rng.uniform(0.0008, 0.004):.4f}:v={sign() * rng.uniform(0.0005, 0.003):.4f}"


def hard_background(rng, name, W, H, fps, seconds):
    """The lavfi chain of one hard background (no dimming: full contrast)."""
    d = f"{seconds:.3f}"
    seed = rng.randint(0, 2**31 - 1)
    if name in ("life-bw", "life-color"):
        cell, w, h = _cells(rng, W, H)
        alive, dead = _binary_pair(rng, name == "life-color")
        source = (f"life=s={w}x{h}:r={fps}:rule={rng.choice(LIFE_RULES)}:mold=0:"
                  f"ratio={rng.uniform(0.25, 0.6):.2f}:seed={seed}:life_color={_hex(alive)}:"
                  f"death_color={_hex(dead)},format=yuv444p,scale={W}:{H}:flags=neighbor,trim=duration={d},{_drift(rng)}")
    elif name in ("cellauto-bw", "cellauto-color"):
        cell, w, h = _cells(rng, W, H)
        one, zero = _binary_pair(rng, name == "cellauto-color")
        lut = ":".join(f"{c}='if(gt(val,127),{one[i]},{zero[i]})'" for i, c in enumerate("rgb"))
        source = (f"cellauto=s={w}x{h}:r={fps}:rule={rng.choice(CELL_RULES)}:scroll=1:seed={seed}:"
                  f"ratio={rng.uniform(0.3, 0.7):.2f},format=rgb24,lutrgb={lut},"
                  f"format=yuv444p,scale={W}:{H}:flags=neighbor,trim=duration={d},{_drift(rng)}")
    elif name == "noise":
        colors = ":".join(f"c{i}={_hex(saturated_color(rng, rng.uniform(0.3, 1.0)))}" for i in range(4))
        source = (f"gradients=s={W // 4}x{H // 4}:r={fps}:d={d}:n=4:{colors}:seed={seed}:"
                  f"speed={rng.uniform(0.01, 0.04):.3f},scale={W}:{H}:flags=bilinear,"
                  f"format=yuv420p,noise=alls={rng.randint(40, 60)}:allf=t+u")
    elif name == "scroll-image":
        source = _scrolled_still(rng, W, H, fps, d, seed)
    elif name == "bright":
        source = _bright(rng, W, H, fps, d, seed)
    elif name == "saturated":
        if rng.random() < 0.5:
            source = (f"testsrc2=s={W}x{H}:r={fps}:d={d},hue=h={rng.randint(0, 359)}+t*{rng.uniform(5, 30):.2f}:"
                      f"s={rng.uniform(1.5, 2.5):.2f}")
        else:
            colors = ":".join(f"c{i}={_hex(saturated_color(rng))}" for i in range(4))
            source = (f"gradients=s={W // 4}x{H // 4}:r={fps}:d={d}:n=4:{colors}:seed={seed}:"
                      f"speed={rng.uniform(0.03, 0.08):.3f},scale={W}:{H}:flags=bilinear,"
                      f"format=yuv420p,noise=alls={rng.randint(4, 10)}:allf=t+u")
    else:
        raise ValueError(f"unknown background {name}")
    return f"{source},format=yuv420p"


def _bright(rng, W, H, fps, d, seed):
    """A light scene with white areas: an automaton in white and a pale colour, or washed-out
    test bars (cheap filters: blending two sources costs too much at 1080p60)."""
    if rng.random() < 0.6:
        cell, w, h = _cells(rng, W, H)
        shade = tuple(rng.randint(160, 225) for _ in range(3))
        lut = ":".join(f"{c}='if(gt(val,127),255,{shade[i]})'" for i, c in enumerate("rgb"))
        if rng.random() < 0.5:
            cells = (f"cellauto=s={w}x{h}:r={fps}:rule={rng.choice(CELL_RULES)}:scroll=1:seed={seed}:"
                     f"ratio={rng.uniform(0.5, 0.8):.2f},format=rgb24,lutrgb={lut}")
        else:
            cells = (f"life=s={w}x{h}:r={fps}:rule={rng.choice(LIFE_RULES)}:mold=0:seed={seed}:"
                     f"ratio={rng.uniform(0.2, 0.5):.2f}:life_color={_hex(shade)}:death_color=0xFFFFFF")
        return (f"{cells},format=yuv444p,scale={W}:{H}:flags=neighbor,trim=duration={d},{_drift(rng)},"
                f"format=yuv420p,noise=alls={rng.randint(4, 10)}:allf=t+u")
    return (f"testsrc2=s={W}x{H}:r={fps}:d={d},hue=h={rng.randint(0, 359)}+t*{rng.uniform(2, 12):.2f},"
            f"format=yuv420p,eq=brightness={rng.uniform(0.25, 0.4):.2f}:contrast={rng.uniform(0.5, 0.8):.2f}:"
            f"saturation={rng.uniform(0.4, 0.9):.2f},noise=alls={rng.randint(4, 10)}:allf=t+u")


def _scrolled_still(rng, W, H, fps, d, seed):
    """A large still (a Mandelbrot close-up, a plasma or a binary automaton) panned across."""
    big_w, big_h = 2 * ((W * 8 // 5) // 2), 2 * ((H * 8 // 5) // 2)
    kind = rng.choice(["mandelbrot", "plasma", "cells"])
    if kind == "mandelbrot":
        spots = [(-0.743643887, -0.131825904), (-0.7453, 0.1127), (-1.25066, 0.02012), (0.2549, 0.0005)]
        x, y = rng.choice(spots)
        scale = rng.uniform(0.003, 0.05)
        still = (f"mandelbrot=s={big_w}x{big_h}:r=1:maxiter=256:start_scale={scale:.5f}:end_scale={scale:.5f}:"
                 f"start_x={x + rng.uniform(-scale, scale) / 4:.9f}:start_y={y + rng.uniform(-scale, scale) / 4:.9f}")
    elif kind == "plasma":
        a, b, c, e = (rng.uniform(20, 90) for _ in range(4))
        still = (f"nullsrc=s={big_w}x{big_h}:r=1,format=rgb24,"
                 f"geq=r='128+127*sin(X/{a:.1f}+3*sin(Y/{b:.1f}))':g='128+127*sin(Y/{c:.1f}+2*cos(X/{e:.1f}))':"
                 f"b='128+127*sin((X+Y)/{(a + c) / 2:.1f})'")
    else:
        cell = rng.choice([3, 4, 6])
        one, zero = _binary_pair(rng, rng.random() < 0.5)
        lut = ":".join(f"{ch}='if(gt(val,127),{one[i]},{zero[i]})'" for i, ch in enumerate("rgb"))
        still = (f"cellauto=s={big_w // cell}x{big_h // cell}:r=1:rule={rng.choice(CELL_RULES)}:seed={seed}:"
                 f"full=1,format=rgb24,lutrgb={lut},scale={big_w}:{big_h}:flags=neighbor")
    # Back and forth at a steady speed (a triangle wave), crossing the still in 15 to 60 s.
    period_x, period_y = rng.uniform(15, 60), rng.uniform(12, 50)
    phase_x, phase_y = rng.uniform(0, 2), rng.uniform(0, 2)
    return (f"{still},trim=end_frame=1,loop=loop=-1:size=1:start=0,setpts=N/{fps}/TB,fps={fps},"
            f"trim=duration={d},format=yuv420p,"
            f"crop={W}:{H}:x='(iw-ow)*abs(mod(t/{period_x:.2f}+{phase_x:.2f},2)-1)':"
            f"y='(ih-oh)*abs(mod(t/{period_y:.2f}+{phase_y:.2f},2)-1)'")


def motion(rng, chain, kind, W, H, fps):
    """Camera-like motion applied to a background chain: pan, slow zoom or shake. Pan and
    shake crop a moving window and scale it back up (cheaper than scaling the whole picture
    up first)."""
    if kind == "none":
        return chain
    if kind == "pan":
        grow = rng.uniform(1.15, 1.35)
        period_x, period_y = rng.uniform(20, 60), rng.uniform(15, 50)
        cw, ch = 2 * round(W / grow / 2), 2 * round(H / grow / 2)
        return (f"{chain},crop={cw}:{ch}:x='(iw-ow)*(0.5-0.5*cos(2*PI*t/{period_x:.2f}))':"
                f"y='(ih-oh)*(0.5-0.5*cos(2*PI*t/{period_y:.2f}))',scale={W}:{H}:flags=fast_bilinear")
    if kind == "zoom":
        depth, period = rng.uniform(0.15, 0.4), rng.uniform(12, 40)
        zoom = f"1+{depth:.3f}*(0.5-0.5*cos(2*PI*in_time/{period:.2f}))"
        return (f"{chain},zoompan=z='{zoom}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:"
                f"s={W}x{H}:fps={fps}")
    if kind == "shake":
        amp = rng.uniform(0.006, 0.015) * H
        f1, f2, f3 = rng.uniform(5, 9), rng.uniform(10, 17), rng.uniform(0.15, 0.4)
        cw, ch = 2 * round((W - 4 * amp) / 2), 2 * round((H - 4 * amp) / 2)
        # Bursts of shaking (the slow envelope), two fast incommensurate wobbles in each axis.
        envelope = f"(0.3+0.7*pow(sin(t*{f3:.3f}),2))"
        return (f"{chain},crop={cw}:{ch}:x='(iw-ow)/2+{amp:.1f}*{envelope}*(sin(t*{f1:.2f})+0.6*sin(t*{f2:.2f}+1))':"
                f"y='(ih-oh)/2+{amp:.1f}*{envelope}*(cos(t*{f2:.2f})+0.6*sin(t*{f1 * 1.3:.2f}+2))',"
                f"scale={W}:{H}:flags=fast_bilinear")
    raise ValueError(f"unknown motion {kind}")


def noise(chain, level):
    """Temporal sensor noise of strength `level` (ffmpeg noise alls) over the whole picture."""
    if not level:
        return chain
    return f"{chain},noise=alls={level}:allf=t+u"
