"""Nobody stranded (issue 17.3): small cohorts arriving days apart all reach a grade, on the
engine's clock (a fake one moved by hand: nothing sleeps), and the deadlines are whole UK days."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from plxblocks.peer import api
from plxblocks.peer.models import Submission
from plxblocks.peer.waiting import WaitPolicy, last_day, wait_state, waiting_for_staff

from .helpers import GOOD, RULES, Clock, scope, submission_id, submitted

CHAIN = WaitPolicy(wait_days=7, fallback=("fewer_peers", "self", "staff"), min_reviews=1, self_days=3)
COHORT_RULES = replace(RULES, reviews_to_give=3, reviews_to_receive=3, waiting=CHAIN)


# ---------------------------------------------------------------------------------- deadlines
def test_the_waiting_ends_at_the_end_of_a_uk_day():
    policy = WaitPolicy(wait_days=7, fallback=("staff",))
    # Submitted at 23:30 UTC on 1 March = 23:30 in London (GMT): seven days later, end of 8 March.
    assert policy.deadline(datetime(2026, 3, 1, 23, 30, tzinfo=UTC)) == datetime(2026, 3, 9, 0, 0, tzinfo=UTC)
    # In summer time London is UTC+1: 23:30 UTC on 1 June is already 2 June there.
    summer = policy.deadline(datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
    assert summer == datetime(2026, 6, 9, 23, 0, tzinfo=UTC) and last_day(summer) == date(2026, 6, 9)


def test_until_is_the_earliest_day_and_wait_days_the_least_wait():
    both = WaitPolicy(wait_days=3, until=date(2026, 3, 14), fallback=("staff",))
    early, late = datetime(2026, 3, 2, 9, tzinfo=UTC), datetime(2026, 3, 20, 9, tzinfo=UTC)
    assert last_day(both.deadline(early)) == date(2026, 3, 14)
    assert last_day(both.deadline(late)) == date(2026, 3, 23)
    assert last_day(WaitPolicy(until=date(2026, 3, 14), fallback=("staff",)).deadline(late)) == date(2026, 3, 14)


@pytest.mark.parametrize(("received", "self_reviewed", "days", "phase", "by", "then"), [
    (2, False, 1, "waiting", None, "fewer_peers"),  # would stand on the 2 it has
    (0, False, 1, "waiting", None, "self"),         # nothing yet: the author would be asked
    (2, False, 8, "complete", "fewer_peers", None),
    (0, False, 8, "self", None, None),
    (0, True, 8, "complete", "self", None),
    (0, False, 12, "staff", None, None),            # self_days (3) passed with no self-review
    (3, False, 1, "complete", "peers", None),
])
def test_wait_state_follows_the_chain(received, self_reviewed, days, phase, by, then):
    submitted_at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    now = datetime(2026, 3, 2 + days, 9, tzinfo=UTC)
    state = wait_state(CHAIN, submitted_at, received, 3, staff_graded=False, self_reviewed=self_reviewed, now=now)
    assert (state.phase, state.by, state.then) == (phase, by, then)


def test_without_self_the_chain_goes_to_staff_at_once():
    policy = WaitPolicy(wait_days=2, fallback=("fewer_peers", "staff"), min_reviews=2)
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    waiting = wait_state(policy, at, 1, 3, staff_graded=False, self_reviewed=False, now=at)
    assert waiting.then == "staff"
    later = wait_state(policy, at, 1, 3, staff_graded=False, self_reviewed=False, now=datetime(2026, 3, 5, tzinfo=UTC))
    assert later.phase == "staff"
    graded = wait_state(policy, at, 1, 3, staff_graded=True, self_reviewed=False, now=datetime(2026, 3, 5, tzinfo=UTC))
    assert graded.by == "staff"


# -------------------------------------------------------------------------------- the cohorts
def visit(s: api.Scope, learner: str, self_reviews: bool) -> api.LearnerState:
    """One visit of a diligent learner: submit, review whatever is there, self-review when asked."""
    state = api.learner_state(s, learner)
    if not state.submitted:
        submitted(s, learner)
    while True:
        given = api.next_submission(s, learner)
        if not isinstance(given, api.Assignment) or (given.over_quota and state.complete):
            break
        api.submit_review(s, learner, given.token, GOOD)
        state = api.learner_state(s, learner)
    state = api.learner_state(s, learner)
    if self_reviews and state.wait is not None and state.wait.phase == "self":
        api.submit_self_review(s, learner, {"evidence": 1, "impact": 2}, "I rushed the evidence.")
        state = api.learner_state(s, learner)
    return state


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_small_cohorts_arriving_days_apart_all_reach_a_grade(db, size):
    clock = Clock()
    s = scope(db, clock, rules=COHORT_RULES)
    learners = [f"teacher-{n}" for n in range(size)]
    arrivals = {learner: 2 * n for n, learner in enumerate(learners)}  # one every two days
    lazy = learners[-1] if size > 1 else None  # never does a self-review: staff must step in
    staff_graded, finished = 0, set()
    for day in range(25):
        for learner in learners:
            if day >= arrivals[learner] and learner not in finished:
                if visit(s, learner, self_reviews=learner != lazy).publishable:
                    finished.add(learner)
        for sid in waiting_for_staff(s):  # the tutor grades what the policy hands them, each day
            api.override_grade(s, "tutor", sid, {"evidence": 2, "impact": 2}, "Graded by your tutor.")
            staff_graded += 1
        clock.advance(days=1)
    states = {learner: api.learner_state(s, learner) for learner in learners}
    assert all(st.publishable for st in states.values()), {k: (v.given, v.wait, v.released) for k, v in states.items()}
    outcome = [(st.given, st.released, st.grade.source, st.wait.by) for st in states.values()]
    assert outcome == EXPECTED[size]
    assert staff_graded == (1 if size == 5 else 0)


EXPECTED = {
    # alone: nobody to review it, nothing to review: released, and the self-review is the grade
    1: [(0, True, "self", "self")],
    # two or three: each reviews all the others can, is released, and the grade stands on fewer reviews
    2: [(1, True, "peers", "fewer_peers")] * 2,
    3: [(2, True, "peers", "fewer_peers")] * 3,
    # five: the first four get their three reviews; the last arrives after the others finished and
    # never self-reviews, so the tutor grades it when the self step runs out
    5: [(3, False, "peers", "peers")] * 4 + [(3, False, "staff", "staff")],
}


def test_a_learner_with_nothing_to_review_is_released_at_their_deadline(db):
    clock = Clock()
    s = scope(db, clock, rules=COHORT_RULES)
    submitted(s, "ann", "bob")
    for learner in ("ann", "bob"):
        given = api.next_submission(s, learner)
        api.submit_review(s, learner, given.token, GOOD)
    before = api.learner_state(s, "ann")
    assert (before.given, before.released, before.complete) == (1, False, False)
    assert last_day(before.release_by) == date(2026, 3, 9)
    clock.advance(days=7)
    assert api.learner_state(s, "ann").released is False  # still 9 March: the day is not over
    clock.advance(days=1)
    after = api.learner_state(s, "ann")
    assert after.released and after.complete and after.grade.final and after.grade.source == "peers"
    submitted(s, "cat")  # a late arrival gives ann work again, but her completion stands
    assert api.learner_state(s, "ann").complete
    assert Submission.objects.using(db).get(learner="ann").give_released_at is not None


def test_no_release_while_there_is_work_to_review(db):
    clock = Clock()
    s = scope(db, clock, rules=COHORT_RULES)
    submitted(s, "ann", "bob", "cat")
    clock.advance(days=10)
    state = api.learner_state(s, "ann")
    assert not state.released and not state.complete  # two responses are there for ann to review
    assert state.release_by is None  # and no promise of a release that has not come


def test_self_review_only_when_the_policy_asks_for_it(db):
    clock = Clock()
    s = scope(db, clock, rules=COHORT_RULES)
    submitted(s, "ann")
    with pytest.raises(api.PeerError) as refused:
        api.submit_self_review(s, "ann", {"evidence": 1, "impact": 2})
    assert refused.value.code == "no_self_review" and refused.value.status == 409
    clock.advance(days=8)
    with pytest.raises(api.PeerError) as bad:
        api.submit_self_review(s, "ann", {"evidence": 9, "impact": 2})
    assert bad.value.code == "bad_level"
    api.submit_self_review(s, "ann", {"evidence": 1, "impact": 2})
    grade = api.grade_of(s, Submission.objects.using(db).get(learner="ann"))
    assert (grade.source, grade.points, grade.final) == ("self", 3, True)
    with pytest.raises(api.PeerError):
        api.submit_self_review(s, "ann", {"evidence": 3, "impact": 4})  # once only
    row = next(r for r in api.progress(s) if r.learner == "ann")
    assert row.grade.source == "self"  # the staff table agrees with the learner's page


def test_a_late_peer_review_completes_a_submission_in_the_self_step(db):
    clock = Clock()
    s = scope(db, clock, rules=COHORT_RULES)
    submitted(s, "ann")
    clock.advance(days=8)
    assert api.learner_state(s, "ann").wait.phase == "self"
    submitted(s, "bob")
    api.submit_review(s, "bob", api.next_submission(s, "bob").token, GOOD)
    assert api.learner_state(s, "ann").wait.by == "fewer_peers"


def test_staff_grade_wins_over_every_step(db):
    clock = Clock()
    s = scope(db, clock, rules=COHORT_RULES)
    submitted(s, "ann")
    clock.advance(days=12)
    assert waiting_for_staff(s) == [submission_id(s, "ann")]
    api.override_grade(s, "tutor", submission_id(s, "ann"), {"evidence": 3, "impact": 4})
    assert waiting_for_staff(s) == []
    assert api.learner_state(s, "ann").wait.by == "staff"
