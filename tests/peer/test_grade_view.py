"""The grade explained (issue 14.7), as the template draws it from PeerState: per criterion the
level the reviews come to, with its description and points, and each reviewer's comment in a
block of its own; overall comments in blocks of their own; the rubric's options with their
descriptions; the overall comment box as the task's setting wants it."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from lxml import html as lxml_html

from plxblocks.course import load_course
from plxblocks.course.model import Criterion, Level, Text
from plxblocks.render.environment import render_block
from tests.conftest import DATA

RUBRIC = (
    Criterion("impact", Text("Impact", "Effaith"), Text(), (
        Level(0, Text("Not yet", "Ddim eto"), Text("No link to learning.", "Dim cysylltiad â dysgu.")),
        Level(1, Text("Partly", "Yn rhannol"), Text("Some link, not explained.", "Rhywfaint o gysylltiad.")),
        Level(2, Text("Clearly", "Yn glir"), Text("A clear, explained link.", "Cysylltiad clir wedi'i egluro.")))),
    Criterion("time", Text("Time saved", "Amser a arbedir"), Text(), (
        Level(0, Text("None", "Dim"), Text("No time saved.", "Dim amser wedi'i arbed.")),
        Level(2, Text("Some", "Rhywfaint"), Text("An hour a week or so.", "Tua awr yr wythnos.")))),
)


@pytest.fixture(scope="module")
def task():
    course = load_course(DATA / "minimal").course
    block = next(b for b in course.blocks() if b.kind == "peer_review")
    return replace(block, rubric=RUBRIC)


def review(token, impact, time, comments=None, overall=""):
    return {"token": token, "levels": {"impact": impact, "time": time}, "comments": comments or {},
            "overall": overall, "staff": False, "helpful": None}


def page(task, lang="en", received=None, **state):
    base = {"draft_key": "k", "staff": False, "given": 3, "required_to_give": 3, "required_to_receive": 3,
            "response": {"text": "t", "html": "<p>t</p>", "words": 1, "status": "submitted", "submitted_at": None,
                         "hidden": False},
            "current": None, "waiting": None, "received": received, "grade": None, "min_words": 0,
            "max_words": 100, "wait": None, "released": False, "release_by": None,
            "notices": {"opted_out": False}}
    if received is not None:
        base["grade"] = {"points": 3, "max_points": 4, "final": True, "source": "peers"}
    return lxml_html.fromstring(render_block(task, lang=lang, dom_id="p", state={**base, **state},
                                             template="peer_review_xblock.html"))


def q(node, selector: str) -> list:
    """Elements under *node* matching a small CSS subset: ``tag``, ``.class``, ``#id``, ``[attr]``,
    ``[attr=value]``, ``[attr^=value]``, combined in one step or as descendants (lxml's
    cssselect needs a package the project does not install)."""
    path = "."
    for step in selector.split():
        tag = re.match(r"[a-z0-9]*", step)[0] or "*"
        tests = []
        for kind, name, op, value in re.findall(r"([.#\[])([\w-]+)(?:(\^?=)([^\]]*))?\]?", step[len(tag) if tag != "*" else 0:]):
            if kind == ".":
                tests.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')")
            elif kind == "#":
                tests.append(f"@id='{name}'")
            elif op == "^=":
                tests.append(f"starts-with(@{name}, '{value}')")
            elif op == "=":
                tests.append(f"@{name}='{value}'")
            else:
                tests.append(f"@{name}")
        path += f"//{tag}" + "".join(f"[{t}]" for t in tests)
    return node.xpath(path)


def text(node) -> str:
    return " ".join(node.text_content().split())


RECEIVED = {"aggregate": "median", "per_criterion": {"impact": 1, "time": 2}, "reviews": [
    review("a", 1, 2, {"impact": "Say <b>how</b> pupils will use it."}, "Thanks & well done."),
    review("b", 2, 2, {}, "A realistic plan."),
    review("c", 1, 0, {"impact": "The link to the EEF is missing."}, ""),
]}


def test_each_criterion_shows_its_level_description_points_and_comments(task):
    root = page(task, received=RECEIVED)
    impact = q(root, "[data-plx-criterion-grade=impact]")[0]
    assert text(q(impact, "h5")[0]) == "Impact"
    assert text(q(impact, "[data-plx-level-name]")[0]) == "Partly"
    assert text(q(impact, "[data-plx-points]")[0]) == "1 point"
    assert text(q(impact, "[data-plx-level-description]")[0]) == "Some link, not explained."
    # Each comment in its own block, under who gave it and which level: never glued to a level name.
    comments = q(impact, "[data-plx-comment-on=impact]")
    assert [text(q(c, ".plx-comment")[0]) for c in comments] == [
        "Say <b>how</b> pupils will use it.", "The link to the EEF is missing."]
    assert [text(q(c, ".plx-peer-comment__who")[0]) for c in comments] == [
        "Review 1: Partly (1 point)", "Review 3: Partly (1 point)"]
    time = q(root, "[data-plx-criterion-grade=time]")[0]
    assert text(q(time, "[data-plx-level-name]")[0]) == "Some"
    assert text(q(time, "[data-plx-level-description]")[0]) == "An hour a week or so."
    assert q(time, "[data-plx-comment-on]") == []  # nobody commented: no empty list
    # The overall comments: one block each, under its review; none for the review without one.
    overall = q(root, ".plx-peer-received__item")
    assert [[text(p) for p in q(item, "[data-plx-overall]")] for item in overall] == [
        ["Thanks & well done."], ["A realistic plan."], []]
    # The received reviews list levels only: the comments are above, once.
    assert "Say <b>how</b>" not in text(q(root, ".plx-peer-received")[0])


def test_the_explanation_is_in_welsh_too(task):
    root = page(task, lang="cy", received=RECEIVED)
    explained = q(root, "[data-plx-explained]")[0]
    assert text(q(explained, "h4")[0]) == "Sut y cyfrifwyd eich gradd"
    impact = q(explained, "[data-plx-criterion-grade=impact]")[0]
    assert text(q(impact, "[data-plx-level-name]")[0]) == "Yn rhannol"
    assert text(q(impact, "[data-plx-level-description]")[0]) == "Rhywfaint o gysylltiad."
    assert text(q(impact, ".plx-peer-comment__who")[0]).startswith("Adolygiad 1: Yn rhannol (1 pwynt)")


def test_a_mean_between_two_levels_names_both(task):
    received = {**RECEIVED, "aggregate": "mean", "per_criterion": {"impact": 1.3, "time": 2}}
    impact = q(page(task, received=received), "[data-plx-criterion-grade=impact]")[0]
    assert text(q(impact, "[data-plx-level-name]")[0]) == "Between Partly and Clearly"
    assert text(q(impact, "[data-plx-points]")[0]) == "1.3 points (with tenths)"
    assert q(impact, "[data-plx-level-description]") == []  # no one level's description fits


def test_the_self_review_options_show_each_levels_description(task):
    root = page(task, wait={"phase": "self", "received": 0, "required": 3, "deadline": "2020-01-01",
                             "self_due": None, "then": None, "by": None})
    labels = q(root, ".plx-peer-self label[for^=p-self-impact]")
    assert [text(label) for label in labels] == [
        "Not yet (0 points) No link to learning.", "Partly (1 point) Some link, not explained.",
        "Clearly (2 points) A clear, explained link."]
    assert [text(q(label, "[data-plx-level-description]")[0]) for label in labels][1] == \
        "Some link, not explained."


@pytest.mark.parametrize(("setting", "label", "required"), [
    ("required", "Overall comment (required)", True), ("optional", "Overall comment (optional)", False),
    ("none", None, False)])
def test_the_overall_comment_box_follows_the_tasks_setting(task, setting, label, required):
    current = {"token": "t1", "html": "<p>Their plan.</p>", "words": 2, "expires_at": "2030-01-01T00:00:00"}
    root = page(replace(task, overall_comment=setting), current=current)
    box = q(root, "#p-overall")
    if label is None:
        assert box == [] and q(root, "label[for=p-overall]") == []
        return
    assert text(q(root, "label[for=p-overall]")[0]) == label
    assert (box[0].get("aria-required") == "true") is required
    assert ("data-plx-required" in box[0].attrib) is required
    described = box[0].get("aria-describedby").split()
    assert described == ["p-overall-hint", "p-error-overall"] and q(root, "#p-error-overall[hidden]")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Not yet (0 points) No link to learning.", "Partly (1 point) Some link, not explained.",
            "Clearly (2 points) A clear, explained link."]),
    ("cy", ["Ddim eto (0 pwynt) Dim cysylltiad â dysgu.", "Yn rhannol (1 pwynt) Rhywfaint o gysylltiad.",
            "Yn glir (2 bwynt) Cysylltiad clir wedi'i egluro."])])
def test_the_scorm_self_review_options_show_each_levels_description(task, lang, expected):
    """The SCORM package's self-review said "Partly (1 point)" and no more (issue 14.7)."""
    from scorm.views import render_view

    root = lxml_html.fromstring(render_view(task, lang))
    labels = q(root, ".plx-self-review__criterion[data-plx-criterion=impact] label")
    assert [text(label) for label in labels] == expected
