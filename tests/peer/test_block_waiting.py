"""plx_peer_review's handlers for the waiting policy and mail: opting out, self-review refused
outside the self step, and the task's rules stored for the reminder sweep."""
from __future__ import annotations

from plxblocks.peer.models import NoticeLearner, Task
from plxblocks.peer.registry import scope_of

from .test_block import TEXT, call, state, task  # noqa: F401  (task is a fixture)


def test_a_learner_turns_reminder_mail_off_and_on(task):  # noqa: F811
    usage, people = task
    ann = people["ann"]
    call(ann, usage, "peer_submit", {"text": TEXT, "confirm": True})
    answer = call(ann, usage, "peer_notices", {"send": False})
    assert answer["message"] == "You will get no more email reminders."
    assert state(answer["html"])["notices"] == {"opted_out": True}
    assert 'value="on">Send me email reminders</button>' in answer["html"]
    assert NoticeLearner.objects.get(learner=ann.name).opted_out is True
    answer = call(ann, usage, "peer_notices", {"send": True})
    assert state(answer["html"])["notices"] == {"opted_out": False}
    assert NoticeLearner.objects.get(learner=ann.name).language == "en"


def test_opt_out_input_is_checked(task):  # noqa: F811
    usage, people = task
    error = call(people["ann"], usage, "peer_notices", {"send": "no"}, status=400)
    assert "send" in error["error"]
    call(people["ann"], usage, "peer_notices", {}, status=400)


def test_self_review_is_refused_when_the_policy_does_not_ask_for_it(task):  # noqa: F811
    usage, people = task
    ann = people["ann"]
    error = call(ann, usage, "peer_self_review", {"levels": {"impact": 2}}, status=409)
    assert error["error"] == "Submit your own response first."
    call(ann, usage, "peer_submit", {"text": TEXT, "confirm": True})
    error = call(ann, usage, "peer_self_review", {"levels": {"impact": 2}}, status=409)
    assert error["error"] == "Your response does not need a self-review now."
    error = call(ann, usage, "peer_self_review", {"levels": "high"}, status=400)
    assert "levels" in error["error"]


def test_the_page_stores_the_task_rules_for_the_reminder_sweep(task):  # noqa: F811
    usage, people = task
    people["ann"].page("plx_peer_review.0")
    row = Task.objects.get(item_id=usage)
    assert row.policy["about"]["title"] == {"en": "Redesign a routine", "cy": "Ailgynllunio trefn"}
    rebuilt = scope_of(row, "default")
    assert rebuilt.rules.criteria[0].id == "impact" and rebuilt.rules.waiting is None
    assert state(people["ann"].page("plx_peer_review.0").split('data-plx-kind=peer_review', 1)[-1])["wait"] is None


def test_the_staff_table_marks_grades_from_self_reviews_and_responses_waiting_for_a_tutor():
    from plxblocks.course import load_course
    from plxblocks.render.environment import render_template
    from tests.conftest import DATA

    block = next(b for u in load_course(DATA / "minimal").course.units for b in u.blocks if b.kind == "peer_review")
    row = {"id": 1, "name": "Ann", "status": "submitted", "moderation": "visible", "given": 0, "received": 0,
           "in_progress": 0, "points": 0, "max_points": 2, "final": False, "source": "none", "flags": 0,
           "reports_made": 0}
    rows = [{**row, "needs_staff": True}, {**row, "id": 2, "name": "Bob", "needs_staff": False, "source": "self",
                                           "final": True, "points": 2}]
    html = render_template("peer_review_staff.html", lang="en", dom_id="p", block=block, panel={"rows": rows, "reports": []},
                           detail=None, report_url="r")
    assert "0 / 2 <strong>(waited past the review period: needs your grade)</strong>" in html
    assert "2 / 2 (self-review)" in html
