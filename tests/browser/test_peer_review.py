"""Three learners take the peer-review task in the workbench, by keyboard alone, one of them in
Welsh: write and submit, review each other, see their grades. axe-core checks each step."""
from __future__ import annotations

import contextlib
import shutil

import pytest
from playwright.sync_api import expect

from plxblocks.workbench.testing import running_workbench
from tests.a11y import axe_violations
from tests.browser.test_accessibility import tab_to
from tests.conftest import DATA

PEER = "[data-plx-kind=peer_review]"
RESPONSE = ("On Mondays I now give whole-class feedback instead of writing in every book. I read the books, "
            "note three common errors and one strong example, and pupils spend fifteen minutes improving their "
            "work with a checklist. Marking time fell from five hours to two hours a week, and more pupils act "
            "on the feedback because they do something with it straight away in the lesson.")


@contextlib.contextmanager
def workbench_with_task(folder, settings: str):
    """A workbench on the minimal course whose peer-review task has these extra YAML *settings*."""
    content = folder / "content" / "minimal"
    shutil.copytree(DATA / "minimal", content)
    unit = content / "modules" / "basics" / "first-steps" / "unit.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("    max_words: 800\n", "    max_words: 800\n" + settings), encoding="utf-8")
    with running_workbench([content.parent], folder / "data") as base:
        yield base


@pytest.fixture(scope="module")
def peer_workbench(tmp_path_factory):
    """A workbench whose peer-review task asks for two reviews each way (three learners)."""
    with workbench_with_task(tmp_path_factory.mktemp("peer-browser"),
                             "    reviews_to_give: 2\n    reviews_to_receive: 2\n") as base:
        yield base


def open_task(page, base, student):
    page.goto(f"{base}/scenario/plx_peer_review.0/?student={student}")
    page.wait_for_selector(PEER)


def press(page, predicate):
    tab_to(page, predicate)
    page.keyboard.press("Enter")


def write_and_submit(page, status_saved, status_submitted):
    tab_to(page, "el.tagName === 'TEXTAREA'")
    page.keyboard.type(RESPONSE)
    press(page, "el.dataset.plxAction === 'peer-save'")
    expect(page.locator(f"{PEER} [data-plx-status]")).to_have_text(status_saved)
    press(page, "el.dataset.plxAction === 'peer-submit-ask'")
    assert page.evaluate("document.activeElement.dataset.plxAction") == "peer-submit"  # focus moved to confirm
    page.keyboard.press("Enter")
    expect(page.locator(f"{PEER} [data-plx-status]")).to_have_text(status_submitted)


def review_one(page, status_done):
    press(page, "el.dataset.plxAction === 'peer-next'")
    expect(page.locator(f"{PEER} [data-plx-focus]")).to_be_focused()
    tab_to(page, "el.type === 'radio'")
    page.keyboard.press("ArrowDown")  # the second level: Secure (2 points)
    tab_to(page, "el.dataset.plxComment === 'impact'")
    page.keyboard.type("A clear routine <script>alert(1)</script> & a good measure of impact.")
    tab_to(page, "el.dataset.plxField === 'overall'")  # required by default (issue 14.7)
    page.keyboard.type("Workable in a week; say how you will know pupils act on it.")
    press(page, "el.dataset.plxAction === 'peer-review'")
    expect(page.locator(f"{PEER} [data-plx-status]")).to_have_text(status_done)


def test_three_learners_review_each_other(page, peer_workbench):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    base = peer_workbench
    learners = ("pr-ann", "pr-bob", "pr-cyw")

    # ann and bob write in English; cyw switches to Welsh first, by keyboard.
    for student in learners:
        open_task(page, base, student)
        if student == "pr-cyw":
            press(page, "el.dataset.plxAction === 'language' && el.value === 'cy'")
            expect(page.locator(f'{PEER}[lang="cy"]')).to_be_visible()
            assert axe_violations(page, PEER) == []
            write_and_submit(page, "Drafft wedi'i gadw.",
                             "Cafodd eich ymateb ei gyflwyno. Gallwch nawr adolygu gwaith cydweithwyr.")
        else:
            assert axe_violations(page, PEER) == []
            write_and_submit(page, "Draft saved.", "Your response was submitted. You can now review colleagues' work.")
        assert axe_violations(page, PEER) == []

    # Each reviews the other two; nobody sees a name.
    for student in learners:
        open_task(page, base, student)
        welsh = student == "pr-cyw"
        for _ in range(2):
            review_one(page, "Diolch: cafodd eich adolygiad ei gadw." if welsh else "Thank you: your review was saved.")
        text = page.locator(PEER).inner_text()
        assert not [name for name in learners if name in text]
    open_task(page, base, "pr-ann")
    press(page, "el.dataset.plxAction === 'peer-next'")  # everyone has their two: nothing left
    expect(page.locator(f"{PEER} [data-plx-waiting]")).to_contain_text("nothing for you to review")
    assert axe_violations(page, PEER) == []

    # Grades: two reviews of Secure each; comments shown as text, never run.
    for student, grade in (("pr-ann", "Your grade: 2 out of 2."), ("pr-bob", "Your grade: 2 out of 2."),
                           ("pr-cyw", "Eich gradd: 2 allan o 2.")):
        open_task(page, base, student)
        block = page.locator(PEER)
        expect(block.locator("[data-plx-grade]")).to_have_text(grade)
        expect(block.locator(".plx-peer-received__item")).to_have_count(2)
        expect(block.locator("[data-plx-explained]")).to_contain_text("<script>alert(1)</script> & a good measure")
        assert axe_violations(page, PEER) == []
    # cyw rates a review as helpful, by keyboard; the choice shows as pressed.
    press(page, "el.dataset.plxAction === 'peer-rate' && el.dataset.plxHelpful === 'true'")
    expect(page.locator(f"{PEER} [data-plx-status]")).to_have_text("Diolch am eich sgôr.")
    expect(page.locator(f"{PEER} [data-plx-action=peer-rate][aria-pressed=true]")).to_have_count(1)

    # The course team's panel: names, one response opened, by keyboard; axe-clean.
    open_task(page, base, "staff")
    press(page, "el.dataset.plxAction === 'staff-progress'")
    expect(page.locator(".plx-peer-progress tbody tr")).to_have_count(3)
    press(page, "el.dataset.plxAction === 'staff-open'")
    expect(page.locator("[data-plx-staff-detail] h4")).to_be_focused()
    expect(page.locator("[data-plx-staff-detail]")).to_contain_text("Response by pr-ann")
    assert axe_violations(page, PEER) == []
    assert errors == []
