"""What a learner is told about the waiting policy (issue 17.3), word for word in English and
Welsh, with the dates written the way each language writes them."""
from __future__ import annotations

import re
from datetime import date

import pytest

from plxblocks.course import load_course
from plxblocks.render.environment import render_block
from tests.conftest import DATA

YEAR = date.today().year  # a date this year is written without its year
DEADLINE, SELF_DUE = f"{YEAR}-03-14", f"{YEAR}-03-17"


@pytest.fixture(scope="module")
def task():
    course = load_course(DATA / "minimal").course
    return next(b for m in course.modules for u in m.units for b in u.blocks if b.kind == "peer_review")


def page(task, lang: str, wait: dict, **state) -> str:
    base = {"draft_key": "k", "staff": False, "given": 1, "required_to_give": 3, "required_to_receive": 3,
            "response": {"text": "t", "html": "<p>t</p>", "words": 1, "status": "submitted", "submitted_at": None,
                         "hidden": False},
            "current": None, "waiting": None, "received": None, "grade": None, "min_words": 0, "max_words": 100,
            "wait": {"received": 2, "required": 3, "deadline": DEADLINE, "self_due": None, "then": None,
                     "by": None, **wait},
            "released": False, "release_by": None, "notices": {"opted_out": False}}
    return render_block(task, lang=lang, dom_id="p", state={**base, **state}, template="peer_review_xblock.html")


def said(html: str, marker: str) -> str:
    found = re.search(rf"<p[^>]*{marker}[^>]*>(.*?)</p>", html, re.DOTALL)
    return " ".join(found[1].split()) if found else ""


CASES = [
    ({"phase": "waiting", "then": "staff"},
     "2 of 3 reviews received. If no more arrive by 14 March, your tutor will review it.",
     "Wedi cael 2 o 3 adolygiad. Os na ddaw rhagor erbyn 14 Mawrth, bydd eich tiwtor yn ei adolygu."),
    ({"phase": "waiting", "then": "fewer_peers"},
     "2 of 3 reviews received. If no more arrive by 14 March, your grade will be based on the 2 reviews you have.",
     "Wedi cael 2 o 3 adolygiad. Os na ddaw rhagor erbyn 14 Mawrth, bydd eich gradd yn seiliedig ar yr "
     "adolygiadau sydd gennych (2)."),
    # No review yet (issue 14.7): not "0 of 3 reviews received", not "if no more arrive".
    ({"phase": "waiting", "then": "self", "received": 0},
     "No reviews have arrived; the task asks for 3. If none arrive by 14 March, you will be asked to assess your "
     "response yourself, against the rubric.",
     "Nid oes adolygiad wedi cyrraedd; mae'r dasg yn gofyn am 3. Os na ddaw'r un erbyn 14 Mawrth, gofynnir i chi "
     "asesu eich ymateb eich hun yn erbyn y cyfarwyddyd sgorio."),
    ({"phase": "waiting", "then": "staff", "received": 0, "required": 1},
     "No review has arrived; the task asks for 1. If none arrive by 14 March, your tutor will review it.",
     "Nid oes adolygiad wedi cyrraedd; mae'r dasg yn gofyn am 1. Os na ddaw'r un erbyn 14 Mawrth, bydd eich "
     "tiwtor yn ei adolygu."),
    ({"phase": "waiting", "then": "self", "received": 1},
     "1 of 3 reviews received. If no more arrive by 14 March, you will be asked to assess your response "
     "yourself, against the rubric.",
     "Wedi cael 1 o 3 adolygiad. Os na ddaw rhagor erbyn 14 Mawrth, gofynnir i chi asesu eich ymateb eich hun "
     "yn erbyn y cyfarwyddyd sgorio."),
    ({"phase": "self", "received": 0, "self_due": SELF_DUE},
     "The review period ended on 14 March. No reviews have arrived; the task asks for 3. To complete the task, "
     "assess your own response against the rubric below. If you have not done so by 17 March, your tutor will "
     "review it.",
     "Daeth y cyfnod adolygu i ben ar 14 Mawrth. Nid oes adolygiad wedi cyrraedd; mae'r dasg yn gofyn am 3. I "
     "gwblhau'r dasg, aseswch eich ymateb eich hun yn erbyn y cyfarwyddyd sgorio isod. Os na fyddwch wedi gwneud "
     "hynny erbyn 17 Mawrth, bydd eich tiwtor yn ei adolygu."),
    ({"phase": "open", "received": 0},
     "No reviews have arrived; the task asks for 3.", "Nid oes adolygiad wedi cyrraedd; mae'r dasg yn gofyn am 3."),
    ({"phase": "staff", "received": 1},
     "The review period ended on 14 March. 1 of 3 reviews received. Your tutor will review your response.",
     "Daeth y cyfnod adolygu i ben ar 14 Mawrth. Wedi cael 1 o 3 adolygiad. Bydd eich tiwtor yn adolygu eich "
     "ymateb."),
    ({"phase": "complete", "by": "fewer_peers", "received": 1},
     "The review period ended on 14 March. Your grade is based on the 1 review you received.",
     "Daeth y cyfnod adolygu i ben ar 14 Mawrth. Mae eich gradd yn seiliedig ar yr 1 adolygiad a gawsoch."),
    ({"phase": "complete", "by": "self", "received": 0},
     "The review period ended on 14 March. Your grade comes from your self-review.",
     "Daeth y cyfnod adolygu i ben ar 14 Mawrth. Daw eich gradd o'ch hunanadolygiad."),
    ({"phase": "complete", "by": "staff"}, "Your tutor graded your response.",
     "Mae eich tiwtor wedi graddio eich ymateb."),
    ({"phase": "open", "received": 1}, "1 of 3 reviews received.", "Wedi cael 1 o 3 adolygiad."),
]


@pytest.mark.parametrize(("wait", "english", "welsh"), CASES, ids=[c[0]["phase"] + "-" + str(c[0].get("then") or
                                                                                         c[0].get("by")) + "-"
                                                                                     + str(c[0].get("received", 2))
                                                                                     for c in CASES])
def test_the_learner_is_told_where_their_response_stands(task, wait, english, welsh):
    assert said(page(task, "en", wait), "data-plx-wait") == english
    assert said(page(task, "cy", wait), "data-plx-wait") == welsh


def test_a_full_set_of_peer_reviews_needs_no_waiting_message(task):
    assert said(page(task, "en", {"phase": "complete", "by": "peers", "received": 3}), "data-plx-wait") == ""


def test_the_self_step_shows_a_rubric_form_and_nothing_else_does(task):
    assert 'data-plx-action="peer-self-review"' in page(task, "cy", {"phase": "self", "received": 0})
    assert 'data-plx-action="peer-self-review"' not in page(task, "en", {"phase": "staff"})


def test_release_from_the_quota_is_explained(task):
    waiting = page(task, "en", {"phase": "waiting", "then": "staff"}, release_by=DEADLINE)
    assert said(waiting, "data-plx-release-by") == ("If nothing is left for you to review by 14 March, you will not "
                                                    "need to give the rest.")
    welsh = page(task, "cy", {"phase": "complete", "by": "fewer_peers"}, released=True)
    assert said(welsh, "data-plx-released") == ("Rydych chi wedi adolygu pob ymateb oedd ar gael, felly nid oes angen "
                                                "i chi roi'r gweddill.")


def test_the_opt_out_link_says_what_it_does(task):
    on = page(task, "en", {"phase": "open"})
    assert 'value="off">Stop email reminders</button>' in on
    off = page(task, "cy", {"phase": "open"}, notices={"opted_out": True})
    assert 'value="on">Anfon nodiadau atgoffa e-bost ataf</button>' in off


QUEUE = [
    # A learner alone: nobody else's response, their own first in the queue.
    ({"ahead": 0, "waiting": 0, "queued": True},
     "There is nothing for you to review right now. No colleague has a response waiting for review yet. Yours is "
     "first in the review queue: the next colleague to review will be given it. New responses arrive as "
     "colleagues submit: check again later.",
     "Does dim byd i chi ei adolygu ar hyn o bryd. Nid oes gan yr un cydweithiwr ymateb yn aros am adolygiad eto. Eich "
     "un chi yw'r cyntaf yn y ciw adolygu: bydd yn cael ei roi i'r cydweithiwr nesaf sy'n adolygu. Mae ymatebion "
     "newydd yn cyrraedd wrth i gydweithwyr gyflwyno: gwiriwch eto yn nes ymlaen."),
    ({"ahead": 1, "waiting": 1, "queued": True},
     "There is nothing for you to review right now. 1 other response still needs reviews, but you have reviewed "
     "it already or a colleague is reviewing it now. 1 response is ahead of yours in the review queue. New "
     "responses arrive as colleagues submit: check again later.",
     "Does dim byd i chi ei adolygu ar hyn o bryd. Mae angen adolygiadau o hyd ar 1 ymateb arall, ond rydych chi "
     "eisoes wedi'i adolygu neu mae cydweithiwr yn ei adolygu nawr. 1 ymateb o flaen eich un chi yn y ciw "
     "adolygu. Mae ymatebion newydd yn cyrraedd wrth i gydweithwyr gyflwyno: gwiriwch eto yn nes ymlaen."),
    # Their own response has all its reviews (or they have none): nothing said of a place in the queue.
    ({"ahead": 0, "waiting": 2, "queued": False},
     "There is nothing for you to review right now. 2 other responses still need reviews, but you have reviewed "
     "them already or colleagues are reviewing them now. New responses arrive as colleagues submit: check again "
     "later.",
     "Does dim byd i chi ei adolygu ar hyn o bryd. Mae angen adolygiadau o hyd ar 2 ymateb arall, ond rydych chi "
     "eisoes wedi'u hadolygu neu mae cydweithwyr yn eu hadolygu nawr. Mae ymatebion newydd yn cyrraedd wrth i "
     "gydweithwyr gyflwyno: gwiriwch eto yn nes ymlaen."),
]


@pytest.mark.parametrize(("waiting", "english", "welsh"), QUEUE, ids=["alone", "one-ahead", "not-queued"])
def test_nothing_to_review_is_explained_honestly(task, waiting, english, welsh):
    for lang, expected in (("en", english), ("cy", welsh)):
        text = said(page(task, lang, {"phase": "open"}, waiting=waiting), "data-plx-waiting")
        assert text == expected
        assert "0 responses" not in text and "0 ymateb" not in text
