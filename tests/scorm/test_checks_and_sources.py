"""In the SCORM package (scorm-again as the LMS, desktop and a 390x844 phone, English and Welsh):
a learner's order of a check's options survives a relaunch; each check has its numbered heading;
the module ends with its references and a citation links to its source; Welsh pages say the
Welsh is a draft. axe-clean throughout."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.a11y import axe_violations

from .conftest import build
from .harness import Lms
from .test_runtime import leave, resume_data

OPTIONS = [f"o{i}" for i in range(6)]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def six_options(course) -> None:
    """The minimal course's check with six options (o0 correct), and prose that cites a source."""
    unit = course / "modules/basics/first-steps/unit.yaml"
    text = unit.read_text(encoding="utf-8")
    start, end = text.index("    options:\n"), text.index("    explanation:\n")
    options = "    options:\n" + "".join(
        f"      - id: o{i}\n" + ("        correct: true\n" if i == 0 else "")
        + f"        text: {{en: Option {i}, cy: Opsiwn {i}}}\n"
        + f"        feedback: {{en: Because {i}., cy: Oherwydd {i}.}}\n" for i in range(6))
    unit.write_text(text[:start] + options + text[end:], encoding="utf-8")
    module = course / "modules/basics/module.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "  - authors: Hattie, J. and Timperley, H.\n",
        "  - authors: Hattie, J. and Timperley, H.\n    key: hattie-2007\n"), encoding="utf-8")
    for lang, sentence in (("en", "Feedback moves learning on."), ("cy", "Mae adborth yn symud dysgu ymlaen.")):
        prose = course / f"modules/basics/first-steps/introduction.{lang}.md"
        prose.write_text(prose.read_text(encoding="utf-8").replace(sentence, sentence[:-1] + " [@hattie-2007]."),
                         encoding="utf-8")


@pytest.fixture
def course(minimal_course):
    six_options(minimal_course)
    return minimal_course


def shown_order(frame) -> list[str]:
    return frame.locator("[data-plx-unit]:not([hidden]) .plx-check [data-plx-option]").evaluate_all(
        "items => items.map(li => li.dataset.plxOption)")


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_the_order_of_options_survives_a_relaunch_and_an_answer(course, lms_for, page, standard):
    lms = lms_for(course, standard)
    frame = lms.launch(page, standard)
    order = shown_order(frame)
    assert sorted(order) == OPTIONS
    seed = frame.evaluate("() => PLX.scorm.session.state.q")
    assert seed, "a learner gets a seed when the package starts"
    uid = frame.evaluate("() => Object.values(PLX.scorm.config.checks)[0].uid")
    assert frame.evaluate("([s, u, ids]) => PLX.optionOrder(s, u, ids, true)", [seed, uid, OPTIONS]) == order
    # Answering re-renders the check; the order stays.
    check = frame.locator("[data-plx-unit]:not([hidden]) .plx-check")
    check.get_by_label("Option 3").check()
    check.get_by_role("button", name="Submit").click()
    expect(check.locator("[data-plx-feedback=o3]")).to_contain_text("Because 3.")
    assert shown_order(frame) == order
    frame.evaluate("() => PLX.scorm.session.save()")
    leave(page)
    # The LMS relaunches the attempt with its suspend_data: the same seed, the same order, in a
    # browser that has no local copy of the state.
    again = page.context.browser.new_context().new_page()
    try:
        frame = lms.launch(again, standard, resume=resume_data(page, standard))
        assert frame.evaluate("() => PLX.scorm.session.state.q") == seed
        assert shown_order(frame) == order
        expect(frame.locator(".plx-check [data-plx-feedback=o3]")).to_contain_text("Because 3.")
    finally:
        again.context.close()


def test_seeds_give_learners_different_orders_and_shuffle_false_keeps_the_authors(course, lms_for, page):
    frame = lms_for(course, "2004").launch(page, "2004")
    orders = frame.evaluate("""(ids) => Array.from({length: 40}, (_, n) =>
        PLX.optionOrder("seed" + n, "0123456789abcdef", ids, true).join(" "))""", OPTIONS)
    assert len(set(orders)) >= 30, "40 learners should see many different orders of six options"
    assert frame.evaluate("(ids) => PLX.optionOrder('seed1', 'u', ids, false)", OPTIONS) == OPTIONS
    assert frame.evaluate("(ids) => PLX.optionOrder('', 'u', ids, true)", OPTIONS) == OPTIONS


def test_shuffle_false_is_shown_as_written(course, lms_for, page):
    unit = course / "modules/basics/first-steps/unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("  - check: purpose\n", "  - check: purpose\n    shuffle: false\n"),
                    encoding="utf-8")
    frame = lms_for(course, "2004").launch(page, "2004")
    assert shown_order(frame) == OPTIONS


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_headings_sources_and_the_welsh_draft_notice(course, tmp_path, remote, browser, viewport):
    [zip_path] = build(course, tmp_path / "out", remote, "2004")
    lms = Lms(zip_path, tmp_path / "site")
    context = browser.new_context(bypass_csp=True, viewport=VIEWPORTS[viewport])  # axe is an inline script
    try:
        page = context.new_page()
        frame = lms.launch(page, "2004")
        unit = frame.locator("[data-plx-unit]:not([hidden])")
        notice = frame.locator("#plx-draft-notice")
        for lang, question, references, draft in (("en", "Question 1 of 1", "References", False),
                                                 ("cy", "Cwestiwn 1 o 1", "Cyfeiriadau", True)):
            if lang == "cy":
                frame.locator(".plx-sco-header").get_by_role("button", name="Cymraeg").click()
            expect(unit.get_by_role("heading", name=question, level=2)).to_be_visible()
            section = unit.locator(".plx-references").last
            expect(section.get_by_role("heading", name=references, level=2)).to_be_visible()
            expect(section.get_by_role("link", name="https://doi.org/10.3102/003465430298487")).to_be_visible()
            if draft:
                expect(notice).to_be_visible()
                expect(notice).to_contain_text("Drafft yw Cymraeg y cwrs hwn")
            else:
                expect(notice).to_be_hidden()
            # The citation in the text links to its source under the text, on the same page.
            citation = unit.locator(".plx-prose").get_by_role("link", name="Hattie", exact=False)
            expect(citation).to_have_text("Hattie and Timperley, 2007" if lang == "en" else "Hattie a Timperley, 2007")
            citation.click()
            target = citation.get_attribute("href")[1:]
            expect(unit.locator(f'[id="{target}"]')).to_be_in_viewport()
            assert frame.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), \
                "nothing wider than the screen"
            assert axe_violations(frame) == [], lang
    finally:
        context.close()


def test_an_english_only_package_has_no_draft_notice(course, lms_for, page):
    frame = lms_for(course, "2004", lang="en").launch(page, "2004")
    assert frame.locator("#plx-draft-notice").count() == 0
    welsh = lms_for(course, "1.2", lang="cy").launch(page, "1.2")
    expect(welsh.locator("#plx-draft-notice")).to_be_visible()
