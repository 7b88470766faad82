"""``plx scorm`` and ``plx build``: outputs, exit status, and no tracebacks for a user's mistakes."""
from __future__ import annotations

import zipfile

from click.testing import CliRunner

from plxblocks.cli import main


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_scorm_writes_one_zip(minimal_course, tmp_path):
    out = tmp_path / "course.zip"
    result = run("scorm", minimal_course, "--standard", "2004", "--lang", "cy", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(f"course.zip: {out.stat().st_size:,} bytes")
    with zipfile.ZipFile(out) as archive:
        assert {"imsmanifest.xml", "index.html"} <= set(archive.namelist())
        assert b'<html lang="cy">' in archive.read("index.html")


def test_scorm_into_a_folder_uses_the_default_name(minimal_course, tmp_path):
    result = run("scorm", minimal_course, "--standard", "1.2", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "minimal-scorm12.zip").is_file()


def test_split_modules_writes_one_zip_per_module(minimal_course, tmp_path):
    result = run("scorm", minimal_course, "--standard", "1.2", "--split", "modules", "-o", tmp_path / "split")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "split").iterdir()) == ["minimal-basics-scorm12.zip"]


def test_build_writes_both_standards_bilingual_and_per_language(minimal_course, tmp_path):
    result = run("build", minimal_course.parent, "-o", tmp_path / "dist")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "dist" / "minimal").iterdir() if p.suffix == ".zip")
    assert names == sorted(f"minimal-scorm{s}{lang}.zip" for s in ("12", "2004") for lang in ("", "-en", "-cy"))


def test_usage_errors_exit_2(minimal_course, tmp_path):
    assert run("scorm", minimal_course, "--standard", "1.3", "-o", tmp_path / "x.zip").exit_code == 2
    assert run("scorm", minimal_course, "-o", tmp_path / "x.zip").exit_code == 2
    assert run("scorm", minimal_course, "--standard", "1.2").exit_code == 2
    result = run("scorm", tmp_path / "nope", "--standard", "1.2", "-o", tmp_path / "x.zip")
    assert result.exit_code == 2 and "no such file or folder" in result.stderr


def test_content_errors_exit_1_and_build_nothing(minimal_course, tmp_path):
    (minimal_course / "media" / "teacher.png").unlink()
    result = run("scorm", minimal_course, "--standard", "1.2", "-o", tmp_path / "x.zip")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "nothing was built" in result.stderr
    assert not (tmp_path / "x.zip").exists()


def test_bad_output_name_and_download_failure_exit_1(minimal_course, tmp_path):
    result = run("scorm", minimal_course, "--standard", "1.2", "-o", tmp_path / "course.tar")
    assert result.exit_code == 1 and "should end in .zip" in result.stderr
    prose = minimal_course / "modules/basics/first-steps/introduction.en.md"
    prose.write_text(prose.read_text() + "\n![A chart](http://127.0.0.1:9/chart.png)\n")
    prose_cy = minimal_course / "modules/basics/first-steps/introduction.cy.md"
    prose_cy.write_text(prose_cy.read_text() + "\n![Siart](http://127.0.0.1:9/chart.png)\n")
    result = run("scorm", minimal_course, "--standard", "1.2", "-o", tmp_path / "x.zip",
                 "--media-cache", tmp_path / "cache", "--allow-private-media", "127.0.0.1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ("introduction.en.md:7: cannot download http://127.0.0.1:9/chart.png: could not connect"
            in result.stderr)
