"""plx_peer_review's calibration, range scoring, reviewing grade (and its own component) and the
staff dry run, over the XBlock's JSON handlers in the in-process workbench (the peer-practice
course: one example to assess first, within one level; reviewing worth 5 points)."""
from __future__ import annotations

import json
import re

import pytest

from tests.workbench_django import usages

from .test_block import call, people_on, state

TASK, REVIEWING = "plx_peer_review.1", "plx_peer_review.2"
TEXT = ("Pupils will mark one paragraph of a partner's work with two stars and a wish, then rewrite one sentence. "
        "I will read the rewrites and stop writing long comments at home, which saves an hour a week.")
EXPERT_REASON = "Pupils use lesson time to act on every code."
GOOD = {"action": 2, "time": 4}
OVERALL = "A workable routine: say how you will know pupils act on the feedback."


@pytest.fixture
def practice(learner_factory):
    """Four fresh learners and staff on the peer-practice task, its rows emptied first."""
    return people_on(learner_factory, TASK)


def submit(usage, learner):
    call(learner, usage, "peer_submit", {"text": f"{TEXT} ({learner.name})", "confirm": True})


def calibrate(usage, learner, levels=None):
    return call(learner, usage, "peer_calibrate", {"example": "codes", "levels": levels or GOOD})


def review_next(usage, learner, levels=None):
    token = state(call(learner, usage, "peer_next")["html"])["current"]["token"]
    return call(learner, usage, "peer_review", {"token": token, "levels": levels or GOOD, "overall": OVERALL})


def test_calibration_comes_first_and_reveals_nothing_before_the_attempt(practice):
    usage, people = practice
    ann = people["ann"]
    submit(usage, ann)
    page = call(ann, usage, "switch_language", {"lang": "en"})["html"]  # the block alone (the workbench's
    mine = state(page)["calibration"]                                   # page also prints the block's fields)
    assert mine["example"]["id"] == "codes" and mine["feedback"] is None and mine["required"] == 1
    assert "Practise first: example 1 of 1" in page and "four marking codes" in page
    assert EXPERT_REASON not in page and '"expert"' not in page  # neither reasons nor levels before trying
    error = call(ann, usage, "peer_next", status=409)["error"]
    assert error.startswith("Assess the example response first")
    far = calibrate(usage, ann, {"action": 0, "time": 4})
    assert far["message"] == "Not yet: read the expert's reasons, then assess the example again."
    feedback = state(far["html"])["calibration"]["feedback"]
    assert [(c["id"], c["verdict"], c["expert"]) for c in feedback["criteria"]] == [
        ("action", "lower", None), ("time", "same", 4)]
    assert EXPERT_REASON in far["html"] and "the expert chose a higher level" in far["html"]
    assert state(far["html"])["calibration"]["example"]["previous"] == {"action": 0, "time": 4}  # try again from there
    passed = calibrate(usage, ann, {"action": 1, "time": 5})
    assert passed["message"] == "Thank you: compare your assessment with the expert's below."
    assert "Close: you chose Partly and the expert chose Clearly." in passed["html"]
    assert state(passed["html"])["calibration"]["complete"] is True
    call(ann, usage, "peer_calibrate", {"example": "codes", "levels": GOOD}, status=409)  # done already


def test_calibration_input_is_checked(practice):
    usage, people = practice
    ann = people["ann"]
    submit(usage, ann)
    assert call(ann, usage, "peer_calibrate", {"example": "codes"}, status=400)
    assert call(ann, usage, "peer_calibrate", {"example": "codes", "levels": {"action": 2, "time": 9}},
                status=400)["error"] == "That level does not exist for criterion time."
    assert call(ann, usage, "peer_calibrate", {"example": 5, "levels": GOOD}, status=400)
    assert call(ann, usage, "peer_calibrate", {"example": "stickers", "levels": GOOD}, status=409)
    assert call(people["bob"], usage, "peer_calibrate", {"example": "codes", "levels": GOOD}, status=409)[
        "error"] == "Submit your own response before reviewing others."


def test_range_band_review_mean_grade_and_reviewing_grade(practice, events):
    usage, people = practice
    for name in ("ann", "bob", "cat"):
        submit(usage, people[name])
        calibrate(usage, people[name])
    ann, bob, cat = people["ann"], people["bob"], people["cat"]
    token = state(call(ann, usage, "peer_next")["html"])["current"]["token"]
    assert call(ann, usage, "peer_review", {"token": token, "levels": {"action": 2, "time": 6}, "overall": OVERALL},
                status=400)
    call(ann, usage, "peer_review", {"token": token, "levels": {"action": 2, "time": 2}, "overall": OVERALL})  # inside "Some" (1-3)
    review_next(usage, ann, {"action": 1, "time": 3})
    for learner in (bob, cat):
        review_next(usage, learner, {"action": 2, "time": 3})
        review_next(usage, learner, {"action": 1, "time": 2})
    page = ann.page(TASK)
    mine = state(page)
    assert mine["received"]["aggregate"] == "mean" and mine["grade"]["final"]
    assert "The average (mean) points per criterion, from 2 reviews" in page
    assert set(mine["reviewing"]) >= {"points", "max_points", "final"} and mine["reviewing"]["max_points"] == 5
    assert mine["reviewing"]["final"] and "Your reviewing grade: " in page
    assert 'counts as "Peer reviewing", 20% of your course grade' in page
    # The reviewing-grade component shows the same and publishes it as its own score.
    reviewing_usage = usages(ann.page(REVIEWING))["plx_peer_review"]
    assert reviewing_usage != usage
    html = ann.page(REVIEWING)
    assert "Reviewing: Plan a feedback routine" in html and f"Your reviewing grade: {mine['reviewing']['points']}" in html
    published = [e for e in events if e[1] == "grade" and e[2]["max_value"] == 5.0]
    assert published and published[-1][2]["value"] == float(mine["reviewing"]["points"])
    assert "Your reviewing grade appears here" in people["dan"].page(REVIEWING)  # dan has not reviewed


def test_staff_see_the_reviewers_table(practice):
    usage, people = practice
    for name in ("ann", "bob", "cat"):
        submit(usage, people[name])
        calibrate(usage, people[name])
    for _round in range(2):
        for name in ("ann", "bob", "cat"):
            review_next(usage, people[name], {"action": 0, "time": 0} if name == "cat" else GOOD)
    panel = call(people["staff"], usage, "staff_progress")["staff_html"]
    assert "Reviewers (those to look at first are at the top)" in panel
    outliers = re.findall(r"<tr data-plx-outlier>\s*<th scope=\"row\">([^<]+)</th>", panel)
    assert outliers == [people["cat"].name] and "Far from the other reviewers" in panel


def test_a_whole_dry_run_touches_no_learner_data(practice, events):
    usage, people = practice
    staff, ann = people["staff"], people["ann"]
    call(staff, usage, "switch_language", {"lang": "en"})  # the same staff user as the Welsh test
    submit(usage, ann)
    before = call(staff, usage, "staff_progress")["staff_html"]
    assert call(ann, usage, "peer_dry_run", {"start": True}, status=403)["error"] == "Only the course team can do this."
    real_draft = state(staff.page(TASK))["draft_key"]
    started = call(staff, usage, "peer_dry_run", {"start": True})
    assert started["message"].startswith("Dry run started")
    assert state(started["html"])["draft_key"] not in ("", real_draft)  # a dry-run draft stays out of the real box
    assert state(started["html"])["dry_run"] == {"active": True, "samples": 2}
    assert "Leave the dry run" in started["html"] and "Show progress and reports" not in started["html"]
    events.clear()
    call(staff, usage, "peer_submit", {"text": TEXT, "confirm": True})
    calibrate(usage, staff, {"action": 2, "time": 5})
    for _round in range(2):
        review_next(usage, staff)
    mine = state(staff.page(TASK))
    assert mine["given"] == 2 and mine["grade"]["final"] and len(mine["received"]["reviews"]) == 2
    assert "This is a sample review for the dry run" in staff.page(TASK)
    assert mine["reviewing"]["final"]
    assert not [e for e in events if e[1] in ("grade", "completion")]  # nothing published to the LMS
    # Learners and the staff panel see none of it.
    assert state(ann.page(TASK))["response"]["status"] == "submitted"
    ended = call(staff, usage, "peer_dry_run", {"start": False})
    assert ended["message"] == "Dry run ended: everything you did in it was deleted."
    assert state(ended["html"])["response"] is None and state(ended["html"])["dry_run"]["active"] is False
    assert call(staff, usage, "staff_progress")["staff_html"] == before


def test_the_dry_run_in_welsh(practice):
    usage, people = practice
    staff = people["staff"]
    call(staff, usage, "switch_language", {"lang": "cy"})
    started = call(staff, usage, "peer_dry_run", {"start": True})
    assert started["message"].startswith("Dechreuodd y rhediad prawf")
    assert "Gadael y rhediad prawf" in started["html"]
    call(staff, usage, "peer_submit", {"text": TEXT, "confirm": True})
    page = staff.page(TASK)
    assert "Ymarfer yn gyntaf: enghraifft 1 o 1" in page and "pedwar cod marcio" in page  # the Welsh example
    calibrate(usage, staff)
    review_next(usage, staff)
    answer = review_next(usage, staff)
    assert answer["message"] == "Diolch: cafodd eich adolygiad ei gadw."
    assert "Adolygiad enghreifftiol ar gyfer y rhediad prawf" in answer["html"]
    assert "Eich gradd adolygu:" in answer["html"]
    call(staff, usage, "peer_dry_run", {"start": False})
    assert json.dumps(state(staff.page(TASK))).count("sample:") == 0


def test_staff_with_a_response_of_their_own_practise_like_learners(practice):
    usage, people = practice
    staff = people["staff"]
    call(staff, usage, "switch_language", {"lang": "en"})  # the same staff user as the Welsh test
    submit(usage, people["ann"])
    assert state(staff.page(TASK))["calibration"] is None  # reviewing as staff: no practice asked
    submit(usage, staff)
    assert call(staff, usage, "peer_next", status=409)["error"].startswith("Assess the example response first")
    assert state(staff.page(TASK))["calibration"]["example"]["id"] == "codes"  # and the form to do it is there
    calibrate(usage, staff)
    assert state(call(staff, usage, "peer_next")["html"])["current"] is not None
