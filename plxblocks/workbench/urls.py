"""The workbench's URLs plus ``/plx-static/<course>/media/...``: the course's media files."""
from django.http import Http404
from django.urls import re_path
from django.views.static import serve
from workbench.urls import urlpatterns as workbench_urls

from ..olx.scenarios import courses


def course_media(request, course: str, path: str):
    """Serve a file from a loaded course's ``media/`` folder (``serve`` refuses ``..`` escapes)."""
    folder = next((c.path for c in courses() if c.id == course), None)
    if folder is None:
        raise Http404("no such course")
    return serve(request, "media/" + path, document_root=str(folder))


urlpatterns = [
    re_path(r"^plx-static/(?P<course>[A-Za-z0-9_.-]+)/media/(?P<path>.+)$", course_media),
    *workbench_urls,
]
