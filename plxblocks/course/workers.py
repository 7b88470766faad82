"""Loading a large course's modules on every core, with the result of loading them one by one.

Each module's folder (its ``module.yaml`` and units) reads nothing of the other modules, so a
forked worker process can load modules from the end of the course while this process loads them
from the start; they meet where the worker has got to. What a worker found is taken over only as
loading the modules in order would have found it: its messages are added to the course's at the
module's place in the order, the media it used are added to the course's, and the text it read is
counted against the course's limit (:class:`~.files.TextBudget`). When that limit would be crossed
inside the module, the module is loaded again here, in order, so the message about the limit
comes at the file that crossed it and nothing after it is read, as without workers.

Small courses are loaded in this process alone: starting a worker and sending a model back costs
more than a few hundred units take to load.
"""
from __future__ import annotations

import contextlib
import copy
import gc
import multiprocessing
import os
import sys
import threading
import weakref
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator, TypeVar

from .diagnostics import Diagnostic, Diagnostics
from .files import TextBudget

if TYPE_CHECKING:
    from .loader import _CourseLoader
    from .model import Module

PARALLEL_UNITS = 400
"""Courses with fewer units load in one process. Measured on a 2-core machine: a forked worker
and its results sent back cost about 30 ms plus 0.2 ms a unit, against 1.1 ms a unit of
loading (docs/architecture.md, "After issue 13")."""
CHUNKS_PER_WORKER = 8
"""Modules are handed out in runs of about ``units / (CHUNKS_PER_WORKER * cores)`` units: enough
runs for this process and the worker to meet near the middle, few enough that handing them out
costs nothing."""


@dataclass
class Loaded:
    """What loading one module on its own found, for the loader to take over in order."""

    module: "Module | None"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    media_used: set[str] = field(default_factory=set)
    text_bytes: int = 0
    """Bytes of YAML and Markdown the module read (what it counts against the course's limit)."""
    over_limit: bool = False
    """The module alone read more than the course's limit (then it is loaded again in order)."""


def load_alone(loader: "_CourseLoader", course_id: str, module_id: str) -> Loaded:
    """Load one module with its own messages, media and text count, leaving *loader*'s alone."""
    alone = copy.copy(loader)
    alone.diagnostics = Diagnostics()
    alone.budget = TextBudget(limit=loader.budget.limit)
    if loader.media is not None:
        alone.media = copy.copy(loader.media)
        alone.media.diagnostics, alone.media.used = alone.diagnostics, set()
    module = alone._module(course_id, module_id)
    return Loaded(module, alone.diagnostics.items, alone.media.used if alone.media else set(),
                  alone.budget.used, alone.budget.exceeded)


def modules_in_order(loader: "_CourseLoader", course_id: str, module_ids: list[str],
                     unit_counts: list[int]) -> Iterator[tuple[str, Loaded | None]]:
    """Each module id in order, with what a worker loaded for it, or ``None``: the caller loads
    that module itself, before asking for the next (the worker meanwhile takes modules from the end)."""
    return in_order(module_ids, unit_counts, _load_in_worker, (loader, course_id), threshold=PARALLEL_UNITS)


T = TypeVar("T")
R = TypeVar("R")


def in_order(items: list[T], weights: list[int], work: Callable[[object, list[T]], list[R]], context: object,
             *, threshold: int) -> Iterator[tuple[T, R | None]]:
    """Each of *items* in order, with what a forked worker made of it, or ``None``: the caller
    makes that item itself, before asking for the next, while the worker takes runs of items from
    the end. ``work(context, run)`` makes a run's results in the worker: a module-level function
    (it is sent by name), and *context* (anything, not pickled: the worker is forked with it).
    No worker below *threshold* (the sum of *weights*, e.g. units), for a single item, or where
    :func:`processes_for` says none. The loader and the SCORM page (``scorm/pages.py``) use it.

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


def _results(future: Future, count: int) -> list[Loaded | None]:
    if future.cancel():  # the worker has not started it: this process loads it
        return [None] * count
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - loaded again here, which reports or raises it as without workers
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


def processes_for(units: int, threshold: int | None = None) -> int:
    """How many processes load a course of *units* units (this one and its workers), or, with
    *threshold*, make anything of that size that pays a worker from *threshold* on."""
    threshold = PARALLEL_UNITS if threshold is None else threshold
    return 1 + (_workers() if units >= threshold and not _ONE_PROCESS else 0)


@contextlib.contextmanager
def one_process() -> Iterator[None]:
    """Load (or make anything else :func:`in_order` makes) in this process alone, for measuring
    and for comparing with the workers' result."""
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


def _load_in_worker(context: tuple, module_ids: list[str]) -> list[Loaded]:
    loader, course_id = context
    return [load_alone(loader, course_id, module_id) for module_id in module_ids]
