"""imsmanifest.xml: schema-valid for both standards, and consistent with the zip it is in."""
from __future__ import annotations

import pytest
from lxml import etree

from scorm.manifest import SCORM12, SCORM2004
from tests.conftest import shipped_courses

from .conftest import TRICKY_TITLE_CY, TRICKY_TITLE_EN, build, load, read_zip
from .schemas import schema_errors

NS = {"1.2": SCORM12, "2004": SCORM2004}
VARIANTS = [(standard, lang, split) for standard in ("1.2", "2004")
            for lang in (None, "en", "cy") for split in (False, True)]


def parse(xml: bytes):
    return etree.fromstring(xml, etree.XMLParser(no_network=True))


@pytest.mark.parametrize("standard,lang,split", VARIANTS)
def test_every_variant_is_schema_valid_and_lists_exactly_its_files(tricky_course, tmp_path, remote,
                                                                    standard, lang, split):
    [zip_path] = build(tricky_course, tmp_path / "out", remote, standard, lang, split)
    files = read_zip(zip_path)
    xml = files["imsmanifest.xml"]
    assert schema_errors(xml, standard) == []

    cp = NS[standard].cp
    root = parse(xml)
    resources = root.findall(f"{{{cp}}}resources/{{{cp}}}resource")
    listed = [f.get("href") for r in resources for f in r.findall(f"{{{cp}}}file")]
    assert sorted(listed) == sorted(set(files) - {"imsmanifest.xml"})
    assert len(listed) == len(set(listed))
    # Open edX's SCORM block launches the first resource with an href: it must be the SCO.
    first = next(r for r in resources if r.get("href"))
    assert first.get("href") == "index.html"
    attribute = "scormType" if standard == "2004" else "scormtype"
    assert first.get(f"{{{NS[standard].adlcp}}}{attribute}") == "sco"
    ids = {r.get("identifier") for r in resources}
    refs = [i.get("identifierref") for i in root.iter(f"{{{cp}}}item") if i.get("identifierref")]
    assert refs and set(refs) <= ids


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_schemaversion_is_exactly_what_lms_expect(minimal_course, tmp_path, remote, standard):
    [zip_path] = build(minimal_course, tmp_path, remote, standard)
    root = parse(read_zip(zip_path)["imsmanifest.xml"])
    cp = NS[standard].cp
    assert root.findtext(f"{{{cp}}}metadata/{{{cp}}}schema") == "ADL SCORM"
    assert root.findtext(f"{{{cp}}}metadata/{{{cp}}}schemaversion") == {"1.2": "1.2", "2004": "2004 4th Edition"}[standard]


@pytest.mark.parametrize("standard,lang,expected", [
    ("1.2", None, f"{TRICKY_TITLE_EN} / {TRICKY_TITLE_CY}"),
    ("2004", "en", TRICKY_TITLE_EN),
    ("2004", "cy", TRICKY_TITLE_CY),
])
def test_titles_with_markup_characters_and_welsh_letters_come_out_as_written(tricky_course, tmp_path, remote,
                                                                              standard, lang, expected):
    [zip_path] = build(tricky_course, tmp_path, remote, standard, lang)
    xml = read_zip(zip_path)["imsmanifest.xml"]
    cp = NS[standard].cp
    root = parse(xml)
    assert root.findtext(f"{{{cp}}}organizations/{{{cp}}}organization/{{{cp}}}title") == expected
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert "ŵ".encode() in xml or lang == "en"


def test_the_pass_mark_is_the_2004_measure_and_no_1p2_mastery_score(minimal_course, tmp_path, remote):
    """SCORM 1.2: no ``masteryscore``, so an LMS cannot turn a running score into "failed"
    (Moodle's default "Mastery score overrides status" did, for a unit only opened); the SCO
    reports passed/completed itself (docs/scorm.md, "What is tracked")."""
    course_file = minimal_course / "course.yaml"
    course_file.write_text(course_file.read_text().replace("passing_score: 70", "passing_score: 85"))
    [z12] = build(minimal_course, tmp_path / "a", remote, "1.2")
    [z2004] = build(minimal_course, tmp_path / "b", remote, "2004")
    root12 = parse(read_zip(z12)["imsmanifest.xml"])
    assert root12.find(f".//{{{SCORM12.adlcp}}}masteryscore") is None
    root2004 = parse(read_zip(z2004)["imsmanifest.xml"])
    imsss = "http://www.imsglobal.org/xsd/imsss"
    assert root2004.findtext(f".//{{{imsss}}}primaryObjective/{{{imsss}}}minNormalizedMeasure") == "0.85"
    assert root2004.find(f".//{{{imsss}}}primaryObjective").get("satisfiedByMeasure") == "true"
    threshold = root2004.find(f".//{{{SCORM2004.adlcp}}}completionThreshold")
    assert threshold.get("minProgressMeasure") == "1.0"


def test_no_mastery_score_when_nothing_is_scored(minimal_course, tmp_path, remote):
    unit = minimal_course / "modules/basics/first-steps/unit.yaml"
    unit.write_text(unit.read_text().replace("  - check: purpose\n", "  - check: purpose\n    points: 0\n"))
    [z12] = build(minimal_course, tmp_path / "a", remote, "1.2")
    [z2004] = build(minimal_course, tmp_path / "b", remote, "2004")
    assert b"masteryscore" not in read_zip(z12)["imsmanifest.xml"]
    xml2004 = read_zip(z2004)["imsmanifest.xml"]
    assert b"minNormalizedMeasure" not in xml2004 and schema_errors(xml2004, "2004") == []


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_the_organization_mirrors_modules_and_units(tmp_path, remote, standard):
    shipped = shipped_courses()[-1]
    course = load(shipped)
    [zip_path] = build(shipped, tmp_path, remote, standard)
    xml = read_zip(zip_path)["imsmanifest.xml"]
    assert schema_errors(xml, standard) == []
    cp = NS[standard].cp
    organization = parse(xml).find(f"{{{cp}}}organizations/{{{cp}}}organization")
    modules = organization.findall(f"{{{cp}}}item")
    assert [m.get("identifier") for m in modules] == [f"MOD-{m.uid}" for m in course.modules]
    assert all(m.get("identifierref") is None for m in modules)  # modules are groups, not activities
    for module_item, module in zip(modules, course.modules, strict=True):
        assert module_item.findtext(f"{{{cp}}}title") == f"{module.title.en} / {module.title.cy}"
        units = module_item.findall(f"{{{cp}}}item")
        assert [u.get("identifier") for u in units] == [f"ITEM-{u.uid}" for u in module.units]
        for unit_item, unit in zip(units, module.units, strict=True):
            assert unit_item.get("identifierref") == "RES-SCO"
            assert unit_item.get("parameters") == f"?sco={unit.uid[:len(unit_item.get('parameters')) - 5]}"
            assert unit.uid.startswith(unit_item.get("parameters")[5:])
            scored = any(b.kind == "check" and b.points for b in unit.blocks)
            measure = unit_item.findtext(".//{http://www.imsglobal.org/xsd/imsss}minNormalizedMeasure")
            assert (measure is not None) == (scored and standard == "2004")
            assert unit_item.find(f"{{{NS['1.2'].adlcp}}}masteryscore") is None


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_the_course_organization_is_one_activity(minimal_course, tmp_path, remote, standard):
    from scorm import build_scorm

    [zip_path] = build_scorm(load(minimal_course), standard, tmp_path / "one.zip", remote, organization="course")
    xml = read_zip(zip_path)["imsmanifest.xml"]
    assert schema_errors(xml, standard) == []
    cp = NS[standard].cp
    [item] = parse(xml).findall(f"{{{cp}}}organizations/{{{cp}}}organization/{{{cp}}}item")
    assert item.get("identifierref") == "RES-SCO" and item.get("parameters") is None


# ----------------------------------------------------------------------- the validator itself

def _broken(xml: bytes, old: bytes, new: bytes) -> bytes:
    assert old in xml
    return xml.replace(old, new, 1)


@pytest.mark.parametrize("standard,old,new,message", [
    ("1.2", b'<item identifier="MOD-', b'<item foo="', "identifier"),
    ("1.2", b"<schema>ADL SCORM</schema>", b"<schema>ADL SCORM</schema><bogus/>", "bogus"),
    ("1.2", b'<resource identifier="RES-SCO" type="webcontent"', b'<resource identifier="RES-SCO"', "type"),
    ("2004", b"<organizations", b"<resources/><organizations", "resources"),
    ("2004", b'minProgressMeasure="1.0"', b'minProgressMeasure="2.5"', "minProgressMeasure"),
    ("2004", b'<imsss:minNormalizedMeasure>0.7<', b'<imsss:minNormalizedMeasure>seventy<', "minNormalizedMeasure"),
])
def test_the_schema_check_rejects_broken_manifests(minimal_course, tmp_path, remote, standard, old, new, message):
    [zip_path] = build(minimal_course, tmp_path, remote, standard)
    xml = read_zip(zip_path)["imsmanifest.xml"]
    errors = schema_errors(_broken(xml, old, new), standard)
    assert errors and any(message in e for e in errors), errors
