"""LTI Dynamic Registration (IMS LTI Dynamic Registration 1.0): a platform registers plx in one step.

The platform's administrator gives the platform plx's registration address
(``/lti/register``); the platform opens it with ``openid_configuration`` and
``registration_token``. plx reads the platform's configuration, posts its own client
registration (login, launch, JWKS addresses, the services it uses, no name or email claims),
records the registration and deployment the platform answers with, and tells the platform's
window it is done (``postMessage({subject: "org.imsglobal.lti.close"})``).

Written here because pylti1p3 has no dynamic registration, and the add-on for django-lti
needs django-lti's own models. Which issuers may register is a setting
(``PLX_LTI_REGISTRATION_ISSUERS``): a tool on the internet should not accept any platform.
"""
from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

import requests
from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from ..i18n import _
from .launch import base_url
from .models import Deployment, Registration
from .pages import message_page, page

log = logging.getLogger(__name__)
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
SCOPES = ("https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
          "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
          "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
          "https://purl.imsglobal.org/spec/lti-ags/scope/score",
          "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly")
TIMEOUT = 15


class RegistrationRefused(Exception):
    """Why a dynamic registration could not be made (an ``_()`` template)."""


def allowed_issuer(issuer: str) -> bool:
    """Whether ``PLX_LTI_REGISTRATION_ISSUERS`` lets *issuer* register (``*``: any; empty: none)."""
    allowed = [a.strip() for a in os.environ.get("PLX_LTI_REGISTRATION_ISSUERS", "").split(",") if a.strip()]
    return "*" in allowed or any(issuer == a or issuer.startswith(a.rstrip("/") + "/") for a in allowed)


def tool_registration(base: str) -> dict:
    """The client registration plx asks for (OpenID Connect Dynamic Client Registration + LTI)."""
    return {
        "application_type": "web", "response_types": ["id_token"], "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": f"{base}/lti/login", "redirect_uris": [f"{base}/lti/launch"],
        "client_name": "plx", "jwks_uri": f"{base}/lti/jwks", "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(SCOPES),
        TOOL_CONFIGURATION: {
            "domain": urlsplit(base).netloc, "target_link_uri": f"{base}/lti/launch",
            "description": "Bilingual (English and Welsh) professional learning with a private journal "
                           "and peer review.",
            "claims": ["iss", "sub"],
            "messages": [{"type": "LtiDeepLinkingRequest", "target_link_uri": f"{base}/lti/launch",
                          "label": "plx", "label#cy": "plx"}],
        },
    }


def register(openid_configuration: str, registration_token: str, base: str) -> Registration:
    """Read the platform's configuration, register plx with it, and record the tenant."""
    try:
        config = requests.get(openid_configuration, timeout=TIMEOUT).json()
    except (requests.RequestException, ValueError):
        raise RegistrationRefused(_("The platform's configuration could not be read.")) from None
    issuer = str(config.get("issuer") or "")
    if not issuer or not openid_configuration.startswith(issuer.rstrip("/")):
        raise RegistrationRefused(_("The platform's configuration does not belong to its issuer."))
    if not allowed_issuer(issuer):
        raise RegistrationRefused(_("This plx does not accept registrations from that platform. Its "
                                    "administrator can allow it (PLX_LTI_REGISTRATION_ISSUERS)."))
    headers = {"Authorization": f"Bearer {registration_token}"} if registration_token else {}
    try:
        answer = requests.post(config["registration_endpoint"], json=tool_registration(base), headers=headers,
                               timeout=TIMEOUT)
        answer.raise_for_status()
        client = answer.json()
    except (requests.RequestException, ValueError, KeyError):
        raise RegistrationRefused(_("The platform did not accept the registration.")) from None
    tool = client.get(TOOL_CONFIGURATION) or {}
    with transaction.atomic():
        registration, _created = Registration.objects.update_or_create(
            issuer=issuer, client_id=str(client["client_id"]),
            defaults={"name": str((config.get(PLATFORM_CONFIGURATION) or {}).get("product_family_code") or issuer),
                      "auth_login_url": config["authorization_endpoint"], "auth_token_url": config["token_endpoint"],
                      "key_set_url": config["jwks_uri"], "active": True,
                      "auth_audience": str(config.get("authorization_server") or "")})
        if tool.get("deployment_id"):
            Deployment.objects.get_or_create(registration=registration, deployment_id=str(tool["deployment_id"]))
    return registration


@require_GET
@xframe_options_exempt
def dynamic_registration(request) -> HttpResponse:
    """The page a platform opens to register plx; it closes the platform's dialog when done."""
    openid_configuration = request.GET.get("openid_configuration", "")
    if not openid_configuration.startswith(("https://", "http://")):
        return message_page("en", _("Register plx with your platform"),
                            _("Give your platform this address as the tool's registration URL: the platform "
                              "opens it with the details plx needs."), status=400)
    try:
        registration = register(openid_configuration, request.GET.get("registration_token", ""), base_url(request))
    except RegistrationRefused as refused:
        log.info("dynamic registration refused: %s", refused)
        return message_page("en", _("plx was not registered"), str(refused), status=400)
    log.info("dynamically registered %s (%s)", registration.issuer, registration.client_id)
    return page("lti/registered.html", "en", registration=registration)
