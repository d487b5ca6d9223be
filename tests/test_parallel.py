"""fork_map and its helpers: same results as a plain loop, in order, whether or not processes start."""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest

from bibexport import parallel


@pytest.fixture(autouse=True)
def _forking_is_possible() -> None:
    # Otherwise the tests below would pass without ever starting a process.
    if not parallel.can_fork():
        pytest.skip("parallel.can_fork() is false, so fork_map would start no process: "
                    f"platform {sys.platform}, threads {[t.name for t in threading.enumerate()]}, "
                    f"SIGCHLD handler {signal.getsignal(signal.SIGCHLD)} (needs linux, one thread, SIG_DFL)")


def _pid_of(task: int) -> tuple[int, int]:
    return task, os.getpid()


def test_tasks_after_the_first_run_in_other_processes_and_come_back_in_order() -> None:
    results = parallel.fork_map(_pid_of, list(range(4)))
    assert [task for task, _ in results] == [0, 1, 2, 3]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid()
    assert os.getpid() not in pids[1:] and len(set(pids[1:])) == 3


def test_children_see_the_callers_data_unpickled() -> None:
    lock = threading.Lock()  # cannot be pickled: the children inherit it instead
    lines = iter(["a", "b"])  # nor can a generator

    def task(i: int) -> str:
        with lock:
            return f"{i}{next(lines)}"

    assert parallel.fork_map(task, [0, 1, 2]) == ["0a", "1a", "2a"]  # each process has its own copy


def test_an_exception_in_a_child_is_raised_here() -> None:
    def task(i: int) -> int:
        if i == 2:
            raise ValueError(f"bad task {i}")
        return i

    with pytest.raises(ValueError, match="bad task 2"):
        parallel.fork_map(task, [0, 1, 2])


def test_a_task_whose_process_dies_runs_here() -> None:
    here = os.getpid()

    def task(i: int) -> tuple[int, int]:
        if i == 1 and os.getpid() != here:
            os._exit(3)  # killed, before sending anything back
        return i, os.getpid()

    assert parallel.fork_map(task, [0, 1, 2])[:2] == [(0, here), (1, here)]


def test_everything_runs_here_when_processes_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert parallel.fork_map(_pid_of, [0, 1, 2]) == [(0, os.getpid()), (1, os.getpid()), (2, os.getpid())]


def test_everything_runs_here_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        assert parallel.fork_map(_pid_of, [0, 1]) == [(0, os.getpid()), (1, os.getpid())]
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize(
    "count, parts, expected",
    [
        pytest.param(10, 3, [range(0, 3), range(3, 6), range(6, 10)], id="uneven"),
        pytest.param(4, 2, [range(0, 2), range(2, 4)], id="even"),
        pytest.param(2, 5, [range(0, 1), range(1, 2)], id="more-parts-than-items"),
        pytest.param(0, 2, [range(0, 0)], id="nothing"),
    ],
)
def test_slices_are_consecutive_and_never_empty_unless_there_is_nothing(count: int, parts: int, expected: list[range]) -> None:
    assert parallel.slices(count, parts) == expected


def test_jobs_follow_the_size_and_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "usable_cores", lambda: 4)
    assert parallel.jobs_for(999, minimum=1000) == 1
    assert parallel.jobs_for(1000, minimum=1000) == 2  # one process per 500 items
    assert parallel.jobs_for(1600, minimum=1000) == 3
    assert parallel.jobs_for(10**6, minimum=1000) == 4  # no more than the cores
    assert parallel.jobs_for(5, minimum=1000, jobs=3) == 3  # as asked
    assert parallel.jobs_for(2, minimum=1000, jobs=3) == 2  # but not more than the items


def test_map_slices_and_join_slices_give_what_a_loop_gives() -> None:
    items = [f"item {i}" for i in range(11)]
    assert parallel.map_slices(list, items, minimum=10**9, jobs=3) == [items[:3], items[3:7], items[7:]]
    assert parallel.join_slices(str.upper, items, "|", minimum=10**9, jobs=3) == "|".join(map(str.upper, items))
    assert parallel.join_slices(str.upper, [], "|", minimum=1, jobs=2) == ""


@pytest.mark.parametrize("handler", [
    pytest.param(signal.SIG_IGN, id="ignored"),
    pytest.param(lambda signum, frame: None, id="own-handler"),
])
def test_everything_runs_here_when_the_program_handles_sigchld(handler) -> None:
    """A program that ignores or reaps SIGCHLD would take the children's exit status."""
    previous = signal.signal(signal.SIGCHLD, handler)
    try:
        assert not parallel.can_fork()
        assert parallel.fork_map(_pid_of, [0, 1]) == [(0, os.getpid()), (1, os.getpid())]
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert parallel.can_fork()


def test_the_callers_signal_mask_is_kept() -> None:
    before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    assert [task for task, _ in parallel.fork_map(_pid_of, [0, 1, 2])] == [0, 1, 2]
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before
