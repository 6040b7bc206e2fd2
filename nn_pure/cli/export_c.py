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
so every function is reentrant.  This module assembles the header in the
order a reader meets it and writes its tables (the names, the categories,
the numbers); the top comment is nn_pure.cli.export_c_comment's, the
functions nn_pure.cli.export_c_code's, and how each name, the prefix and
each number are written in C is nn_pure.cli.export_c_names's: nothing from
the model file becomes code.

Why this lives in nn_pure/cli/ and not in the core, although it only builds
strings: the core is what a MicroPython board copies, and a C generator is of
no use there; it is reached only from the command line.

Glossary: prefix the C identifier every global name of the header starts
with; T the scalar type ("float" or "double"); column one raw feature; plan
the list of columns, as columns() describes them.
"""
from nn_pure.checks import NNPureError
from nn_pure.cli.export_c_code import functions
from nn_pure.cli.export_c_comment import top_comment
from nn_pure.cli.export_c_names import c_number, c_string, problem_with_prefix, suggest_prefix
from nn_pure.cli.float32 import check_float32


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
    c_type is "float" or "double" (float refuses a model holding a number that
    no float holds: nn_pure.cli.float32); source, if given, is the model file's
    name, kept as the string PREFIX_source and named in that refusal.  unroll
    writes every multiply-add of every layer as its own term with the weight as
    a literal, instead of the loops over weight tables (for measuring flash and
    speed; loops are the default).
    plan is columns(pipeline) unless given.
    """
    where = "c_header()"
    problem = problem_with_prefix(prefix)
    if problem is not None:
        raise NNPureError("%s: prefix: %s; use a name such as %s"
                          % (where, problem, suggest_prefix(prefix)))
    if c_type not in ("float", "double"):
        raise NNPureError("%s: c_type is %r; choose float or double" % (where, c_type))
    if c_type == "float":       # every number must have a float literal, before any is written
        check_float32(pipeline, source, "--c-type double")
    header = Header(pipeline, prefix, c_type, unroll, plan or columns(pipeline))
    return header.text(source)


class Header:
    """The pieces of one header, written in the order a reader meets them.

    export_c_comment and export_c_code read its fields: p and P (the prefix, and in
    capitals), t and f (the scalar type and its literals' suffix), plan, layers.
    """

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
        """x as a C literal of the header's type (c_header() checked that a float holds it)."""
        return c_number(float(x), self.t)

    def text(self, source):
        P = self.P
        parts = [None,          # the top comment, written last: it lists the names cut
                 "#ifndef %s_NN_PURE_H\n#define %s_NN_PURE_H\n\n#include <math.h>\n" % (P, P),
                 "#define %s_N_FEATURES %d   /* raw values in, one per feature */" % (P, len(self.plan)),
                 "#define %s_N_OUTPUTS %d    /* %s out */\n"
                 % (P, self.n_outputs, "class probabilities" if self.classifier
                    else "the predicted value"),
                 self.names(source),
                 self.categories(),
                 self.tables(),
                 functions(self),
                 "#endif /* %s_NN_PURE_H */\n" % P]
        parts[0] = top_comment(self, source)
        return "\n".join(part for part in parts if part)

    def has_categories(self):
        return any(c["kind"] == "category" for c in self.plan)

    def has_fill(self):
        return any(c["fill"] is not None for c in self.plan)

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
