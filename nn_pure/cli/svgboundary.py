"""A classifier's decision regions over the plane of its two features, as SVG.

The plane is cut into small cells; each is filled with the colour of the
class the model gives the point at its centre, paler where the model is less
sure (its probability for that class is lower).  Where one colour meets
another is the decision boundary.  The training points go on top, each in
its class's colour and shape, and named points (the tutorial's people) with
their names beside them; points the model never saw are white.

Every element a test or the browser check needs is marked: each region
<rect> has class="region" and data-class (the class's index), each point
data-name (its name, if it has one), each legend key data-color.  Class and
feature names come from the data or model file, so they go through escape().

Glossary: bounds (x_low, x_high, y_low, y_high) of the plane shown, in the
features' own units; (px, py) a pixel of the picture, py growing downwards;
level how sure the model is in a cell, 0 (barely) to 2 (very).
"""
from nn_pure.checks import NNPureError
from nn_pure.cli.svgplot import escape, svg_start
from nn_pure.matrix import argmax
from nn_pure.textmap import cell_centres, plane_bounds

WIDTH, HEIGHT = 760, 560
LEFT, RIGHT, TOP, BOTTOM = 70, 190, 50, 60
COLUMNS, ROWS = 96, 90              # cells: 8640 predictions, a blink even in pure Python
# Ten distinct colours (matplotlib's "tab10"), class 0 first; more classes reuse them.
CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
TINTS = (0.18, 0.32, 0.48)          # share of the class colour in a cell, by level
SHAPES = ("circle", "square", "triangle", "diamond")
MAX_LEGEND = 12


def boundary_svg(pipeline, points, labels, title, named=(), axis_names=None):
    """Return the SVG text of pipeline's decision regions, with the points on top.

    points: raw feature rows [x, y] (training rows); labels: their class names.
    named: (name, [x, y], class name or None for a point the model never saw),
    drawn larger and labelled.  The plane shown holds every point.  The axes
    are named by axis_names, or else by the pipeline's feature names.
    """
    if pipeline.n_features != 2 or pipeline.task != "classification":
        raise NNPureError("boundary_svg(): the model must be a classifier with two features")
    everything = list(points) + [xy for _, xy, _ in named]
    bounds = plane_bounds(everything)
    x_low, x_high, y_low, y_high = bounds
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    names = pipeline.class_names
    index = {name: c for c, name in enumerate(names)}

    def px(x):
        return LEFT + (x - x_low) / (x_high - x_low) * plot_w

    def py(y):
        return TOP + (y_high - y) / (y_high - y_low) * plot_h

    parts = svg_start(WIDTH, HEIGHT, title)
    parts += _regions(pipeline, bounds, plot_w, plot_h)
    parts.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>'
                 % (LEFT, TOP, plot_w, plot_h))
    parts += _axes(bounds, px, py, axis_names or pipeline.feature_names, plot_w, plot_h)
    for xy, label in zip(points, labels):
        parts.append(_marker(px(xy[0]), py(xy[1]), index[label], 5, None))
    for name, xy, label in named:
        x, y = px(xy[0]), py(xy[1])
        parts.append(_marker(x, y, index[label] if label is not None else None, 7, name))
        parts.append('<text class="name" x="%.1f" y="%.1f" font-size="13" font-weight="bold" '
                     'stroke="white" stroke-width="3" paint-order="stroke">%s</text>'
                     % (x + 10, y - 8, escape(name) + ("" if label is not None else " (new)")))
    parts += _legend(names, bool(named and any(label is None for _, _, label in named)))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _regions(pipeline, bounds, plot_w, plot_h):
    """One <rect> per run of equal cells along a row: the shaded plane."""
    centres = cell_centres(bounds, COLUMNS, ROWS)
    probabilities = pipeline.predict_proba(centres)
    k = len(pipeline.class_names)
    cells = []                          # (class, level) of each cell, row by row
    for p in probabilities:
        c = argmax(p)
        sure = (p[c] - 1.0 / k) / (1.0 - 1.0 / k)      # 0 at a tie, 1 when certain
        cells.append((c, 0 if sure < 0.4 else 1 if sure < 0.8 else 2))
    cell_w, cell_h = plot_w / COLUMNS, plot_h / ROWS
    parts = []
    for r in range(ROWS):
        row = cells[r * COLUMNS:(r + 1) * COLUMNS]
        start = 0
        for end in range(1, COLUMNS + 1):
            if end == COLUMNS or row[end] != row[start]:
                c, level = row[start]
                # A hair wider than the run, so no white seam shows between rects.
                parts.append('<rect class="region" data-class="%d" x="%.2f" y="%.2f" '
                             'width="%.2f" height="%.2f" fill="%s"/>'
                             % (c, LEFT + start * cell_w, TOP + r * cell_h,
                                (end - start) * cell_w + 0.3, cell_h + 0.3,
                                tint(class_color(c), TINTS[level])))
                start = end
    return parts


def _axes(bounds, px, py, feature_names, plot_w, plot_h):
    x_low, x_high, y_low, y_high = bounds
    parts = []
    for value in ticks(x_low, x_high):
        x = px(value)
        parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#333"/>'
                     % (x, TOP + plot_h, x, TOP + plot_h + 5))
        parts.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                     % (x, TOP + plot_h + 18, tick_label(value)))
    for value in ticks(y_low, y_high):
        y = py(value)
        parts.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#333"/>'
                     % (LEFT - 5, y, LEFT, y))
        parts.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>'
                     % (LEFT - 8, y + 4, tick_label(value)))
    parts.append('<text class="axis" x="%d" y="%d" text-anchor="middle">%s</text>'
                 % (LEFT + plot_w // 2, HEIGHT - 18, escape(feature_names[0])))
    parts.append('<text class="axis" transform="translate(18 %d) rotate(-90)" '
                 'text-anchor="middle">%s</text>' % (TOP + plot_h // 2, escape(feature_names[1])))
    return parts


def _marker(x, y, c, size, name):
    """A point: its class's shape in its class's colour, or white for c None."""
    fill = "white" if c is None else class_color(c)
    shape = SHAPES[0 if c is None else c % len(SHAPES)]
    attributes = 'class="point" data-class="%s"%s fill="%s" stroke="#222" stroke-width="1.5"' % (
        "" if c is None else c, ' data-name="%s"' % escape(name) if name is not None else "", fill)
    if shape == "circle":
        return '<circle %s cx="%.1f" cy="%.1f" r="%d"/>' % (attributes, x, y, size)
    if shape == "square":
        return '<rect %s x="%.1f" y="%.1f" width="%d" height="%d"/>' % (
            attributes, x - size, y - size, 2 * size, 2 * size)
    if shape == "triangle":
        corners = ((x, y - 1.2 * size), (x + 1.1 * size, y + 0.8 * size),
                   (x - 1.1 * size, y + 0.8 * size))
    else:
        corners = ((x, y - 1.3 * size), (x + 1.3 * size, y), (x, y + 1.3 * size),
                   (x - 1.3 * size, y))
    return '<polygon %s points="%s"/>' % (attributes, " ".join("%.1f,%.1f" % p for p in corners))


def _legend(names, has_new):
    x = WIDTH - RIGHT + 20
    parts = ['<text x="%d" y="%d" font-weight="bold">predicted class</text>' % (x, TOP + 12)]
    shown = names[:MAX_LEGEND]
    for c, name in enumerate(shown):
        y = TOP + 34 + 24 * c
        parts.append('<rect class="key" data-color="%s" x="%d" y="%d" width="22" height="16" '
                     'fill="%s"/>' % (class_color(c), x, y - 12, tint(class_color(c), TINTS[2])))
        parts.append(_marker(x + 11, y - 4, c, 5, None).replace('class="point"', 'class="swatch"'))
        parts.append('<text class="legend" x="%d" y="%d">%s</text>'
                     % (x + 30, y, escape(_shorten(name))))
    y = TOP + 34 + 24 * len(shown)
    if len(names) > len(shown):
        parts.append('<text x="%d" y="%d">and %d more</text>' % (x, y, len(names) - len(shown)))
        y += 24
    notes = ["paler: less sure", "points: training rows"] + (["white: new, unseen"]
                                                               if has_new else [])
    for k, note in enumerate(notes):
        parts.append('<text x="%d" y="%d" fill="#444">%s</text>' % (x, y + 8 + 18 * k, note))
    return parts


def _shorten(name, longest=22):
    return name if len(name) <= longest else name[:longest - 3] + "..."


def class_color(c):
    return CLASS_COLORS[c % len(CLASS_COLORS)]


def tint(color, share):
    """color mixed with white, share of it kept: '#1f77b4' at 0.5 is '#8fbbd9'."""
    mixed = []
    for k in (1, 3, 5):
        channel = int(color[k:k + 2], 16)
        mixed.append(int(round(255 - share * (255 - channel))))
    return "#%02x%02x%02x" % tuple(mixed)


def ticks(low, high):
    """Round numbers from low to high, about five of them."""
    step = 1.0
    while step * 10 <= (high - low) / 5:
        step *= 10
    while step > (high - low) / 5:
        step /= 10
    for factor in (1, 2, 5, 10):
        if (high - low) / (step * factor) <= 7:
            step *= factor
            break
    first = int(low / step) + (1 if int(low / step) * step < low else 0)
    values = []
    n = first
    while n * step <= high + step * 1e-9:
        values.append(n * step)
        n += 1
    return values


def tick_label(value):
    return "%.4g" % (0.0 if abs(value) < 1e-12 else value)
