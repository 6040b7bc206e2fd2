"""A map of a plane in plain text: the class a model gives each point, and points on top.

For a model with two inputs, the plane of those inputs is all there is to
see: sample it on a grid of characters, ask the model for each cell's class,
and fill the cell with that class's character.  Where the fill changes is the
decision boundary.  Known points (the tutorial's people) go on top as letters.
Only ASCII, as textplot's chart, so it reads the same in any terminal.

Glossary: bounds (x_low, x_high, y_low, y_high), the part of the plane shown;
a cell one character, standing for the point at its centre; fills the
character of each class; marks (letter, x, y) drawn over the fill.
"""
from nn_pure.checks import NNPureError


def plane_bounds(points, margin=0.15):
    """Return (x_low, x_high, y_low, y_high) around points, with margin of each span added.

    Each end is then rounded outwards to a multiple of a power of ten, a tenth
    of the span or less, so the axes' labels are short numbers.
    >>> plane_bounds([[0, 0], [10, 4]])
    (-2.0, 12.0, -0.6, 4.6)
    >>> plane_bounds([[-15, -6], [25, 6]])
    (-21.0, 31.0, -8.0, 8.0)
    """
    if not points:
        raise NNPureError("plane_bounds(): no points; pass at least one (x, y) point")
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    bounds = []
    for low, high in ((min(xs), max(xs)), (min(ys), max(ys))):
        pad = (high - low) * margin or 1.0         # one point alone: a window of 2 around it
        low, high = low - pad, high + pad
        step = 1.0
        while step * 10 <= (high - low) / 10:
            step *= 10
        while step > (high - low) / 10:
            step /= 10
        bounds += [_round_down(low, step), -_round_down(-high, step)]
    return tuple(bounds)


def _round_down(x, step):
    """The largest multiple of step (a power of ten) at or below x."""
    # A step below 1 divides by its inverse, a whole number: -6 / 10 is the float -0.6,
    # where -6 * 0.1 is -0.6000000000000001.
    per_unit = round(1 / step) if step < 1 else 1
    unit = 1 if step < 1 else step
    n = int(x * per_unit / unit)
    if n * unit / per_unit > x:
        n -= 1
    return n * unit / per_unit


def cell_centres(bounds, columns, rows):
    """Return the (x, y) centre of every cell, row by row from the top (largest y) down.

    >>> cell_centres((0, 4, 0, 2), 2, 1)
    [[1.0, 1.0], [3.0, 1.0]]
    """
    x_low, x_high, y_low, y_high = bounds
    centres = []
    for r in range(rows):
        y = y_high - (r + 0.5) * (y_high - y_low) / rows
        for c in range(columns):
            centres.append([x_low + (c + 0.5) * (x_high - x_low) / columns, y])
    return centres


def class_map(classes, bounds, fills, marks=(), columns=48, rows=14):
    """Return the map's lines: one character a cell, the y axis up, the x axis across.

    classes(points) returns the class name of each (x, y) point; fills maps a
    class name to its character; marks are (letter, x, y), each written into
    the cell that holds its point.  The axes are labelled with bounds.
    >>> def sign(points):
    ...     return ["+" if x > 0 else "-" for x, y in points]
    >>> print("\\n".join(class_map(sign, (-2, 2, 0, 1), {"+": "#", "-": "."},
    ...                           [("A", 1.5, 0.5)], columns=8, rows=2)))
     1 |....####
     0 |....###A
       +--------
       -2      2
    """
    x_low, x_high, y_low, y_high = bounds
    names = classes(cell_centres(bounds, columns, rows))
    grid = []
    for r in range(rows):
        grid.append([fills[name] for name in names[r * columns:(r + 1) * columns]])
    for letter, x, y in marks:
        c = int((x - x_low) / (x_high - x_low) * columns)
        r = int((y_high - y) / (y_high - y_low) * rows)
        if 0 <= c < columns and 0 <= r < rows:     # a point outside the window is left out
            grid[r][c] = letter
    top, bottom = _number(y_high), _number(y_low)
    pad = max(len(top), len(bottom)) + 1
    lines = []
    for r, cells in enumerate(grid):
        label = top if r == 0 else bottom if r == rows - 1 else ""
        lines.append(" " * (pad - len(label)) + label + " |" + "".join(cells))
    lines.append(" " * (pad + 1) + "+" + "-" * columns)
    left, right = _number(x_low), _number(x_high)
    start = pad + 2 - len(left) // 2              # centred under the first column
    gap = pad + 2 + columns - len(right) - (start + len(left))     # right flush with the last
    lines.append(" " * start + left + " " * max(1, gap) + right)
    return lines


def _number(x):
    """x as the axis shows it: whole numbers without a point, others to 3 digits."""
    if x == int(x):
        return "%d" % x
    return "%.3g" % x
