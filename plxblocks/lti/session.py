"""A learner's session after a launch: found from the token in the page's address.

The page holds the token, not a cookie: third-party cookies in the platform's iframe are blocked
by more browsers every year, and the token works the same in the iframe and in a new window.
Only the token's hash is stored; pages are sent with ``Referrer-Policy: no-referrer`` and
``Cache-Control: no-store`` so the address does not leak to other sites or stay in caches.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from ..i18n import _
from .content import Target, find_target
from .launch import course_key, token_hash
from .models import Launch, Learner
from .pages import message_page


@dataclass
class Session:
    """One request's view of a learner's session: who, which link, which content, which language."""

    token: str
    launch: Launch
    target: Target

    @property
    def link(self):
        return self.launch.link

    @property
    def learner(self) -> str:
        return self.launch.learner

    @property
    def staff(self) -> bool:
        return self.launch.staff

    @property
    def lang(self) -> str:
        return self.launch.lang

    @property
    def course(self):
        return self.target.course

    @cached_property
    def course_key(self) -> str:
        return course_key(self.link, self.course.id)

    @property
    def prefix(self) -> str:
        """The address every page and call of this session starts with."""
        return f"/lti/s/{self.token}/"

    def set_language(self, lang: str) -> None:
        """Remember the learner's choice for this session and their next launches of the link."""
        if lang != self.launch.lang:
            Launch.objects.filter(pk=self.launch.pk).update(lang=lang)
            Learner.objects.filter(link=self.link, learner=self.learner).update(lang=lang)
            self.launch.lang = lang


class SessionEnded(Exception):
    """No live session for the token: the answer is a page (or JSON) saying to launch again."""

    def __init__(self, lang: str = "en") -> None:
        super().__init__("session ended")
        self.lang = lang

    def page(self):
        return message_page(self.lang, _("Your session has ended"),
                            _("For your security, a session lasts a few hours. Open the activity again from "
                              "your course page: nothing you saved is lost."), status=401)


def find_session(token: str) -> Session:
    launch = (Launch.objects.select_related("link", "link__deployment", "link__deployment__registration")
              .filter(token_hash=token_hash(token)).first())
    if launch is None or launch.expires <= timezone.now():
        raise SessionEnded()
    target = find_target(launch.link.target)
    if target is None:
        raise SessionEnded(launch.lang)
    return Session(token, launch, target)
