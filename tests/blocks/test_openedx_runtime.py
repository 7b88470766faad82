"""What the blocks take from the Open edX runtime (issue 12.3), in the workbench runtime.

- masquerade: the LMS's ``user`` service as it is during "View as: Specific learner" (a stand-in
  of its shape, tests/blocks/openedx_services.py), so staff neither read nor change the learner's
  journal or peer-review work;
- operator settings: ``XBLOCK_SETTINGS["plx"]`` through the ``settings`` service (the SDK ships a
  copy of the platform's ``SettingsService``, so that one is real);
- the account language (``pref-lang`` from the ``user`` service);
- completion and grades: the attributes and event payloads the LMS reads (its
  ``EventPublishingService`` and the completion app; contract as read in edx-platform's source).
"""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.conf import settings
from django.test import override_settings

from tests.workbench_django import usages

SECRET = "Only I should ever read this: my plan for the difficult conversation with my head of department."
PEER_TEXT = ("In my Year 5 class I used to mark every book each night with long written comments. " * 4).strip()


def user_service(name: str):
    """The workbench's ``user`` service replaced by one of tests/blocks/openedx_services.py."""
    services = {**settings.WORKBENCH["services"], "user": f"tests.blocks.openedx_services.{name}"}
    return override_settings(WORKBENCH={**settings.WORKBENCH, "services": services})


def plx_settings(**values):
    return override_settings(XBLOCK_SETTINGS={"plx": values})


def body(response, status=200) -> dict:
    assert response.status_code == status, response.content
    return json.loads(response.content)


# ------------------------------------------------------------------------------------ masquerade
def test_staff_viewing_as_a_learner_neither_read_nor_change_their_journal(unit):
    learner, blocks = unit
    journal = blocks["plx_journal"]
    body(learner.post(journal, "save_entry", {"text": SECRET}))
    with user_service("StaffViewingAsLearner"):
        page = learner.page()
        assert "their journal is private" in page.lower()
        assert "Only I should ever read this" not in page
        assert body(learner.post(journal, "load_state", {})) == {"private": True}
        refused = body(learner.post(journal, "save_entry", {"text": "Written by staff", "revision": 1}), 403)
        assert "viewing this course as another learner" in refused["error"]
        for query in ("", "format=md", "format=html"):
            handler = "export_journal" if query else "my_journal"
            response = learner.get(journal, handler, query)
            assert response.status_code == 403 and b"Only I should" not in response.content
    assert body(learner.post(journal, "load_state", {}))["text"] == SECRET  # the learner's entry, untouched


def test_staff_viewing_as_a_learner_cannot_act_in_their_peer_review(learner_factory):
    import uuid

    learner = learner_factory(f"peer-{uuid.uuid4().hex[:8]}")
    usage = usages(learner.page("plx_peer_review.0"))["plx_peer_review"]
    with user_service("StaffViewingAsLearner"):
        for handler, data in (("peer_save_draft", {"text": PEER_TEXT}),
                              ("peer_submit", {"text": PEER_TEXT, "confirm": True}), ("peer_next", {})):
            assert "another learner" in body(learner.post(usage, handler, data), 403)["error"]
    state = body(learner.post(usage, "load_state", {}))
    assert state["response"] is None  # nothing was saved in the learner's name


def test_outside_masquerade_the_lms_user_service_changes_nothing(unit):
    learner, blocks = unit
    with user_service("WelshSpeakingLearner"):
        saved = body(learner.post(blocks["plx_journal"], "save_entry", {"text": SECRET}))
    assert saved["text"] == SECRET


# ------------------------------------------------------------------------------- account language
def test_the_account_language_chooses_welsh_until_the_learner_switches(unit):
    learner, blocks = unit
    journal = blocks["plx_journal"]
    with user_service("WelshSpeakingLearner"):
        assert 'data-plx-lang="cy"' in learner.page() and 'data-plx-lang="en"' not in learner.page()
        refused = body(learner.post(journal, "save_entry", {"text": 5}), 400)
        assert refused["error"] == "Math anghywir ar gyfer text."
        switched = body(learner.post(journal, "switch_language", {"lang": "en"}))["html"]
        assert 'data-plx-lang="en"' in switched  # the learner's choice on the page wins
        assert body(learner.post(journal, "save_entry", {"text": 5}), 400)["error"] == "Wrong type for text."


# ------------------------------------------------------------------------------ operator settings
def test_the_operator_can_turn_journal_downloads_off(unit):
    learner, blocks = unit
    journal = blocks["plx_journal"]
    with plx_settings(JOURNAL_EXPORT=False):
        page = learner.page()
        assert "export_journal" not in page and "my_journal" in page
        assert learner.get(journal, "export_journal", "format=md").status_code == 403
    assert "export_journal" in learner.page()


def test_a_body_over_the_size_limit_is_a_413_json_error(unit):
    learner, blocks = unit
    with plx_settings(MAX_REQUEST_KB=1):
        refused = body(learner.post(blocks["plx_journal"], "save_entry", {"text": "x" * 2000}), 413)
        assert refused["error"] == "The request is too large: the most this page may send is 1 KB."
        assert body(learner.post(blocks["plx_journal"], "save_entry", {"text": "Short enough."}))["text"]


def test_a_wrong_setting_keeps_the_default(unit):
    learner, blocks = unit
    with plx_settings(MAX_REQUEST_KB="1", JOURNAL_EXPORT="no"):
        assert body(learner.post(blocks["plx_journal"], "save_entry", {"text": "x" * 2000}))["text"]
        assert "export_journal" in learner.page()


@pytest.mark.parametrize("minutes", [45, 5])
def test_the_operators_review_time_limit_applies_until_studio_sets_one(learner_factory, minutes):
    import uuid

    from tests.peer.conftest import empty_tables

    empty_tables("default")
    prefix = uuid.uuid4().hex[:6]
    ann, bob = learner_factory(f"ann-{prefix}"), learner_factory(f"bob-{prefix}")
    usage = usages(ann.page("plx_peer_review.0"))["plx_peer_review"]
    for who in (ann, bob):
        body(who.post(usage, "peer_submit", {"text": f"{PEER_TEXT} ({who.name})", "confirm": True}))
    with plx_settings(PEER_LEASE_MINUTES=minutes):
        started = datetime.now().astimezone()
        html = body(ann.post(usage, "peer_next", {}))["html"]
    state = json.loads(html.split("data-plx-state>")[1].split("</script>")[0])
    held = datetime.fromisoformat(state["current"]["expires_at"]) - started
    assert abs(held.total_seconds() - minutes * 60) < 30


# ------------------------------------------------------------------------ completion and grades
def test_every_block_declares_what_the_lms_completion_and_grades_read():
    """The completion app marks a block complete on view unless it is ``COMPLETABLE`` with
    ``has_custom_completion``; grades read ``has_score``, ``weight`` and ``max_score()``."""
    from importlib.metadata import entry_points

    from xblock.completable import XBlockCompletionMode

    blocks = {ep.name: ep.load() for ep in entry_points(group="xblock.v1") if ep.name.startswith("plx_")}
    assert set(blocks) == {"plx_lesson", "plx_check", "plx_journal", "plx_peer_review"}
    for block in blocks.values():
        assert XBlockCompletionMode.get_mode(block) == XBlockCompletionMode.COMPLETABLE
        assert block.has_custom_completion is True
    scored = {name for name, block in blocks.items() if getattr(block, "has_score", False)}
    assert scored == {"plx_check", "plx_peer_review"}
    for name in scored:
        assert "weight" in blocks[name].fields and callable(blocks[name].max_score)


def test_grade_and_completion_events_carry_what_the_lms_reads(unit, events):
    """``EventPublishingService`` reads ``event["value"]`` and ``event["max_value"]`` of a grade and
    ``event["completion"]`` (0..1) of a completion."""
    learner, blocks = unit
    body(learner.post(blocks["plx_check"], "submit_answer", {"selected": ["improve"]}))
    body(learner.post(blocks["plx_journal"], "save_entry", {"text": " ".join([SECRET] * 6)}))  # past min_words
    kinds = {(block, event_type) for block, event_type, _data in events}
    assert {("plx_check", "grade"), ("plx_check", "completion"), ("plx_journal", "completion")} <= kinds
    for _block, event_type, data in events:
        if event_type == "grade":
            assert set(data) >= {"value", "max_value"} and 0 <= data["value"] <= data["max_value"]
        elif event_type == "completion":
            assert set(data) == {"completion"} and 0.0 <= data["completion"] <= 1.0
