"""Two tabs on one reflection (issue 11.2): the older tab's autosave does not replace what the
newer tab saved. The learner sees both versions and chooses; nothing is lost either way."""
from __future__ import annotations

from playwright.sync_api import expect

from plxblocks.workbench.testing import WorkbenchLearner
from tests.a11y import axe_violations

JOURNAL = "[data-plx-kind=reflection]"


def open_tab(context, workbench_url, student):
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{workbench_url}/scenario/plx_lesson.0/?student={student}")
    tab.wait_for_selector(JOURNAL)
    return tab, errors


def saved(tab):
    expect(tab.locator(f"{JOURNAL} [data-plx-status]")).to_contain_text("Saved at", timeout=10_000)


def conflict_in_the_older_tab(context, workbench_url, student):
    tab1, errors1 = open_tab(context, workbench_url, student)
    tab2, errors2 = open_tab(context, workbench_url, student)
    tab2.locator(JOURNAL).get_by_label("Your reflection").fill("Tab 2: whole-class feedback on Mondays.")
    saved(tab2)
    tab1.locator(JOURNAL).get_by_label("Your reflection").fill("Tab 1: one keystroke later.")
    box = tab1.locator(f"{JOURNAL} [data-plx-conflict]")
    expect(box).to_be_visible(timeout=10_000)
    expect(box).to_be_focused()
    expect(box.locator("[data-plx-conflict-text]")).to_have_text("Tab 2: whole-class feedback on Mondays.")
    expect(tab1.locator(JOURNAL).get_by_label("Your reflection")).to_have_value("Tab 1: one keystroke later.")
    return tab1, tab2, errors1 + errors2


def server(workbench_url, student) -> tuple[WorkbenchLearner, str]:
    """The same learner over HTTP, outside the browser (another computer, or the stored truth)."""
    learner = WorkbenchLearner(workbench_url, student)
    return learner, learner.usages()["plx_journal"]


def stored_text(context, workbench_url, student):
    learner, journal = server(workbench_url, student)
    return learner.post(journal, "load_state", {}).json().get("text")


def test_the_older_tab_asks_and_can_keep_its_own_text(page, workbench_url, student):
    tab1, _tab2, errors = conflict_in_the_older_tab(page.context, workbench_url, student)
    assert stored_text(page.context, workbench_url, student) == "Tab 2: whole-class feedback on Mondays."
    assert axe_violations(tab1, JOURNAL) == []
    tab1.locator(JOURNAL).get_by_role("button", name="Keep my version").click()
    saved(tab1)
    expect(tab1.locator(f"{JOURNAL} [data-plx-conflict]")).to_be_hidden()
    assert stored_text(page.context, workbench_url, student) == "Tab 1: one keystroke later."
    assert errors == []


def test_the_older_tab_can_take_the_saved_text_instead(page, workbench_url, student):
    tab1, _tab2, errors = conflict_in_the_older_tab(page.context, workbench_url, student)
    tab1.locator(JOURNAL).get_by_role("button", name="Use the saved version").click()
    expect(tab1.locator(JOURNAL).get_by_label("Your reflection")).to_have_value("Tab 2: whole-class feedback on Mondays.")
    expect(tab1.locator(JOURNAL).get_by_label("Your reflection")).to_be_focused()
    tab1.reload()
    expect(tab1.locator(JOURNAL).get_by_label("Your reflection")).to_have_value("Tab 2: whole-class feedback on Mondays.")
    assert tab1.evaluate("Object.keys(localStorage).filter(k => k.startsWith('plx:draft:'))") == []
    assert errors == []


def test_a_stale_draft_restored_after_a_reload_does_not_overwrite_newer_text(page, workbench_url, student):
    """An unsaved draft (network down) is restored after the learner saved newer text on another
    computer: the draft keeps the revision it was written on, so this is a choice, not an overwrite."""
    tab1, _errors = open_tab(page.context, workbench_url, student)
    tab1.route("**/save_entry/**", lambda route: route.abort())
    tab1.locator(JOURNAL).get_by_label("Your reflection").fill("Draft written offline in tab 1.")
    expect(tab1.locator(f"{JOURNAL} [data-plx-status]")).to_contain_text("Not saved", timeout=10_000)
    tab1.close()
    learner, journal = server(workbench_url, student)
    assert learner.post(journal, "save_entry", {"text": "Newer text from another computer.", "revision": 0}).ok
    tab2, errors = open_tab(page.context, workbench_url, student)
    expect(tab2.locator(f"{JOURNAL} [data-plx-conflict]")).to_be_visible(timeout=10_000)
    expect(tab2.locator(f"{JOURNAL} [data-plx-conflict-text]")).to_have_text("Newer text from another computer.")
    expect(tab2.locator(JOURNAL).get_by_label("Your reflection")).to_have_value("Draft written offline in tab 1.")
    assert stored_text(page.context, workbench_url, student) == "Newer text from another computer."
    assert errors == []
