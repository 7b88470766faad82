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
    expect(wait).to_have_text(f"Wedi cael 0 o 2 adolygiad. Os na ddaw rhagor erbyn {deadline('cy')}, gofynnir i chi "
                              "asesu eich ymateb eich hun yn erbyn y cyfarwyddyd sgorio.", use_inner_text=True)
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
