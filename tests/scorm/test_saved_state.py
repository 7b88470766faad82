"""The learner's saved state is never lost or blocked (issue 11.3 a-f), in Chromium against scorm-again.

Unreadable saved data is kept and offered, copies merge item by item (a fast clock or a second
window cannot wipe out newer work), a saved language the package lacks falls back, a refused
SetValue is reported for what it is, and no query parameter crashes the page.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import build
from .harness import Lms, cmi

ONE_DAY_MS = 86_400_000


@pytest.fixture
def lms_for(tmp_path, remote):
    def make(course, standard="2004", lang=None):
        [zip_path] = build(course, tmp_path / f"out-{standard}-{lang}", remote, standard, lang)
        return Lms(zip_path, tmp_path / f"site-{standard}-{lang}")
    return make


def resume(page, standard="2004") -> dict:
    """What the LMS hands back on the learner's next launch."""
    data = cmi(page)["cmi"]
    if standard == "1.2":
        return {"core": {"entry": "resume", "lesson_location": data["core"]["lesson_location"]},
                "suspend_data": data["suspend_data"]}
    return {"entry": "resume", "location": data["location"], "suspend_data": data["suspend_data"]}


def leave(page):
    page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
    page.wait_for_function("() => !document.getElementById('sco').contentWindow.PLX")


def reflection_id(frame) -> str:
    return frame.evaluate("() => Object.keys(PLX.scorm.config.reflections)[0]")


def save_reflection(frame, text: str):
    frame.evaluate("([id, text]) => PLX.scorm.session.saveReflection(id, {x: text, s: []})",
                   [reflection_id(frame), text])


def visit(context, lms, text: str, start: dict | None = None) -> dict:
    """A visit in *context* that saves a reflection and leaves; what the LMS then hands back."""
    page = context.new_page()
    save_reflection(lms.launch(page, "2004", resume=start), text)
    leave(page)
    return resume(page)


def decoded_lms_state(frame, page) -> dict:
    return frame.evaluate("(text) => PLX.codec.decode(text)", cmi(page)["cmi"]["suspend_data"])


# ------------------------------------------------------------------ a) unreadable saved data

@pytest.mark.parametrize("damage", ["newer version", "truncated"])
def test_unreadable_saved_data_is_kept_told_and_offered_never_replaced(minimal_course, lms_for, page, damage):
    lms = lms_for(minimal_course)
    frame = lms.launch(page, "2004")
    reflection = reflection_id(frame)
    if damage == "newer version":
        raw = frame.evaluate("(id) => PLX.codec.encode({v: 3, r: {[id]: {text: 'Written in a newer plx'}}})", reflection)
    else:
        raw = frame.evaluate("(id) => PLX.codec.encode({v: 2, t: 1, r: {[id]: ['Cut short by the LMS', [], 0, 1]}})",
                             reflection)[:-9]
    context = page.context.browser.new_context()
    try:
        again = context.new_page()
        frame = lms.launch(again, "2004", resume={"entry": "resume", "suspend_data": raw})
        banner = frame.locator("#plx-unreadable")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("could not be read")
        with again.expect_download() as download:
            banner.get_by_role("button", name="Download the saved data").click()
        offered = download.value.path().read_text(encoding="utf-8")
        assert raw in offered
        if damage == "newer version":
            assert "Written in a newer plx" in offered  # the decodable part, readable
        # The learner goes on working: what could not be read is saved again with the new work.
        save_reflection(frame, "New work after the unreadable copy")
        state = decoded_lms_state(frame, again)
        assert state["kept"] == [raw]
        assert state["r"][reflection][0] == "New work after the unreadable copy"
    finally:
        context.close()


def test_a_version_1_state_is_migrated_with_everything_in_it(minimal_course, lms_for, page):
    lms = lms_for(minimal_course, "1.2")
    frame = lms.launch(page, "1.2")
    cfg = frame.evaluate("() => PLX.scorm.config")
    [unit], [check], [reflection], [review] = cfg["units"], list(cfg["checks"]), list(cfg["reflections"]), list(cfg["reviews"])
    version1 = {"v": 1, "t": 1767225600000, "loc": unit, "lang": "cy", "seen": [unit], "n": 1,
                "r": {reflection: ["Testun o fersiwn 1 ŵ", ["pedagogy"], 1767225600]},
                "c": {check: [1, ["improve"], 1, 0]}, "s": {review: ["Cynllun", {"impact": 2}, 1]}}
    raw = frame.evaluate("(s) => PLX.codec.encode(s)", version1)
    context = page.context.browser.new_context()
    try:
        again = context.new_page()
        frame = lms.launch(again, "1.2", resume={"core": {"entry": "resume"}, "suspend_data": raw})
        expect(frame.locator(".plx-reflection textarea")).to_have_value("Testun o fersiwn 1 ŵ")
        assert frame.evaluate("() => document.documentElement.lang") == "cy"
        assert frame.evaluate("(id) => PLX.scorm.session.checkResult(id).correct", check) is True
        expect(frame.locator("#plx-unreadable")).to_be_hidden()
        frame.evaluate("() => PLX.scorm.session.save()")
        state = decoded_lms_state(frame, again)
        assert state["v"] == 2 and state["r"][reflection][0] == "Testun o fersiwn 1 ŵ"
    finally:
        context.close()


# ------------------------------------------------------------------ b) and c) merge by item

def test_a_fast_clock_does_not_let_a_stale_browser_copy_beat_newer_work(minimal_course, lms_for, browser):
    lms = lms_for(minimal_course)
    school = browser.new_context()  # its clock is a day fast
    school.add_init_script(f"(() => {{ const now = Date.now; Date.now = () => now() + {ONE_DAY_MS}; }})()")
    home = browser.new_context()
    try:
        at_school = visit(school, lms, "First draft at school")
        at_home = visit(home, lms, "Better version written at home", at_school)
        page3 = school.new_page()  # back at school: its browser copy is older, but its clock says newer
        frame = lms.launch(page3, "2004", resume=at_home)
        expect(frame.locator(".plx-reflection textarea")).to_have_value("Better version written at home")
    finally:
        school.close()
        home.close()


def test_work_the_lms_never_got_survives_and_newer_work_elsewhere_is_kept_too(minimal_course, lms_for, browser):
    lms = lms_for(minimal_course)
    school, home = browser.new_context(), browser.new_context()
    try:
        start = visit(school, lms, "Shared start")
        page = school.new_page()  # the LMS stops answering: this reflection never reaches it
        frame = lms.launch(page, "2004", resume=start, fail_commits=1000)
        save_reflection(frame, "Written at school while the LMS was down")
        page.close()

        page2 = home.new_page()  # meanwhile, at home, a self-review
        frame = lms.launch(page2, "2004", resume=start)
        review = frame.evaluate("() => Object.keys(PLX.scorm.config.reviews)[0]")
        frame.evaluate("(id) => PLX.scorm.session.saveSelfReview(id, {text: 'Planned at home', levels: {}})", review)
        leave(page2)

        page3 = school.new_page()
        frame = lms.launch(page3, "2004", resume=resume(page2))
        expect(frame.locator(".plx-reflection textarea")).to_have_value("Written at school while the LMS was down")
        expect(frame.locator(".plx-peer_review textarea")).to_have_value("Planned at home")
        frame.evaluate("() => PLX.scorm.session.save()")
        state = decoded_lms_state(frame, page3)  # and the LMS now has both
        assert state["r"][reflection_id(frame)][0] == "Written at school while the LMS was down"
        assert state["s"][review][0] == "Planned at home"
    finally:
        school.close()
        home.close()


def test_two_windows_keep_each_others_work(minimal_course, lms_for, page):
    lms = lms_for(minimal_course)
    first = lms.launch(page, "2004")
    other = page.context.new_page()
    second = lms.launch(other, "2004")  # opened before the first window saved anything
    save_reflection(first, "Written in window one")
    review = second.evaluate("() => Object.keys(PLX.scorm.config.reviews)[0]")
    second.evaluate("(id) => PLX.scorm.session.saveSelfReview(id, {text: 'Planned in window two', levels: {}})", review)
    state = decoded_lms_state(second, other)  # what window two's LMS stored
    assert state["r"][reflection_id(second)][0] == "Written in window one"
    assert state["s"][review][0] == "Planned in window two"
    save_reflection(first, "Window one again")
    state = decoded_lms_state(first, page)
    assert state["s"][review][0] == "Planned in window two" and state["r"][reflection_id(first)][0] == "Window one again"


# ------------------------------------------------------------------ d) e) f)

def test_a_saved_language_the_package_lacks_falls_back(minimal_course, lms_for, page):
    bilingual = lms_for(minimal_course)
    frame = bilingual.launch(page, "2004")
    frame.evaluate("() => PLX.scorm.setLanguage('cy', true)")
    frame.evaluate("() => PLX.scorm.session.save()")
    leave(page)
    english = lms_for(minimal_course, "2004", "en")  # the admin replaced the package with English only
    frame = english.launch(page, "2004", resume=resume(page))
    assert frame.evaluate("() => document.documentElement.lang") == "en"
    expect(frame.locator(".plx-reflection")).to_be_visible()


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_a_refused_save_is_reported_for_what_it_is(minimal_course, lms_for, page, standard):
    lms = lms_for(minimal_course, standard)
    frame = lms.launch(page, standard, refuse=r"^cmi\.suspend_data$", refuse_code="351")
    save_reflection(frame, "A short entry")
    banner = frame.locator("#plx-overflow")
    expect(banner).to_be_visible()
    text = banner.inner_text()
    assert "too long" not in text
    assert "refused to store your work (error 351" in text
    expect(frame.locator("#plx-save-status")).to_have_text("Saved in this browser only.")


@pytest.mark.parametrize("name", ["__proto__", "constructor", "toString"])
def test_a_sco_parameter_naming_no_unit_shows_the_whole_course(two_unit_course, lms_for, page, name):
    lms = lms_for(two_unit_course)
    frame = lms.launch(page, "2004", query=f"?sco={name}")
    assert frame.locator("[data-plx-unit]").count() == 2
    expect(frame.locator("[data-plx-unit]:not([hidden]) h1")).to_have_text("First steps", use_inner_text=True)


# ------------------------------------------------------------------ issue 11.4: shared computers

def local_copies(page) -> dict:
    """This browser's copies of plx packages' state (the page and the package share an origin)."""
    return page.evaluate("() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('plx:'))"
                         ".map(k => [k, localStorage.getItem(k)]))")


def test_the_browser_copy_is_dropped_once_the_lms_has_committed_everything(minimal_course, lms_for, page):
    lms = lms_for(minimal_course)
    frame = lms.launch(page, "2004")
    save_reflection(frame, "Private thoughts on a shared school computer")
    assert any("Private thoughts" in text for text in local_copies(page).values())  # recovery while working
    leave(page)
    assert local_copies(page) == {}  # the next person at this computer finds nothing
    frame = lms.launch(page, "2004", resume=resume(page))  # and the learner loses nothing
    expect(frame.locator(".plx-reflection textarea")).to_have_value("Private thoughts on a shared school computer")


def test_the_browser_copy_stays_while_the_lms_lacks_some_of_the_work(minimal_course, lms_for, page):
    lms = lms_for(minimal_course)
    frame = lms.launch(page, "2004", fail_commits=1000)  # the LMS stops answering
    save_reflection(frame, "Written while the LMS was down")
    leave(page)
    assert any("Written while the LMS was down" in text for text in local_copies(page).values())
