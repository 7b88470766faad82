"""Deep linking with the stand-in platform: the picker, and the signed response it sends back."""
from __future__ import annotations

import re
import uuid

import jwt
import requests

from tests.a11y import axe_violations

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


def picker(tool, platform, locale="en-GB"):
    settings = {"deep_link_return_url": f"{platform.issuer}/deep-link-return", "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"], "data": "opaque-" + uuid.uuid4().hex}
    response, _form, session = platform.launch(tool, "t-" + uuid.uuid4().hex[:6], roles=("Instructor",),
                                               message_type="LtiDeepLinkingRequest", locale=locale,
                                               **{DL + "deep_linking_settings": settings})
    assert response.status_code == 200, response.text[:500]
    return response.text, settings


def test_the_picker_answers_with_a_signed_link_to_the_chosen_unit(tool, platform):
    html, settings = picker(tool, platform)
    assert "Add plx content" in html and 'value="minimal/basics/first-steps"' in html
    action = re.search(r'action="(/lti/deep-link/[^"]+)"', html).group(1)
    answer = requests.post(tool + action, data={"target": "minimal/basics/first-steps", "content_lang": "cy"})
    assert answer.status_code == 200
    assert f'action="{settings["deep_link_return_url"]}"' in answer.text
    token = re.search(r'name="JWT" value="([^"]+)"', answer.text).group(1)
    keys = {k["kid"]: k for k in requests.get(f"{tool}/lti/jwks").json()["keys"]}
    key = jwt.PyJWK(keys[jwt.get_unverified_header(token)["kid"]]).key
    claims = jwt.decode(token, key, algorithms=["RS256"], audience=platform.issuer)
    assert claims["iss"] == platform.client_id and claims[DL + "data"] == settings["data"]
    [item] = claims[DL + "content_items"]
    assert item["type"] == "ltiResourceLink" and item["title"] == "Camau cyntaf"  # the Welsh title
    assert item["custom"] == {"plx_target": "minimal/basics/first-steps", "plx_lang": "cy"}
    assert item["lineItem"]["scoreMaximum"] == 3.0  # the unit's check (1) and peer task (2)
    again = requests.post(tool + action, data={"target": "minimal"})
    assert again.status_code == 410  # a choice answers once


def test_a_choice_that_is_not_content_is_asked_again(tool, platform):
    html, _settings = picker(tool, platform)
    action = re.search(r'action="(/lti/deep-link/[^"]+)"', html).group(1)
    answer = requests.post(tool + action, data={"target": "../../etc"})
    assert answer.status_code == 400 and "Choose a course, a module or a unit." in answer.text
    welsh = requests.post(tool + action, data={"picker_lang": "cy"})
    assert '<html lang="cy">' in welsh.text and "Ychwanegu cynnwys plx" in welsh.text


def test_the_picker_is_accessible(page, tool, platform):
    html, _settings = picker(tool, platform, locale="cy")
    page.set_content(html)
    assert axe_violations(page) == []
