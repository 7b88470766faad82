"""Workbench scenarios from the shipped content, written by the same code as the OLX export.

``plx_lesson`` lists one scenario per unit of every valid course (the unit's blocks in a
``vertical_demo``); ``plx_check`` and ``plx_journal`` list each check and reflection on its own;
``plx_peer_review`` each task, followed by its reviewing-grade component where the course counts
reviewing.
The courses come from ``$PLX_CONTENT`` (folders separated by ``os.pathsep``: course folders or
folders of courses; default ``./content``). A course that fails validation is skipped with a log
message: a scenario that raises would leave the workbench's list half-filled.
"""
from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..course import Course, load_course
from .blocks import KIND_TAGS, REVIEWING, block_xml, counts_reviewing

log = logging.getLogger(__name__)
MEDIA_PREFIX = "/plx-static/"
"""Workbench URL prefix under which each course's folder is served: ``/plx-static/<course id>/media/...``."""


def content_roots() -> list[Path]:
    raw = os.environ.get("PLX_CONTENT") or str(Path.cwd() / "content")
    return [Path(p) for p in raw.split(os.pathsep) if p]


def course_folders(roots: list[Path]) -> list[Path]:
    folders = []
    for root in roots:
        if (root / "course.yaml").is_file():
            folders.append(root)
        elif root.is_dir():
            folders.extend(sorted(p.parent for p in root.glob("*/course.yaml")))
    return folders


@lru_cache(maxsize=4)
def _courses(roots: tuple[Path, ...]) -> tuple[Course, ...]:
    courses = []
    for folder in course_folders(list(roots)):
        result = load_course(folder)
        if result.ok:
            courses.append(result.course)
        else:
            log.warning("plx: %s has content errors and is not offered in the workbench", folder)
    return tuple(courses)


def courses() -> tuple[Course, ...]:
    """The valid courses under :func:`content_roots` (loaded once per set of roots)."""
    return _courses(tuple(content_roots()))


def _xml(node) -> str:
    return etree.tostring(node, encoding="unicode")


def unit_scenario(course: Course, unit) -> str:
    """The unit as workbench XML: its blocks, in order, in a vertical."""
    media_url = f"{MEDIA_PREFIX}{course.id}/"
    parts = []
    for block in unit.blocks:
        tag = KIND_TAGS.get(block.kind)
        if tag is None:
            continue  # a peer-review task: the plx_peer_review block adds its own scenarios
        parts.append(_xml(block_xml(block, course, unit, media_url=media_url, url_name=False,
                                    first_on_page=not parts)))
    return "<vertical_demo>\n" + "\n".join(parts) + "\n</vertical_demo>"


def scenarios_for(kind: str) -> list[tuple[str, str]]:
    """``(title, xml)`` pairs for ``workbench_scenarios()`` of the block that renders *kind*."""
    try:
        out = []
        for course in courses():
            for module in course.modules:
                for unit in module.units:
                    where = f"{course.title.en} › {module.title.en} › {unit.title.en}"
                    if kind == "prose":
                        out.append((where, unit_scenario(course, unit)))
                        continue
                    for block in unit.blocks:
                        if block.kind == kind:
                            node = block_xml(block, course, unit, media_url=f"{MEDIA_PREFIX}{course.id}/",
                                             url_name=False, first_on_page=True, module=module)
                            out.append((f"{where}: {block.id}", _xml(node)))
                            if kind == "peer_review" and counts_reviewing(course, block):
                                node.set("part", REVIEWING)  # its reviewing-grade component, as in the OLX
                                out.append((f"{where}: {block.id} ({REVIEWING})", _xml(node)))
        return out
    except Exception:  # never break the workbench's scenario list
        log.exception("plx: could not build the workbench scenarios")
        return []
