"""Fixtures for the SCORM packager tests: built packages of the test courses."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from plxblocks.course import load_course
from scorm import RemoteMedia, build_package, package_specs

TRICKY_TITLE_EN = "Marking & feedback: <what> \"works\" & what's next"
TRICKY_TITLE_CY = "Marcio a dŵr: ŷ â <beth> \"sy'n\" gweithio"


def load(path: Path):
    result = load_course(path)
    assert result.ok, [d.format() for d in result.diagnostics.sorted()]
    return result.course


@pytest.fixture
def remote(tmp_path: Path) -> RemoteMedia:
    """Remote-media fetcher with a private cache folder."""
    return RemoteMedia(cache_dir=tmp_path / "media-cache", timeout=5)


@pytest.fixture
def tricky_course(minimal_course: Path) -> Path:
    """The minimal course with a title full of XML-special characters and Welsh letters."""
    course_file = minimal_course / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    quoted_en = TRICKY_TITLE_EN.replace("'", "''")
    quoted_cy = TRICKY_TITLE_CY.replace("'", "''")
    text = text.replace("  en: A minimal course\n  cy: Cwrs bach", f"  en: '{quoted_en}'\n  cy: '{quoted_cy}'")
    course_file.write_text(text, encoding="utf-8")
    return minimal_course


def build(course_path: Path, out_dir: Path, remote: RemoteMedia, standard: str = "1.2",
          lang: str | None = None, split: bool = False) -> list[Path]:
    course = load(course_path)
    return [build_package(spec, out_dir / spec.file_name, remote)
            for spec in package_specs(course, standard, lang, split)]


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture
def two_unit_course(minimal_course: Path) -> Path:
    """The minimal course with a second unit (a copy of the first), for navigation and resume."""
    import shutil

    module = minimal_course / "modules" / "basics"
    shutil.copytree(module / "first-steps", module / "second-steps")
    unit = module / "second-steps" / "unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("en: First steps", "en: Second steps")
                    .replace("cy: Camau cyntaf", "cy: Ail gamau"), encoding="utf-8")
    module_file = module / "module.yaml"
    module_file.write_text(module_file.read_text(encoding="utf-8")
                           .replace("  - first-steps\n", "  - first-steps\n  - second-steps\n"), encoding="utf-8")
    return minimal_course


@pytest.fixture
def lms_for(tmp_path, remote):
    """Build a package of *course* and put it in a harness."""
    from .harness import Lms

    def make(course, standard="1.2", lang=None):
        [zip_path] = build(course, tmp_path / "out", remote, standard, lang)
        return Lms(zip_path, tmp_path / f"site-{standard}-{lang}")
    return make
