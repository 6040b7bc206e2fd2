"""Whether a model's numbers survive as 32-bit floats: what a float export checks first.

The C header (--c-type float) and the ONNX model (--onnx-type float) hold every
number of the model as a float32, whose finite values run from about 1.4e-45
to about 3.4e38.  A model file holds float64s, which reach 1.8e308 and down to
4.9e-324, so two kinds of number have no float32 counterpart:

- beyond the largest float32, a number rounds to infinity (a weight near 1e301
  after a run with an enormous learn rate): gcc warns "floating constant
  exceeds range", and Python's struct refuses to pack it;
- nonzero but below half the smallest float32, a number rounds to zero.  For
  a standardization std of 1e-50 that matters: the preprocessing divides by
  it, and would divide by zero.  A weight, a bias or a mean of 1e-50 (weight
  decay shrinks unused weights that far) adds or multiplies nothing that 0
  does not, so for them 0 is the nearest float32, as for any other number.

Any other number rounds to its nearest float32, as every weight does.
check_float32() refuses a model holding a number of the first kind, or a std
of the second, before anything is written, and names the file and the key of
the number, so that the user can choose the double type instead.

Glossary: key a number's path in the model file, such as layers[0].W[3][1].
"""
import struct

from nn_pure.checks import NNPureError


def float32_problem(x, divisor=False):
    """Why the float x has no float32 counterpart, or None when it has one.  Rounding
    to 0 is a problem only for a divisor.

    >>> [float32_problem(x) for x in (0.1, 0.0, 1e-40, 3.4e38, -1e-50)]
    [None, None, None, None, None]
    >>> float32_problem(1e39)
    'beyond the largest float (about 3.4e38)'
    >>> float32_problem(-1e-50, divisor=True)
    'so close to zero that a float holds it as 0 (the smallest is about 1.4e-45)'
    """
    try:
        # struct rounds to the nearest float32 as a C compiler does, and raises
        # when that is infinity.
        rounded = struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return "beyond the largest float (about 3.4e38)"
    if divisor and rounded == 0.0 and x != 0.0:
        return "so close to zero that a float holds it as 0 (the smallest is about 1.4e-45)"
    return None


def model_numbers(pipeline):
    """Yield (key, what, x, divisor) for every number a model file holds: its key in the
    file, what the number is in words, the number, and whether something is divided by it."""
    for name, scaler in (("standardization", pipeline.standardizer),
                         ("target_standardization", pipeline.target_standardizer)):
        if scaler is not None:
            for field, values in (("mean", scaler.mean), ("std", scaler.std)):
                for j, x in enumerate(values):
                    # Inputs are divided by their std; a target's std multiplies.
                    yield ("%s.%s[%d]" % (name, field, j), "a %s %s" % (name, field), x,
                           name == "standardization" and field == "std")
    if pipeline.encoder is not None:
        for j, column in enumerate(pipeline.encoder.columns):
            if column.categories is None:           # a category's fill is its name
                yield ("encoding[%d].fill" % j, "a missing value's fill", column.fill, False)
    parameters = pipeline.network.parameters()
    for n in range(len(parameters) // 2):
        W, b = parameters[2 * n], parameters[2 * n + 1]
        for i, W_row in enumerate(W):
            for j, x in enumerate(W_row):
                yield ("layers[%d].W[%d][%d]" % (n, i, j), "a layer %d weight" % (n + 1), x,
                       False)
        for j, x in enumerate(b):
            yield ("layers[%d].b[%d]" % (n, j), "a layer %d bias" % (n + 1), x, False)


def check_float32(pipeline, source, double_flag):
    """Raise unless every number of pipeline has a float32 counterpart.

    source is the model file's name (None: "the model"); double_flag is the
    flag that exports in double instead, such as "--c-type double".
    """
    for key, what, x, divisor in model_numbers(pipeline):
        problem = float32_problem(x, divisor)
        if problem is not None:
            raise NNPureError("%s: %s is %r (%s), %s; export it with %s"
                              % (source or "the model", key, x, what, problem, double_flag))
