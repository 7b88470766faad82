"""A load that takes modules from the cache (plxblocks/course/load_cache.py) reports and builds
exactly what a load without it does: for the shipped courses, for a course with mistakes in
every module, after edits to a unit, to the course and to its media, over the course's text
limit, with the worker process, and with an entry that cannot be read."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from benchmarks.generate_course import generate
from plxblocks import workers
from plxblocks.course import limits, load_course, parallel_load
from plxblocks.course.load_cache import LoadCache

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p.parent for p in (REPO / "content").glob("*/course.yaml"))
UNITS = 100  # five modules of 20


@pytest.fixture
def faulty_course(tmp_path) -> Path:
    """A generated course with a mistake in every module but the first, of a different kind each."""
    course = generate(UNITS, tmp_path / "generated")
    _edit(course / "modules/module-0001/unit-00021/unit.yaml", "title:", "colour: blue\ntitle:")
    _edit(course / "modules/module-0002/unit-00045/text.cy.md", "media/figure.png", "media/missing.png")
    _edit(course / "modules/module-0003/module.yaml", "estimated_minutes: 60", "estimated_minutes: [60")
    (course / "modules/module-0004/unit-00081/text.en.md").unlink()
    return course


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _result(course: Path, cache: LoadCache | None = None):
    result = load_course(course, cache=cache)
    return result.course, [d.format() for d in result.diagnostics.items]


def _cold_then_warm(course: Path, path: Path) -> tuple[tuple, tuple, int]:
    """The load without a cache, and the load from a cache that the load before it filled."""
    LoadCache(path).close()
    first = LoadCache(path)
    load_course(course, cache=first)
    first.close()
    warm = LoadCache(path)
    return _result(course), _result(course, warm), warm.hits


@pytest.mark.parametrize("course", SHIPPED, ids=lambda p: p.name)
def test_a_shipped_course_from_the_cache_is_the_course_loaded_without_it(course, tmp_path):
    cold, warm, hits = _cold_then_warm(course, tmp_path / "load.sqlite3")
    assert hits == len(cold[0].modules) and hits > 1
    assert warm == cold


def test_every_message_comes_back_in_its_place(faulty_course, tmp_path):
    cold, warm, hits = _cold_then_warm(faulty_course, tmp_path / "load.sqlite3")
    assert hits == 5  # module-0003's module.yaml does not parse: its message is what is kept
    assert len(load_course(faulty_course).diagnostics.errors) >= 4
    assert warm == cold


def test_an_edited_unit_is_loaded_again_and_only_its_module(faulty_course, tmp_path):
    path = tmp_path / "load.sqlite3"
    _cold_then_warm(faulty_course, path)
    _edit(faulty_course / "modules/module-0000/unit-00003/text.en.md", "Feedback is", "Feedback, we know, is")
    _edit(faulty_course / "modules/module-0002/unit-00045/text.cy.md", "media/missing.png", "media/figure.png")
    cache = LoadCache(path)
    assert _result(faulty_course, cache) == _result(faulty_course)
    assert cache.hits == 3  # modules 1, 3 and 4; 0 and 2 were edited


@pytest.mark.parametrize("change", ["course.yaml", "new media file", "media file removed", "glossary"])
def test_a_change_to_the_course_loads_every_module_again(change, faulty_course, tmp_path):
    path = tmp_path / "load.sqlite3"
    (faulty_course.parent / "glossary.yaml").write_text("terms: []\n", encoding="utf-8")
    _cold_then_warm(faulty_course, path)
    if change == "course.yaml":
        _edit(faulty_course / "course.yaml", "passing_score: 70", "passing_score: 75")
    elif change == "new media file":
        (faulty_course / "media" / "missing.png").write_bytes((faulty_course / "media" / "figure.png").read_bytes())
    elif change == "media file removed":
        (faulty_course / "media" / "figure.png").unlink()
    else:
        (faulty_course.parent / "glossary.yaml").write_text("terms: [\n", encoding="utf-8")
    cache = LoadCache(path)
    assert _result(faulty_course, cache) == _result(faulty_course)
    assert cache.hits == 0


def test_over_the_course_text_limit_the_messages_are_those_of_a_load_without_the_cache(
        monkeypatch, faulty_course, tmp_path):
    path = tmp_path / "load.sqlite3"
    _cold_then_warm(faulty_course, path)
    size = sum(p.stat().st_size for p in faulty_course.rglob("*") if p.suffix in (".yaml", ".md"))
    monkeypatch.setattr(limits, "COURSE_TEXT_BYTES", size // 2)  # crossed part way through the course
    cold = _result(faulty_course)
    assert any("the limit for one course" in message for message in cold[1])
    assert _result(faulty_course, LoadCache(path)) == cold


def test_modules_the_worker_loaded_are_kept_and_given_back_the_same(monkeypatch, faulty_course, tmp_path):
    monkeypatch.setattr(parallel_load, "PARALLEL_UNITS", 1)
    monkeypatch.setattr(workers, "_workers", lambda: 1)
    with workers.one_process():
        cold = _result(faulty_course)
    path = tmp_path / "load.sqlite3"
    assert _result(faulty_course, LoadCache(path)) == cold  # the worker loads some of them
    warm = LoadCache(path)
    assert _result(faulty_course, warm) == cold and warm.hits == 5


def test_an_entry_that_cannot_be_read_is_loaded_again(faulty_course, tmp_path):
    path = tmp_path / "load.sqlite3"
    cold, _, _ = _cold_then_warm(faulty_course, path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE modules SET loaded = ?", (b"not a pickle",))
    cache = LoadCache(path)
    assert _result(faulty_course, cache) == cold and cache.hits == 0
    again = LoadCache(path)
    assert _result(faulty_course, again) == cold and again.hits == 5  # stored again, whole


def test_one_entry_is_kept_per_module_of_a_course_folder(faulty_course, tmp_path):
    path = tmp_path / "load.sqlite3"
    _cold_then_warm(faulty_course, path)
    for word in ("one", "two", "three"):
        _edit(faulty_course / "modules/module-0000/unit-00003/text.en.md", "Feedback", f"Feedback ({word})")
        load_course(faulty_course, cache=LoadCache(path))
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM modules").fetchone()[0] == 5


def test_a_moved_course_folder_is_loaded_again(faulty_course, tmp_path):
    """Every path in the model and the messages names the folder: a copy elsewhere is its own."""
    path = tmp_path / "load.sqlite3"
    _cold_then_warm(faulty_course, path)
    moved = tmp_path / "moved" / "generated"
    shutil.copytree(faulty_course, moved)
    cache = LoadCache(path)
    assert _result(moved, cache) == _result(moved) and cache.hits == 0


def test_a_linked_unit_folder_inside_the_course_is_followed_and_one_to_outside_is_not(faulty_course, tmp_path):
    """The loader reads a unit folder that is a link inside the course: an edit to the files it
    points at loads the module again. A link out (here to /) is not walked; a pipe is not opened."""
    import os

    shared = faulty_course / "shared" / "unit-99999"
    shutil.copytree(faulty_course / "modules/module-0000/unit-00001", shared)
    (faulty_course / "modules/module-0000/unit-00001").rename(tmp_path / "was-unit-00001")
    (faulty_course / "modules/module-0000/unit-00001").symlink_to(shared, target_is_directory=True)
    (faulty_course / "modules/module-0001/unit-00020/root").symlink_to("/", target_is_directory=True)
    os.mkfifo(faulty_course / "modules/module-0001/unit-00020/pipe")
    path = tmp_path / "load.sqlite3"
    cold, warm, hits = _cold_then_warm(faulty_course, path)
    assert warm == cold and hits == 5
    _edit(shared / "text.en.md", "Feedback is", "Feedback, we know, is")
    cache = LoadCache(path)
    assert _result(faulty_course, cache) == _result(faulty_course) and cache.hits == 4
