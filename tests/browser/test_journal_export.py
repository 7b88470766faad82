"""The journal in Chromium, in English and in Welsh (issue 14.6): the saved time is 24-hour in
both; "My journal" leads back to the unit it was opened from, says who can read it, and is
axe-clean, and in Welsh says the course's Welsh is a draft; the printable export is in the learner's
language with unit and module titles; the PDF downloads."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from plxblocks.journal.pdf import pdf_available
from tests.a11y import axe_violations

JOURNAL, LESSON = "[data-plx-kind=reflection]", "[data-plx-kind=prose]"
TEXT = "Rwy'n marcio pob llyfr bob nos; dŵr a thŷ. I mark every book each night and pupils rarely read it."
WORDS = {
    "en": {"saved": "Saved at", "open": "Open my journal", "back": "Back to the unit", "h1": "My journal",
           "unit": "First steps", "where": "A minimal course › Basics", "other_unit": "Camau cyntaf",
           "privacy": "Your course team and other learners cannot see your journal.",
           "printable": "Printable journal (HTML)", "pdf": "Download my journal (PDF)", "file": "my-journal.pdf",
           "filter": "Show entries for", "show": "Show"},
    "cy": {"saved": "Cadwyd am", "open": "Agor fy nyddlyfr", "back": "Yn ôl i'r uned", "h1": "Fy nyddlyfr",
           "unit": "Camau cyntaf", "where": "Cwrs bach › Hanfodion", "other_unit": "First steps",
           "privacy": "Ni all tîm y cwrs na dysgwyr eraill weld eich dyddlyfr.",
           "printable": "Dyddlyfr i'w argraffu (HTML)", "pdf": "Lawrlwytho fy nyddlyfr (PDF)",
           "file": "fy-nyddlyfr.pdf", "filter": "Dangos cofnodion ar gyfer", "show": "Dangos"},
}


def write_and_save(page, lang):
    if lang == "cy":
        page.locator(LESSON).get_by_role("button", name="Cymraeg").click()
        expect(page.locator(f'{JOURNAL}[lang="cy"]')).to_be_visible()
    journal = page.locator(JOURNAL)
    journal.locator("textarea").fill(TEXT)
    status = journal.locator("[data-plx-status]")
    expect(status).to_contain_text(WORDS[lang]["saved"], timeout=10_000)
    return status


NO_WELSH_LOCALE_DATA = """(() => {
  // A browser built without Welsh locale data formats 'cy-GB' in its default locale, often en-US
  // (12-hour): how the Welsh page came to say "Cadwyd am 08:58 PM".
  const fallBack = (locales) => (/^cy/i.test(String(locales)) ? 'en-US' : locales);
  for (const name of ['toLocaleTimeString', 'toLocaleString']) {
    const original = Date.prototype[name];
    Date.prototype[name] = function (locales, options) { return original.call(this, fallBack(locales), options); };
  }
})();"""


@pytest.mark.parametrize(("lang", "welsh_data"), [("en", True), ("cy", True), ("cy", False)])
def test_the_saved_time_is_24_hour(page, workbench_url, student, lang, welsh_data):
    """Welsh showed "Cadwyd am 08:58 PM": the time now names its 24-hour clock, whatever the
    browser's locale data."""
    if not welsh_data:
        page.add_init_script(NO_WELSH_LOCALE_DATA)
    page.goto(f"{workbench_url}/scenario/plx_lesson.0/?student={student}")
    status = write_and_save(page, lang)
    expect(status).to_have_text(re.compile(rf"^{WORDS[lang]['saved']} ([01]\d|2[0-3]):[0-5]\d$"))
    # And it is the time of the save in the browser's zone, as a 24-hour clock reads it.
    shown = re.search(r"(\d\d):(\d\d)$", status.inner_text())
    hour = page.evaluate("() => new Date().getHours()")
    assert int(shown[1]) in (hour, (hour - 1) % 24), (shown[0], hour)
    page.reload()  # the time shown for the stored entry, too
    expect(page.locator(f"{JOURNAL} [data-plx-status]")).to_have_text(
        re.compile(rf"^{WORDS[lang]['saved']} ([01]\d|2[0-3]):[0-5]\d$"))
    assert axe_violations(page, JOURNAL) == []


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_my_journal_leads_back_to_the_unit_and_exports_in_the_learners_language(unit_page, lang):
    page, words = unit_page, WORDS[lang]
    write_and_save(page, lang)
    unit_url = page.url
    page.locator(JOURNAL).get_by_role("link", name=words["open"]).click()
    expect(page.locator("h1")).to_have_text(words["h1"])
    back = page.get_by_role("link", name=words["back"])
    expect(back).to_be_visible()
    expect(page.locator("[data-plx-privacy]")).to_contain_text(words["privacy"])
    article = page.locator("article")
    expect(article.locator("h2")).to_have_text(words["unit"])
    expect(article).to_contain_text(words["where"])
    expect(article).not_to_contain_text(words["other_unit"])
    # The minimal course's Welsh is a draft: "Fy nyddlyfr" says so, as every Welsh page does (issue 14.8).
    notice = page.locator(".plx-notice--draft")
    if lang == "cy":
        expect(notice).to_have_count(1)
        expect(notice).to_have_text("Drafft yw Cymraeg y cwrs hwn: nid yw siaradwr Cymraeg wedi'i adolygu eto. "
                                    "Os nad yw rhywbeth yn glir, newidiwch i'r Saesneg.")
    else:
        expect(notice).to_have_count(0)
    assert axe_violations(page) == []
    # Filtering keeps the way back; the back link is the first thing a keyboard reaches.
    page.get_by_label(words["filter"]).select_option("pedagogy")
    page.get_by_role("button", name=words["show"]).click()
    expect(page.get_by_label(words["filter"])).to_have_value("pedagogy")
    page.keyboard.press("Tab")
    expect(back).to_be_focused()
    # The PDF downloads (where WeasyPrint is installed; otherwise its link is not offered).
    pdf_link = page.get_by_role("link", name=words["pdf"])
    if pdf_available():
        with page.expect_download() as download:
            pdf_link.click()
        assert download.value.suggested_filename == words["file"]
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    else:
        expect(pdf_link).to_have_count(0)
    # The printable export: the same document without the page's controls, axe-clean too.
    journal_url = page.url
    page.get_by_role("link", name=words["printable"]).click()
    expect(page.locator("h1")).to_have_text(words["h1"])
    expect(page.locator("article h2")).to_have_text(words["unit"])
    expect(page.locator("[data-plx-back], .plx-filter, .plx-notice--draft")).to_have_count(0)
    assert axe_violations(page) == []
    page.goto(journal_url)
    page.get_by_role("link", name=words["back"]).click()
    expect(page).to_have_url(unit_url)
    expect(page.locator(JOURNAL).locator("textarea")).to_have_value(TEXT)
