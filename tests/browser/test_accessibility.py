"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation in any block's view, in English and Welsh,
before and after answering, nor on the "My journal" page; and the whole unit works by keyboard."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.a11y import axe_violations

KINDS = ("prose", "check", "reflection")


def block(kind: str) -> str:
    return f"[data-plx-kind={kind}]"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_no_violations_in_each_block_view(unit_page, lang):
    page = unit_page
    if lang == "cy":
        page.locator(block("prose")).get_by_role("button", name="Cymraeg").click()
        page.wait_for_selector('[data-plx-kind=reflection][lang="cy"]')
    for kind in KINDS:
        assert axe_violations(page, block(kind)) == [], kind


def test_no_violations_with_feedback_errors_and_the_answer_shown(unit_page):
    page = unit_page
    check = page.locator(block("check"))
    check.get_by_role("button", name="Submit").click()  # the "choose an answer" error
    assert axe_violations(page, block("check")) == []
    for _ in range(2):
        check.get_by_label("Giving a grade").check()
        check.get_by_role("button", name="Submit").click()
        expect(check.locator("[data-plx-feedback=grade]")).to_be_visible()
    check.get_by_role("button", name="Show answer").click()
    expect(check.locator('[data-plx-option=improve][data-plx-result=correct]')).to_be_visible()
    journal = page.locator(block("reflection"))
    journal.get_by_label("Your reflection").fill("word " * 301)
    expect(journal.locator("[data-plx-error=text]")).to_be_visible()
    for kind in ("check", "reflection"):
        assert axe_violations(page, block(kind)) == [], kind


def test_no_violations_on_my_journal(unit_page):
    page = unit_page
    journal = page.locator(block("reflection"))
    journal.get_by_label("Your reflection").fill("An entry to list.")
    journal.get_by_role("button", name="Save").click()
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at")
    journal.get_by_role("link", name="Open my journal").click()
    expect(page.locator("article")).to_have_count(1)
    assert axe_violations(page) == []


def tab_to(page, predicate: str, limit: int = 80) -> None:
    """Press Tab until ``predicate`` (a JS expression over ``el``) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def test_the_whole_unit_by_keyboard_alone(unit_page):
    page = unit_page
    # The check: reach the options, choose with the arrow keys and Space, submit with Enter.
    tab_to(page, "el.name && el.name.endsWith('-answer')")
    page.keyboard.press("Space")
    if page.evaluate("document.activeElement.value") != "grade":  # the learner's own order of options
        page.keyboard.press("ArrowDown")  # radio group: moves to and selects "Giving a grade"
    tab_to(page, "el.dataset.plxAction === 'submit'")
    page.keyboard.press("Enter")
    check = page.locator(block("check"))
    expect(check.locator("[data-plx-status]")).to_contain_text("Not quite")
    # Focus stayed on Submit; Shift+Tab goes back to the chosen option, ArrowUp to the other.
    assert page.evaluate("document.activeElement.dataset.plxAction") == "submit"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.value") == "grade"
    page.keyboard.press("ArrowDown")  # to the other option (arrows wrap round a radio group)
    assert page.evaluate("document.activeElement.value") == "improve"
    tab_to(page, "el.dataset.plxAction === 'submit'")
    page.keyboard.press("Enter")
    expect(check.locator("[data-plx-status]")).to_have_text("Correct")
    expect(check.locator("[data-plx-explanation]")).to_be_focused()

    # The journal: type, tick a standard with Space, save with Enter.
    tab_to(page, "el.tagName === 'TEXTAREA'")
    page.keyboard.type("Typed with the keyboard alone.")
    tab_to(page, "el.value === 'collaboration'")
    page.keyboard.press("Space")
    tab_to(page, "el.dataset.plxAction === 'save'")
    page.keyboard.press("Enter")
    journal = page.locator(block("reflection"))
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at")
    expect(journal.get_by_label("Collaboration")).to_be_checked()

    # The language switch, then the journal link, by keyboard.
    page.keyboard.press("Shift+Tab")
    tab_to(page, "el.dataset.plxAction === 'language' && el.value === 'cy'")
    page.keyboard.press("Enter")
    expect(page.locator('[data-plx-kind=reflection][lang="cy"]')).to_be_visible()
    tab_to(page, "el.tagName === 'A' && el.textContent.includes('Agor fy nyddlyfr')")
    page.keyboard.press("Enter")
    expect(page.locator("article")).to_contain_text("Typed with the keyboard alone.")


def test_focus_is_visible(unit_page):
    page = unit_page
    tab_to(page, "el.dataset.plxAction === 'language'")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
