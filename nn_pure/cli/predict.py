"""python -m nn_pure.predict: use a saved model on new rows.

    python -m nn_pure.predict MODEL.json FILE.csv [--output OUT.csv]
    python -m nn_pure.predict MODEL.json --values 5.1,3.5,1.4,0.2

Writes CSV: for a classifier, the predicted class and each class's
probability; for regression, the predicted value.  Columns of FILE.csv are
matched to the model's features by name, in any order; if the file also holds
the model's target column, it is copied into the output beside the
prediction, for comparison; other columns are ignored, named once on stderr.
A model trained on categories and missing cells fills and encodes each row as
training did; a category it never saw is encoded as all zeros, with one
warning per column.  Numbers are written with all their digits
(Python's repr), so they equal what Pipeline.predict_proba returns.
"""
import csv
import io
import math
import sys

from nn_pure.checks import NNPureError
from nn_pure.matrix import argmax_rows

PROG = "nn_pure.predict"

EXAMPLES = """examples:
  python -m nn_pure.train --data examples/data/iris.csv --target species --save iris.json
  python -m nn_pure.predict iris.json examples/data/iris.csv --output predictions.csv
  python -m nn_pure.predict iris.json --values 5.1,3.5,1.4,0.2
"""


def predictions_csv(pipeline, rows, targets=None):
    """Return the CSV text of the predictions for rows (and the true targets, if given)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ([pipeline.target_name or "target"] if targets is not None else []) + ["prediction"]
    if pipeline.task == "classification":
        header += ["p_%s" % name for name in pipeline.class_names]
        # The network runs once: the class is the most probable one, as Pipeline.predict
        # takes it from these same probabilities.
        probabilities = pipeline.predict_proba(rows)
        values = [[pipeline.class_names[c]] + [repr(p) for p in probs]
                  for c, probs in zip(argmax_rows(probabilities), probabilities)]
    else:
        values = [[repr(v)] for v in pipeline.predict(rows)]
    for s, row in enumerate(values):
        # Finite weights can still overflow on a far-off input; say so rather than print nan.
        if not all(math.isfinite(float(v)) for v in row[1 if pipeline.task == "classification"
                                                        else 0:]):
            raise NNPureError("the model's output for data row %d is not a finite number: its "
                              "weights overflow on that input, so the model file does not fit "
                              "data like it" % (s + 1))
    writer.writerow(header)
    for s, row in enumerate(values):
        writer.writerow(([targets[s]] if targets is not None else []) + row)
    return out.getvalue()


def main(argv=None):
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    from nn_pure import cli
    return cli.run(PROG, _main, argv)


def _main(argv):
    from nn_pure import cli
    from nn_pure.cli.csvcolumns import parse_number
    from nn_pure.cli.csvfile import delimiter_flag, read_features
    from nn_pure.encode import parse_cell
    from nn_pure.cli.outputs import check_outputs, write_atomically
    from nn_pure.cli.modelfile import load_model

    parser = cli.parser("python -m nn_pure.predict",
                        "Predict with a model saved by python -m nn_pure.train --save.",
                        EXAMPLES)
    parser.add_argument("model", metavar="MODEL.json", help="a model file")
    parser.add_argument("data", metavar="FILE.csv", nargs="?",
                        help="rows to predict, with a header naming the feature columns")
    parser.add_argument("--values", metavar="V1,V2,...",
                        help="one row of feature values, in the model's feature order")
    parser.add_argument("--output", metavar="OUT.csv", help="write the CSV here, not to stdout")
    parser.add_argument("--delimiter", metavar="C",
                        help="FILE.csv's separator: , ; or tab (default: found from its header)")
    args = parser.parse_args(argv)
    if (args.data is None) == (args.values is None):
        raise cli.UsageError("give either FILE.csv or --values, one of the two")
    check_outputs([("--output", args.output)], [("the model file", args.model),
                                                ("the data file", args.data)])
    pipeline = load_model(args.model)
    if args.values is not None:
        # Read as a CSV row: a category holding a comma goes in quotes, as in a file.
        cells = [cell.strip() for cell in next(csv.reader([args.values]), [""])]
        if len(cells) != len(pipeline.feature_names):
            raise NNPureError("--values has %d values but the model %s expects %d: %s"
                              % (len(cells), args.model, len(pipeline.feature_names),
                                 ", ".join(pipeline.feature_names)))
        if pipeline.encoder is None:
            rows = [[parse_number("--values", None, name, cell)
                     for name, cell in zip(pipeline.feature_names, cells)]]
        else:           # numbers, category names and missing cells, as in a file
            row = [parse_cell(cell) for cell in cells]
            for j, column in enumerate(pipeline.encoder.columns):
                # A number column's value is checked here, where the message can name
                # --values and say why (1e999 is beyond the largest float), as for a file.
                if column.categories is None and row[j] is not None:
                    row[j] = parse_number("--values", None, column.name, cells[j])
            rows = [row]
        targets = None
    else:
        rows, targets, ignored = read_features(args.data, pipeline,
                                               delimiter=delimiter_flag(args.delimiter))
        if ignored:
            print("%s: note: ignoring the column(s) %s, which the model does not use"
                  % (PROG, ", ".join(repr(name) for name in ignored)), file=sys.stderr)
    try:
        text = predictions_csv(pipeline, rows, targets)
    except NNPureError as error:        # the rows and the model do not fit: name both
        where = args.model if args.data is None else "%s on %s" % (args.model, args.data)
        raise NNPureError("%s: %s" % (where, cli.without_function(str(error)))) from None
    if pipeline.encoder is not None:
        for column in pipeline.encoder.columns:        # in column order, once each
            if column.name in pipeline.encoder.unseen:
                print("%s: warning: column %r: the category %r was not seen in training; "
                      "encoded as all zeros" % (PROG, column.name,
                                                pipeline.encoder.unseen[column.name]),
                      file=sys.stderr)
    if args.output:
        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
