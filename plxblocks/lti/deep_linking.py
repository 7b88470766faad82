"""Deep linking: a teacher picks a course, module or unit (and its language) to add as an activity.

The deep-linking launch is validated like any other; plx answers with a picker page. The
request's settings (return address, ``data``) wait in the database cache under a random token
for an hour, so the picker's answer may reach any worker. The answer is pylti1p3's signed
``LtiDeepLinkingResponse`` with one ``ltiResourceLink`` whose custom parameters name the target
(``plx_target``) and the language if the teacher fixed one (``plx_lang``). A target with one
scored activity carries its line item, so the platform makes its gradebook column at once; a
target with several carries a line item for their sum, and each activity gets a column of its
own from AGS at its first score.
"""
from __future__ import annotations

import secrets

from django.core.cache import caches
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from ..course.model import LANGUAGES
from ..i18n import _, normalise_language
from .content import activities, courses, find_target
from .launch import CLAIM, base_url
from .models import Deployment
from .pages import message_page, page
from .tool import pylti_registration

DEEP_LINKING_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
WAIT_SECONDS = 3600


def _cache():
    return caches["lti"]


def picker(request, message, conf, claims: dict) -> HttpResponse:
    """The picker page for a validated deep-linking request."""
    lang = normalise_language((claims.get(CLAIM + "launch_presentation") or {}).get("locale"))
    settings = claims.get(DEEP_LINKING_CLAIM) or {}
    if "ltiResourceLink" not in (settings.get("accept_types") or []) or not settings.get("deep_link_return_url"):
        return message_page(lang, _("This platform cannot add plx activities"),
                            _("The platform's request does not accept LTI resource links."), status=400)
    token = secrets.token_urlsafe(24)
    _cache().set(f"plx-deep-link-{token}", {"deployment": conf.deployment.pk, "settings": settings, "lang": lang},
                 WAIT_SECONDS)
    return choose_page(token, lang)


def choose_page(token: str, lang: str, error: str = "", status: int = 200) -> HttpResponse:
    return page("lti/deep_link.html", lang, status=status, token=token, courses=list(courses().values()),
                error=error, languages=LANGUAGES)


@csrf_exempt  # the token in the address stands for the validated deep-linking request
@require_POST
def respond(request, token: str) -> HttpResponse:
    """The teacher's choice: answer the platform with the signed deep-linking response."""
    waiting = _cache().get(f"plx-deep-link-{token}")
    if waiting is None:
        return message_page("en", _("This choice has expired"),
                            _("Choosing content takes at most an hour. Add the activity again from your course."),
                            status=410)
    lang = waiting["lang"]
    if request.POST.get("picker_lang") in LANGUAGES and "target" not in request.POST:
        return choose_page(token, request.POST["picker_lang"])  # the picker's own language switch
    target = find_target(request.POST.get("target", ""))
    content_lang = request.POST.get("content_lang", "")
    if target is None or content_lang not in ("", *LANGUAGES):
        return choose_page(token, lang, _("Choose a course, a module or a unit."), status=400)
    deployment = Deployment.objects.select_related("registration").get(pk=waiting["deployment"])
    title_lang = content_lang or lang
    custom = {"plx_target": target.path, **({"plx_lang": content_lang} if content_lang else {})}
    resource = (DeepLinkResource().set_url(f"{base_url(request)}/lti/launch?target={target.path}")
                .set_title(target.title(title_lang)).set_custom_params(custom))
    scored = activities(target)
    if len(scored) == 1:
        resource.set_lineitem(LineItem().set_score_maximum(float(scored[0].points))
                              .set_label(scored[0].label(title_lang)).set_resource_id(scored[0].key))
    elif scored:  # the activity's own column holds the sum; each activity gets a column from AGS
        resource.set_lineitem(LineItem().set_score_maximum(float(sum(a.points for a in scored)))
                              .set_label(target.title(title_lang)).set_resource_id("total"))
    link = DeepLink(pylti_registration(deployment.registration), deployment.deployment_id, waiting["settings"])
    _cache().delete(f"plx-deep-link-{token}")
    response = HttpResponse(link.output_response_form([resource]))
    response["Cache-Control"] = "no-store"
    return response
