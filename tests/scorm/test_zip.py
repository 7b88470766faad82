"""Deterministic packages, and no file name that could escape the package when unzipped."""
from __future__ import annotations

import os
import shutil
import zipfile

import pytest

from scorm import PackageError
from scorm.paths import archive_name
from scorm.zipper import EPOCH, zip_bytes

from .conftest import build


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_same_content_builds_byte_identical_zips_from_any_folder(minimal_course, tmp_path, remote, standard):
    [first] = build(minimal_course, tmp_path / "one", remote, standard)
    copy = tmp_path / "elsewhere" / "minimal"
    shutil.copytree(minimal_course, copy)
    os.utime(copy / "media" / "teacher.png", (1_000_000_000, 1_000_000_000))
    [second] = build(copy, tmp_path / "two", remote, standard)
    assert first.read_bytes() == second.read_bytes()


def test_a_content_change_changes_the_zip(minimal_course, tmp_path, remote):
    [before] = build(minimal_course, tmp_path / "a", remote)
    prose = minimal_course / "modules/basics/first-steps/introduction.en.md"
    prose.write_text(prose.read_text().replace("moves learning on", "moves learning forward"))
    [after] = build(minimal_course, tmp_path / "b", remote)
    assert before.read_bytes() != after.read_bytes()


def test_entries_are_sorted_with_fixed_times_and_permissions(minimal_course, tmp_path, remote):
    [zip_path] = build(minimal_course, tmp_path, remote, "2004")
    with zipfile.ZipFile(zip_path) as archive:
        infos = archive.infolist()
        assert archive.comment == b""
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {EPOCH}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.compress_type for i in infos if i.filename.endswith(".png")} == {zipfile.ZIP_STORED}
    assert {i.compress_type for i in infos if i.filename.endswith(".html")} == {zipfile.ZIP_DEFLATED}


@pytest.mark.parametrize("name", [
    "../evil.js", "media/../../evil.js", "/etc/passwd", "C:/evil.js", "media\\..\\evil.js", "media//x.png",
    "./index.html", "media/./x.png", "", "media/x.png\x00.js", "cafe\u0301.png", "media/a:b.png",
])
def test_unsafe_names_are_refused(name):
    with pytest.raises(PackageError, match="unsafe file name in package"):
        archive_name(name)


@pytest.mark.parametrize("name", ["index.html", "media/remote/0a1b.png", "media/dŵr-ŷ-â.png", "plx/runtime/sco.js"])
def test_ordinary_names_pass(name):
    assert archive_name(name) == name


def test_zip_writer_refuses_a_slip_and_leaves_nothing_behind(tmp_path):
    out = tmp_path / "p.zip"
    with pytest.raises(PackageError, match=r"'\.\./x'"):
        zip_bytes({"index.html": b"ok", "../x": b"slip"}, out)
    assert list(tmp_path.iterdir()) == []


def test_media_symlinked_from_outside_the_course_is_a_content_error(minimal_course, tmp_path):
    from click.testing import CliRunner

    from plxblocks.cli import main

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not yours")
    image = minimal_course / "media" / "teacher.png"
    image.unlink()
    image.symlink_to(secret)
    result = CliRunner().invoke(main, ["scorm", str(minimal_course), "--standard", "1.2", "-o", str(tmp_path / "p.zip")])
    assert result.exit_code == 1
    assert "media/teacher.png: is a symbolic link to a file outside media/" in result.stderr
    assert not (tmp_path / "p.zip").exists()
