"""OIDC login initiation and the launch: what turns a platform's id_token into a learner's session.

pylti1p3 checks the OIDC state (cookie), the token's signature against the platform's keys, its
expiry, the issuer, client id (aud), deployment and message claims. Two things it does not do
are done here, by hand, because no library does them for a multi-host tool:

- **replays**: pylti1p3 only checks that the nonce was issued, and marks a state valid for the
  token, so the same form posted again passes. Each nonce is recorded in :class:`UsedNonce`,
  whose unique constraint lets exactly one launch have it, whatever the number of workers;
- **aud/azp**: with several audiences the token must name this tool in ``azp``.

Every refusal is a page that says what happened and what to do (in the platform's language when
it can be read), with a 4xx status; no refusal leaves anything behind.
"""
from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.contrib.django.cookie import DjangoCookieService
from pylti1p3.contrib.django.request import DjangoRequest
from pylti1p3.exception import LtiException, OIDCException

from ..i18n import _, normalise_language
from . import keys
from .content import find_target
from .models import Launch, Learner, ResourceLink, UsedNonce
from .pages import message_page
from .tool import DatabaseToolConf

log = logging.getLogger(__name__)
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
STAFF_ROLES = ("membership#Instructor", "membership#Administrator", "membership#ContentDeveloper",
               "membership/Instructor#TeachingAssistant", "institution/person#Administrator",
               "system/person#Administrator")
STORAGE_SECONDS = 900
"""How long pylti1p3's nonce, state and launch data stay in the database cache (its default is a
day; a launch needs them for minutes, and the session after it is a row of its own)."""
LEEWAY = timedelta(seconds=60)
"""Clock difference allowed between platform and tool for ``iat``."""


class PartitionedCookies(DjangoCookieService):
    """pylti1p3's cookies (the OIDC state and its session id), also marked ``Partitioned`` over https.

    In the platform's iframe the tool is a third party. Browsers that block third-party cookies
    (Safari, Firefox's strict mode, Chrome's private windows and headless contexts) drop the
    plain ``SameSite=None; Secure`` cookie pylti1p3 sets at login, and the launch then finds no
    state. A partitioned cookie (CHIPS) is kept for the platform's site, where both the login and
    the launch happen, so the launch works there too. Written here because neither pylti1p3 nor
    Django 5.2's ``set_cookie`` (nor Python before 3.14's ``http.cookies``) can set the attribute.
    """

    def update_response(self, response):
        super().update_response(response)
        if self._request.is_secure():
            for name in self._cookie_data_to_set:
                response.cookies[name]["partitioned"] = True


def _allow_partitioned_attribute() -> None:
    """Teach ``http.cookies`` the ``Partitioned`` flag (built in from Python 3.14)."""
    from http import cookies

    if "partitioned" not in cookies.Morsel._reserved:
        cookies.Morsel._reserved["partitioned"] = "Partitioned"
        cookies.Morsel._flags.add("partitioned")


_allow_partitioned_attribute()


def storage() -> DjangoCacheDataStorage:
    """pylti1p3's state/nonce storage: Django's database cache, shared by every worker."""
    return DjangoCacheDataStorage(cache_name="lti")


def learner_key(deployment_pk: int, sub: str) -> str:
    """The learner id the journal and peer apps see: per tenant, and reveals nothing of the sub."""
    return "lti-" + hashlib.blake2s(f"{deployment_pk}|{sub}".encode(), digest_size=16).hexdigest()


def course_key(link: ResourceLink, course_id: str) -> str:
    """The journal/peer course key of a course in a platform course (tenant and context in it)."""
    context = hashlib.blake2s(link.context_id.encode(), digest_size=8).hexdigest()
    return f"lti:{link.deployment_id}:{context}:{course_id}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def base_url(request) -> str:
    return settings.BASE_URL or request.build_absolute_uri("/").rstrip("/")


# ------------------------------------------------------------------------------------ refusals
@dataclass
class Refusal(Exception):
    """Why a launch is refused: a page title and text (``_()`` templates) and an HTTP status."""

    title: str
    text: str
    status: int = 400
    reason: str = ""

    def page(self, lang: str = "en") -> HttpResponse:
        return message_page(lang, self.title, self.text, status=self.status)


REFUSALS = {
    "state": Refusal(_("This launch cannot be completed"),
                     _("The launch did not come from this browser, it was already used, or it took longer than "
                       "five minutes. Open the activity again from your course page. If this keeps happening, "
                       "your browser may be blocking the tool's cookie: open the activity in a new window."),
                     403, "state"),
    "replay": Refusal(_("This launch was already used"),
                      _("Each launch from your course can be used once. Open the activity again from your "
                        "course page."), 403, "replay"),
    "expired": Refusal(_("This launch has expired"),
                       _("The launch took too long to arrive. Open the activity again from your course page."),
                       403, "expired"),
    "signature": Refusal(_("This launch could not be verified"),
                         _("The launch was not signed by your learning platform, or it was changed on the way. "
                           "Open the activity again from your course page; if it keeps failing, tell your "
                           "platform's administrator."), 403, "signature"),
    "registration": Refusal(_("This learning platform is not registered"),
                            _("plx does not know the platform or the tool registration this launch came from. "
                              "Your platform's administrator needs to register plx first (see the plx LTI guide)."),
                            403, "registration"),
    "deployment": Refusal(_("This deployment of plx is not known"),
                          _("The launch came from a deployment of plx that is not registered or was switched off. "
                            "Your platform's administrator needs to add this deployment in plx."), 403,
                          "deployment"),
    "message": Refusal(_("This launch is not valid"),
                       _("The launch is missing information plx needs. Open the activity again from your course "
                         "page; if it keeps failing, tell your platform's administrator."), 400, "message"),
    "target": Refusal(_("This activity does not point at a plx course"),
                      _("The activity's link names a course, module or unit that this plx does not have. "
                        "Ask your teacher to choose the content again."), 404, "target"),
}


def refusal_for(error: Exception) -> Refusal:
    """The page for a pylti1p3 refusal, from its message (pylti1p3 raises one exception class)."""
    text = str(error)
    if "State not found" in text or "Missing state" in text or "Missing %s cookie" in text:
        return REFUSALS["state"]
    if "Invalid Nonce" in text:
        return REFUSALS["replay"]
    if "expired" in text:
        return REFUSALS["expired"]
    if "Registration not found" in text or "Client id not registered" in text:
        return REFUSALS["registration"]
    if "deployment" in text.lower():
        return REFUSALS["deployment"]
    if "decode" in text or "public key" in text or "KID" in text or "JWT" in text or "Signature" in text:
        return REFUSALS["signature"]
    return REFUSALS["message"]


def _platform_lang(request) -> str:
    """The learner's language from the (unverified) token, only to word a refusal page."""
    try:
        body = request.POST.get("id_token", "").split(".")[1]
        claims = json.loads(DjangoMessageLaunch.urlsafe_b64decode(body))
        return normalise_language((claims.get(CLAIM + "launch_presentation") or {}).get("locale"))
    except (IndexError, ValueError, AttributeError, UnicodeDecodeError):
        return "en"


# --------------------------------------------------------------------------------------- views
@require_GET
def jwks(request) -> JsonResponse:
    """The tool's public keys (every active key: see :mod:`plxblocks.lti.keys`)."""
    response = JsonResponse(keys.jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def login(request) -> HttpResponse:
    """OIDC third-party login initiation: answer with a redirect to the platform's auth endpoint.

    The redirect URI is always the registered launch URL; what to show travels in
    ``target_link_uri`` (Moodle refuses any redirect URI it does not have registered).
    """
    params = request.POST if request.method == "POST" else request.GET
    try:
        store = storage()
        oidc = DjangoOIDCLogin(request, DatabaseToolConf(), cookie_service=PartitionedCookies(DjangoRequest(request)),
                               launch_data_storage=store)
        oidc.set_launch_data_storage(store).set_launch_data_lifetime(STORAGE_SECONDS)
        oidc.pass_params_to_launch({"target_link_uri": params.get("target_link_uri", "")})
        return oidc.redirect(base_url(request) + "/lti/launch")
    except (OIDCException, LtiException) as error:
        log.info("login refused: %s", error)
        return REFUSALS["registration"].page()


@csrf_exempt
@require_http_methods(["POST"])
def launch(request) -> HttpResponse:
    """The platform posts the id_token here; a valid resource launch gets a session and its page."""
    lang = _platform_lang(request)
    conf = DatabaseToolConf()
    try:  # the constructor already looks for the state's cookie: a refusal page, never a 500
        cookies = PartitionedCookies(DjangoRequest(request, post_only=True))
        message = DjangoMessageLaunch(request, conf, cookie_service=cookies, launch_data_storage=storage())
        message.set_public_key_caching(storage(), cache_lifetime=600)
        message.set_launch_data_lifetime(STORAGE_SECONDS)
        message.validate()
        claims = message.get_launch_data()
        check_audience(claims, conf.registration.client_id)
        consume_nonce(conf.registration, claims)
    except LtiException as error:
        refusal = refusal_for(error)
        log.info("launch refused (%s): %s", refusal.reason, error)
        return refusal.page(lang)
    except Refusal as refusal:
        log.info("launch refused (%s)", refusal.reason)
        return refusal.page(lang)
    if message.is_deep_link_launch():
        from .deep_linking import picker

        return picker(request, message, conf, claims)
    try:
        token = start_session(conf, claims, target_of(claims, message))
    except Refusal as refusal:
        return refusal.page(lang)
    return HttpResponseRedirect(f"/lti/s/{token}/")


def check_audience(claims: dict, client_id: str) -> None:
    """``aud`` names this tool; with several audiences ``azp`` must be this tool (OIDC core 3.1.3.7)."""
    aud = claims.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if client_id not in audiences or (len(audiences) > 1 and claims.get("azp") != client_id):
        raise REFUSALS["registration"]
    iat = claims.get("iat")
    if not isinstance(iat, (int, float)) or datetime.fromtimestamp(iat, UTC) > timezone.now() + LEEWAY:
        raise REFUSALS["message"]
    if not isinstance(claims.get("exp"), (int, float)):
        raise REFUSALS["message"]


def consume_nonce(registration, claims: dict) -> None:
    """Record the nonce; a second launch with the same one is a replay (the unique constraint decides)."""
    expires = datetime.fromtimestamp(claims["exp"], UTC) + timedelta(days=1)
    try:
        with transaction.atomic():
            UsedNonce.objects.create(registration=registration, nonce=str(claims["nonce"])[:255], expires=expires)
    except IntegrityError:
        raise REFUSALS["replay"] from None
    UsedNonce.objects.filter(expires__lt=timezone.now()).delete()


def target_of(claims: dict, message) -> str:
    """The content the link shows: the ``plx_target`` custom parameter, else ``?target=`` of the link URL."""
    from urllib.parse import parse_qs, urlsplit

    custom = claims.get(CLAIM + "custom") or {}
    target = custom.get("plx_target") if isinstance(custom, dict) else None
    if not target:
        uri = claims.get(CLAIM + "target_link_uri") or ""
        target = (parse_qs(urlsplit(uri).query).get("target") or [""])[0]
    return target


def is_staff(roles: list) -> bool:
    return any(str(role).endswith(staff) for role in roles for staff in STAFF_ROLES)


def launch_language(chosen: str, claims: dict, locale) -> str:
    """The learner's own choice, else the language the teacher fixed for the link, else the locale."""
    custom = claims.get(CLAIM + "custom") or {}
    fixed = custom.get("plx_lang") if isinstance(custom, dict) else None
    return chosen or (fixed if fixed in ("en", "cy") else normalise_language(locale))


def start_session(conf: DatabaseToolConf, claims: dict, target_path: str) -> str:
    """Record the link and the learner, and open a session; returns the session token for the page."""
    if find_target(target_path) is None:
        raise REFUSALS["target"]
    deployment, registration = conf.deployment, conf.registration
    sub = str(claims.get("sub") or "")
    context = claims.get(CLAIM + "context") or {}
    resource = claims.get(CLAIM + "resource_link") or {}
    if not sub or not resource.get("id"):
        raise REFUSALS["message"]
    ags = claims.get(AGS_CLAIM) or {}
    nrps = claims.get(NRPS_CLAIM) or {}
    defaults = {"target": target_path, "title": str(resource.get("title") or "")[:255],
                "context_title": str(context.get("title") or "")[:255],
                "lineitems_url": str(ags.get("lineitems") or ""), "ags_scopes": list(ags.get("scope") or []),
                "memberships_url": str(nrps.get("context_memberships_url") or "")}
    if ags.get("lineitem"):
        # Kept once seen: Moodle stops sending it once plx has added columns of its own to the link.
        defaults["lineitem_url"] = str(ags["lineitem"])
    link, _created = ResourceLink.objects.update_or_create(
        deployment=deployment, context_id=str(context.get("id") or ""), link_id=str(resource["id"]),
        defaults=defaults)
    learner = learner_key(deployment.pk, sub)
    name = str(claims.get("name") or "")[:255] if registration.store_names else ""
    row, _created = Learner.objects.get_or_create(link=link, learner=learner, defaults={"sub": sub, "name": name})
    if registration.store_names and row.name != name:
        Learner.objects.filter(pk=row.pk).update(name=name)
    locale = (claims.get(CLAIM + "launch_presentation") or {}).get("locale")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    Launch.objects.create(token_hash=token_hash(token), link=link, sub=sub, learner=learner,
                          staff=is_staff(claims.get(CLAIM + "roles") or []),
                          lang=launch_language(row.lang, claims, locale), name=name, created=now,
                          expires=now + timedelta(hours=settings.PLX_LTI_SESSION_HOURS))
    Launch.objects.filter(expires__lt=now - timedelta(days=1)).delete()
    return token
