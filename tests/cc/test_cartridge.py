"""``plx cc``: the cartridge is valid against Moodle's own CC 1.1 schemas and has one link per unit."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import CONTENT, DATA, REPO
from tests.lti import moodle

SCHEMAS = [Path.home() / ".cache/plx-moodle/src/backup/cc/schemas11", REPO.parent / "shared" / "cc-schemas11"]


def _found() -> Path | None:
    return next((p for p in SCHEMAS if (p / "cc11libxml2validator.xsd").is_file()), None)


def schemas() -> Path:
    """Moodle's own CC 1.1 schemas; on a new machine the shared Moodle is set up first (as the Moodle
    tests do), so that these tests do not skip merely because they ran before them."""
    if _found() is None and moodle.unavailable() is None:
        moodle.setup()
    found = _found()
    if found is None:
        pytest.skip("Moodle's backup/cc/schemas11 is not here: run bash ../shared/moodle/setup.sh")
    return found


def build(course: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "plxblocks.cli", "cc", str(course), "--base",
                           "https://plx.example.org", "-o", str(out), *args], capture_output=True, text=True,
                          check=False)


@pytest.mark.parametrize("lang", [None, "cy"])
def test_the_cartridge_is_valid_cc_1_1_with_a_link_per_unit(tmp_path, lang):
    folder = schemas()
    course = CONTENT / "npqh"
    out = tmp_path / "npqh.imscc"
    result = build(course, out, *(["--lang", lang] if lang else []))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        etree.XMLSchema(etree.parse(str(folder / "cc11libxml2validator.xsd"))).assertValid(manifest)
        link_schema = etree.XMLSchema(etree.parse(str(folder / "imslticc_v1p0p1.xsd")))
        ns = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
        hrefs = manifest.xpath("//cp:resource/cp:file/@href", namespaces=ns)
        for href in hrefs:
            link = etree.fromstring(archive.read(href))
            link_schema.assertValid(link)
            url = link.findtext("{http://www.imsglobal.org/xsd/imsbasiclti_v1p0}launch_url")
            assert url.startswith("https://plx.example.org/lti/launch?target=npqh/")
    from plxblocks.course import load_course

    model = load_course(course).course
    assert len(hrefs) == len(model.units)
    modules = manifest.xpath("//cp:organization/cp:item/cp:item", namespaces=ns)
    assert len(modules) == len(model.modules)
    assert [len(m.xpath("cp:item", namespaces=ns)) for m in modules] == [len(m.units) for m in model.modules]
    if lang == "cy":
        assert modules[0].findtext("cp:title", namespaces=ns) == model.modules[0].title.cy


def test_the_same_course_gives_the_same_bytes(tmp_path):
    build(DATA / "minimal", tmp_path / "a.imscc")
    build(DATA / "minimal", tmp_path / "b.imscc")
    assert (tmp_path / "a.imscc").read_bytes() == (tmp_path / "b.imscc").read_bytes()


def test_a_base_that_is_not_an_address_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "plxblocks.cli", "cc", str(DATA / "minimal"), "--base", "plx",
                             "-o", str(tmp_path / "x.imscc")], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
