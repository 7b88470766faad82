"""Pages of the LTI runtime, rendered by the shared Jinja2 environment (same gettext, filters and
autoescaping as the XBlocks and SCORM pages) with this package's templates added."""
from __future__ import annotations

from functools import lru_cache

from django.http import HttpResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader

from ..i18n import normalise_language
from ..render.environment import environment, static_text

PAGE_HEADERS = {
    "Cache-Control": "no-store",
    # The platform frames the tool; scripts and styles are the page's own (inline, with a nonce-free
    # policy kept strict: no remote origins at all).
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "script-src 'self' 'unsafe-inline'; connect-src 'self'; form-action *; "
                               "frame-ancestors *; base-uri 'none'; object-src 'none'",
}


@lru_cache(maxsize=1)
def lti_environment() -> Environment:
    shared = environment()
    return shared.overlay(loader=ChoiceLoader([PackageLoader("plxblocks.lti", "templates"), shared.loader]))


def render(name: str, lang: str, **context) -> str:
    context["lang"] = normalise_language(lang)
    context.setdefault("css", static_text("plx.css"))
    return lti_environment().get_template(name).render(**context)


def page(name: str, lang: str, status: int = 200, **context) -> HttpResponse:
    response = HttpResponse(render(name, lang, **context), status=status, content_type="text/html; charset=utf-8")
    for header, value in PAGE_HEADERS.items():
        response[header] = value
    return response


def message_page(lang: str, title: str, text: str, status: int = 400, **params) -> HttpResponse:
    """A clear page for a refused launch or an ended session (*title* and *text* are ``_()`` templates)."""
    from ..i18n import translate

    return page("lti/message.html", lang, status=status, title=translate(normalise_language(lang), title),
                text=translate(normalise_language(lang), text).format(**params))
