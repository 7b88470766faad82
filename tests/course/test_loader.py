"""The loader builds the typed model from a content folder: shipped courses and the minimal one."""
from __future__ import annotations

import dataclasses

import pytest

from plxblocks.course import Check, PeerReview, Prose, Reflection, load_course
from plxblocks.course.stats import course_stats
from tests.conftest import shipped_courses


@pytest.mark.parametrize("path", shipped_courses(), ids=lambda p: p.name)
def test_shipped_course_validates_with_no_errors_or_warnings(path):
    result = load_course(path)
    assert [d.format() for d in result.diagnostics] == []
    assert result.ok


def test_the_feedback_course_is_shipped():
    assert "feedback-workload" in [p.name for p in shipped_courses()]


def test_minimal_course_model(minimal_course):
    course = load_course(minimal_course).course
    assert (course.id, course.org, course.number, course.run) == ("minimal", "PLXTest", "T101", "2026")
    assert course.title.en == "A minimal course" and course.title.cy == "Cwrs bach"
    assert course.translation("cy").is_draft and course.translation("cy").method == "machine-assisted"
    [module] = course.modules
    assert [s.id for s in module.standards] == ["pedagogy", "collaboration"]
    assert module.references[0].citation() == (
        "Hattie, J. and Timperley, H. (2007) The Power of Feedback. Review of Educational Research, "
        "77(1), 81-112. https://doi.org/10.3102/003465430298487")
    [unit] = module.units
    prose, check, reflection, peer, references = unit.blocks
    assert isinstance(prose, Prose) and prose.media == ("media/teacher.png",)
    assert '<h2>Pam mae adborth yn bwysig</h2>' in prose.body.html.cy
    assert isinstance(check, Check) and check.correct_ids == ("improve",) and check.attempts == 2
    assert check.shuffle and (check.number, check.count) == (1, 1)
    assert isinstance(reflection, Reflection) and (reflection.min_words, reflection.max_words) == (20, 300)
    assert isinstance(peer, PeerReview) and peer.max_rubric_points == 2
    assert (peer.reviews_to_give, peer.reviews_to_receive) == (3, 3)
    # The module ends with its references, in a block of their own.
    assert isinstance(references, Prose) and references.is_module_references
    assert references.references == module.references and references.id == "_references"


def test_model_is_immutable(minimal_course):
    course = load_course(minimal_course).course
    with pytest.raises(dataclasses.FrozenInstanceError):
        course.modules[0].units[0].blocks[1].points = 5


def test_uids_are_stable_across_loads_and_reordering(minimal_course):
    first = load_course(minimal_course).course
    unit_file = minimal_course / "modules/basics/first-steps/unit.yaml"
    text = unit_file.read_text()
    # Move the prose block to the end: order changes, ids do not.
    unit_file.write_text(text.replace("  - prose: introduction\n", "") + "  - prose: introduction\n")
    second = load_course(minimal_course).course
    uids = lambda c: {b.id: b.uid for b in c.blocks()}  # noqa: E731
    assert uids(first) == uids(second)
    assert [b.id for b in second.blocks()][-2:] == ["introduction", "_references"]
    assert len(set(uids(first).values())) == 5
    assert first.modules[0].uid == second.modules[0].uid


def test_unsafe_html_never_reaches_the_model(minimal_course):
    md = minimal_course / "modules/basics/first-steps/introduction.en.md"
    md.write_text(md.read_text() + '\n<script>alert(1)</script>\n\n'
                  '<img src="media/teacher.png" alt="a" onerror="alert(2)">\n\n'
                  "[x](javascript:alert(3))\n")
    result = load_course(minimal_course)
    html = result.course.modules[0].units[0].blocks[0].body.html.en
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert len(result.diagnostics.errors) == 3


def test_missing_translation_falls_back_to_english_when_allowed(minimal_course):
    from plxblocks.course import LoadOptions

    unit_file = minimal_course / "modules/basics/first-steps/unit.yaml"
    unit_file.write_text(unit_file.read_text().replace("  cy: Camau cyntaf\n", ""))
    result = load_course(minimal_course, LoadOptions(allow_missing_translations=True))
    assert result.ok and len(result.diagnostics.warnings) == 1
    assert result.course.units[0].title.get("cy") == "First steps"


def test_stats_count_blocks_and_words(minimal_course):
    stats = course_stats(load_course(minimal_course).course)
    assert (stats.modules, stats.units, stats.checks, stats.reflections, stats.peer_tasks) == (1, 1, 1, 1, 1)
    assert stats.words["en"] > 50 and stats.words["cy"] > 50
    assert stats.minutes == 20


def test_a_folder_that_is_not_a_course(tmp_path):
    result = load_course(tmp_path)
    assert result.course is None
    assert [d.message for d in result.diagnostics] == ["not a course folder: course.yaml is missing"]


def test_a_pipe_in_media_is_refused_before_a_build_waits_on_it_for_ever(minimal_course):
    import os

    image = minimal_course / "media" / "teacher.png"
    image.unlink()
    os.mkfifo(image)
    result = load_course(minimal_course)
    assert [d.format(relative_to=minimal_course) for d in result.diagnostics] == [
        "media/teacher.png: is not an ordinary file (a device or a pipe): remove it"]
