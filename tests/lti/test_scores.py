"""Scores to the platform (AGS) through the outbox: one line item per scored activity, a score
posted when it changes, retried after a failure, and never posted twice."""
from __future__ import annotations

import uuid

from .tooling import LtiLearner, plx


def learner(tool, platform, **launch) -> LtiLearner:
    return LtiLearner(tool, platform, "s-" + uuid.uuid4().hex[:8], context="ags-" + uuid.uuid4().hex[:6], **launch)


def scores_of(platform, sub: str) -> list[dict]:
    return [s for s in platform.scores if s["userId"] == sub]


def test_a_check_score_is_posted_once_per_change_to_its_own_line_item(tool, platform):
    me = learner(tool, platform)
    me.call("check", "submit_answer", {"selected": ["grade"]})
    me.call("check", "load_state")  # no change: nothing more is posted
    posted = scores_of(platform, me.sub)
    assert [(s["scoreGiven"], s["scoreMaximum"]) for s in posted] == [(0.0, 1.0)]
    me.call("check", "submit_answer", {"selected": ["improve"]})
    posted = scores_of(platform, me.sub)
    assert [s["scoreGiven"] for s in posted] == [0.0, 1.0]
    assert posted[1]["activityProgress"] == "Completed" and posted[1]["gradingProgress"] == "FullyGraded"
    assert posted[0]["timestamp"] < posted[1]["timestamp"]
    [url] = {s["lineitem"] for s in posted}
    [item] = [i for i in platform.line_items if i["id"] == url]
    assert item["resourceId"].startswith("checks:") and item["resourceLinkId"] == "link-1"
    assert item["scoreMaximum"] == 1.0


def test_a_failed_post_is_retried_by_the_outbox_and_not_repeated(tool, platform, tmp_path_factory):
    me = learner(tool, platform)
    platform.fail_scores = 1
    me.call("check", "submit_answer", {"selected": ["improve"]})
    assert scores_of(platform, me.sub) == []  # the platform failed; the learner's answer was kept
    assert me.call("check", "load_state").json()["correct"] is True
    data, content = tool_paths(tool)
    # The retry waits out its back-off; make it due now, as time passing would.
    run_sql(data, content, "UPDATE plx_lti_outboxscore SET next_try = '2000-01-01 00:00:00'")
    assert "sent 1" in plx(data, content, "outbox")
    assert "sent 0" in plx(data, content, "outbox")  # nothing left: never twice
    assert [s["scoreGiven"] for s in scores_of(platform, me.sub)] == [1.0]


def tool_paths(tool):
    from . import conftest

    return conftest.TOOL_PATHS[tool]


def run_sql(data, content, sql: str) -> None:
    import subprocess
    import sys

    from plxblocks.lti import serve

    code = f"import django; django.setup(); from django.db import connection; connection.cursor().execute({sql!r})"
    subprocess.run([sys.executable, "-c", code], env=serve.environment(data, [content]), check=True)
