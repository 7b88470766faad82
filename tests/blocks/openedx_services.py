"""Stand-ins for the LMS's ``user`` service, loaded by the workbench runtime (``WORKBENCH["services"]``).

They have the shape of edx-platform's ``DjangoXBlockUserService`` (common/djangoapps/xblock_django/
user_service.py): the bound Django user in ``_django_user``, ``get_current_user()`` giving an
``XBlockUser`` whose ``opt_attrs`` carry ``edx-platform.*`` keys. When staff use "View this course
as: Specific learner", the LMS binds the runtime to the learner's ``User``, on which
``setup_masquerade`` has set ``real_user`` (the staff member), and computes ``user_is_staff`` for
the learner (False) (lms/djangoapps/courseware/block_render.py, masquerade.py).
"""
from __future__ import annotations

from types import SimpleNamespace

from xblock.reference.user_service import UserService, XBlockUser


class _LmsUserService(UserService):
    preferences: dict = {}
    staff_viewing = False

    runtime = None  # set by the workbench after it creates the service

    @property
    def _django_user(self):
        learner = SimpleNamespace(id=self.runtime.user_id, username=str(self.runtime.user_id))
        if self.staff_viewing:
            learner.real_user = SimpleNamespace(id="course-staff", username="course-staff")
        return learner

    def get_current_user(self):
        user = XBlockUser(is_current_user=True, emails=["learner@example.org"], full_name="A Learner")
        user.opt_attrs.update({"edx-platform.user_id": self.runtime.user_id, "edx-platform.user_is_staff": False,
                               "edx-platform.anonymous_user_id": f"anon-{self.runtime.user_id}",
                               "edx-platform.user_preferences": dict(self.preferences)})
        return user


class StaffViewingAsLearner(_LmsUserService):
    """The LMS's user service during "View as: Specific learner"."""

    staff_viewing = True


class WelshSpeakingLearner(_LmsUserService):
    """A learner whose account language (``pref-lang``) is Welsh."""

    preferences = {"pref-lang": "cy"}
