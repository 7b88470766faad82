"""The Open edX blocks in the workbench (headless Chromium, desktop and a 390x844 phone, English
and Welsh): each learner keeps their own order of a check's options across reloads; each check has
its numbered heading; the module ends with its references and a citation links to its source;
Welsh views say the Welsh is a draft. axe-clean."""
from __future__ import annotations

import shutil
import uuid

import pytest
from playwright.sync_api import expect

from plxblocks.workbench.testing import running_workbench
from tests.a11y import axe_violations
from tests.conftest import DATA
from tests.scorm.test_checks_and_sources import OPTIONS, VIEWPORTS, six_options

CHECK, LESSON = "[data-plx-kind=check]", "[data-plx-kind=prose]"


@pytest.fixture(scope="module")
def workbench(tmp_path_factory):
    folder = tmp_path_factory.mktemp("checks-and-sources")
    course = folder / "content" / "minimal"
    shutil.copytree(DATA / "minimal", course)
    six_options(course)
    with running_workbench([folder / "content"], folder / "data") as base:
        yield base


def open_unit(page, base: str, student: str):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/scenario/plx_lesson.0/?student={student}")
    page.wait_for_selector("[data-plx-kind=reflection]")
    return errors


def order(page) -> list[str]:
    return page.locator(f"{CHECK} [data-plx-option]").evaluate_all("items => items.map(li => li.dataset.plxOption)")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_each_learner_keeps_their_order_of_options_across_reloads(browser, workbench, viewport):
    orders = {}
    for n in range(3):
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        page = context.new_page()
        student = f"order-{viewport}-{n}-{uuid.uuid4().hex[:6]}"
        errors = open_unit(page, workbench, student)
        first = order(page)
        assert sorted(first) == OPTIONS
        page.reload()
        page.wait_for_selector(CHECK)
        assert order(page) == first, "a reload keeps the learner's order"
        page.locator(CHECK).get_by_label("Option 2").check()
        page.locator(CHECK).get_by_role("button", name="Submit").click()
        expect(page.locator(f"{CHECK} [data-plx-feedback=o2]")).to_contain_text("Because 2.")
        page.reload()
        page.wait_for_selector(CHECK)
        assert order(page) == first, "answering and reloading keeps it too"
        orders[student] = tuple(first)
        assert errors == []
        context.close()
    assert len(set(orders.values())) > 1, "three learners do not all get one order (1 in 518,400 by chance)"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_headings_references_citations_and_the_draft_notice(browser, workbench, viewport, lang):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    errors = open_unit(page, workbench, f"sources-{uuid.uuid4().hex[:8]}")
    if lang == "cy":
        page.locator(LESSON).first.get_by_role("button", name="Cymraeg").click()
        page.wait_for_selector(f'{CHECK}[lang="cy"]')
    question, references, cited, citation = {
        "en": ("Question 1 of 1", "References", "Sources cited here", "Hattie and Timperley, 2007"),
        "cy": ("Cwestiwn 1 o 1", "Cyfeiriadau", "Ffynonellau a ddyfynnir yma", "Hattie a Timperley, 2007")}[lang]
    expect(page.locator(CHECK).get_by_role("heading", name=question, level=2)).to_be_visible()
    last = page.locator(LESSON).last
    expect(last.get_by_role("heading", name=references, level=2)).to_be_visible()
    expect(last.get_by_role("link", name="https://doi.org/10.3102/003465430298487")).to_be_visible()
    intro = page.locator(LESSON).first
    expect(intro.get_by_role("heading", name=cited, level=2)).to_be_visible()
    link = intro.locator(".plx-prose").get_by_role("link", name=citation)
    link.click()
    expect(page.locator(f'[id="{link.get_attribute("href")[1:]}"]')).to_be_in_viewport()
    notice = page.locator(".plx-notice--draft")
    if lang == "cy":
        expect(notice).to_have_count(1)  # once per page: on the unit's first block
        expect(notice).to_contain_text("Drafft yw Cymraeg y cwrs hwn")
        page.reload()
        expect(page.locator(".plx-notice--draft")).to_have_count(1)
    else:
        expect(notice).to_have_count(0)
    # Nothing of ours is wider than the screen (the workbench's own page around the blocks may be).
    widest = page.evaluate("""() => Math.max(...[...document.querySelectorAll('[data-plx-kind] *')]
        .map(el => el.getBoundingClientRect().right + window.scrollX))""")
    assert widest <= page.viewport_size["width"] + 1
    for index in range(page.locator("[data-plx-kind]").count()):
        block_id = page.locator("[data-plx-kind]").nth(index).get_attribute("id")
        assert axe_violations(page, f'[id="{block_id}"]') == [], block_id
    assert errors == []
    context.close()
