"""The journal's PDF export (issue 14.6): made by WeasyPrint, A4, in the learner's language, with
its fonts embedded so Welsh ŵ and ŷ print on any server; and nothing fetched but those fonts."""
from __future__ import annotations

import io

import pytest

from plxblocks.journal import pdf
from tests.journal.test_export import entry, two_entries

pypdf = pytest.importorskip("pypdf")
if not pdf.pdf_available():
    pytest.skip("WeasyPrint is not installed (pip install 'plx[pdf]')", allow_module_level=True)


def read(document: bytes):
    assert document.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(document))


def text_of(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def fonts_of(reader) -> dict[str, list[str]]:
    """Each font the pages use -> the embedded font files its descriptor holds (none: not embedded)."""
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            found[str(font["/BaseFont"])] = [key for key in descriptor if key.startswith("/FontFile")]
    return found


def test_welsh_letters_are_in_the_text_and_every_font_is_embedded():
    welsh = entry(lang="cy", title="Camau cyntaf ŵ", text="Dŵr, tŷ, ŵyr, ŷd; Ŵ Ŷ ẁ ẃ ẅ ỳ â ê î ô û.",
                  prompt="Beth **ydych** chi'n ei wneud yn _eich_ ysgol?")
    reader = read(pdf.export_pdf([welsh], "cy"))
    text = text_of(reader)
    for word in ("Fy nyddlyfr", "Camau cyntaf ŵ", "Dŵr, tŷ, ŵyr, ŷd", "Ŵ Ŷ ẁ ẃ ẅ ỳ â ê î ô û", "Cwestiwn myfyrio".upper()):
        assert word in text, word
    fonts = fonts_of(reader)
    assert fonts and all(files == ["/FontFile2"] for files in fonts.values()), fonts
    # The shipped faces (regular, bold, italic), subset into the file, not the server's fonts.
    assert all(name.split("+", 1)[1].startswith("PLX-Journal-Sans") for name in fonts), fonts
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4


def test_the_pdf_is_in_the_learners_language_with_module_titles():
    text = text_of(read(pdf.export_pdf(two_entries(), "en")))
    assert "My journal" in text and text.count("Feedback › Workload") == 2 and "Camau cyntaf" not in text
    assert "Ysgrifennais yn Gymraeg: dŵr, tŷ." in text


def test_the_pdf_prints_the_export_date_it_is_given():
    from datetime import UTC, datetime

    text = text_of(read(pdf.export_pdf(two_entries(), "en", now=datetime(2026, 11, 20, 9, 30, tzinfo=UTC))))
    assert "Exported on 2026-11-20 09:30 UTC." in text


def test_a_prompt_image_is_not_fetched(monkeypatch):
    """What reaches WeasyPrint's own fetcher (files, the network) is the shipped fonts only."""
    from weasyprint.urls import URLFetcher

    fetched, real = [], URLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    prompt = "![x](https://example.invalid/x.png) ![y](file:///etc/passwd) <img src='/etc/hostname'>"
    text = text_of(read(pdf.export_pdf([entry(prompt=prompt)], "en")))
    assert "My journal" in text
    assert all(url.startswith(pdf.FONTS.as_uri()) for url in fetched), fetched
