"""python -m nn_pure.export: write a trained model as a standalone Python module, or C header.

The module's text comes from nn_pure.export.export_source, in the core, and
the header's (--format c) from nn_pure.cli.export_c.c_header; this program
reads the model file, checks the output path, and writes the file.

--output must not end in the extension of another kind of file that nn_pure
writes (a model file's .json, or another format's): `--format onnx --output
iris.json` is a slip that would leave an ONNX file where a model file is
expected.  A module (python, torch) must moreover be one that `import` can
load: its name (before .py) is an ASCII identifier, not a keyword (class.py),
and not a module that import finds before any file, which is math (the
module's own import) and the modules built into this Python (sys.py).  A
refusal suggests a name that works.
"""
import os
import sys

from nn_pure import cli
from nn_pure.cli.modelfile import load_model
from nn_pure.cli.export_c import c_header
from nn_pure.cli.export_c_names import problem_with_prefix, suggest_prefix
from nn_pure.cli.outputs import check_outputs, write_all
from nn_pure.export import export_source, is_module_name

PROG = "nn_pure.export"

# The file each --format writes, and its extension; and what each extension of a
# file that nn_pure writes names (a model file is a .json), for check_extension().
WRITES = {"python": ("a Python module", ".py"), "torch": ("a PyTorch module", ".py"),
          "c": ("a C header", ".h"), "onnx": ("an ONNX model", ".onnx")}
NAMED_BY = {".py": "a Python module", ".h": "a C header", ".onnx": "an ONNX model",
            ".json": "a model file"}

IMPORTED = ("math",)        # what an exported module imports; its own name must differ

# Python 3's keywords (keyword.kwlist since 3.7), written out: the exported module
# must import on every Python, not only on the one that exports it.
KEYWORDS = ("False None True and as assert async await break class continue def del elif "
            "else except finally for from global if import in is lambda nonlocal not or "
            "pass raise return try while with yield").split()


def main(argv=None):
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    return cli.run(PROG, _main, argv)


def _main(argv):
    parser = cli.parser(
        "python -m nn_pure.export",
        "Write a trained model as a standalone Python module that needs only math.",
        "examples:\n  python -m nn_pure.export iris.json --output predict_iris.py\n"
        "  python -c 'import predict_iris; print(predict_iris.predict([5.1, 3.5, 1.4, 0.2]))'\n"
        "  python -m nn_pure.export iris.json --format c --output iris.h\n"
        "  gcc -std=c99 -O2 examples/c/main.c -I. -lm -o iris  (see docs/c-export.md)\n")
    parser.add_argument("model", metavar="MODEL.json", help="a model saved by nn_pure.train")
    parser.add_argument("--output", metavar="MODULE.py",
                        help="where to write the module, header or model (default: print "
                             "it)")
    parser.add_argument("--format", choices=("python", "c", "onnx", "torch"), default="python",
                        help="python: a module needing only math (the default); c: one C99 / "
                             "C++ header; onnx: an ONNX model (--output M.onnx); torch: a "
                             "PyTorch module")
    parser.add_argument("--name", metavar="PREFIX",
                        help="--format c: the prefix of the header's names (default: the "
                             "output file's name, made into a C identifier)")
    parser.add_argument("--c-type", choices=("float", "double"), default="float",
                        help="--format c: the scalar type (default float)")
    parser.add_argument("--onnx-type", choices=("float", "double"), default="float",
                        help="--format onnx: float (the default, what most ONNX runtimes "
                             "run) or double (every bit of every weight)")
    args = parser.parse_args(argv)
    if args.format != "c" and (args.name is not None or args.c_type != "float"):
        raise cli.UsageError("--name and --c-type are for --format c")
    if args.format != "onnx" and args.onnx_type != "float":
        raise cli.UsageError("--onnx-type is for --format onnx")
    if args.output is not None:
        check_extension(args.output, args.format)
    if args.format == "c":
        return _main_c(args)
    if args.format == "onnx":
        from nn_pure.cli.onnx_export import export_onnx_command
        return export_onnx_command(args)
    if args.format == "torch":
        from nn_pure.cli.torch_export import export_torch_command
        return export_torch_command(args, module_name)
    module = "model"
    if args.output is not None:
        module = module_name(args.output)
        check_outputs([("--output", args.output, ".py")], [("the model file", args.model)])
    text = export_source(load_model(args.model), module, os.path.basename(args.model))
    if args.output is not None:
        write_all([(args.output, text)])
    else:
        _print(text)
    return 0


def _main_c(args):
    """--format c: write (or print) the header."""
    prefix = header_prefix(args.output, args.name)
    if args.output is not None:
        check_outputs([("--output", args.output, ".h")], [("the model file", args.model)])
    text = c_header(load_model(args.model), prefix, args.c_type, os.path.basename(args.model))
    if args.output is not None:
        write_all([(args.output, text)])
    else:
        _print(text)
    return 0


def check_extension(path, file_format):
    """Refuse an output path whose extension is that of another kind of file nn_pure writes."""
    what, extension = WRITES[file_format]
    folder, file_name = os.path.split(path)
    stem, found = os.path.splitext(file_name)
    if found.lower() in NAMED_BY and found.lower() != extension:
        stem = _suggest(stem) if extension == ".py" else stem
        raise cli.UsageError("--output %s: --format %s writes %s, but %s names %s; choose a "
                             "name such as %s" % (path, file_format, what, found,
                                                  NAMED_BY[found.lower()],
                                                  os.path.join(folder, stem + extension)))


def header_prefix(path, name):
    """The header's prefix: --name if given (refused unless a C identifier), else the
    output file's stem made into one."""
    if name is not None:
        problem = problem_with_prefix(name)
        if problem is not None:
            raise cli.UsageError("--name %s: %s; choose a name such as %s"
                                 % (name or "''", problem, suggest_prefix(name)))
        return name
    if path is None:
        return "model"
    file_name = os.path.basename(path)
    if not file_name:
        raise cli.UsageError("--output %s: name the file to write; choose a name such as %s"
                             % (path, os.path.join(path, "model.h")))
    return suggest_prefix(os.path.splitext(file_name)[0])


def module_name(path):
    """Return the module name `import` will use for the file at path, or refuse the path."""
    folder, file_name = os.path.split(path)
    stem = os.path.splitext(file_name)[0]
    problem = _problem(stem)
    if not file_name:
        problem = "name the file to write"
    elif not file_name.endswith(".py"):
        problem = "a module's file name ends in .py"
    elif problem is None:
        return stem
    raise cli.UsageError("--output %s: %s; choose a name such as %s"
                         % (path or "''", problem, os.path.join(folder, _suggest(stem) + ".py")))


def _problem(stem):
    """Why `import stem` would not load stem.py, or None if it would."""
    if not is_module_name(stem):
        return ("%r is not a module name: use ASCII letters, digits and _, not starting "
                "with a digit" % stem)
    if stem in KEYWORDS:
        return "%s is a Python keyword, so `import %s` is a syntax error" % (stem, stem)
    if stem in IMPORTED or stem in sys.builtin_module_names:
        return "%s is a module Python already has, so `import %s` would not load this file" \
               % (stem, stem)
    return None


def _suggest(stem):
    """A module name close to stem: other characters become _, and predict_ goes in front."""
    cleaned = "".join(c if is_module_name("_" + c) else "_" for c in stem).strip("_")
    if cleaned and _problem(cleaned) is None:
        return cleaned
    return "predict_" + (cleaned or "model")


def _print(text):
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:      # a name the terminal's encoding cannot show
        raise cli.UsageError("the module holds characters that standard output (%s) cannot "
                             "show; write it to a file with --output MODULE.py"
                             % sys.stdout.encoding)
