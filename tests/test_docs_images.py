"""The guides' pictures (issue 14): every picture a guide shows exists, says what it shows and
keeps to its size; every picture in docs/images/ is shown somewhere and made by
scripts/docs-screenshots.py; and what that script relies on in the shipped course is still there,
so a content edit that would break `make screenshots` fails here, in `make test`."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<path>[^)\s]+\.(?:png|jpe?g|svg|gif))\)")
CODE = re.compile(r"^ *```.*?^ *```|`[^`\n]+`", re.DOTALL | re.MULTILINE)
"""Fenced blocks and code spans: their images are examples of course Markdown, not pictures shown."""


def load_script():
    spec = importlib.util.spec_from_file_location("docs_screenshots", ROOT / "scripts" / "docs-screenshots.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


shots = load_script()


def shown() -> list[tuple[Path, str, str]]:
    """``(document, alt text, picture path)`` of every Markdown image in the guides."""
    return [(doc, match["alt"], (doc.parent / match["path"]).resolve())
            for doc in DOCS for match in IMAGE.finditer(CODE.sub("", doc.read_text(encoding="utf-8")))]


def test_every_picture_shown_exists_says_what_it_shows_and_is_small():
    found = shown()
    assert found, "no picture found in the guides: is the pattern right?"
    for doc, alt, path in found:
        where = f"{doc.name}: {path.name}"
        assert path.is_file(), f"{where} does not exist"
        assert len(alt.split()) >= 5, f"{where}: the alt text should say what the picture shows"
        assert path.stat().st_size <= shots.MAX_BYTES, f"{where} is {path.stat().st_size:,} bytes"


def test_every_picture_is_shown_and_made_by_the_script():
    pictures = {path.stem for path in (ROOT / "docs" / "images").glob("*.png")}
    assert pictures == set(shots.SHOTS), "docs/images/ and the script's SHOTS differ: a picture nobody can remake?"
    assert {path.stem for _doc, _alt, path in shown() if path.suffix == ".png"} >= pictures


def test_the_peer_grade_view_is_in_the_peer_review_guide():
    assert "peer-grade" in {path.stem for doc, _alt, path in shown() if doc.name == "peer-review.md"}


INDEX = """<ul>
<li><a href="/scenario/plx_lesson.0/">Course › Module › Feedback as a cycle and more</a></li>
<li><a href="/scenario/plx_lesson.1/">Course › Module › Feedback as a cycle</a></li>
<li><a href="/scenario/plx_check.3/">Course › Module › Feedback as a cycle: which-question</a></li>
<li><a href="/scenario/plx_check.4/">Course › Module › Wiliam&#x27;s five: which-strategy</a></li>
</ul>"""


def test_the_script_finds_a_scenario_by_unit_and_block():
    assert shots.scenario_path(INDEX, "plx_lesson", "Feedback as a cycle") == "/scenario/plx_lesson.1/"
    assert shots.scenario_path(INDEX, "plx_check", "Feedback as a cycle", "which-question") == "/scenario/plx_check.3/"
    assert shots.scenario_path(INDEX, "plx_check", "Wiliam's five", "which-strategy") == "/scenario/plx_check.4/"
    with pytest.raises(SystemExit, match="no plx_check scenario ending '› Feedback as a cycle: timing'"):
        shots.scenario_path(INDEX, "plx_check", "Feedback as a cycle", "timing")


def test_the_units_the_script_photographs_are_in_the_course_once():
    course, check = shots.course_block(*shots.CHECK)
    units = [part for module in course.modules for part in module.units]
    for title in {shots.UNIT, shots.CHECK[0], shots.PEER_TASK[0]}:
        assert [part.title.en for part in units].count(title) == 1, f"the script photographs the unit {title!r}"
    assert check.kind == "check" and any(not option.correct for option in check.options)
    assert shots.course_block(*shots.PEER_TASK)[1].kind == "peer_review"
    reading = next(part for part in units if part.title.en == shots.UNIT)
    assert any(block.kind == "prose" and "<img" in block.body.html.en for block in reading.blocks), \
        "the desktop picture ends at the end of the unit's first image"


def test_the_seeded_reviews_fit_the_task():
    _course, block = shots.course_block(*shots.PEER_TASK)
    points = {criterion.id: {level.points for level in criterion.levels} for criterion in block.rubric}
    for text in (shots.CERI_PLAN, shots.COLLEAGUE_PLAN.format(size=30)):
        assert block.min_words <= len(text.split()) <= block.max_words
    assert len(shots.COLLEAGUES) == block.reviews_to_give == block.reviews_to_receive, \
        "four learners who each review the other three give and receive exactly the task's number"
    assert set(shots.RECEIVED) == set(shots.COLLEAGUES)
    for levels, comments, overall in (*shots.RECEIVED.values(), shots.GIVEN):
        assert overall.strip() or block.overall_comment != "required", "the task refuses a review without one"
        assert set(levels) == set(points)
        assert all(levels[criterion] in points[criterion] for criterion in points)
        assert set(comments) <= set(levels)
    assert shots.LEARNER_MARK in shots.CERI_PLAN and shots.LEARNER_MARK not in shots.COLLEAGUE_PLAN, \
        "the script tells the learner's response from her colleagues' by these words"
