"""Studio editing: each block's studio_view lists its editable fields, and edits are saved."""
from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("kind, fields", [
    ("plx_lesson", ["body_en", "body_cy"]),
    ("plx_check", ["question_en", "options", "max_attempts", "weight"]),
    ("plx_journal", ["prompt_cy", "min_words", "max_words", "standards"]),
])
def test_studio_view_lists_the_editable_fields(unit, kind, fields):
    from workbench.runtime import WorkbenchRuntime

    learner, blocks = unit
    runtime = WorkbenchRuntime(learner.name)
    block = runtime.get_block(blocks[kind])
    html = block.studio_view({}).content
    for name in fields:
        assert f'data-field-name="{name}"' in html, name


def test_studio_edits_are_saved(unit):
    learner, blocks = unit

    def edit(values):
        response = learner.post(blocks["plx_journal"], "submit_studio_edits", {"values": values, "defaults": []})
        assert response.status_code == 200, response.content

    edit({"min_words": 5, "prompt_en": "New prompt"})
    try:
        assert "New prompt" in learner.page()
        assert json.loads(learner.post(blocks["plx_journal"], "load_state", {}).content)["complete"] is False
    finally:  # content is shared by every learner of the scenario: put it back
        edit({"min_words": 20, "prompt_en": "How do you give feedback now?"})


@pytest.mark.parametrize("kind, values, message", [
    ("plx_check", {"options": [{"id": "a", "correct": True}]}, "A check needs at least two options with different ids."),
    ("plx_check", {"options": [{"id": "a", "correct": True}, {"id": "a"}]},
     "A check needs at least two options with different ids."),
    ("plx_check", {"options": [{"id": "a"}, {"id": "b"}]}, "A single-answer check needs exactly one correct option"),
    ("plx_check", {"options": "not a list"}, "Wrong type for options."),
    ("plx_check", {"options": ["a", "b"]}, "Each option needs an id and text"),
    ("plx_check", {"options": [{"id": "a", "colour": "red"}, {"id": "b"}]}, "Each option needs an id and text"),
    ("plx_check", {"select": "some"}, "Unknown value for select."),
    ("plx_journal", {"min_words": 50, "max_words": 10}, "Word limits must satisfy"),
    ("plx_journal", {"standards": ["wizardry"]}, "Unknown professional standard: wizardry."),
])
def test_studio_refuses_content_the_view_could_not_show(unit, kind, values, message):
    learner, blocks = unit
    response = learner.post(blocks[kind], "submit_studio_edits", {"values": values, "defaults": []})
    assert response.status_code == 400, response.content
    assert message in response.content.decode()
    assert "Moving learning on" in learner.page()  # nothing was saved


@pytest.mark.parametrize("body, status", [
    ({"values": {"max_attempts": "two"}, "defaults": []}, 400),
    ({"values": "x"}, 400),
    ({}, 400),
    ("{not json", 400),
])
def test_studio_bad_requests_are_json_errors(unit, body, status):
    learner, blocks = unit
    response = learner.post(blocks["plx_check"], "submit_studio_edits", body, raw=isinstance(body, str))
    assert response.status_code == status and json.loads(response.content)["error"]
