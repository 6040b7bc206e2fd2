"""A loss curve as a self-contained SVG file that opens in any browser.

Training loss and validation loss share the left axis (from 0 up); validation
accuracy, when there is one, uses the right axis (0 to 1).  Each curve is one
<path> with one point per epoch.  Plain SVG 1.1: no scripts, no fonts to
fetch, no external files.

Glossary: series a list of values, one per epoch; (x, y) pixel coordinates,
y growing downwards as SVG's does.
"""
from nn_pure.checks import NNPureError


WIDTH, HEIGHT = 720, 420
LEFT, RIGHT, TOP, BOTTOM = 70, 70, 50, 60        # margins around the plotting area
COLORS = {"training loss": "#1f77b4", "validation loss": "#ff7f0e",
          "validation accuracy": "#2ca02c"}


def loss_curve_svg(title, loss, val_loss=None, val_accuracy=None, x_label="epoch"):
    """Return the SVG text plotting the given per-epoch series (epochs counted from 1)."""
    if not loss:
        raise NNPureError("loss_curve_svg(): there is no loss to plot; train for at least one epoch")
    n = len(loss)
    losses = loss + (val_loss or [])
    top = _nice_ceiling(max(losses))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(epoch):                    # epoch 1 at the left edge, epoch n at the right
        return LEFT + (plot_w * (epoch - 1) / (n - 1) if n > 1 else plot_w / 2)

    def y_of(value, scale_top):
        return TOP + plot_h * (1.0 - value / scale_top)

    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
             'viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">'
             % (WIDTH, HEIGHT, WIDTH, HEIGHT),
             '<rect width="100%" height="100%" fill="white"/>',
             '<text x="%d" y="28" text-anchor="middle" font-size="16">%s</text>'
             % (WIDTH // 2, _escape(title))]

    # Axes: a box, with ticks and labels on the left (loss), bottom (epoch), right (accuracy).
    parts.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>'
                 % (LEFT, TOP, plot_w, plot_h))
    for k in range(6):
        value = top * k / 5
        y = y_of(value, top)
        parts.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#333"/>'
                     % (LEFT - 5, y, LEFT, y))
        parts.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>'
                     % (LEFT - 8, y + 4, _tick_label(value)))
        if val_accuracy:
            parts.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#333"/>'
                         % (WIDTH - RIGHT, y, WIDTH - RIGHT + 5, y))
            parts.append('<text x="%d" y="%.1f">%s</text>'
                         % (WIDTH - RIGHT + 8, y + 4, _tick_label(k / 5)))
    for epoch in _epoch_ticks(n):
        x = x_of(epoch)
        parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#333"/>'
                     % (x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5))
        parts.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>'
                     % (x, HEIGHT - BOTTOM + 18, epoch))
    parts.append('<text x="%d" y="%d" text-anchor="middle">%s</text>'
                 % (LEFT + plot_w // 2, HEIGHT - 18, _escape(x_label)))
    parts.append('<text transform="translate(18 %d) rotate(-90)" text-anchor="middle">loss'
                 '</text>' % (TOP + plot_h // 2))
    if val_accuracy:
        parts.append('<text transform="translate(%d %d) rotate(90)" text-anchor="middle">'
                     'validation accuracy</text>' % (WIDTH - 18, TOP + plot_h // 2))

    # The curves, then a legend naming each.
    curves = [("training loss", loss, top)]
    if val_loss:
        curves.append(("validation loss", val_loss, top))
    if val_accuracy:
        curves.append(("validation accuracy", val_accuracy, 1.0))
    for name, series, scale_top in curves:
        points = " L ".join("%.2f,%.2f" % (x_of(epoch), y_of(value, scale_top))
                            for epoch, value in enumerate(series, start=1))
        parts.append('<path class="curve" data-name="%s" d="M %s" fill="none" stroke="%s" '
                     'stroke-width="2"/>' % (name, points, COLORS[name]))
    parts.append('<rect x="%d" y="%d" width="170" height="%d" fill="white" fill-opacity="0.85" '
                 'stroke="#ccc"/>' % (WIDTH - RIGHT - 178, TOP + 5, 18 * len(curves) + 4))
    for k, (name, _, _) in enumerate(curves):
        y = TOP + 16 + 18 * k
        parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>'
                     % (WIDTH - RIGHT - 170, y, WIDTH - RIGHT - 145, y, COLORS[name]))
        parts.append('<text x="%d" y="%d">%s</text>' % (WIDTH - RIGHT - 140, y + 4, name))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _nice_ceiling(x):
    """Round x up to 1, 2 or 5 times a power of ten, so the ticks read well."""
    if x <= 0.0:
        return 1.0
    power = 1.0
    while power * 10 <= x:
        power *= 10
    while power > x:
        power /= 10
    for step in (1, 2, 5, 10):
        if step * power >= x:
            return step * power
    return 10 * power


def _tick_label(value):
    return "%.3g" % value


def _epoch_ticks(n):
    """About six evenly spaced whole epochs from 1 to n."""
    if n <= 6:
        return list(range(1, n + 1))
    step = (n - 1) / 5
    return sorted(set(1 + int(step * k + 0.5) for k in range(6)))


def _escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
