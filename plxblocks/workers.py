"""Work on every core with the result of doing it in order: a forked worker takes runs of items
from the end while this process takes them from the start, and each item comes back in order,
whoever made it.

The loader (a large course's modules, :mod:`plxblocks.course.parallel_load`) and the SCORM page
(a large package's unit sections, ``scorm/pages.py``) use it. The worker is forked, so it has the
caller's objects without their being sent; only its results are pickled back. Small jobs stay in
this process: starting a worker and sending results back costs more than a few hundred units take.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import threading
import weakref
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable, Iterator, TypeVar

CHUNKS_PER_WORKER = 8
"""Items are handed out in runs of about ``units / (CHUNKS_PER_WORKER * cores)`` units: enough
runs for this process and the worker to meet near the middle, few enough that handing them out
costs nothing."""


T = TypeVar("T")
R = TypeVar("R")


def in_order(items: list[T], weights: list[int], work: Callable[[object, list[T]], list[R]], context: object,
             *, threshold: int) -> Iterator[tuple[T, R | None]]:
    """Each of *items* in order, with what a forked worker made of it, or ``None``: the caller
    makes that item itself, before asking for the next, while the worker takes runs of items from
    the end. ``work(context, run)`` makes a run's results in the worker: a module-level function
    (it is sent by name), and *context* (anything, not pickled: the worker is forked with it).
    No worker below *threshold* (the sum of *weights*, e.g. units), for a single item, or where
    :func:`processes_for` says none. The loader (``course/parallel_load.py``) and the SCORM page
    (``scorm/pages.py``) use it.

    The worker starts now, not when the first item is asked for: it works while the caller does
    whatever comes first (the SCORM page's head, contents and runtime data)."""
    workers = processes_for(sum(weights), threshold) - 1 if len(items) > 1 else 0
    if not workers:
        return ((item, None) for item in items)
    chunks = _chunks(items, weights, CHUNKS_PER_WORKER * (workers + 1))
    _STATE.update(work=work, context=context)
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        # From the end: the worker takes the last runs first, this process cancels the first ones
        # and makes them itself, so the two meet wherever the worker has got to.
        # Frozen, the objects the worker inherits are never walked by its cycle collector, which
        # would otherwise copy every page of them (copy on write) in its first full collections.
        gc.freeze()
        futures = {index: pool.submit(_in_worker, chunks[index]) for index in reversed(range(len(chunks)))}
    except (OSError, RuntimeError):  # no process could be started: everything is made here
        return ((item, None) for item in items)
    finally:
        gc.unfreeze()
        _STATE.clear()  # the worker was forked with it at the first submit (fork starts every worker then)
    results = _taken_in_order(pool, chunks, futures)
    # A caller that stops before the end (an error while writing the package) still stops the worker.
    weakref.finalize(results, pool.shutdown, wait=False, cancel_futures=True)
    return results


def _taken_in_order(pool: ProcessPoolExecutor, chunks: list[list], futures: dict[int, Future]) -> Iterator[tuple]:
    try:
        for index, chunk in enumerate(chunks):
            yield from zip(chunk, _results(futures[index], len(chunk)), strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _results(future: Future, count: int) -> list:
    if future.cancel():  # the worker has not started it: this process makes it
        return [None] * count
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - made again here, which reports or raises it as without workers
        return [None] * count


def _chunks(items: list[T], weights: list[int], wanted: int) -> list[list[T]]:
    """*items* in consecutive runs of about ``sum(weights) / wanted`` each."""
    size = max(1, sum(weights) // wanted)
    chunks: list[list[T]] = [[]]
    total = 0
    for item, weight in zip(items, weights, strict=True):
        if total >= size:
            chunks.append([])
            total = 0
        chunks[-1].append(item)
        total += weight
    return chunks


def processes_for(units: int, threshold: int) -> int:
    """How many processes (this one and its workers) make anything of *units* units that pays a
    worker from *threshold* units on."""
    return 1 + (_workers() if units >= threshold and not _ONE_PROCESS else 0)


@contextlib.contextmanager
def one_process() -> Iterator[None]:
    """Make everything :func:`in_order` makes (a course's modules, a package's sections) in this
    process alone, for measuring and for comparing with the workers' result."""
    _ONE_PROCESS.append(True)
    try:
        yield
    finally:
        _ONE_PROCESS.pop()


_ONE_PROCESS: list[bool] = []


def _workers() -> int:
    """Worker processes to start besides this one: one fewer than the cores, and none where a fork
    is unsafe (threads running, which a forked child would find holding locks) or impossible."""
    if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    if threading.active_count() > 1 or multiprocessing.current_process().daemon:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores - 1


_STATE: dict = {}
"""The work and its context, set before the worker is forked (so it inherits them)."""


def _in_worker(run: list) -> list:
    return _STATE["work"](_STATE["context"], run)
