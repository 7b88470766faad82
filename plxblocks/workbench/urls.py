"""The workbench's URLs, minus what must not be public, plus ``/plx-static/<course>/media/...``,
with each learner's pages and handlers run one at a time (learner_lock.py).

The SDK ends its URL list with ``static(MEDIA_URL, document_root=MEDIA_ROOT)``. Both settings are
empty, so Django serves the process's current directory at ``/``: the data folder, whose
``var/workbench.db`` holds every learner's journal and reviews. That route is dropped here. Course
media is served from each loaded course's own ``media/`` folder and nowhere else.
"""
import functools

from django.http import Http404, JsonResponse
from django.urls import URLPattern, re_path
from django.views import static
from workbench import views as workbench_views
from workbench.urls import urlpatterns as workbench_urls

from ..olx.scenarios import courses
from .learner_lock import LearnerBusy, one_request_at_a_time


def course_media(request, course: str, path: str):
    """Serve a file from a loaded course's ``media/`` folder, and nothing whose real path is
    outside it: ``serve`` refuses ``..``, but follows symbolic links, and one added to ``media/``
    after the course was validated served ``/etc/passwd``."""
    folder = next((c.path for c in courses() if c.id == course), None)
    if folder is None:
        raise Http404("no such course")
    media = (folder / "media").resolve()
    if not (media / path).resolve().is_relative_to(media):
        raise Http404("not in the course's media folder")
    return static.serve(request, path, document_root=str(media))


def serves_files(pattern) -> bool:
    """True for the SDK's media route: a file server over the current directory."""
    return getattr(pattern, "callback", None) is static.serve


def one_at_a_time_per_learner(view):
    """The SDK's page or handler view, run while no other request of the same learner runs
    (learner_lock.py says why: a handler's fields are read before and saved after it)."""
    @functools.wraps(view)
    def locked_view(request, *args, **kwargs):
        student = workbench_views.get_student_id(request) if kwargs.get("authenticated", True) else "none"
        try:
            with one_request_at_a_time(student):
                return view(request, *args, **kwargs)
        except LearnerBusy:
            response = JsonResponse({"error": "Your previous request is still being saved. Try again in a moment.",
                                     "field": None}, status=503)
            response["Retry-After"] = "1"
            return response

    return locked_view


LEARNER_VIEWS = {workbench_views.handler, workbench_views.aside_handler, workbench_views.show_scenario}
"""The SDK's views that read and save a learner's fields."""


def locked(pattern):
    """*pattern* itself, or a copy whose view takes the learner's lock."""
    if getattr(pattern, "callback", None) not in LEARNER_VIEWS:
        return pattern
    return URLPattern(pattern.pattern, one_at_a_time_per_learner(pattern.callback), pattern.default_args, pattern.name)


urlpatterns = [
    re_path(r"^plx-static/(?P<course>[A-Za-z0-9_.-]+)/media/(?P<path>.+)$", course_media),
    *(locked(pattern) for pattern in workbench_urls if not serves_files(pattern)),
]
