"""Answer cues: the validator warns, at each check's line, when the correct option's place or length
gives it away across a course, and stays quiet when they are spread as chance would spread them."""
from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from plxblocks.course import load_course
from plxblocks.course.cues import MIN_CHECKS, answer_cues, chance_of_at_least, course_checks

UNIT = "modules/basics/first-steps/unit.yaml"


def option(option_id: str, text: str, correct: bool) -> str:
    flag = "\n        correct: true" if correct else ""
    return (f"      - id: {option_id}{flag}\n"
            f"        text: {{en: {text}, cy: {text}}}\n"
            f"        feedback: {{en: Because., cy: Oherwydd.}}\n")


def check(index: int, correct_at: int, longest_at: int) -> str:
    options = "".join(
        option(f"o{i}", ("A much longer option than the others " if i == longest_at else "Short ") + f"{index}{i}",
               i == correct_at) for i in range(4))
    return (f"  - check: q{index}\n"
            f"    question: {{en: Question {index}?, cy: Cwestiwn {index}?}}\n"
            f"    options:\n{options}"
            f"    explanation: {{en: Why., cy: Pam.}}\n")


def write_checks(course: Path, places: list[tuple[int, int]]) -> list[int]:
    """Replace the unit's blocks by checks with the correct and the longest option at these places;
    returns each check's line."""
    body = "title: {en: Checks, cy: Gwiriadau}\nblocks:\n"
    lines = []
    for index, (correct_at, longest_at) in enumerate(places):
        lines.append(body.count("\n") + 1)
        body += check(index, correct_at, longest_at)
    (course / UNIT).write_text(body, encoding="utf-8")
    for md in (course / UNIT).parent.glob("*.md"):
        md.unlink()
    return lines


def cue_warnings(result) -> list:
    return [d for d in result.diagnostics.warnings if "learners can guess" in d.message]


def test_correct_options_always_first_and_longest_are_reported_at_each_check(minimal_course):
    lines = write_checks(minimal_course, [(0, 0)] * 10)
    result = load_course(minimal_course)
    warnings = cue_warnings(result)
    assert [(d.path, d.line) for d in warnings] == [(minimal_course / UNIT, line) for line in lines]
    assert warnings[0].format(relative_to=minimal_course).startswith(
        f"{UNIT}:{lines[0]}: warning: learners can guess this check's answer: the correct option is ")
    assert "the first (10 of 10 checks of this course; about 2 by chance)" in warnings[0].message
    assert "the longest in English (10 of 10 checks" in warnings[0].message
    assert "the longest in Welsh (10 of 10 checks" in warnings[0].message
    assert result.ok, "a cue is a warning, not an error"


def test_places_and_lengths_spread_evenly_give_no_warning(minimal_course):
    # Every position holds the correct option 3 times in 12; the longest option is correct in 3 of 12.
    places = [(i % 4, (i % 4) if i % 4 == 0 else (i + 1) % 4) for i in range(12)]
    write_checks(minimal_course, places)
    result = load_course(minimal_course)
    assert cue_warnings(result) == []
    cues = {cue.name: cue for cue in answer_cues(course_checks(result.course))}
    assert [len(cues[name].hits) for name in ("first", "second", "third", "fourth", "last")] == [3, 3, 3, 3, 3]
    assert len(cues["longest (English)"].hits) == 3 and cues["longest (English)"].expected == 3.0


def test_a_cue_in_fewer_checks_than_the_minimum_says_too_little_to_report(minimal_course):
    write_checks(minimal_course, [(0, 0)] * (MIN_CHECKS - 1))
    assert cue_warnings(load_course(minimal_course)) == []


def test_a_mild_lean_is_not_reported(minimal_course):
    # 4 of 12 correct options first (33% against 25% by chance): within what chance gives.
    places = [(0, 1)] * 4 + [(1, 2)] * 3 + [(2, 3)] * 3 + [(3, 0)] * 2
    write_checks(minimal_course, places)
    assert cue_warnings(load_course(minimal_course)) == []


@pytest.mark.parametrize("probabilities", [[0.25] * 6, [0.25, 0.5, 0.2, 0.6, 0.25]])
def test_the_chance_of_a_count_matches_counting_every_outcome(probabilities):
    for hits in range(len(probabilities) + 1):
        brute = sum(math.prod(p if hit else 1 - p for p, hit in zip(probabilities, outcome, strict=True))
                    for outcome in itertools.product((True, False), repeat=len(probabilities))
                    if sum(outcome) >= hits)
        assert chance_of_at_least(hits, probabilities) == pytest.approx(brute)


def test_the_approximation_for_big_courses_is_close_to_the_exact_chance():
    from plxblocks.course import cues

    probabilities = [0.25] * 300 + [0.2] * 100
    exact = chance_of_at_least(115, probabilities)
    original = cues.EXACT_UP_TO
    try:
        cues.EXACT_UP_TO = 10
        assert chance_of_at_least(115, probabilities) == pytest.approx(exact, rel=0.1)
    finally:
        cues.EXACT_UP_TO = original
