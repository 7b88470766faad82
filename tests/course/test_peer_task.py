"""The peer task's teaching parts as the loader reads them: examples, calibration (and its default),
the grading rule, range bands and the reviewing grade, and how course.yaml counts reviewing."""
from __future__ import annotations

import shutil

from plxblocks.course import load_course
from plxblocks.course.model import Calibration, ReviewerGrade
from tests.conftest import DATA

PRACTICE = DATA / "peer-practice"


def test_the_peer_practice_task_reads_into_the_model():
    result = load_course(PRACTICE)
    assert result.ok and list(result.diagnostics) == []
    task = next(result.course.blocks())
    assert (task.aggregate, task.calibration, task.reviewer_grade) == ("mean", Calibration(1, 1), ReviewerGrade(5, 20))
    assert [e.id for e in task.examples] == ["codes", "stickers"] and [e.id for e in task.calibration_examples] == ["codes"]
    codes = task.examples[0]
    assert codes.expert("time").points == 4 and codes.expert("time").reason.cy.startswith("Mae dwy awr")
    time = task.rubric[1]
    assert [(lvl.points, lvl.top) for lvl in time.levels] == [(0, 0), (1, 3), (4, 5)] and time.max_points == 5
    assert time.level_of(2).label.en == "Some" and time.level_of(3.5) is None
    assert task.max_rubric_points == 7 and task.reviewing_points == 5
    assert [(t.counts, t.weight) for t in result.course.grading] == [("peer_review", 80), ("peer_reviewing", 20)]


def test_one_example_is_assessed_by_default_and_none_without_examples(tmp_path):
    course = tmp_path / "peer-practice"
    shutil.copytree(PRACTICE, course)
    unit = course / "modules" / "practice" / "plan-a-routine" / "unit.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("    calibration:\n      examples: 1\n      require_agreement: 1\n", ""),
                    encoding="utf-8")
    task = next(load_course(course).course.blocks())
    assert task.calibration == Calibration(examples=1, require_agreement=None)
    minimal = next(b for b in load_course(DATA / "minimal").course.blocks() if b.kind == "peer_review")
    assert (minimal.examples, minimal.calibration, minimal.reviewer_grade) == ((), Calibration(0, None), None)


def test_examples_are_not_counted_as_reading_in_the_unit():
    from plxblocks.course.stats import words_in

    task = next(load_course(PRACTICE).course.blocks())
    assert words_in(task, "en") == words_in(task.__class__(**{**task.__dict__, "examples": ()}), "en")


def test_the_overall_comment_is_required_unless_the_task_says_otherwise(tmp_path):
    """``overall_comment`` (issue 14.7): required by default; optional and none are read as written
    and carried into the OLX export's field (the engine's side: tests/peer/test_reviews.py)."""
    from plxblocks.olx.blocks import fields_from_model

    minimal = load_course(DATA / "minimal").course
    task = next(b for b in minimal.blocks() if b.kind == "peer_review")
    assert task.overall_comment == "required"
    for value in ("optional", "none", "required"):
        course = tmp_path / value
        shutil.copytree(DATA / "minimal", course)
        unit = course / "modules" / "basics" / "first-steps" / "unit.yaml"
        unit.write_text(unit.read_text(encoding="utf-8").replace(
            "    max_words: 800\n", f"    max_words: 800\n    overall_comment: {value}\n"), encoding="utf-8")
        result = load_course(course)
        assert result.ok and list(result.diagnostics) == []
        block = next(b for b in result.course.blocks() if b.kind == "peer_review")
        assert block.overall_comment == value
        unit_model = next(u for m in result.course.modules for u in m.units if block in u.blocks)
        assert fields_from_model(block, result.course, unit_model)[1]["overall_comment"] == value
