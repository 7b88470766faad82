"""Generate a synthetic course of N units in the content format, for load and build benchmarks.

Each unit has a prose block (about 150 words per language, with a heading and an image), a
knowledge check, and every fourth unit a reflection; 20 units per module. Output is
deterministic. ``python -m benchmarks.generate_course 1000 /tmp/course-1000``
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

UNITS_PER_MODULE = 20
PARAGRAPH_EN = ("Feedback is information about where a learner is, where they are going and what to do "
                "next. It works when learners act on it, so plan time in the lesson for them to use it. ")
PARAGRAPH_CY = ("Gwybodaeth yw adborth am ble mae dysgwr, i ble mae'n mynd a beth i'w wneud nesaf. Mae'n "
                "gweithio pan fydd dysgwyr yn gweithredu arno, felly cynlluniwch amser yn y wers iddynt "
                "ei ddefnyddio. ")
PNG_1X1 = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478da63"
                        "f8ff000000ffff0300000501027a6f1b2b0000000049454e44ae426082")


def generate(units: int, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    (target / "media").mkdir(parents=True)
    (target / "media" / "figure.png").write_bytes(PNG_1X1)
    modules = [f"module-{m:04d}" for m in range((units + UNITS_PER_MODULE - 1) // UNITS_PER_MODULE)]
    (target / "course.yaml").write_text(
        "id: generated\norg: PLXBench\nnumber: GEN1\nrun: '2026'\n"
        "title: {en: Generated course, cy: Cwrs wedi'i gynhyrchu}\n"
        "summary: {en: For benchmarks., cy: Ar gyfer meincnodau.}\n"
        "languages: [en, cy]\npassing_score: 70\nlicence: CC-BY-4.0\n"
        "authors: [{name: Benchmark}]\nstandards: [pedagogy]\nmodules:\n"
        + "".join(f"  - {m}\n" for m in modules), encoding="utf-8")
    for index in range(units):
        module = modules[index // UNITS_PER_MODULE]
        unit_id = f"unit-{index:05d}"
        unit_dir = target / "modules" / module / unit_id
        unit_dir.mkdir(parents=True)
        if index % UNITS_PER_MODULE == 0:
            first = index
            listed = [f"unit-{i:05d}" for i in range(first, min(units, first + UNITS_PER_MODULE))]
            (target / "modules" / module / "module.yaml").write_text(
                f"title: {{en: Module {module}, cy: Modiwl {module}}}\n"
                "summary: {en: A generated module., cy: Modiwl wedi'i gynhyrchu.}\n"
                "outcomes:\n  - {en: Use feedback well., cy: Defnyddio adborth yn dda.}\n"
                "estimated_minutes: 60\nstandards: [pedagogy]\nunits:\n"
                + "".join(f"  - {u}\n" for u in listed), encoding="utf-8")
        reflection = ("  - reflection: reflect\n"
                      "    prompt: {en: What will you change?, cy: Beth fyddwch chi'n ei newid?}\n"
                      "    guidance: {en: Be specific., cy: Byddwch yn benodol.}\n    max_words: 300\n"
                      "    standards: [pedagogy]\n") if index % 4 == 0 else ""
        (unit_dir / "unit.yaml").write_text(
            f"title: {{en: Unit {index}, cy: Uned {index}}}\nblocks:\n  - prose: text\n"
            "  - check: check\n    question: {en: What makes feedback work?, cy: Beth sy'n gwneud i adborth weithio?}\n"
            "    options:\n"
            "      - {id: act, correct: true, text: {en: Learners act on it, cy: Dysgwyr yn gweithredu arno}, "
            "feedback: {en: Right., cy: Cywir.}}\n"
            "      - {id: length, text: {en: Its length, cy: Ei hyd}, feedback: {en: No., cy: Na.}}\n"
            "    explanation: {en: Feedback works when used., cy: Mae adborth yn gweithio pan gaiff ei ddefnyddio.}\n"
            + reflection, encoding="utf-8")
        for lang, paragraph in (("en", PARAGRAPH_EN), ("cy", PARAGRAPH_CY)):
            (unit_dir / f"text.{lang}.md").write_text(
                f"## {'Section' if lang == 'en' else 'Adran'} {index}\n\n{paragraph * 3}\n\n"
                f"![{'A figure' if lang == 'en' else 'Ffigur'}](media/figure.png)\n\n{paragraph * 2}\n",
                encoding="utf-8")
    return target


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
