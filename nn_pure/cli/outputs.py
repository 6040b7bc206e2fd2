"""The files a program reads and writes, guarded so that no mistyped path loses data.

Reading: read_text() (the whole text) and open_text() (line by line) take
an input only from a regular file (not a folder, a FIFO that would block, or
a device) holding UTF-8 text; a UTF-8 byte-order
mark is dropped, a UTF-16 or UTF-32 file is refused with its encoding named,
and a byte that is not UTF-8 or a NUL byte with its line and column.

Writing happens in two steps, so that a run either writes all of its outputs
or none, and never loses a file:
1. check_outputs(), before any work starts: every output path is non-empty,
   is not an input or another output of the same run (compared by real path),
   lies in a folder that exists and can be written, and is a regular file if
   it exists (check_output() checks one path, and write_all() checks again).
   A symbolic link to a regular file is written through, as the
   shell's `>` does: the file it points to is replaced, and the link stays.
2. write_all(), after all the work has succeeded: each text goes to a
   temporary file beside its destination, flushed to disk; only when every one
   is written are they renamed into place.  A rename within one folder is
   atomic, so a reader sees the old file or the new one, never a mixture.  Any
   failure, Ctrl-C or SIGTERM before that removes the temporary files and
   leaves every old file as it was.

Command-line side: it uses os, stat and errno.
"""
import os
import stat

from nn_pure.checks import NNPureError

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_32_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                 (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def read_text(path, what):
    """Return the whole text of the input file at path; what says what it should be ("a CSV file").

    The file must be a regular file of UTF-8 text: a byte that is not UTF-8,
    a NUL byte (a binary file) or a UTF-16/32 byte-order mark is refused with
    the line and column where it sits.  A UTF-8 byte-order mark is dropped.
    """
    check_input(path, what)
    with open(path, "rb") as f:
        data = f.read()
    for bom, encoding in UTF16_32_BOMS:
        if data.startswith(bom):
            raise NNPureError("%s is %s text, but nn_pure reads %s only as UTF-8; save it as "
                              "UTF-8 (in a spreadsheet: CSV UTF-8)" % (path, encoding, what))
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    if b"\0" in data:
        raise NNPureError("%s, %s: a NUL byte, so this is a binary file (or UTF-16 text), "
                          "not %s; save it as UTF-8 text"
                          % (path, _line_and_column(data, data.index(b"\0")), what))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NNPureError("%s, %s: byte 0x%02x is not UTF-8; is it %s? Save it as UTF-8"
                          % (path, _line_and_column(data, error.start), data[error.start], what))


def open_text(path, what):
    """Yield the input file's text line by line, checked as read_text() checks it whole.

    For files too large to hold twice (a CSV table is parsed row by row): only
    one line is in memory at a time.  A line ends after "\n", "\r\n" or a lone
    "\r" (old Mac files), and keeps its ending, as io.StringIO(newline="")
    gives it to the csv module.  Errors name the line and column.
    """
    check_input(path, what)
    with open(path, "rb") as f:
        number = 0
        for data in f:
            number += 1
            if number == 1:
                for bom, encoding in UTF16_32_BOMS:
                    if data.startswith(bom):
                        raise NNPureError("%s is %s text, but nn_pure reads %s only as UTF-8; "
                                          "save it as UTF-8 (in a spreadsheet: CSV UTF-8)"
                                          % (path, encoding, what))
                if data.startswith(UTF8_BOM):
                    data = data[len(UTF8_BOM):]
            if b"\0" in data:
                raise NNPureError("%s, line %d, column %d: a NUL byte, so this is a binary file "
                                  "(or UTF-16 text), not %s; save it as UTF-8 text"
                                  % (path, number, data.index(b"\0") + 1, what))
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise NNPureError("%s, line %d, column %d: byte 0x%02x is not UTF-8; is it %s? "
                                  "Save it as UTF-8" % (path, number, error.start + 1,
                                                        data[error.start], what))
            if "\r" in text[:-2]:
                # Lone carriage returns end lines too; split there, keeping each ending.
                start = 0
                for i, c in enumerate(text):
                    if c == "\r" and text[i + 1:i + 2] != "\n":
                        yield text[start:i + 1]
                        start = i + 1
                if start < len(text):
                    yield text[start:]
            else:
                yield text


def _line_and_column(data, offset):
    """'line L, column C' (both from 1) of the byte at offset in data."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return "line %d, column %d" % (data.count(b"\n", 0, offset) + 1, offset - line_start + 1)


def check_input(path, what):
    """Raise unless path names an existing regular file (or a link to one)."""
    if not path:
        raise NNPureError("the path of %s is empty; name a file" % what)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise NNPureError("%s does not exist; check the path of %s" % (path, what))
    except OSError as error:
        raise NNPureError("%s cannot be read: %s" % (path, error.strerror))
    if stat.S_ISDIR(mode):
        raise NNPureError("%s is a folder, not %s; name a file inside it" % (path, what))
    if not stat.S_ISREG(mode):
        raise NNPureError("%s is not a regular file (a device, FIFO or socket); nn_pure "
                          "reads %s only from a regular file" % (path, what))


def check_outputs(outputs, inputs):
    """Refuse, before any work, every output path that could lose data or fail to be written.

    outputs: (flag, path) pairs, such as ("--save", "m.json"); None paths are
    skipped; a third element, such as ".py", is the suffix of the file name
    suggested when the path is a folder (several programs share --output).
    inputs: (name, path) pairs of the files the run reads.
    """
    seen = [(name, real(path)) for name, path in inputs if path]
    for output in outputs:
        flag, path = output[0], output[1]
        if path is None:
            continue
        target = check_output(flag, path, output[2] if len(output) > 2 else None)
        for name, other in seen:
            if target == other:
                raise NNPureError("%s %s is also %s; writing it would replace that file, so "
                                  "choose another name" % (flag, path, name))
        seen.append((flag, target))


def check_output(flag, path, suffix=None):
    """Return the real path of one output, or raise if writing there could lose data or fail.

    write_all() calls this again just before writing, so a program that forgot
    check_outputs() still never replaces a folder, a FIFO or a device.
    """
    if path == "" or path.endswith(os.sep) or path.endswith("/"):
        raise NNPureError("%s %r: give the name of a file to write" % (flag, path))
    target = real(path)
    if os.path.lexists(path):
        try:
            mode = os.stat(path).st_mode
        except OSError:
            raise NNPureError("%s %s is a broken link; remove it or choose another name"
                              % (flag, path))
        if stat.S_ISDIR(mode):
            raise NNPureError("%s %s is a folder; name a file inside it, such as %s"
                              % (flag, path, os.path.join(path, "out" + (suffix or _suffix(flag)))))
        if not stat.S_ISREG(mode):
            raise NNPureError("%s %s is not a regular file (a device, FIFO or socket); "
                              "nn_pure writes only regular files" % (flag, path))
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise NNPureError("%s %s: the folder %s does not exist; create it first"
                          % (flag, path, folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise NNPureError("%s %s: the folder %s cannot be written to" % (flag, path, folder))
    return target


def write_all(outputs):
    """Write every (path, text) pair, all or none: temporary files first, then renames.

    text is a str (written as UTF-8) or bytes (written as they are)."""
    written = []            # (temporary, destination)
    for path, _ in outputs:
        check_output("the output", path)
    try:
        for path, text in outputs:
            destination = real(path)        # through a symbolic link, to the file it names
            temporary = os.path.join(os.path.dirname(destination), ".%s.%d.%s.tmp"
                                     % (os.path.basename(destination)[:100], os.getpid(),
                                        os.urandom(4).hex()))
            try:
                # Created new (O_EXCL): a symbolic link planted under this name would
                # otherwise send the write to the file it points at.
                handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                written.append((temporary, destination))
                # bytes (an ONNX file) are written as they are, text as UTF-8
                binary = isinstance(text, bytes)
                with os.fdopen(handle, "wb" if binary else "w", encoding=None if binary
                               else "utf-8", newline=None if binary else "\n") as f:
                    f.write(text)
                    f.flush()
                    os.fsync(f.fileno())    # on disk before the rename makes it visible
            except OSError as error:        # name the user's file, not the temporary one
                raise NNPureError("cannot write %s: %s" % (path, error.strerror))
        for (path, _), (temporary, destination) in zip(outputs, written):
            try:
                os.replace(temporary, destination)
            except OSError as error:
                raise NNPureError("cannot write %s: %s" % (path, error.strerror))
    except BaseException:
        for temporary, _ in written:
            if os.path.exists(temporary):
                os.remove(temporary)
        raise


def write_atomically(path, text):
    """Replace the file at path with text (UTF-8), all at once or not at all."""
    write_all([(path, text)])


def real(path):
    """The absolute path with every symbolic link resolved: the file that would change."""
    return os.path.realpath(os.path.abspath(path))


def _suffix(flag):
    return {"--plot": ".svg", "--output": ".csv"}.get(flag, ".json")
