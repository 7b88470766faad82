"""JSON handlers with strict input checking and errors a learner can read in their language.

XBlock's own ``json_handler`` answers bad JSON with an English-only message and has no way to say
which field was wrong. :func:`json_api` parses the body itself, turns :class:`InputError` into
``{"error": message, "field": name}`` with a 4xx status (never a 500), and translates the message
for the learner. The shared JS shows it beside ``[data-plx-error=field]``.
"""
from __future__ import annotations

import functools
import json

from webob import Response
from xblock.core import XBlock

from ..i18n import _, translate, translate_plural


class InputError(Exception):
    """A refused request: *message* is an ``_()``-marked template with ``{named}`` placeholders,
    or an ``N_()`` pair (singular, plural) chosen by the ``count`` parameter."""

    def __init__(self, message: str | tuple[str, str], field: str | None = None, status: int = 400,
                 details: dict | None = None, **params) -> None:
        super().__init__(message)
        self.message, self.field, self.status, self.params = message, field, status, params
        self.details = details or {}
        """More JSON for the client beside ``error`` and ``field`` (a save conflict's saved entry)."""

    def payload(self, lang: str) -> dict:
        return {"error": self.text(lang), "field": self.field, **self.details}

    def text(self, lang: str) -> str:
        if isinstance(self.message, tuple):
            template = translate_plural(lang, *self.message, self.params["count"])
        else:
            template = translate(lang, self.message)
        return template.format(**self.params)


def json_response(payload, status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json", charset="utf-8")


def error_response(error: InputError, lang: str) -> Response:
    return json_response(error.payload(lang), status=error.status)


def parse_json_object(body: bytes) -> dict:
    """A request body that must be a JSON object (empty: ``{}``); else :class:`InputError`."""
    try:
        data = json.loads(body.decode("utf-8")) if body else {}
    except (ValueError, UnicodeDecodeError):
        raise InputError(_("The request was not valid JSON.")) from None
    if not isinstance(data, dict):
        raise InputError(_("The request must be a JSON object."))
    return data


def refuse_oversized(request, limit: int) -> None:
    """A 413 for a body over *limit* bytes (``XBLOCK_SETTINGS["plx"]["MAX_REQUEST_KB"]``), judged
    by Content-Length before the body is read when the client sends one."""
    declared = request.content_length
    if (declared is not None and declared > limit) or len(request.body) > limit:
        # Translators: {size} is a size in kilobytes, such as 1024.
        raise InputError(_("The request is too large: the most this page may send is {size} KB."),
                         status=413, size=limit // 1024)


def json_api(method):
    """Make *method(self, data: dict) -> dict* a POST-only JSON handler (see the module docstring)."""

    @XBlock.handler
    @functools.wraps(method)
    def handler(self, request, suffix=""):
        try:
            if request.method != "POST":
                raise InputError(_("Send this request with POST."), status=405)
            refuse_oversized(request, self.plx_settings().MAX_REQUEST_KB * 1024)
            return json_response(method(self, parse_json_object(request.body)))
        except InputError as error:
            # The language is looked up only now: in the workbench every field read is a query.
            return error_response(error, self.ui_language())

    return handler


def check_fields(data: dict, types: dict[str, type | tuple], required: tuple[str, ...] = ()) -> None:
    """Refuse unknown fields, missing required ones and values of the wrong JSON type."""
    for name in data:
        if name not in types:
            # Translators: {name} is the name of a field the request should not contain.
            raise InputError(_("Unknown field: {name}."), field=None, name=name)
    for name in required:
        if name not in data:
            # Translators: {name} is the name of a missing field in a request.
            raise InputError(_("Missing field: {name}."), field=name, name=name)
    for name, value in data.items():
        expected = types[name]
        if isinstance(value, bool) and bool not in (expected if isinstance(expected, tuple) else (expected,)):
            raise InputError(_("Wrong type for {name}."), field=name, name=name)
        if not isinstance(value, expected):
            # Translators: {name} is a field name; the value sent has the wrong JSON type.
            raise InputError(_("Wrong type for {name}."), field=name, name=name)


def string_list(data: dict, name: str, max_items: int) -> list[str]:
    """A JSON list of strings, at most *max_items* long, without duplicates (order kept)."""
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or len(value) > max_items:
        raise InputError(_("Wrong type for {name}."), field=name, name=name)
    return list(dict.fromkeys(value))
