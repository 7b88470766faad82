"""The LTI pages' navigation (issue 14.3, 14.5) in Chromium, launched at a two-unit course: the
unit says where it is and its module's outcomes and time open the module; on a 390x844 phone the
unit comes first and the contents are behind a button; "Next unit" lands focus and scroll on the
next unit's heading; a completed unit is ticked. English and Welsh, keyboard only, axe-clean."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.a11y import axe_violations, tab_to
from tests.conftest import add_second_unit

from .tooling import lti_course, register_platform, running_tool

PHONE = {"width": 390, "height": 844}
WORDS = {
    "en": {"locale": "en-GB", "contents": "Contents", "first": "Unit 1 of 2", "second": "Unit 2 of 2",
           "next": "Next unit", "previous": "Previous unit", "done": "(completed)", "one": "Completed: 1 of 2",
           "outcomes": "By the end of this module you will be able to:"},
    "cy": {"locale": "cy-GB", "contents": "Cynnwys", "first": "Uned 1 o 2", "second": "Uned 2 o 2",
           "next": "Uned nesaf", "previous": "Uned flaenorol", "done": "(wedi'i chwblhau)",
           "one": "Wedi'u cwblhau: 1 o 2", "outcomes": "Erbyn diwedd y modiwl hwn, byddwch yn gallu:"},
}


@pytest.fixture(scope="module")
def course_tool(tmp_path_factory, platform):
    """A tool whose minimal course has a second unit (without a peer task, so one learner can
    complete it), registered with the shared stand-in platform."""
    folder = tmp_path_factory.mktemp("lti-progress")
    content = lti_course(folder)
    add_second_unit(content / "minimal", without_peer_review=True)
    data = folder / "data"
    saved = platform.tool_jwks_url
    with running_tool(data, content) as base:
        register_platform(data, content, platform.registration)
        platform.tool_jwks_url = base + "/lti/jwks"
        try:
            yield base
        finally:
            platform.tool_jwks_url = saved


def launch(page, tool, platform, lang: str) -> None:
    response, _form, _session = platform.launch(tool, "p-" + uuid.uuid4().hex[:8], target="minimal",
                                                locale=WORDS[lang]["locale"])
    assert response.status_code == 302, response.text[:300]
    page.goto(tool + response.headers["Location"])


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_on_a_phone_the_unit_comes_first_next_lands_on_its_heading_and_done_units_are_ticked(
        browser, course_tool, platform, lang):
    words = WORDS[lang]
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # axe is an inline script
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        launch(page, course_tool, platform, lang)
        toggle = page.locator("[data-plx-contents-toggle]")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(toggle).to_have_accessible_name(words["contents"])
        heading = page.locator("h1").bounding_box()
        assert heading["y"] + heading["height"] < PHONE["height"], f"the unit's heading is at y={heading['y']}"
        expect(page.locator(".plx-unit__place")).to_have_text(words["first"])
        expect(page.locator(".plx-module-intro")).to_contain_text(words["outcomes"])
        assert axe_violations(page) == []
        # "Next unit" with the keyboard: the next page opens with the focus on its heading, at the top.
        page.get_by_role("link", name=words["next"]).focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.id === 'plx-unit-title'")
        assert -2 <= page.evaluate("() => document.activeElement.getBoundingClientRect().top") <= 2
        expect(page.locator(".plx-unit__place")).to_have_text(words["second"])
        expect(page.locator(".plx-module-intro")).to_have_count(0)
        # Complete the second unit (its text is seen on opening), then go back.
        page.check("[data-plx-kind=check] input[value=improve]")
        page.click("[data-plx-kind=check] [data-plx-action=submit]")
        page.wait_for_selector("[data-plx-kind=check] [data-plx-result=correct]")
        page.fill("[data-plx-kind=reflection] textarea", " ".join(["reflect"] * 22))
        page.click("[data-plx-kind=reflection] [data-plx-action=save]")
        page.wait_for_selector("[data-plx-kind=reflection] [data-plx-status]:not(:empty)")
        page.get_by_role("link", name=words["previous"]).click()
        page.wait_for_selector("#plx-unit-title")
        tab_to(page, "[data-plx-contents-toggle]")
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        links = page.locator(".plx-lti-nav a")
        expect(links.nth(1)).to_be_visible()
        expect(links.nth(1).locator(".plx-done")).to_have_count(1)
        expect(links.nth(1)).to_have_accessible_name(f"{'Second steps' if lang == 'en' else 'Ail gamau'} {words['done']}")
        expect(links.nth(0).locator(".plx-done")).to_have_count(0)  # its peer task is not complete
        expect(page.locator(".plx-contents__count")).to_have_text(words["one"])
        assert axe_violations(page) == []  # with the list open
        page.keyboard.press("Enter")
        expect(links.nth(1)).to_be_hidden()
        assert errors == []
    finally:
        context.close()
