"""Training progress for the command line: one live line on a terminal, plain lines in a pipe.

On a terminal the line is redrawn in place (a carriage return, then the new
text), a few times a second at most, with elapsed and estimated remaining time.
When the output goes to a file or a pipe, there are no control characters at
all: a complete line every `every` epochs, and one for the last.

Command-line side: it measures time with time.monotonic.
"""
import sys
import time


class Progress:
    """Report epoch k of total: update(k, text) after each epoch, finish() at the end."""

    def __init__(self, total, stream=None, interactive=None, every=None, clock=time.monotonic):
        self.total = total
        self.stream = stream or sys.stdout
        if interactive is None:
            isatty = getattr(self.stream, "isatty", None)
            interactive = bool(isatty and isatty())
        self.interactive = interactive
        self.every = every or max(1, total // 10)
        self.clock = clock
        self.start = clock()
        self.last_draw = None
        self.width = 0          # of the line on screen, so a shorter one can cover it

    def update(self, epoch, text):
        now = self.clock()
        elapsed = now - self.start
        remaining = elapsed / epoch * (self.total - epoch) if epoch else 0.0
        line = "epoch %*d/%d  %s  elapsed %s  remaining %s" % (
            len(str(self.total)), epoch, self.total, text, _seconds(elapsed), _seconds(remaining))
        last = epoch == self.total
        if self.interactive:
            if last or self.last_draw is None or now - self.last_draw >= 0.1:
                self.stream.write("\r" + line + " " * max(0, self.width - len(line)))
                self.stream.flush()
                self.width, self.last_draw = len(line), now
        elif last or epoch % self.every == 0:
            self.stream.write(line + "\n")

    def finish(self):
        if self.interactive and self.width:
            self.stream.write("\n")
        self.stream.flush()


def _seconds(s):
    return "%.1fs" % s if s < 60 else "%dm%02ds" % (s // 60, s % 60)
