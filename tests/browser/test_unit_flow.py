"""A learner takes a unit in headless Chromium: read, answer wrongly then rightly, reflect, reload,
switch to Welsh, export the journal. Also: a failed save keeps the draft; user text is inert."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

REFLECTION = ("In my Year 5 class I mark every book each night. Pupils rarely read the comments, "
              "so next week I will try whole-class feedback on Mondays instead.")
CHECK, JOURNAL = "[data-plx-kind=check]", "[data-plx-kind=reflection]"
LESSON = "[data-plx-kind=prose]:has(.plx-prose)"
"""The unit's reading (the module's references come after the journal, in a lesson of their own)."""


def test_take_a_unit(unit_page, workbench_url, student):
    page = unit_page
    # Read: the prose and its image (served from the course's media folder).
    expect(page.locator(LESSON)).to_contain_text("feedback")
    assert page.locator(f"{LESSON} img").evaluate("img => img.complete && img.naturalWidth > 0")

    # Answer wrongly, then rightly.
    check = page.locator(CHECK)
    check.get_by_label("Giving a grade").check()
    check.get_by_role("button", name="Submit").click()
    expect(check.locator("[data-plx-feedback=grade]")).to_contain_text("Not on its own.")
    expect(check.locator("[data-plx-status]")).to_contain_text("Not quite. You have 1 attempt left.")
    check.get_by_label("Moving learning on").check()
    check.get_by_role("button", name="Submit").click()
    expect(check.locator("[data-plx-status]")).to_have_text("Correct")
    expect(check.locator("[data-plx-explanation]")).to_be_visible()
    expect(check.locator("[data-plx-explanation]")).to_be_focused()
    expect(check.get_by_role("button", name="Submit")).to_be_disabled()

    # Reflect: the counter follows the text; autosave stores it without pressing Save.
    journal = page.locator(JOURNAL)
    textarea = journal.get_by_label("Your reflection")
    textarea.fill(REFLECTION)
    expect(journal.locator("[data-plx-count]")).to_have_text(f"{len(REFLECTION.split())} words")
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at", timeout=10_000)
    journal.get_by_label(re.compile("Innovation")).check()
    journal.get_by_role("button", name="Save").click()
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at")

    # Reload: everything is still there.
    page.reload()
    journal = page.locator(JOURNAL)
    expect(journal.get_by_label("Your reflection")).to_have_value(REFLECTION)
    expect(journal.get_by_label(re.compile("Innovation"))).to_be_checked()
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at")
    expect(page.locator(f"{CHECK} [data-plx-status]")).to_have_text("")
    expect(page.locator(f"{CHECK} [data-plx-explanation]")).to_be_visible()

    # Switch to Welsh: every block on the page follows, content and interface.
    page.locator(LESSON).get_by_role("button", name="Cymraeg").click()
    expect(page.locator(f'{LESSON}[lang="cy"]')).to_be_visible()
    expect(page.locator(f'{CHECK}[lang="cy"]')).to_contain_text("Beth yw pwrpas adborth?")
    expect(page.locator(CHECK).get_by_role("button", name="Cyflwyno")).to_be_disabled()
    journal = page.locator(f'{JOURNAL}[lang="cy"]')
    expect(journal.get_by_label("Eich myfyrio")).to_have_value(REFLECTION)
    expect(journal.locator("[data-plx-count]")).to_have_text(f"{len(REFLECTION.split())} gair")
    expect(page.locator(LESSON).get_by_role("button", name="Cymraeg")).to_be_focused()
    page.reload()
    expect(page.locator(f'{LESSON}[lang="cy"]')).to_be_visible()

    # Export: "My journal" lists the entry; the Markdown download is one document.
    with page.expect_download() as download:
        page.get_by_role("link", name="Lawrlwytho fy nyddlyfr (Markdown)").click()
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Fy nyddlyfr") and REFLECTION in markdown
    page.get_by_role("link", name="Agor fy nyddlyfr").click()
    expect(page.locator("h1")).to_have_text("Fy nyddlyfr")
    expect(page.locator("article")).to_contain_text(REFLECTION)
    page.get_by_label("Dangos cofnodion ar gyfer").select_option("leadership")
    page.get_by_role("button", name="Dangos").click()
    expect(page.locator("article")).to_have_count(0)


def test_a_failed_save_keeps_the_draft_across_a_reload(unit_page):
    page = unit_page
    page.route("**/save_entry/**", lambda route: route.abort())
    journal = page.locator(JOURNAL)
    journal.get_by_label("Your reflection").fill("Written while the network is down.")
    expect(journal.locator("[data-plx-status]")).to_contain_text("Not saved", timeout=10_000)
    page.reload()
    journal = page.locator(JOURNAL)
    expect(journal.get_by_label("Your reflection")).to_have_value("Written while the network is down.")
    page.unroute("**/save_entry/**")
    journal.get_by_role("button", name="Save").click()
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at", timeout=10_000)
    page.reload()
    expect(page.locator(JOURNAL).get_by_label("Your reflection")).to_have_value("Written while the network is down.")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('plx:draft:'))") == []


def test_server_errors_are_shown_beside_the_field(unit_page):
    page = unit_page
    journal = page.locator(JOURNAL)
    journal.get_by_label("Your reflection").fill("word " * 301)
    expect(journal.locator("[data-plx-error=text]")).to_have_text(
        "Your entry is longer than the maximum. Shorten it before you save.")
    expect(journal.get_by_label("Your reflection")).to_have_attribute("aria-invalid", "true")
    # The server's own limit (characters): one 9,001-letter "word" passes the browser's count.
    journal.get_by_label("Your reflection").fill("x" * 9001)
    journal.get_by_role("button", name="Save").click()
    expect(journal.locator("[data-plx-error=text]")).to_have_text("Your entry is too long: the most is 9000 characters.")
    check = page.locator(CHECK)
    check.get_by_role("button", name="Submit").click()
    expect(check.locator("[data-plx-error=answer]")).to_have_text("Choose an answer before you submit.")


def test_user_text_never_runs(unit_page, workbench_url, student):
    page = unit_page
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    journal = page.locator(JOURNAL)
    journal.get_by_label("Your reflection").fill(payload)
    journal.get_by_role("button", name="Save").click()
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at")
    page.reload()
    expect(page.locator(JOURNAL).get_by_label("Your reflection")).to_have_value(payload)
    page.locator(JOURNAL).get_by_role("link", name="Open my journal").click()
    expect(page.locator("article")).to_contain_text(payload)
    assert page.locator("article img").count() == 0
    # unit_page's teardown fails the test if any dialog (alert) opened.
