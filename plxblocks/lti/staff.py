"""The course team's side of peer review in the LTI runtime, with names from the platform's roster.

Learners are anonymous ids to the engine and to each other. Staff see names: they are read from
the platform's Names and Role Provisioning Service when staff open the panel (one request per
page view; pylti1p3 pages through the roster) and are never stored, unless the registration
allows names, in which case the names from launches are used when the platform has no NRPS.
Every handler checks the session's staff role first; a learner gets a 403 and nothing changes.
"""
from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from ..blocks import peer_learning
from ..blocks.api import InputError, check_fields
from ..blocks.peer_staff import report_rows
from ..course.model import PeerReview
from ..i18n import _, translate
from ..peer import api
from ..render.environment import render_template
from .launch import learner_key
from .models import Learner
from .pages import render
from .peer import engine, scope

log = logging.getLogger(__name__)


def require_staff(session) -> None:
    if not session.staff:
        raise InputError(_("Only the course team can do this."), status=403)


def roster(session) -> list[dict]:
    """The platform course's members ``{learner, sub, name, roles}``: NRPS, else what launches told.

    NRPS names come only when the platform sends them for this link (Moodle: the activity's
    privacy settings), so a member may have no name: staff then see the platform's user id.
    """
    link = session.link
    members = []
    if link.memberships_url:
        from pylti1p3.names_roles import NamesRolesProvisioningService
        from pylti1p3.service_connector import ServiceConnector

        from .tool import pylti_registration

        try:
            service = NamesRolesProvisioningService(
                ServiceConnector(pylti_registration(link.deployment.registration)),
                {"context_memberships_url": link.memberships_url})
            members = service.get_members(resource_link_id=link.link_id)
        except Exception as error:  # noqa: BLE001 - the panel still works with ids
            log.warning("NRPS roster not read for %s: %s", link.memberships_url, error)
    if members:
        return [{"learner": learner_key(link.deployment_id, str(m.get("user_id"))), "sub": str(m.get("user_id")),
                 "name": str(m.get("name") or " ".join(filter(None, (m.get("given_name"), m.get("family_name"))))),
                 "roles": [str(r).rsplit("#", 1)[-1] for r in m.get("roles", [])],
                 "status": m.get("status", "Active")} for m in members]
    return [{"learner": row.learner, "sub": row.sub, "name": row.name, "roles": [], "status": "Active"}
            for row in Learner.objects.filter(link=link)]


def names(session, people: list[dict]) -> dict[str, str]:
    """Learner id -> what staff see: the name, else the platform's user id."""
    return {p["learner"]: p["name"] or translate(session.lang, _("user {id}")).format(id=p["sub"]) for p in people}


def panel(session, block: PeerReview, message: str = "", submission: int | None = None) -> dict:
    people = roster(session)
    known = names(session, people)

    def name(learner: str) -> str:
        return known.get(learner, learner)

    task = scope(session, block)
    for_staff = set(api.waiting_for_staff(task))
    rows = [{"id": r.submission_id, "name": name(r.learner), "status": r.status, "moderation": r.moderation,
             "needs_staff": r.submission_id in for_staff,
             "given": r.given, "received": r.received, "in_progress": r.in_progress, "points": r.grade.points,
             "max_points": r.grade.max_points, "final": r.grade.final, "source": r.grade.source, "flags": r.flags,
             "reports_made": r.reports_made} for r in api.progress(task)]
    detail = None
    if submission is not None:
        detail = engine(session, block, api.detail, submission)
        detail["name"] = name(detail["learner"])
        for item in detail["reviews"]:
            item["name"] = name(item["reviewer"])
        for item in detail["flags"]:
            item["name"] = name(item["flagger"])
    reviewers = peer_learning.reviewer_rows(task, block, session.lang, name)
    html = render_template("peer_review_staff.html", lang=session.lang, dom_id="plx-" + block.uid, block=block,
                           panel={"rows": rows, "reviewers": reviewers, "reports": report_rows(task, name)},
                           detail=detail,
                           report_url=f"{session.prefix}staff/{block.uid}/report")
    roster_html = render("lti/roster.html", session.lang, people=people, known=known, css="")
    return {"staff_html": html + roster_html, "message": translate(session.lang, message) if message else ""}


def staff_progress(session, block, data):
    require_staff(session)
    check_fields(data, {})
    return panel(session, block)


def staff_detail(session, block, data):
    require_staff(session)
    check_fields(data, {"submission": int}, required=("submission",))
    return panel(session, block, "", data["submission"])


def staff_override(session, block, data):
    require_staff(session)
    check_fields(data, {"submission": int, "levels": dict, "comment": str, "clear": bool}, required=("submission",))
    if data.get("clear"):
        engine(session, block, api.clear_override, data["submission"])
        return panel(session, block, _("The staff grade was removed."), data["submission"])
    engine(session, block, api.override_grade, session.learner, data["submission"], data.get("levels"),
           data.get("comment", ""))
    return panel(session, block, _("The staff grade was saved."), data["submission"])


def staff_moderate(session, block, data):
    require_staff(session)
    check_fields(data, {"submission": int, "review": int, "remove": bool}, required=("submission", "remove"))
    if "review" in data:
        engine(session, block, api.moderate_review, session.learner, data["review"], data["remove"])
    else:
        engine(session, block, api.moderate_submission, session.learner, data["submission"], data["remove"])
    return panel(session, block, _("Removed.") if data["remove"] else _("Restored."), data["submission"])


def staff_assign(session, block, data):
    """``{"submission", "reviewer"}``: the reviewer by name or platform user id, as the panel shows them."""
    require_staff(session)
    check_fields(data, {"submission": int, "reviewer": str}, required=("submission", "reviewer"))
    wanted = data["reviewer"].strip().casefold()
    people = roster(session)
    match = next((p for p in people if wanted in (p["name"].casefold(), p["sub"].casefold())), None)
    if match is None:
        raise InputError(_("There is nobody called {name} in this course."), field="staff", name=data["reviewer"][:60])
    engine(session, block, api.assign_reviewer, data["submission"], match["learner"])
    return panel(session, block, _("The reviewer was given this response."), data["submission"])


def staff_release(session, block, data):
    require_staff(session)
    check_fields(data, {"give": (int, type(None)), "receive": (int, type(None))}, required=("give", "receive"))
    engine(session, block, api.set_requirements, data["give"], data["receive"], None)
    return panel(session, block, _("The review requirements were changed."))


def regrading(action):
    """*action*, then every peer grade of the task that may have changed goes to the outbox."""
    def run(session, block, data):
        from . import scores

        answer = action(session, block, data)
        scores.peer_changed(session, block)
        return answer
    return run


STAFF_ACTIONS = {"staff_progress": staff_progress, "staff_detail": staff_detail, "staff_assign": staff_assign,
                 **{f.__name__: regrading(f) for f in (staff_override, staff_moderate, staff_release)}}


@require_GET
def report(request, token: str, uid: str) -> HttpResponse:
    """The progress table as CSV, with names, for staff only."""
    from .session import SessionEnded, find_session

    try:
        session = find_session(token)
    except SessionEnded as ended:
        return ended.page()
    block = session.target.block(uid)
    if not session.staff or not isinstance(block, PeerReview):
        return JsonResponse({"error": translate(session.lang, _("Only the course team can do this.")), "field": None},
                            status=403)
    response = HttpResponse(api.csv_report(scope(session, block), names(session, roster(session))),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="peer-review-report.csv"'
    return response
