"""One plx block <-> one OLX element, through a plain dict of XBlock field values.

Three directions share one table (:data:`SPECS`):

- :func:`fields_from_model`: a course-model block -> field values (the OLX export and the
  workbench scenarios);
- :func:`to_xml`: field values -> ``<plx_check ...>`` element (also ``add_xml_to_node``);
- :func:`from_xml`: element -> field values (``parse_xml``).

Scalars are attributes; texts are child elements, one per language (``<question lang="cy">``),
holding the Markdown source as the author wrote it. A check's options are ``<option>`` children::

    <plx_check plx_uid="9f.." select="single" max_attempts="2" weight="1.0">
      <question lang="en">What is feedback for?</question>
      <option id="improve" correct="true"><text lang="en">…</text><feedback lang="en">…</feedback></option>
      <explanation lang="en">…</explanation>
    </plx_check>
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from lxml import etree

from ..course.model import LANGUAGES, Check, Course, Module, PeerReview, Prose, Reflection, Unit
from .xmltext import XmlText

LESSON, CHECK, JOURNAL, PEER = "plx_lesson", "plx_check", "plx_journal", "plx_peer_review"
KIND_TAGS = {"prose": LESSON, "check": CHECK, "reflection": JOURNAL}
"""Model block kind -> XBlock entry point of the blocks shown inside a unit's page."""
ALL_TAGS = {**KIND_TAGS, "peer_review": PEER}
"""Every block kind: a peer-review task is also a block, but has a page (a scenario) of its own."""


@dataclass(frozen=True)
class Spec:
    attributes: tuple[tuple[str, type], ...]
    """Field name and type of each scalar written as an attribute (``list``: space-separated)."""
    texts: tuple[str, ...]
    """Stems of the bilingual text fields (``<stem>_en``, ``<stem>_cy``)."""
    has_options: bool = False
    has_rubric: bool = False
    has_examples: bool = False
    has_references: bool = False


WAITING_ATTRIBUTES = (("wait_days", int), ("wait_until", str), ("fallback", list), ("min_reviews", int),
                      ("self_days", int))
"""A peer task's waiting policy (issue 17.3), one attribute per setting; no ``fallback``: no policy."""
COMMON = (("display_name", str), ("plx_uid", str), ("course_key", str), ("media_url", str),
          ("draft_notice", bool))
SPECS = {
    LESSON: Spec(COMMON + (("references_kind", str),), ("body",), has_references=True),
    CHECK: Spec(COMMON + (("select", str), ("max_attempts", int), ("weight", float), ("shuffle", bool),
                          ("question_number", int), ("question_count", int)),
                ("question", "explanation"), has_options=True),
    JOURNAL: Spec(COMMON + (("min_words", int), ("max_words", int), ("standards", list), ("welsh_draft", bool)),
                  ("prompt", "guidance", "title", "module_title", "course_title")),
    PEER: Spec(COMMON + (("min_words", int), ("max_words", int), ("reviews_to_give", int),
                         ("reviews_to_receive", int), ("weight", float), ("aggregate", str),
                         ("overall_comment", str),
                         ("calibration_examples", int), ("require_agreement", int), ("reviewer_points", int),
                         ("reviewer_helpfulness", int), ("part", str), ("reviewing_weight", int))
               + WAITING_ATTRIBUTES,
               ("title", "brief", "submission", "reviewing_label"), has_rubric=True, has_examples=True),
}
REVIEWING = "reviewing"
"""``part`` of the component that shows and scores a task's reviewing grade (its own subsection)."""


def counts_reviewing(course: Course, block) -> bool:
    """The course counts this task's reviewing grade, so the task has a reviewing-grade component."""
    return bool(block.reviewing_points) and any(t.counts == "peer_reviewing" for t in course.grading)
OPTION_TEXTS = ("text", "feedback")
REFERENCE_ATTRIBUTES = ("key", "authors", "year", "title", "publisher", "url")


def field_names(tag: str) -> tuple[str, ...]:
    spec = SPECS[tag]
    names = [name for name, _ in spec.attributes]
    names += [f"{stem}_{lang}" for stem in spec.texts for lang in LANGUAGES]
    return (tuple(names) + (("options",) if spec.has_options else ()) + (("rubric",) if spec.has_rubric else ())
            + (("examples",) if spec.has_examples else ()) + (("references",) if spec.has_references else ()))


# ------------------------------------------------------------------------------ model -> fields
def course_key(course: Course) -> str:
    return f"course-v1:{course.org}+{course.number}+{course.run}"


def fields_from_model(block, course: Course, unit: Unit, media_url: str | None = None,
                      first_on_page: bool = False, module: Module | None = None) -> tuple[str, dict]:
    """The entry point and field values of the XBlock that shows *block* of *unit*.

    *first_on_page*: the block opens its unit's page, so it carries the page's Welsh-draft notice
    (an Open edX unit has no page template of ours to hold it). *module*: the unit's module, when
    the caller has it (else it is looked up in *course*).
    """
    tag = ALL_TAGS[block.kind]
    # Studio lists components by display name: the English title, or the Welsh in a Welsh-only archive.
    fields: dict = {"display_name": unit.title.en or unit.title.cy, "plx_uid": block.uid,
                    "course_key": course_key(course)}
    if media_url is not None:
        fields["media_url"] = media_url
    fields["draft_notice"] = bool(first_on_page and course.welsh_is_draft)
    if isinstance(block, Prose):
        _bilingual(fields, "body", block.body.source)
        fields["references"] = [{name: getattr(r, name) for name in REFERENCE_ATTRIBUTES}
                                for r in block.references]
        fields["references_kind"] = block.references_kind
    elif isinstance(block, Check):
        _bilingual(fields, "question", block.question.source)
        _bilingual(fields, "explanation", block.explanation.source)
        fields.update(select=block.select, max_attempts=block.attempts, weight=float(block.points),
                      shuffle=block.shuffle, question_number=block.number, question_count=block.count)
        fields["options"] = [
            {"id": o.id, "correct": o.correct, "text_en": o.text.en, "text_cy": o.text.cy,
             "feedback_en": o.feedback.en, "feedback_cy": o.feedback.cy} for o in block.options]
    elif isinstance(block, Reflection):
        _bilingual(fields, "prompt", block.prompt.source)
        _bilingual(fields, "guidance", block.guidance.source)
        _bilingual(fields, "title", unit.title)
        _bilingual(fields, "module_title", (module or _module_of(course, unit)).title)
        _bilingual(fields, "course_title", course.title)
        fields.update(min_words=block.min_words, max_words=block.max_words,
                      standards=[s.id for s in block.standards],
                      # "My journal" is a page of its own, so it needs the course's flag wherever
                      # the block sits on its unit (draft_notice is for the unit's first block).
                      welsh_draft=course.welsh_is_draft)
    elif isinstance(block, PeerReview):
        _bilingual(fields, "title", block.title)
        _bilingual(fields, "brief", block.brief.source)
        _bilingual(fields, "submission", block.submission.source)
        fields.update(min_words=block.min_words, max_words=block.max_words, weight=float(block.points),
                      reviews_to_give=block.reviews_to_give, reviews_to_receive=block.reviews_to_receive)
        if block.waiting is not None:
            w = block.waiting
            fields.update(wait_days=w.wait_days, wait_until=w.until.isoformat() if w.until else "",
                          fallback=list(w.fallback), min_reviews=w.min_reviews, self_days=w.self_days)
        fields["rubric"] = [
            {"id": c.id, **_pair("title", c.title), **_pair("description", c.description),
             "levels": [{"points": lvl.points, **_pair("label", lvl.label), **_pair("description", lvl.description),
                         **({"up_to": lvl.up_to} if lvl.up_to is not None else {})}
                        for lvl in c.levels]} for c in block.rubric]
        _peer_extras(fields, block, course)
    return tag, fields


def _peer_extras(fields: dict, block: PeerReview, course: Course) -> None:
    """The grading rule, examples, calibration and reviewing grade of a peer task."""
    fields.update(aggregate=block.aggregate, overall_comment=block.overall_comment,
                  calibration_examples=block.calibration.examples,
                  require_agreement=block.calibration.require_agreement)
    fields["examples"] = [
        {"id": e.id, **_pair("response", e.response.source),
         "levels": {x.criterion: {"points": x.points, **_pair("reason", x.reason)} for x in e.levels}}
        for e in block.examples]
    if block.reviewer_grade is not None:
        fields.update(reviewer_points=block.reviewer_grade.points,
                      reviewer_helpfulness=block.reviewer_grade.helpfulness)
        counted = next((t for t in course.grading if t.counts == "peer_reviewing"), None)
        if counted is not None and block.reviewing_points:
            _bilingual(fields, "reviewing_label", counted.name)
            fields["reviewing_weight"] = counted.weight


def _module_of(course: Course, unit: Unit) -> Module:
    # By uid: the unit may be a single-language copy of the course's own (olx/archive.py).
    return next(m for m in course.modules if any(u.uid == unit.uid for u in m.units))


def _pair(stem: str, text) -> dict:
    return {f"{stem}_{lang}": getattr(text, lang) for lang in LANGUAGES}


def _bilingual(fields: dict, stem: str, text) -> None:
    for lang in LANGUAGES:
        fields[f"{stem}_{lang}"] = getattr(text, lang)


# -------------------------------------------------------------------------------- fields <-> XML
def _attribute(value, kind: type) -> str:
    if kind is list:
        return " ".join(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        return repr(float(value))
    return str(value)


def _parse(value: str, kind: type, name: str):
    try:
        if kind is list:
            return value.split()
        if kind is bool:
            if value not in ("true", "false"):
                raise ValueError
            return value == "true"
        return kind(value)
    except ValueError:
        raise ValueError(f"{name}: expected {kind.__name__}, got {value!r}") from None


def _texts(xml: XmlText, fields: dict, stem: str) -> None:
    for lang, key in _text_keys(stem):
        value = fields.get(key)
        if value:
            xml.text_in(stem, lang, value)


@functools.cache
def _text_keys(stem: str) -> tuple[tuple[str, str], ...]:
    """``(lang, field name)`` of a text in each language (``question`` -> ``question_en``, ...)."""
    return tuple((lang, f"{stem}_{lang}") for lang in LANGUAGES)


def to_xml_text(tag: str, fields: dict, url_name: str = "") -> str:
    """The OLX file (pretty-printed text) of an XBlock of type *tag* with these field values."""
    spec = SPECS[tag]
    xml = XmlText()
    attributes = [(name, _attribute(fields[name], kind)) for name, kind in spec.attributes
                  if fields.get(name) not in (None, "")]
    xml.open(tag, attributes + [("url_name", url_name)] if url_name else attributes)
    for stem in spec.texts:
        if stem == "explanation" and spec.has_options:
            continue  # after the options, as the learner meets it
        _texts(xml, fields, stem)
    for option in fields.get("options") or () if spec.has_options else ():
        xml.open("option", (("id", option["id"]), ("correct", "true" if option["correct"] else "false")))
        for stem in OPTION_TEXTS:
            _texts(xml, option, stem)
        xml.close()
    if spec.has_options:
        _texts(xml, fields, "explanation")
    for ref in fields.get("references") or () if spec.has_references else ():
        xml.leaf("reference", [(name, str(ref[name])) for name in REFERENCE_ATTRIBUTES if ref.get(name)])
    for criterion in fields.get("rubric") or () if spec.has_rubric else ():
        xml.open("criterion", (("id", criterion["id"]),))
        _texts(xml, criterion, "title")
        _texts(xml, criterion, "description")
        for level in criterion["levels"]:
            up_to = (("up_to", str(level["up_to"])),) if level.get("up_to") is not None else ()
            xml.open("level", (("points", str(level["points"])), *up_to))
            _texts(xml, level, "label")
            _texts(xml, level, "description")
            xml.close()
        xml.close()
    for example in fields.get("examples") or () if spec.has_examples else ():
        xml.open("example", (("id", example["id"]),))
        _texts(xml, example, "response")
        for criterion, expert in example["levels"].items():
            xml.open("expert", (("criterion", criterion), ("points", str(expert["points"]))))
            _texts(xml, expert, "reason")
            xml.close()
        xml.close()
    xml.close()
    return xml.text()


_PARSER = etree.XMLParser(remove_blank_text=True)
"""Drops the pretty-printing's whitespace, so the element's children are its elements alone."""


def to_xml(tag: str, fields: dict) -> etree._Element:
    """The OLX element for an XBlock of type *tag* with these field values (parsed from
    :func:`to_xml_text`, so that there is one writer of the format)."""
    return etree.fromstring(to_xml_text(tag, fields), _PARSER)


def from_xml(node) -> dict:
    """Field values from an OLX element written by :func:`to_xml` (unknown attributes ignored)."""
    tag = etree.QName(node).localname
    spec = SPECS[tag]
    fields: dict = {}
    for name, kind in spec.attributes:
        if node.get(name) is not None:
            fields[name] = _parse(node.get(name), kind, f"<{tag} {name}>")
    options = []
    for child in node:
        if not isinstance(child.tag, str):
            continue  # comments
        lang = child.get("lang", "en")
        if child.tag in spec.texts and lang in LANGUAGES:
            fields[f"{child.tag}_{lang}"] = child.text or ""
        elif child.tag == "option" and spec.has_options:
            option = {"id": child.get("id", ""), "correct": child.get("correct") == "true"}
            for part in child:
                if isinstance(part.tag, str) and part.tag in OPTION_TEXTS and part.get("lang", "en") in LANGUAGES:
                    option[f"{part.tag}_{part.get('lang', 'en')}"] = part.text or ""
            for stem in OPTION_TEXTS:
                for code in LANGUAGES:
                    option.setdefault(f"{stem}_{code}", "")
            options.append(option)
    if spec.has_options:
        fields["options"] = options
    if spec.has_rubric:
        fields["rubric"] = [_criterion(child) for child in node if child.tag == "criterion"]
    if spec.has_examples:
        fields["examples"] = [_example(child) for child in node if child.tag == "example"]
    if spec.has_references:
        fields["references"] = [{name: child.get(name, "") for name in REFERENCE_ATTRIBUTES}
                                for child in node if child.tag == "reference"]
    return fields


def _localised(element, stems: tuple[str, ...]) -> dict:
    values = {f"{stem}_{lang}": "" for stem in stems for lang in LANGUAGES}
    for part in element:
        if isinstance(part.tag, str) and part.tag in stems and part.get("lang", "en") in LANGUAGES:
            values[f"{part.tag}_{part.get('lang', 'en')}"] = part.text or ""
    return values


def _criterion(element) -> dict:
    levels = [{"points": _parse(level.get("points", ""), int, "<level points>"),
               **({"up_to": _parse(level.get("up_to"), int, "<level up_to>")} if level.get("up_to") else {}),
               **_localised(level, ("label", "description"))} for level in element if level.tag == "level"]
    return {"id": element.get("id", ""), **_localised(element, ("title", "description")), "levels": levels}


def _example(element) -> dict:
    levels = {expert.get("criterion", ""): {"points": _parse(expert.get("points", ""), int, "<expert points>"),
                                            **_localised(expert, ("reason",))}
              for expert in element if expert.tag == "expert"}
    return {"id": element.get("id", ""), **_localised(element, ("response",)), "levels": levels}


def block_xml(block, course: Course, unit: Unit, media_url: str | None = None, url_name: bool = True,
              first_on_page: bool = False, module: Module | None = None):
    """The OLX element of a model block (``url_name`` = its stable uid, as Studio imports it)."""
    tag, fields = fields_from_model(block, course, unit, media_url, first_on_page, module)
    return etree.fromstring(to_xml_text(tag, fields, block.uid if url_name else ""), _PARSER)
