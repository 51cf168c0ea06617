"""The cores this process may run on, and work shared among processes forked from it,
which checking and publishing share their reading and validating among (writing has
its own pool: ``writing.pool``)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def fork_workers(jobs: int | None, items: int, least: int) -> int:
    """How many worker processes forked from this one to share ``items`` pieces of work
    among: none where there are fewer than ``least`` (a worker's start would cost more),
    where ``jobs`` (None: one per core) or the cores allow only one, where this process
    runs other threads (``serve``), which a fork does not take along safely, or where the
    system cannot fork (Windows)."""
    workers = min(jobs or available_cores(), available_cores(), items)
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    return workers if items >= least and workers >= 2 and forkable else 0


_WORK: Callable[[int], Any] | None = None  # what the workers fork with


def forked_map(work: Callable[[int], T], items: int, least: int, jobs: int | None = None) -> list[T]:
    """``[work(index) for index in range(items)]``, shared among worker processes forked
    from this one (``fork_workers``: ``least`` items at least, ``jobs`` at most), each a
    share of the indexes. A fork shares what this process holds without copying it,
    where any other way to start a worker would have to pickle it; only the results are
    pickled, back. Raises BrokenProcessPool if a worker dies (killed, out of memory)."""
    workers = fork_workers(jobs, items, least)
    if not workers:
        return [work(index) for index in range(items)]
    global _WORK
    _WORK = work
    try:
        shares = [range(start, items, workers) for start in range(workers)]
        results: list[Any] = [None] * items
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for share, done in zip(shares, pool.map(_work_share, shares), strict=True):
                for index, result in zip(share, done, strict=True):
                    results[index] = result
        return results
    finally:
        _WORK = None


def _work_share(share: range) -> list[Any]:
    """In a worker: the results of the work it forked with, for the indexes of ``share``."""
    assert _WORK is not None
    return [_WORK(index) for index in share]
