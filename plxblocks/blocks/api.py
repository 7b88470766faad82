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
from ..storable import NUL, unstorable_character

try:
    from django.core.exceptions import RequestDataTooBig
except ImportError:  # a runtime without Django has no body limit of its own to report
    class RequestDataTooBig(Exception):  # noqa: N818 - Django's name
        pass

MAX_JSON_DEPTH = 20
"""Deepest nesting of arrays and objects a request may have; the deepest real one (a Studio rubric:
values, rubric, criterion, levels, level) has 5. Far below Python's recursion limit, so a deeply
nested body is refused by name instead of raising ``RecursionError`` somewhere in a handler."""


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


def request_body(request) -> bytes:
    """The request's body, or :class:`InputError` 413 when it is over the server's limit.

    Django refuses to read a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB by default) with
    ``RequestDataTooBig``, which it would answer with an HTML 400 page.
    """
    try:
        return request.body
    except RequestDataTooBig:
        raise InputError(_("The request is too large."), status=413) from None


def parse_json_object(body: bytes) -> dict:
    """A request body that must be a JSON object (empty: ``{}``) that every database can store;
    else :class:`InputError` (see :func:`check_storable`)."""
    try:
        data = json.loads(body.decode("utf-8")) if body else {}
    except RecursionError:
        raise InputError(_("The request is nested too deeply.")) from None
    except (ValueError, UnicodeDecodeError):
        raise InputError(_("The request was not valid JSON.")) from None
    if not isinstance(data, dict):
        raise InputError(_("The request must be a JSON object."))
    check_storable(data)
    return data


def check_storable(data: dict) -> None:
    """Refuse nesting deeper than :data:`MAX_JSON_DEPTH` and strings (keys too) with a character
    no database can store (:mod:`plxblocks.storable`), naming the top-level field they are in.

    A loop over an explicit stack, not recursion: the point is to survive any depth.
    """
    stack = [(key, 1, None) for key in data] + [(value, 1, key) for key, value in data.items()]
    while stack:
        value, depth, field = stack.pop()
        if isinstance(value, str):
            _check_characters(value, field)
        elif isinstance(value, (dict, list)):
            if depth >= MAX_JSON_DEPTH:
                raise InputError(_("The request is nested too deeply."), field=field)
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((item, depth + 1, field) for item in items)


def _check_characters(text: str, field: str | None) -> None:
    bad = unstorable_character(text)
    if bad is None:
        return
    if bad == NUL:
        raise InputError(_("The text contains a null character, which cannot be saved. Delete it and try again."),
                         field=field)
    raise InputError(_("The text contains half of a character (a broken emoji or symbol, often shown as �), "
                       "which cannot be saved. Delete it and try again."), field=field)


def refuse_oversized(request, limit: int) -> None:
    """A 413 for a body over *limit* bytes (``XBLOCK_SETTINGS["plx"]["MAX_REQUEST_KB"]``), judged
    by Content-Length before the body is read when the client sends one."""
    declared = request.content_length
    if (declared is not None and declared > limit) or len(request_body(request)) > limit:
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
            return json_response(method(self, parse_json_object(request_body(request))))
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
