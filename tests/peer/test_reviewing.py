"""The reviewing grade: each review scored by agreement with the other reviews of the same work (or
staff's grade), helpfulness folded in, when it is final, and the reviewers staff should look at."""
from dataclasses import replace

import pytest

from plxblocks.peer import api
from plxblocks.peer.reviewing import credit

from .helpers import RULES, review, scope, submission_id, submitted

GRADED = replace(RULES, reviewer_points=10, reviews_to_give=2, reviews_to_receive=3)
TOP = {"evidence": 3, "impact": 4}
LOW = {"evidence": 0, "impact": 0}
MID = {"evidence": 1, "impact": 2}


@pytest.mark.parametrize(("mine", "comparison", "expected"), [
    (2, 2, 1.0), (1, 1.5, 1.0), (2, 1.5, 1.0), (1, 2, 0.5), (0, 1.5, 0.5), (3, 1.5, 0.5), (0, 2, 0.0), (3, 0.5, 0.0)])
def test_credit_per_criterion(mine, comparison, expected):
    assert credit(mine, comparison) == expected


def _assigned(s, reviewer, author, levels):
    token = api.assign_reviewer(s, submission_id(s, author), reviewer)
    api.submit_review(s, reviewer, token, levels)


def test_a_review_is_scored_against_the_median_of_the_others(db):
    s = scope(db, rules=GRADED)
    submitted(s, "ann", "bob", "cat", "dan")
    _assigned(s, "bob", "ann", MID)
    assert [x.against for x in api.review_scores(s)] == ["none"]  # nothing to compare with yet
    _assigned(s, "cat", "ann", MID)
    _assigned(s, "dan", "ann", TOP)
    scores = {x.reviewer: x for x in api.review_scores(s)}
    # bob: others are cat (1, 1) and dan (3, 2) in levels -> median (2, 1.5): evidence one level off, impact agreed
    assert (scores["bob"].agreement, scores["bob"].against) == (0.75, "peers")
    assert scores["dan"].agreement == 0.25  # others (1, 1): evidence two levels off, impact one
    grade = api.reviewing_grade(s, "dan", required=2)
    assert (grade.points, grade.max_points, grade.scored, grade.final, grade.percent) == (2.5, 10, 1, False, 25)


def test_staff_grade_is_the_comparison_where_staff_graded(db):
    s = scope(db, rules=GRADED)
    submitted(s, "ann", "bob", "cat")
    _assigned(s, "bob", "ann", TOP)
    _assigned(s, "cat", "ann", TOP)
    assert {x.agreement for x in api.review_scores(s)} == {1.0}
    api.override_grade(s, "staff-1", submission_id(s, "ann"), LOW)
    scores = api.review_scores(s)
    assert {(x.against, x.agreement) for x in scores} == {("staff", 0.0)}


def test_helpfulness_share_and_a_final_grade(db):
    s = scope(db, rules=replace(GRADED, helpfulness_share=20))
    submitted(s, "ann", "bob", "cat")
    _assigned(s, "bob", "ann", TOP)
    _assigned(s, "cat", "ann", TOP)
    _assigned(s, "bob", "cat", LOW)
    _assigned(s, "ann", "cat", MID)
    ann_reviews = {r.token: r for r in api.received(s, _row(s, "ann")).reviews}
    bob_token = next(t for t, r in ann_reviews.items() if r.levels == TOP)
    api.rate_review(s, "ann", bob_token, False)  # ann found one of the two reviews unhelpful
    bob = api.reviewing_grade(s, "bob", required=2)
    # review of ann: agreement 1, not helpful -> 0.8; review of cat: vs ann's (1, 1): 0.5 and 0.5 -> 0.5 (unrated)
    assert (bob.scored, bob.pending, bob.final, bob.points, bob.agreement) == (2, 0, True, 6.5, 0.75)
    cat = api.reviewing_grade(s, "cat", required=2)
    assert (cat.given, cat.final) == (1, False)  # one review of the two asked for


def _row(s, learner):
    from plxblocks.peer.models import Submission

    return Submission.objects.using(s.using).get(task_id=s.task_id(), learner=learner)


def test_staff_see_reviewers_far_from_the_others_and_those_who_give_everyone_the_same(db):
    s = scope(db, rules=replace(GRADED, reviews_to_give=3))
    learners = ("ann", "bob", "cat", "dan", "eve", "fay")
    submitted(s, *learners)
    # ann's work is strong, bob's middling, cat's weak: ann, bob, cat and fay see it; eve gives
    # everyone the top levels; dan gets it the wrong way round.
    truth, dan = {"ann": TOP, "bob": MID, "cat": LOW}, {"ann": LOW, "bob": TOP, "cat": TOP}
    for author in truth:
        for reviewer in learners:
            if reviewer != author:
                levels = TOP if reviewer == "eve" else dan[author] if reviewer == "dan" else truth[author]
                _assigned(s, reviewer, author, levels)
    rows = {r.reviewer: r for r in api.reviewer_table(s)}
    assert rows["eve"].same_levels == (3, 2) and rows["eve"].outlier
    assert rows["dan"].far and rows["dan"].same_levels is None
    assert {name for name, row in rows.items() if row.outlier} == {"dan", "eve"}
    assert rows["eve"].agreement == pytest.approx(5 / 12)  # (1 + 0.25 + 0) / 3
    assert rows["fay"].agreement == 0.75  # honest, but two bad reviewers of five pull the median


def test_alike_work_given_alike_levels_is_not_an_outlier(db):
    s = scope(db, rules=GRADED)
    submitted(s, "ann", "bob", "cat")
    for author in ("ann", "bob", "cat"):
        for reviewer in ("ann", "bob", "cat"):
            if reviewer != author:
                _assigned(s, reviewer, author, MID)
    assert not [r for r in api.reviewer_table(s) if r.outlier]


def test_removed_reviews_do_not_count_and_scores_follow(db):
    s = scope(db, rules=GRADED)
    submitted(s, "ann", "bob", "cat")
    _assigned(s, "bob", "ann", TOP)
    _assigned(s, "cat", "ann", LOW)
    cat_review = next(r for r in api.detail(s, submission_id(s, "ann"))["reviews"] if r["reviewer"] == "cat")
    api.moderate_review(s, "staff-1", cat_review["id"], remove=True)
    assert [(x.reviewer, x.against) for x in api.review_scores(s)] == [("bob", "none")]


def test_learner_state_of_a_task_without_reviewer_grade(db):
    s = scope(db)
    submitted(s, "ann", "bob")
    review(s, "ann")
    assert api.reviewing_grade(s, "ann", required=2).max_points == 0
