"""Reading back the fill and one-hot nodes that nn_pure's ONNX export puts before the layers.

nn_pure/cli/onnx_export.py's encode() writes, for a model that fills missing
cells and one-hot encodes categories (nn_pure.encode), these nodes first:

    missing = IsNaN(features)
    filled  = Where(missing, fill, features)        fill: a median, or a category's index
    numeric columns j..k:   Gather(filled, [j..k], axis 1)
    categorical column j:   v = Gather(filled, [j], axis 1)
                            v = Where(Equal(v, -1), [fill index], v)
                            Cast(Equal(v, [0, 1, ..., C-1]))
    encoded = Concat(the pieces in column order, axis 1)    (or filled, with no category)

read_encoding() follows them from the graph's input, strictly in that shape,
and returns where the rest of the graph (the standardization and the layers)
starts.  The numbers (fills, how many categories) come from the graph; the
category names from metadata_props nn_pure.categories, or, for a file without
them, the indices themselves ("0", "1", ...).  Anything else in front of the
layers is left to the graph walker, which refuses what it does not read.

Glossary: seen value name -> what it holds, a tuple whose first item is
'missing', 'filled', 'columns', 'minus_one', 'index', 'is' or 'onehot'.
"""
from nn_pure.checks import NNPureError
from nn_pure.cli.onnx_proto import INT64

ENCODING_OPS = ("IsNaN", "Where", "Gather", "Equal", "Cast", "Concat")


def read_encoding(reader, nodes, const, x, width):
    """Read the encoding nodes at the start of nodes, if the first is IsNaN(x).

    Return (n, name, encoded_width, columns): nodes[n:] are the rest of the
    graph, name is the encoded value's, and columns holds per raw column
    ("number", fill) or ("category", n_categories, fill_index).  Without an
    IsNaN first, return (0, x, width, None).
    """
    if not nodes or nodes[0].get("op_type") != "IsNaN":
        return 0, x, width, None
    seen = {}
    encoded = None
    n = 0
    for n, node in enumerate(nodes):
        op = node.get("op_type", "")
        inputs, outputs = node.get("input", []), node.get("output", [])
        if op not in ENCODING_OPS or len(outputs) != 1:
            break
        what = [seen.get(name) for name in inputs]
        values = [const.get(name) for name in inputs]
        if op == "IsNaN" and inputs == [x]:
            found = ("missing",)
        elif op == "Where" and len(inputs) == 3 and what[0] == ("missing",) and inputs[2] == x:
            found = ("filled", reader.vector(node, values[1], width))
        elif op == "Gather" and len(inputs) == 2 and _is(what[0], "filled"):
            if _axis(reader, node, n) != 1:
                reader.refuse(node, "gathers along another axis than the columns (1)")
            found = ("columns", _indices(reader, node, values[1], width))
        elif op == "Equal" and len(inputs) == 2 and _one_column(what[0]) is not None:
            constant = reader.vector(node, values[1], None)
            if constant == [-1.0]:
                found = ("minus_one", _one_column(what[0]))
            elif constant == [float(c) for c in range(len(constant))]:
                found = ("is", _one_column(what[0]), len(constant), what[0])
            else:
                reader.refuse(node, "compares a column with %r; nn_pure reads -1 (missing) or "
                                    "the category indices 0, 1, ..." % (constant[:4],))
        elif op == "Where" and len(inputs) == 3 and _is(what[0], "minus_one") and \
                _one_column(what[2]) == what[0][1]:
            fill = reader.vector(node, values[1], 1)
            found = ("index", what[0][1], fill[0])
        elif op == "Cast" and len(inputs) == 1 and _is(what[0], "is"):
            found = ("onehot",) + what[0][1:]
        elif op == "Concat" and what and all(_is(w, "columns") or _is(w, "onehot")
                                             for w in what):
            if _axis(reader, node, n) not in (1, -1):
                reader.refuse(node, "joins the columns along another axis than 1")
            encoded = outputs[0]
            seen[encoded] = ("encoded", what)
            n += 1
            break
        else:
            break
        seen[outputs[0]] = found
    else:
        n = len(nodes)
    fills = None
    for value in seen.values():
        if value[0] == "filled":
            fills = value[1]
    if fills is None:
        reader.fail("graph.node[0]", "tests the input for NaN but no Where fills it; nn_pure "
                                     "reads IsNaN only as the start of its encoding")
    if encoded is None:          # numbers only: the filled rows are the network's inputs
        name = [o for o, v in seen.items() if v[0] == "filled"][0]
        return n, name, width, [("number", fill) for fill in fills]
    columns = _columns(reader, seen[encoded][1], fills, width)
    encoded_width = 0
    for column in columns:
        encoded_width += 1 if column[0] == "number" else column[1]
    return n, encoded, encoded_width, columns


def _columns(reader, pieces, fills, width):
    """Each raw column's encoding, from the Concat's pieces, which must cover them in order."""
    columns = []
    for piece in pieces:
        if piece[0] == "columns":
            for j in piece[1]:
                columns.append((j, ("number", fills[j])))
            continue
        _, j, count, source = piece
        fill = fills[j]
        if source[0] == "index" and source[2] != fill:
            reader.fail("the graph", "fills column %d with index %r when NaN and %r when -1; "
                                     "nn_pure's encoding has one fill per column"
                        % (j, fill, source[2]))
        if fill != int(fill) or not 0 <= fill < count:
            reader.fail("the graph", "fills column %d with %r, which is none of its %d category "
                                     "indices" % (j, fill, count))
        columns.append((j, ("category", count, int(fill))))
    if [j for j, _ in columns] != list(range(width)):
        reader.fail("the graph", "encodes the columns %r in that order; nn_pure's encoding "
                                 "takes each of the %d columns once, in order"
                    % ([j for j, _ in columns], width))
    return [column for _, column in columns]


def _is(what, kind):
    return what is not None and what[0] == kind


def _one_column(what):
    """The column j of a value holding one raw column (a Gather of [j], maybe filled)."""
    if _is(what, "columns") and len(what[1]) == 1:
        return what[1][0]
    if _is(what, "index"):
        return what[1]
    return None


def _axis(reader, node, n):
    for attribute in node.get("attribute", []):
        if attribute.get("name") == "axis":
            if "i" not in attribute:
                reader.fail("graph.node[%d].attribute axis" % n, "has no int value")
            return attribute["i"]
    return 0


def _indices(reader, node, tensor, width):
    if tensor is None or tensor.data_type != INT64 or len(tensor.dims) != 1:
        reader.refuse(node, "needs a one-dimensional int64 constant of column indices")
    for j in tensor.values:
        if width is None or not 0 <= j < width:
            reader.refuse(node, "gathers column %d of an input with %s columns" % (j, width))
    return list(tensor.values)


def encoding_document(path, columns, categories):
    """The model file's "encoding" list, and notes, for columns from read_encoding().

    categories is metadata_props nn_pure.categories (a list, per column, of
    null or the names), or None: then a category is named by its index.
    """
    where = "%s: metadata_props nn_pure.categories" % path
    notes = []
    if categories is None:
        if any(column[0] == "category" for column in columns):
            notes.append("categories named by their indices 0, 1, ... (the file does not "
                         "name them)")
        categories = [None if column[0] == "number" else
                      ["%d" % c for c in range(column[1])] for column in columns]
    if not isinstance(categories, list) or len(categories) != len(columns):
        raise NNPureError("%s must list one entry per column of the graph's input (%d)"
                          % (where, len(columns)))
    document = []
    for j, (column, names) in enumerate(zip(columns, categories)):
        if column[0] == "number":
            if names is not None:
                raise NNPureError("%s[%d] names categories, but the graph takes column %d as "
                                  "a number" % (where, j, j))
            document.append({"categories": None, "fill": column[1]})
            continue
        if not isinstance(names, list) or len(names) != column[1] or \
                not all(isinstance(name, str) for name in names):
            raise NNPureError("%s[%d] must list the %d category names the graph compares "
                              "column %d with" % (where, j, column[1], j))
        document.append({"categories": names, "fill": names[column[2]]})
    return document, notes

