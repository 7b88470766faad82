"""The SCORM journal download (issue 14.6): styled like the XBlocks' export, each entry headed by
its unit (with the module), the prompt under its own heading, everything in the learner's
language and times 24-hour; and the journal's privacy sentence says what the LMS holds."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import axe_violations
from tests.browser.test_journal_export import NO_WELSH_LOCALE_DATA

TEXT = "Rwy'n rhoi adborth llafar: dŵr, tŷ & <b>not bold</b>."


def download_journal(page, frame) -> str:
    with page.expect_download() as info:
        frame.locator(".plx-contents").get_by_role("button", name=re.compile("journal|nyddlyfr")).click()
    return info.value.path().read_text(encoding="utf-8")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", {"h2": "First steps", "where": "A minimal course › Basics", "prompt": "Prompt",
            "mine": "My reflection", "question": "How do you give feedback now?", "exported": "Exported on",
            "other": ("Camau cyntaf", "Cwestiwn myfyrio")}),
    ("cy", {"h2": "Camau cyntaf", "where": "Cwrs bach › Hanfodion", "prompt": "Cwestiwn myfyrio",
            "mine": "Fy myfyrio", "question": "Sut ydych chi'n rhoi adborth nawr?", "exported": "Allforiwyd ar",
            "other": ("First steps", "How do you give feedback now?")}),
])
def test_the_download_is_styled_and_headed_by_the_unit_in_the_learners_language(minimal_course, lms_for, page,
                                                                               lang, expected):
    if lang == "cy":  # the export time is 24-hour even where the browser has no Welsh locale data
        page.add_init_script(NO_WELSH_LOCALE_DATA)
    lms = lms_for(minimal_course, "2004")
    frame = lms.launch(page, "2004")
    journal = frame.locator(".plx-reflection")
    journal.get_by_label("Your reflection").fill(TEXT + " word" * 20)
    journal.get_by_role("button", name="Save").click()
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at")
    if lang == "cy":
        frame.locator(".plx-sco-header").get_by_role("button", name="Cymraeg").click()
    exported = download_journal(page, frame)
    assert "<style>" in exported and ".plx-journal-export" in exported  # journal.css, inlined
    assert f"<h2>{expected['h2']}</h2>" in exported
    assert f'<p class="plx-entry__where">{expected["where"]}</p>' in exported
    assert f"<h3>{expected['prompt']}</h3>" in exported and f"<h3>{expected['mine']}</h3>" in exported
    assert expected["question"].replace("'", "&#39;") in exported.split("plx-entry__prompt", 1)[1]
    for text in expected["other"]:
        assert text not in exported, text
    assert "dŵr, tŷ &amp; &lt;b&gt;not bold&lt;/b&gt;." in exported
    exported_on = re.search(rf"{expected['exported']} ([^<]*)\.</p>", exported)[1]
    assert re.search(r"\b\d{2}:\d{2}$", exported_on) and not re.search(r"AM|PM|yb|yh", exported_on), exported_on
    # The document itself is accessible as a page.
    view = page.context.new_page()
    view.set_content(exported)
    assert axe_violations(view) == []
    view.close()


def test_the_scorm_privacy_sentence_says_the_lms_holds_the_journal(minimal_course, lms_for, page):
    """Issue 14.6: the SCORM page said "Only you can read your journal" while docs/scorm.md says
    an LMS administrator could decode suspend_data."""
    frame = lms_for(minimal_course, "1.2").launch(page, "1.2")
    hint = frame.locator(".plx-reflection .plx-hint").first
    expect(hint).to_contain_text("Your journal is saved with your progress in this learning platform")
    expect(hint).to_contain_text("the platform’s administrators could decode it")
    assert "Only you can read" not in frame.content()
    frame.locator(".plx-sco-header").get_by_role("button", name="Cymraeg").click()
    expect(frame.locator(".plx-reflection[lang=cy] .plx-hint").first).to_contain_text(
        "Caiff eich dyddlyfr ei gadw gyda'ch cynnydd yn y platfform dysgu hwn")
