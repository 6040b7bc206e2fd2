"""How the C header spells what it takes from the model: names, its prefix, and numbers.

Nothing from the model file becomes code.  Every name it holds (features,
classes, the target, the data file, the model file's own name) reaches the
header only as a C string literal written by c_string(): printable ASCII as
itself, \\" \\\\ and \\? (so no trigraph such as ??/ can form), everything else
(control characters, NUL, every byte of non-ASCII UTF-8) as a three-digit
octal escape.  No name appears in a comment or becomes an identifier.  A name
longer than MAX_NAME_BYTES bytes of UTF-8 (C99 promises literals of 4095
characters, no more) is cut at a character boundary, and the header's top
comment says which names were cut, by position.

The one identifier the user chooses, the prefix (--name), must be a C
identifier in both C and C++, and make no reserved name when the header adds
_ and a word to it (no leading _, no trailing _, no __): problem_with_prefix()
says why one cannot be a prefix, and suggest_prefix() offers one that can.
c_number() writes a weight as a literal that reads back as the same float or
double.

Glossary: prefix the C identifier every global name of the header starts
with; c_type the scalar type ("float" or "double"); a literal the C text of
one value.
"""
import struct
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


def problem_with_prefix(name):
    """Why name cannot be a header's prefix, or None if it can: it must be an ASCII C
    identifier, no keyword, and make no reserved name (see below).

    >>> [problem_with_prefix(n) is None for n in ("iris", "p2_x", "_p2", "p2_", "1x", "class")]
    [True, True, False, False, False, False]
    """
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
    # The header's names are the prefix, _ and a word: iris_predict, IRIS_N_FEATURES.
    # C reserves to the compiler every name that starts with _ and a capital, and
    # at file scope (where the header's names are) every name that starts with _;
    # C++ reserves every name holding a double underscore.
    if name[0] == "_":
        return ("%r starts with _, and such names are reserved to the compiler (%s_predict, "
                "%s_N_FEATURES)" % (name, name, name.upper()))
    if "__" in name + "_":
        return ("%r is reserved to the compiler: the header's names, such as %s_predict, "
                "would hold a double underscore" % (name, name))
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
    A weight too small for a float is written as the 0 it becomes, not as 1e-50f,
    which gcc rejects ("floating constant truncated to zero").
    >>> c_number(0.1, "float"), c_number(-2.5e-07, "double"), c_number(3.0, "float")
    ('0.1f', '-2.5e-07', '3.0f')
    >>> c_number(0.8594866397743581, "float"), c_number(1e20, "float"), c_number(1e-50, "float")
    ('0.85948664f', '1e+20f', '0.0f')
    """
    if c_type == "double":
        return repr(float(x))
    if x != 0.0 and struct.unpack("<f", struct.pack("<f", x))[0] == 0.0:
        x = 0.0
    text = "%.9g" % x
    if "." not in text and "e" not in text:
        text += ".0"
    return text + "f"
