"""Progress of long phases (reading a large file, formatting references), for a progress bar.

Library code marks a phase with :func:`phase` (its label and its size: lines of a file,
references to format) and reports how far it got with :func:`at` or :func:`advance`; that
costs a global lookup when nothing is shown.  Something is shown only inside
:func:`showing`, which the command line enters when stderr is a terminal, or with
``--progress``.  Forked worker processes never draw (only the process that started the
phase does), so a phase whose work is shared with workers moves as its own share does.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from typing import TextIO


class Display:
    """Draws one phase at a time on ``stream``.

    On a terminal: a bar redrawn in place at most ten times a second, shown only when the
    phase runs longer than ``delay`` seconds, erased when the phase ends.  Elsewhere (a log,
    with ``--progress``): a line each time the phase passes a tenth of its size.
    """

    WIDTH = 30

    def __init__(self, stream: TextIO, terminal: bool, delay: float = 0.5) -> None:
        self.stream = stream
        self.terminal = terminal
        self.delay = delay
        self.pid = os.getpid()
        self.label = ""
        self.total = 0
        self.done = 0
        self.started = 0.0
        self.drawn = 0.0  # when the bar was last drawn; 0: not yet
        self.tenth = 0  # lines mode: the last tenth printed
        self.first: tuple[float, int] | None = None  # (when, done) at the first step: the rate's start

    def start(self, label: str, total: int, *, now: bool = False) -> None:
        """A new phase; ``now``: a step known to be long (a large file) is drawn at once, at 0 %."""
        self.label, self.total, self.done = label, max(total, 1), 0
        self.started, self.drawn, self.tenth, self.first = time.monotonic(), 0.0, 0, None
        if now and self.terminal and os.getpid() == self.pid:
            self.drawn = self.started
            self._draw(self.started)

    def update(self, done: int) -> None:
        if os.getpid() != self.pid:  # a forked worker: the parent draws
            return
        self.done = min(max(done, self.done), self.total)
        if self.terminal:
            now = time.monotonic()
            if self.first is None:
                self.first = (now, self.done)
            if now - self.started >= self.delay and now - self.drawn >= 0.1:
                self.drawn = now
                self._draw(now)
        else:
            tenth = self.done * 10 // self.total
            if tenth > self.tenth:
                self.tenth = tenth
                self.stream.write(f"{self.label}: {tenth * 10}%\n")
                self.stream.flush()

    def finish(self) -> None:
        if os.getpid() != self.pid:
            return
        if self.terminal and self.drawn:
            self.stream.write("\r\x1b[K")  # erase the bar: what follows starts a clean line
            self.stream.flush()
        elif not self.terminal and self.tenth < 10:
            self.update(self.total)

    def _draw(self, now: float) -> None:
        fraction = self.done / self.total
        filled = int(fraction * self.WIDTH)
        elapsed = now - self.started
        left = ""
        if self.first is not None and 0.02 <= fraction < 1 and now > self.first[0] and self.done > self.first[1]:
            # at the rate since the first step (a reader may first split the whole file, with no step)
            rate = (self.done - self.first[1]) / (now - self.first[0])
            left = f", {_duration((self.total - self.done) / rate)} left"
        self.stream.write(f"\r{self.label} [{'#' * filled}{'-' * (self.WIDTH - filled)}] {fraction:4.0%}"
                          f" ({_duration(elapsed)}{left})\x1b[K")
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


_display: Display | None = None
_depth = 0  # phases inside a phase (formatting steps inside an export) do not restart the bar


@contextlib.contextmanager
def showing(display: Display | None) -> Iterator[None]:
    """Show the phases started meanwhile on ``display`` (None: show nothing)."""
    global _display
    previous, _display = _display, display
    try:
        yield
    finally:
        _display = previous


@contextlib.contextmanager
def phase(label: str, total: int, *, long: bool = False) -> Iterator[None]:
    """A phase of ``total`` steps (lines, references); :func:`at` and :func:`advance` report on it.

    ``long``: the caller knows it will take a while (a large file): the bar is drawn at once
    instead of after half a second.  A phase started inside another one is not shown: its
    steps do not count for the outer one."""
    global _depth
    display = _display
    if display is None or _depth:
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
        return
    _depth += 1
    display.start(label, total, now=long)
    try:
        yield
    finally:
        _depth -= 1
        display.finish()


def active() -> bool:
    """Whether a phase started now would be shown (to skip counting its size otherwise)."""
    return _display is not None and not _depth


def at(done: int) -> None:
    """The current phase has done ``done`` of its steps (a line number, while reading a file)."""
    if _display is not None and _depth == 1:
        _display.update(done)


def advance(steps: int = 1) -> None:
    """The current phase has done ``steps`` more steps."""
    if _display is not None and _depth == 1:
        _display.update(_display.done + steps)
