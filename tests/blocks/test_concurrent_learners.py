"""Many learners, and many requests of one learner, at once on one knowledge check, through a real
workbench server on SQLite, MariaDB/MySQL and PostgreSQL (issues 11.1 and 19.2).

Each runs twice: in the workbench as shipped, and "LMS-like", without the workbench's lock per
learner (the LMS has none), where the check's own attempt ledger (plxblocks/checks) must hold.

Before the fix: sixteen learners opening a unit for the first time at once made the SDK's store
insert the same shared row several times, and the page answered 500 for everyone from then on;
and overlapping submissions of one learner each read the same attempt count, so a two-attempt
check accepted up to five answers while the stored count said two.
"""
from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from plxblocks.workbench.testing import WorkbenchLearner
from tests.conftest import REPO
from tests.journal.databases import minimal_course_workbench

LEARNERS, SUBMITTERS, SUBMITS_EACH = 16, 6, 3
"""Sixteen first views at once, then three overlapping answers from each of six learners (runserver's
listen queue resets connections beyond about twenty at once, which is not what is tested here)."""
RIGHT, WRONG = "improve", "grade"  # the minimal course's check: two attempts
LIMIT_REFUSALS = {"You have no attempts left.", "You have already answered this question correctly."}


LMS_LIKE = {"DJANGO_SETTINGS_MODULE": "tests.blocks.lms_like.settings", "PYTHONPATH": str(REPO)}
"""The workbench without its per-learner lock (tests/blocks/lms_like): the check alone must hold."""


@pytest.fixture(params=[(db, runtime) for db in ("sqlite", "mysql", "postgresql") for runtime in ("workbench", "lms-like")],
                ids=lambda p: "-".join(p))
def server(request, tmp_path):
    backend, runtime = request.param
    with minimal_course_workbench(backend, tmp_path, LMS_LIKE if runtime == "lms-like" else None) as base:
        yield base


def all_at_once(calls: list):
    """Run every call in its own thread, released together; return their results in order."""
    start = threading.Barrier(len(calls))

    def run(call):
        start.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.mark.slow
def test_concurrent_submissions_keep_the_attempt_limit_and_every_answer_valid(server):
    learners = [WorkbenchLearner(server, f"racer-{i}") for i in range(LEARNERS)]
    pages = all_at_once([learner.usages for learner in learners])  # every first view at once
    usage = pages[0]["plx_check"]
    assert all(page.get("plx_check") == usage for page in pages)

    def submit(learner, answer):
        return lambda: (learner, answer, learner.post(usage, "submit_answer", {"selected": [answer]}))

    submitters = learners[:SUBMITTERS]
    calls = [submit(learner, RIGHT if i % 2 else WRONG) for i, learner in enumerate(submitters)
             for _ in range(SUBMITS_EACH)]
    results = all_at_once(calls)

    accepted: Counter = Counter()
    for learner, answer, response in results:
        if response.status_code == 200:
            accepted[learner.name] += 1
            assert response.json()["correct"] is (answer == RIGHT)
        else:
            # Refused only for the attempt limit: never "not one of the options", never a 500.
            assert response.status_code == 409, (learner.name, response.status_code, response.text[:300])
            assert response.json()["error"] in LIMIT_REFUSALS, response.text
    for i, learner in enumerate(submitters):
        state = learner.post(usage, "load_state", {}).json()
        assert state["attempts_used"] == accepted[learner.name], (learner.name, state, accepted)
        # A right answer ends the check at once; wrong answers use up both attempts, no more.
        assert accepted[learner.name] == (1 if i % 2 else 2), (learner.name, accepted)


def test_a_request_that_waits_too_long_for_the_learners_previous_one_is_refused_as_busy(unit, monkeypatch):
    from plxblocks.workbench import learner_lock

    learner, blocks = unit
    monkeypatch.setattr(learner_lock, "WAIT_SECONDS", 0.2)
    with learner_lock.one_request_at_a_time(learner.name):  # the learner's "previous request"
        with ThreadPoolExecutor(max_workers=1) as pool:
            response = pool.submit(learner.post, blocks["plx_check"], "submit_answer", {"selected": [WRONG]}).result()
    assert response.status_code == 503 and response["Retry-After"] == "1"
    assert "still being saved" in response.json()["error"]
    assert learner.post(blocks["plx_check"], "load_state", {}).json()["attempts_used"] == 0  # nothing counted
