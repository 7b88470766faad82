"""The Professional Standards for Teaching and Leadership (Welsh Government, 2017).

Five standards under overarching values and dispositions. Content refers to them by slug; the
Welsh names are listed in ``content/glossary.yaml`` for review by a Welsh speaker.
"""
from __future__ import annotations

from .model import Standard, Text

STANDARDS: dict[str, Standard] = {
    s.id: s
    for s in (
        Standard("pedagogy", Text("Pedagogy", "Addysgeg")),
        Standard("collaboration", Text("Collaboration", "Cydweithio")),
        Standard("professional-learning", Text("Professional learning", "Dysgu proffesiynol")),
        Standard("innovation", Text("Innovation", "Arloesi")),
        Standard("leadership", Text("Leadership", "Arweinyddiaeth")),
    )
}
"""Every standard by slug, in the order the framework lists them."""
