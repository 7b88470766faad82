"""The workbench's URLs, minus what must not be public, plus ``/plx-static/<course>/media/...``.

The SDK ends its URL list with ``static(MEDIA_URL, document_root=MEDIA_ROOT)``. Both settings are
empty, so Django serves the process's current directory at ``/``: the data folder, whose
``var/workbench.db`` holds every learner's journal and reviews. That route is dropped here. Course
media is served from each loaded course's own ``media/`` folder and nowhere else.
"""
from django.http import Http404
from django.urls import re_path
from django.views import static
from workbench.urls import urlpatterns as workbench_urls

from ..olx.scenarios import courses


def course_media(request, course: str, path: str):
    """Serve a file from a loaded course's ``media/`` folder (``serve`` refuses ``..`` escapes)."""
    folder = next((c.path for c in courses() if c.id == course), None)
    if folder is None:
        raise Http404("no such course")
    return static.serve(request, path, document_root=str(folder / "media"))


def serves_files(pattern) -> bool:
    """True for the SDK's media route: a file server over the current directory."""
    return getattr(pattern, "callback", None) is static.serve


urlpatterns = [
    re_path(r"^plx-static/(?P<course>[A-Za-z0-9_.-]+)/media/(?P<path>.+)$", course_media),
    *(pattern for pattern in workbench_urls if not serves_files(pattern)),
]
