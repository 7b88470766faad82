"""Grades: per-criterion median, staff override, when a grade stands, and what a learner sees."""
import pytest

from plxblocks.peer import api
from plxblocks.peer.grading import median

from .helpers import GOOD, author_of, review, scope, submission_id, submitted


@pytest.mark.parametrize(("values", "expected"), [([3], 3), ([1, 2], 2), ([0, 4], 2), ([1, 3, 2], 2),
                                                  ([4, 0, 0, 4], 2), ([0, 1, 3, 3], 2), ([2, 2, 4, 4, 0], 2)])
def test_median_rounds_up_between_the_middle_two(values, expected):
    assert median(values) == expected


def test_median_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        median([])


def _reviews_of(s, author, *levels):
    """Staff-assigned reviewers r0, r1... review *author*'s submission with these levels."""
    for n, chosen in enumerate(levels):
        reviewer = f"r{n}"
        api.submit_review(s, reviewer, api.assign_reviewer(s, submission_id(s, author), reviewer, staff_review=True),
                          chosen, {"evidence": f"comment {n}"})


def test_grade_is_the_sum_of_per_criterion_medians(db):
    s = scope(db)
    submitted(s, "ann")
    _reviews_of(s, "ann", {"evidence": 3, "impact": 0}, {"evidence": 1, "impact": 4}, {"evidence": 2, "impact": 4})
    grade = api.grade_of(s, _row(s, "ann"))
    assert (grade.criteria, grade.points, grade.max_points, grade.source, grade.final) == (
        {"evidence": 2, "impact": 4}, 6, 7, "peers", True)


def _row(s, learner):
    from plxblocks.peer.models import Submission

    return Submission.objects.using(s.using).get(learner=learner)


def test_grade_is_not_final_before_enough_reviews(db):
    s = scope(db)
    submitted(s, "ann")
    assert api.grade_of(s, _row(s, "ann")).source == "none"
    _reviews_of(s, "ann", GOOD)
    grade = api.grade_of(s, _row(s, "ann"))
    assert (grade.points, grade.final) == (6, False)
    api.set_requirements(s, give=None, receive=1, due=None)  # staff let it through with one
    assert api.grade_of(s, _row(s, "ann")).final is True


def test_staff_grade_wins_and_can_be_cleared(db):
    s = scope(db)
    submitted(s, "ann")
    _reviews_of(s, "ann", GOOD, GOOD)
    grade = api.override_grade(s, "staff-1", submission_id(s, "ann"), {"evidence": 1, "impact": 0}, "Off topic")
    assert (grade.points, grade.source, grade.final, grade.criteria) == (1, "staff", True, {"evidence": 1, "impact": 0})
    assert api.clear_override(s, submission_id(s, "ann")).points == 6


def test_bad_staff_grade_is_refused(db):
    s = scope(db)
    submitted(s, "ann")
    for levels, code in (({"evidence": 1}, "missing_criteria"), ({"evidence": 1, "impact": 1}, "bad_level")):
        with pytest.raises(api.PeerError) as error:
            api.override_grade(s, "staff-1", submission_id(s, "ann"), levels)
        assert error.value.code == code
    with pytest.raises(api.PeerError) as error:
        api.override_grade(s, "staff-1", 999999, GOOD)
    assert (error.value.code, error.value.status) == ("no_submission", 404)
    assert api.grade_of(s, _row(s, "ann")).source == "none"


def test_learner_sees_received_reviews_only_after_giving_enough(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat")
    review(s, "bob", overall="Lovely routine")   # bob reviews ann's
    state = api.learner_state(s, "ann")
    assert (state.submitted, state.given, state.complete, state.received, state.grade) == (True, 0, False, None, None)
    review(s, "ann")
    review(s, "ann")
    state = api.learner_state(s, "ann")
    assert state.complete and state.given == 2
    assert [r.overall for r in state.received.reviews] == ["Lovely routine"]
    assert state.received.per_criterion == GOOD and not state.publishable  # one review of the two needed
    assert author_of(s, review(s, "cat").token) == "ann"  # all have one review now: the oldest first
    state = api.learner_state(s, "ann")
    assert state.grade.final and state.publishable


def test_staff_can_let_learners_through_with_fewer_reviews_after_the_due_date(db):
    s = scope(db)
    submitted(s, "ann", "bob")
    review(s, "ann")
    assert not api.learner_state(s, "ann").complete
    due = s.now()
    s.clock.advance(days=-1)
    with pytest.raises(api.PeerError) as error:
        api.set_requirements(s, give=1, receive=1, due=due)
    assert error.value.code == "before_due"
    s.clock.advance(days=2)
    api.set_requirements(s, give=1, receive=1, due=due)
    assert api.learner_state(s, "ann").complete
    for give, receive in ((3, 1), (-1, 1), (1, 0), (1, "2"), (True, 1)):
        with pytest.raises(api.PeerError) as error:
            api.set_requirements(s, give=give, receive=receive, due=due)
        assert error.value.code == "bad_requirement"
    api.set_requirements(s, give=None, receive=None, due=due)
    assert api.learner_state(s, "ann").required_to_give == 2


@pytest.mark.parametrize(("values", "expected"), [([3], 3), ([1, 2], 1.5), ([1, 1, 2], 1.3), ([0, 0, 0, 1], 0.3),
                                                  ([1, 2, 2, 2], 1.8), ([0, 1, 1, 1], 0.8), ([2, 2], 2)])
def test_mean_is_to_one_decimal_place_halves_up(values, expected):
    from plxblocks.peer.grading import mean

    assert mean(values) == expected and type(mean(values)) is type(expected)


def test_mean_aggregate_per_task(db):
    from dataclasses import replace

    from .helpers import RULES

    s = scope(db, rules=replace(RULES, aggregate="mean"))
    submitted(s, "ann")
    _reviews_of(s, "ann", {"evidence": 3, "impact": 0}, {"evidence": 0, "impact": 4}, {"evidence": 1, "impact": 4})
    grade = api.grade_of(s, _row(s, "ann"))
    assert (grade.criteria, grade.points) == ({"evidence": 1.3, "impact": 2.7}, 4)  # the median would give 1 + 4
    assert api.received(s, _row(s, "ann")).aggregate == "mean"


def test_range_scoring_accepts_any_point_inside_a_band(db):
    from dataclasses import replace

    from .helpers import RULES

    banded = replace(RULES, criteria=(api.CriterionRule("evidence", (0, 1, 2, 3)),
                                      api.CriterionRule("impact", (0, 4, 8), (3, 7, 10))))
    s = scope(db, rules=banded)
    assert banded.max_points == 13
    submitted(s, "ann")
    _reviews_of(s, "ann", {"evidence": 2, "impact": 6}, {"evidence": 2, "impact": 9})
    grade = api.grade_of(s, _row(s, "ann"))
    assert (grade.criteria, grade.points, grade.max_points) == ({"evidence": 2, "impact": 8}, 10, 13)
    with pytest.raises(api.PeerError) as error:
        api.override_grade(s, "staff-1", submission_id(s, "ann"), {"evidence": 1, "impact": 11})
    assert error.value.code == "bad_level"
    assert api.override_grade(s, "staff-1", submission_id(s, "ann"), {"evidence": 1, "impact": 5}).points == 6
