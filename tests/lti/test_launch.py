"""Launches: a valid one opens the learner's page; replays, expired or tampered tokens, unknown
deployments and platforms are each refused with a page saying so, and leave no session."""
from __future__ import annotations

import time
import uuid

import requests

from .tooling import UNIT


def learner() -> str:
    return "u-" + uuid.uuid4().hex[:8]


def follow(tool: str, response, session: requests.Session) -> requests.Response:
    assert response.status_code == 302, response.text[:800]
    return session.get(tool + response.headers["Location"])


def test_a_launch_opens_the_unit_in_the_learners_language(tool, platform):
    response, _form, session = platform.launch(tool, learner(), target=UNIT, locale="cy-GB")
    page = follow(tool, response, session)
    assert page.status_code == 200
    assert '<html lang="cy">' in page.text
    assert "Camau cyntaf" in page.text  # the unit's Welsh title
    assert 'data-plx-kind="check"' in page.text and 'data-plx-kind="peer_review"' in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer" and page.headers["Cache-Control"] == "no-store"
    assert "X-Frame-Options" not in page.headers  # framed by the platform


def test_the_page_needs_no_cookie_after_the_launch(tool, platform):
    response, _form, session = platform.launch(tool, learner(), target=UNIT)
    address = tool + response.headers["Location"]
    assert requests.get(address).status_code == 200  # a fresh client: no cookies at all


def test_a_replayed_launch_is_refused(tool, platform):
    response, form, session = platform.launch(tool, learner(), target=UNIT)
    assert response.status_code == 302
    again = session.post(f"{tool}/lti/launch", data=form, allow_redirects=False)
    assert again.status_code == 403
    assert "This launch was already used" in again.text


def test_an_expired_launch_is_refused(tool, platform):
    session = requests.Session()
    auth = platform.login(tool, session, UNIT)
    claims = platform.claims(learner(), target=UNIT, iat=int(time.time()) - 900, exp=int(time.time()) - 600)
    claims["nonce"] = auth["nonce"]
    response = session.post(f"{tool}/lti/launch", data={"id_token": platform.sign(claims), "state": auth["state"]})
    assert response.status_code == 403
    assert "This launch has expired" in response.text


def test_a_tampered_token_is_refused(tool, platform):
    session = requests.Session()
    auth = platform.login(tool, session, UNIT)
    claims = platform.claims(learner(), target=UNIT)
    claims["nonce"] = auth["nonce"]
    header, body, signature = platform.sign(claims).split(".")
    import base64
    import json

    changed = json.loads(base64.urlsafe_b64decode(body + "=="))
    changed["https://purl.imsglobal.org/spec/lti/claim/roles"] = [
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]  # a learner making themself staff
    forged = base64.urlsafe_b64encode(json.dumps(changed).encode()).decode().rstrip("=")
    response = session.post(f"{tool}/lti/launch", data={"id_token": f"{header}.{forged}.{signature}",
                                                        "state": auth["state"]})
    assert response.status_code == 403
    assert "This launch could not be verified" in response.text


def test_a_token_signed_by_another_key_is_refused(tool, platform):
    from jwcrypto.jwk import JWK

    other = JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None)
    session = requests.Session()
    auth = platform.login(tool, session, UNIT)
    claims = {**platform.claims(learner(), target=UNIT), "nonce": auth["nonce"]}
    response = session.post(f"{tool}/lti/launch", data={"id_token": platform.sign(claims, other),
                                                        "state": auth["state"]})
    assert response.status_code == 403 and "could not be verified" in response.text


def test_an_unknown_deployment_is_refused(tool, platform):
    session = requests.Session()
    auth = platform.login(tool, session, UNIT)
    claims = platform.claims(learner(), target=UNIT)
    claims["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] = "not-registered"
    claims["nonce"] = auth["nonce"]
    response = session.post(f"{tool}/lti/launch", data={"id_token": platform.sign(claims), "state": auth["state"]})
    assert response.status_code == 403
    assert "This deployment of plx is not known" in response.text


def test_a_launch_without_the_login_state_is_refused(tool, platform):
    session = requests.Session()
    auth = platform.login(tool, session, UNIT)
    claims = {**platform.claims(learner(), target=UNIT), "nonce": auth["nonce"]}
    response = requests.post(f"{tool}/lti/launch", data={"id_token": platform.sign(claims), "state": auth["state"]})
    assert response.status_code == 403  # another browser: no state cookie
    assert "This launch cannot be completed" in response.text


def test_a_nonce_the_tool_never_issued_is_refused(tool, platform):
    session = requests.Session()
    auth = platform.login(tool, session, UNIT)
    claims = {**platform.claims(learner(), target=UNIT), "nonce": "made-up"}
    response = session.post(f"{tool}/lti/launch", data={"id_token": platform.sign(claims), "state": auth["state"]})
    assert response.status_code == 403


def test_an_unknown_platform_cannot_start_a_login(tool):
    response = requests.get(f"{tool}/lti/login", params={"iss": "https://elsewhere.example", "login_hint": "x",
                                                         "target_link_uri": f"{tool}/lti/launch"})
    assert response.status_code == 403
    assert "This learning platform is not registered" in response.text


def test_a_link_to_content_the_tool_does_not_have_is_refused(tool, platform):
    response, _form, _session = platform.launch(tool, learner(), target="no/such/unit")
    assert response.status_code == 404
    assert "does not point at a plx course" in response.text


def test_an_ended_session_says_so(tool):
    response = requests.get(f"{tool}/lti/s/not-a-session/")
    assert response.status_code == 401
    assert "Your session has ended" in response.text


def test_the_jwks_publishes_the_signing_key(tool):
    keys = requests.get(f"{tool}/lti/jwks").json()["keys"]
    assert keys and all(k["kty"] == "RSA" and k["use"] == "sig" and k["alg"] == "RS256" and "d" not in k
                        for k in keys)


def test_key_rotation_keeps_the_old_key_published_until_it_is_retired(tmp_path):
    from .tooling import lti_course, plx

    content = lti_course(tmp_path)
    data = tmp_path / "data"
    first = plx(data, content, "keys", "show").split()
    rotated = plx(data, content, "keys", "rotate").splitlines()
    published = rotated[1:]
    assert len(first) == 1 and len(published) == 2 and first[0] in published
    new = rotated[0].split()[3].rstrip(";")
    assert published[0] == new  # the newest signs, listed first
    assert plx(data, content, "keys", "retire").splitlines()[1:] == [new]


def test_over_https_the_login_state_cookie_works_in_a_cross_site_iframe(tool, platform):
    response = requests.get(f"{tool}/lti/login", headers={"X-Forwarded-Proto": "https"}, allow_redirects=False,
                            params={"iss": platform.issuer, "login_hint": "x", "client_id": platform.client_id,
                                    "target_link_uri": f"{tool}/lti/launch", "lti1p3_new_window": "1"})
    assert response.status_code == 302
    cookies = response.headers["Set-Cookie"]
    assert "lti1p3-state-" in cookies and "SameSite=None" in cookies and "Secure" in cookies
    assert "redirect_uri=https%3A%2F%2F127.0.0.1" in response.headers["Location"]  # the public address


def test_over_plain_http_the_cookie_is_not_marked_secure(tool, platform):
    session = requests.Session()
    platform.login(tool, session, UNIT)
    assert any(c.name.startswith("lti1p3-state-") and not c.secure for c in session.cookies)
