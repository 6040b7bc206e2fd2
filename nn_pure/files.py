"""Writing a file so that a crash never leaves half of it behind.

The text goes to a temporary file in the same folder, is flushed to disk, and
only then renamed over the destination.  A rename within one file system is
atomic: anyone reading the path sees the old file or the new one, never a
mixture, and a run killed midway leaves the old file untouched (and at worst
a stray temporary file, which a failed write also removes when it can).

Command-line side: used by the model files, plots and predictions it writes.
"""
import os


def write_atomically(path, text):
    """Replace the file at path with text (UTF-8), all at once or not at all."""
    folder = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(folder, ".%s.%d.tmp" % (os.path.basename(path), os.getpid()))
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())        # on disk before the rename makes it visible
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
