"""The Open edX course archive of each shipped course: complete, deterministic, olxcleaner-clean,
stable url_names, and every component parses back through our XBlocks into the model it came from."""
from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import olxcleaner
import pytest
from lxml import etree

from plxblocks.course import load_course
from plxblocks.olx.archive import PLX_BLOCKS, archive_files, sequentials, write_archive
from plxblocks.olx.blocks import fields_from_model
from plxblocks.render.progress import module_introduction
from tests.archives import extract_tar
from tests.conftest import shipped_courses

COURSES = shipped_courses()


@pytest.fixture(scope="module", params=COURSES, ids=lambda p: p.name)
def course(request):
    return load_course(request.param).course


def extract(archive: Path, into: Path) -> Path:
    extract_tar(archive, into)
    return into / "course"


def cleaner_errors(folder: Path) -> list[str]:
    _, errors, _ = olxcleaner.validate(str(folder), steps=8, allowed_xblocks=list(PLX_BLOCKS))
    return [f"{type(e).__name__}: {e.description}" for e in errors.errors]


@pytest.mark.parametrize("lang", [None, "cy"])
def test_olxcleaner_finds_no_errors(course, lang, tmp_path):
    folder = extract(write_archive(course, tmp_path / "c.tar.gz", lang), tmp_path)
    assert cleaner_errors(folder) == []


def test_olxcleaner_would_notice_a_broken_archive(course, tmp_path):
    folder = extract(write_archive(course, tmp_path / "c.tar.gz"), tmp_path)
    next((folder / "vertical").iterdir()).unlink()
    assert any("vertical" in e.lower() or "missing" in e.lower() for e in cleaner_errors(folder))


def test_same_content_same_bytes(course, tmp_path):
    first = write_archive(course, tmp_path / "a.tar.gz").read_bytes()
    assert write_archive(course, tmp_path / "b.tar.gz").read_bytes() == first


def test_archive_layout_and_policies(course, tmp_path):
    files = archive_files(course)
    run = course.run
    assert files["course.xml"].decode().strip() == (
        f'<course url_name="{run}" org="{course.org}" course="{course.number}"/>')
    policy = json.loads(files[f"policies/{run}/policy.json"])[f"course/{run}"]
    assert policy["advanced_modules"] == ["plx_check", "plx_journal", "plx_lesson", "plx_peer_review"]
    assert policy["start"] == f"{course.start}T00:00:00Z" and policy["end"] == f"{course.end}T00:00:00Z"
    assert policy["course_image"] == "course_image.png" and "static/course_image.png" in files
    grading = json.loads(files[f"policies/{run}/grading_policy.json"])
    assert [(g["type"], g["weight"]) for g in grading["GRADER"]] == [
        (f"{t.name.en} / {t.name.cy}", t.weight / 100) for t in course.grading]
    assert grading["GRADE_CUTOFFS"] == {"Pass": course.passing_score / 100}
    formats = [etree.fromstring(data).get("format") for path, data in files.items()
               if path.startswith("sequential/")]
    assert sum(g["min_count"] for g in grading["GRADER"]) == sum(1 for f in formats if f)
    media = {p for b in course.blocks() for p in getattr(b, "media", ())}
    assert media and all(f"static/{m}" in files for m in media)
    assert "<script" not in files["about/overview.html"].decode()


def test_single_language_archives_hold_one_language(course):
    files = archive_files(course, "cy")
    lesson = next(data for path, data in files.items() if path.startswith("plx_lesson/"))
    langs = {e.get("lang") for e in etree.fromstring(lesson) if e.get("lang")}
    assert langs == {"cy"}
    policy = json.loads(files[f"policies/{course.run}/policy.json"])[f"course/{course.run}"]
    assert policy["language"] == "cy" and policy["display_name"] == course.title.cy
    # Every component is named, in Welsh: Studio lists components by their display name.
    components = [etree.fromstring(data) for path, data in files.items() if path.startswith("plx_")]
    assert components and all(node.get("display_name") for node in components)
    assert etree.fromstring(lesson).get("display_name") in {unit.title.cy for unit in course.units}


def test_url_names_survive_edits_and_reordering(tmp_path):
    import yaml

    source = COURSES[0]
    copy = tmp_path / source.name
    shutil.copytree(source, copy)
    shutil.copy(source.parent / "glossary.yaml", tmp_path / "glossary.yaml")
    before = set(archive_files(load_course(copy).course))
    module_file = next(p for p in sorted((copy / "modules").glob("*/module.yaml")))
    module = yaml.safe_load(module_file.read_text())
    assert len(module["units"]) > 1
    module["units"].reverse()
    module_file.write_text(yaml.safe_dump(module, allow_unicode=True, sort_keys=False))
    prose = next(copy.rglob("*.en.md"))
    prose.write_text(prose.read_text() + "\nA sentence added by an editor.\n")
    after = load_course(copy)
    assert after.ok, [d.format() for d in after.diagnostics]
    assert set(archive_files(after.course)) == before


def test_every_component_parses_back_into_the_model(course, tmp_path, workbench_django):
    from workbench.runtime import WorkbenchRuntime

    folder = extract(write_archive(course, tmp_path / "c.tar.gz"), tmp_path)
    assert (round_trip(course, folder, WorkbenchRuntime("olx-round-trip"))
            == sum(len(u.blocks) for u in course.units) + len(course.modules))


def round_trip(course, folder: Path, runtime) -> int:
    """Parse every component of the archive *folder* through our XBlocks; each has the field values
    of the model block it came from (a reviewing-grade component also its part and weight).
    Returns how many task and other blocks were checked (reviewing components not counted), the
    modules' introductions among them."""
    by_uid = {b.uid: (u, b) for u in course.units for b in u.blocks}
    # Each module's introduction opens its first unit's page (plxblocks/render/progress.py).
    intros = {m.units[0].uid: module_introduction(m, course.languages) for m in course.modules}
    by_uid.update({intro.uid: (u, intro) for u in course.units if (intro := intros.get(u.uid))})
    first_on_page = {(intros[u.uid] if u.uid in intros and seq.url_name == f"s{u.uid}" else seq.blocks[0]).uid
                     + (f"-{seq.part}" if seq.part else "")
                     for u in course.units for seq in sequentials(course, u)}
    checked = 0
    for tag in PLX_BLOCKS:
        for path in sorted((folder / tag).glob("*.xml")):
            reviewing = path.stem.endswith("-reviewing")
            unit, block = by_uid[path.stem.removesuffix("-reviewing")]
            node = etree.parse(str(path)).getroot()
            xblock = runtime.get_block(runtime.parse_xml_string(etree.tostring(node, encoding="unicode")))
            expected_tag, fields = fields_from_model(block, course, unit, media_url="/static/",
                                                     first_on_page=path.stem in first_on_page)
            if reviewing:
                fields.update(part="reviewing", weight=float(block.reviewing_points))
            assert xblock.scope_ids.block_type == expected_tag
            for name, value in fields.items():
                assert getattr(xblock, name) == value, (path.name, name)
            if block.kind == "peer_review":
                assert xblock.to_model().examples == block.examples, path.name
            checked += not reviewing
    return checked


def test_archive_members_stay_inside_one_folder(course, tmp_path):
    data = write_archive(course, tmp_path / "c.tar.gz").read_bytes()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        names = tar.getnames()
    assert all(n == "course" or n.startswith("course/") for n in names)
    assert not any(".." in n.split("/") for n in names)


@pytest.mark.parametrize("run", ["../../../../tmp/x", "/tmp/x", "a/../../b"])
def test_the_archive_writer_refuses_a_member_name_that_would_leave_the_folder(minimal_course, tmp_path, run):
    """Defence in depth behind the loader's check of 'run': a model built some other way (or a
    future field that becomes a path) still cannot write outside ``course/`` (tar slip)."""
    import dataclasses

    from plxblocks.archive_names import UnsafeName

    course = dataclasses.replace(load_course(minimal_course).course, run=run)
    out = tmp_path / "out" / "c.tar.gz"
    with pytest.raises(UnsafeName, match="unsafe file name in archive"):
        write_archive(course, out)
    assert not out.exists()


def test_each_module_opens_with_its_outcomes_and_time_in_open_edx(course, tmp_path):
    """Open edX shows its own unit pages (and ticks them by the blocks' completion): a module's
    summary, outcomes and estimated time come as the first component of its first unit."""
    files = archive_files(course)
    module = course.modules[0]
    first = etree.fromstring(files[f"vertical/v{module.units[0].uid}.xml"])
    intro = module_introduction(module)
    assert first[0].tag == "plx_lesson" and first[0].get("url_name") == intro.uid
    lesson = etree.fromstring(files[f"plx_lesson/{intro.uid}.xml"])
    english = lesson.find("body[@lang='en']").text
    assert english.startswith(f"## About this module: {module.title.en}")
    assert "By the end of this module you will be able to:" in english
    assert all(f"- {o.en}" in english.replace("\\", "") for o in module.outcomes)
    assert "**Estimated time: about " in english
    welsh = lesson.find("body[@lang='cy']").text
    assert welsh.startswith(f"## Am y modiwl hwn: {module.title.cy}") and "**Amser astudio: tua " in welsh
    # Only the first unit of each module: the others start with their own blocks.
    for later in module.units[1:]:
        assert etree.fromstring(files[f"vertical/v{later.uid}.xml"])[0].get("url_name") == later.blocks[0].uid
    # A single-language archive has only that language's introduction.
    welsh_only = etree.fromstring(archive_files(course, "cy")[f"plx_lesson/{intro.uid}.xml"])
    assert welsh_only.find("body[@lang='en']") is None or not welsh_only.find("body[@lang='en']").text
