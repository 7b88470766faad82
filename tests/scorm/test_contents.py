"""The package's own navigation (issue 14.3, 14.5): where the learner is ("Unit 1 of 2"), what
they have completed (ticks and per-module counts in the contents), each module's outcomes and
time at its start, and on a 390x844 phone the unit first, the contents behind a button, and
"Next unit" landing on the next unit's heading. In the SCORM package under an LMS (scorm-again)
and in ``plx preview`` (the package, standalone), in English and Welsh, with the keyboard alone
and axe-clean.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from plxblocks.preview import PreviewServer, PreviewSite
from scorm import RemoteMedia
from tests.a11y import axe_violations, tab_to
from tests.conftest import shipped_courses

from .test_runtime import complete_unit

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CURRENT = "[data-plx-unit]:not([hidden])"

WORDS = {
    "en": {"contents": "Contents", "first": "Unit 1 of 2", "second": "Unit 2 of 2", "done": "(completed)",
           "none": "Completed: 0 of 2", "one": "Completed: 1 of 2", "outcomes": "By the end of this module",
           "next": "Next unit"},
    "cy": {"contents": "Cynnwys", "first": "Uned 1 o 2", "second": "Uned 2 o 2", "done": "(wedi'i chwblhau)",
           "none": "Wedi'u cwblhau: 0 o 2", "one": "Wedi'u cwblhau: 1 o 2", "outcomes": "Erbyn diwedd y modiwl hwn",
           "next": "Uned nesaf"},
}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_contents_tick_completed_units_and_units_say_where_they_are(two_unit_course, lms_for, page, lang):
    page.set_viewport_size(DESKTOP)
    frame = lms_for(two_unit_course, "2004").launch(page, "2004")
    words = WORDS[lang]
    unit = frame.locator(CURRENT)
    links = frame.locator(".plx-contents [data-plx-goto]")
    toggle = frame.locator("[data-plx-contents-toggle]")
    # A wide screen: the list is open beside the unit.
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(links.first).to_be_visible()
    expect(frame.locator("[data-plx-done]:not([hidden])")).to_have_count(0)
    complete_unit(unit)  # in English: the test course's labels
    if lang == "cy":
        frame.locator("[data-plx-switch=cy]").click()
    expect(unit.locator(".plx-unit__place")).to_have_text(words["first"], use_inner_text=True)
    intro = unit.locator(".plx-module-intro")
    expect(intro).to_contain_text(words["outcomes"])
    expect(intro.locator("li")).to_have_count(1)
    expect(intro.locator(".plx-module-intro__time")).to_be_visible()
    # The completed unit is ticked (and says so to a screen reader); the other is not.
    expect(links.nth(0)).to_have_accessible_name(re.compile(re.escape(" " + words["done"]) + "$"))
    expect(links.nth(0).locator("[data-plx-done]")).to_be_visible()
    expect(links.nth(1).locator("[data-plx-done]")).to_be_hidden()
    expect(frame.locator("[data-plx-module-count]")).to_have_text(words["one"])
    # "Next unit" with the keyboard: the focus lands on the next unit's heading, at the top.
    unit.get_by_role("link", name=words["next"]).focus()
    page.keyboard.press("Enter")
    second = frame.locator(CURRENT)
    expect(second.locator(".plx-unit__place")).to_have_text(words["second"], use_inner_text=True)
    assert frame.evaluate("() => document.activeElement === document.querySelector('%s h1')" % CURRENT)
    expect(second.locator(".plx-module-intro")).to_have_count(0)  # the module's first unit only
    # Seen, but its activities are not done: no tick yet.
    expect(links.nth(1).locator("[data-plx-done]")).to_be_hidden()
    # The list can be closed and opened again with the keyboard.
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(links.first).to_be_hidden()
    page.keyboard.press("Space")
    expect(links.first).to_be_visible()


def phone_checks(page, frame, words, offset: float = 0):
    """On a 390x844 screen: the unit's heading is on the first screen, the contents closed behind
    their button; the button opens them; a unit chosen from them, and "Next unit", land focus and
    scroll on that unit's heading; all with the keyboard alone."""
    toggle = frame.locator("[data-plx-contents-toggle]")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_accessible_name(words["contents"])
    expect(frame.locator(".plx-contents [data-plx-goto]").first).to_be_hidden()
    heading = frame.locator(CURRENT + " h1")
    box = heading.bounding_box()
    assert box["y"] + box["height"] < PHONE["height"] - offset, f"the unit's heading is at y={box['y']}"
    tab_to(page, "[data-plx-contents-toggle]", frame)
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    second_link = frame.locator(".plx-contents [data-plx-goto]").nth(1)
    expect(second_link).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert frame.evaluate("(s) => document.activeElement.matches(s)", ".plx-contents [data-plx-goto]")
    target = frame.evaluate("() => document.activeElement.dataset.plxGoto")
    page.keyboard.press("Enter")
    expect(frame.locator(f'[data-plx-unit="{target}"]')).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")  # closed again on a phone
    landed(frame)
    frame.locator(CURRENT).get_by_role("link", name=words["next"]).focus()
    page.keyboard.press("Enter")
    expect(frame.locator(f'[data-plx-unit="{target}"]')).to_be_hidden()
    landed(frame)


def landed(frame):
    """The focus is on the shown unit's heading, scrolled to the top of the screen (not to the
    top of the page, above the contents)."""
    frame.wait_for_function("() => document.activeElement === document.querySelector('%s h1')" % CURRENT)
    top = frame.evaluate("() => document.activeElement.getBoundingClientRect().top")
    assert -2 <= top <= 2, f"the heading's top is at {top} px"


@pytest.fixture(scope="module")
def preview_of(tmp_path_factory):
    """``plx preview`` of the shipped NPQH course (23 units: the long list of the issue)."""
    servers = {}
    [npqh] = [path for path in shipped_courses() if path.name == "npqh"]

    def start(lang):
        if lang not in servers:
            cache = tmp_path_factory.mktemp("media-cache")
            servers[lang] = PreviewServer(PreviewSite(Path(npqh), lang=lang, remote=RemoteMedia(cache))).start()
        return servers[lang]
    yield start
    for server in servers.values():
        server.stop()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_on_a_phone_the_preview_shows_the_unit_first_and_next_lands_on_its_heading(preview_of, browser, lang):
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # axe is an inline script
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(preview_of(lang).url)
        page.locator("html[data-plx-ready=true]").wait_for(state="attached")
        assert axe_violations(page) == []
        phone_checks(page, page.main_frame, WORDS[lang])
        frame = page.main_frame
        frame.locator("[data-plx-contents-toggle]").click()
        assert axe_violations(page) == []  # with the list open, too
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert errors == []
    finally:
        context.close()


def test_on_a_phone_the_package_in_an_lms_shows_the_unit_first(two_unit_course, lms_for, page):
    page.set_viewport_size(PHONE)
    frame = lms_for(two_unit_course, "1.2", lang="cy").launch(page, "1.2")
    offset = page.locator("#sco").bounding_box()["y"]
    toggle = frame.locator("[data-plx-contents-toggle]")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    heading = frame.locator(CURRENT + " h1").bounding_box()
    assert offset + heading["y"] + heading["height"] < PHONE["height"]
    toggle.click()
    frame.locator(".plx-contents [data-plx-goto]").nth(1).click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    landed(frame)
    expect(frame.locator(CURRENT + " .plx-unit__place")).to_have_text(WORDS["cy"]["second"], use_inner_text=True)


def test_a_units_own_activity_keeps_the_download_and_shows_no_contents_button(two_unit_course, lms_for, page):
    page.set_viewport_size(PHONE)
    lms = lms_for(two_unit_course, "2004")
    first = lms.launch(page, "2004").evaluate("() => PLX.scorm.config.units[0]")
    frame = lms.launch(page, "2004", query=f"?sco={first}")
    expect(frame.locator("[data-plx-contents-toggle]")).to_be_hidden()
    expect(frame.locator(".plx-contents [data-plx-download]")).to_be_visible()


def test_page_texts_are_escaped_in_one_language_and_in_both():
    """t() and s() of the page's templates (scorm/pages.py): every text escaped, the second
    language's span hidden."""
    from markupsafe import Markup

    from plxblocks.course import Text
    from scorm.pages import bilingual_text, ui_string

    text = Text(en='<b>"A & B"</b>', cy="C < D")
    assert bilingual_text(text, ("cy",)) == Markup("C &lt; D")
    assert bilingual_text(text, ("en", "cy")) == Markup(
        '<span lang="en" data-plx-l="en">&lt;b&gt;&#34;A &amp; B&#34;&lt;/b&gt;</span>'
        '<span lang="cy" data-plx-l="cy" hidden>C &lt; D</span>')
    assert bilingual_text({"en": Markup("<i>kept</i>")}, ("en",)) == Markup("<i>kept</i>")
    assert ui_string("next", {"next": "Next >"}) == Markup('<span data-plx-string="next">Next &gt;</span>')
