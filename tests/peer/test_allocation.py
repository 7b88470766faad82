"""Every allocation rule: order, never own, never twice, hidden work, leases, quota, waiting."""
import pytest

from plxblocks.peer import api
from plxblocks.peer.models import Allocation

from .helpers import (
    GOOD,
    RULES,
    Clock,
    assert_counters,
    author_of,
    review,
    scope,
    snapshot,
    submission_id,
    submitted,
)


def test_reviewer_must_submit_first(db):
    s = scope(db)
    submitted(s, "ann")
    with pytest.raises(api.PeerError) as error:
        api.next_submission(s, "bob")
    assert (error.value.code, error.value.status) == ("not_submitted", 409)
    api.save_draft(s, "bob", "a draft is not enough")
    with pytest.raises(api.PeerError):
        api.next_submission(s, "bob")


def test_oldest_first_among_equally_reviewed_and_never_own(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat", "dan")
    first = api.next_submission(s, "ann")
    assert author_of(s, first.token) == "bob"  # ann's own is older but never hers
    assert author_of(s, api.next_submission(s, "bob").token) == "ann"  # oldest with none in progress
    assert author_of(s, api.next_submission(s, "cat").token) == "dan"  # ann's and bob's are in progress
    assert author_of(s, api.next_submission(s, "dan").token) == "cat"
    assert_counters(db)


def test_fewest_reviews_first(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat", "dan")
    review(s, "cat")  # ann's gets a review
    review(s, "dan")  # bob's gets a review
    assert author_of(s, review(s, "ann").token) == "cat"   # 0 reviews beats older ones with 1
    assert author_of(s, review(s, "bob").token) == "dan"
    assert author_of(s, api.next_submission(s, "cat").token) == "bob"  # all have 1: oldest not own, not done
    assert_counters(db)


def test_one_at_a_time_and_a_reload_gives_the_same(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat")
    first = api.next_submission(s, "ann")
    again = api.next_submission(s, "ann")
    assert (again.token, again.resumed, first.resumed) == (first.token, True, False)
    assert api.current_assignment(s, "ann").token == first.token
    assert Allocation.objects.using(db).filter(reviewer="ann").count() == 1


def test_never_the_same_submission_twice(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat")
    seen = {author_of(s, review(s, "ann").token), author_of(s, review(s, "ann").token)}
    assert seen == {"bob", "cat"}
    assert api.next_submission(s, "ann") == api.Waiting(ahead=0, waiting=2, queued=True)


def test_withdrawn_and_hidden_submissions_are_never_handed_out(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat", "dan", "eve")
    rows = {r.learner: r.submission_id for r in api.progress(s)}
    api.withdraw(s, rows["bob"])
    api.moderate_submission(s, "staff", rows["cat"], remove=True)
    given = api.next_submission(s, "eve")  # dan's: ann's is older, so eve gets it; then check the rest
    api.flag_submission(s, "eve", given.token, "rude")
    handed = {author_of(s, api.next_submission(s, x).token) for x in ("eve",)}
    assert handed.isdisjoint({"bob", "cat", author_of(s, given.token)})
    assert_counters(db)


def test_expired_lease_goes_to_someone_else_and_the_late_review_still_counts(db):
    clock = Clock()
    s = scope(db, clock)
    submitted(s, "ann", "bob", "cat")
    held = api.next_submission(s, "bob")
    assert author_of(s, held.token) == "ann"
    assert held.expires_at == clock.now + RULES.lease
    clock.advance(minutes=29)
    assert author_of(s, api.next_submission(s, "cat").token) == "bob"  # ann's still held by bob
    api.submit_review(s, "cat", api.current_assignment(s, "cat").token, GOOD)
    clock.advance(minutes=2)  # bob's lease ran out
    assert api.release_expired(s) == 1
    assert api.current_assignment(s, "bob") is None
    assert author_of(s, api.next_submission(s, "cat").token) == "ann"
    assert api.submit_review(s, "bob", held.token, GOOD) == 1  # bob took 31 minutes: not lost
    assert Allocation.objects.using(db).get(token=held.token).state == "done"
    assert_counters(db)


def test_own_expired_lease_is_released_when_asking_again(db):
    clock = Clock()
    s = scope(db, clock)
    submitted(s, "ann", "bob", "cat")
    first = api.next_submission(s, "ann")
    clock.advance(hours=1)
    again = api.next_submission(s, "ann")
    assert again.resumed is False and again.expires_at == clock.now + RULES.lease
    # Her lapsed lease was released; bob's is still first in the queue, so she gets it again, renewed.
    assert (author_of(s, again.token), again.token) == ("bob", first.token)
    assert_counters(db)


def test_lease_length_is_configurable(db):
    clock = Clock()
    s = scope(db, clock, rules=api.Rules(criteria=RULES.criteria, lease=RULES.lease / 6))
    submitted(s, "ann", "bob")
    assert api.next_submission(s, "ann").expires_at == clock.now + RULES.lease / 6


def _reviewed_by(s, author, *reviewers):
    """Staff give *author*'s submission to each reviewer, who reviews it."""
    for reviewer in reviewers:
        api.submit_review(s, reviewer, api.assign_reviewer(s, submission_id(s, author), reviewer), GOOD)


def test_quota_reached_stops_hand_outs_while_others_wait(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat", "dan")
    _reviewed_by(s, "ann", "bob", "cat")  # ann's has its quota of 2; it is also the oldest
    handed = [api.next_submission(s, reviewer) for reviewer in ("dan", "bob", "cat")]
    assert [author_of(s, a.token) for a in handed] == ["bob", "cat", "dan"]
    assert not any(a.over_quota for a in handed)
    assert_counters(db)


def test_over_quota_only_when_nothing_else_is_waiting(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat")
    _reviewed_by(s, "ann", "bob", "cat")
    _reviewed_by(s, "bob", "ann", "cat")
    submitted(s, "dan")
    first = review(s, "dan")  # cat's has none: below quota, so it comes before ann's and bob's
    assert author_of(s, first.token) == "cat" and not first.over_quota
    second = api.next_submission(s, "dan")  # only ann's and bob's are left for dan, both at quota
    assert author_of(s, second.token) == "ann" and second.over_quota
    assert_counters(db)


def test_staff_lowered_quota_applies_to_hand_outs(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat")
    api.set_requirements(s, give=None, receive=1, due=None)
    assert author_of(s, review(s, "bob").token) == "ann"
    assert author_of(s, review(s, "cat").token) == "bob"  # ann's has 1 = the lowered quota


def test_waiting_says_how_many_are_ahead(db):
    s = scope(db)
    submitted(s, "ann")
    assert api.next_submission(s, "ann") == api.Waiting(ahead=0, waiting=0, queued=True)
    submitted(s, "bob", "cat")
    review(s, "cat")  # takes ann's (oldest): ann's now has 1 review
    assert api.waiting(s, "ann") == api.Waiting(ahead=2, waiting=2, queued=True)  # bob's and cat's (no reviews) are ahead
    assert api.waiting(s, "bob") == api.Waiting(ahead=0, waiting=2, queued=True)
    # Someone with no response of their own has no place in the queue (not "0 ahead of yours").
    assert api.waiting(s, "dan") == api.Waiting(ahead=0, waiting=3, queued=False)


def test_staff_may_review_without_submitting_and_it_counts(db):
    s = scope(db)
    submitted(s, "ann")
    given = api.next_submission(s, "teacher-1", staff=True)
    assert author_of(s, given.token) == "ann"
    api.submit_review(s, "teacher-1", given.token, GOOD)
    assert api.progress(s)[0].received == 1
    assert api.detail(s, api.progress(s)[0].submission_id)["reviews"][0]["staff"] is True


def test_refused_hand_out_changes_nothing(db):
    s = scope(db)
    submitted(s, "ann")
    before = snapshot(db)
    with pytest.raises(api.PeerError):
        api.next_submission(s, "zed")
    assert snapshot(db) == before



def _statements(alias, call):
    """The SQL statements *call* sends, less the transaction's own; and what it returned."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connections[alias]) as captured:
        got = call()
    return [q["sql"] for q in captured.captured_queries
            if q["sql"].split()[0].upper() not in ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")], got


def test_hand_out_and_review_take_a_fixed_few_statements(db):
    """The hot path's round trips (issue 17: each costs CPU on a saturated LMS): a hand-out is the
    task query, the queue, the allocation and the counter; a review is the lock, the close, the
    review, its scores, the counter and the count of reviews given. SQLite adds the write that
    takes its lock. Neither grows with what is already stored."""
    from django.db import connections

    s = scope(db)
    submitted(s, "ann", "bob", "cat", "dan")
    review(s, "cat")  # rows already in every table
    extra = connections[db].vendor == "sqlite"
    handed, given = _statements(db, lambda: api.next_submission(s, "ann"))
    assert len(handed) == 4 + extra, handed
    reviewed, _count = _statements(db, lambda: api.submit_review(s, "ann", given.token, GOOD))
    assert len(reviewed) == 6 + extra, reviewed
    assert_counters(db)
