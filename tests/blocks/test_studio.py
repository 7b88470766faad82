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
