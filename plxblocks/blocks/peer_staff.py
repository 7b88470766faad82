"""Staff side of ``plx_peer_review``: progress, identities, grades, moderation, reviewers, report.

Every handler here starts with :meth:`PeerStaffMixin.require_staff`: a learner calling one gets a
403 JSON error and nothing changes. Staff see names (mapped from anonymous ids through the LMS's
user service) only in these handlers' answers and the staff panel, never in a learner's page.
"""
from __future__ import annotations

from webob import Response
from xblock.core import XBlock

from ..i18n import _
from .api import InputError, check_fields, json_api


def report_rows(scope, name) -> list[dict]:
    """Every report of the task for the staff panel: who made it, about whose work, why, and the
    decision; *name* maps a learner id to what staff see. Shared by the XBlock and the LTI runtime."""
    from ..peer import api

    return [{"reporter": name(r.flagger), "author": name(r.author),
             "reviewer": name(r.reviewer) if r.reviewer is not None else None, "submission": r.submission_id,
             "reason": r.reason, "resolution": r.resolution} for r in api.reports(scope)]


class PeerStaffMixin:
    """Staff handlers; mixed into :class:`~plxblocks.blocks.peer_review.PlxPeerReviewBlock`."""

    def is_staff(self) -> bool:
        """Course staff in Open edX; in the workbench, the ids in ``PLX_WORKBENCH_STAFF``."""
        if self.scope_ids.user_id is None:
            return False
        if self._user().opt_attrs.get("edx-platform.user_is_staff"):
            return True
        from django.conf import settings

        return str(self.scope_ids.user_id) in getattr(settings, "PLX_WORKBENCH_STAFF", ())

    def require_staff(self) -> None:
        if not self.is_staff():
            raise InputError(_("Only the course team can do this."), status=403)

    def display_name_of(self, anonymous_id: str) -> str:
        """A learner's username for staff (the id itself where the runtime cannot say)."""
        service = self.runtime.service(self, "user")
        lookup = getattr(service, "get_user_by_anonymous_id", None)
        user = lookup(anonymous_id) if lookup else None
        return getattr(user, "username", None) or anonymous_id

    def anonymous_id_of(self, username: str) -> str:
        service = self.runtime.service(self, "user")
        lookup = getattr(service, "get_anonymous_user_id", None)
        return (lookup(username, self.context_key()) if lookup else None) or username

    # ---------------------------------------------------------------------------------- views
    def staff_panel(self) -> dict:
        """What the staff panel shows: the progress table and every report, with names."""
        from ..peer import api
        from .peer_learning import reviewer_rows

        scope = self.scope()
        rows, for_staff = api.progress(scope), set(api.waiting_for_staff(scope))
        return {"rows": [{"id": r.submission_id, "name": self.display_name_of(r.learner), "status": r.status,
                          "needs_staff": r.submission_id in for_staff,
                          "moderation": r.moderation, "given": r.given, "received": r.received,
                          "in_progress": r.in_progress, "points": r.grade.points, "max_points": r.grade.max_points,
                          "final": r.grade.final, "source": r.grade.source, "flags": r.flags,
                          "reports_made": r.reports_made} for r in rows],
                "reports": report_rows(scope, self.display_name_of),
                "reviewers": reviewer_rows(scope, self.to_model(), self.ui_language(), self.display_name_of)}

    def staff_detail_data(self, submission: int) -> dict:
        from ..peer import api

        info = self.engine(api.detail, submission)
        info["name"] = self.display_name_of(info["learner"])
        for review in info["reviews"]:
            review["name"] = self.display_name_of(review["reviewer"])
        for flag in info["flags"]:
            flag["name"] = self.display_name_of(flag["flagger"])
        return info

    def staff_view_answer(self, message: str, submission: int | None = None) -> dict:
        from ..i18n import translate
        from ..render.environment import render_template

        lang = self.ui_language()
        detail = self.staff_detail_data(submission) if submission is not None else None
        html = render_template("peer_review_staff.html", lang=lang, dom_id=self.dom_id(), block=self.to_model(),
                               panel=self.staff_panel(), detail=detail, report_url=self.runtime.handler_url(
                                   self, "staff_report"))
        return {"staff_html": html, "message": translate(lang, message) if message else ""}

    # ------------------------------------------------------------------------------- handlers
    @json_api
    def staff_progress(self, data: dict) -> dict:
        self.require_staff()
        check_fields(data, {})
        return self.staff_view_answer("")

    @json_api
    def staff_detail(self, data: dict) -> dict:
        """``{"submission": id}``: a response with every review, report and name."""
        self.require_staff()
        check_fields(data, {"submission": int}, required=("submission",))
        return self.staff_view_answer("", data["submission"])

    @json_api
    def staff_override(self, data: dict) -> dict:
        """``{"submission", "levels": {criterion: points}, "comment"}``, or ``{"submission", "clear": true}``."""
        from ..peer import api

        self.require_staff()
        check_fields(data, {"submission": int, "levels": dict, "comment": str, "clear": bool},
                     required=("submission",))
        if data.get("clear"):
            self.engine(api.clear_override, data["submission"])
            return self.staff_view_answer(_("The staff grade was removed."), data["submission"])
        self.engine(api.override_grade, self.learner_id(), data["submission"], data.get("levels"),
                    data.get("comment", ""))
        return self.staff_view_answer(_("The staff grade was saved."), data["submission"])

    @json_api
    def staff_moderate(self, data: dict) -> dict:
        """``{"submission": id}`` or ``{"submission", "review": id}``, with ``"remove": bool``."""
        from ..peer import api

        self.require_staff()
        check_fields(data, {"submission": int, "review": int, "remove": bool}, required=("submission", "remove"))
        if "review" in data:
            self.engine(api.moderate_review, self.learner_id(), data["review"], data["remove"])
        else:
            self.engine(api.moderate_submission, self.learner_id(), data["submission"], data["remove"])
        return self.staff_view_answer(_("Removed.") if data["remove"] else _("Restored."), data["submission"])

    @json_api
    def staff_assign(self, data: dict) -> dict:
        """``{"submission", "reviewer": username}``: give this response to this reviewer now."""
        from ..peer import api

        self.require_staff()
        check_fields(data, {"submission": int, "reviewer": str}, required=("submission", "reviewer"))
        self.engine(api.assign_reviewer, data["submission"], self.anonymous_id_of(data["reviewer"].strip()))
        return self.staff_view_answer(_("The reviewer was given this response."), data["submission"])

    @json_api
    def staff_release(self, data: dict) -> dict:
        """``{"give": n|null, "receive": n|null}``: after the due date, let learners through with fewer."""
        from ..peer import api

        self.require_staff()
        check_fields(data, {"give": (int, type(None)), "receive": (int, type(None))}, required=("give", "receive"))
        self.engine(api.set_requirements, data["give"], data["receive"], getattr(self, "due", None))
        return self.staff_view_answer(_("The review requirements were changed."))

    @XBlock.handler
    def staff_report(self, request, suffix=""):
        """GET: the progress table as CSV (names included), for staff only."""
        from ..peer import api
        from .api import error_response

        try:
            self.require_staff()
        except InputError as error:
            return error_response(error, self.ui_language())
        rows = api.progress(self.scope())
        names = {r.learner: self.display_name_of(r.learner) for r in rows}
        response = Response(api.csv_report(self.scope(), names), content_type="text/csv", charset="utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="peer-review-report.csv"'
        return response
