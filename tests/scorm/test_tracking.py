"""The tracking model (docs/scorm.md, "What is tracked"), in Chromium against scorm-again.

What an LMS with Moodle's defaults must never be able to turn into a false "failed": no score
before every scored check of the activity is finished, ``incomplete`` while work remains,
``completed``/``passed`` only when it is all done (one slip lowers the score, it does not fail the
unit), an exact ``score.scaled``, ``exit=suspend`` from the start, session time with every commit,
and one interaction per answer, in order, in values Moodle's 2004 API accepts.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import build
from .harness import COMMIT, Lms, cmi, received

MOODLE_SHORT_IDENTIFIER = re.compile(r"^[\w\.]{1,250}$")
"""What Moodle 4.5's SCORM 2004 API accepts for choice responses and patterns (scorm_13.js)."""
RAW = {"1.2": "cmi.core.score.raw", "2004": "cmi.score.raw"}
STATUS = {"1.2": "cmi.core.lesson_status", "2004": "cmi.completion_status"}


@pytest.fixture
def lms_for(tmp_path, remote):
    def make(course, standard):
        [zip_path] = build(course, tmp_path / f"out-{standard}", remote, standard)
        return Lms(zip_path, tmp_path / f"site-{standard}")
    return make


def answer(frame, option: str, check: int = 0):
    box = frame.locator(".plx-check").nth(check)
    box.get_by_label(option).check()
    box.get_by_role("button", name="Submit").click()
    expect(box.locator("[data-plx-status]")).not_to_be_empty()


def write_reflection(frame, text: str):
    journal = frame.locator(".plx-reflection")
    journal.get_by_label("Your reflection").fill(text)
    journal.get_by_role("button", name="Save").click()
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at")


def do_self_review(frame):
    review = frame.locator(".plx-peer_review")
    review.get_by_label("Your response").fill("My plan " + "word " * 60)
    review.get_by_label("Secure (2 points)").check()
    review.get_by_role("button", name="Save my self-review").click()
    expect(review.locator("[data-plx-status]")).to_have_text("Self-review saved.")


def values(calls, element):
    return [value for name, value in calls if name == element]


REFLECTION = "I give feedback in the lesson and pupils act on it straight away, " * 3


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_no_score_until_every_scored_check_is_finished_and_incomplete_while_work_remains(
        scored_course, lms_for, page, standard):
    lms = lms_for(scored_course, standard)
    frame = lms.launch(page, standard)
    frame.evaluate("() => PLX.scorm.session.save()")
    answer(frame, "Moving learning on", 0)  # right (3 points); the 5-point check is still open
    write_reflection(frame, REFLECTION)
    calls = received(page)
    assert values(calls, RAW[standard]) == []
    assert set(values(calls, STATUS[standard])) == {"incomplete"}
    assert values(calls, "cmi.success_status") == []

    answer(frame, "Long written comments", 1)  # wrong, its only attempt: every scored check finished
    calls = received(page)
    assert values(calls, RAW[standard])[-1] == "37.5"
    assert values(calls, STATUS[standard])[-1] == "incomplete"  # the self-review is not done yet
    assert values(calls, "cmi.success_status") == []  # nothing judged before the work is done
    expect(frame.locator("#plx-score")).to_contain_text("37.5%")

    do_self_review(frame)
    frame.evaluate("() => PLX.scorm.session.save()")
    data = cmi(page)["cmi"]
    # Every activity is done, below the pass mark (70%): completed with its score, not failed.
    if standard == "1.2":
        assert data["core"]["lesson_status"] == "completed"
        assert data["core"]["score"]["raw"] == "37.5"
    else:
        assert data["completion_status"] == "completed" and data["success_status"] == "failed"
        assert data["score"]["raw"] == "37.5"
    assert "failed" not in values(received(page), STATUS[standard])


def test_score_scaled_is_exact_not_rounded_to_two_decimals(scored_course, lms_for, page):
    lms = lms_for(scored_course, "2004")
    frame = lms.launch(page, "2004")
    answer(frame, "Moving learning on", 0)
    answer(frame, "Long written comments", 1)
    assert values(received(page), "cmi.score.scaled")[-1] == "0.375"  # 3 of 8 points


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_exit_is_suspend_from_the_first_commit_and_each_commit_carries_session_time(
        scored_course, lms_for, page, standard):
    exit_, session = ("cmi.core.exit", "cmi.core.session_time") if standard == "1.2" else ("cmi.exit", "cmi.session_time")
    lms = lms_for(scored_course, standard)
    frame = lms.launch(page, standard)
    answer(frame, "Moving learning on", 0)
    write_reflection(frame, REFLECTION)
    calls = received(page)
    commits = [i for i, (name, _) in enumerate(calls) if name == COMMIT]
    assert len(commits) >= 3
    assert values(calls[:commits[0]], exit_) == ["suspend"]
    for start, end in zip([0, *commits[:-1]], commits, strict=True):
        assert values(calls[start:end], session), f"a commit without session time: {calls[start:end]}"
    # A player that ends the session without unloading the page still has them (scorm-again keeps
    # the values set before the last commit).
    data = cmi(page)["cmi"]
    assert (data["core"]["exit"] if standard == "1.2" else data["exit"]) == "suspend"


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_one_interaction_per_answer_in_order_even_when_a_field_is_refused(scored_course, lms_for, page, standard):
    lms = lms_for(scored_course, standard)
    # The LMS refuses one field of every interaction (as Moodle refused 2004 responses with hyphens).
    frame = lms.launch(page, standard, refuse=r"^cmi\.interactions\.\d+\.latency$", refuse_code="406")
    answer(frame, "Giving a grade", 0)
    answer(frame, "Moving learning on", 0)
    answer(frame, "Live feedback in the lesson", 1)
    interactions = cmi(page)["cmi"]["interactions"]
    assert [interactions[str(n)]["id"] for n in range(3)] == [
        "basics.first_steps.purpose", "basics.first_steps.purpose", "basics.first_steps.quickest"]
    assert [interactions[str(n)]["result"] for n in range(3)] == (
        ["wrong", "correct", "correct"] if standard == "1.2" else ["incorrect", "correct", "correct"])
    assert len(interactions) == 3


def test_2004_interaction_ids_and_responses_are_what_moodle_accepts(scored_course, lms_for, page):
    lms = lms_for(scored_course, "2004")
    frame = lms.launch(page, "2004")
    answer(frame, "Long written comments", 1)
    answer(frame, "Moving learning on", 0)
    calls = received(page)
    checked = [(name, value) for name, value in calls if re.search(
        r"\.(id|learner_response|correct_responses\.0\.pattern)$", name) and name.startswith("cmi.interactions.")]
    assert len(checked) == 6
    for name, value in checked:
        assert MOODLE_SHORT_IDENTIFIER.match(value), f"Moodle refuses {name} = {value!r}"
    interactions = cmi(page)["cmi"]["interactions"]
    assert interactions["0"]["learner_response"] == "b" and interactions["0"]["correct_responses"]["0"]["pattern"] == "a"
    assert interactions["0"]["id"] == "basics.first_steps.quickest"
