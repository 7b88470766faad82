"""plx_peer_review in the in-process workbench: the learner flow over its JSON handlers, staff
handlers refused to learners, privacy of pages and answers, grade and completion events."""
from __future__ import annotations

import json
import re
import uuid

import pytest

from tests.workbench_django import usages

SCENARIO = "plx_peer_review.0"
TEXT = ("In my Year 5 class I used to mark every book each night with long written comments. " * 4).strip()
SECURE = {"levels": {"impact": 2}, "comments": {"impact": "Clear <b>plan</b>"}, "overall": "Thanks & well done"}
STAFF_HANDLERS = [("staff_progress", {}), ("staff_detail", {"submission": 1}),
                  ("staff_override", {"submission": 1, "levels": {"impact": 2}}),
                  ("staff_moderate", {"submission": 1, "remove": True}),
                  ("staff_assign", {"submission": 1, "reviewer": "x"}),
                  ("staff_release", {"give": 0, "receive": 1})]


@pytest.fixture
def task(learner_factory):
    """Four fresh learners and a member of staff on the minimal course's peer-review task."""
    return people_on(learner_factory, SCENARIO)


def people_on(learner_factory, scenario: str):
    """``(usage id, {name: learner})``: four fresh learners and staff on *scenario*'s task, whose
    peer-review rows are emptied first (the workbench's task is the same in every test)."""
    from .conftest import empty_tables

    empty_tables("default")
    prefix = uuid.uuid4().hex[:6]
    people = {name: learner_factory(f"{name}-{prefix}") for name in ("ann", "bob", "cat", "dan")}
    people["staff"] = learner_factory("staff")
    usage = usages(people["ann"].page(scenario))["plx_peer_review"]
    return usage, people


def call(learner, usage, handler, body=None, status=200):
    response = learner.post(usage, handler, {} if body is None else body)
    assert response.status_code == status, response.content
    return json.loads(response.content)


def state(html: str) -> dict:
    return json.loads(re.search(r"<script type=\"application/json\" data-plx-state>(.*?)</script>", html, re.DOTALL)[1])


def submit_all(usage, people, names=("ann", "bob", "cat", "dan")):
    for name in names:
        call(people[name], usage, "peer_submit", {"text": f"{TEXT} ({name})", "confirm": True})


def review_next(usage, learner):
    answer = call(learner, usage, "peer_next")
    token = state(answer["html"])["current"]["token"]
    return call(learner, usage, "peer_review", {"token": token, **SECURE})


def test_page_renders_for_a_new_learner(task):
    _usage, people = task
    html = people["ann"].page(SCENARIO)
    assert "Redesign a routine" in html and "Submit final response" in html
    block = html[html.index('<div class="plx plx-peer_review"'):]
    assert people["ann"].name not in re.sub(r"student=[\w-]+", "", block)  # only the workbench's own URLs
    assert "Course team" not in html  # no staff panel for a learner


def test_draft_then_confirmed_submission(task):
    usage, people = task
    ann = people["ann"]
    answer = call(ann, usage, "peer_save_draft", {"text": "First thoughts"})
    assert answer["message"] == "Draft saved." and state(answer["html"])["response"]["status"] == "draft"
    assert "First thoughts" in ann.page(SCENARIO)
    error = call(ann, usage, "peer_submit", {"text": TEXT, "confirm": False}, status=400)
    assert error["error"] == "Confirm that you want to submit your final response."
    error = call(ann, usage, "peer_submit", {"text": "Too short", "confirm": True}, status=400)
    assert error["error"] == "Your response has 2 words; it needs at least 50."
    answer = call(ann, usage, "peer_submit", {"text": TEXT, "confirm": True})
    assert state(answer["html"])["response"]["status"] == "submitted"
    error = call(ann, usage, "peer_submit", {"text": TEXT + " again", "confirm": True}, status=409)
    assert error["error"] == "You have already submitted your response."


def test_review_flow_grade_and_completion(task, events):
    usage, people = task
    submit_all(usage, people)
    ann = people["ann"]
    # Bad reviews: a clear error, nothing saved.
    token = state(call(ann, usage, "peer_next")["html"])["current"]["token"]
    assert call(ann, usage, "peer_review", {"token": token, "levels": {}}, status=400)["error"] == \
        "Choose a level for every criterion (1 missing)."
    assert call(ann, usage, "peer_review", {"token": token, "levels": {"impact": 1}}, status=400)["error"] == \
        "That level does not exist for criterion impact."
    assert call(ann, usage, "peer_review", {"token": "f" * 32, **SECURE}, status=403)["error"] == \
        "This submission was not given to you to review."
    assert call(ann, usage, "peer_review", {"token": token, "levels": {"impact": 2}, "x": 1}, status=400)
    # The overall comment is required by default (issue 14.7): refused as JSON at its field, blank too.
    for overall in ({}, {"overall": " \n "}):
        assert call(ann, usage, "peer_review", {"token": token, "levels": {"impact": 2}, **overall}, status=400) == {
            "error": "Write an overall comment: say what works in the response and what would make it better.",
            "field": "overall"}
    call(ann, usage, "peer_review", {"token": token, **SECURE})
    assert call(ann, usage, "peer_review", {"token": token, **SECURE}, status=409)["error"] == \
        "You have already reviewed this submission."
    for name in ("bob", "cat", "dan", "ann", "bob", "cat", "dan", "ann", "bob", "cat", "dan"):
        review_next(usage, people[name])
    mine = state(ann.page(SCENARIO))
    assert mine["given"] == 3 and mine["grade"] == {"points": 2, "max_points": 2, "final": True, "source": "peers"}
    assert [r["overall"] for r in mine["received"]["reviews"]] == ["Thanks & well done"] * 3
    page = ann.page(SCENARIO)
    assert "Thanks &amp; well done" in page and "Clear &lt;b&gt;plan&lt;/b&gt;" in page  # escaped
    grades = [e for e in events if e[1] == "grade"]
    assert {"value": 2.0, "max_value": 2.0} in [g[2] for g in grades]
    assert any(e[1] == "completion" for e in events)


def test_rating_and_reporting_a_received_review(task):
    usage, people = task
    submit_all(usage, people)
    for _round in range(3):
        for name in ("ann", "bob", "cat", "dan"):
            review_next(usage, people[name])
    ann = people["ann"]
    page = ann.page(SCENARIO)
    assert page.count("Report this review as inappropriate") == 3 and "Report this response" not in page
    review = state(page)["received"]["reviews"][0]
    answer = call(ann, usage, "peer_rate", {"token": review["token"], "helpful": True})
    assert state(answer["html"])["received"]["reviews"][0]["helpful"] is True
    call(ann, usage, "peer_flag", {"token": review["token"], "target": "review", "reason": "unkind"})
    assert len(state(ann.page(SCENARIO))["received"]["reviews"]) == 2
    call(people["bob"], usage, "peer_rate", {"token": review["token"], "helpful": False}, status=404)
    call(ann, usage, "peer_flag", {"token": review["token"], "target": "bogus"}, status=400)


def test_learner_answers_carry_no_identities(task):
    usage, people = task
    submit_all(usage, people)
    names = [p.name for k, p in people.items() if k != "staff"]
    answers = [call(people["ann"], usage, "peer_next")]
    assert "Report this response as inappropriate" in answers[0]["html"]
    answers.append(call(people["ann"], usage, "peer_review",
                        {"token": state(answers[0]["html"])["current"]["token"], **SECURE}))
    answers.append(call(people["ann"], usage, "load_state"))
    for answer in answers:
        text = json.dumps(answer)
        assert not [n for n in names if n in text]


@pytest.mark.parametrize(("handler", "body"), STAFF_HANDLERS)
def test_staff_handlers_refuse_learners(task, handler, body):
    usage, people = task
    submit_all(usage, people, ("ann",))
    error = call(people["bob"], usage, handler, body, status=403)
    assert error["error"] == "Only the course team can do this."
    assert people["bob"].get(usage, "staff_report").status_code == 403


def test_staff_panel_override_moderation_and_report(task, events):
    usage, people = task
    submit_all(usage, people, ("ann", "bob"))
    staff = people["staff"]
    assert "Course team" in staff.page(SCENARIO)
    panel = call(staff, usage, "staff_progress")["staff_html"]
    assert people["ann"].name in panel and people["bob"].name in panel  # staff see names
    sid = int(re.search(rf'value="(\d+)">Open {people["ann"].name}<', panel)[1])
    detail = call(staff, usage, "staff_detail", {"submission": sid})["staff_html"]
    assert f"Response by {people['ann'].name}" in detail
    answer = call(staff, usage, "staff_override", {"submission": sid, "levels": {"impact": 2}, "comment": "ok"})
    assert answer["message"] == "The staff grade was saved."
    call(staff, usage, "staff_override", {"submission": sid, "levels": {"impact": 5}}, status=400)
    call(staff, usage, "staff_override", {"submission": 10**9, "levels": {"impact": 2}}, status=404)
    assert call(staff, usage, "staff_moderate", {"submission": sid, "remove": True})["message"] == "Removed."
    call(staff, usage, "staff_moderate", {"submission": sid, "remove": False})
    bob_id = int(re.search(rf'value="(\d+)">Open {people["bob"].name}<', panel)[1])
    call(staff, usage, "staff_assign", {"submission": bob_id, "reviewer": people["ann"].name})
    assert state(people["ann"].page(SCENARIO))["current"] is not None
    call(staff, usage, "staff_assign", {"submission": bob_id, "reviewer": people["bob"].name}, status=409)
    report = staff.get(usage, "staff_report")
    assert report.status_code == 200 and people["ann"].name in report.content.decode()
    call(staff, usage, "staff_release", {"give": 0, "receive": 1})
    call(staff, usage, "staff_release", {"give": None, "receive": None})
    call(staff, usage, "staff_release", {"give": 99, "receive": 1}, status=400)


def test_requests_that_are_not_json_objects_get_json_errors(task):
    usage, people = task
    ann = people["ann"]
    assert ann.post(usage, "peer_next", "not json", raw=True).status_code == 400
    assert ann.post(usage, "peer_next", [1, 2]).status_code == 400
    assert ann.get(usage, "peer_next").status_code == 405
    call(ann, usage, "peer_save_draft", {"text": 5}, status=400)
    call(ann, usage, "peer_next", status=409)  # not submitted yet


def test_errors_and_view_in_welsh(task):
    usage, people = task
    ann = people["ann"]
    html = call(ann, usage, "switch_language", {"lang": "cy"})["html"]
    assert 'lang="cy"' in html and "Ailgynllunio trefn" in html
    error = call(ann, usage, "peer_submit", {"text": "Rhy fyr", "confirm": True}, status=400)
    assert error["error"] == "Mae gan eich ymateb 2 gair; mae angen o leiaf 50."


def test_olx_round_trip_of_the_rubric(minimal_course):
    from plxblocks.course import load_course
    from plxblocks.olx.blocks import PEER, fields_from_model, from_xml, to_xml

    course = load_course(minimal_course).course
    unit, block = next((u, b) for u in course.units for b in u.blocks if b.kind == "peer_review")
    tag, fields = fields_from_model(block, course, unit)
    assert tag == PEER and fields["rubric"][0]["levels"][1]["label_cy"] == "Sicr"
    parsed = from_xml(to_xml(tag, fields))
    assert {k: v for k, v in parsed.items() if v not in ("", None)} == {
        k: v for k, v in fields.items() if v not in ("", None)}


GOOD_RUBRIC = [{"id": "impact", "title_en": "Impact", "levels": [{"points": 0, "label_en": "None"},
                                                                  {"points": 2, "label_en": "Clear"}]}]


@pytest.mark.parametrize("values, message", [
    ({"rubric": []}, "The rubric needs at least one criterion, each with a different id."),
    ({"rubric": GOOD_RUBRIC * 2}, "The rubric needs at least one criterion, each with a different id."),
    ({"rubric": ["impact"]}, "Each rubric criterion needs an id and levels"),
    ({"rubric": [{"id": "impact"}]}, "Each rubric criterion needs an id and levels"),
    ({"rubric": [{"id": "", "levels": []}]}, "Each rubric criterion needs an id and levels"),
    ({"rubric": [{**GOOD_RUBRIC[0], "colour": "red"}]}, "Each rubric criterion needs an id and levels"),
    ({"rubric": [{"id": "impact", "levels": [{"points": "high"}, {"points": 1}]}]},
     "Each rubric criterion needs an id and levels"),
    ({"rubric": [{"id": "impact", "levels": [{"points": True}, {"points": 2}]}]},
     "Each rubric criterion needs an id and levels"),
    ({"rubric": [{"id": "impact", "title_en": 5, "levels": GOOD_RUBRIC[0]["levels"]}]},
     "Each rubric criterion needs an id and levels"),
    ({"rubric": [{"id": "impact", "levels": [{"points": 1}]}]},
     "Criterion impact needs at least two levels with different points, from 0 to 100."),
    ({"rubric": [{"id": "impact", "levels": [{"points": 1}, {"points": 1}]}]},
     "Criterion impact needs at least two levels with different points, from 0 to 100."),
    ({"rubric": [{"id": "impact", "levels": [{"points": -1}, {"points": 1}]}]},
     "Criterion impact needs at least two levels with different points, from 0 to 100."),
    ({"min_words": 900, "max_words": 800}, "Word limits must satisfy"),
    ({"reviews_to_receive": 0}, "Reviews to give must be from 0 to 10, and reviews to receive from 1 to 10."),
    ({"lease_minutes": 0}, "the review time limit must be at least one minute"),
])
def test_studio_refuses_a_rubric_the_learners_page_could_not_show(task, values, message):
    """Issue 11.12: these were saved, and then every learner's page of the task answered 500."""
    usage, people = task
    response = people["staff"].post(usage, "submit_studio_edits", {"values": values, "defaults": []})
    assert response.status_code == 400, response.content
    assert message in response.content.decode()
    assert "Secure" in people["ann"].page(SCENARIO)  # nothing was saved: the page still renders


def test_studio_saves_a_good_rubric_and_explains_a_bad_one_in_welsh(task):
    usage, people = task
    staff = people["staff"]
    from workbench.runtime import WorkbenchRuntime

    original = WorkbenchRuntime("staff").get_block(usage).rubric
    try:
        saved = staff.post(usage, "submit_studio_edits", {"values": {"rubric": GOOD_RUBRIC}, "defaults": []})
        assert saved.status_code == 200, saved.content
        assert state(people["ann"].page(SCENARIO)) is not None
    finally:  # content is shared by every test of the scenario: put it back
        staff.post(usage, "submit_studio_edits", {"values": {"rubric": original}, "defaults": []})
    call(staff, usage, "switch_language", {"lang": "cy"})
    try:
        refused = staff.post(usage, "submit_studio_edits", {"values": {"rubric": []}, "defaults": []})
        assert refused.status_code == 400 and "Mae angen o leiaf un maen prawf" in refused.content.decode()
    finally:  # the staff learner is shared by every test: English again
        call(staff, usage, "switch_language", {"lang": "en"})


def test_staff_report_defuses_a_learner_id_that_starts_a_formula(task, learner_factory):
    """Issue 11.13 through the handler: the workbench's learner id is whatever ``?student=`` says."""
    import csv
    import io

    usage, people = task
    sneaky = learner_factory(f"@SUM(A1)-{uuid.uuid4().hex[:6]}")
    call(sneaky, usage, "peer_submit", {"text": TEXT, "confirm": True})
    report = people["staff"].get(usage, "staff_report")
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(report.content.decode())))
    assert [(r["learner"], r["name"]) for r in rows] == [("'" + sneaky.name, "'" + sneaky.name)]


def test_one_learner_cannot_hide_every_colleagues_response(task, learner_factory):
    """Issue 11.14 through the handlers: a learner who reports each response they are given gets
    three reports (the default), nobody's work is hidden, and staff see who reported what."""
    usage, people = task
    mal = learner_factory(f"mal-{uuid.uuid4().hex[:6]}")
    submit_all(usage, people)
    call(mal, usage, "peer_submit", {"text": TEXT, "confirm": True})
    answers = []
    for _ in range(4):
        token = state(call(mal, usage, "peer_next")["html"])["current"]["token"]
        response = mal.post(usage, "peer_flag", {"token": token, "target": "submission", "reason": "all of them"})
        answers.append((response.status_code, json.loads(response.content).get("message")
                        or json.loads(response.content)["error"]))
    assert answers[:3] == [(200, "Thank you. The course team will look at your report.")] * 3
    assert answers[3] == (409, "You have already made the most reports allowed on this task (3). "
                               "If something else worries you, tell the course team.")
    for name in ("ann", "bob", "cat", "dan"):
        mine = state(people[name].page(SCENARIO))
        assert mine["response"]["hidden"] is False
        assert mal.name not in people[name].page(SCENARIO)  # reporters stay anonymous to learners
    panel = call(people["staff"], usage, "staff_progress")["staff_html"]
    assert "(flagged)" not in panel and "Reports by learners" in panel
    reported = re.findall(r'<th scope="row">' + re.escape(mal.name) + r"</th>\s*<td>The response by ([\w-]+)</td>",
                          panel)
    assert len(reported) == 3 and set(reported) < {people[n].name for n in ("ann", "bob", "cat", "dan")}
    mal_row = re.search(r'<th scope="row">' + re.escape(mal.name) + r"</th>(.*?)</tr>", panel, re.DOTALL)[1]
    assert re.findall(r"<td>(\d+)</td>", mal_row)[-2:] == ["0", "3"]  # reports about it, reports made
    call(mal, usage, "staff_progress", status=403)  # staff only
