"""Calibration: example responses assessed before the first real review, feedback per criterion,
trying again until within the tolerance, and the queue refusing real work until then."""
from dataclasses import replace

import pytest

from plxblocks.peer import api
from plxblocks.peer.models import CalibrationAttempt

from .helpers import GOOD, RULES, review, scope, snapshot, submitted

EXAMPLES = (api.ExampleRule("ex-a", {"evidence": 2, "impact": 4}), api.ExampleRule("ex-b", {"evidence": 0, "impact": 0}))
ONE = replace(RULES, examples=EXAMPLES, calibration_examples=1)
TWO_STRICT = replace(RULES, examples=EXAMPLES, calibration_examples=2, agreement_tolerance=1)


def _refused(call, *args, code):
    with pytest.raises(api.PeerError) as error:
        call(*args)
    assert error.value.code == code, error.value.message
    return error.value


def test_learner_assesses_the_example_before_the_first_real_review(db):
    s = scope(db, rules=ONE)
    submitted(s, "ann", "bob")
    state = api.calibration_state(s, "ann")
    assert (state.required, state.done, state.current, state.feedback) == (1, 0, "ex-a", None)
    error = _refused(api.next_submission, s, "ann", code="calibrate_first")
    assert error.status == 409
    feedback = api.assess_example(s, "ann", "ex-a", {"evidence": 3, "impact": 0})
    assert feedback.passed and not feedback.retry  # no agreement required: one try is enough
    assert [(c.criterion, c.verdict, c.expert, c.distance) for c in feedback.criteria] == [
        ("evidence", "close", 2, 1), ("impact", "lower", 4, -2)]
    state = api.calibration_state(s, "ann")
    assert state.complete and state.feedback == feedback
    assert isinstance(api.next_submission(s, "ann"), api.Assignment)


def test_agreement_required_means_trying_again_without_being_told_the_level(db):
    s = scope(db, rules=TWO_STRICT)
    submitted(s, "ann", "bob")
    far = api.assess_example(s, "ann", "ex-a", {"evidence": 0, "impact": 2})
    assert far.retry and far.attempt == 1
    assert [(c.verdict, c.expert) for c in far.criteria] == [("lower", None), ("close", 4)]  # far one hidden
    state = api.calibration_state(s, "ann")
    assert (state.current, state.attempts, state.previous) == ("ex-a", 1, {"evidence": 0, "impact": 2})
    _refused(api.next_submission, s, "ann", code="calibrate_first")
    _refused(api.assess_example, s, "ann", "ex-b", GOOD, code="not_current_example")  # in order
    near = api.assess_example(s, "ann", "ex-a", {"evidence": 1, "impact": 4})
    assert near.passed and near.attempt == 2
    assert [(c.verdict, c.expert) for c in near.criteria] == [("close", 2), ("same", 4)]  # all shown once passed
    assert api.calibration_state(s, "ann").current == "ex-b"
    api.assess_example(s, "ann", "ex-b", {"evidence": 0, "impact": 0})
    assert api.calibration_state(s, "ann").complete
    _refused(api.assess_example, s, "ann", "ex-b", GOOD, code="not_current_example")  # done: no more attempts
    assert isinstance(api.next_submission(s, "ann"), api.Assignment)
    assert CalibrationAttempt.objects.using(db).filter(learner="ann").count() == 3


def test_exact_agreement_with_tolerance_zero(db):
    s = scope(db, rules=replace(TWO_STRICT, calibration_examples=1, agreement_tolerance=0))
    submitted(s, "ann")
    feedback = api.assess_example(s, "ann", "ex-a", {"evidence": 3, "impact": 4})
    assert feedback.retry and [c.verdict for c in feedback.criteria] == ["higher", "same"]
    assert api.assess_example(s, "ann", "ex-a", dict(EXAMPLES[0].levels)).passed


def test_refused_attempts_change_nothing(db):
    s = scope(db, rules=ONE)
    submitted(s, "bob")
    _refused(api.assess_example, s, "ann", "ex-a", GOOD, code="not_submitted")  # ann has not submitted
    submitted(s, "ann")
    before = snapshot(db)
    for example, levels, code in (("ex-a", {"evidence": 2}, "missing_criteria"),
                                  ("ex-a", {"evidence": 9, "impact": 4}, "bad_level"),
                                  ("ex-a", "levels", "bad_levels"), ("nope", GOOD, "not_current_example"),
                                  (["ex-a"], GOOD, "not_current_example")):
        _refused(api.assess_example, s, "ann", example, levels, code=code)
    assert snapshot(db) == before


def test_staff_and_learners_who_already_reviewed_are_not_held_back(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat")
    review(s, "ann")  # before the task had examples
    s = scope(db, rules=ONE)
    assert not api.calibration_state(s, "ann").complete
    assert isinstance(api.next_submission(s, "ann"), api.Assignment)
    assert isinstance(api.next_submission(s, "staff-1", staff=True), api.Assignment)
    _refused(api.next_submission, s, "bob", code="calibrate_first")


def test_no_examples_no_calibration(db):
    s = scope(db)
    submitted(s, "ann", "bob")
    state = api.calibration_state(s, "ann")
    assert state.complete and state.required == 0
    assert isinstance(api.next_submission(s, "ann"), api.Assignment)


def test_an_example_that_does_not_fit_the_rubric_is_left_out():
    from plxblocks.course.model import Calibration, Example, ExpertLevel, Markdown, Text
    from plxblocks.course.model import PeerReview as Task
    from plxblocks.peer.rules import Rules

    from .helpers import model_rubric

    def example(example_id, points):
        return Example(example_id, Markdown(Text("x", "y"), Text("x", "y")),
                       (ExpertLevel("evidence", points, Text("r", "r")), ExpertLevel("impact", 4, Text("r", "r"))))

    block = Task(id="t", uid="t", source=None, line=0, title=Text(), brief=None, submission=None,
                 rubric=model_rubric(), examples=(example("bad", 9), example("good", 2)),
                 calibration=Calibration(2, 1))
    rules = Rules.from_block(block)
    assert [e.id for e in rules.examples] == ["good"] and rules.calibration_examples == 1
