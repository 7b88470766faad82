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

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from .. import workers
from .diagnostics import Diagnostic, Diagnostics
from .files import TextBudget

if TYPE_CHECKING:
    from .loader import _CourseLoader
    from .model import Module

PARALLEL_UNITS = 400
"""Courses with fewer units load in one process. Measured on a 2-core machine: a forked worker
and its results sent back cost about 30 ms plus 0.2 ms a unit, against 1.1 ms a unit of
loading (docs/architecture.md, "After issue 13")."""


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
    return workers.in_order(module_ids, unit_counts, _load_in_worker, (loader, course_id), threshold=PARALLEL_UNITS)


def _load_in_worker(context: tuple, module_ids: list[str]) -> list[Loaded]:
    loader, course_id = context
    return [load_alone(loader, course_id, module_id) for module_id in module_ids]
