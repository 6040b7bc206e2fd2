"""A network drawn as SVG: one circle per neuron, one line per weight.

Layers go left to right, inputs first.  A weight's line is blue when the
weight is positive and red when negative, and wider the larger its size,
relative to the largest in the network, so the connections that matter
stand out.  Tutorial A's 2-2-1 network is drawn as the tutorial draws it,
with x1, x2, h1, h2 and o1 in the circles and every weight and bias labelled
w1..w6 and b1..b3 with its value.  A small MLP gets each value beside its
line; any network carries every value, all digits, in the <title> of its
line or circle (a browser shows it on hover), so the picture is a complete
record of the model.

Glossary: W[n] and b[n] the weights and biases of layer n + 1 (W1 joins the
inputs to the first hidden layer), W[n][i][j] from neuron i of one layer to
neuron j of the next; (x, y) a neuron's centre in pixels.
"""
from nn_pure.checks import NNPureError
from nn_pure.cli.svgplot import escape, svg_start

WIDTH, HEIGHT = 760, 480
TOP, BOTTOM = 80, 70
POSITIVE, NEGATIVE = "#2166ac", "#b2182b"
MAX_NEURONS = 64            # in one layer: more would be a smear of circles
MAX_LABELLED = 24           # weights: up to this many, each value is written on its line
# Tutorial A's names for W1, b1, W2, b2 (see network.py: W1 = [[w1, w3], [w2, w4]]).
TUTORIAL_A_NAMES = {(0, 0, 0): "w1", (0, 1, 0): "w2", (0, 0, 1): "w3", (0, 1, 1): "w4",
                    (1, 0, 0): "w5", (1, 1, 0): "w6", (0, 0): "b1", (0, 1): "b2", (1, 0): "b3"}


def check_drawable(sizes):
    """Raise unless every layer of a network of these sizes fits a drawing."""
    if max(sizes) > MAX_NEURONS:
        raise NNPureError("the network has a layer of %d neurons; a drawing shows at most %d "
                          "in a layer, so draw a smaller model" % (max(sizes), MAX_NEURONS))


def network_svg(pipeline, title):
    """Return the SVG text drawing pipeline's network with its weights."""
    network = pipeline.network
    sizes = network.sizes
    check_drawable(sizes)
    parameters = network.parameters()
    weights, biases = parameters[::2], parameters[1::2]
    tutorial_a = network.kind == "network"
    n_weights = 0
    largest = 0.0
    for W in weights:
        for row in W:
            for w in row:
                n_weights += 1
                largest = max(largest, abs(w))
    labelled = tutorial_a or n_weights <= MAX_LABELLED
    centres = _layout(sizes)

    parts = svg_start(WIDTH, HEIGHT, title)
    for n, W in enumerate(weights):
        for i, row in enumerate(W):
            for j, w in enumerate(row):
                parts += _edge(n, i, j, w, largest, centres, labelled, tutorial_a)
    names = _neuron_names(pipeline, tutorial_a)
    radius = _radius(sizes)
    for layer, column in enumerate(centres):
        for k, (x, y) in enumerate(column):
            bias = biases[layer - 1][k] if layer else None
            parts += _neuron(layer, k, x, y, radius, bias, names[layer][k], tutorial_a,
                             labelled, len(sizes))
    parts += _captions(network, centres)
    parts += _legend()
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _layout(sizes):
    """[[(x, y) of each neuron] for each layer]: layers spread across, neurons centred."""
    left, right = 150, WIDTH - 170
    centres = []
    for layer, size in enumerate(sizes):
        x = left + (right - left) * layer / (len(sizes) - 1)
        spacing = min(110.0, (HEIGHT - TOP - BOTTOM) / size)
        middle = TOP + (HEIGHT - TOP - BOTTOM) / 2
        centres.append([(x, middle + (k - (size - 1) / 2) * spacing) for k in range(size)])
    return centres


def _radius(sizes):
    return max(3.0, min(20.0, 0.35 * (HEIGHT - TOP - BOTTOM) / max(sizes)))


def _edge(n, i, j, w, largest, centres, labelled, tutorial_a):
    (x1, y1), (x2, y2) = centres[n][i], centres[n + 1][j]
    width = 0.6 + 6.0 * abs(w) / largest if largest > 0 else 0.6
    color = POSITIVE if w >= 0 else NEGATIVE
    name = "W%d[%d][%d]" % (n + 1, i, j)
    if tutorial_a:
        name = "%s = %s" % (TUTORIAL_A_NAMES[(n, i, j)], name)
    parts = ['<line class="edge" data-sign="%s" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" '
             'stroke="%s" stroke-width="%.2f" stroke-opacity="0.8"><title>%s = %r</title></line>'
             % ("+" if w >= 0 else "-", x1, y1, x2, y2, color, width, name, w)]
    if labelled:
        # Where the lines have parted: a quarter of the way along a straight line, and
        # the crossing lines (w2, w3) nearer their ends, away from where they cross.
        t = 0.5
        if tutorial_a and n == 0:
            t = 0.25 if i == j else 0.7
        text = "%.3f" % w
        if tutorial_a:
            text = "%s = %s" % (TUTORIAL_A_NAMES[(n, i, j)], text)
        parts.append('<text class="weight" x="%.1f" y="%.1f" text-anchor="middle" '
                     'stroke="white" stroke-width="3" paint-order="stroke" fill="%s">%s</text>'
                     % (x1 + t * (x2 - x1), y1 + t * (y2 - y1) - 4, color, text))
    return parts


def _neuron_names(pipeline, tutorial_a):
    """What to write beside (or in) each neuron: input names in, class or target names out."""
    sizes = pipeline.sizes
    if tutorial_a:
        return [["x1", "x2"], ["h1", "h2"], ["o1"]]
    # The network's inputs, not the table's columns: a category column is one input per
    # category ("island=Dream"), so with an encoder the two counts differ.
    if pipeline.encoder is not None:
        names = [list(pipeline.encoder.input_names())]
    else:
        names = [list(pipeline.feature_names)]
    for layer, size in enumerate(sizes[1:-1], start=1):
        names.append(["" for _ in range(size)])
    if pipeline.task == "regression":
        outputs = [pipeline.target_name or "value"]
    elif sizes[-1] == len(pipeline.class_names):
        outputs = list(pipeline.class_names)
    else:                       # one sigmoid output: the probability of the second class
        outputs = ["p(%s)" % pipeline.class_names[-1]]
    names.append(outputs)
    for layer, size in enumerate(sizes):
        if len(names[layer]) != size:
            # Not one name per neuron (a Pipeline built by hand): draw the circles unnamed
            # rather than name some of them wrongly.
            names[layer] = ["" for _ in range(size)]
    return names


def _neuron(layer, k, x, y, radius, bias, name, tutorial_a, labelled, n_layers):
    fill = "#eeeeee" if layer == 0 else "#ffffff"
    what = "input %d" % (k + 1) if layer == 0 else "b%d[%d] = %r" % (layer, k, bias)
    if tutorial_a and layer:
        what = "%s = %s" % (TUTORIAL_A_NAMES[(layer - 1, k)], what)
    parts = ['<circle class="neuron" data-layer="%d" cx="%.1f" cy="%.1f" r="%.1f" fill="%s" '
             'stroke="#333" stroke-width="1.5"><title>%s</title></circle>'
             % (layer, x, y, radius, fill, escape(what))]
    if tutorial_a:
        parts.append('<text x="%.1f" y="%.1f" text-anchor="middle" font-size="14">%s</text>'
                     % (x, y + 5, name))
    elif name and layer == 0:
        parts.append('<text class="name" x="%.1f" y="%.1f" text-anchor="end">%s</text>'
                     % (x - radius - 6, y + 4, escape(_shorten(name))))
    elif name:
        parts.append('<text class="name" x="%.1f" y="%.1f">%s</text>'
                     % (x + radius + 6, y + 4, escape(_shorten(name))))
    if layer and labelled:
        text = "%.3f" % bias
        if tutorial_a:
            text = "%s = %s" % (TUTORIAL_A_NAMES[(layer - 1, k)], text)
        parts.append('<text class="bias" x="%.1f" y="%.1f" text-anchor="middle">%s</text>'
                     % (x, y + radius + 15, text))
    return parts


def _captions(network, centres):
    """Under each layer: what it is."""
    parts = []
    last = len(centres) - 1
    for layer, column in enumerate(centres):
        if layer == 0:
            text = "inputs"
        elif layer == last:
            text = "output (%s)" % (network.output or network.loss_layer.name)
        else:
            text = "hidden layer %d (%s)" % (layer, network.activation)
        parts.append('<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>'
                     % (column[0][0], HEIGHT - 40, escape(text)))
    parts.append('<text class="axis" x="%d" y="%d" text-anchor="middle" fill="#444">'
                 'layers, inputs to output</text>' % (WIDTH // 2 - 10, HEIGHT - 14))
    return parts


def _legend():
    """One row under the title: the two colours, and what width means."""
    y = 52
    parts = []
    for x, color, text in ((200, POSITIVE, "positive weight"), (360, NEGATIVE, "negative weight")):
        parts.append('<line class="key" data-color="%s" x1="%d" y1="%d" x2="%d" y2="%d" '
                     'stroke="%s" stroke-width="4"/>' % (color, x, y, x + 25, y, color))
        parts.append('<text class="legend" x="%d" y="%d">%s</text>' % (x + 32, y + 4, text))
    parts.append('<text x="%d" y="%d" fill="#444">wider: larger size</text>' % (520, y + 4))
    return parts


def _shorten(name, longest=20):
    return name if len(name) <= longest else name[:longest - 3] + "..."
