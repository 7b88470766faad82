"""plx against the real Moodle 4.5 of ../shared/moodle (mod_lti as an LTI 1.3 Advantage platform).

One scenario, shared by the tests of this module so each Moodle login happens once: Moodle
registers the tool; a teacher adds a unit through deep linking; three students launch it in
Chromium, answer the check, write a reflection, submit proposals and review each other; their
grades are read from Moodle's gradebook (grade_get_grades); the teacher's staff panel shows the
roster from NRPS; a replayed launch, a tampered token and an unknown deployment are refused; a
Common Cartridge imported through Moodle's restore launches the tool. Skipped, with the reason,
where there is no ../shared/moodle.
"""
from __future__ import annotations

import base64
import json
import re
import time
import uuid
from urllib.parse import parse_qs

import pytest
import requests

from . import moodle
from .tooling import lti_course, plx, register_platform, running_tool

pytestmark = pytest.mark.skipif(moodle.unavailable() is not None, reason=str(moodle.unavailable()))
UNIT = "minimal/basics/first-steps"
PROPOSAL = ("Our feedback routine will move from written comments to live verbal feedback in lessons, with one "
            "action per pupil recorded in their book and checked at the start of the next lesson. ") * 2
TAG = uuid.uuid4().hex[:6]


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    """The tool registered in Moodle, a course with a teacher and three students, and their logins."""
    moodle.setup()
    folder = tmp_path_factory.mktemp("moodle-lti")
    content = lti_course(folder)
    data = folder / "data"
    with running_tool(data, content) as base:
        details = json.loads(plx(data, content, "tool", "--base", base))
        (folder / "tool.pem").write_text(details["public_key_pem"], encoding="utf-8")
        tool_type = moodle.register_tool(base, f"plx test {TAG}", folder / "tool.pem", folder / "platform.json")
        register_platform(data, content, json.loads((folder / "platform.json").read_text(encoding="utf-8")))
        moodle.php("share_names.php", str(tool_type["typeid"]))  # the site admin lets it have names (NRPS)
        # A second type whose deployment plx was never told about (its client id is registered).
        other = moodle.register_tool(base, f"plx test other {TAG}", folder / "tool.pem", folder / "other.json")
        other_platform = json.loads((folder / "other.json").read_text(encoding="utf-8"))
        plx(data, content, "register", "--issuer", other_platform["issuer"], "--client-id",
            other_platform["client_id"], "--auth-login-url", other_platform["auth_login_url"],
            "--auth-token-url", other_platform["auth_token_url"], "--key-set-url", other_platform["key_set_url"])
        first = moodle.php("add_activity.php", str(other["typeid"]), f"--name=Unknown deployment {TAG}")
        course = first["courseid"]
        second = moodle.php("add_activity.php", str(other["typeid"]), f"--course={first['course']}",
                            f"--name=Unused {TAG}")
        students = [first["users"]["student1"], first["users"]["student2"], second["users"]["student1"]]
        contexts = {who["username"]: browser.new_context(locale="en-GB") for who in
                    [first["users"]["teacher"], *students]}
        pages = {name: moodle.login(context, name) for name, context in contexts.items()}
        yield {"base": base, "data": data, "content": content, "type": tool_type, "course": course,
               "teacher": first["users"]["teacher"], "students": students, "pages": pages,
               "unknown_cmid": first["cmid"], "other_type": other["typeid"], "platform": json.loads((folder / "platform.json").read_text()),
               "other_client_id": other_platform["client_id"],
               "captured": []}
        for context in contexts.values():
            context.close()


def tool_frame(page):
    return page.frame_locator("#contentframe")


def open_activity(page, cmid: int, captured: list | None = None):
    if captured is not None:
        page.on("request", lambda r: r.method == "POST" and r.url.endswith("/lti/launch")
                and captured.append(r.post_data))
    page.goto(f"{moodle.URL}/mod/lti/view.php?id={cmid}")
    frame = tool_frame(page)
    frame.locator("h1").first.wait_for(timeout=60_000)
    return frame


def test_1_a_teacher_adds_a_unit_through_deep_linking(site):
    page = site["pages"][site["teacher"]["username"]]
    page.goto(f"{moodle.URL}/course/modedit.php?add=lti&course={site['course']}&section=1&return=0"
              f"&typeid={site['type']['typeid']}")
    page.wait_for_load_state("networkidle")
    page.click("#id_selectcontent")
    [picker] = _wait_for_frame(page, "/lti/launch")[:1]
    picker.check(f"input[value='{UNIT}']")
    picker.click("button.plx-button--primary")
    page.wait_for_function("document.querySelector('#id_name').value.length > 0")
    assert page.input_value("#id_name") == "First steps"
    page.click("#id_submitbutton2")
    page.wait_for_load_state("networkidle")
    activities = moodle.php("lti_activities.php", str(site["course"]))
    [added] = [a for a in activities if a["name"] == "First steps"]
    assert f"target={UNIT}" in added["toolurl"].replace("%2F", "/") and "plx_target" in added[
        "instructorcustomparameters"]
    site["cmid"], site["ltiid"] = added["cmid"], added["ltiid"]


def _wait_for_frame(page, part: str):
    page.wait_for_timeout(500)
    for _ in range(120):
        found = [f for f in page.frames if part in f.url]
        if found and found[0].locator("input[name=target]").count():
            return found
        page.wait_for_timeout(500)
    raise AssertionError(f"no frame at {part}: {[f.url for f in page.frames]}")


def test_2_three_students_complete_the_peer_reviewed_unit(site):
    frames = []
    for n, student in enumerate(site["students"]):
        page = site["pages"][student["username"]]
        frame = open_activity(page, site["cmid"], site["captured"] if n == 0 else None)
        frame.locator("[data-plx-kind=check] input[value=improve]").check()
        frame.locator("[data-plx-kind=check] [data-plx-action=submit]").click()
        frame.locator("[data-plx-kind=check] [data-plx-result=correct]").first.wait_for()
        frame.locator("[data-plx-kind=reflection] textarea").fill(" ".join(["reflection"] * 21) + f" {n}")
        frame.locator("[data-plx-kind=reflection] [data-plx-action=save]").click()
        frame.locator("[data-plx-kind=reflection] [data-plx-status]:has-text('Saved at')").wait_for()
        frame.locator("[data-plx-kind=peer_review] textarea[data-plx-field=text]").fill(PROPOSAL + str(n))
        frame.locator("[data-plx-action=peer-submit-ask]").click()
        frame.locator("[data-plx-action=peer-submit]").click()
        frame.locator("[data-plx-action=peer-next]").wait_for()
        frames.append(frame)
    for frame in frames:
        for _review in range(2):
            frame.locator("[data-plx-action=peer-next]").click()
            form = frame.locator("form.plx-peer-review")
            form.wait_for()
            text = form.inner_text()
            assert not any(s["username"] in text for s in site["students"])  # anonymous
            form.locator("[data-plx-level=impact][value='2']").check()
            form.locator("[data-plx-field=overall]").fill("Clear and workable.")  # required by default (issue 14.7)
            form.locator("[data-plx-action=peer-review]").click()
            frame.locator("[data-plx-status]:has-text('your review was saved')").wait_for()
    ids = [str(s["id"]) for s in site["students"]]
    grades = moodle.php("grades.php", str(site["course"]), str(site["ltiid"]), *ids)
    [activity] = grades["items"]  # the activity's own column: the unit's total (check 1 + task 2)
    assert float(activity["grademax"]) == 3.0
    assert {user: float(activity["grades"][user]["grade"]) for user in ids} == dict.fromkeys(ids, 3.0)
    columns = {c["itemname"]: c for c in moodle.php("line_item_grades.php", str(site["ltiid"]), *ids)}
    assert columns["First steps"]["grademax"] == 1.0 and columns["Redesign a routine"]["grademax"] == 2.0
    assert columns["First steps"]["grades"] == dict.fromkeys(ids, 1.0)
    assert columns["Redesign a routine"]["grades"] == dict.fromkeys(ids, 2.0)


def test_3_the_staff_panel_shows_the_roster_from_nrps(site):
    page = site["pages"][site["teacher"]["username"]]
    frame = open_activity(page, site["cmid"])
    frame.locator("[data-plx-action=staff-progress]").click()
    roster = frame.locator("[data-plx-roster]")
    roster.wait_for()
    text = roster.inner_text()
    # add_activity.php names its users Sam Student, Sue Scholar and Tess Teacher.
    assert "Sam Student" in text and "Sue Scholar" in text and "Tess Teacher" in text
    progress = frame.locator("table.plx-peer-progress").first.inner_text()
    assert progress.count("submitted") == 3


def test_4_a_replayed_launch_and_a_tampered_token_are_refused(site):
    [form] = site["captured"][:1]
    fields = {k: v[0] for k, v in parse_qs(form).items()}
    replay = requests.post(f"{site['base']}/lti/launch", data=fields, allow_redirects=False)
    assert replay.status_code == 403 and "This launch was already used" in replay.text
    session = requests.Session()
    login = session.get(f"{site['base']}/lti/login", params={
        "iss": site["platform"]["issuer"], "client_id": site["platform"]["client_id"], "login_hint": "2",
        "target_link_uri": f"{site['base']}/lti/launch", "lti1p3_new_window": "1"}, allow_redirects=False)
    auth = {k: v[0] for k, v in parse_qs(login.headers["Location"].split("?", 1)[1]).items()}
    header, body, signature = fields["id_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims.update(sub=str(site["teacher"]["id"]), nonce=auth["nonce"])  # a student posing as the teacher
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    tampered = session.post(f"{site['base']}/lti/launch", data={"id_token": f"{header}.{forged}.{signature}",
                                                                "state": auth["state"]}, allow_redirects=False)
    assert tampered.status_code == 403 and "This launch could not be verified" in tampered.text


def test_5_a_launch_from_an_unknown_deployment_is_refused(site):
    page = site["pages"][site["students"][0]["username"]]
    page.goto(f"{moodle.URL}/mod/lti/view.php?id={site['unknown_cmid']}")
    message = tool_frame(page).locator("[data-plx-message]")
    message.wait_for(timeout=60_000)
    assert "deployment of plx" in tool_frame(page).locator("h1").inner_text()


def test_6_a_common_cartridge_imported_into_moodle_launches_the_tool(site, tmp_path):
    cartridge = tmp_path / "minimal.imscc"

    plx_cc(site, cartridge)
    imported = moodle.php("import_cc.php", str(cartridge), f"--shortname=PLXCC_{TAG}", "--bind")
    assert imported["format"] == "imscc11"
    [link] = imported["lti"]
    matched = (link["matched_type_at_launch"] or {}).get("id", link["typeid"])
    assert matched == site["type"]["typeid"]
    student = site["students"][0]
    moodle.php("enrol.php", str(imported["courseid"]), f"{student['id']}:student")
    frame = open_activity(site["pages"][student["username"]], link["cmid"])
    assert frame.locator("h1").first.inner_text() == "First steps"
    assert re.search(r"data-plx-kind", frame.locator("main").inner_html())


def plx_cc(site, cartridge) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "plxblocks.cli", "cc", str(site["content"] / "minimal"),
                             "--base", site["base"], "-o", str(cartridge)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


def test_7_moodle_registers_plx_by_dynamic_registration_and_a_student_launches_it(site, browser):
    """Issue 18: LTI Dynamic Registration with the real platform. The site administrator pastes
    plx's registration URL into Moodle's "Manage tools" and presses "Add LTI Advantage"; Moodle
    opens it, plx reads Moodle's configuration, registers itself and closes the dialog; the
    administrator activates the pending tool; a student's launch through it is accepted."""
    admin_context = browser.new_context(locale="en-GB")
    admin = moodle.login(admin_context, "admin", "Admin-pass-1")
    admin.goto(f"{moodle.URL}/mod/lti/toolconfigure.php")
    admin.fill("#tool-url", f"{site['base']}/lti/register")
    admin.click("#tool-create-button")
    # The tool types the other tests registered by hand share plx's domain, so Moodle first asks
    # whether to update one of them or register a new tool: a new one.
    dialog = admin.frame_locator("#external-registration-page-container iframe")
    dialog.locator("button[data-href$='type=0']").click(timeout=60_000)
    # plx's page runs in Moodle's iframe and posts "org.imsglobal.lti.close": Moodle then lists
    # the new tool, pending, with an Activate button.
    known = {site["platform"]["client_id"], site["other_client_id"]}
    deadline = time.monotonic() + 60
    while True:
        registered = json.loads(plx(site["data"], site["content"], "registrations", "--json"))
        fresh = [r for r in registered if r["issuer"] == moodle.URL and r["client_id"] not in known]
        if fresh or time.monotonic() > deadline:
            break
        time.sleep(1)
    [new] = fresh
    [deployment] = new["deployments"]  # Moodle's deployment id is the new tool type's id
    card = admin.locator(f'.tool-card[data-type-id="{deployment}"]')
    card.locator("a.activate").click(timeout=60_000)
    card.locator("a.activate").wait_for(state="hidden", timeout=30_000)
    type_id = int(deployment)
    made = moodle.php("add_activity.php", str(type_id), f"--name=Dynamically registered {TAG}")
    moodle.php("set_custom.php", str(made["cmid"]), f"plx_target={UNIT}")
    student_context = browser.new_context(locale="en-GB")
    student = moodle.login(student_context, made["users"]["student1"]["username"])
    frame = open_activity(student, made["cmid"])
    assert frame.locator("h1").first.inner_text() == "First steps"
    admin_context.close()
    student_context.close()


def test_8_over_https_on_another_site_the_launch_works_in_moodles_iframe(site, browser):
    """Issue 18: a real deployment is cross-site (the tool on its own https host, Moodle on
    another). Here plx is served over TLS as https://localhost:PORT while Moodle is
    http://127.0.0.1:8088, so the tool's OIDC state cookie is a third-party cookie inside Moodle's
    iframe: it must be SameSite=None; Secure for the launch to find it."""
    with running_tool(site["data"], site["content"], https_host="localhost") as base:
        folder = site["data"].parent
        tool_type = moodle.register_tool(base, f"plx https {TAG}", folder / "tool.pem", folder / "https.json")
        register_platform(site["data"], site["content"], json.loads((folder / "https.json").read_text(encoding="utf-8")))
        made = moodle.php("add_activity.php", str(tool_type["typeid"]), f"--name=Cross-site https {TAG}")
        moodle.php("set_custom.php", str(made["cmid"]), f"plx_target={UNIT}")
        context = browser.new_context(locale="en-GB", ignore_https_errors=True)  # the self-signed certificate
        cookies = []
        student = moodle.login(context, made["users"]["student1"]["username"])
        student.on("response", lambda r: r.url.startswith(base) and cookies.extend(
            h["value"] for h in r.headers_array() if h["name"].lower() == "set-cookie"))
        frame = open_activity(student, made["cmid"])
        assert frame.locator("h1").first.inner_text() == "First steps"
        assert frame.locator("[data-plx-kind=check]").count() == 1
        state_cookies = [c for c in cookies if "lti1p3" in c]
        assert state_cookies and all("SameSite=None" in c and "Secure" in c and "Partitioned" in c
                                     for c in state_cookies), cookies
        context.close()
