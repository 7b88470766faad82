"""The courses the tool serves, and the parts of them a platform link can point at.

A link's *target* names a course, a module or a unit by the author's ids
(``npqh``, ``npqh/leading-change``, ``npqh/leading-change/vision``), which stay the same when
content is rebuilt or re-ordered. The courses are loaded once per process from ``PLX_CONTENT``
with the one loader (``plxblocks.course``): content is configuration, not learner state, so a
cached copy per worker is safe.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..course import LoadOptions, load_course
from ..course.loader import COURSE_FILE
from ..course.model import Check, Course, Module, PeerReview, Unit


class ContentError(Exception):
    """The content folders do not load (the messages are ``file:line: message``)."""


def course_folders(paths: list[Path]) -> list[Path]:
    """Course folders in *paths* (each a course folder or a folder of course folders)."""
    found = []
    for path in paths:
        if (path / COURSE_FILE).is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if (p / COURSE_FILE).is_file()))
    return found


@lru_cache(maxsize=1)
def courses() -> dict[str, Course]:
    """Every course of ``settings.PLX_CONTENT`` by id (loaded once per process)."""
    from django.conf import settings

    loaded: dict[str, Course] = {}
    problems: list[str] = []
    for folder in course_folders(list(settings.PLX_CONTENT)):
        result = load_course(folder, LoadOptions())
        errors = [d for d in result.diagnostics.sorted() if d.severity == "error"]
        if errors:
            problems.extend(d.format() for d in errors)
        else:
            loaded[result.course.id] = result.course
    if problems:
        raise ContentError("\n".join(problems))
    return loaded


@dataclass(frozen=True)
class Target:
    """What one link shows: a whole course, one module, or one unit."""

    course: Course
    module: Module | None = None
    unit: Unit | None = None

    @property
    def path(self) -> str:
        parts = [self.course.id] + ([self.module.id] if self.module else []) + ([self.unit.id] if self.unit else [])
        return "/".join(parts)

    @property
    def kind(self) -> str:
        return "unit" if self.unit else "module" if self.module else "course"

    @property
    def modules(self) -> tuple[Module, ...]:
        return (self.module,) if self.module else self.course.modules

    @property
    def units(self) -> tuple[Unit, ...]:
        if self.unit:
            return (self.unit,)
        return tuple(u for m in self.modules for u in m.units)

    def title(self, lang: str) -> str:
        return (self.unit or self.module or self.course).title.get(lang)

    def unit_by_id(self, module_id: str, unit_id: str) -> Unit | None:
        return next((u for m in self.modules if m.id == module_id for u in m.units if u.id == unit_id
                     and u in self.units), None)

    def module_of(self, unit: Unit) -> Module:
        return next(m for m in self.course.modules if unit in m.units)

    def block(self, uid: str):
        """The block with *uid* if it is part of this target (a link reaches only its own blocks)."""
        return next((b for u in self.units for b in u.blocks if b.uid == uid), None)


def find_target(path: str) -> Target | None:
    """The target named by *path* (``course[/module[/unit]]``), or ``None``."""
    parts = [p for p in (path or "").strip("/").split("/") if p]
    if not 1 <= len(parts) <= 3:
        return None
    course = courses().get(parts[0])
    if course is None:
        return None
    if len(parts) == 1:
        return Target(course)
    module = next((m for m in course.modules if m.id == parts[1]), None)
    if module is None:
        return None
    if len(parts) == 2:
        return Target(course, module)
    unit = next((u for u in module.units if u.id == parts[2]), None)
    return Target(course, module, unit) if unit else None


# ------------------------------------------------------------------------------ scored activities
@dataclass(frozen=True)
class Activity:
    """One scored activity of a target: a gradebook column (AGS line item) of its own."""

    key: str
    """``checks:<unit uid>`` (every check of a unit), ``peer:<block uid>`` (a peer task) or
    ``reviewing:<block uid>`` (a peer task's reviewing grade, when the course counts it)."""
    unit: Unit
    blocks: tuple
    points: int
    """Maximum score (the checks' points, the rubric's, or the reviewing grade's)."""

    def label(self, lang: str) -> str:
        if self.key.startswith("peer:"):
            return self.blocks[0].title.get(lang)
        if self.key.startswith("reviewing:"):
            from ..i18n import _, translate

            return translate(lang, _("Reviewing: %(task)s")) % {"task": self.blocks[0].title.get(lang)}
        return self.unit.title.get(lang)


def activities(target: Target) -> list[Activity]:
    """The target's scored activities in course order: each unit's checks, then its peer tasks
    (each followed by its reviewing grade where the course counts reviewing)."""
    counts_reviewing = any(t.counts == "peer_reviewing" for t in target.course.grading)
    found = []
    for unit in target.units:
        checks = unit.blocks_of(Check)
        if checks:
            found.append(Activity(f"checks:{unit.uid}", unit, checks, sum(c.points for c in checks)))
        for task in unit.blocks_of(PeerReview):
            found.append(Activity(f"peer:{task.uid}", unit, (task,), task.max_rubric_points))
            if counts_reviewing and task.reviewing_points:
                found.append(Activity(f"reviewing:{task.uid}", unit, (task,), task.reviewing_points))
    return found
