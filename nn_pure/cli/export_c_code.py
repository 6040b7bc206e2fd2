"""The C header's functions: the library's arithmetic, step for step, in C.

nn_pure.cli.export_c assembles the header; this module writes its code:

    PREFIX_sigmoid, PREFIX_linear, PREFIX_softmax   the library's pieces
    PREFIX_preprocess   raw features x -> the network's inputs z (fill,
                        one-hot, standardize, as the Pipeline does)
    PREFIX_forward      x -> out: class probabilities, or the value in the
                        target's units
    PREFIX_predict      the most probable class (classifiers only)

The arithmetic is the library's in the same order (b_j first, then
x_i * W[i][j] for i = 0, 1, ...; softmax shifted by its max; the sigmoid
branching on the sign), so in double it agrees with Pipeline.predict_proba to
about 1e-15, and in float to the 7 digits a float holds.  Every function is
static inline and reads only const tables.

Each function here takes the export_c.Header being written (its prefix p and
P in capitals, scalar type t, float suffix f, plan and layers) and returns C
text.  Glossary: a, h the two buffers each layer reads and writes in turn;
v one value on its way through an activation or the preprocessing.
"""
from nn_pure.activations import ACTIVATIONS


# How each activation reads in C, as the library computes it (activations.py);
# {t} is the scalar type, {f} the suffix of float literals and maths functions.
ACTIVATION_C = {
    "sigmoid": "{p}_sigmoid(v)",
    "tanh": "tanh{f}(v)",
    "relu": "(v > 0.0{f} ? v : 0.0{f})",
    # LeakyReLU's default slope, as an MLP builds it.
    "leaky_relu": "(v > 0.0{f} ? v : 0.01{f} * v)",
}
assert set(ACTIVATION_C) == set(ACTIVATIONS), "every activation needs its C form"


def functions(header):
    """Return the C text of every function the header needs, in the order they call."""
    out = []
    needed = activations_needed(header)
    if "sigmoid" in needed:
        out.append(SIGMOID.format(p=header.p, t=header.t, f=header.f))
    if not header.unroll:
        out.append(LINEAR.format(p=header.p, t=header.t))
    if header.classifier and header.network.loss_layer.name == "softmax":
        out.append(SOFTMAX.format(p=header.p, t=header.t, f=header.f))
    out.append(preprocess(header))
    out.append(forward(header))
    if header.classifier:
        out.append(PREDICT.format(p=header.p, P=header.P, t=header.t))
    return "\n".join(out)


def activations_needed(header):
    """The activations forward() applies: between layers, after the last, a loss's sigmoid."""
    net = header.network
    needed = set()
    if len(header.layers) > 1:
        needed.add(net.activation)
    if net.output is not None:
        needed.add(net.output)
    if header.classifier and net.loss_layer.name == "binary-cross-entropy":
        needed.add("sigmoid")
    return needed


def preprocess(header):
    """Return PREFIX_preprocess: raw features x filled, one-hot encoded, standardized into z."""
    p, P, t, f = header.p, header.P, header.t, header.f
    lines = ["/* Raw features x -> the network's %d inputs z. */" % header.n_inputs,
             "static inline void %s_preprocess(const %s x[%s_N_FEATURES], %s z[%d])"
             % (p, t, P, t, header.n_inputs), "{"]
    standardized = header.standardization() is not None
    if header.simple_plan():
        lines.append("    int i;")
        lines.append("    for (i = 0; i < %s_N_FEATURES; i++)" % P)
        if standardized:
            lines.append("        z[i] = (x[i] - %s_mean[i]) / %s_std[i];" % (p, p))
        else:
            lines.append("        z[i] = x[i];")
        return "\n".join(lines + ["}\n"])
    if header.numbers_loop():         # numbers only, each with its fill value
        lines += ["    %s v;" % t,
                  "    int i;",
                  "    for (i = 0; i < %s_N_FEATURES; i++) {" % P,
                  "        v = x[i];",
                  "        if (v != v)          /* NaN: missing, so the training rows' median */",
                  "            v = %s_fill[i];" % p,
                  ("        z[i] = (v - %s_mean[i]) / %s_std[i];" % (p, p)) if standardized
                  else "        z[i] = v;",
                  "    }"]
        return "\n".join(lines + ["}\n"])
    # Issue 13's encoding, as nn_pure.encode.Encoder.transform does it: each column
    # becomes its inputs (a missing value filled, a category one-hot), then every
    # input is standardized, as Standardizer.transform does on the encoded row.
    lines.append("    %s v;" % t)
    declared = ["i"] if standardized else []
    if any(c["kind"] == "category" for c in header.plan):
        declared.append("k")
    if declared:
        lines.append("    int %s;" % ", ".join(declared))
    at = 0
    for j, column in enumerate(header.plan):
        fill = column["fill"]
        if column["kind"] == "number":
            lines.append("    /* x[%d]: a number%s */"
                         % (j, "; NaN (missing) takes the training rows' median"
                            if fill is not None else ""))
        else:
            n = len(column["categories"])
            lines.append("    /* x[%d]: the index of a category, %s_FEATURE_%d_CATEGORY_0 .. %d;"
                         % (j, P, j, n - 1))
            lines.append("       %sany other value (a category not seen in training) "
                         "is all zeros */"
                         % ("NaN (missing) takes the most frequent, %s_FEATURE_%d_CATEGORY_%d;"
                            "\n       " % (P, j, fill) if fill is not None else ""))
        lines.append("    v = x[%d];" % j)
        if fill is not None:
            lines.append("    if (v != v)")
            lines.append("        v = %s;" % header.num(fill))
        if column["kind"] == "number":
            lines.append("    z[%d] = v;" % at)
            at += 1
            continue
        first = "%d + " % at if at else ""
        lines.append("    for (k = 0; k < %d; k++)" % n)
        lines.append("        z[%sk] = 0.0%s;" % (first, f))
        lines.append("    if (v >= 0.0%s && v < %d.0%s && (%s)(int)v == v)" % (f, n, f, t))
        lines.append("        z[%s(int)v] = 1.0%s;" % (first, f))
        at += n
    if standardized:
        lines.append("    for (i = 0; i < %d; i++)      /* standardize: z' = (z - mean) / std */"
                     % header.n_inputs)
        lines.append("        z[i] = (z[i] - %s_mean[i]) / %s_std[i];" % (p, p))
    return "\n".join(lines + ["}\n"])


def forward(header):
    """Return PREFIX_forward: preprocess, every layer and its activation, then the output."""
    p, P, t, f = header.p, header.P, header.t, header.f
    net = header.network
    widest = max(net.sizes)
    lines = ["/* The model: out[c] = the probability of class c (classification), or out[0]",
             "   = the predicted value in the target's units (regression). */",
             "static inline void %s_forward(const %s x[%s_N_FEATURES], %s out[%s_N_OUTPUTS])"
             % (p, t, P, t, P), "{",
             "    %s a[%d], h[%d];      /* each layer reads one, writes the other */"
             % (t, widest, widest)]
    if len(header.layers) > 1 or net.output is not None:     # an activation loop follows
        lines.append("    int j;")
    lines += [
             "    %s_preprocess(x, a);" % p]
    source, target = "a", "h"
    for n, (W, b) in enumerate(header.layers):
        n_in, n_out = len(W), len(b)
        last = n == len(header.layers) - 1
        activation = net.output if last else net.activation
        lines.append("    /* layer %d: %d -> %d%s */" % (n + 1, n_in, n_out,
                                                      ", then " + activation
                                                      if activation else ""))
        if header.unroll:
            for j in range(n_out):
                terms = [header.num(b[j])]
                for i in range(n_in):
                    terms.append("%s[%d] * %s" % (source, i, header.num(W[i][j])))
                lines.append("    %s[%d] = %s;" % (target, j, " + ".join(terms)))
        else:
            lines.append("    %s_linear(%s_W%d, %s_b%d, %d, %d, %s, %s);"
                         % (p, p, n + 1, p, n + 1, n_in, n_out, source, target))
        if activation:
            lines.append("    for (j = 0; j < %d; j++) {" % n_out)
            lines.append("        %s v = %s[j];" % (t, target))
            lines.append("        %s[j] = %s;" % (target, ACTIVATION_C[activation].format(
                p=p, f=f)))
            lines.append("    }")
        source, target = target, source
    # The last layer's output is in `source`.
    loss = net.loss_layer.name
    if header.classifier and header.pipeline.kind == "network":
        lines += ["    out[0] = 1.0%s - %s[0];     /* o1 is the probability of class 1 */"
                  % (f, source),
                  "    out[1] = %s[0];" % source]
    elif header.classifier and loss == "binary-cross-entropy":
        lines += ["    out[1] = %s_sigmoid(%s[0]);  /* the one logit's sigmoid: class 1 */"
                  % (p, source),
                  "    out[0] = 1.0%s - out[1];" % f]
    elif header.classifier:
        lines.append("    %s_softmax(%s, %s_N_OUTPUTS, out);" % (p, source, P))
    elif header.pipeline.target_standardizer is not None:
        s = header.pipeline.target_standardizer
        lines.append("    out[0] = %s[0] * %s + %s;   /* standardization undone: "
                     "y * std + mean */" % (source, header.num(s.std[0]), header.num(s.mean[0])))
    else:
        lines.append("    out[0] = %s[0];" % source)
    return "\n".join(lines + ["}\n"])


SIGMOID = """/* sigmoid(v) = 1 / (1 + e^-v), branching on the sign so that e^x never overflows. */
static inline {t} {p}_sigmoid({t} v)
{{
    {t} z;
    if (v >= 0.0{f})
        return 1.0{f} / (1.0{f} + exp{f}(-v));
    z = exp{f}(v);              /* v < 0: 0 < z < 1 */
    return z / (1.0{f} + z);
}}
"""


LINEAR = """/* One layer: y_j = b_j + sum_i x_i W[i][j], added in the library's order. */
static inline void {p}_linear(const {t} *W, const {t} *b, int n_in, int n_out,
                              const {t} *x, {t} *y)
{{
    int i, j;
    for (j = 0; j < n_out; j++) {{
        {t} y_j = b[j];
        for (i = 0; i < n_in; i++)
            y_j += x[i] * W[i * n_out + j];
        y[j] = y_j;
    }}
}}
"""


SOFTMAX = """/* p_j = e^(z_j - m) / sum_k e^(z_k - m), m = max(z): every e^x is at most 1. */
static inline void {p}_softmax(const {t} *z, int n, {t} *p)
{{
    {t} m = z[0], total = 0.0{f};
    int j;
    for (j = 1; j < n; j++)
        if (z[j] > m)
            m = z[j];
    for (j = 0; j < n; j++) {{
        p[j] = exp{f}(z[j] - m);
        total += p[j];          /* left to right, as the library adds */
    }}
    for (j = 0; j < n; j++)
        p[j] /= total;
}}
"""


PREDICT = """/* The most probable class (the first, if two tie, as the library's argmax), or -1
   when the outputs are not numbers (an input that overflowed the arithmetic). */
static inline int {p}_predict(const {t} x[{P}_N_FEATURES])
{{
    {t} p[{P}_N_OUTPUTS];
    int c, best = 0;
    {p}_forward(x, p);
    for (c = 0; c < {P}_N_OUTPUTS; c++) {{
        if (p[c] != p[c])
            return -1;
        if (p[c] > p[best])
            best = c;
    }}
    return best;
}}
"""
