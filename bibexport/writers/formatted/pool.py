"""Spreading sorting, disambiguation and rendering over forked worker processes."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Sequence
from typing import Any

from ... import progress
from ...parallel import can_fork, usable_cores
from ...styles import load_style


PARALLEL_MIN = 400  # records from which rendering is spread over worker processes
CHUNKS_PER_WORKER = 8  # more chunks: finer progress and balance, a little more overhead
# What the progress bar says of each step (see bibexport.progress).
_LABELS = {"_prepare_chunk": "sorting references", "_disambiguate_chunk": "disambiguating references",
           "_render_chunk": "formatting references"}
JOB: dict[str, Any] = {}  # the items and shared data of the current map_chunks, inherited by forked workers


def map_chunks(func: Callable[..., Any], items: Sequence[Any], style: str, locale: str | None, jobs: int | None,
               extra: Any, min_items: int = PARALLEL_MIN) -> list[Any]:
    """``func(style, locale, start, stop)`` over chunks of ``items``, in worker processes when it pays.

    Workers are forked, so they inherit ``items``, ``extra`` and the parsed style instead
    of receiving them pickled; ``jobs`` (default: the usable cores) 1 means no workers.
    Where processes cannot be started, the work runs here.
    """
    workers = jobs if jobs is not None else usable_cores()
    JOB.update(items=items, extra=extra)
    try:
        if (workers > 1 and len(items) >= (min_items if jobs is None else 2)
                and "fork" in multiprocessing.get_all_start_methods() and can_fork()):
            load_style(style, locale)  # parse once, before forking
            size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
            tasks = [(style, locale, start, min(start + size, len(items))) for start in range(0, len(items), size)]
            try:
                # Ctrl-C is blocked until each worker ignores it (the parent stops the pool), so that
                # no worker can be interrupted before its initializer ran and print a traceback.
                pool = None
                try:
                    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                    try:
                        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts)
                    finally:  # a Ctrl-C that came meanwhile is raised here, with the pool to stop
                        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                    results = []
                    with progress.phase(_LABELS.get(func.__name__, "formatting"), len(items)):
                        for (_, _, start, stop), result in zip(tasks, pool.imap(_star, [(func, t) for t in tasks])):
                            results.append(result)
                            progress.advance(stop - start)
                    return results
                finally:
                    if pool is not None:
                        pool.terminate()
            except (OSError, AssertionError):  # no child processes here (sandbox, daemon process)
                pass
        if progress.active() and len(items) >= min_items:  # in one process, in chunks the bar can count
            size = -(-len(items) // (4 * CHUNKS_PER_WORKER))
            results = []
            with progress.phase(_LABELS.get(func.__name__, "formatting"), len(items)):
                for start in range(0, len(items), size):
                    results.append(func(style, locale, start, min(start + size, len(items))))
                    progress.advance(size)
            return results
        return [func(style, locale, 0, len(items))]
    finally:
        JOB.clear()


def _star(job: tuple[Callable[..., Any], tuple[Any, ...]]) -> Any:
    func, args = job
    return func(*args)


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool); no worker prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
