"""The OLX text writer (plxblocks/olx/xmltext.py) writes what lxml writes: lxml parses every file
and serialises it back to the same text, for the shipped courses and for arbitrary text."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from plxblocks.course import load_course
from plxblocks.olx.archive import archive_files
from plxblocks.olx.xmltext import XmlText

REPO = Path(__file__).resolve().parents[2]
COURSES = sorted(p.parent for p in (REPO / "content").glob("*/course.yaml"))


def _as_lxml_writes_it(text: str) -> str:
    return etree.tostring(etree.fromstring(text), encoding="unicode", pretty_print=True)


@pytest.mark.parametrize("folder", COURSES, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", [None, "en", "cy"])
def test_every_xml_file_of_a_shipped_course_is_as_lxml_writes_it(folder, lang):
    files = {name: data.decode("utf-8") for name, data in archive_files(load_course(folder).course, lang).items()
             if name.endswith(".xml")}
    assert len(files) > 50
    assert {name: _as_lxml_writes_it(text) for name, text in files.items()} == files


# Any character XML 1.0 allows (the loader rejects the rest), markup and quotes in particular.
xml_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff",
                                 min_codepoint=0x09).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20), max_size=40)


@given(attribute=xml_text, text=xml_text, other=xml_text)
def test_arbitrary_text_and_attributes_come_back_unchanged(attribute, text, other):
    writer = XmlText()
    writer.open("plx_check", (("display_name", attribute), ("weight", "1.0")))
    writer.leaf("question", (("lang", "en"),), text)
    writer.open("option", (("id", other),))
    writer.leaf("text", (("lang", "cy"),), other)
    writer.close()
    writer.open("empty")
    writer.close()
    writer.close()
    written = writer.text()
    node = etree.fromstring(written)
    assert node.get("display_name") == attribute
    assert (node.findtext("question") or "") == text
    assert node.find("option").get("id") == other and (node.findtext("option/text") or "") == other
    assert _as_lxml_writes_it(written) == written


def test_an_element_left_open_is_an_error_not_a_broken_file():
    writer = XmlText()
    writer.open("vertical")
    with pytest.raises(ValueError, match="<vertical> is still open"):
        writer.text()
