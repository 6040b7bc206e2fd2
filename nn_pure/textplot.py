"""A plain-text line chart, so a loss curve can be watched in any terminal.

Only ASCII characters, no colour and no cursor movement: the chart reads the
same on a screen, in a pipe, in a log file and in a doctest.

Glossary: values the series to draw (one per epoch); width and height the
size of the plotting area in characters; a column one character across,
drawing the mean of the values that fall into it.
"""
from nn_pure.checks import NNPureError


def line_chart(values, width=60, height=10, title="loss", first_x=1, x_name="epoch"):
    """Return a multi-line string drawing values left to right, largest at the top.

    The title line says what a column shows: one value, or the mean of the
    N values (epochs) that fall into it.  The y axis runs from the smallest
    value of the run to the largest, and is labelled with those two values,
    so both labels are numbers the run printed; the x axis is labelled with
    the numbers of the first and last value (first_x onwards) and x_name.
    >>> print(line_chart([4, 3, 2, 1], width=4, height=4, title="demo"))
    demo, one epoch a column
     4 |*
       | *
       |  *
     1 |   *
       +----
        1  4
        epoch
    >>> print(line_chart([8, 6, 4, 3, 2, 1], width=3, height=3, title="demo"))
    demo, each column the mean of 2 epochs
     8 |*
       | *
     1 |  *
       +---
        1 6
        epoch
    """
    if not values:
        raise NNPureError("line_chart(): values is empty; pass at least one value to draw")
    width = min(width, len(values))
    columns = []                    # mean of the values that land in each column
    for c in range(width):
        start = c * len(values) // width
        stop = (c + 1) * len(values) // width
        total = 0.0                 # left to right, so every Python draws the same chart
        for value in values[start:stop]:
            total += value
        columns.append(total / (stop - start))
    # The axis spans the values themselves, not the column means: a mean lies between
    # them, and its labels are then numbers the run really reached (its first loss, say).
    top, bottom = max(values), min(values)
    span = (top - bottom) or 1.0    # a flat series draws as one row instead of dividing by 0
    grid = [[" "] * width for _ in range(height)]
    for c, value in enumerate(columns):
        row = int(round((top - value) / span * (height - 1)))
        grid[row][c] = "*"

    top_label, bottom_label = _short(top), _short(bottom)
    pad = max(len(top_label), len(bottom_label)) + 1
    lines = [title + ", " + _column_meaning(len(values), width, x_name)]
    for r, cells in enumerate(grid):
        label = top_label if r == 0 else bottom_label if r == height - 1 else ""
        lines.append(" " * (pad - len(label)) + label + " |" + "".join(cells).rstrip())
    lines.append(" " * (pad + 1) + "+" + "-" * width)
    first, last = str(first_x), str(first_x + len(values) - 1)
    lines.append(" " * (pad + 2) + first + " " * max(1, width - len(first) - len(last)) + last)
    lines.append(" " * (pad + 2 + max(0, (width - len(x_name)) // 2)) + x_name)
    return "\n".join(lines)


def _column_meaning(n, width, x_name):
    """'one epoch a column', or 'each column the mean of 16 or 17 epochs'."""
    fewest, most = n // width, (n + width - 1) // width
    if most == 1:
        return "one %s a column" % x_name
    count = "%d" % most if fewest == most else "%d or %d" % (fewest, most)
    return "each column the mean of %s %ss" % (count, x_name)


def _short(x):
    """Format x in at most 10 characters, e.g. 0.2887, 2.38e-03 or 1.235e+04."""
    if x != 0 and (abs(x) < 0.001 or abs(x) >= 100000):
        return "%.2e" % x
    return "%.4g" % x
