"""The SCO runtime in Chromium against a real LMS-side runtime (scorm-again).

Each test builds a package of a test course, opens it in the harness (tests/scorm/harness.py),
works through it as a learner would, and asserts what the LMS received; resume tests relaunch
with that data, as an LMS does on the learner's next visit.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import build
from .harness import Lms, cmi, received

WELSH = "Rwy'n rhoi adborth llafar ŵ ŷ â & <b>not bold</b> \"quoted\"."


def ids(frame):
    """Short ids of the package's units and blocks, from its configuration."""
    cfg = frame.evaluate("() => PLX.scorm.config")
    return cfg["units"], list(cfg["checks"]), list(cfg["reflections"]), list(cfg["reviews"])


def leave(page):
    """The learner closes the SCO: its frame navigates away, which fires pagehide."""
    page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
    page.wait_for_function("() => !document.getElementById('sco').contentWindow.PLX")


def resume_data(page, standard):
    data = cmi(page)["cmi"]
    if standard == "1.2":
        return {"core": {"entry": "resume", "lesson_location": data["core"]["lesson_location"],
                         "lesson_status": data["core"]["lesson_status"]},
                "suspend_data": data["suspend_data"]}
    return {"entry": "resume", "location": data["location"], "suspend_data": data["suspend_data"],
            "completion_status": data["completion_status"]}


def complete_unit(section, n: int = 0):
    """Do every activity of the test course's unit *section* with its own controls: answer the
    check (first wrongly, then rightly), write the reflection, do the self-review."""
    check = section.locator(".plx-check")
    check.get_by_label("Giving a grade").check()
    check.get_by_role("button", name="Submit").click()
    expect(check.locator("[data-plx-status]")).to_contain_text("Not quite")
    check.get_by_label("Moving learning on").check()
    check.get_by_role("button", name="Submit").click()
    expect(check.locator("[data-plx-explanation]")).to_be_visible()
    journal = section.locator(".plx-reflection")
    text = f"Reflection {n}: " + " ".join(["I give feedback in the lesson"] * 6) + " " + WELSH
    journal.get_by_label("Your reflection").fill(text)
    journal.get_by_role("button", name="Save").click()
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at")
    review = section.locator(".plx-peer_review")
    expect(review.get_by_role("heading", name="Structured self-review")).to_be_visible()
    review.get_by_label("Your response").fill("My plan " + "word " * 60)
    review.get_by_label("Secure (2 points)").check()
    review.get_by_role("button", name="Save my self-review").click()
    expect(review.locator("[data-plx-status]")).to_have_text("Self-review saved.")


def take_the_course(frame):
    """Work through every unit (:func:`complete_unit`), moving on with "Next unit"."""
    units, checks, reflections, reviews = ids(frame)
    for n, unit in enumerate(units):
        section = frame.locator(f'[data-plx-unit="{unit}"]')
        assert section.is_visible()
        complete_unit(section, n)
        if n + 1 < len(units):
            section.get_by_role("link", name="Next unit").click()
    frame.evaluate("() => PLX.scorm.session.save()")
    return units, checks, reflections, reviews


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_the_lms_receives_status_score_interactions_and_state_then_resumes(two_unit_course, lms_for, page, standard):
    lms = lms_for(two_unit_course, standard)
    frame = lms.launch(page, standard)
    units, checks, reflections, reviews = take_the_course(frame)
    assert len(units) == 2 and len(checks) == 2 and len(reflections) == 2 and len(reviews) == 2
    leave(page)

    data = cmi(page)["cmi"]
    calls = received(page)
    if standard == "1.2":
        core = data["core"]
        assert core["lesson_status"] == "passed"
        assert core["score"] == {"raw": "100", "min": "0", "max": "100"}
        assert core["lesson_location"] == units[1]
        assert core["exit"] == "suspend"
        session_times = [value for name, value in calls if name == "cmi.core.session_time"]
        assert all(re.fullmatch(r"\d{4}:\d\d:\d\d\.\d\d", value) for value in session_times)
        assert core["session_time"] != "00:00:00"
        first = data["interactions"]["0"]
        assert first["id"] == "basics.first_steps.purpose" and first["type"] == "choice"
        assert first["student_response"] == "b" and first["result"] == "wrong"
        assert first["correct_responses"]["0"]["pattern"] == "a"
        assert data["interactions"]["1"]["result"] == "correct"
        assert len(data["interactions"]) == 4
    else:
        assert data["completion_status"] == "completed" and data["success_status"] == "passed"
        assert data["score"] == {"scaled": "1", "raw": "100", "min": "0", "max": "100"}
        assert data["progress_measure"] == "1"
        assert data["location"] == units[1] and data["exit"] == "suspend"
        assert any(name == "cmi.session_time" and value.startswith("PT") for name, value in calls)
        first = data["interactions"]["0"]
        assert first["learner_response"] == "b" and first["result"] == "incorrect"
        assert first["correct_responses"]["0"]["pattern"] == "a"
        assert first["timestamp"].startswith("20") and first["latency"].startswith("PT")
        assert first["description"] == "What is feedback for?"
        assert len(data["interactions"]) == 4
    assert data["suspend_data"][:1] in ("1", "2")
    assert ["cmi.suspend_data", data["suspend_data"]] in calls
    assert lms.outside_requests == []

    # Next visit: a new browser profile (no local copy), the LMS hands back what it stored.
    context = page.context.browser.new_context()
    try:
        again = context.new_page()
        frame = lms.launch(again, standard, resume=resume_data(page, standard))
        state = frame.evaluate("() => PLX.scorm.session.state")
        assert state["r"][reflections[0]]["x"].startswith("Reflection 0: I give feedback")
        assert state["r"][reflections[0]]["x"].endswith(WELSH)
        assert state["r"][reflections[0]]["s"] == ["pedagogy"]
        # The page shows it: the journal's text box holds the saved entry again.
        second = frame.locator(f'[data-plx-unit="{units[1]}"] .plx-reflection textarea')
        assert second.input_value().startswith("Reflection 1: ")
        assert state["s"][reviews[1]]["levels"] == {"impact": 2}
        assert frame.evaluate("() => PLX.scorm.session.mode") == "lms"
        visible = frame.locator("[data-plx-unit]:not([hidden])")
        assert visible.get_attribute("data-plx-unit") == units[1]
        assert frame.evaluate("() => PLX.scorm.session.checkResult(Object.keys(PLX.scorm.config.checks)[0]).finished")
    finally:
        context.close()


def incompressible(n: int) -> str:
    """*n* characters that no coder can squeeze (a fixed pseudo-random stream of letters)."""
    import random

    rng = random.Random(5)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ŵŷâ.,") for _ in range(n))


def test_1p2_overflow_is_never_truncated_silently(minimal_course, lms_for, page):
    lms = lms_for(minimal_course, "1.2")
    frame = lms.launch(page, "1.2")
    _, _, [reflection], _ = ids(frame)
    frame.evaluate("([id]) => PLX.scorm.session.saveReflection(id, {x: 'A short first entry.', s: []})", [reflection])
    fitting = cmi(page)["cmi"]["suspend_data"]
    assert 0 < len(fitting) <= 4096

    long_text = incompressible(9000)
    journal = frame.locator(".plx-reflection")
    journal.get_by_label("Your reflection").fill(long_text)
    journal.get_by_role("button", name="Save").click()
    alert = frame.locator("#plx-overflow")
    alert.wait_for(state="visible")
    message = alert.inner_text()
    assert "too long for this learning platform to store" in message and "4,096 characters" in message
    # The LMS keeps the last value that fitted; nothing cut short was sent.
    assert cmi(page)["cmi"]["suspend_data"] == fitting
    assert not any(name == "cmi.suspend_data" and len(value) > 4096 for name, value in received(page))
    # Everything is in this browser, and in the journal download.
    local = frame.evaluate("() => JSON.parse(localStorage.getItem(PLX.scorm.session.localKey)).r")
    assert local[reflection]["x"] == long_text
    with page.expect_download() as download_info:
        alert.get_by_role("button", name="Download my journal").click()
    journal = download_info.value.path().read_text(encoding="utf-8")
    assert long_text.replace("\n", "<br>") in journal
    assert download_info.value.suggested_filename == "journal-plx-minimal-scorm12.html"

    # Relaunched in the same browser: the local copy is newer than the LMS's and wins.
    leave(page)
    resume = resume_data(page, "1.2")
    again = page.context.new_page()
    frame = lms.launch(again, "1.2", resume=resume)
    assert frame.evaluate("([id]) => PLX.scorm.session.state.r[id].x", [reflection]) == long_text
    frame.locator("#plx-overflow").wait_for(state="visible")
    again.close()


def test_2004_holds_what_1p2_cannot(minimal_course, lms_for, page):
    lms = lms_for(minimal_course, "2004")
    frame = lms.launch(page, "2004")
    _, _, [reflection], _ = ids(frame)
    long_text = incompressible(9000)
    frame.evaluate("([id, text]) => PLX.scorm.session.saveReflection(id, {x: text, s: []})", [reflection, long_text])
    stored = cmi(page)["cmi"]["suspend_data"]
    assert 4096 < len(stored) <= 64000
    assert frame.locator("#plx-overflow").is_hidden()
    assert frame.evaluate("(text) => PLX.codec.decode(text)", stored)["r"][reflection][0] == long_text


def test_without_an_lms_it_runs_standalone_and_keeps_work_in_the_browser(minimal_course, lms_for, page):
    lms = lms_for(minimal_course, "1.2")
    frame = lms.launch(page, "1.2", no_api=True)
    banner = frame.locator("#plx-standalone")
    assert banner.is_visible() and "not reported" in banner.inner_text()
    assert frame.evaluate("() => PLX.scorm.session.mode") == "standalone"
    _, [check], [reflection], _ = ids(frame)
    frame.evaluate("([id]) => PLX.scorm.session.saveReflection(id, {x: 'Kept locally ŵ', s: []})", [reflection])
    frame.evaluate("([id]) => PLX.scorm.session.answerCheck(id, ['improve'])", [check])
    page.reload()
    frame = lms._ready(page)
    assert frame.evaluate("([id]) => PLX.scorm.session.state.r[id].x", [reflection]) == "Kept locally ŵ"
    assert frame.evaluate("([id]) => PLX.scorm.session.checkResult(id).correct", [check]) is True
    assert received(page) == []


def test_a_failed_commit_is_retried_and_the_work_kept_meanwhile(minimal_course, lms_for, page):
    lms = lms_for(minimal_course, "2004")
    frame = lms.launch(page, "2004", fail_commits=2)
    _, _, [reflection], _ = ids(frame)
    frame.evaluate("([id]) => PLX.scorm.session.saveReflection(id, {x: 'Do not lose me', s: []})", [reflection])
    status = frame.locator("#plx-save-status")
    assert frame.evaluate("() => window.PLX.scorm.session.retry") >= 1
    local = frame.evaluate("() => JSON.parse(localStorage.getItem(PLX.scorm.session.localKey)).r")
    assert local[reflection]["x"] == "Do not lose me"
    page.wait_for_function("() => window.commits > 0 && window.failCommits === 0", timeout=15000)
    frame.wait_for_function("() => PLX.scorm.session.retry === 0", timeout=15000)
    assert status.inner_text() == "All changes saved."


@pytest.mark.parametrize("nesting", [0, 3])
def test_the_api_is_found_through_parent_frames(minimal_course, lms_for, page, nesting):
    lms = lms_for(minimal_course, "1.2")
    frame = lms.launch(page, "1.2", nesting=nesting)
    assert frame.evaluate("() => PLX.scorm.session.mode") == "lms"
    assert len(page.frames) == 2 + nesting


def test_the_api_is_found_through_the_opener(minimal_course, lms_for, page):
    lms = lms_for(minimal_course, "2004")
    popup = lms.launch_popup(page, "2004")
    assert popup.evaluate("() => PLX.scorm.session.mode") == "lms"
    popup.evaluate("() => PLX.scorm.session.save()")
    assert cmi(page)["cmi"]["location"] != ""


def test_the_harness_would_notice_a_request_leaving_the_package(minimal_course, lms_for, page):
    lms = lms_for(minimal_course, "1.2")
    frame = lms.launch(page, "1.2")
    assert lms.outside_requests == []
    page.evaluate("() => fetch('https://cdn.example.org/font.woff2').catch(() => null)")
    assert lms.outside_requests == ["https://cdn.example.org/font.woff2"]
    assert frame is not None


def test_the_suspend_data_codec_round_trips_any_text(page):
    from scorm.runtime_files import RUNTIME_DIR

    page.goto("about:blank")
    for name in ("primer.js", "codec.js"):
        page.add_script_tag(path=str(RUNTIME_DIR / name))
    samples = ["", "a", "ŵŷâ", "😀 emoji and \u0000 nul", "\"'\\<>&`%", incompressible(3000),
               "I " + "reflect on my practice. " * 200]
    for text in samples:
        encoded = page.evaluate("async (t) => PLX.codec.encode({v: 1, r: {x: t}})", text)
        assert set(encoded) <= set(page.evaluate("() => PLX.codec.ALPHABET") + "12")
        assert not set(encoded) & set("\"'\\<>&`% ")
        assert page.evaluate("async (e) => PLX.codec.decode(e)", encoded) == {"v": 1, "r": {"x": text}}
    rejected = page.evaluate("async () => PLX.codec.decode('9abc').then(() => 'accepted', e => e.message)")
    assert "not plx suspend data" in rejected


def test_bilingual_package_switches_language_and_remembers_it(two_unit_course, lms_for, page):
    lms = lms_for(two_unit_course, "2004")
    frame = lms.launch(page, "2004")
    header = frame.locator(".plx-sco-header")
    unit = frame.locator("[data-plx-unit]:not([hidden])")
    expect(unit.get_by_role("heading", level=1)).to_have_text("First steps", use_inner_text=True)
    tricky = "</textarea></script><script>window.hacked = 1</script> & ŵ"
    unit.get_by_label("Your reflection").fill(tricky)
    unit.locator(".plx-reflection").get_by_role("button", name="Save").click()
    header.get_by_role("button", name="Cymraeg").click()
    expect(unit.get_by_role("heading", level=1)).to_have_text("Camau cyntaf", use_inner_text=True)
    # The view is rebuilt in Welsh with the learner's text intact and inert.
    assert unit.locator(".plx-reflection textarea").input_value() == tricky
    assert frame.evaluate("() => window.hacked") is None
    assert frame.evaluate("() => document.documentElement.lang") == "cy"
    expect(unit.locator(".plx-check legend")).to_have_text("Cwestiwn")
    expect(frame.locator(".plx-contents h2")).to_have_text("Cynnwys", use_inner_text=True)
    expect(header.get_by_role("button", name="Cymraeg")).to_have_attribute("aria-pressed", "true")
    # One switch per page: the blocks' own switches are hidden, and their event (what a block's
    # switch sends) changes the whole page too.
    assert frame.locator(".plx-langs button:visible").count() == 0
    frame.evaluate("() => document.dispatchEvent(new CustomEvent('plx:language', {detail: {lang: 'en', from: null}}))")
    expect(unit.get_by_role("heading", level=1)).to_have_text("First steps", use_inner_text=True)
    expect(header.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    header.get_by_role("button", name="Cymraeg").click()
    frame.evaluate("() => PLX.scorm.session.save()")
    leave(page)
    again = page.context.browser.new_context().new_page()
    frame = lms.launch(again, "2004", resume=resume_data(page, "2004"))
    assert frame.evaluate("() => document.documentElement.lang") == "cy"
    again.context.close()


def test_a_single_language_package_has_no_switch(minimal_course, lms_for, page):
    lms = lms_for(minimal_course, "1.2", lang="cy")
    frame = lms.launch(page, "1.2")
    assert frame.locator("[data-plx-switch], [data-plx-action=language]").count() == 0
    expect(frame.locator("[data-plx-unit]:not([hidden]) h1")).to_have_text("Camau cyntaf", use_inner_text=True)
    expect(frame.locator(".plx-peer_review h3").last).to_have_text("Hunanadolygiad strwythuredig")


def test_keyboard_only_learner_can_answer_write_and_move_on(two_unit_course, lms_for, page):
    lms = lms_for(two_unit_course, "1.2")
    frame = lms.launch(page, "1.2")
    unit = frame.locator("[data-plx-unit]:not([hidden])")
    option = unit.get_by_label("Moving learning on")
    option.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # out of the radio group, to Submit
    assert frame.evaluate("() => document.activeElement.dataset.plxAction") == "submit"
    page.keyboard.press("Enter")
    expect(unit.locator(".plx-check [data-plx-status]")).to_contain_text("Correct")
    unit.get_by_label("Your reflection").focus()
    page.keyboard.type("Written with the keyboard alone, word by word, in my journal today.")
    page.keyboard.press("Tab")
    for _ in range(10):  # the standards checkboxes, then Save
        if frame.evaluate("() => document.activeElement.dataset.plxAction") == "save":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(unit.locator(".plx-reflection [data-plx-status]")).to_contain_text("Saved at")
    unit.get_by_role("link", name="Next unit").focus()
    page.keyboard.press("Enter")
    expect(frame.locator("[data-plx-unit]:not([hidden]) h1")).to_have_text("Second steps", use_inner_text=True)
    assert frame.evaluate("() => document.activeElement.tagName") == "H1"


@pytest.mark.parametrize("lang", [None, "cy"])
def test_package_pages_have_no_axe_violations(two_unit_course, tmp_path, remote, browser, lang):
    from tests.a11y import axe_violations

    [zip_path] = build(two_unit_course, tmp_path / "out", remote, "2004", lang)
    lms = Lms(zip_path, tmp_path / "site")
    # axe is injected as an inline script, which the package's CSP rightly forbids: bypass it here.
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        frame = lms.launch(page, "2004")
        assert axe_violations(frame) == []
        # With results, feedback, errors and the overflow-free banner states showing too.
        unit = frame.locator("[data-plx-unit]:not([hidden])")
        unit.locator(".plx-check").get_by_role("button").last.focus()
        unit.locator(".plx-check form").evaluate("f => f.requestSubmit()")
        unit.get_by_role("radio").first.check()
        unit.locator(".plx-check form").evaluate("f => f.requestSubmit()")
        unit.locator(".plx-peer_review form").evaluate("f => f.requestSubmit()")
        assert axe_violations(frame) == []
        # A unit launched as its own activity (the default organization's items).
        second = frame.evaluate("() => PLX.scorm.config.units[1]")
        frame = lms.launch(page, "2004", query=f"?sco={second}")
        assert frame.locator("[data-plx-unit]").count() == 1
        assert axe_violations(frame) == []
    finally:
        context.close()


def test_downloads_of_the_journal_and_the_response_escape_what_the_learner_wrote(minimal_course, lms_for, page):
    lms = lms_for(minimal_course, "2004")
    frame = lms.launch(page, "2004")
    journal = frame.locator(".plx-reflection")
    journal.get_by_label("Your reflection").fill("My <script>alert(1)</script> entry & more ŵ " + "word " * 20)
    journal.get_by_role("button", name="Save").click()
    expect(journal.locator("[data-plx-status]")).to_contain_text("Saved at")
    review = frame.locator(".plx-peer_review")
    review.get_by_label("Your response").fill("<img src=x onerror=alert(2)> plan " + "step " * 60)
    review.get_by_label("Secure (2 points)").check()
    with page.expect_download() as response_info:
        review.get_by_role("button", name="Download my response").click()
    response = response_info.value.path().read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt; plan" in response and "<img" not in response
    assert "Structured self-review" in response and "Impact: Secure (2)" in response
    with page.expect_download() as journal_info:
        frame.locator(".plx-contents").get_by_role("button", name="Download my journal").click()
    exported = journal_info.value.path().read_text(encoding="utf-8")
    assert "My &lt;script&gt;alert(1)&lt;/script&gt; entry &amp; more ŵ" in exported and "<script" not in exported
    assert "Professional standards:</strong> Pedagogy" in exported
    assert "How do you give feedback now?" in exported


def test_saved_state_is_packed_and_found_again_when_keys_grow(minimal_course, lms_for, page):
    lms = lms_for(minimal_course, "1.2")
    frame = lms.launch(page, "1.2")
    units, [check], [reflection], [review] = ids(frame)
    length = frame.evaluate("() => PLX.scorm.config.keyLength")
    assert length >= 4 and all(len(key) == length for key in units + [check, reflection, review])
    # As read back from the LMS, every item carries the state's clock, which the LMS has (base).
    state = {"v": 2, "t": 5, "k": 9, "base": 9, "loc": units[0], "lk": 9, "lang": "cy", "gk": 9, "seen": [units[0]],
             "n": 3, "q": "1k9z3", "r": {reflection: {"x": "Testun ŵ", "s": ["pedagogy"], "d": 1767225600000, "k": 9}},
             "c": {check: {"a": 2, "s": ["grade"], "ok": False, "shown": True, "k": 9}},
             "s": {review: {"text": "Cynllun", "levels": {"impact": 2}, "done": True, "k": 9}}, "kept": []}
    packed = frame.evaluate("(s) => PLX.state.pack(s)", state)
    assert packed["r"][reflection] == ["Testun ŵ", ["pedagogy"], 1767225600]
    assert packed["c"][check] == [2, ["grade"], 0, 1]
    # Only the state's clock goes to the LMS: no per-item clocks, base, or kept list when empty.
    assert sorted(packed) == ["c", "k", "lang", "loc", "n", "r", "s", "seen", "t", "v"]
    assert frame.evaluate("(p) => PLX.state.unpack(p)", packed) == state
    # A state saved before shuffle seeds existed reads with an empty seed (start() then makes one).
    assert frame.evaluate("(p) => PLX.state.unpack(p)", {k: v for k, v in packed.items() if k != "q"})["q"] == ""
    # Saved by an older build whose keys were one character shorter, plus an unknown block.
    older = {**packed, "r": {reflection[:-1]: packed["r"][reflection], "ffff0000": ["kept", [], 0]},
             "seen": [units[0][:-1]]}
    found = frame.evaluate("(p) => PLX.state.rekey(PLX.state.unpack(p), PLX.scorm.config)", older)
    assert found["r"][reflection]["x"] == "Testun ŵ" and found["r"]["ffff0000"]["x"] == "kept"
    assert found["seen"] == [units[0]]
    assert frame.evaluate("() => PLX.state.unpack({v: 3})") is None


# ---------------------------------------------------------- each unit as its own LMS activity

@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_a_units_activity_tracks_that_unit_alone_and_resumes(two_unit_course, lms_for, page, standard):
    """Launched from a unit's manifest item (?sco=<unit>), the page shows that unit only and
    reports its own completion, score, interactions and suspend_data; relaunched with them, the
    reflection comes back; the journal download still has the other unit's entry."""
    lms = lms_for(two_unit_course, standard)
    course_cfg = lms.launch(page, standard).evaluate("() => PLX.scorm.config")
    first, second = course_cfg["units"]

    # The learner first takes the second unit's activity (its own tracking data) ...
    frame = lms.launch(page, standard, query=f"?sco={second}")
    frame.locator(".plx-reflection").get_by_label("Your reflection").fill("Second unit: " + "words " * 25)
    frame.locator(".plx-reflection").get_by_role("button", name="Save").click()
    expect(frame.locator(".plx-reflection [data-plx-status]")).to_contain_text("Saved at")
    leave(page)

    # ... then the first unit's, in a fresh LMS attempt (a different activity).
    frame = lms.launch(page, standard, query=f"?sco={first}")
    assert frame.evaluate("() => PLX.scorm.config.units") == [first]
    assert frame.locator("[data-plx-unit]").count() == 1
    expect(frame.locator(".plx-contents > ol")).to_be_hidden()
    expect(frame.get_by_role("button", name="Download my journal").first).to_be_visible()
    check = frame.locator(".plx-check")
    check.get_by_label("Moving learning on").check()
    check.get_by_role("button", name="Submit").click()
    expect(check.locator("[data-plx-explanation]")).to_be_visible()
    frame.locator(".plx-reflection").get_by_label("Your reflection").fill("First unit: " + "words " * 25)
    frame.locator(".plx-reflection").get_by_role("button", name="Save").click()
    expect(frame.locator(".plx-reflection [data-plx-status]")).to_contain_text("Saved at")
    journal = frame.evaluate("() => PLX.scorm.journalHtml()")
    assert "First unit: words" in journal and "Second unit: words" in journal
    leave(page)

    data = cmi(page)["cmi"]
    if standard == "1.2":
        assert data["core"]["lesson_location"] == first
        assert data["core"]["score"]["raw"] == "100"
        assert len(data["interactions"]) == 1
        assert data["core"]["lesson_status"] == "incomplete"  # its self-review is not done yet
    else:
        assert data["location"] == first and data["score"]["raw"] == "100"
        assert data["completion_status"] == "incomplete" and len(data["interactions"]) == 1
        assert float(data["progress_measure"]) < 1

    context = page.context.browser.new_context()
    try:
        again = context.new_page()
        frame = lms.launch(again, standard, resume=resume_data(page, standard), query=f"?sco={first}")
        entry = frame.locator(".plx-reflection textarea").input_value()
        assert entry.startswith("First unit: words")
        state = frame.evaluate("() => PLX.scorm.session.state")
        assert list(state["r"]) == frame.evaluate("() => Object.keys(PLX.scorm.config.reflections)")
    finally:
        context.close()
