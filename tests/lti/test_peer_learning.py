"""Calibration, the reviewing grade (its own gradebook column where the course counts reviewing)
and the staff dry run through the LTI runtime (the peer-practice course)."""
from __future__ import annotations

import re
import uuid

from .tooling import PRACTICE_UNIT, LtiLearner

TEXT = ("Pupils will mark one paragraph of a partner's work with two stars and a wish, then rewrite one sentence. "
        "I will read the rewrites and stop writing long comments at home, which saves an hour a week.")
GOOD = {"action": 2, "time": 4}


def _learner(tool, platform, context, sub=None, **launch):
    return LtiLearner(tool, platform, sub or "p-" + uuid.uuid4().hex[:6], context=context, target=PRACTICE_UNIT,
                      **launch)


def _review_next(me, levels):
    view = me.call("peer_review", "peer_next").json()["html"]
    token = re.search(r'data-plx-token="([^"]+)"', view).group(1)
    answer = me.call("peer_review", "peer_review", {"token": token, "levels": levels,
                                                    "overall": "Clear steps; say how you will know it worked."})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_learners_calibrate_review_and_their_reviewing_grades_reach_the_platform(tool, platform):
    context = "practice-" + uuid.uuid4().hex[:6]
    learners = [_learner(tool, platform, context) for _ in range(3)]
    for n, me in enumerate(learners):
        assert me.call("peer_review", "peer_submit", {"text": f"{TEXT} ({n})", "confirm": True}).status_code == 200
        refused = me.call("peer_review", "peer_next")
        assert refused.status_code == 409 and refused.json()["error"].startswith("Assess the example response first")
        answer = me.call("peer_review", "peer_calibrate", {"example": "codes", "levels": {"action": 1, "time": 5}})
        assert answer.status_code == 200 and "Close: you chose Partly" in answer.json()["html"]
    for me in learners:
        _review_next(me, GOOD)
        last = _review_next(me, GOOD)
    assert "Your reviewing grade: 5 out of 5." in last["html"]
    reviewing = [i for i in platform.line_items if i["resourceId"].startswith("reviewing:")]
    assert len({i["resourceId"] for i in reviewing}) == 1 and reviewing[0]["scoreMaximum"] == 5
    posted = {s["userId"] for s in platform.scores if s["lineitem"] in {i["id"] for i in reviewing}}
    assert posted >= {me.sub for me in learners}


def test_a_dry_run_through_lti_publishes_nothing_and_leaves_no_rows(tool, platform):
    context = "dry-" + uuid.uuid4().hex[:6]
    teacher = _learner(tool, platform, context, "t-" + uuid.uuid4().hex[:6], roles=("Instructor",))
    learner = _learner(tool, platform, context)
    assert learner.call("peer_review", "peer_dry_run", {"start": True}).status_code == 403
    started = teacher.call("peer_review", "peer_dry_run", {"start": True}).json()
    assert "Leave the dry run" in started["html"]
    scores_before = len(platform.scores)
    assert teacher.call("peer_review", "peer_submit", {"text": TEXT, "confirm": True}).status_code == 200
    assert teacher.call("peer_review", "peer_calibrate", {"example": "codes", "levels": GOOD}).status_code == 200
    _review_next(teacher, GOOD)
    done = _review_next(teacher, GOOD)
    assert "This is a sample review for the dry run" in done["html"]
    assert len(platform.scores) == scores_before  # nothing posted to the gradebook
    panel = teacher.call("peer_review", "staff_progress").json()["staff_html"]
    assert "Nobody has written a response yet." in panel  # the dry run is not in the real task's progress
    ended = teacher.call("peer_review", "peer_dry_run", {"start": False}).json()
    assert ended["message"] == "Dry run ended: everything you did in it was deleted."
    assert "Start a dry run" in ended["html"]
    assert "Nobody has written a response yet." in teacher.call("peer_review", "staff_progress").json()["staff_html"]
