"""Fixtures for the SCORM packager tests: built packages of the test courses."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from plxblocks.course import load_course
from plxblocks.remote_fetch import AddressPolicy
from scorm import RemoteMedia, build_package, package_specs
from tests.conftest import add_second_unit

TRICKY_TITLE_EN = "Marking & feedback: <what> \"works\" & what's next"
TRICKY_TITLE_CY = "Marcio a dŵr: ŷ â <beth> \"sy'n\" gweithio"


def load(path: Path):
    result = load_course(path)
    assert result.ok, [d.format() for d in result.diagnostics.sorted()]
    return result.course


LOCAL_STUBS = AddressPolicy.parse("127.0.0.1")
"""The opt-in the tests need to reach their stub servers (plx fetches public addresses only)."""


@pytest.fixture
def remote(tmp_path: Path) -> RemoteMedia:
    """Remote-media fetcher with a private cache folder, allowed to reach stubs on 127.0.0.1."""
    return RemoteMedia(cache_dir=tmp_path / "media-cache", timeout=5, addresses=LOCAL_STUBS)


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
    return add_second_unit(minimal_course)


SECOND_CHECK = """\
  - check: quickest
    points: 5
    attempts: 1
    question:
      en: Which routine moves learning on fastest?
      cy: Pa drefn sy'n symud dysgu ymlaen gyflymaf?
    options:
      - id: live-feedback
        correct: true
        text: {en: Live feedback in the lesson, cy: Adborth byw yn y wers}
        feedback: {en: Yes., cy: Ie.}
      - id: written-comments
        text: {en: Long written comments, cy: Sylwadau ysgrifenedig hir}
        feedback: {en: Not on their own., cy: Nid ar eu pen eu hunain.}
    explanation:
      en: Feedback in the lesson is acted on at once.
      cy: Mae adborth yn y wers yn cael ei ddefnyddio ar unwaith.
"""


def add_scored_check(unit_yaml: Path) -> None:
    """Give the unit a second check after its first (5 points, one attempt, option ids with
    hyphens) and make the first worth 3 points: 3 of 8 is 37.5%, which 2-decimal rounding breaks."""
    text = unit_yaml.read_text(encoding="utf-8")
    text = text.replace("  - check: purpose\n", "  - check: purpose\n    points: 3\n")
    text = text.replace("  - reflection: my-feedback\n", SECOND_CHECK + "  - reflection: my-feedback\n")
    unit_yaml.write_text(text, encoding="utf-8")


@pytest.fixture
def scored_course(minimal_course: Path) -> Path:
    """The minimal course whose unit has two scored checks (see :func:`add_scored_check`)."""
    add_scored_check(minimal_course / "modules" / "basics" / "first-steps" / "unit.yaml")
    return minimal_course


@pytest.fixture
def lms_for(tmp_path, remote):
    """Build a package of *course* and put it in a harness."""
    from .harness import Lms

    def make(course, standard="1.2", lang=None):
        [zip_path] = build(course, tmp_path / "out", remote, standard, lang)
        return Lms(zip_path, tmp_path / f"site-{standard}-{lang}")
    return make
