"""ONNX's file format from the standard library: protobuf's wire format, both ways.

An .onnx file is one protobuf message, a ModelProto.  Protobuf writes a
message as a list of fields, each a key and a value:

    key   = field_number * 8 + wire_type                      (a varint)
    value = varint            (wire type 0: int64, int32, enum, bool)
          | 8 bytes           (wire type 1: double, fixed64)
          | varint n, n bytes (wire type 2: string, bytes, a message, a packed list)
          | 4 bytes           (wire type 5: float, fixed32)

A varint holds 7 bits per byte, lowest first, the top bit set on every byte
but the last: 300 = 0b10_0101100 is the two bytes 0xac 0x02.  A negative
int64 is written as its 64-bit two's complement, ten bytes.

The field numbers below are onnx.proto's (ONNX 1.x; they never change, only
grow), written out so that nothing here needs the onnx package.  Only the
fields nn_pure writes or reads are listed; the decoder skips any other field,
as protobuf requires, after checking that its bytes are there.

The decoder reads untrusted bytes.  Every length is checked against the bytes
actually left before anything is sliced or allocated, a repeated field can
hold no more elements than it has bytes, messages nest only as deep as the
schema below says (no recursion that a file can drive), and every failure is
one NNPureError naming the file and the field path, such as
graph.node[2].attribute[0].t.dims.

Glossary: data the file's bytes; pos an offset into them; end where the
current message's bytes end; path the field path for messages.
"""
import struct

from nn_pure.checks import NNPureError

# ---- onnx.proto, the parts nn_pure uses --------------------------------------------
# Each message: field number -> (name, kind, repeated).  kind is a wire-level type
# ('int', 'string', 'bytes', 'float', 'ints' for packed int64) or another message.
SCHEMA = {
    "ModelProto": {
        1: ("ir_version", "int", False),
        8: ("opset_import", "OperatorSetIdProto", True),
        2: ("producer_name", "string", False),
        3: ("producer_version", "string", False),
        4: ("domain", "string", False),
        5: ("model_version", "int", False),
        6: ("doc_string", "string", False),
        7: ("graph", "GraphProto", False),
        14: ("metadata_props", "StringStringEntryProto", True),
    },
    "OperatorSetIdProto": {1: ("domain", "string", False), 2: ("version", "int", False)},
    "StringStringEntryProto": {1: ("key", "string", False), 2: ("value", "string", False)},
    "GraphProto": {
        1: ("node", "NodeProto", True),
        2: ("name", "string", False),
        5: ("initializer", "TensorProto", True),
        15: ("sparse_initializer", "bytes", True),      # refused if present
        10: ("doc_string", "string", False),
        11: ("input", "ValueInfoProto", True),
        12: ("output", "ValueInfoProto", True),
        13: ("value_info", "ValueInfoProto", True),
    },
    "NodeProto": {
        1: ("input", "string", True),
        2: ("output", "string", True),
        3: ("name", "string", False),
        4: ("op_type", "string", False),
        7: ("domain", "string", False),
        5: ("attribute", "AttributeProto", True),
        6: ("doc_string", "string", False),
    },
    "AttributeProto": {
        1: ("name", "string", False),
        20: ("type", "int", False),     # AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4,
        2: ("f", "float", False),       # FLOATS 6, INTS 7, STRINGS 8
        3: ("i", "int", False),
        4: ("s", "bytes", False),
        5: ("t", "TensorProto", False),
        7: ("floats", "floats", True),
        8: ("ints", "ints", True),
        9: ("strings", "bytes", True),
        13: ("doc_string", "string", False),
    },
    "ValueInfoProto": {1: ("name", "string", False), 2: ("type", "TypeProto", False),
                       3: ("doc_string", "string", False)},
    "TypeProto": {1: ("tensor_type", "TypeProto.Tensor", False)},
    "TypeProto.Tensor": {1: ("elem_type", "int", False),
                         2: ("shape", "TensorShapeProto", False)},
    "TensorShapeProto": {1: ("dim", "TensorShapeProto.Dimension", True)},
    "TensorShapeProto.Dimension": {1: ("dim_value", "int", False),
                                   2: ("dim_param", "string", False)},
    "TensorProto": {
        1: ("dims", "ints", True),
        2: ("data_type", "int", False),
        4: ("float_data", "floats", True),
        5: ("int32_data", "ints", True),
        6: ("string_data", "bytes", True),
        7: ("int64_data", "ints", True),
        8: ("name", "string", False),
        12: ("doc_string", "string", False),
        9: ("raw_data", "bytes", False),
        13: ("external_data", "StringStringEntryProto", True),
        14: ("data_location", "int", False),
        10: ("double_data", "doubles", True),
    },
}

# TensorProto.DataType and AttributeProto.AttributeType values nn_pure uses.
FLOAT, INT64, STRING, DOUBLE = 1, 7, 8, 11
DATA_TYPE_NAMES = {1: "float", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32",
                   7: "int64", 8: "string", 9: "bool", 10: "float16", 11: "double",
                   12: "uint32", 13: "uint64", 16: "bfloat16"}
ATTR_FLOAT, ATTR_INT, ATTR_STRING, ATTR_TENSOR, ATTR_INTS = 1, 2, 3, 4, 7

MAX_DEPTH = 8           # ModelProto > graph > node > attribute > t > external_data is 5 deep

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5
WIRE_NAMES = {0: "varint", 1: "64-bit", 2: "length-delimited", 3: "group start",
              4: "group end", 5: "32-bit", 6: "wire type 6", 7: "wire type 7"}
WIRE_OF_KIND = {"int": (VARINT,), "float": (FIXED32,), "string": (LENGTH,),
                "bytes": (LENGTH,), "ints": (VARINT, LENGTH), "floats": (FIXED32, LENGTH),
                "doubles": (FIXED64, LENGTH)}


# ---- writing -----------------------------------------------------------------------

def varint(n):
    """Return the bytes of n as a protobuf varint (a negative n as 64-bit two's complement).

    >>> varint(300).hex(), varint(1).hex(), len(varint(-1))
    ('ac02', '01', 10)
    """
    if n < 0:
        n += 1 << 64
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7f) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def key(field, wire_type):
    return varint(field << 3 | wire_type)


def int_field(field, n):
    """A varint field: int64, int32 or an enum."""
    return key(field, VARINT) + varint(n)


def bytes_field(field, data):
    """A length-delimited field: bytes, or an encoded message."""
    return key(field, LENGTH) + varint(len(data)) + data


def string_field(field, text):
    return bytes_field(field, text.encode("utf-8"))


def float_field(field, x):
    """A 32-bit float field (AttributeProto.f)."""
    return key(field, FIXED32) + struct.pack("<f", x)


def packed_ints_field(field, values):
    """A packed repeated int64 field (TensorProto.dims, AttributeProto.ints)."""
    return bytes_field(field, b"".join(varint(n) for n in values))


# ---- reading -----------------------------------------------------------------------

class Decoder:
    """Decode one file's ModelProto into dicts, refusing anything malformed.

    A message becomes a dict of the fields present, by their onnx.proto name;
    a repeated field is a list; a packed list of numbers a list of numbers;
    bytes fields stay bytes.
    >>> Decoder("m.onnx").message(bytes_field(2, b"nn_pure"), "ModelProto")
    {'producer_name': 'nn_pure'}
    >>> Decoder("m.onnx").message(b"\\x12\\x09nn", "ModelProto")
    Traceback (most recent call last):
    ...
    nn_pure.checks.NNPureError: m.onnx is not a valid ONNX file: producer_name declares 9 bytes but only 2 are left (is the file cut short?)
    """

    def __init__(self, path):
        self.path = path

    def fail(self, path, message):
        raise NNPureError("%s is not a valid ONNX file: %s %s"
                          % (self.path, path or "the model", message))

    def message(self, data, name, path="", depth=0):
        """Return the message `name` encoded in data (bytes), as a dict."""
        if depth > MAX_DEPTH:
            self.fail(path, "nests more than %d messages deep" % MAX_DEPTH)
        schema = SCHEMA[name]
        fields = {}
        pos, end = 0, len(data)
        while pos < end:
            start = pos
            tag, pos = self.varint(data, pos, end, path or "a field key")
            number, wire_type = tag >> 3, tag & 7
            if number == 0:
                self.fail(path, "has a field numbered 0 at byte %d, which protobuf never writes "
                                "(is the file damaged?)" % start)
            entry = schema.get(number)
            field_path = (path + "." if path else "") + (entry[0] if entry else
                                                         "field %d" % number)
            value, pos = self.value(data, pos, end, wire_type, field_path)
            if entry is None:
                continue                    # a field nn_pure does not use: skipped
            field_name, kind, repeated = entry
            if wire_type not in WIRE_OF_KIND.get(kind, (LENGTH,)):
                self.fail(field_path, "has wire type %d (%s), but onnx.proto's %s needs %s"
                          % (wire_type, WIRE_NAMES[wire_type], kind,
                             " or ".join(WIRE_NAMES[w] for w in WIRE_OF_KIND.get(kind, (2,)))))
            if repeated:
                items = fields.setdefault(field_name, [])
                item_path = "%s[%d]" % (field_path, len(items))
            else:
                item_path = field_path
            decoded = self.decode(value, wire_type, kind, item_path, depth)
            if kind in ("ints", "floats", "doubles"):
                items.extend(decoded)
            elif repeated:
                items.append(decoded)
            else:
                fields[field_name] = decoded        # protobuf: the last one wins
        return fields

    def decode(self, value, wire_type, kind, path, depth):
        """Turn one field's raw value into what its kind says."""
        if kind == "int":
            return value - (1 << 64) if value >= 1 << 63 else value
        if kind == "float":
            return struct.unpack("<f", value)[0]
        if kind == "bytes":
            return value
        if kind == "string":
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                self.fail(path, "is not UTF-8 text")
        if kind == "ints":
            if wire_type == VARINT:
                return [value - (1 << 64) if value >= 1 << 63 else value]
            numbers, pos = [], 0
            while pos < len(value):
                n, pos = self.varint(value, pos, len(value), path)
                numbers.append(n - (1 << 64) if n >= 1 << 63 else n)
            return numbers
        if kind in ("floats", "doubles"):
            size, code = (4, "f") if kind == "floats" else (8, "d")
            if wire_type != LENGTH:
                return list(struct.unpack("<" + code, value))
            if len(value) % size:
                self.fail(path, "holds %d bytes, not a whole number of %d-byte values"
                          % (len(value), size))
            return list(struct.unpack("<%d%s" % (len(value) // size, code), value))
        return self.message(value, kind, path, depth + 1)

    def value(self, data, pos, end, wire_type, path):
        """Read one field's value after its key; return (value, position after it)."""
        if wire_type == VARINT:
            return self.varint(data, pos, end, path)
        if wire_type in (FIXED64, FIXED32):
            size = 8 if wire_type == FIXED64 else 4
            if end - pos < size:
                self.fail(path, "needs %d bytes but only %d are left (is the file cut short?)"
                          % (size, end - pos))
            return data[pos:pos + size], pos + size
        if wire_type == LENGTH:
            length, pos = self.varint(data, pos, end, path)
            if length > end - pos:          # checked before slicing: nothing is allocated
                self.fail(path, "declares %d bytes but only %d are left (is the file cut "
                                "short?)" % (length, end - pos))
            return data[pos:pos + length], pos + length
        self.fail(path, "has wire type %d (%s), which ONNX files do not use (is the file "
                        "damaged?)" % (wire_type, WIRE_NAMES[wire_type]))

    def varint(self, data, pos, end, path):
        """Read a varint at pos; return (value, position after it)."""
        result, shift = 0, 0
        while True:
            if pos >= end:
                self.fail(path, "ends in the middle of a number (is the file cut short?)")
            byte = data[pos]
            pos += 1
            result |= (byte & 0x7f) << shift
            if byte < 0x80:
                break
            shift += 7
            if shift >= 70:
                self.fail(path, "holds a number longer than protobuf's 10 bytes")
        if result >= 1 << 64:
            self.fail(path, "holds a number past 64 bits")
        return result, pos
