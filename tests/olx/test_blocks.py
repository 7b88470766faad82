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


def test_a_peer_tasks_waiting_policy_reaches_the_xblock(minimal_course):
    """The waiting policy (issue 17.3) goes from YAML to the model, to OLX attributes and back,
    and the XBlock builds the same policy from those fields."""
    from datetime import date
    from types import SimpleNamespace

    from plxblocks.blocks.peer_review import PlxPeerReviewBlock
    from plxblocks.course.model import WaitingPolicy

    unit_file = minimal_course / "modules" / "basics" / "first-steps" / "unit.yaml"
    unit_file.write_text(unit_file.read_text(encoding="utf-8").replace(
        "    max_words: 800\n", "    max_words: 800\n    waiting:\n      wait_days: 5\n      until: 2026-03-14\n"
                               "      fallback: [fewer_peers, self, staff]\n      min_reviews: 2\n      self_days: 4\n"),
        encoding="utf-8")
    result = load_course(minimal_course)
    assert result.ok, [d.format() for d in result.diagnostics]
    unit = result.course.units[0]
    peer = next(b for b in unit.blocks if b.kind == "peer_review")
    expected = WaitingPolicy(wait_days=5, until=date(2026, 3, 14), fallback=("fewer_peers", "self", "staff"),
                             min_reviews=2, self_days=4)
    assert peer.waiting == expected
    tag, fields = fields_from_model(peer, result.course, unit)
    node = to_xml(tag, fields)
    assert (node.get("wait_days"), node.get("wait_until"), node.get("fallback")) == (
        "5", "2026-03-14", "fewer_peers self staff")
    again = from_xml(etree.fromstring(etree.tostring(node)))
    fields = SimpleNamespace(**{name: again[name] for name in ("wait_days", "wait_until", "fallback", "min_reviews",
                                                               "self_days")})
    assert PlxPeerReviewBlock.waiting_policy(fields) == expected  # it reads only these five fields
