"""A loss curve as a self-contained SVG file that opens in any browser.

Training loss and validation loss share the left axis (from 0 up); validation
accuracy, when there is one, uses the right axis (0 to 1).  Each curve is one
<path> with one point per epoch.  Plain SVG 1.1: no scripts, no fonts to
fetch, no external files.  This module also holds what every picture of
nn_pure shares (svgboundary.py, svgnetwork.py): the opening tag, which sizes
the picture by its viewBox so that it scales with the window, and escape(),
through which every name from a data or model file goes.

Glossary: series a list of values, one per epoch; (x, y) pixel coordinates,
y growing downwards as SVG's does.
"""
from nn_pure.checks import NNPureError


WIDTH, HEIGHT = 720, 420
LEFT, RIGHT, TOP, BOTTOM = 70, 70, 50, 60        # margins around the plotting area
COLORS = {"training loss": "#1f77b4", "validation loss": "#ff7f0e",
          "validation accuracy": "#2ca02c"}


def loss_curve_svg(title, loss, val_loss=None, val_accuracy=None, x_label="epoch",
                   loss_name="training loss", first_epoch=1):
    """Return the SVG text plotting the given per-epoch series (epochs counted from
    first_epoch: 1, or after the saved run's epochs for a resumed one).

    loss_name is the legend's name for loss: what it measured (see report.loss_label).
    """
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

    parts = svg_start(WIDTH, HEIGHT, title)

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
                     % (x, HEIGHT - BOTTOM + 18, epoch + first_epoch - 1))
    parts.append('<text x="%d" y="%d" text-anchor="middle">%s</text>'
                 % (LEFT + plot_w // 2, HEIGHT - 18, escape(x_label)))
    parts.append('<text transform="translate(18 %d) rotate(-90)" text-anchor="middle">loss'
                 '</text>' % (TOP + plot_h // 2))
    if val_accuracy:
        parts.append('<text transform="translate(%d %d) rotate(90)" text-anchor="middle">'
                     'validation accuracy</text>' % (WIDTH - 18, TOP + plot_h // 2))

    # The curves, then a legend naming each.
    curves = [(loss_name, loss, top, COLORS["training loss"])]
    if val_loss:
        curves.append(("validation loss", val_loss, top, COLORS["validation loss"]))
    if val_accuracy:
        curves.append(("validation accuracy", val_accuracy, 1.0, COLORS["validation accuracy"]))
    for name, series, scale_top, color in curves:
        points = " L ".join("%.2f,%.2f" % (x_of(epoch), y_of(value, scale_top))
                            for epoch, value in enumerate(series, start=1))
        parts.append('<path class="curve" data-name="%s" d="M %s" fill="none" stroke="%s" '
                     'stroke-width="2"/>' % (escape(name), points, color))
    legend_width = max(170, 40 + 7 * max(len(name) for name, _, _, _ in curves))
    parts.append('<rect x="%d" y="%d" width="%d" height="%d" fill="white" fill-opacity="0.85" '
                 'stroke="#ccc"/>' % (WIDTH - RIGHT - legend_width - 8, TOP + 5, legend_width,
                                      18 * len(curves) + 4))
    for k, (name, _, _, color) in enumerate(curves):
        y = TOP + 16 + 18 * k
        x = WIDTH - RIGHT - legend_width
        parts.append('<line class="key" data-color="%s" x1="%d" y1="%d" x2="%d" y2="%d" '
                     'stroke="%s" stroke-width="2"/>' % (color, x, y, x + 25, y, color))
        parts.append('<text x="%d" y="%d">%s</text>' % (x + 30, y + 4, escape(name)))
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


def svg_start(width, height, title):
    """The opening of a picture: <svg> sized by its viewBox, a white page, and the title.

    With no fixed width or height the picture fills the window it is opened in,
    keeping its proportions; the <title> names it for a browser's tab and a
    screen reader, and the same words head the page.
    """
    return ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" '
            'font-family="sans-serif" font-size="12">' % (width, height),
            '<title>%s</title>' % escape(title),
            '<rect width="%d" height="%d" fill="white"/>' % (width, height),
            '<text class="title" x="%d" y="28" text-anchor="middle" font-size="16">%s</text>'
            % (width // 2, escape(title))]


def escape(text):
    r"""text made safe for SVG, as an element's text or inside a "quoted" attribute.

    The five XML specials become entities.  Characters XML 1.0 cannot hold at all
    (control characters, unpaired surrogates) would make the browser refuse the
    whole file, so they are shown as their code instead.
    >>> escape('a<b & "c" \x01')
    'a&lt;b &amp; &quot;c&quot; \\x01'
    """
    text = str(text)
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif (code < 0x20 and ch not in "\t\n\r") or 0xd800 <= code <= 0xdfff \
                or code in (0xfffe, 0xffff):
            out.append("\\x%02x" % code if code < 0x100 else "\\u%04x" % code)
        else:
            out.append(ch)
    return "".join(out)


_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_escape = escape            # the name it had first
