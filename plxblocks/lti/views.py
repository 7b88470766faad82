"""The learner's pages and the JSON calls behind them: the LTI backend of the shared behaviour.

A page is a unit of the launched target, each block rendered by ``render_block`` with the
learner's state, the shared behaviour JS, and ``plx-lti.js``, whose backend posts to
``/lti/s/<token>/api/<block uid>/<handler>``. Handlers answer as the XBlock handlers do (the
backend interface in docs/architecture.md): the state, or ``{"error", "field"}`` with a 4xx.
"""
from __future__ import annotations

import functools
import mimetypes
from pathlib import Path
from urllib.parse import urlencode

from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from ..blocks.api import InputError, check_fields, parse_json_object, request_body
from ..blocks.journal import base_revision, checked_entry, conflict_error, entry_state, entry_texts
from ..course.model import Check, PeerReview, Prose, Reflection
from ..course.standards import STANDARDS
from ..i18n import _, translate
from ..journal import store
from ..render import progress
from ..render.environment import CONTENTS_JS, render_block, shared_js, static_text
from . import checks, peer, scores, staff
from .models import BlockState
from .pages import page
from .progress import completed_units
from .session import Session, SessionEnded, find_session

MAX_BODY = 512 * 1024
PEER_TEMPLATE = "peer_review_xblock.html"
BACKEND_JS = Path(__file__).resolve().parent / "static" / "plx-lti.js"


def with_session(view):
    """Find the session of the token in the address; an ended one gets a page (or a JSON 401)."""

    @functools.wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            session = find_session(token)
        except SessionEnded as ended:
            if request.method == "POST":
                return JsonResponse({"error": translate(ended.lang, _("Your session has ended. Open the activity "
                                                                       "again from your course page.")),
                                     "field": None}, status=401)
            return ended.page()
        return view(request, session, *args, **kwargs)

    return wrapper


# ------------------------------------------------------------------------------------ state
def dom_id(block) -> str:
    return "plx-" + block.uid


def block_record(session: Session, block, lock: bool = False) -> tuple[BlockState | None, dict]:
    rows = BlockState.objects.filter(course_key=session.course_key, learner=session.learner, block_uid=block.uid)
    if lock:
        row, _created = BlockState.objects.get_or_create(course_key=session.course_key, learner=session.learner,
                                                         block_uid=block.uid)
        row = BlockState.objects.select_for_update().get(pk=row.pk)
        return row, dict(row.data)
    row = rows.first()
    return row, dict(row.data) if row else {}


def journal_state(session: Session, block: Reflection, entry=None) -> dict:
    entry = entry or store.get_entry(session.learner, session.course_key, block.uid)
    state = {"draft_key": peer.draft_key(session, block), "saved_at": None, "word_count": 0, "complete": False,
             "revision": 0}
    if entry is not None:
        state.update(entry_state(entry, block.min_words))
    return state


def block_state(session: Session, block, lang: str) -> dict:
    if isinstance(block, Check):
        return checks.check_state(block, block_record(session, block)[1], lang, session.learner)
    if isinstance(block, Reflection):
        return journal_state(session, block)
    if isinstance(block, PeerReview):
        state = peer.peer_state(session, block)
        scores.peer_seen(session, block, state)
        return state
    return {"viewed": bool(block_record(session, block)[1].get("viewed"))}


def unit_address(session: Session, unit) -> str:
    return f"{session.prefix}unit/{session.target.module_of(unit).id}/{unit.id}/"


def journal_links(session: Session, standard: str = "", back: str = "") -> dict:
    """The "My journal" page (opened from *back*, a unit's address) and its exports (PDF where
    WeasyPrint is installed). The way back is in the link: the tool's pages send no Referer
    (``Referrer-Policy: no-referrer``, their addresses carry the session token)."""
    from ..journal.pdf import pdf_available

    formats = ("md", "html", "pdf") if pdf_available() else ("md", "html")
    query = f"&{urlencode({'standard': standard})}" if standard else ""
    return {"journal": session.prefix + "journal/" + (f"?{urlencode({'back': back})}" if back else ""),
            **{f"export_{fmt}": f"{session.prefix}journal/export?format={fmt}{query}" for fmt in formats}}


def render(session: Session, block, lang: str, state: dict | None = None) -> str:
    unit = next((u for u in session.target.units if block in u.blocks), None)
    return render_block(block, lang=lang, dom_id=dom_id(block),
                        state=block_state(session, block, lang) if state is None else state,
                        languages=session.course.languages, media_url=f"/lti/media/{session.course.id}/",
                        links=journal_links(session, back=unit_address(session, unit) if unit else ""),
                        template=PEER_TEMPLATE if isinstance(block, PeerReview) else None, runtime="lti",
                        draft_notice=session.course.welsh_is_draft and _opens_its_page(session, block))


def _opens_its_page(session: Session, block) -> bool:
    """Whether *block* comes first on its unit's page, where the Welsh-draft notice goes. The notice
    is in the block, not the page, so that it follows the block's language switch."""
    return any(unit.blocks[0] is block for unit in session.target.units)


# ------------------------------------------------------------------------------------- pages
@require_GET
@with_session
def home(request, session: Session) -> HttpResponse:
    """The first unit of the target."""
    return unit_page(session, session.target.units[0])


@require_GET
@with_session
def unit(request, session: Session, module_id: str, unit_id: str) -> HttpResponse:
    found = session.target.unit_by_id(module_id, unit_id)
    if found is None:
        raise Http404
    return unit_page(session, found)


def unit_page(session: Session, current) -> HttpResponse:
    lang = session.lang
    units = session.target.units
    index = units.index(current)

    def address(u):
        return unit_address(session, u)

    done = completed_units(session) if len(units) > 1 else set()
    modules = session.target.modules
    module = session.target.module_of(current)
    nav = [{"title": m.title, "units": [{"title": u.title, "url": address(u), "current": u is current,
                                         "done": u.uid in done} for u in m.units if u in units]} for m in modules]
    place = {"unit": (index + 1, len(units)),
             "module": (modules.index(module) + 1, len(modules)) if len(modules) > 1 else None}
    # The module's introduction opens its first unit (in the target: a launched unit is its own).
    intro = module if current is next(u for u in module.units if u in units) else None
    return page("lti/unit.html", lang, session=session, target=session.target, unit=current, nav=nav,
                place=place, intro=intro, duration=progress.estimated_time(lang, module.estimated_minutes),
                blocks=[render(session, b, lang) for b in current.blocks],
                previous=address(units[index - 1]) if index else None,
                next=address(units[index + 1]) + "#plx-unit-title" if index + 1 < len(units) else None,
                api=session.prefix + "api/", js="\n".join((shared_js(), static_text(f"js/{CONTENTS_JS}"),
                                                          BACKEND_JS.read_text(encoding="utf-8"))))


# -------------------------------------------------------------------------------- JSON calls
def json_error(error: InputError, lang: str) -> JsonResponse:
    return JsonResponse(error.payload(lang), status=error.status)


@csrf_exempt  # the session token in the address is the credential; no cookie is involved
@require_POST
@with_session
def call(request, session: Session, uid: str, handler: str) -> JsonResponse:
    """``POST api/<block uid>/<handler>`` with a JSON object: the handler's answer, or a JSON error."""
    try:
        body = request_body(request)  # over Django's limit: a JSON 413 too, not its HTML 400
        if len(body) > MAX_BODY:
            raise InputError(_("The request is too large."), status=413)
        data = parse_json_object(body)
        block = session.target.block(uid)
        action = HANDLERS.get(handler)
        if block is None or action is None or (action.kinds and not isinstance(block, action.kinds)):
            raise InputError(_("There is no such block or action here."), status=404)
        with scores.collecting(session) as changes:
            answer = action.run(session, block, data)
        changes.send()
        return JsonResponse(answer)
    except InputError as error:
        return json_error(error, session.lang)


class Handler:
    """A JSON handler for the block kinds in *kinds* (empty: every kind)."""

    def __init__(self, run, *kinds) -> None:
        self.run, self.kinds = run, kinds


def submit_answer(session, block: Check, data: dict) -> dict:
    with transaction.atomic():
        row, record = block_record(session, block, lock=True)
        record = checks.answer(block, record, data)
        row.data = record
        row.save(update_fields=["data", "updated"])
    scores.checks_changed(session, block)
    return checks.check_state(block, record, session.lang, session.learner)


def show_answer(session, block: Check, data: dict) -> dict:
    with transaction.atomic():
        row, record = block_record(session, block, lock=True)
        record = checks.reveal(block, record, data)
        row.data = record
        row.save(update_fields=["data", "updated"])
    return checks.check_state(block, record, session.lang, session.learner)


def mark_viewed(session, block, data: dict) -> dict:
    check_fields(data, {})
    BlockState.objects.update_or_create(course_key=session.course_key, learner=session.learner,
                                        block_uid=block.uid, defaults={"data": {"viewed": True}})
    return {"viewed": True}


def save_entry(session, block: Reflection, data: dict) -> dict:
    text, standards, lang, words = checked_entry(data, block.max_words, session.lang)
    course = session.course
    module, unit = next((m, u) for m in course.modules for u in m.units if block in u.blocks)
    texts = {one: entry_texts(course.title.get(one), module.title.get(one), unit.title.get(one),
                              block.prompt.source.get(one)) for one in course.languages}
    try:
        entry = store.save_entry(session.learner, session.course_key, block.uid, store.EntryData(
            block_uid=block.uid, lang=lang, course_title=course.title.get(lang)[:255],
            title=unit.title.get(lang)[:255], module_title=module.title.get(lang)[:255],
            prompt=block.prompt.source.get(lang), text=text, standards=tuple(standards), word_count=words,
            texts=texts),
            base_revision(data))
    except store.EditConflict as conflict:
        raise conflict_error(conflict, block.min_words) from None
    return journal_state(session, block, entry)


def load_state(session, block, data: dict) -> dict:
    check_fields(data, {})
    return block_state(session, block, session.lang)


def switch_language(session, block, data: dict) -> dict:
    check_fields(data, {"lang": str}, required=("lang",))
    if data["lang"] not in session.course.languages:
        raise InputError(_("This block is not available in the language {lang}."), field="lang",
                         lang=data["lang"][:10])
    session.set_language(data["lang"])
    return {"html": render(session, block, data["lang"])}


def peer_action(name):
    def run(session, block: PeerReview, data: dict) -> dict:
        waiting = None
        if name == "peer_next":
            message, waiting = peer.next_review(session, block, data)
        else:
            message = peer.LEARNER_ACTIONS[name](session, block, data)
        if name in GRADE_CHANGING:
            scores.peer_changed(session, block)
        state = peer.peer_state(session, block, waiting)
        return {"html": render(session, block, session.lang, state), "message": translate(session.lang, message)}
    return run


GRADE_CHANGING = ("peer_review", "peer_flag", "peer_rate", "peer_self_review")
"""Learner actions after which someone's peer grade may have changed (staff actions are in staff.py)."""

HANDLERS = {
    "submit_answer": Handler(submit_answer, Check), "show_answer": Handler(show_answer, Check),
    "mark_viewed": Handler(mark_viewed, Prose), "save_entry": Handler(save_entry, Reflection),
    "load_state": Handler(load_state), "switch_language": Handler(switch_language),
    **{name: Handler(peer_action(name), PeerReview)
       for name in ("peer_save_draft", "peer_submit", "peer_next", "peer_review", "peer_rate", "peer_flag",
                    "peer_calibrate", "peer_dry_run", "peer_self_review", "peer_notices")},
    **{name: Handler(action, PeerReview) for name, action in staff.STAFF_ACTIONS.items()},
}


# ----------------------------------------------------------------------------------- journal
@require_GET
@with_session
def journal(request, session: Session) -> HttpResponse:
    """"My journal": the learner's entries in every course of this platform deployment, with the
    way back to the unit it was opened from (same origin only: journal/back.py)."""
    from ..journal.back import back_link
    from ..journal.export import export_html

    standard = _standard(request)
    page = session.prefix + "journal/"
    back = back_link((request.GET.get("back", ""), request.META.get("HTTP_REFERER", "")), host=request.get_host(),
                     journal_path=page)
    links = {**journal_links(session, standard), "self": page, "query": {"back": back} if back else {}, "back": back}
    html = export_html(store.learner_entries(session.learner, standard), session.lang, standard=standard,
                       links=links, privacy="lti", welsh_draft=session.course.welsh_is_draft)
    return HttpResponse(html, content_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})


@require_GET
@with_session
def journal_export(request, session: Session) -> HttpResponse:
    from ..journal.export import EXPORT_FORMATS, journal_file

    standard = _standard(request)
    fmt = request.GET.get("format", "md")
    if fmt not in EXPORT_FORMATS:
        raise Http404
    exported = journal_file(store.learner_entries(session.learner, standard), session.lang, fmt, standard)
    if exported is None:
        raise Http404  # PDF export is not installed (plx[pdf])
    return HttpResponse(exported.body, content_type=exported.content_type,
                        headers={"Content-Disposition": exported.disposition, "Cache-Control": "no-store"})


def _standard(request) -> str:
    standard = request.GET.get("standard", "")
    if standard and standard not in STANDARDS:
        raise Http404
    return standard


# ------------------------------------------------------------------------------------- media
@require_GET
def media(request, course_id: str, path: str) -> FileResponse:
    """A file of a course's ``media/`` folder; nothing outside it (no ``..``, no symlink out)."""
    from .content import courses

    course = courses().get(course_id)
    if course is None:
        raise Http404
    root = course.media_dir.resolve()
    file = (root / path).resolve()
    if not file.is_relative_to(root) or not file.is_file():
        raise Http404
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return FileResponse(file.open("rb"), content_type=kind)
