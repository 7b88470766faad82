"""Peer review as issue 14.7 asks, in Chromium, in English and Welsh, on a desktop and a 390x844
phone, axe-clean: the word limits are checked before the confirmation; a learner alone is told
the truth about the queue; the overall comment is required and the page says so before sending;
the grade is explained per criterion (the level, what it means, its points, each comment in a
block of its own) with the overall comment in a block of its own."""
from __future__ import annotations

import contextlib
import shutil

import pytest
from playwright.sync_api import expect

from plxblocks.workbench.testing import running_workbench
from tests.a11y import axe_violations
from tests.browser.test_accessibility import tab_to
from tests.browser.test_peer_review import PEER, RESPONSE, open_task, press
from tests.conftest import DATA
from tests.scorm.test_checks_and_sources import VIEWPORTS

UNIT = ("modules", "basics", "first-steps", "unit.yaml")
CHANGES = (
    ("    min_words: 50\n    max_words: 800\n",
     "    min_words: 20\n    max_words: 80\n    reviews_to_give: 1\n    reviews_to_receive: 1\n"),
    ("            label: {en: Not yet, cy: Ddim eto}\n",
     "            label: {en: Not yet, cy: Ddim eto}\n"
     "            description: {en: The plan does not say what pupils will do., cy: Nid yw'r cynllun yn dweud beth fydd "
     "disgyblion yn ei wneud.}\n"),
    ("            label: {en: Secure, cy: Sicr}\n",
     "            label: {en: Secure, cy: Sicr}\n"
     "            description: {en: Pupils act on the feedback in the lesson., cy: Mae disgyblion yn gweithredu ar yr "
     "adborth yn y wers.}\n"),
)
WORDS = RESPONSE.split()  # 65 words: inside the task's 20 to 80
COMMENT = "Name the checklist's three questions <b>here</b>."
OVERALL = "A clear routine & a fair measure. Say how you will check pupils use it."

TEXT = {
    "en": {"short": "Your response is 2 words short of the minimum of 20. Add to it before you submit.",
           "long": "Your response is 1 word over the limit of 80. Shorten it before you submit.",
           "alone": "There is nothing for you to review right now. No colleague has a response waiting for review "
                    "yet. Yours is first in the review queue: the next colleague to review will be given it. New "
                    "responses arrive as colleagues submit: check again later.",
           "overall": "Write an overall comment: say what works in the response and what would make it better.",
           "saved": "Thank you: your review was saved.", "grade": "Your grade: 2 out of 2.",
           "explained": "How your grade was worked out", "level": "Secure", "points": "2 points",
           "description": "Pupils act on the feedback in the lesson.", "who": "Review 1: Secure (2 points)",
           "self": "Not yet (0 points) The plan does not say what pupils will do."},
    "cy": {"short": "Mae eich ymateb 2 air yn brin o'r isafswm o 20. Ychwanegwch ato cyn ei gyflwyno.",
           "long": "Mae eich ymateb 1 gair dros yr uchafswm o 80. Byrhewch ef cyn ei gyflwyno.",
           "alone": "Does dim byd i chi ei adolygu ar hyn o bryd. Nid oes gan yr un cydweithiwr ymateb yn aros am "
                    "adolygiad eto. Eich un chi yw'r cyntaf yn y ciw adolygu: bydd yn cael ei roi i'r cydweithiwr "
                    "nesaf sy'n adolygu. Mae ymatebion newydd yn cyrraedd wrth i gydweithwyr gyflwyno: gwiriwch eto "
                    "yn nes ymlaen.",
           "overall": "Ysgrifennwch sylw cyffredinol: dywedwch beth sy'n gweithio yn yr ymateb a beth fyddai'n ei "
                      "wella.",
           "saved": "Diolch: cafodd eich adolygiad ei gadw.", "grade": "Eich gradd: 2 allan o 2.",
           "explained": "Sut y cyfrifwyd eich gradd", "level": "Sicr", "points": "2 bwynt",
           "description": "Mae disgyblion yn gweithredu ar yr adborth yn y wers.", "who": "Adolygiad 1: Sicr (2 bwynt)",
           "self": "Ddim eto (0 pwynt) Nid yw'r cynllun yn dweud beth fydd disgyblion yn ei wneud."},
}


@contextlib.contextmanager
def grade_workbench(folder):
    content = folder / "content" / "minimal"
    shutil.copytree(DATA / "minimal", content)
    unit = content.joinpath(*UNIT)
    text = unit.read_text(encoding="utf-8")
    for old, new in CHANGES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    unit.write_text(text, encoding="utf-8")
    with running_workbench([content.parent], folder / "data") as base:
        yield base


@pytest.fixture
def learners(browser, tmp_path, request):
    """A fresh task (so the first learner is alone) and a page per learner at the test's viewport."""
    viewport = VIEWPORTS[request.node.callspec.params["viewport"]]
    contexts, errors = [], []

    def page_for(student, base, lang):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        open_task(page, base, student)
        if lang == "cy":
            page.locator(PEER).get_by_role("button", name="Cymraeg").click()
            expect(page.locator(f'{PEER}[lang="cy"]')).to_be_visible()
        return page

    with grade_workbench(tmp_path) as base:
        yield lambda student, lang: page_for(student, base, lang)
        for context in contexts:
            context.close()
    assert errors == []


def error_shown_for(page, field: str, message: str, textarea) -> None:
    """*message* is shown at *field*, the textarea has focus, is marked invalid and names it."""
    error = page.locator(f"{PEER} [data-plx-error={field}]")
    expect(error).to_be_visible()
    expect(error).to_have_text(message)
    expect(textarea).to_be_focused()
    expect(textarea).to_have_attribute("aria-invalid", "true")
    assert error.get_attribute("id") in textarea.get_attribute("aria-describedby").split()


def write_and_submit(page, lang):
    """The word limits stop the confirmation (2 words short, then 1 over); then it is submitted."""
    block = page.locator(PEER)
    textarea, confirm = block.locator("[data-plx-field=text]"), block.locator("[data-plx-confirm]")
    textarea.fill(" ".join(WORDS[:18]))
    press(page, "el.dataset.plxAction === 'peer-submit-ask'")
    expect(confirm).to_be_hidden()
    error_shown_for(page, "text", TEXT[lang]["short"], textarea)
    assert axe_violations(page, PEER) == []
    textarea.fill(" ".join(WORDS + WORDS[:16]))  # 81 words
    press(page, "el.dataset.plxAction === 'peer-submit-ask'")
    expect(confirm).to_be_hidden()
    error_shown_for(page, "text", TEXT[lang]["long"], textarea)
    textarea.fill(RESPONSE)
    press(page, "el.dataset.plxAction === 'peer-submit-ask'")
    expect(confirm).to_be_visible()
    expect(block.locator("[data-plx-error=text]")).to_be_hidden()
    expect(textarea).not_to_have_attribute("aria-invalid", "true")
    page.keyboard.press("Enter")  # focus is on "Yes, submit my response"
    expect(block.locator("[data-plx-action=peer-next]")).to_be_visible()


def review(page, lang, level_index: int) -> None:
    """Take the next response; the review is refused here without an overall comment, then sent."""
    block = page.locator(PEER)
    press(page, "el.dataset.plxAction === 'peer-next'")
    expect(block.locator("[data-plx-focus]")).to_be_focused()
    tab_to(page, "el.type === 'radio'")
    for _ in range(level_index):
        page.keyboard.press("ArrowDown")  # moves to and selects the next level
    if not level_index:
        page.keyboard.press("Space")  # Tab reaches the first level without selecting it
    tab_to(page, "el.dataset.plxComment === 'impact'")
    page.keyboard.type(COMMENT)
    given = block.locator("[data-plx-given]").inner_text()
    press(page, "el.dataset.plxAction === 'peer-review'")
    overall = block.locator("[data-plx-field=overall]")
    error_shown_for(page, "overall", TEXT[lang]["overall"], overall)
    # Nothing was sent: the view was not replaced, so what the reviewer wrote is still there.
    assert block.locator("[data-plx-given]").inner_text() == given
    expect(block.locator("[data-plx-comment=impact]")).to_have_value(COMMENT)
    assert axe_violations(page, PEER) == []
    page.keyboard.type(OVERALL)
    press(page, "el.dataset.plxAction === 'peer-review'")
    expect(block.locator("[data-plx-status]")).to_have_text(TEXT[lang]["saved"])


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_limits_the_queue_the_overall_comment_and_the_grade_explained(learners, lang, viewport):
    words = TEXT[lang]
    first = learners(f"pg-first-{lang}-{viewport}", lang)
    write_and_submit(first, lang)
    # Alone on the task: no "0 responses are ahead of yours".
    press(first, "el.dataset.plxAction === 'peer-next'")
    waiting = first.locator(f"{PEER} [data-plx-waiting]")
    expect(waiting).to_have_text(words["alone"], use_inner_text=True)
    assert axe_violations(first, PEER) == []

    second = learners(f"pg-second-{lang}-{viewport}", lang)
    write_and_submit(second, lang)
    review(second, lang, 1)  # the second level: Secure, 2 points
    review(first, lang, 0)

    # The first learner's grade, explained.
    first.reload()
    block = first.locator(PEER)
    expect(block.locator("[data-plx-grade]")).to_have_text(words["grade"])
    explained = block.locator("[data-plx-explained]")
    expect(explained.locator("h4")).to_have_text(words["explained"])
    impact = explained.locator("[data-plx-criterion-grade=impact]")
    expect(impact.locator("[data-plx-level-name]")).to_have_text(words["level"])
    expect(impact.locator("[data-plx-points]")).to_have_text(words["points"])
    expect(impact.locator("[data-plx-level-description]")).to_have_text(words["description"])
    comment = impact.locator("[data-plx-comment-on=impact]")
    expect(comment).to_have_count(1)
    expect(comment.locator(".plx-peer-comment__who")).to_have_text(words["who"])
    expect(comment.locator(".plx-comment")).to_have_text(COMMENT)  # its own block, shown as text
    expect(block.locator(".plx-peer-received__item [data-plx-overall]")).to_have_text(OVERALL)
    # Each in its own block: one above the other, not run together on a line.
    name_box = impact.locator("[data-plx-level-name]").bounding_box()
    comment_box = comment.locator(".plx-comment").bounding_box()
    assert comment_box["y"] >= name_box["y"] + name_box["height"]
    assert axe_violations(first, PEER) == []
    if viewport == "phone":  # the explanation fits the phone's width (the workbench's own page may not)
        assert explained.evaluate("el => el.scrollWidth <= el.clientWidth")
        assert explained.bounding_box()["width"] <= VIEWPORTS["phone"]["width"]


@pytest.fixture
def self_review_workbench(tmp_path):
    policy = "    waiting:\n      until: 2020-01-01\n      fallback: [self]\n"
    content = tmp_path / "content" / "minimal"
    shutil.copytree(DATA / "minimal", content)
    unit = content.joinpath(*UNIT)
    text = unit.read_text(encoding="utf-8")
    for old, new in (*CHANGES[1:], ("    max_words: 800\n", "    max_words: 800\n" + policy)):
        text = text.replace(old, new)
    unit.write_text(text, encoding="utf-8")
    with running_workbench([content.parent], tmp_path / "data") as base:
        yield base


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_self_review_options_say_what_each_level_means(page, self_review_workbench, lang):
    open_task(page, self_review_workbench, f"pg-self-{lang}")
    if lang == "cy":
        page.locator(PEER).get_by_role("button", name="Cymraeg").click()
        expect(page.locator(f'{PEER}[lang="cy"]')).to_be_visible()
    page.locator(f"{PEER} [data-plx-field=text]").fill(RESPONSE)
    press(page, "el.dataset.plxAction === 'peer-submit-ask'")
    page.keyboard.press("Enter")
    option = page.locator(f"{PEER} .plx-peer-self label").first
    expect(option).to_have_text(TEXT[lang]["self"], use_inner_text=False)
    expect(option.locator("[data-plx-level-description]")).to_be_visible()
    assert axe_violations(page, PEER) == []
