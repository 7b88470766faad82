"""Middleware in front of every workbench route: a path guard, and scenarios built before serving."""
from __future__ import annotations

import threading

from django.http import HttpResponseNotFound

FORBIDDEN_SEGMENTS = frozenset({".", ".."})


def has_escape(path: str) -> bool:
    """Whether a decoded URL path has a dot segment, a backslash or a NUL (never in a real URL here)."""
    return "\\" in path or "\x00" in path or any(segment in FORBIDDEN_SEGMENTS for segment in path.split("/"))


def refuse_path_escapes(get_response):
    """Paths with ``.`` or ``..`` segments are not found.

    Django decodes ``%2e%2e`` and ``%2f`` before routing, so ``/static/..%2f..%2fvar/workbench.db``
    reaches the SDK's static-file view as ``../../var/workbench.db``, which then answers 500 (with
    DEBUG's settings page) or 400. No page, handler or media file of the workbench has such a
    segment, so answering 404 for all of them closes every escape the same way, whatever the route.
    """
    def middleware(request):
        if has_escape(request.path_info):
            return HttpResponseNotFound("Not found", content_type="text/plain")
        return get_response(request)

    return middleware


_scenarios_lock = threading.Lock()
_scenarios_loaded = threading.Event()


def load_scenarios_first(get_response):
    """Build every scenario before any request is answered.

    The SDK builds its scenario list lazily, on the first request, filling a shared dict one
    scenario at a time; a second request meanwhile sees the half-built dict (the index lists some
    units, and the first unit's page is a 404). With the shipped courses that takes seconds, so a
    newcomer who opens the address ``plx serve`` printed met exactly that. Here the first request
    builds the list under a lock and every other request waits for it.
    """
    def middleware(request):
        if not _scenarios_loaded.is_set():
            with _scenarios_lock:
                if not _scenarios_loaded.is_set():
                    from workbench.scenarios import get_scenarios

                    get_scenarios()
                    _scenarios_loaded.set()
        return get_response(request)

    return middleware
