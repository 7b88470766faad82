"""The LTI pages in Chromium: the shared behaviour works through plx-lti.js, and axe-core finds no
WCAG 2.2 AA violation on the unit, the journal, the picker and a refusal page."""
from __future__ import annotations

import uuid

from tests.a11y import axe_violations

from .tooling import LtiLearner


def test_a_learner_answers_and_reflects_in_the_browser(page, tool, platform):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    me = LtiLearner(tool, platform, "b-" + uuid.uuid4().hex[:8])
    page.goto(me.home)
    page.check("[data-plx-kind=check] input[value=improve]")
    page.click("[data-plx-kind=check] [data-plx-action=submit]")
    page.wait_for_selector("[data-plx-kind=check] [data-plx-result=correct]")
    page.fill("[data-plx-kind=reflection] textarea", " ".join(["reflect"] * 22))
    page.click("[data-plx-kind=reflection] [data-plx-action=save]")
    page.wait_for_selector("[data-plx-kind=reflection] [data-plx-status]:has-text('Saved at')")
    assert me.call("reflection", "load_state").json()["word_count"] == 22
    page.click("[data-plx-action=language][value=cy]")
    page.wait_for_selector("[data-plx-kind=check][lang=cy]")
    assert axe_violations(page) == []
    page.reload()
    assert page.get_attribute("html", "lang") == "cy"
    assert errors == []


def test_the_journal_and_a_refusal_page_are_accessible(page, tool, platform):
    me = LtiLearner(tool, platform, "b-" + uuid.uuid4().hex[:8])
    page.goto(me.prefix + "journal/")
    assert axe_violations(page) == []
    page.goto(f"{tool}/lti/s/ended/")
    assert "session has ended" in page.content()
    assert axe_violations(page) == []


def test_my_journal_leads_back_to_the_unit_in_the_browser(page, tool, platform):
    """Issue 14.6: the tool's pages send no Referer (their addresses carry the session token), so
    the unit's "Open my journal" link carries the way back."""
    me = LtiLearner(tool, platform, "b-" + uuid.uuid4().hex[:8])
    page.goto(me.home)  # the first unit of the target
    page.get_by_role("link", name="Open my journal").click()
    page.wait_for_selector("h1:has-text('My journal')")
    assert page.locator("[data-plx-privacy]").inner_text().startswith("Your course team and other learners")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Back to the unit").click()
    page.wait_for_selector("[data-plx-kind=reflection]")
    assert page.url == me.prefix + "unit/basics/first-steps/"
