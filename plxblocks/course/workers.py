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
import multiprocessing
import os
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

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
    workers = processes_for(sum(unit_counts)) - 1 if len(module_ids) > 1 else 0
    if not workers:
        yield from ((module_id, None) for module_id in module_ids)
        return
    chunks = _chunks(module_ids, unit_counts, CHUNKS_PER_WORKER * (workers + 1))
    _STATE.update(loader=loader, course_id=course_id)
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        # From the end: the worker takes the last runs first, this process cancels the first ones
        # and loads them itself, so the two meet wherever the worker has got to.
        futures = {index: pool.submit(_load_in_worker, chunks[index]) for index in reversed(range(len(chunks)))}
    except (OSError, RuntimeError):  # no process could be started: load everything here
        _STATE.clear()
        yield from ((module_id, None) for module_id in module_ids)
        return
    try:
        for index, chunk in enumerate(chunks):
            yield from zip(chunk, _results(futures[index], len(chunk)), strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _STATE.clear()


def _results(future: Future, count: int) -> list[Loaded | None]:
    if future.cancel():  # the worker has not started it: this process loads it
        return [None] * count
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - loaded again here, which reports or raises it as without workers
        return [None] * count


def _chunks(module_ids: list[str], unit_counts: list[int], wanted: int) -> list[list[str]]:
    """*module_ids* in consecutive runs of about ``sum(unit_counts) / wanted`` units each."""
    size = max(1, sum(unit_counts) // wanted)
    chunks: list[list[str]] = [[]]
    units = 0
    for module_id, count in zip(module_ids, unit_counts, strict=True):
        if units >= size:
            chunks.append([])
            units = 0
        chunks[-1].append(module_id)
        units += count
    return chunks


def processes_for(units: int) -> int:
    """How many processes load a course of *units* units (this one and its workers)."""
    return 1 + (_workers() if units >= PARALLEL_UNITS and not _ONE_PROCESS else 0)


@contextlib.contextmanager
def one_process() -> Iterator[None]:
    """Load in this process alone (for measuring, and for comparing with the workers' result)."""
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
"""The loader and course id, set before the worker is forked (so it inherits them)."""


def _load_in_worker(module_ids: list[str]) -> list[Loaded]:
    loader, course_id = _STATE["loader"], _STATE["course_id"]
    return [load_alone(loader, course_id, module_id) for module_id in module_ids]
