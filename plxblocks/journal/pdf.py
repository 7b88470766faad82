"""The learner's journal as a PDF, made by WeasyPrint from the printable HTML export.

WeasyPrint is an optional extra (``pip install 'plx[pdf]'``): it needs Pango, a system library an
Open edX image may not have, and the base install stays what the LMS needs (tests/test_lean_install.py).
Where it is missing, :func:`pdf_available` is false and the runtimes offer no PDF link.

The document embeds its own fonts (``fonts/``: DejaVu Sans, cut to the Latin alphabets by
scripts/subset-journal-fonts.py), so Welsh ŵ and ŷ print the same on any server.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from .export import export_html

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "PLX Journal Sans"
_FACES = (("DejaVuSans.ttf", "normal", "normal"), ("DejaVuSans-Bold.ttf", "bold", "normal"),
          ("DejaVuSans-Oblique.ttf", "normal", "italic"), ("DejaVuSans-BoldOblique.ttf", "bold", "italic"))


@cache
def pdf_available() -> bool:
    """Whether WeasyPrint can be imported here (installed, and its system libraries found)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: installed, but Pango is missing
        return False
    return True


def _font_css() -> str:
    faces = "".join(f'@font-face {{ font-family: "{FAMILY}"; src: url("{(FONTS / name).as_uri()}"); '
                    f"font-weight: {weight}; font-style: {style}; }}\n" for name, weight, style in _FACES)
    # The shipped fonts first; sans-serif (the server's) only for characters they lack.
    family = f'font-family: "{FAMILY}", sans-serif;'
    return faces + f"html, body, body * {{ {family} }}\n@page {{ @bottom-center {{ {family} }} }}\n"


@cache
def _fonts_only():
    """A WeasyPrint URL fetcher that loads the shipped fonts and nothing else: a prompt's image
    or link (author content) never makes the server fetch a file or a remote address."""
    from weasyprint.urls import URLFetcher

    allowed = {(FONTS / name).as_uri() for name, _weight, _style in _FACES}

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError(f"not fetched in a journal PDF: {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=("file",))


def export_pdf(entries, lang: str, *, standard: str = "", learner_name: str = "", now=None) -> bytes:
    """The printable export of *entries* as an A4 PDF, in *lang* (see :func:`export_html`; *now*, the
    export date it prints, is fixed only by scripts/docs-screenshots.py, so a new picture differs
    from the old one only where the PDF changed)."""
    from weasyprint import HTML

    # journal.css alone: the document has no controls, and the blocks' stylesheet holds screen-only
    # rules WeasyPrint would log a warning for on every export.
    html = export_html(entries, lang, standard=standard, learner_name=learner_name, now=now,
                       styles=("journal.css",), extra_css=_font_css())
    return HTML(string=html, base_url=FONTS.as_uri() + "/", url_fetcher=_fonts_only()).write_pdf()
