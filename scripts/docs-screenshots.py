"""Write the pictures in docs/images/ that the guides show authors, from a shipped course.

    PYTHONPATH=. python scripts/docs-screenshots.py [--only NAME ...]      (or: make screenshots)

What a learner sees, photographed by Debian's Chromium through Playwright:

- unit.png, unit-phone.png: a prose unit in the XBlock SDK workbench, which renders the plx blocks
  as Open edX does, 1280 px wide and on a 390x844 phone;
- check.png: a knowledge check after a wrong answer, with that option's feedback;
- peer-grade.png: the grade view of a learner whose three colleagues reviewed her response (the
  peer service is seeded through plxblocks.peer.api, in the workbench's own database);
- journal-export.png: the first page of the journal's PDF, made by WeasyPrint as the
  ``export_journal`` handler makes it, drawn as a picture by pdftoppm.

Each run starts an empty workbench in a temporary folder, so it can be run again whenever a
template or the stylesheet changes, and the pictures show the code of the moment.
Needs plx[pdf] (WeasyPrint), Chromium and pdftoppm (poppler-utils); ``make screenshots`` installs them.
"""
from __future__ import annotations

import argparse
import contextlib
import html
import io
import re
import subprocess
import tempfile
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
COURSE = ROOT / "content" / "feedback-workload"
CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_BYTES = 250_000
"""Each picture's budget: the guides are read in a browser and in a git checkout."""
MARGIN = 16
"""White space kept around a block that is photographed on its own."""
SDK_CHROME = "header.banner, section.debug { display: none !important; } .vertical { border: 0 !important; }"
"""The workbench's own page title (a fixed bar over the blocks), its debug tables and the unit's
frame: none of them is on a learner's page in Open edX, where the blocks sit in the courseware."""

UNIT = "Feedback as a cycle"
CHECK = (UNIT, "which-question")
PEER_TASK = ("Final task: redesign one feedback routine", "redesign-a-routine")
LEARNER = "ceri"
COLLEAGUES = ("alun", "bethan", "dafydd")
LEARNER_MARK = "Year 8 English"
"""Words in LEARNER's response and in no colleague's: how a reviewer's assignment is told to be hers."""

# ------------------------------------------------------------------ texts (original, made up)
CERI_PLAN = """\
**1. The class and the routine now.** Year 8 English, 28 learners. After every extended piece of
writing, about once a fortnight, I write a comment and a target in each book. It takes me about
three and a half hours each time, and many learners look only at the mark.

**2. The redesigned routine.** I will read the books without writing in them and note, on one
sheet, three strengths, three common errors and two model sentences. The next lesson starts with
ten minutes of whole-class feedback from that sheet. Learners then spend twenty minutes redrafting
one paragraph in green pen against a short checklist, and swap with a partner to check one point.
I walk round and talk first to the learners I noted as needing help.

**3. Impact on learning.** The sheet answers "where to next?" for the whole class at once, and
learners act on it in lesson time, which the EEF guidance says matters more than how much is
written. Redrafting against a checklist is feedback about the process, not only the task.

**4. Workload.** Reading and noting takes about an hour and a quarter for a class set, against three
and a half hours now; the slide takes fifteen minutes. That saves about two hours a fortnight for
this class alone.

**5. Learners' role.** Learners judge their own paragraph against the checklist and check one
point for a partner. I will model the checklist under the visualiser for the first three weeks,
then hand it over. Learners who need it get a two-point checklist with sentence starters.

**6. Evidence and evaluation.** I will compare redrafted paragraphs from weeks one and six, ask six
learners what they changed and why, and log the time I spend. At half term I will decide with my
head of department whether to keep the routine, change it or stop it.
"""
COLLEAGUE_PLAN = """\
**1. The class and the routine now.** A mixed Year 3 and 4 class of {size} learners, mathematics. I
tick every answer and write a next step in each book every day, which takes about forty minutes
each evening, and the next steps are rarely read.

**2. The redesigned routine.** Learners will mark their own practice questions from an answer card
at the end of the lesson and circle the ones they got wrong. I will look through the books in the
lesson itself, sort them into three piles and plan the next day's starter from the piles: a
re-teach group with me, a practice group and a challenge group.

**3. Impact on learning.** The starter responds to what the class actually got wrong, the next day,
which is feedback about the task that moves learning on quickly. Circling errors also shows me
which questions need a different explanation, not just more practice. Because learners see their
own errors straight away, they can ask about them while the method is still fresh in their minds.

**4. Workload.** Sorting the books takes about ten minutes in the lesson and planning the starter
fifteen minutes, against forty minutes each evening now: roughly two hours saved each week.

**5. Learners' role.** Learners check their own answers and decide which group they think they
belong in before I confirm it. I will teach the answer-card routine step by step for two weeks,
with a visual prompt, and an adult will support the learners who find self-checking hard.

**6. Evidence and evaluation.** I will compare the end-of-unit quiz with the same unit last year,
note each week how long the sorting takes, and ask the learners which part helps them most. I will
review it with my year partner after six weeks and decide together whether to keep, change or stop it.
"""
RECEIVED = {
    "alun": ({"impact": 3, "workload": 2, "learners-role": 2, "evaluation": 2},
             {"impact": "Linking the redraft to feedback about the process is convincing, and talking first to the "
                        "learners you noted catches the ones who would otherwise stall.",
              "workload": "The estimate is believable. Say what the two hours go on, or they will fill up again."},
             "A plan I could try tomorrow with my own Year 9s."),
    "bethan": ({"impact": 2, "workload": 3, "learners-role": 2, "evaluation": 1},
               {"learners-role": "Partner checking is a good start. After a few weeks the learners could write the "
                                 "checklist themselves from the model sentences.",
                "evaluation": "Six learners is a small sample: could you compare with a class that keeps the old "
                              "routine for a term?"},
               "Clear and realistic. I would add a decision point for what happens if the redrafts do not improve."),
    "dafydd": ({"impact": 2, "workload": 2, "learners-role": 3, "evaluation": 2},
               {"learners-role": "Modelling under the visualiser and then handing over is exactly the gradual "
                                 "release the course describes; the two-point checklist is a thoughtful adaptation."},
               # The task asks every review for an overall comment (overall_comment defaults to required).
               "Well paced. Start the redrafting in the same lesson, while the feedback is fresh."),
}
GIVEN = ({"impact": 2, "workload": 2, "learners-role": 2, "evaluation": 1},
         {"evaluation": "Say when you will look at the quiz results, and what result would make you change course."},
         "A clear routine that gives learners a real job to do.")
JOURNAL_ANSWERS = (
    ("cy", "Yn y wers wyddoniaeth am gylchred y dŵr ddydd Mawrth, byddaf yn cerdded o gwmpas gyda'r cynllun "
           "seddi ac yn nodi pwy sydd angen help, yn lle marcio'r llyfrau wedyn.\n\nFel hyn ni fydd rhaid i mi "
           "fynd â'r llyfrau adref i'r tŷ bob nos Fawrth."),
    ("en", "I will stop writing a comment at the end of every homework. Instead I will read a sample of six "
           "books, note the common errors and start Monday's lesson with a five-minute re-teach.\n\n"
           "The time saved (about two hours a week) goes on planning questions for the live feedback."),
)
EXPORTED_ON = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


# ------------------------------------------------------------------ saving pictures
def save_png(raw: bytes, name: str) -> Path:
    """Write *raw* (a PNG) as docs/images/<name>.png in at most 256 colours: screenshots of text
    keep their look and shrink to a third. Refuses a picture over the budget."""
    from PIL import Image

    picture = Image.open(io.BytesIO(raw)).convert("RGB")
    # No dithering: it would speckle the flat backgrounds and the edges of letters.
    small = picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    if buffer.tell() > MAX_BYTES:
        raise SystemExit(f"{name}.png would be {buffer.tell():,} bytes, over the {MAX_BYTES:,} budget: crop it")
    path = IMAGES / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes, {small.width}x{small.height})")
    return path


def around(page, locator, max_height: int | None = None) -> bytes:
    """A screenshot of the page around *locator*, with a margin, at most *max_height* px tall."""
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    top = max(0.0, box["y"] - MARGIN)
    height = box["height"] + 2 * MARGIN if max_height is None else min(max_height, box["height"] + 2 * MARGIN)
    left = max(0.0, box["x"] - MARGIN)
    clip = {"x": left, "y": top, "width": min(width - left, box["width"] + 2 * MARGIN), "height": height}
    return page.screenshot(clip=clip, full_page=True)


# ------------------------------------------------------------------ the workbench
def scenario_path(index_html: str, kind: str, title: str, block: str = "") -> str:
    """The workbench path of the *kind* scenario (``plx_lesson``, ``plx_check``...) of the unit
    called *title* (and of its *block*), from the workbench's list of scenarios."""
    wanted = f"› {title}: {block}" if block else f"› {title}"
    for path, text in re.findall(rf'<a href="(/scenario/{re.escape(kind)}\.\d+/)">([^<]+)</a>', index_html):
        if html.unescape(text).strip().endswith(wanted):
            return path
    raise SystemExit(f"the workbench offers no {kind} scenario ending {wanted!r}: did the course change?")


@dataclass
class Workbench:
    base: str
    index: str
    browser: object
    errors: list = field(default_factory=list)
    """JavaScript errors of the pages opened: a picture of a broken page is not made (see main)."""

    def open(self, kind: str, title: str, student: str, viewport: dict, block: str = ""):
        """A new page of *student*'s at the scenario, with its blocks loaded."""
        page = self.browser.new_page(viewport=viewport, device_scale_factor=1)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(f"{self.base}{scenario_path(self.index, kind, title, block)}?student={student}")
        page.wait_for_selector("[data-plx-kind]")
        page.wait_for_load_state("networkidle")
        page.add_style_tag(content=SDK_CHROME)
        return page


@contextlib.contextmanager
def running(folder: Path) -> Iterator[str]:
    """Django in this process and a workbench server on one SQLite database in *folder*, so what
    this process writes through plxblocks.peer.api is what the server's learners see."""
    from plxblocks.workbench.testing import configure_in_process, running_workbench

    configure_in_process(folder, [COURSE])  # migrates: the server then finds the tables made
    with running_workbench([COURSE], folder / "data", extra_env={"PLX_DB": str(folder / "db.sqlite3")}) as base:
        yield base


def course_block(title: str, block_id: str):
    """The shipped course and its block *block_id* of the unit called *title*."""
    from plxblocks.course.loader import load_course

    course = load_course(COURSE).course
    return course, next(block for module in course.modules for part in module.units if part.title.en == title
                        for block in part.blocks if block.id == block_id)


# ------------------------------------------------------------------ the pictures
def unit(bench: Workbench) -> None:
    """The unit's reading from its top down to the end of its first picture (the feedback cycle)."""
    page = bench.open("plx_lesson", UNIT, "reader", DESKTOP)
    lesson = page.locator("[data-plx-kind=prose]").first
    top, picture = lesson.bounding_box(), lesson.locator("img").first.bounding_box()
    save_png(around(page, lesson, max_height=picture["y"] + picture["height"] - top["y"] + 2 * MARGIN), "unit")


def unit_phone(bench: Workbench) -> None:
    page = bench.open("plx_lesson", UNIT, "reader", PHONE)
    page.locator("[data-plx-kind=prose]").first.evaluate(f"el => window.scrollTo(0, el.offsetTop - {MARGIN})")
    save_png(page.screenshot(), "unit-phone")


def check(bench: Workbench) -> None:
    title, check_id = CHECK
    _course, block = course_block(title, check_id)
    wrong = next(option.id for option in block.options if not option.correct)
    page = bench.open("plx_check", title, "checker", DESKTOP, block=check_id)
    found = page.locator("[data-plx-kind=check]")
    found.locator(f"[data-plx-option={wrong}] input").check()
    found.get_by_role("button", name="Submit").click()
    found.locator(f"[data-plx-feedback={wrong}]").wait_for()
    found.locator("[data-plx-status]").filter(has_text="Not quite").wait_for()
    save_png(around(page, found), "check")


def peer_grade(bench: Workbench) -> None:
    """Step 3 of the task, the section around the grade: what another helper may restyle, so it
    is found by the ``data-plx-grade`` the tests use rather than by its heading's words."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    title, task = PEER_TASK
    page = bench.open("plx_peer_review", title, LEARNER, DESKTOP, block=task)
    usage = page.locator("[data-usage]").first.get_attribute("data-usage")
    seed_reviews(usage)
    page.reload()
    grade = page.locator("[data-plx-grade]")
    try:
        grade.wait_for(timeout=15_000)
    except PlaywrightTimeout:
        # The block read another task than the one seeded (its course key or usage id changed).
        raise SystemExit("peer-grade: the seeded learner's page shows no grade") from None
    save_png(around(page, grade.locator("xpath=ancestor::section[1]")), "peer-grade")


def seed_reviews(usage: str) -> None:
    """LEARNER and three colleagues submit the task, and each reviews the other three, through the
    peer service as the block calls it; LEARNER marks her first review as helpful."""
    from plxblocks.olx.blocks import course_key
    from plxblocks.peer import api

    course, block = course_block(*PEER_TASK)
    scope = api.Scope(course_key(course), usage, api.Rules.from_block(block), content_uid=block.uid)
    api.submit(scope, LEARNER, CERI_PLAN)
    for size, colleague in zip((24, 27, 30), COLLEAGUES, strict=True):
        api.submit(scope, colleague, COLLEAGUE_PLAN.format(size=size))
    for reviewer in (*COLLEAGUES, LEARNER):
        for _ in range(block.reviews_to_give):
            given = api.next_submission(scope, reviewer)
            levels, comments, overall = RECEIVED[reviewer] if LEARNER_MARK in given.html else GIVEN
            api.submit_review(scope, reviewer, given.token, levels, comments, overall)
    first = api.learner_state(scope, LEARNER).received.reviews[0]
    api.rate_review(scope, LEARNER, first.token, True)


def sample_entries(course, standards=("pedagogy", "professional-learning")) -> list[SimpleNamespace]:
    """Two journal entries of *course*'s first reflections, one written in Welsh (ŵ, ŷ), shaped as
    the journal store hands them to the export."""
    from plxblocks.course.model import Reflection

    found = [(module, part, block) for module in course.modules for part in module.units
             for block in part.blocks if isinstance(block, Reflection)][:len(JOURNAL_ANSWERS)]
    entries = []
    for (module, part, block), (lang, text) in zip(found, JOURNAL_ANSWERS, strict=True):
        texts = {one: {"course": course.title.get(one), "module": module.title.get(one),
                       "unit": part.title.get(one), "prompt": block.prompt.source.get(one)} for one in course.languages}
        entries.append(SimpleNamespace(
            lang=lang, texts=texts, title=texts[lang]["unit"], course_title=texts[lang]["course"],
            module_title=texts[lang]["module"], prompt=texts[lang]["prompt"], course_key=course.id,
            block_uid=block.uid, text=text, standard_ids=list(standards),
            modified=datetime(2026, 11, 3 + len(entries), 16, 5, tzinfo=UTC)))
    return entries


def journal_export(_bench: Workbench | None = None) -> None:
    """The PDF's first page at 96 dpi (A4 is then 794 x 1123 px), drawn by pdftoppm."""
    from plxblocks.course.loader import load_course
    from plxblocks.journal.pdf import export_pdf

    pdf = export_pdf(sample_entries(load_course(COURSE).course), "en", learner_name="Ceri Jones", now=EXPORTED_ON)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "journal.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "96", "-f", "1", "-l", "1", "-singlefile", str(source),
                        str(Path(folder) / "page")], check=True)
        save_png((Path(folder) / "page.png").read_bytes(), "journal-export")


SHOTS: dict[str, tuple[Callable, bool]] = {
    "unit": (unit, True), "unit-phone": (unit_phone, True), "check": (check, True),
    "peer-grade": (peer_grade, True), "journal-export": (journal_export, False),
}
"""Each picture's name (docs/images/<name>.png), the function that makes it and whether it needs the workbench."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=sorted(SHOTS), help="make only these pictures")
    names = parser.parse_args().only or list(SHOTS)
    for name in names:
        if not SHOTS[name][1]:
            SHOTS[name][0](None)
    served = [name for name in names if SHOTS[name][1]]
    if not served:
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, running(Path(folder)) as base, sync_playwright() as playwright:
        with urllib.request.urlopen(base + "/") as answer:
            index = answer.read().decode("utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        bench = Workbench(base, index, browser)
        for name in served:
            SHOTS[name][0](bench)
            if bench.errors:
                raise SystemExit(f"{name}: JavaScript errors on the page: {bench.errors}")
        browser.close()


if __name__ == "__main__":
    main()
