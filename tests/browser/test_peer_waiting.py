"""The waiting messages in a real browser (issue 17.3), in English and Welsh, by keyboard alone,
axe-clean: three learners on a task that waits seven days, then falls back to fewer reviews,
the author's self-review, then the tutor. Also the learner's "Stop email reminders" switch."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from plxblocks.peer.waiting import WaitPolicy, last_day
from tests.a11y import axe_violations
from tests.browser.test_peer_review import PEER, open_task, press, review_one, workbench_with_task, write_and_submit

POLICY = ("    reviews_to_give: 1\n    reviews_to_receive: 2\n"
          "    waiting:\n      wait_days: 7\n      fallback: [fewer_peers, self, staff]\n")


@pytest.fixture(scope="module")
def waiting_workbench(tmp_path_factory):
    with workbench_with_task(tmp_path_factory.mktemp("peer-waiting-browser"), POLICY) as base:
        yield base


def deadline(lang: str) -> str:
    """The last day of a response submitted now, as the learner's language writes it."""
    day = last_day(WaitPolicy(wait_days=7, fallback=("staff",)).deadline(datetime.now(UTC)))
    return format_date(day, "d MMMM", locale={"en": "en_GB", "cy": "cy_GB"}[lang])


def test_waiting_messages_in_english_and_welsh(page, waiting_workbench):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    base = waiting_workbench
    wait = page.locator(f"{PEER} [data-plx-wait]")

    for student in ("pw-ann", "pw-bob"):
        open_task(page, base, student)
        write_and_submit(page, "Draft saved.", "Your response was submitted. You can now review colleagues' work.")
    open_task(page, base, "pw-cyw")
    press(page, "el.dataset.plxAction === 'language' && el.value === 'cy'")
    expect(page.locator(f'{PEER}[lang="cy"]')).to_be_visible()
    write_and_submit(page, "Drafft wedi'i gadw.", "Cafodd eich ymateb ei gyflwyno. Gallwch nawr adolygu gwaith cydweithwyr.")
    review_one(page, "Diolch: cafodd eich adolygiad ei gadw.")  # cyw reviews ann's, the oldest
    # Nobody has reviewed cyw's yet: at the deadline she would be asked for a self-review.
    expect(wait).to_have_text(f"Nid oes adolygiad wedi cyrraedd; mae'r dasg yn gofyn am 2. Os na ddaw'r un erbyn "
                              f"{deadline('cy')}, gofynnir i chi asesu eich ymateb eich hun yn erbyn y cyfarwyddyd "
                              "sgorio.", use_inner_text=True)
    assert axe_violations(page, PEER) == []

    open_task(page, base, "pw-ann")
    review_one(page, "Thank you: your review was saved.")  # ann reviews bob's
    expect(wait).to_have_text(f"1 of 2 reviews received. If no more arrive by {deadline('en')}, your grade will be "
                              "based on the 1 review you have.", use_inner_text=True)
    assert axe_violations(page, PEER) == []

    # bob has one review of his and has not reviewed anyone: told when he is let off the rest.
    open_task(page, base, "pw-bob")
    expect(page.locator(f"{PEER} [data-plx-release-by]")).to_have_text(
        f"If nothing is left for you to review by {deadline('en')}, you will not need to give the rest.")
    expect(wait).to_contain_text("1 of 2 reviews received.")
    # ... and turns reminder mail off, then on again, by keyboard.
    press(page, "el.dataset.plxAction === 'peer-notices'")
    expect(page.locator(f"{PEER} [data-plx-status]")).to_have_text("You will get no more email reminders.")
    expect(page.locator(f"{PEER} [data-plx-action=peer-notices]")).to_have_text("Send me email reminders")
    expect(page.locator(f"{PEER} [data-plx-action=peer-notices]")).to_be_focused()
    assert axe_violations(page, PEER) == []
    page.keyboard.press("Enter")
    expect(page.locator(f"{PEER} [data-plx-status]")).to_have_text("You will get email reminders.")
    assert errors == []


@pytest.fixture(scope="module")
def ended_workbench(tmp_path_factory):
    """A task whose review period ended long ago, falling back to the author's self-review."""
    policy = "    waiting:\n      until: 2020-01-01\n      fallback: [fewer_peers, self]\n"
    with workbench_with_task(tmp_path_factory.mktemp("peer-ended-browser"), policy) as base:
        yield base


def test_a_learner_alone_completes_with_a_self_review_in_welsh(page, ended_workbench):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_task(page, ended_workbench, "pw-unig")
    press(page, "el.dataset.plxAction === 'language' && el.value === 'cy'")
    expect(page.locator(f'{PEER}[lang="cy"]')).to_be_visible()
    write_and_submit(page, "Drafft wedi'i gadw.", "Cafodd eich ymateb ei gyflwyno. Gallwch nawr adolygu gwaith cydweithwyr.")
    block = page.locator(PEER)
    # Nobody else is there: let off reviewing, and asked to assess the response against the rubric.
    expect(block.locator("[data-plx-released]")).to_be_visible()
    expect(block.locator("[data-plx-wait]")).to_have_text(
        "Daeth y cyfnod adolygu i ben ar 1 Ionawr 2020. Nid oes adolygiad wedi cyrraedd; mae'r dasg yn gofyn am 3. I "
        "gwblhau'r dasg, aseswch eich ymateb eich hun yn erbyn y cyfarwyddyd sgorio isod.", use_inner_text=True)
    assert axe_violations(page, PEER) == []
    tab_to_self = "el.type === 'radio' && el.closest('.plx-peer-self')"
    press(page, tab_to_self)
    page.keyboard.press("ArrowDown")  # the second level: Sicr (2 points)
    press(page, "el.dataset.plxAction === 'peer-self-review'")
    expect(block.locator("[data-plx-status]")).to_have_text("Diolch: cadwyd eich hunanadolygiad.")
    expect(block.locator("[data-plx-grade]")).to_have_text("Eich gradd: 2 allan o 2.")
    expect(block.locator("[data-plx-wait]")).to_have_text(
        "Daeth y cyfnod adolygu i ben ar 1 Ionawr 2020. Daw eich gradd o'ch hunanadolygiad.", use_inner_text=True)
    expect(block.locator("[data-plx-action=peer-self-review]")).to_have_count(0)
    assert axe_violations(page, PEER) == []
    assert errors == []
