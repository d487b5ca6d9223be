"""Spreading work over the cores: forked worker processes that inherit their inputs.

:func:`fork_map` runs the first task in this process and the others in forked children,
which see the caller's data (``func`` and ``tasks`` included) as it was at the fork: only
results travel back, pickled.  Where forking is unsafe or impossible it runs every task
here, so callers get the same results either way, only slower.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity; all cores where that is unknown)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether worker processes may be forked here: on Linux, with no other thread running
    (a thread holding a lock at the fork would leave it locked forever in the child), and
    children left to this module (a program that ignores or reaps SIGCHLD itself would take
    their exit status)."""
    return (sys.platform == "linux" and threading.active_count() == 1
            and signal.getsignal(signal.SIGCHLD) == signal.SIG_DFL)


def jobs_for(count: int, minimum: int, jobs: int | None = None) -> int:
    """How many processes to spread ``count`` items over: ``jobs`` when given, else one per
    ``minimum / 2`` items up to the usable cores (``minimum``: the items from which a second
    process saves more than it costs); never more than ``count``."""
    if jobs is None:
        jobs = min(usable_cores(), count * 2 // max(minimum, 1))
    return max(1, min(jobs, count))


def slices(count: int, parts: int) -> list[range]:
    """``range(count)`` cut into ``parts`` consecutive pieces of nearly equal length (none empty)."""
    parts = max(1, min(parts, count))
    return [range(count * i // parts, count * (i + 1) // parts) for i in range(parts)]


def fork_map(func: Callable[[T], R], tasks: Sequence[T]) -> list[R]:
    """``[func(task) for task in tasks]``, task 0 here and each other task in a forked process.

    Everything runs here when forking is unsafe (:func:`can_fork`) or impossible (a sandbox,
    process limits).  A task whose process fails (``func`` raises, the process is killed) is
    run again here, so its exception, if any, is raised here as in a serial run.
    """
    if len(tasks) < 2 or not can_fork():
        return [func(task) for task in tasks]
    import pickle  # here: a run that forks nothing (any small file) does without it

    children: list[tuple[int, int]] = []  # (pid, read end of its pipe), for tasks[1:] in order
    try:
        try:
            for task in tasks[1:]:
                _fork(func, task, children)
        except OSError:  # no (more) processes here: the rest runs here
            pass
        results = [func(tasks[0])]  # meanwhile, in this process
        for i, (pid, fd) in enumerate(children):
            children[i] = (pid, -1)  # the pipe's file object closes fd
            with open(fd, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            children[i] = (-1, -1)
            results.append(pickle.loads(data) if status == 0 and data else func(tasks[i + 1]))
        return results + [func(task) for task in tasks[len(results):]]
    finally:
        for pid, fd in children:  # after an exception here: stop and reap the rest
            if fd >= 0:
                os.close(fd)
            if pid > 0:
                with contextlib.suppress(ProcessLookupError, ChildProcessError):  # already gone
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)


def _fork(func: Callable[[T], R], task: T, children: list[tuple[int, int]]) -> None:
    """Start ``func(task)`` in a child process that pickles its result into a pipe; append (pid, read end)
    to ``children`` before a Ctrl-C can interrupt the caller, so that the caller's cleanup stops it."""
    read_end, write_end = os.pipe()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # until the child is in its try
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(read_end)
        os.close(write_end)
        raise
    if pid:
        os.close(write_end)
        children.append((pid, read_end))
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return
    code = 1
    try:  # the child: never returns to the caller
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it kills the children
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(read_end)
        gc.freeze()  # the collector leaves the inherited objects alone (no copies of their pages)
        import pickle  # imported by fork_map before the fork: no cost here

        data = pickle.dumps(func(task), pickle.HIGHEST_PROTOCOL)
        with open(write_end, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)


def map_slices(func: Callable[[Sequence[T]], R], items: Sequence[T], *, minimum: int, jobs: int | None = None) -> list[R]:
    """``func`` over consecutive slices of ``items``, one per process (:func:`jobs_for`), in order."""
    parts = slices(len(items), jobs_for(len(items), minimum, jobs))
    return fork_map(lambda part: func(items[part.start : part.stop]), parts)


def join_slices(render: Callable[[T], str], items: Sequence[T], separator: str, *, minimum: int,
                jobs: int | None = None) -> str:
    """``separator.join(map(render, items))``, with slices of ``items`` rendered in other processes."""
    return separator.join(map_slices(lambda part: separator.join(map(render, part)), items, minimum=minimum, jobs=jobs))
