"""Requests built to crash a handler get a JSON 4xx, never a 500 or Django's HTML page: nesting
deep enough to overflow the parser, characters no database can store, bodies over the server's
limit. Every handler of every plx block is tried (issue 11.5); the same on PostgreSQL and MariaDB
is in tests/journal/test_databases.py."""
from __future__ import annotations

import json

import pytest

from tests.workbench_django import usages

DEEP = '{"text": ' + "[" * 1000 + "]" * 1000 + "}"
DEEP_STUDIO = '{"values": {"options": ' + "[" * 1000 + "]" * 1000 + '}, "defaults": []}'
TOO_BIG = b'{"text": "' + b"a" * (2_621_440 + 10) + b'"}'  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE + 10
LONE_SURROGATE = '"half an emoji \\ud83d here"'
NUL = '"a null \\u0000 here"'
BLOCK_KINDS = ("plx_lesson", "plx_check", "plx_journal", "plx_peer_review")
GET_HANDLERS = {"my_journal", "export_journal", "staff_report"}
"""Pages and downloads: they read the query string, never a body."""


def every_block(learner) -> dict[str, str]:
    """Block type -> usage id for one block of each kind (the peer task is in its own scenario)."""
    return {**usages(learner.page()), **usages(learner.page("plx_peer_review.0"))}


def handler_names(kind: str) -> list[str]:
    from xblock.core import XBlock

    cls = XBlock.load_class(kind)
    return sorted(name for name in dir(cls) if getattr(getattr(cls, name), "_is_xblock_handler", False))


def json_error(response, status: int = 400) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert body["error"], body
    return body


@pytest.mark.parametrize("kind", BLOCK_KINDS)
def test_json_nested_a_thousand_deep_is_refused_by_every_handler(unit, kind):
    learner, _ = unit
    usage = every_block(learner)[kind]
    names = handler_names(kind)
    assert "submit_studio_edits" in names and "load_state" in names
    for name in names:
        response = learner.post(usage, name, DEEP_STUDIO if name == "submit_studio_edits" else DEEP, raw=True)
        if name in GET_HANDLERS:
            assert response.status_code < 500, name
        else:
            assert json_error(response)["error"] == "The request is nested too deeply.", name


def test_nesting_deeper_than_any_real_request_is_refused_by_name(unit):
    learner, blocks = unit
    body = json.dumps({"selected": [[[[[[[[[[[[[[[[[[[[["improve"]]]]]]]]]]]]]]]]]]]]]})
    error = json_error(learner.post(blocks["plx_check"], "submit_answer", body, raw=True))
    assert error == {"error": "The request is nested too deeply.", "field": "selected"}


@pytest.mark.parametrize("character, message", [
    (LONE_SURROGATE, "The text contains half of a character (a broken emoji or symbol, often shown as �), "
                     "which cannot be saved. Delete it and try again."),
    (NUL, "The text contains a null character, which cannot be saved. Delete it and try again."),
])
def test_text_no_database_can_store_is_refused_and_nothing_is_saved(unit, character, message):
    learner, blocks = unit
    response = learner.post(blocks["plx_journal"], "save_entry", '{"text": %s}' % character, raw=True)
    assert json_error(response) == {"error": message, "field": "text"}
    assert "text" not in json.loads(learner.post(blocks["plx_journal"], "load_state", {}).content)


def test_a_lone_surrogate_is_refused_in_welsh_too(unit):
    learner, blocks = unit
    learner.post(blocks["plx_journal"], "switch_language", {"lang": "cy"})
    response = learner.post(blocks["plx_journal"], "save_entry", '{"text": %s}' % LONE_SURROGATE, raw=True)
    assert json_error(response)["error"].startswith("Mae hanner nod")


def test_a_real_emoji_pair_is_kept_exactly(unit):
    learner, blocks = unit
    text = "Wedi gorffen \U0001F389 — diolch! 🏴󠁧󠁢󠁷󠁬󠁳󠁿"
    saved = learner.post(blocks["plx_journal"], "save_entry", {"text": text})
    assert saved.status_code == 200, saved.content
    assert json.loads(learner.post(blocks["plx_journal"], "load_state", {}).content)["text"] == text


@pytest.mark.parametrize("handler, body", [
    ("peer_save_draft", '{"text": %s}'),
    ("peer_submit", '{"text": %s, "confirm": true}'),
    ("peer_flag", '{"token": "x", "target": "submission", "reason": %s}'),
])
@pytest.mark.parametrize("character", [LONE_SURROGATE, NUL])
def test_peer_text_no_database_can_store_is_refused(unit, handler, body, character):
    learner, _ = unit
    usage = every_block(learner)["plx_peer_review"]
    assert json_error(learner.post(usage, handler, body % character, raw=True))["field"] in ("text", "reason")


def test_studio_refuses_unstorable_text(unit):
    learner, blocks = unit
    body = '{"values": {"prompt_en": %s}, "defaults": []}' % LONE_SURROGATE
    assert json_error(learner.post(blocks["plx_journal"], "submit_studio_edits", body, raw=True))["field"] == "values"
    assert "How do you give feedback now?" in learner.page()  # nothing was saved


@pytest.mark.parametrize("kind, handler", [("plx_journal", "save_entry"), ("plx_check", "submit_studio_edits"),
                                           ("plx_peer_review", "peer_save_draft")])
def test_a_body_over_the_server_limit_gets_a_json_413(unit, kind, handler):
    learner, _ = unit
    usage = every_block(learner)[kind]
    # The blocks' own limit (XBLOCK_SETTINGS["plx"]["MAX_REQUEST_KB"], 1 MB) names itself; Studio's
    # save has only Django's (2.5 MB).
    assert json_error(learner.post(usage, handler, TOO_BIG, raw=True), 413)["error"].startswith("The request is too large")
