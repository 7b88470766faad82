"""Peer review through the LTI runtime: three learners submit and review each other anonymously;
their grades reach the platform once final; staff see the roster's names, learners never do."""
from __future__ import annotations

import re
import uuid

from .tooling import LtiLearner

PROPOSAL = ("We will replace written marking with whole-class feedback on Fridays, so that every pupil acts "
            "on one target the next lesson and teachers spend the saved hour planning responses together. ")


def proposal(n: int) -> str:
    return PROPOSAL * 2 + f"Version {n}."


def test_three_learners_review_each_other_and_get_grades(tool, platform):
    context = "peer-" + uuid.uuid4().hex[:6]
    names = {f"p{i}-{uuid.uuid4().hex[:6]}": name for i, name in enumerate(("Ann Ash", "Bob Birch", "Cat Cedar"))}
    platform.members = [{"user_id": sub, "name": name, "roles": ["Learner"], "status": "Active"}
                        for sub, name in names.items()]
    learners = [LtiLearner(tool, platform, sub, context=context) for sub in names]
    for n, me in enumerate(learners):
        answer = me.call("peer_review", "peer_submit", {"text": proposal(n), "confirm": True})
        assert answer.status_code == 200, answer.text
    for me in learners:
        for _round in range(2):
            view = me.call("peer_review", "peer_next").json()["html"]
            token = re.search(r'data-plx-token="([^"]+)"', view).group(1)
            for sub, name in names.items():
                assert sub not in view and name not in view  # anonymous both ways
            if me is learners[0] and _round == 0:  # the overall comment is required (issue 14.7)
                refused = me.call("peer_review", "peer_review", {"token": token, "levels": {"impact": 2}})
                assert refused.status_code == 400 and refused.json()["field"] == "overall", refused.text
            done = me.call("peer_review", "peer_review", {"token": token, "levels": {"impact": 2},
                                                          "overall": "Clear and workable."})
            assert done.status_code == 200, done.text
    final = learners[0].call("peer_review", "load_state").json()
    assert final["grade"] == {"points": 2, "max_points": 2, "final": True, "source": "peers"}
    posted = {s["userId"]: s for s in platform.scores if s["userId"] in names and s["scoreMaximum"] == 2.0}
    assert set(posted) == set(names)
    assert all(s["scoreGiven"] == 2.0 and s["gradingProgress"] == "FullyGraded" for s in posted.values())
    peer_items = [i for i in platform.line_items if i["resourceId"].startswith("peer:")]
    assert {s["lineitem"] for s in posted.values()} <= {i["id"] for i in peer_items}


def test_staff_see_names_from_the_roster_and_learners_cannot_open_the_panel(tool, platform):
    context = "staff-" + uuid.uuid4().hex[:6]
    sub = "l-" + uuid.uuid4().hex[:6]
    platform.members = [{"user_id": sub, "name": "Dee Dogwood", "roles": [
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"], "status": "Active"}]
    me = LtiLearner(tool, platform, sub, context=context)
    me.call("peer_review", "peer_submit", {"text": proposal(9), "confirm": True})
    refused = me.call("peer_review", "staff_progress")
    assert refused.status_code == 403 and "course team" in refused.json()["error"]
    teacher = LtiLearner(tool, platform, "t-" + uuid.uuid4().hex[:6], context=context, roles=("Instructor",))
    assert "Course team" in teacher.html
    panel = teacher.call("peer_review", "staff_progress")
    assert panel.status_code == 200, panel.text
    html = panel.json()["staff_html"]
    assert "Dee Dogwood" in html and "data-plx-roster" in html
    report = teacher.http.get(f"{teacher.prefix}staff/{teacher.blocks['peer_review']}/report")
    assert "Dee Dogwood" in report.text
    assert me.http.get(f"{me.prefix}staff/{me.blocks['peer_review']}/report").status_code == 403


def test_a_report_keeps_the_response_in_the_queue_and_staff_see_who_made_it(tool, platform):
    """Issue 11.14 in the LTI runtime: the reported response is still handed out; the reporter's
    name is in the staff panel only."""
    context = "report-" + uuid.uuid4().hex[:6]
    names = {f"r{i}-{uuid.uuid4().hex[:6]}": name for i, name in enumerate(("Eve Elm", "Fay Fir", "Gus Gorse"))}
    platform.members = [{"user_id": sub, "name": name, "roles": ["Learner"], "status": "Active"}
                        for sub, name in names.items()]
    eve, fay, gus = (LtiLearner(tool, platform, sub, context=context) for sub in names)
    for n, me in enumerate((eve, fay, gus)):
        assert me.call("peer_review", "peer_submit", {"text": proposal(n), "confirm": True}).status_code == 200
    view = eve.call("peer_review", "peer_next").json()["html"]
    token = re.search(r'data-plx-token="([^"]+)"', view).group(1)
    reported = eve.call("peer_review", "peer_flag", {"token": token, "target": "submission", "reason": "copied"})
    assert reported.status_code == 200 and reported.json()["message"] == \
        "Thank you. The course team will look at your report."
    for me in (fay, gus):
        assert me.call("peer_review", "peer_next").json()["html"].count("data-plx-token") == 1
    teacher = LtiLearner(tool, platform, "t-" + uuid.uuid4().hex[:6], context=context, roles=("Instructor",))
    html = teacher.call("peer_review", "staff_progress").json()["staff_html"]
    assert re.search(r'<th scope="row">Eve Elm</th>\s*<td>The response by (Fay Fir|Gus Gorse)</td>', html)
    assert "(flagged)" not in html  # one report hides nothing
    assert "Eve Elm" not in fay.call("peer_review", "load_state").text


def test_a_learner_turns_reminder_mail_off_and_self_review_waits_for_the_policy(tool, platform):
    context = "notices-" + uuid.uuid4().hex[:6]
    me = LtiLearner(tool, platform, "n-" + uuid.uuid4().hex[:6], context=context)
    me.call("peer_review", "peer_submit", {"text": proposal(3), "confirm": True})
    off = me.call("peer_review", "peer_notices", {"send": False})
    assert off.status_code == 200, off.text
    assert off.json()["message"] == "You will get no more email reminders."
    assert me.call("peer_review", "load_state").json()["notices"] == {"opted_out": True}
    refused = me.call("peer_review", "peer_self_review", {"levels": {"impact": 2}})
    assert refused.status_code == 409 and refused.json()["error"] == "Your response does not need a self-review now."


def test_a_learner_alone_after_the_review_period_completes_with_a_self_review(tmp_path_factory):
    """Issue 17.3 through LTI: a task whose waiting ended (``until`` long past), one learner: they
    are released from reviewing, asked for a self-review (no staff step after it: with one, its
    days would be long over too), and that grade reaches the platform."""
    from plxblocks.lti.testing import FakePlatform

    from .tooling import lti_course, register_platform, running_tool

    folder = tmp_path_factory.mktemp("lti-waiting")
    content = lti_course(folder)
    unit = content / "minimal" / "modules" / "basics" / "first-steps" / "unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace(
        "    reviews_to_receive: 2\n", "    reviews_to_receive: 2\n    waiting:\n      until: 2020-01-01\n"
                                      "      fallback: [fewer_peers, self]\n"), encoding="utf-8")
    platform = FakePlatform()
    try:
        with running_tool(folder / "data", content) as base:
            register_platform(folder / "data", content, platform.registration)
            platform.tool_jwks_url = base + "/lti/jwks"
            sub = "alone-" + uuid.uuid4().hex[:6]
            me = LtiLearner(base, platform, sub, context="waiting-" + uuid.uuid4().hex[:6])
            me.call("peer_review", "peer_submit", {"text": proposal(4), "confirm": True})
            state = me.call("peer_review", "load_state").json()
            assert state["released"] is True and state["wait"]["phase"] == "self"
            assert state["wait"]["deadline"] == "2020-01-01"
            done = me.call("peer_review", "peer_self_review", {"levels": {"impact": 2}, "comment": "Fair."})
            assert done.status_code == 200, done.text
            assert "Daw eich gradd" not in done.json()["html"] and "Your grade comes from your self-review." in (
                done.json()["html"])
            posted = [s for s in platform.scores if s["userId"] == sub and s["scoreMaximum"] == 2.0]
            assert posted and posted[-1]["scoreGiven"] == 2.0 and posted[-1]["gradingProgress"] == "FullyGraded"
    finally:
        platform.close()
