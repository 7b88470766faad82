"""A guard in front of every workbench route: paths with ``.`` or ``..`` segments are not found.

Django decodes ``%2e%2e`` and ``%2f`` before routing, so ``/static/..%2f..%2fvar/workbench.db``
reaches the SDK's static-file view as ``../../var/workbench.db``, which then answers 500 (with
DEBUG's settings page) or 400. No page, handler or media file of the workbench has such a segment,
so answering 404 for all of them closes every escape the same way, whatever the route.
"""
from __future__ import annotations

from django.http import HttpResponseNotFound

FORBIDDEN_SEGMENTS = frozenset({".", ".."})


def has_escape(path: str) -> bool:
    """Whether a decoded URL path has a dot segment, a backslash or a NUL (never in a real URL here)."""
    return "\\" in path or "\x00" in path or any(segment in FORBIDDEN_SEGMENTS for segment in path.split("/"))


def refuse_path_escapes(get_response):
    def middleware(request):
        if has_escape(request.path_info):
            return HttpResponseNotFound("Not found", content_type="text/plain")
        return get_response(request)

    return middleware
