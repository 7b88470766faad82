"""Shared test fixtures: the shipped content folder, and the folders of test data."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
DATA = Path(__file__).resolve().parent / "course" / "data"


def shipped_courses() -> list[Path]:
    return sorted(p.parent for p in CONTENT.glob("*/course.yaml"))


@pytest.fixture
def minimal_course(tmp_path: Path) -> Path:
    """A writable copy of the smallest complete course (every block kind), in its own folder."""
    import shutil

    target = tmp_path / "content" / "minimal"
    shutil.copytree(DATA / "minimal", target, symlinks=True)
    return target
