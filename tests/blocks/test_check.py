"""plx_check in the workbench runtime: answering, attempts, show-answer, grades, bad input."""
from __future__ import annotations

import json
import re

import pytest


def state(response):
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def refused(response, status=400):
    assert response.status_code == status, response.content
    body = json.loads(response.content)
    assert body["error"]
    return body


def test_wrong_then_right_publishes_grades_and_completion(unit, events):
    learner, blocks = unit
    check = blocks["plx_check"]
    wrong = state(learner.post(check, "submit_answer", {"selected": ["grade"]}))
    assert wrong["correct"] is False and wrong["attempts_used"] == 1 and wrong["explanation_html"] is None
    assert wrong["feedback"] == [{"option": "grade", "correct": False, "html": "<p>Not on its own.</p>\n"}]
    right = state(learner.post(check, "submit_answer", {"selected": ["improve"]}))
    assert right["correct"] is True and right["score"] == 1.0
    assert "Feedback should move learning on." in right["explanation_html"]
    grades = [data for kind, event, data in events if event == "grade"]
    assert [(g["value"], g["max_value"]) for g in grades] == [(0.0, 1.0), (1.0, 1.0)]
    assert ("plx_check", "completion", {"completion": 1.0}) in events
    refused(learner.post(check, "submit_answer", {"selected": ["improve"]}), 409)


def test_show_answer_only_after_the_last_attempt(unit):
    learner, blocks = unit
    check = blocks["plx_check"]
    refused(learner.post(check, "show_answer", {}), 409)
    learner.post(check, "submit_answer", {"selected": ["grade"]})
    refused(learner.post(check, "show_answer", {}), 409)
    last = state(learner.post(check, "submit_answer", {"selected": ["grade"]}))
    assert last["correct"] is False and last["explanation_html"] and last["correct_ids"] is None
    refused(learner.post(check, "submit_answer", {"selected": ["improve"]}), 409)
    shown = state(learner.post(check, "show_answer", {}))
    assert shown["correct_ids"] == ["improve"]


def test_state_survives_a_reload_and_is_per_learner(unit, learner_factory):
    learner, blocks = unit
    learner.post(blocks["plx_check"], "submit_answer", {"selected": ["grade"]})
    assert '"attempts_used": 1' in learner.page()
    assert state(learner.post(blocks["plx_check"], "load_state", {}))["selected"] == ["grade"]
    other = learner_factory(learner.name + "-other")
    assert state(other.post(blocks["plx_check"], "load_state", {}))["attempts_used"] == 0


def page_order(page: str) -> list[str]:
    start = page.index("data-block-type='plx_check'")
    return re.findall(r'data-plx-option="([^"]+)"', page[start:page.index("</form>", start)])


def test_each_learner_has_an_order_of_options_that_stays_across_reloads(unit, learner_factory):
    learner, blocks = unit
    check = blocks["plx_check"]
    order = state(learner.post(check, "load_state", {}))["order"]
    assert sorted(order) == ["grade", "improve"]
    assert page_order(learner.page()) == order and page_order(learner.page()) == order
    learner.post(check, "submit_answer", {"selected": ["grade"]})
    assert state(learner.post(check, "load_state", {}))["order"] == order, "answering does not reshuffle"
    orders = {tuple(state(learner_factory(f"shuffle-{n}").post(check, "load_state", {}))["order"])
              for n in range(12)}
    assert orders == {("grade", "improve"), ("improve", "grade")}, "learners get different orders"


@pytest.mark.parametrize("body, field, message", [
    ({}, "selected", "Missing field: selected."),
    ({"selected": "improve"}, "selected", "Wrong type for selected."),
    ({"selected": [1]}, "selected", "Wrong type for selected."),
    ({"selected": []}, "answer", "Choose an answer before you submit."),
    ({"selected": ["nope"]}, "answer", "That answer is not one of the options."),
    ({"selected": ["improve", "grade"]}, "answer", "Choose only one answer."),
    ({"selected": ["improve"], "extra": True}, None, "Unknown field: extra."),
    ([1, 2], None, "The request must be a JSON object."),
])
def test_bad_answers_get_a_json_error_beside_the_field(unit, body, field, message):
    learner, blocks = unit
    error = refused(learner.post(blocks["plx_check"], "submit_answer", body))
    assert error == {"error": message, "field": field}
    assert state(learner.post(blocks["plx_check"], "load_state", {}))["attempts_used"] == 0


def test_malformed_json_and_get_are_refused(unit):
    learner, blocks = unit
    assert refused(learner.post(blocks["plx_check"], "submit_answer", "{oops", raw=True))["error"] == \
        "The request was not valid JSON."
    assert refused(learner.get(blocks["plx_check"], "submit_answer"), 405)["error"] == "Send this request with POST."
    assert refused(learner.post(blocks["plx_check"], "submit_answer", b"\xff\xfe", raw=True))["field"] is None


def test_errors_follow_the_learners_language(unit):
    learner, blocks = unit
    assert "Cyflwyno" in state(learner.post(blocks["plx_check"], "switch_language", {"lang": "cy"}))["html"]
    error = refused(learner.post(blocks["plx_check"], "submit_answer", {"selected": []}))
    assert error["error"] == "Dewiswch ateb cyn cyflwyno."


def test_the_block_view_does_not_contain_the_answer(unit):
    learner, _ = unit
    page = learner.page()
    # The workbench prints the scenario's XML under the blocks; look at the check's view only.
    start = page.index("data-block-type='plx_check'")
    page = page[start:page.index("data-block-type=", start + 30)]
    assert "Moving learning on" in page
    assert "Not on its own." not in page and "Feedback should move learning on." not in page
