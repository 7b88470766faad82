"""Calibration, range scoring, the reviewing grade and the staff dry run in the workbench, by
keyboard alone, in English and in Welsh; axe-core checks every step (the peer-practice course:
one example to assess first within one level, a 1-3 and a 4-5 band, reviewing worth 5 points)."""
from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from plxblocks.workbench.testing import running_workbench
from tests.a11y import axe_violations
from tests.browser.test_accessibility import tab_to
from tests.browser.test_peer_review import PEER, RESPONSE, press, write_and_submit
from tests.conftest import DATA

TASK, REVIEWING = "plx_peer_review.0", "plx_peer_review.1"
STAFF = ("pp-staff", "pp-staff-cy")
SAVED = {"en": ("Draft saved.", "Your response was submitted. You can now review colleagues' work."),
         "cy": ("Drafft wedi'i gadw.", "Cafodd eich ymateb ei gyflwyno. Gallwch nawr adolygu gwaith cydweithwyr.")}


@pytest.fixture(scope="module")
def practice(tmp_path_factory):
    folder = tmp_path_factory.mktemp("peer-practice-browser")
    content = folder / "content"
    shutil.copytree(DATA / "peer-practice", content / "peer-practice")
    with running_workbench([content], folder / "data", {"PLX_WORKBENCH_STAFF": ",".join(STAFF)}) as base:
        yield base


@pytest.fixture
def watched(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    assert errors == []


def open_block(page, base, scenario, student, lang="en"):
    page.goto(f"{base}/scenario/{scenario}/?student={student}")
    page.wait_for_selector(PEER)
    if lang == "cy" and page.locator(f'{PEER}[lang="cy"]').count() == 0:
        press(page, "el.dataset.plxAction === 'language' && el.value === 'cy'")
        expect(page.locator(f'{PEER}[lang="cy"]')).to_be_visible()


def status(page):
    return page.locator(f"{PEER} [data-plx-status]")


def clean(page):
    assert axe_violations(page, PEER) == []


def choose(page, criterion: str, level: int, prefix: str = "") -> None:
    """Tab into a criterion's radio group and pick its *level* (0 = lowest) with Space and the arrows."""
    tab_to(page, f"el.type === 'radio' && el.name.endsWith('-{prefix}{criterion}')")
    at, count = page.evaluate("""() => { const el = document.activeElement;
        const group = [...document.getElementsByName(el.name)]; return [group.indexOf(el), group.length]; }""")
    page.keyboard.press("Space")  # a group with nothing chosen yet gets focus on its first radio
    for _ in range((level - at) % count):
        page.keyboard.press("ArrowDown")  # moves to the next level and chooses it


def band_points(page, level_points: int, value: str, prefix: str = "") -> None:
    """Tab to the points box of the band starting at *level_points* and type *value*."""
    tab_to(page, f"el.dataset.plxPoints && el.dataset.plxPoints.endsWith('-{prefix}time-{level_points}')")
    page.keyboard.press("Control+A")
    page.keyboard.type(value)


def calibrate(page, lang, action: int, passed: bool):
    choose(page, "action", action, "cal-")
    choose(page, "time", 2, "cal-")  # "A lot" (4-5): the expert's level
    press(page, "el.dataset.plxAction === 'peer-calibrate'")
    expected = {("en", False): "Not yet: read the expert's reasons, then assess the example again.",
                ("en", True): "Thank you: compare your assessment with the expert's below.",
                ("cy", False): "Ddim eto: darllenwch resymau'r arbenigwr, yna aseswch yr enghraifft eto.",
                ("cy", True): "Diolch: cymharwch eich asesiad ag asesiad yr arbenigwr isod."}[(lang, passed)]
    expect(status(page)).to_have_text(expected)
    expect(page.locator(f"{PEER} [data-plx-calibration-feedback] h4")).to_be_focused()


def review_one(page, lang, band_value: str = "5"):
    press(page, "el.dataset.plxAction === 'peer-next'")
    expect(page.locator(f"{PEER} [data-plx-focus]")).to_be_focused()
    choose(page, "action", 2)
    choose(page, "time", 2)
    band_points(page, 4, band_value)
    tab_to(page, "el.dataset.plxField === 'overall'")  # required by default (issue 14.7)
    page.keyboard.type("The codes save time; add how pupils will show they used them.")
    press(page, "el.dataset.plxAction === 'peer-review'")
    done = "Diolch: cafodd eich adolygiad ei gadw." if lang == "cy" else "Thank you: your review was saved."
    expect(status(page)).to_have_text(done)


def test_learners_calibrate_review_in_bands_and_see_their_reviewing_grade(watched, practice):
    page, base = watched, practice
    learners = (("pp-ann", "en"), ("pp-bob", "en"), ("pp-cyw", "cy"))
    for student, lang in learners:
        open_block(page, base, TASK, student, lang)
        write_and_submit(page, *SAVED[lang])
        heading = page.locator(f"{PEER} .plx-peer-calibration h4")
        expect(heading).to_be_focused()  # the example to assess comes first
        expect(heading).to_have_text("Ymarfer yn gyntaf: enghraifft 1 o 1" if lang == "cy"
                                     else "Practise first: example 1 of 1")
        clean(page)
        calibrate(page, lang, 0, passed=False)  # "Not yet" is two levels below the expert's "Clearly"
        feedback = page.locator(f"{PEER} [data-plx-calibration-feedback]")
        expect(feedback.locator("[data-plx-verdict=lower]")).to_have_count(1)
        expect(feedback).to_contain_text("Mae disgyblion yn defnyddio amser y wers" if lang == "cy"
                                         else "Pupils use lesson time to act on every code.")
        clean(page)
        calibrate(page, lang, 1, passed=True)  # "Partly": within one level
        expect(feedback.locator("[data-plx-verdict=close]")).to_have_count(1)
        clean(page)

    # Each reviews the other two, picking a point inside the "A lot" band; a point outside it is
    # refused in the browser, before anything is sent.
    open_block(page, base, TASK, "pp-ann")
    press(page, "el.dataset.plxAction === 'peer-next'")
    choose(page, "action", 2)
    choose(page, "time", 2)
    band_points(page, 4, "9")
    press(page, "el.dataset.plxAction === 'peer-review'")
    expect(page.locator(f"{PEER} [data-plx-error=form]")).to_have_text(
        "Choose points from 4 to 5 for the level you picked.")
    band_points(page, 4, "5")
    tab_to(page, "el.dataset.plxField === 'overall'")
    page.keyboard.type("Two codes a lesson is realistic; say when pupils will act on them.")
    press(page, "el.dataset.plxAction === 'peer-review'")
    expect(status(page)).to_have_text("Thank you: your review was saved.")
    review_one(page, "en")
    for student, lang in learners[1:]:
        open_block(page, base, TASK, student, lang)
        review_one(page, lang)
        review_one(page, lang, "4")

    for student, lang in learners:
        open_block(page, base, TASK, student, lang)
        reviewing = page.locator(f"{PEER} [data-plx-reviewing-grade]")
        expect(reviewing).to_contain_text("Eich gradd adolygu:" if lang == "cy" else "Your reviewing grade:")
        expect(reviewing).to_contain_text("allan o 5" if lang == "cy" else "out of 5")
        press(page, "el.tagName === 'SUMMARY' && el.closest('.plx-peer-reviewing__how')")
        expect(page.locator(f"{PEER} .plx-peer-reviewing__how")).to_contain_text(
            "“Adolygu gan gymheiriaid”, 20%" if lang == "cy" else '"Peer reviewing", 20% of your course grade')
        clean(page)
        open_block(page, base, REVIEWING, student, lang)
        expect(page.locator(PEER)).to_contain_text("Adolygu: Cynllunio trefn adborth" if lang == "cy"
                                                   else "Reviewing: Plan a feedback routine")
        expect(page.locator(f"{PEER} [data-plx-reviewing-grade]")).to_be_visible()
        clean(page)


@pytest.mark.parametrize(("staff", "lang"), [(STAFF[0], "en"), (STAFF[1], "cy")])
def test_staff_walk_the_learner_flow_in_a_dry_run(watched, practice, staff, lang):
    page, base = watched, practice
    welsh = lang == "cy"
    open_block(page, base, TASK, staff, lang)
    clean(page)
    press(page, "el.dataset.plxAction === 'peer-dry-run' && el.value === 'start'")
    banner = page.locator(f"{PEER} [data-plx-dry-run] h3")
    expect(banner).to_be_focused()
    expect(banner).to_have_text("Rhediad prawf" if welsh else "Dry run")
    expect(page.locator(f"{PEER} [data-plx-staff]")).to_have_count(0)  # the real panel is out of the way
    clean(page)
    write_and_submit(page, *SAVED[lang])
    calibrate(page, lang, 2, passed=True)
    review_one(page, lang)
    review_one(page, lang)
    block = page.locator(PEER)
    expect(block.locator(".plx-peer-received__item")).to_have_count(2)
    expect(block.locator(".plx-peer-received")).to_contain_text(
        "Adolygiad enghreifftiol ar gyfer y rhediad prawf" if welsh else "This is a sample review for the dry run")
    expect(block.locator("[data-plx-reviewing-grade]")).to_contain_text("allan o 5" if welsh else "out of 5")
    clean(page)
    press(page, "el.dataset.plxAction === 'peer-dry-run' && el.value === 'stop'")
    expect(status(page)).to_have_text("Daeth y rhediad prawf i ben: cafodd popeth a wnaethoch ynddo ei ddileu." if welsh
                                      else "Dry run ended: everything you did in it was deleted.")
    expect(page.locator(f"{PEER} [data-plx-action=peer-dry-run]")).to_be_focused()
    assert RESPONSE not in page.locator(PEER).inner_text()  # the dry run's response is gone
    press(page, "el.dataset.plxAction === 'staff-progress'")
    progress = page.locator(".plx-peer-progress:not([data-plx-reviewers]) tbody")
    expect(progress).not_to_contain_text(staff)  # the real task has no row of the staff member's dry run
    clean(page)
