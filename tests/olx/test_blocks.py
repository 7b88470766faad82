"""Block <-> OLX: the model's blocks written as XML, parsed back, and written again unchanged;
and the XBlocks' own parse_xml / add_xml_to_node agree with it."""
from __future__ import annotations

import pytest
from lxml import etree

from plxblocks.course import load_course
from plxblocks.olx.blocks import (
    KIND_TAGS,
    block_xml,
    field_names,
    fields_from_model,
    from_xml,
    to_xml,
)
from tests.conftest import DATA


@pytest.fixture(scope="module")
def course():
    return load_course(DATA / "minimal").course


def blocks(course):
    unit = course.units[0]
    return [(unit, b) for b in unit.blocks if b.kind in KIND_TAGS]


def test_every_plx_block_round_trips(course):
    for unit, block in blocks(course):
        tag, fields = fields_from_model(block, course, unit, media_url="/static/")
        node = to_xml(tag, fields)
        again = from_xml(etree.fromstring(etree.tostring(node)))
        assert again == {k: v for k, v in fields.items() if v not in ("", None)}, tag
        assert etree.tostring(to_xml(tag, again)) == etree.tostring(node)
        assert set(again) <= set(field_names(tag))


def test_check_xml_shape(course):
    unit, check = next((u, b) for u, b in blocks(course) if b.kind == "check")
    node = block_xml(check, course, unit)
    assert node.tag == "plx_check" and node.get("url_name") == check.uid and node.get("plx_uid") == check.uid
    assert node.get("course_key") == "course-v1:PLXTest+T101+2026"
    assert [c.tag for c in node] == ["question", "question", "option", "option", "explanation", "explanation"]
    option = node.find("option")
    assert option.get("id") == "improve" and option.get("correct") == "true"
    assert option.find("feedback[@lang='cy']").text == "Ie."


def test_markup_in_text_survives_as_text(course):
    fields = {"plx_uid": "u", "body_en": "<b>bold</b> & </body>", "body_cy": ""}
    node = etree.fromstring(etree.tostring(to_xml("plx_lesson", fields)))
    assert from_xml(node)["body_en"] == "<b>bold</b> & </body>"


def test_bad_numbers_are_reported_with_the_attribute():
    with pytest.raises(ValueError, match=r"<plx_check max_attempts>: expected int, got 'two'"):
        from_xml(etree.fromstring('<plx_check max_attempts="two"/>'))


def test_xblocks_parse_and_export_the_same_xml(course, workbench_django):
    from workbench.runtime import WorkbenchRuntime

    runtime = WorkbenchRuntime("olx-tester")
    for unit, block in blocks(course):
        node = block_xml(block, course, unit, media_url="/static/", url_name=False)
        usage = runtime.parse_xml_string(etree.tostring(node, encoding="unicode"))
        xblock = runtime.get_block(usage)
        exported = etree.Element("x")
        xblock.add_xml_to_node(exported)
        assert exported.get("xblock-family") == "xblock.v1"
        del exported.attrib["xblock-family"]
        assert etree.tostring(exported) == etree.tostring(node)
