"""The learner's page through the LTI backend: checks, reflections, lessons, the language, the
journal, and handlers that answer bad requests with a JSON error (never a 500)."""
from __future__ import annotations

import uuid

from .tooling import LtiLearner

WORDS = " ".join(["feedback"] * 25)


def learner(tool, platform, **launch) -> LtiLearner:
    return LtiLearner(tool, platform, "u-" + uuid.uuid4().hex[:8], **launch)


def test_a_check_is_marked_and_its_attempts_counted(tool, platform):
    me = learner(tool, platform)
    wrong = me.call("check", "submit_answer", {"selected": ["grade"]})
    assert wrong.status_code == 200
    state = wrong.json()
    assert state["correct"] is False and state["attempts_used"] == 1 and state["feedback"][0]["option"] == "grade"
    assert state["explanation_html"] is None
    right = me.call("check", "submit_answer", {"selected": ["improve"]}).json()
    assert right["correct"] is True and right["score"] == 1.0 and "Feedback should move" in right["explanation_html"]
    again = me.call("check", "submit_answer", {"selected": ["improve"]})
    assert again.status_code == 409 and again.json()["error"]
    assert me.call("check", "load_state").json()["attempts_used"] == 2  # stored, not in the page


def test_answers_are_checked_before_anything_is_stored(tool, platform):
    me = learner(tool, platform)
    for body, field in (({"selected": []}, "answer"), ({"selected": ["nope"]}, "answer"),
                        ({"selected": ["improve", "grade"]}, "answer"), ({"chosen": ["a"]}, None)):
        answer = me.call("check", "submit_answer", body)
        assert answer.status_code == 400 and answer.json()["field"] == field, body
    assert me.call("check", "load_state").json()["attempts_used"] == 0


def test_a_reflection_is_saved_to_the_private_journal(tool, platform):
    me = learner(tool, platform)
    saved = me.call("reflection", "save_entry", {"text": WORDS, "standards": ["pedagogy"], "lang": "en"})
    assert saved.status_code == 200
    state = saved.json()
    assert state["word_count"] == 25 and state["complete"] and state["saved_at"]
    journal = me.http.get(me.prefix + "journal/")
    assert journal.status_code == 200 and "How do you give feedback now?" in journal.text and WORDS in journal.text
    export = me.http.get(me.prefix + "journal/export?format=md")
    assert export.headers["Content-Disposition"].startswith("attachment") and WORDS in export.text
    other = learner(tool, platform)
    assert WORDS not in other.http.get(other.prefix + "journal/").text  # journals are private


def test_a_save_from_an_older_revision_is_refused_with_the_saved_entry(tool, platform):
    me = learner(tool, platform)
    first = me.call("reflection", "save_entry", {"text": WORDS, "revision": 0}).json()
    me.call("reflection", "save_entry", {"text": "Newer text.", "revision": first["revision"]})
    stale = me.call("reflection", "save_entry", {"text": "From an older tab.", "revision": first["revision"]})
    assert stale.status_code == 409 and stale.json()["conflict"]["text"] == "Newer text."
    assert me.call("reflection", "load_state").json()["text"] == "Newer text."


def test_a_reflection_over_the_limit_is_refused_with_the_field(tool, platform):
    me = learner(tool, platform)
    answer = me.call("reflection", "save_entry", {"text": "word " * 301})
    assert answer.status_code == 400 and answer.json()["field"] == "text"


def test_the_learner_switches_language_and_it_is_remembered(tool, platform):
    me = learner(tool, platform, locale="en-GB")
    answer = me.call("prose", "switch_language", {"lang": "cy"})
    assert answer.status_code == 200 and 'lang="cy"' in answer.json()["html"]
    assert '<html lang="cy">' in me.http.get(me.home).text
    assert me.call("check", "switch_language", {"lang": "fr"}).status_code == 400


def test_a_lesson_is_marked_viewed(tool, platform):
    me = learner(tool, platform)
    assert me.call("prose", "mark_viewed").json() == {"viewed": True}
    assert me.call("prose", "load_state").json() == {"viewed": True}


def test_bad_requests_get_a_json_error(tool, platform):
    me = learner(tool, platform)
    for raw in (b"{not json", b"[1, 2]", b"\xff\xfe"):
        answer = me.call("check", "submit_answer", raw=raw)
        assert answer.status_code == 400 and "error" in answer.json()
    too_big = me.call("reflection", "save_entry", raw=b'{"text": "' + b"a" * 600_000 + b'"}')
    assert too_big.status_code == 413
    unknown = me.http.post(me.prefix + "api/0000/submit_answer", data="{}")
    assert unknown.status_code == 404 and unknown.json()["error"]
    wrong_kind = me.call("prose", "submit_answer", {"selected": ["a"]})
    assert wrong_kind.status_code == 404
    assert me.http.get(me.prefix + "api/x/load_state").status_code == 405
    ended = me.http.post(f"{me.tool}/lti/s/ended/api/x/load_state", data="{}")
    assert ended.status_code == 401 and "session has ended" in ended.json()["error"]


def test_requests_built_to_crash_a_handler_get_a_json_error(tool, platform):
    """Issue 11.5, in the LTI runtime: the same checks as the XBlocks' handlers."""
    me = learner(tool, platform)
    deep = me.call("check", "submit_answer", raw=b'{"selected": ' + b"[" * 1000 + b"]" * 1000 + b"}")
    assert deep.status_code == 400 and deep.json()["error"] == "The request is nested too deeply."
    for raw, field in ((b'{"text": "half \\ud83d"}', "text"), (b'{"text": "nul \\u0000"}', "text")):
        answer = me.call("reflection", "save_entry", raw=raw)
        assert answer.status_code == 400 and answer.json()["field"] == field, answer.text
    over_django = me.call("reflection", "save_entry", raw=b'{"text": "' + b"a" * 2_700_000 + b'"}')
    assert over_django.status_code == 413 and over_django.json()["error"] == "The request is too large."
    assert "text" not in me.call("reflection", "load_state").json()


def test_course_media_is_served_and_nothing_outside_it(tool, platform):
    import requests

    assert requests.get(f"{tool}/lti/media/minimal/media/teacher.png").headers["Content-Type"] == "image/png"
    assert requests.get(f"{tool}/lti/media/minimal/media/../course.yaml").status_code == 404
    assert requests.get(f"{tool}/lti/media/minimal/media/%2e%2e/course.yaml").status_code == 404


def test_each_learner_has_a_stable_order_of_options(tool, platform):
    import re

    orders = set()
    for _ in range(16):  # two options: 16 learners all sharing one order would happen 1 time in 32,768
        me = learner(tool, platform)
        order = me.call("check", "load_state").json()["order"]
        assert sorted(order) == ["grade", "improve"]
        page = me.http.get(me.home).text
        assert re.findall(r'data-plx-option="([a-z0-9-]+)"', page) == order, "the page shows the state's order"
        assert me.call("check", "submit_answer", {"selected": ["grade"]}).json()["order"] == order
        assert me.call("check", "load_state").json()["order"] == order
        orders.add(tuple(order))
    assert len(orders) == 2


def test_the_unit_page_has_headings_references_and_in_welsh_the_draft_notice(tool, platform):
    me = learner(tool, platform, locale="en-GB")
    page = me.http.get(me.home).text
    assert "Question 1 of 1" in page and ">References</h2>" in page and "https://doi.org/10.3102/003465430298487" in page
    assert "plx-notice--draft" not in page
    welsh = me.call("prose", "switch_language", {"lang": "cy"}).json()["html"]
    assert "Drafft yw Cymraeg y cwrs hwn" in welsh, "the first block carries the notice, and follows its switch"
    page = me.http.get(me.home).text
    assert page.count("plx-notice--draft") == 1 and "Cwestiwn 1 o 1" in page and ">Cyfeiriadau</h2>" in page
    assert "Drafft" not in me.call("check", "switch_language", {"lang": "cy"}).json()["html"]
