"""A large course loaded partly in a worker process gives the model and the messages, in order,
that loading it module by module gives (issue 13): with mistakes spread over the modules, and with
the course's text limit crossed in a module the worker loaded."""
from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate_course import generate
from plxblocks import workers
from plxblocks.course import limits, load_course, parallel_load
from plxblocks.course.loader import _CourseLoader

UNITS = 120  # six modules of 20


@pytest.fixture(scope="module")
def faulty_course(tmp_path_factory) -> Path:
    """A generated course with a mistake in every module but the first, of a different kind each."""
    course = generate(UNITS, tmp_path_factory.mktemp("workers") / "generated")
    modules = course / "modules"

    def edit(path: str, old: str, new: str) -> None:
        file = modules / path
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("module-0001/unit-00021/unit.yaml", "title:", "colour: blue\ntitle:")
    edit("module-0002/unit-00045/text.cy.md", "media/figure.png", "media/missing.png")
    edit("module-0003/module.yaml", "estimated_minutes: 60", "estimated_minutes: [60")
    (modules / "module-0004/unit-00081/text.en.md").unlink()
    edit("module-0005/unit-00119/unit.yaml", "correct: true", "correct: yes please")
    return course


def messages(course: Path) -> list[str]:
    return [d.format(relative_to=course) for d in load_course(course).diagnostics]


@pytest.fixture
def serial(faulty_course):
    """The course loaded with no worker: the reference."""
    with workers.one_process():
        return load_course(faulty_course)


@pytest.fixture
def taken_over(monkeypatch) -> list[bool]:
    """Whether each module a worker loaded was taken over (rather than loaded again here)."""
    taken: list[bool] = []
    original = _CourseLoader._take_over

    def recording(self, loaded):
        accepted = original(self, loaded)
        if loaded is not None:
            taken.append(accepted)
        return accepted

    monkeypatch.setattr(_CourseLoader, "_take_over", recording)
    monkeypatch.setattr(parallel_load, "PARALLEL_UNITS", 1)
    monkeypatch.setattr(workers, "_workers", lambda: 1)
    return taken


@pytest.fixture
def worker_loads_everything(monkeypatch):
    """The worker is waited for, never cancelled: it loads every module."""
    monkeypatch.setattr(workers, "_results", lambda future, count: future.result())


def test_the_worker_gives_what_loading_in_order_gives(faulty_course, serial, taken_over, worker_loads_everything):
    result = load_course(faulty_course)
    assert taken_over == [True] * 6
    assert result.diagnostics.items == serial.diagnostics.items
    assert len(serial.diagnostics.errors) >= 5
    assert result.course == serial.course


def test_this_process_and_the_worker_together_give_it_too(faulty_course, serial, taken_over):
    result = load_course(faulty_course)
    assert result.diagnostics.items == serial.diagnostics.items
    assert result.course == serial.course


def test_the_text_limit_crossed_in_a_module_the_worker_loaded_is_reported_where_it_is_crossed(
        monkeypatch, faulty_course, taken_over, worker_loads_everything):
    size = sum(p.stat().st_size for p in faulty_course.rglob("*") if p.suffix in (".yaml", ".md"))
    monkeypatch.setattr(limits, "COURSE_TEXT_BYTES", size // 2)
    parallel = messages(faulty_course)
    assert False in taken_over and True in taken_over
    with workers.one_process():
        assert parallel == messages(faulty_course)
    assert any("the limit for one course" in message for message in parallel)
