"""The C header's top comment: what the model is, how it was trained, and how to call it.

A reader opening the header meets this first: the model's kind and sizes,
its task and output, what happens to x before the first layer, the training
settings that are numbers, which names were cut to MAX_NAME_BYTES, and a
call to copy with a row of plausible inputs (the training means).  No name
from the model file appears here (a name could close the comment): names
are only in the string tables, as nn_pure.cli.export_c_names writes them.

Each function takes the export_c.Header being written and returns lines or text.
Glossary: p the prefix, P the prefix in capitals, t the scalar type.
"""
from nn_pure.cli.export_c_names import MAX_NAME_BYTES


def top_comment(header, source):
    """Return the comment that opens the header (source: the model file's name, or None)."""
    P, p, t = header.P, header.p, header.t
    net, pipeline = header.network, header.pipeline
    sizes = "-".join(str(n) for n in net.sizes)
    if pipeline.kind == "network":
        model = "Tutorial A's 2-2-1 sigmoid network"
    elif len(net.sizes) == 2:
        model = "%s %s (one linear layer)" % (pipeline.kind, sizes)
    else:
        model = "%s %s, %s between layers" % (pipeline.kind, sizes, net.activation)
    if header.classifier:
        loss = {"softmax": "softmax", "binary-cross-entropy": "one sigmoid logit",
                "mse": "sigmoid output"}[net.loss_layer.name]
        task = ("classification into %d classes (%s); out[c] is the probability of\n"
                " * class c, named %s_class_names[c]" % (header.n_outputs, loss, p))
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
             ] + describe_plan(header) + [
             " * Arithmetic in %s.  Names (features, classes, target) are only in the" % t,
             " * string tables below."]
    record = training_record(header)
    if record:
        lines += [" * Trained with %s." % record]
    if header.cut:
        lines += [" * Cut to their first %d bytes of UTF-8 (C99's longest string literal):"
                  % MAX_NAME_BYTES,
                  " *   %s." % ", ".join("%s[%d]" % (table, i) for table, i in header.cut)]
    example = ", ".join(example_row(header))
    lines += [" *",
              " * Use (C99 or C++; link with -lm):",
              " *",
              " *     #include \"%s.h\"" % p,
              " *     const %s x[%s_N_FEATURES] = {%s};" % (t, P, example),
              " *     %s out[%s_N_OUTPUTS];" % (t, P),
              " *     %s_forward(x, out);%s" % (p, "     // out[c]: class c's probability"
                                                if header.classifier else
                                                "     // out[0]: the predicted value")]
    if header.classifier:
        lines += [" *     int c = %s_predict(x);     // the most probable class, or -1" % p,
                  " *     if (c >= 0) puts(%s_class_names[c]);" % p]
    if header.has_categories():
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
               if not header.has_fill() else
               " * x must hold finite numbers (or NAN for a missing value); an input far\n"
               " * outside the training data can overflow the arithmetic, and then out holds\n"
               " * NaN and %s.")
              % ("predict returns -1" if header.classifier else "so does out[0]"),
              " * Do not compile with -ffast-math: it removes the NaN checks.",
              " */"]
    return "\n".join(lines) + "\n"


def describe_plan(header):
    """The top comment's lines on what happens to x before the first layer."""
    p = header.p
    if header.simple_plan():
        said = ("x' = (x - mean) / std for every number" if header.standardization()
                else "none, x goes in as it is")
        return [" * Preprocessing, inside %s_forward: %s." % (p, said)]
    if header.numbers_loop():
        return [" * Preprocessing, inside %s_forward: a NaN (missing) x[i] takes the training" % p,
                " * rows' median%s." % ("; then x' = (x - mean) / std for every number"
                                       if header.standardization() else "")]
    lines = [" * Preprocessing, inside %s_forward, as the library's encoding does it:" % p]
    if header.has_fill():
        lines.append(" * a NaN (missing) value takes the training rows' median, or its most")
        lines.append(" * frequent category;")
    if header.has_categories():
        lines.append(" * a category, given as its index, is one-hot encoded;")
    if header.standardization() is not None:
        lines.append(" * then every network input z is standardized, z' = (z - mean) / std.")
    return lines


def training_record(header):
    """The training settings that are numbers, as `name value`; strings stay out."""
    record = header.pipeline.training or {}
    said = []
    for key in ("epochs", "iterations", "batch_size", "learn_rate", "seed"):
        value = record.get(key)
        if type(value) in (int, float):     # never a string: it could close the comment
            said.append("%s %r" % (key.replace("_", " "), value))
    return ", ".join(said)


def example_row(header):
    """A row to show in the comment: the training means, or zeros."""
    values = []
    for j, column in enumerate(header.plan):
        if column["kind"] == "category":      # the fill category's constant, or the first
            values.append("%s_FEATURE_%d_CATEGORY_%d" % (header.P, j, column["fill"] or 0))
            continue
        mean = column.get("mean")
        v = float("%.3g" % mean) if mean is not None else 0.0
        values.append(header.num(v))
    return values
