"""Reviewing, rating and flagging, and every abuse case: a clear error and no change."""
from dataclasses import replace

import pytest

from plxblocks.peer import api
from plxblocks.peer.models import Allocation, Review, Score

from .helpers import (
    GOOD,
    RULES,
    assert_counters,
    author_of,
    review,
    scope,
    snapshot,
    submitted,
)


@pytest.fixture
def held(db):
    """ann, bob and cat have submitted; bob holds ann's submission for review."""
    s = scope(db)
    submitted(s, "ann", "bob", "cat")
    return s, api.next_submission(s, "bob")


def test_a_review_is_stored_with_levels_and_comments(held):
    s, given = held
    count = api.submit_review(s, "bob", given.token, {"evidence": "3", "impact": 2},
                              {"evidence": "  Clear examples.  ", "impact": ""}, "Thank you!")
    assert count == 1
    row = Review.objects.using(s.using).get()
    assert (row.reviewer, row.points, row.overall_comment, row.submission.learner) == ("bob", 5, "Thank you!", "ann")
    assert dict(Score.objects.using(s.using).values_list("criterion", "comment")) == {
        "evidence": "Clear examples.", "impact": ""}
    assert_counters(s.using)


BAD_REVIEWS = [
    ({"evidence": 2}, None, "", "missing_criteria", "Choose a level for every criterion (1 missing)."),
    ({}, None, "", "missing_criteria", "Choose a level for every criterion (2 missing)."),
    ({"evidence": 9, "impact": 4}, None, "", "bad_level", "That level does not exist for criterion evidence."),
    ({"evidence": 2, "impact": 3}, None, "", "bad_level", "That level does not exist for criterion impact."),
    ({"evidence": True, "impact": 4}, None, "", "bad_level", "That level does not exist for criterion evidence."),
    ({"evidence": 2.0, "impact": 4}, None, "", "bad_level", "That level does not exist for criterion evidence."),
    ({"evidence": None, "impact": 4}, None, "", "bad_level", "That level does not exist for criterion evidence."),
    ({**GOOD, "style": 1}, None, "", "unknown_criterion", "There is no criterion called style."),
    ([2, 4], None, "", "bad_levels", "Choose a level for every criterion."),
    ("evidence=2", None, "", "bad_levels", "Choose a level for every criterion."),
    (GOOD, {"style": "nice"}, "", "unknown_criterion", "There is no criterion called style."),
    (GOOD, ["nice"], "", "bad_comments", "Comments must be given per criterion."),
    (GOOD, {"evidence": 5}, "", "bad_field", "Comment must be text."),
    (GOOD, {"evidence": "x" * (RULES.max_comment_chars + 1)}, "", "too_long",
     f"Comment is {RULES.max_comment_chars + 1} characters long; the limit is {RULES.max_comment_chars}."),
    (GOOD, None, "y" * (RULES.max_overall_chars + 1), "too_long",
     f"Overall comment is {RULES.max_overall_chars + 1} characters long; the limit is {RULES.max_overall_chars}."),
    (GOOD, None, {"not": "text"}, "bad_field", "Overall comment must be text."),
]


@pytest.mark.parametrize(("levels", "comments", "overall", "code", "message"), BAD_REVIEWS)
def test_bad_reviews_are_refused_and_change_nothing(held, levels, comments, overall, code, message):
    s, given = held
    before = snapshot(s.using)
    with pytest.raises(api.PeerError) as error:
        api.submit_review(s, "bob", given.token, levels, comments, overall)
    assert (error.value.code, error.value.message, error.value.status) == (code, message, 400)
    assert snapshot(s.using) == before


@pytest.mark.parametrize(("setting", "overall", "code"), [
    ("required", "", "overall_required"), ("required", " \n\t ", "overall_required"),
    ("none", "A comment the task has no place for.", "overall_not_taken")])
def test_the_overall_comment_is_held_to_the_tasks_setting(db, setting, overall, code):
    """``overall_comment`` (issue 14.7): required refuses a review without one (blank is none),
    none refuses one; the refusal names the page's field and changes nothing."""
    s = scope(db, rules=replace(RULES, overall_comment=setting))
    submitted(s, "ann", "bob")
    given = api.next_submission(s, "bob")
    before = snapshot(s.using)
    with pytest.raises(api.PeerError) as error:
        api.submit_review(s, "bob", given.token, GOOD, None, overall)
    assert (error.value.code, error.value.field, error.value.status) == (code, "overall", 400)
    assert snapshot(s.using) == before
    accepted = "" if setting == "none" else "Clear steps; add how you will know it worked."
    assert api.submit_review(s, "bob", given.token, GOOD, None, accepted) == 1


def test_the_rules_take_the_tasks_overall_comment_setting():
    from plxblocks.course import load_course
    from tests.conftest import DATA

    task = next(b for b in load_course(DATA / "minimal").course.blocks() if b.kind == "peer_review")
    assert api.Rules.from_block(task).overall_comment == "required"
    assert api.Rules.from_block(replace(task, overall_comment="none")).overall_comment == "none"
    with pytest.raises(ValueError, match="overall_comment"):
        replace(RULES, overall_comment="sometimes")


@pytest.mark.parametrize("token", ["", None, 17, "0" * 32, "not-a-token"])
def test_reviewing_something_not_allocated_is_refused(held, token):
    s, _given = held
    before = snapshot(s.using)
    with pytest.raises(api.PeerError) as error:
        api.submit_review(s, "bob", token, GOOD)
    assert (error.value.code, error.value.status) == ("not_allocated", 403)
    assert snapshot(s.using) == before


def test_reviewing_with_someone_elses_token_is_refused(held):
    s, given = held
    before = snapshot(s.using)
    for intruder in ("cat", "ann"):  # another reviewer; the author herself
        with pytest.raises(api.PeerError) as error:
            api.submit_review(s, intruder, given.token, GOOD)
        assert error.value.code == "not_allocated"
    assert snapshot(s.using) == before


def test_reviewing_twice_is_refused(held):
    s, given = held
    api.submit_review(s, "bob", given.token, GOOD)
    before = snapshot(s.using)
    with pytest.raises(api.PeerError) as error:
        api.submit_review(s, "bob", given.token, {"evidence": 0, "impact": 0})
    assert (error.value.code, error.value.status) == ("already_reviewed", 409)
    assert snapshot(s.using) == before


def test_review_of_a_removed_submission_is_refused(held):
    s, given = held
    api.moderate_submission(s, "staff", api.progress(s)[0].submission_id, remove=True)
    with pytest.raises(api.PeerError) as error:
        api.submit_review(s, "bob", given.token, GOOD)
    assert error.value.code == "allocation_cancelled"
    assert_counters(s.using)


def _received_token(s, author="ann"):
    state = api.learner_state(s, author)
    return state.received.reviews[0].token


def _give_required(s, learner):
    while api.reviews_given(s, learner) < RULES.reviews_to_give:
        review(s, learner)


def test_rating_a_received_review(held):
    s, given = held
    api.submit_review(s, "bob", given.token, GOOD)
    _give_required(s, "ann")
    token = _received_token(s)
    api.rate_review(s, "ann", token, True)
    api.rate_review(s, "ann", token, False)  # may change their mind
    assert api.learner_state(s, "ann").received.reviews[0].helpful is False
    before = snapshot(s.using)
    for who, tok, value, code in (("bob", token, True, "no_review"), ("cat", token, True, "no_review"),
                                  ("ann", "nope", True, "no_review"), ("ann", token, "yes", "bad_rating"),
                                  ("ann", token, None, "bad_rating")):
        with pytest.raises(api.PeerError) as error:
            api.rate_review(s, who, tok, value)
        assert error.value.code == code
    assert snapshot(s.using) == before


def test_one_report_keeps_the_submission_in_the_queue_and_gives_the_reporter_another(held):
    """Issue 11.14: one report used to hide the work from everyone until staff looked."""
    s, given = held
    api.flag_submission(s, "bob", given.token, "Contains a pupil's full name")
    row = api.progress(s)[0]
    assert (row.learner, row.moderation, row.flags) == ("ann", "visible", 1)
    assert not api.learner_state(s, "ann").response.hidden
    again = api.next_submission(s, "bob")
    assert author_of(s, again.token) == "cat"
    assert author_of(s, api.next_submission(s, "cat").token) == "ann"  # still handed out to others
    with pytest.raises(api.PeerError) as error:
        api.flag_submission(s, "bob", given.token, "again")
    assert error.value.code == "already_flagged"
    with pytest.raises(api.PeerError) as error:
        api.flag_submission(s, "cat", given.token, "not mine to flag")
    assert error.value.code == "not_allocated"
    with pytest.raises(api.PeerError) as error:
        api.flag_submission(s, "cat", again.token, "z" * (RULES.max_overall_chars + 1))
    assert error.value.code == "too_long"
    assert_counters(s.using)


def test_enough_independent_reports_hide_a_submission_until_staff_decide(db):
    s = scope(db, rules=replace(RULES, reports_to_hide=2))
    submitted(s, "ann", "bob", "cat", "dan")
    reporters = []
    for reviewer in ("bob", "cat", "dan"):
        given = api.next_submission(s, reviewer)
        if author_of(s, given.token) == "ann" and len(reporters) < 2:
            api.flag_submission(s, reviewer, given.token, f"{reviewer} is worried")
            reporters.append(reviewer)
        else:
            api.submit_review(s, reviewer, given.token, GOOD)
    assert len(reporters) == 2
    rows = {r.learner: r for r in api.progress(s)}
    assert (rows["ann"].moderation, rows["ann"].flags) == ("flagged", 2)
    assert api.learner_state(s, "ann").response.hidden
    handed = set()
    for reviewer in ("bob", "cat", "dan"):
        result = api.next_submission(s, reviewer)
        if isinstance(result, api.Assignment):
            handed.add(author_of(s, result.token))
            api.submit_review(s, reviewer, result.token, GOOD)
    assert "ann" not in handed
    assert_counters(s.using)


def test_a_learner_may_make_only_so_many_reports(db):
    """Issue 11.14: one learner reported each of the 6 responses they were given, and all 6 were hidden."""
    s = scope(db, rules=replace(RULES, reviews_to_give=6, reviews_to_receive=6, max_reports=2))
    others = ["ann", "bob", "cat", "dan", "eve", "fay"]
    submitted(s, *others, "mal")
    outcomes = []
    for _ in others:
        given = api.next_submission(s, "mal")
        try:
            api.flag_submission(s, "mal", given.token, "I report everything")
            outcomes.append("reported")
        except api.PeerError as error:
            assert (error.code, error.status) == ("too_many_reports", 409)
            assert error.message == ("You have already made the most reports allowed on this task (2). "
                                     "If something else worries you, tell the course team.")
            before = snapshot(s.using)
            with pytest.raises(api.PeerError):
                api.flag_submission(s, "mal", given.token)
            assert snapshot(s.using) == before  # a refused report changes nothing
            api.submit_review(s, "mal", given.token, GOOD)
            outcomes.append("reviewed")
    assert outcomes == ["reported", "reported", "reviewed", "reviewed", "reviewed", "reviewed"]
    rows = {r.learner: r for r in api.progress(s)}
    assert all(rows[name].moderation == "visible" for name in others)  # nobody's work is hidden
    assert rows["mal"].reports_made == 2


def test_reports_of_reviews_count_towards_the_limit(held):
    s, given = held
    s.rules = replace(s.rules, max_reports=1)
    api.submit_review(s, "bob", given.token, GOOD)
    _give_required(s, "ann")
    api.flag_review(s, "ann", _received_token(s), "Unkind")
    reviewed = Allocation.objects.using(s.using).filter(reviewer="ann").first()  # one ann reviewed
    with pytest.raises(api.PeerError) as error:
        api.flag_submission(s, "ann", reviewed.token, "and this")
    assert error.value.code == "too_many_reports"


def test_reports_sent_at_once_cannot_pass_the_limit(db):
    """Three reports by one learner at the same moment, from three workers, with a limit of one:
    exactly one is recorded (the report number is unique per learner and task; the losers are run
    again and refused). On MariaDB and PostgreSQL the three transactions really overlap."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from plxblocks.peer.models import Flag

    rules = replace(RULES, reviews_to_give=3, max_reports=1)
    s = scope(db, rules=rules)
    submitted(s, "ann", "bob", "cat", "mal")
    tokens = [review(s, "mal").token for _ in range(3)]
    start = threading.Barrier(len(tokens))

    def report(token):
        start.wait()
        try:
            api.flag_submission(scope(db, rules=rules), "mal", token, "at once")
            return "reported"
        except api.PeerError as error:
            return error.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(tokens)) as pool:
        outcomes = sorted(pool.map(report, tokens))
    assert outcomes == ["reported", "too_many_reports", "too_many_reports"]
    assert Flag.objects.using(db).filter(flagger="mal").count() == 1


def test_flagging_a_review_hides_it_and_it_stops_counting(held):
    s, given = held
    api.submit_review(s, "bob", given.token, GOOD, overall="You should be ashamed")
    _give_required(s, "ann")
    token = _received_token(s)
    api.flag_review(s, "ann", token, "Unkind")
    state = api.learner_state(s, "ann")
    assert state.received.reviews == [] and state.grade.reviews == 0
    assert api.progress(s)[0].flags == 1 and api.progress(s)[0].received == 0
    with pytest.raises(api.PeerError) as error:
        api.flag_review(s, "ann", token, "again")
    assert error.value.code == "no_review"  # hidden now: not hers to act on any more
    assert_counters(s.using)


def test_only_the_author_may_flag_a_review(held):
    s, given = held
    api.submit_review(s, "bob", given.token, GOOD)
    token = Review.objects.using(s.using).get().token
    before = snapshot(s.using)
    for who in ("bob", "cat"):
        with pytest.raises(api.PeerError) as error:
            api.flag_review(s, who, token, "x")
        assert (error.value.code, error.value.status) == ("no_review", 404)
    assert snapshot(s.using) == before


def test_report_limits_come_from_the_settings_and_bad_ones_stop_the_app():
    from django.test import override_settings

    from plxblocks.peer.rules import check_report_settings, report_settings

    assert report_settings() == {"max_reports": 3, "reports_to_hide": 3} and check_report_settings() == []
    with override_settings(PLX_PEER_MAX_REPORTS=5, PLX_PEER_REPORTS_TO_HIDE=1):
        assert report_settings() == {"max_reports": 5, "reports_to_hide": 1} and check_report_settings() == []
    with override_settings(PLX_PEER_MAX_REPORTS=0, PLX_PEER_REPORTS_TO_HIDE="two"):
        assert [(e.id, e.msg) for e in check_report_settings()] == [
            ("plx.E002", "PLX_PEER_MAX_REPORTS must be a whole number of at least 1, got 0"),
            ("plx.E002", "PLX_PEER_REPORTS_TO_HIDE must be a whole number of at least 1, got 'two'")]
