"""Render every kind of SVG nn_pure draws in headless Chromium and check it as a person would.

    python .ci/check_svgs.py SCREENSHOT_FOLDER [CHROMIUM]

Makes the pictures with the programs themselves (loss curves, decision
boundaries, network drawings; Tutorial A, an MLP on XOR, softmax on XOR,
Iris), then for each:
  - its text: it parses as XML, has a <title>, and holds the labels and
    legend entries that kind of picture must show;
  - in the browser: Chromium exits cleanly and writes a screenshot, and logs
    no console error for the page;
  - the screenshot is not blank (enough non-white pixels, several colours),
    shows every colour its legend promises (each class's, each curve's, each
    sign's), and scales with the window: at 1.5 times the window, about
    2.25 times the pixels are drawn.
Screenshots are kept in SCREENSHOT_FOLDER for a person to look at.  Chromium
is a development tool, used only here; the PNG is read with zlib alone.
Exits 1 and says why if any picture fails.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SVG = "{http://www.w3.org/2000/svg}"
WINDOW = (760, 560)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]

# What each kind of picture must say in its text.
MUST_SAY = {
    "curve": ["loss"],
    "boundary": ["predicted class", "paler: less sure"],
    "network": ["inputs", "positive weight", "negative weight", "wider: larger size"],
}


def make_pictures(folder):
    """Run the programs; return [(kind, path, extra texts it must hold)]."""
    def train(*argv):
        subprocess.run([sys.executable, "-m", "nn_pure.train", "--quiet"] + list(argv),
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    def at(name):
        return os.path.join(folder, name)

    train("--plot", at("people-curve.svg"), "--plot-boundary", at("people-boundary.svg"),
          "--plot-network", at("people-network.svg"), "--save", at("people.json"))
    train("--model", "mlp", "--dataset", "xor", "--plot", at("xor-curve.svg"),
          "--plot-boundary", at("xor-boundary.svg"), "--plot-network", at("xor-network.svg"))
    train("--model", "softmax", "--dataset", "xor", "--plot", at("softmax-curve.svg"),
          "--plot-boundary", at("softmax-boundary.svg"))
    train("--data", "examples/data/iris.csv", "--target", "species", "--plot",
          at("iris-curve.svg"), "--save", at("iris.json"))
    subprocess.run([sys.executable, "-m", "nn_pure.draw", at("iris.json"), "--output",
                    at("iris-network.svg")], cwd=ROOT, check=True)
    people = ["Alice", "Bob", "Charlie", "Diana", "Emily (new)", "Frank (new)", "M", "F",
              "weight - 135 (pounds)", "height - 66 (inches)"]
    return [("curve", at("people-curve.svg"), ["train-loss (after each epoch)", "epoch"]),
            ("boundary", at("people-boundary.svg"), people),
            ("network", at("people-network.svg"), ["w1 = ", "w6 = ", "b3 = ", "x1", "o1"]),
            ("curve", at("xor-curve.svg"), ["batch-loss (mean over the epoch)",
                                            "validation loss", "validation accuracy"]),
            ("boundary", at("xor-boundary.svg"), ["0", "1", "x1", "x2"]),
            ("network", at("xor-network.svg"), ["x1", "x2", "0", "1"]),
            ("curve", at("softmax-curve.svg"), ["batch-loss (each iteration)", "iteration"]),
            ("boundary", at("softmax-boundary.svg"), ["0", "1"]),
            ("curve", at("iris-curve.svg"), ["validation accuracy", "epoch"]),
            ("network", at("iris-network.svg"), ["petal_length", "setosa", "virginica"])]


def check_text(kind, path, extra):
    """Problems with the SVG's text: XML, title, labels, legend."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return ["does not parse as XML: %s" % error], None
    problems = []
    title = root.find(SVG + "title")
    if title is None or not (title.text or "").strip():
        problems.append("has no <title>")
    if root.get("viewBox") is None or root.get("width") is not None:
        problems.append("is not sized by its viewBox alone, so it would not scale")
    for element in root.iter():
        if element.tag.endswith("script") or element.tag.endswith("image") or \
                element.get("href") or element.get("{http://www.w3.org/1999/xlink}href"):
            problems.append("refers to something outside itself: <%s>" % element.tag)
    texts = [t.text or "" for t in root.iter(SVG + "text")]
    for label in MUST_SAY[kind] + extra:
        if not any(label == text or (label.endswith(" ") and text.startswith(label))
                   for text in texts):
            problems.append("has no text %r" % label)
    colors = [e.get("data-color") for e in root.iter() if e.get("class") == "key"]
    if not colors:
        problems.append("has no legend keys")
    return problems, colors


def screenshot(chromium, svg, png, size, profile):
    """Render svg at size; return the problems the browser reported."""
    done = subprocess.run([chromium] + FLAGS + ["--user-data-dir=" + profile,
                                                "--screenshot=" + png,
                                                "--window-size=%d,%d" % size,
                                                "file://" + os.path.abspath(svg)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=120)
    problems = []
    if done.returncode != 0:
        problems.append("Chromium exited with status %d" % done.returncode)
    if not os.path.exists(png):
        problems.append("Chromium wrote no screenshot")
    for line in done.stdout.splitlines():
        # Console messages and page errors; Chromium's own noise (D-Bus, GPU) is not the page's.
        if "CONSOLE" in line or "Uncaught" in line or "parsererror" in line:
            problems.append("the browser reported: %s" % line.strip()[:200])
    return problems


def read_png(path):
    """Return (width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s is not a PNG file" % path)
    offset, idat = 8, []
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        offset += 12 + length
    if depth != 8 or color_type not in (2, 6) or interlace:
        raise ValueError("%s: only 8-bit, non-interlaced RGB(A) is read here" % path)
    channels = 3 if color_type == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        filter_type, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if filter_type == 1:                                    # Sub
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 255
        elif filter_type == 2:                                  # Up
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 255
        elif filter_type == 3:                                  # Average
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif filter_type == 4:                                  # Paeth
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def check_pixels(png, colors):
    """Problems with a screenshot: blank, or missing a colour its legend promises.
    Returns (problems, number of non-white pixels)."""
    _, _, rows = read_png(png)
    counts = {}
    for row in rows:
        for pixel in row:
            counts[pixel] = counts.get(pixel, 0) + 1
    total = sum(counts.values())
    drawn = total - counts.get((255, 255, 255), 0)
    problems = []
    if drawn < 0.02 * total or len(counts) < 8:
        problems.append("looks blank: %d of %d pixels drawn, %d colours"
                        % (drawn, total, len(counts)))
    for color in colors:
        want = tuple(int(color[k:k + 2], 16) for k in (1, 3, 5))
        near = 0
        for pixel, n in counts.items():
            if sum((p - w) * (p - w) for p, w in zip(pixel, want)) <= 20 * 20:
                near += n
        if near < 20:
            problems.append("shows only %d pixels of its legend's colour %s" % (near, color))
    return problems, drawn


def main(argv):
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1])
        return 2
    keep = argv[1]
    chromium = argv[2] if len(argv) > 2 else shutil.which("chromium") or "chromium"
    os.makedirs(keep, exist_ok=True)
    work = tempfile.mkdtemp()
    failures = 0
    try:
        pictures = make_pictures(work)
        for kind, svg, extra in pictures:
            name = os.path.splitext(os.path.basename(svg))[0]
            shutil.copy(svg, os.path.join(keep, name + ".svg"))
            problems, colors = check_text(kind, svg, extra)
            drawn = []
            for scale in (1.0, 1.5):
                size = (int(WINDOW[0] * scale), int(WINDOW[1] * scale))
                png = os.path.join(keep, "%s-%dx%d.png" % (name, size[0], size[1]))
                if os.path.exists(png):
                    os.remove(png)
                profile = tempfile.mkdtemp(dir=work)           # a new, empty profile each time
                problems += screenshot(chromium, svg, png, size, profile)
                if os.path.exists(png):
                    pixel_problems, n = check_pixels(png, colors or [])
                    problems += pixel_problems
                    drawn.append(n)
            if len(drawn) == 2 and not 1.8 < drawn[1] / max(drawn[0], 1) < 2.8:
                problems.append("does not scale with the window: %d pixels drawn at 1x, %d at "
                                "1.5x" % tuple(drawn))
            print("%-24s %-8s %s" % (name, kind, "ok" if not problems else "FAILED"))
            for problem in problems:
                print("    %s %s" % (name, problem))
            failures += bool(problems)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("screenshots in %s" % os.path.abspath(keep))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
