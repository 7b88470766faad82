"""Reviewing, rating and flagging, and every abuse case: a clear error and no change."""
import pytest

from plxblocks.peer import api
from plxblocks.peer.models import Review, Score

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


def test_flagging_a_submission_hides_it_and_gives_the_reviewer_another(held):
    s, given = held
    api.flag_submission(s, "bob", given.token, "Contains a pupil's full name")
    assert api.progress(s)[0].moderation == "flagged"
    again = api.next_submission(s, "bob")
    assert author_of(s, again.token) == "cat"
    for reviewer in ("cat",):
        assert author_of(s, api.next_submission(s, reviewer).token) != "ann"
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
