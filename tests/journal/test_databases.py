"""The journal on every database it supports, through a real workbench server: migrations apply,
20 learners saving at once lose nothing and get no errors, and entries stay private.

SQLite always runs. MySQL/MariaDB and PostgreSQL run when PLX_TEST_MYSQL_URL /
PLX_TEST_POSTGRES_URL are set (see tests/journal/databases.py); otherwise they are reported as
skipped with the reason.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from plxblocks.workbench.testing import WorkbenchLearner
from tests.journal.databases import minimal_course_workbench

LEARNERS, SAVES = 20, 5


@pytest.fixture(params=["sqlite", "mysql", "postgresql"])
def server(request, tmp_path):
    with minimal_course_workbench(request.param, tmp_path) as base:
        yield base


def learner_session(base: str, index: int) -> tuple[str, list[int], str]:
    learner = WorkbenchLearner(base, f"concurrent-{index}")
    journal = learner.usages()["plx_journal"]
    statuses, revision = [], 0
    for save in range(SAVES):
        text = f"Learner {index} draft {save}: " + "word " * (index + save)
        answer = learner.post(journal, "save_entry", {"text": text, "standards": ["pedagogy"], "revision": revision})
        statuses.append(answer.status_code)
        revision = answer.json().get("revision", revision)
    final = learner.post(journal, "load_state", {}).json().get("text", "")
    listed = learner.get(journal, "my_journal").text
    return final, statuses, listed


@pytest.mark.slow
def test_concurrent_learners_lose_nothing_and_read_only_their_own(server):
    with ThreadPoolExecutor(max_workers=LEARNERS) as pool:
        results = list(pool.map(lambda i: learner_session(server, i), range(LEARNERS)))
    for index, (final, statuses, listed) in enumerate(results):
        assert statuses == [200] * SAVES, (index, statuses)
        assert final == f"Learner {index} draft {SAVES - 1}: " + "word " * (index + SAVES - 1)
        assert "1 entry" in listed and f"Learner {index} draft" in listed
        others = [i for i in range(LEARNERS) if i != index]
        assert not any(f"Learner {i} draft" in listed for i in others)


EMOJI = "Diolch \U0001F389 am y sesiwn 🏴󠁧󠁢󠁷󠁬󠁳󠁿"


def test_text_no_database_can_store_is_refused_and_emoji_are_kept(server):
    """Issue 11.5 on each database: a lone surrogate (every database) and NUL (PostgreSQL) answered
    500 in the journal and peer review; now a JSON 400 naming the field, and nothing is written."""
    learner = WorkbenchLearner(server, "unstorable")
    journal = learner.usages()["plx_journal"]
    peer = learner.usages("plx_peer_review.0")["plx_peer_review"]
    for usage, handler in ((journal, "save_entry"), (peer, "peer_save_draft")):
        for bad in ("half an emoji \ud83d here", "a null \x00 here"):
            answer = learner.post(usage, handler, {"text": bad})
            assert answer.status_code == 400 and answer.json()["field"] == "text", (handler, answer.text[:300])
    assert "text" not in learner.post(journal, "load_state", {}).json()
    assert learner.post(journal, "save_entry", {"text": EMOJI}).status_code == 200
    assert learner.post(journal, "load_state", {}).json()["text"] == EMOJI
    assert learner.post(peer, "peer_save_draft", {"text": EMOJI}).status_code == 200
    assert EMOJI in learner.page("plx_peer_review.0")
