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
    """Report epoch k of a run of `total` epochs: update(k, text) after each epoch,
    finish() at the end.

    A resumed run (train --init) numbers its epochs on from the saved run's, from
    `first`: its 3 epochs after 5 saved ones show as 6/8, 7/8 and 8/8, and the time
    left is estimated from the epochs this run has done.
    """

    def __init__(self, total, stream=None, interactive=None, every=None, clock=time.monotonic,
                 first=1):
        self.total = total
        self.first = first
        self.last = first + total - 1       # the number of the run's last epoch
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
        done = epoch - self.first + 1       # epochs of this run so far
        remaining = elapsed / done * (self.last - epoch) if done > 0 else 0.0
        line = "epoch %*d/%d  %s  elapsed %s  remaining %s" % (
            len(str(self.last)), epoch, self.last, text, _seconds(elapsed), _seconds(remaining))
        last = epoch == self.last
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
