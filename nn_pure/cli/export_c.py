"""A trained model as one C99 / C++ header: `python -m nn_pure.export --format c`.

For boards that run no Python at all (8-bit Arduinos, small Cortex-M parts,
firmware written in C).  c_header(pipeline, prefix) returns the text of one
header that holds the weights as const tables and the model's arithmetic as
static inline functions:

    raw features x -> preprocess -> layers -> softmax / sigmoid
                   -> out: class probabilities, or the value in the target's units

The preprocessing is the Pipeline's (columns() reads it): a missing value (NaN)
filled with the training median or most frequent category, a category (given
as its index, PREFIX_FEATURE_j_CATEGORY_k) one-hot encoded, then every network
input standardized.

It includes only <math.h>, never allocates, and has no mutable static state,
so every function is reentrant.  The arithmetic is the library's, step for
step and in the same order (b_j first, then x_i * W[i][j] for i = 0, 1, ...;
softmax shifted by its max; the sigmoid branching on the sign), so in double
it agrees with Pipeline.predict_proba to about 1e-15, and in float to the
7 digits a float holds.

Why this lives in nn_pure/cli/ and not in the core, although it only builds
strings: the core is what a MicroPython board copies, and a C generator is of
no use there; it is reached only from the command line.

Nothing from the model file becomes code.  Every name it holds (features,
classes, the target, the data file, the model file's own name) reaches the
header only as a C string literal written by c_string(): printable ASCII as
itself, \\" \\\\ and \\? (so no trigraph such as ??/ can form), everything else
(control characters, NUL, every byte of non-ASCII UTF-8) as a three-digit
octal escape.  No name appears in a comment or becomes an identifier.  A name
longer than MAX_NAME_BYTES bytes of UTF-8 (C99 promises literals of 4095
characters, no more) is cut at a character boundary, and the header's top
comment says which names were cut, by position.

Glossary: prefix the C identifier every global name of the header starts
with; T the scalar type ("float" or "double"); column one raw feature.
"""
from nn_pure.activations import ACTIVATIONS
from nn_pure.checks import NNPureError

MAX_NAME_BYTES = 4095       # C99 5.2.4.1: 4095 characters in a string literal

# C (C99 to C23) and C++ (to C++23) keywords, written out: --name must be none of them,
# in either language, whichever compiler the header meets.
C_KEYWORDS = frozenset((
    "auto break case char const continue default do double else enum extern float for "
    "goto if inline int long register restrict return short signed sizeof static struct "
    "switch typedef union unsigned void volatile while "
    "alignas alignof bool constexpr false nullptr static_assert thread_local true typeof "
    "typeof_unqual").split())
CXX_KEYWORDS = frozenset((
    "and and_eq asm bitand bitor catch char8_t char16_t char32_t class compl concept "
    "consteval constinit const_cast co_await co_return co_yield decltype delete "
    "dynamic_cast explicit export friend mutable namespace new noexcept not not_eq "
    "operator or or_eq private protected public reinterpret_cast requires static_cast "
    "template this throw try typeid typename using virtual wchar_t xor xor_eq").split())

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


def c_string(name):
    """Return (a C string literal holding name's UTF-8 bytes, whether it was cut).

    >>> c_string('say "hi"??/')
    ('"say \\\\"hi\\\\"\\\\?\\\\?/"', False)
    >>> c_string("caf\\u00e9\\n")[0]
    '"caf\\\\303\\\\251\\\\012"'
    """
    # Lone surrogates (JSON can hold them) pass through as their three bytes, so the
    # bytes read back decode to the same Python string with "surrogatepass".
    data = name.encode("utf-8", "surrogatepass")
    cut = len(data) > MAX_NAME_BYTES
    if cut:
        end = MAX_NAME_BYTES
        while end > 0 and 0x80 <= data[end] < 0xC0:     # not inside a character
            end -= 1
        data = data[:end]
    out = ['"']
    for byte in data:
        c = chr(byte)
        if c in '"\\?':
            out.append("\\" + c)                # \? : no trigraph can form
        elif 0x20 <= byte < 0x7F:
            out.append(c)
        else:
            # Always three digits: an octal escape stops after three, so a digit that
            # follows stays a digit.  (A hex escape would swallow it.)
            out.append("\\%03o" % byte)
    out.append('"')
    return "".join(out), cut


def is_c_identifier(name):
    """Return True if name is an ASCII C identifier that is not a keyword or reserved.

    Reserved: a leading underscore with a capital, and any double underscore.
    >>> [is_c_identifier(n) for n in ("iris", "_p2", "1x", "class", "a__b", "caf\\u00e9")]
    [True, True, False, False, False, False]
    """
    return problem_with_prefix(name) is None


def problem_with_prefix(name):
    """Why name cannot be a header's prefix, or None if it can."""
    if not name:
        return "the name is empty"
    for c in name:
        if not ("a" <= c <= "z" or "A" <= c <= "Z" or "0" <= c <= "9" or c == "_"):
            return "%r is not a C identifier: use ASCII letters, digits and _" % name
    if "0" <= name[0] <= "9":
        return "%r is not a C identifier: it starts with a digit" % name
    if name in C_KEYWORDS:
        return "%s is a C keyword" % name
    if name in CXX_KEYWORDS:
        return "%s is a C++ keyword, and the header must compile as C++" % name
    if "__" in name or (name[0] == "_" and len(name) > 1 and "A" <= name[1] <= "Z"):
        return "%r is reserved to the compiler (a double underscore, or _ and a capital)" % name
    return None


def suggest_prefix(stem):
    """A prefix close to stem: other characters become _, and model_ goes in front if needed.

    >>> [suggest_prefix(s) for s in ("iris-model", "2024 run", "class", "", "caf\\u00e9")]
    ['iris_model', 'model_2024_run', 'class_model', 'model', 'caf']
    """
    cleaned = ""
    for c in stem:
        cleaned += c if ("a" <= c <= "z" or "A" <= c <= "Z" or "0" <= c <= "9") else "_"
    while "__" in cleaned:
        cleaned = cleaned.replace("__", "_")
    cleaned = cleaned.strip("_")
    if not cleaned:
        return "model"
    if "0" <= cleaned[0] <= "9":
        cleaned = "model_" + cleaned
    if problem_with_prefix(cleaned) is not None:
        cleaned += "_model"
    return cleaned


def c_number(x, c_type):
    """A C literal for the float x in type c_type.

    double: every digit of repr, which reads back as the same double.  float: nine
    significant digits, enough to name every float, and the f suffix, so that
    nothing is computed in double behind the reader's back (-Wdouble-promotion).
    >>> c_number(0.1, "float"), c_number(-2.5e-07, "double"), c_number(3.0, "float")
    ('0.1f', '-2.5e-07', '3.0f')
    >>> c_number(0.8594866397743581, "float"), c_number(1e20, "float")
    ('0.85948664f', '1e+20f')
    """
    if c_type == "double":
        return repr(float(x))
    text = "%.9g" % x
    if "." not in text and "e" not in text:
        text += ".0"
    return text + "f"


FLOAT_MAX = 3.4028234663852886e38


def columns(pipeline):
    """Each raw feature's preprocessing, in order: what the header's preprocess step does.

    A list of dicts, one per raw feature column (the Pipeline's encoder's columns, or
    one number per network input when it has no encoder):
      {"kind": "number", "fill": None or v, "mean": m or None, "std": s or None}
        one network input, (x - mean) / std; a NaN x becomes fill first (if fill is set);
      {"kind": "category", "categories": [names], "fill": k or None,
       "mean": [m_0, ...] or None, "std": [s_0, ...] or None}
        one network input per category (one-hot, then each input standardized as the
        library's Standardizer does); x holds the category's index, a NaN x means
        category fill (or, fill None, all zeros), and any other value all zeros, as
        an unseen category.
    mean and std are None when the Pipeline has no standardizer.
    """
    s, encoder = pipeline.standardizer, pipeline.encoder
    found = []
    if encoder is None:
        for j in range(pipeline.n_features):
            found.append({"kind": "number", "fill": None,
                          "mean": s.mean[j] if s is not None else None,
                          "std": s.std[j] if s is not None else None})
        return found
    at = 0                      # the network input where this column's inputs start
    for column in encoder.columns:
        mean = s.mean[at:at + column.width] if s is not None else None
        std = s.std[at:at + column.width] if s is not None else None
        if column.categories is None:
            found.append({"kind": "number", "fill": column.fill,
                          "mean": mean[0] if s is not None else None,
                          "std": std[0] if s is not None else None})
        else:
            # The encoder fills a missing category with its name; C takes its index.
            fill = column.index.get(column.fill)
            found.append({"kind": "category", "categories": list(column.categories),
                          "fill": fill, "mean": mean, "std": std})
        at += column.width
    return found


def c_header(pipeline, prefix="model", c_type="float", source=None, unroll=False,
             plan=None):
    """Return the text of a C header computing pipeline's predictions.

    prefix starts every global name (problem_with_prefix() must find none);
    c_type is "float" or "double"; source, if given, is the model file's name,
    kept as the string PREFIX_source.  unroll writes every multiply-add of every
    layer as its own term with the weight as a literal, instead of the loops
    over weight tables (for measuring flash and speed; loops are the default).
    plan is columns(pipeline) unless given.
    """
    where = "c_header()"
    problem = problem_with_prefix(prefix)
    if problem is not None:
        raise NNPureError("%s: prefix: %s; use a name such as %s"
                          % (where, problem, suggest_prefix(prefix)))
    if c_type not in ("float", "double"):
        raise NNPureError("%s: c_type is %r; choose float or double" % (where, c_type))
    header = _Header(pipeline, prefix, c_type, unroll, plan or columns(pipeline))
    return header.text(source)


class _Header:
    """The pieces of one header, written in the order a reader meets them."""

    def __init__(self, pipeline, prefix, c_type, unroll, plan):
        self.pipeline, self.network = pipeline, pipeline.network
        self.p, self.P = prefix, prefix.upper()
        self.t, self.f = c_type, ("f" if c_type == "float" else "")
        self.unroll, self.plan = unroll, plan
        self.classifier = pipeline.task == "classification"
        parameters = self.network.parameters()
        self.layers = list(zip(parameters[::2], parameters[1::2]))
        self.cut = []           # (which list, index) of every name cut to MAX_NAME_BYTES
        self.n_inputs = 0
        for column in plan:
            self.n_inputs += len(column["categories"]) if column["kind"] == "category" else 1
        if self.n_inputs != self.network.sizes[0]:
            raise NNPureError("c_header(): the columns make %d inputs but the network takes %d"
                              % (self.n_inputs, self.network.sizes[0]))
        if self.classifier:
            self.n_outputs = len(pipeline.class_names)
        else:
            self.n_outputs = 1

    def num(self, x):
        x = float(x)
        if self.t == "float" and abs(x) > FLOAT_MAX:
            raise NNPureError("the model holds the number %r, beyond the largest float (about "
                              "3.4e38); export it with --c-type double" % x)
        return c_number(x, self.t)

    def text(self, source):
        P, p, t = self.P, self.p, self.t
        parts = [None,          # the top comment, written last: it lists the names cut
                 "#ifndef %s_NN_PURE_H\n#define %s_NN_PURE_H\n\n#include <math.h>\n" % (P, P),
                 "#define %s_N_FEATURES %d   /* raw values in, one per feature */" % (P, len(self.plan)),
                 "#define %s_N_OUTPUTS %d    /* %s out */\n"
                 % (P, self.n_outputs, "class probabilities" if self.classifier
                    else "the predicted value"),
                 self.names(source),
                 self.categories(),
                 self.tables(),
                 self.functions(),
                 "#endif /* %s_NN_PURE_H */\n" % P]
        parts[0] = self.top_comment(source)
        return "\n".join(part for part in parts if part)

    # ---- the comment at the top ------------------------------------------------

    def top_comment(self, source):
        P, p, t = self.P, self.p, self.t
        net, pipeline = self.network, self.pipeline
        sizes = "-".join(str(n) for n in net.sizes)
        if pipeline.kind == "network":
            model = "Tutorial A's 2-2-1 sigmoid network"
        elif len(net.sizes) == 2:
            model = "%s %s (one linear layer)" % (pipeline.kind, sizes)
        else:
            model = "%s %s, %s between layers" % (pipeline.kind, sizes, net.activation)
        if self.classifier:
            loss = {"softmax": "softmax", "binary-cross-entropy": "one sigmoid logit",
                    "mse": "sigmoid output"}[net.loss_layer.name]
            task = ("classification into %d classes (%s); out[c] is the probability of\n"
                    " * class c, named %s_class_names[c]" % (self.n_outputs, loss, p))
        else:
            task = "regression; out[0] is the value of the target, in its own units"
            if net.output is not None:
                task += " (after a %s output)" % net.output
        lines = ["/* %s: a trained nn_pure model, as one C99 / C++ header." % p,
                 " *",
                 " * Written by `python -m nn_pure.export --format c`%s." %
                 (" from the model file named in %s_source" % p if source is not None else ""),
                 " * Model: %s;" % model,
                 " * %s." % task,
                 ] + self.describe_plan() + [
                 " * Arithmetic in %s.  Names (features, classes, target) are only in the" % t,
                 " * string tables below."]
        record = self.training_record()
        if record:
            lines += [" * Trained with %s." % record]
        if self.cut:
            lines += [" * Cut to their first %d bytes of UTF-8 (C99's longest string literal):"
                      % MAX_NAME_BYTES,
                      " *   %s." % ", ".join("%s[%d]" % (table, i) for table, i in self.cut)]
        example = ", ".join(self.example())
        lines += [" *",
                  " * Use (C99 or C++; link with -lm):",
                  " *",
                  " *     #include \"%s.h\"" % p,
                  " *     const %s x[%s_N_FEATURES] = {%s};" % (t, P, example),
                  " *     %s out[%s_N_OUTPUTS];" % (t, P),
                  " *     %s_forward(x, out);%s" % (p, "     // out[c]: class c's probability"
                                                    if self.classifier else
                                                    "     // out[0]: the predicted value")]
        if self.classifier:
            lines += [" *     int c = %s_predict(x);     // the most probable class, or -1" % p,
                      " *     if (c >= 0) puts(%s_class_names[c]);" % p]
        if self.has_categories():
            lines += [" *",
                      " * A category goes in as its index: x[j] = %s_FEATURE_j_CATEGORY_k for" % P,
                      " * %s_categories_j[k] (%s_category_names[j] lists them for every j)." % (p, p),
                      " * A missing value, number or category, is NAN (from <math.h>): it takes",
                      " * the training rows' median or most frequent category.  A category not",
                      " * seen in training is -1 (any index outside the list): all zeros, as in",
                      " * the library."]
        lines += [" *",
                  " * Every function is static inline and reads only const tables: no allocation,",
                  " * no state, safe to call from several threads or interrupts at once.",
                  (" * x must hold finite numbers; an input far outside the training data can\n"
                   " * overflow the arithmetic, and then out holds NaN and %s."
                   if not self.has_fill() else
                   " * x must hold finite numbers (or NAN for a missing value); an input far\n"
                   " * outside the training data can overflow the arithmetic, and then out holds\n"
                   " * NaN and %s.")
                  % ("predict returns -1" if self.classifier else "so does out[0]"),
                  " * Do not compile with -ffast-math: it removes the NaN checks.",
                  " */"]
        return "\n".join(lines) + "\n"

    def describe_plan(self):
        """The top comment's lines on what happens to x before the first layer."""
        p = self.p
        if self.simple_plan():
            said = ("x' = (x - mean) / std for every number" if self.standardization()
                    else "none, x goes in as it is")
            return [" * Preprocessing, inside %s_forward: %s." % (p, said)]
        if self.numbers_loop():
            return [" * Preprocessing, inside %s_forward: a NaN (missing) x[i] takes the training" % p,
                    " * rows' median%s." % ("; then x' = (x - mean) / std for every number"
                                           if self.standardization() else "")]
        lines = [" * Preprocessing, inside %s_forward, as the library's encoding does it:" % p]
        if self.has_fill():
            lines.append(" * a NaN (missing) value takes the training rows' median, or its most")
            lines.append(" * frequent category;")
        if self.has_categories():
            lines.append(" * a category, given as its index, is one-hot encoded;")
        if self.standardization() is not None:
            lines.append(" * then every network input z is standardized, z' = (z - mean) / std.")
        return lines

    def has_categories(self):
        return any(c["kind"] == "category" for c in self.plan)

    def has_fill(self):
        return any(c["fill"] is not None for c in self.plan)

    def training_record(self):
        """The training settings that are numbers, as `name value`; strings stay out."""
        record = self.pipeline.training or {}
        said = []
        for key in ("epochs", "iterations", "batch_size", "learn_rate", "seed"):
            value = record.get(key)
            if type(value) in (int, float):     # never a string: it could close the comment
                said.append("%s %r" % (key.replace("_", " "), value))
        return ", ".join(said)

    def example(self):
        """A row to show in the comment: the training means, or zeros."""
        values = []
        for j, column in enumerate(self.plan):
            if column["kind"] == "category":      # the fill category's constant, or the first
                values.append("%s_FEATURE_%d_CATEGORY_%d" % (self.P, j, column["fill"] or 0))
                continue
            mean = column.get("mean")
            v = float("%.3g" % mean) if mean is not None else 0.0
            values.append(self.num(v))
        return values

    # ---- names, as string literals only ------------------------------------

    def literal(self, table, i, name):
        text, cut = c_string(name)
        if cut:
            self.cut.append((table, i))
        return text

    def string_table(self, table, names, size):
        p = self.p
        lines = ["static const char *const %s_%s[%s] = {" % (p, table, size)]
        for i, name in enumerate(names):
            lines.append("    %s%s" % (self.literal(p + "_" + table, i, name),
                                       "," if i < len(names) - 1 else ""))
        return "\n".join(lines) + "\n};"

    def names(self, source):
        P, p = self.P, self.p
        out = ["/* The model file's names, each as a string literal (UTF-8, escaped). */",
               self.string_table("feature_names", self.pipeline.feature_names,
                                 P + "_N_FEATURES")]
        if self.classifier:
            out.append(self.string_table("class_names", self.pipeline.class_names,
                                         P + "_N_OUTPUTS"))
        for name, value in (("target_name", self.pipeline.target_name), ("source", source),
                            ("training_data", (self.pipeline.training or {}).get("data"))):
            if isinstance(value, str):
                out.append("static const char *const %s_%s = %s;"
                           % (p, name, self.literal(p + "_" + name, 0, value)))
        return "\n".join(out) + "\n"

    def categories(self):
        """For each category column: its names, and a constant for each category's index."""
        P, p = self.P, self.p
        out = []
        for j, column in enumerate(self.plan):
            if column["kind"] != "category":
                continue
            names = column["categories"]
            out.append("/* Feature %d is a category: x[%d] holds one of these indices. */"
                       % (j, j))
            out.append("#define %s_N_CATEGORIES_%d %d" % (P, j, len(names)))
            for k in range(len(names)):
                out.append("#define %s_FEATURE_%d_CATEGORY_%d %d" % (P, j, k, k))
            out.append(self.string_table("categories_%d" % j, names,
                                         "%s_N_CATEGORIES_%d" % (P, j)) + "\n")
        if out:
            # For a program that handles every column alike (reading a CSV file, say).
            tables = ["%s_categories_%d" % (p, j) if c["kind"] == "category" else "0"
                      for j, c in enumerate(self.plan)]
            counts = [str(len(c["categories"])) if c["kind"] == "category" else "0"
                      for c in self.plan]
            out += ["/* Feature j's category names and how many (a null pointer and 0 for a "
                    "number). */",
                    "static const char *const *const %s_category_names[%s_N_FEATURES] = {%s};"
                    % (p, P, ", ".join(tables)),
                    "static const int %s_n_categories[%s_N_FEATURES] = {%s};\n"
                    % (p, P, ", ".join(counts))]
        return "\n".join(out)

    # ---- numbers -----------------------------------------------------------------

    def row(self, values):
        return ", ".join(self.num(v) for v in values)

    def tables(self):
        p, t = self.p, self.t
        out = []
        standardization = self.standardization()
        if self.numbers_loop() and self.has_fill():
            out += ["/* Missing values: a NaN x[i] takes fill[i], the training rows' median. */",
                    "static const %s %s_fill[%d] = {%s};" % (t, p, len(self.plan),
                                                             self.row(c["fill"] for c in self.plan))]
        if standardization is not None and self.numbers_loop():
            mean, std = standardization
            out += ["/* Standardization: x' = (x - mean) / std, with the training rows' mean and std. */",
                    "static const %s %s_mean[%d] = {%s};" % (t, p, len(mean), self.row(mean)),
                    "static const %s %s_std[%d] = {%s};\n" % (t, p, len(std), self.row(std))]
        elif standardization is not None:
            mean, std = standardization
            out += ["/* Standardization of the network's %d inputs, after the fill and the one-hot"
                    % self.n_inputs,
                    "   encoding: z' = (z - mean) / std, with the training rows' mean and std. */",
                    "static const %s %s_mean[%d] = {%s};" % (t, p, len(mean), self.row(mean)),
                    "static const %s %s_std[%d] = {%s};\n" % (t, p, len(std), self.row(std))]
        if self.unroll:
            return "\n".join(out)
        for n, (W, b) in enumerate(self.layers):
            n_in, n_out = len(W), len(b)
            out.append("/* Layer %d: %d inputs -> %d outputs, y_j = b_j + sum_i x_i W[i][j].\n"
                       "   W is stored row by row: row i holds input i's weights. */"
                       % (n + 1, n_in, n_out))
            rows = ",\n    ".join(self.row(W_row) for W_row in W)
            out.append("static const %s %s_W%d[%d * %d] = {\n    %s\n};" % (t, p, n + 1, n_in,
                                                                        n_out, rows))
            out.append("static const %s %s_b%d[%d] = {%s};\n" % (t, p, n + 1, n_out, self.row(b)))
        return "\n".join(out)

    def standardization(self):
        """(mean, std), one value per network input, or None when nothing is standardized."""
        mean, std = [], []
        for column in self.plan:
            if column.get("mean") is None:
                return None
            if column["kind"] == "number":
                mean.append(column["mean"])
                std.append(column["std"])
            else:
                mean += column["mean"]
                std += column["std"]
        return mean, std

    def numbers_loop(self):
        """True when every column is a number, all filled or none: one loop does them all."""
        filled = [c["fill"] is not None for c in self.plan]
        return (all(c["kind"] == "number" for c in self.plan)
                and (all(filled) or not any(filled)))

    def simple_plan(self):
        """True when every column is a number with no fill: one loop standardizes them all."""
        return all(c["kind"] == "number" and c["fill"] is None for c in self.plan)

    # ---- functions -----------------------------------------------------------

    def functions(self):
        out = []
        needed = self.activations_needed()
        if "sigmoid" in needed:
            out.append(SIGMOID.format(p=self.p, t=self.t, f=self.f))
        if not self.unroll:
            out.append(LINEAR.format(p=self.p, t=self.t))
        if self.classifier and self.network.loss_layer.name == "softmax":
            out.append(SOFTMAX.format(p=self.p, t=self.t, f=self.f))
        out.append(self.preprocess())
        out.append(self.forward())
        if self.classifier:
            out.append(PREDICT.format(p=self.p, P=self.P, t=self.t))
        return "\n".join(out)

    def activations_needed(self):
        net = self.network
        needed = set()
        if len(self.layers) > 1:
            needed.add(net.activation)
        if net.output is not None:
            needed.add(net.output)
        if self.classifier and net.loss_layer.name == "binary-cross-entropy":
            needed.add("sigmoid")
        return needed

    def preprocess(self):
        p, P, t, f = self.p, self.P, self.t, self.f
        lines = ["/* Raw features x -> the network's %d inputs z. */" % self.n_inputs,
                 "static inline void %s_preprocess(const %s x[%s_N_FEATURES], %s z[%d])"
                 % (p, t, P, t, self.n_inputs), "{"]
        standardized = self.standardization() is not None
        if self.simple_plan():
            lines.append("    int i;")
            lines.append("    for (i = 0; i < %s_N_FEATURES; i++)" % P)
            if standardized:
                lines.append("        z[i] = (x[i] - %s_mean[i]) / %s_std[i];" % (p, p))
            else:
                lines.append("        z[i] = x[i];")
            return "\n".join(lines + ["}\n"])
        if self.numbers_loop():         # numbers only, each with its fill value
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
        if any(c["kind"] == "category" for c in self.plan):
            declared.append("k")
        if declared:
            lines.append("    int %s;" % ", ".join(declared))
        at = 0
        for j, column in enumerate(self.plan):
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
                lines.append("        v = %s;" % self.num(fill))
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
                         % self.n_inputs)
            lines.append("        z[i] = (z[i] - %s_mean[i]) / %s_std[i];" % (p, p))
        return "\n".join(lines + ["}\n"])

    def forward(self):
        p, P, t, f = self.p, self.P, self.t, self.f
        net = self.network
        widest = max(net.sizes)
        lines = ["/* The model: out[c] = the probability of class c (classification), or out[0]",
                 "   = the predicted value in the target's units (regression). */",
                 "static inline void %s_forward(const %s x[%s_N_FEATURES], %s out[%s_N_OUTPUTS])"
                 % (p, t, P, t, P), "{",
                 "    %s a[%d], h[%d];      /* each layer reads one, writes the other */"
                 % (t, widest, widest)]
        if len(self.layers) > 1 or net.output is not None:     # an activation loop follows
            lines.append("    int j;")
        lines += [
                 "    %s_preprocess(x, a);" % p]
        source, target = "a", "h"
        for n, (W, b) in enumerate(self.layers):
            n_in, n_out = len(W), len(b)
            last = n == len(self.layers) - 1
            activation = net.output if last else net.activation
            lines.append("    /* layer %d: %d -> %d%s */" % (n + 1, n_in, n_out,
                                                          ", then " + activation
                                                          if activation else ""))
            if self.unroll:
                for j in range(n_out):
                    terms = [self.num(b[j])]
                    for i in range(n_in):
                        terms.append("%s[%d] * %s" % (source, i, self.num(W[i][j])))
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
        if self.classifier and self.pipeline.kind == "network":
            lines += ["    out[0] = 1.0%s - %s[0];     /* o1 is the probability of class 1 */"
                      % (f, source),
                      "    out[1] = %s[0];" % source]
        elif self.classifier and loss == "binary-cross-entropy":
            lines += ["    out[1] = %s_sigmoid(%s[0]);  /* the one logit's sigmoid: class 1 */"
                      % (p, source),
                      "    out[0] = 1.0%s - out[1];" % f]
        elif self.classifier:
            lines.append("    %s_softmax(%s, %s_N_OUTPUTS, out);" % (p, source, P))
        elif self.pipeline.target_standardizer is not None:
            s = self.pipeline.target_standardizer
            lines.append("    out[0] = %s[0] * %s + %s;   /* standardization undone: "
                         "y * std + mean */" % (source, self.num(s.std[0]), self.num(s.mean[0])))
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
