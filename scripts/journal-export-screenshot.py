"""Write docs/images/journal-export.png: the first page of the journal's PDF export, for authors.

    PYTHONPATH=. python scripts/journal-export-screenshot.py [content/feedback-workload] [--lang en]

The page is the document WeasyPrint prints (plxblocks/journal/pdf.py: the printable export with the
embedded fonts), laid out by Chromium at A4 with print styles and photographed: Chromium cannot
show a PDF headless, and the HTML is what the PDF is made from. The entries are two reflections of
a shipped course with a learner's sample answers, one written in Welsh (ŵ, ŷ): the export shows
every title and prompt in the reader's language and the learner's text as written.
Needs plx[pdf] (the fonts' CSS) and Debian's Chromium, as the browser tests do.
"""
from __future__ import annotations

import argparse
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from playwright.sync_api import sync_playwright

from plxblocks.course.loader import load_course
from plxblocks.course.model import Reflection
from plxblocks.journal.export import export_html
from plxblocks.journal.pdf import _font_css

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images" / "journal-export.png"
A4_AT_96_DPI = {"width": 794, "height": 1123}
ANSWERS = (
    ("cy", "Yn y wers wyddoniaeth am gylchred y dŵr ddydd Mawrth, byddaf yn cerdded o gwmpas gyda'r cynllun "
           "seddi ac yn nodi pwy sydd angen help, yn lle marcio'r llyfrau wedyn.\n\nFel hyn ni fydd rhaid i mi "
           "fynd â'r llyfrau adref i'r tŷ bob nos Fawrth."),
    ("en", "I will stop writing a comment at the end of every homework. Instead I will read a sample of six "
           "books, note the common errors and start Monday's lesson with a five-minute re-teach.\n\n"
           "The time saved (about two hours a week) goes on planning questions for the live feedback."),
)


def sample_entries(course, standards=("pedagogy", "professional-learning")) -> list[SimpleNamespace]:
    found = [(module, unit, block) for module in course.modules for unit in module.units
             for block in unit.blocks if isinstance(block, Reflection)][:len(ANSWERS)]
    entries = []
    for (module, unit, block), (lang, text) in zip(found, ANSWERS, strict=True):
        texts = {one: {"course": course.title.get(one), "module": module.title.get(one),
                       "unit": unit.title.get(one), "prompt": block.prompt.source.get(one)} for one in course.languages}
        entries.append(SimpleNamespace(
            lang=lang, texts=texts, title=texts[lang]["unit"], course_title=texts[lang]["course"],
            module_title=texts[lang]["module"], prompt=texts[lang]["prompt"], course_key=course.id,
            block_uid=block.uid, text=text, standard_ids=list(standards),
            modified=datetime(2026, 11, 3 + len(entries), 16, 5, tzinfo=UTC)))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("course", nargs="?", default=str(ROOT / "content" / "feedback-workload"))
    parser.add_argument("--lang", default="en", choices=("en", "cy"))
    args = parser.parse_args()
    course = load_course(args.course).course
    html = export_html(sample_entries(course), args.lang, learner_name="Ceri Jones",
                       now=datetime(2026, 11, 20, 9, 30, tzinfo=UTC), styles=("journal.css",),
                       extra_css=_font_css())
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file = Path(folder) / "journal.html"
        page_file.write_text(html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport=A4_AT_96_DPI, device_scale_factor=1)
        page.emulate_media(media="print")
        page.goto(page_file.as_uri())
        # The PDF's page margins (journal.css @page: 18 mm 16 mm), which a screen page lacks.
        page.add_style_tag(content="body.plx-page { margin: 68px 60px; }")
        OUT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT), clip={"x": 0, "y": 0, **A4_AT_96_DPI})
        browser.close()
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
