"""A course that counts reviewing (course.yaml ``counts: peer_reviewing``): its archive gives each
such peer task a reviewing-grade component in a subsection of its own, graded as that type, and
every field of the task (examples, calibration, bands, the grading rule) survives the OLX."""
from __future__ import annotations

import json

from lxml import etree

from plxblocks.course import load_course
from plxblocks.olx.archive import archive_files, write_archive
from tests.conftest import DATA
from tests.olx.test_archive import cleaner_errors, extract, round_trip

PRACTICE = DATA / "peer-practice"


def test_the_reviewing_grade_gets_a_graded_subsection_of_its_own(tmp_path):
    course = load_course(PRACTICE).course
    task = next(course.blocks())
    files = archive_files(course)
    sequential = etree.fromstring(files[f"sequential/s{task.uid}-reviewing.xml"])
    assert (sequential.get("graded"), sequential.get("format")) == ("true", "Peer reviewing / Adolygu gan gymheiriaid")
    component = etree.fromstring(files[f"plx_peer_review/{task.uid}-reviewing.xml"])
    assert (component.get("part"), component.get("weight"), component.get("plx_uid")) == ("reviewing", "5.0", task.uid)
    assert component.get("reviewing_weight") == "20"
    grading = json.loads(files["policies/2026/grading_policy.json"])["GRADER"]
    assert [(g["short_label"], g["min_count"], g["weight"]) for g in grading] == [("PR", 1, 0.8), ("RV", 1, 0.2)]
    folder = extract(write_archive(course, tmp_path / "c.tar.gz"), tmp_path)
    assert cleaner_errors(folder) == []


def test_the_task_survives_the_archive(tmp_path, workbench_django):
    from workbench.runtime import WorkbenchRuntime

    course = load_course(PRACTICE).course
    folder = extract(write_archive(course, tmp_path / "c.tar.gz"), tmp_path)
    assert round_trip(course, folder, WorkbenchRuntime("olx-reviewing")) == 1 + len(course.modules)  # the task, the introductions
    task = next(course.blocks())
    node = etree.parse(str(folder / "plx_peer_review" / f"{task.uid}.xml")).getroot()
    runtime = WorkbenchRuntime("olx-reviewing-model")
    xblock = runtime.get_block(runtime.parse_xml_string(etree.tostring(node, encoding="unicode")))
    model = xblock.to_model()
    same = ("rubric", "aggregate", "examples", "calibration", "reviewer_grade")
    assert {f: getattr(model, f) for f in same} == {f: getattr(task, f) for f in same}
    assert task.rubric[1].levels[1].up_to == 3 and xblock.max_score() == 7.0  # 2 + the top of the band
