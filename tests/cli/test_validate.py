"""``plx validate``: exit status, output shape, and no tracebacks for a user's mistakes."""
from __future__ import annotations

from click.testing import CliRunner

from plxblocks.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_clean_course_exits_0_with_one_summary_line(minimal_course):
    result = run("validate", str(minimal_course))
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert line.endswith(": OK: 1 module, 1 unit, 1 check, 1 reflection, 1 peer task; "
                         "80 words en, 84 words cy; about 0.3 hours")


def test_stats_prints_a_row_per_module(minimal_course):
    result = run("validate", "--stats", str(minimal_course))
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["module", "units", "checks", "refl.", "peer", "words", "en", "words", "cy", "min"]
    assert lines[2].split() == ["basics", "1", "1", "1", "1", "68", "73", "20"]


def test_errors_exit_1_listing_every_problem_without_traceback(minimal_course):
    (minimal_course / "course.yaml").write_text(
        (minimal_course / "course.yaml").read_text().replace("passing_score: 70", "passing_score: 170"))
    unit = minimal_course / "modules/basics/first-steps/unit.yaml"
    unit.write_text(unit.read_text().replace("max_words: 300", "max_words: 3"))
    result = run("validate", str(minimal_course))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[0].endswith("course.yaml:12:16: 'passing_score' in course.yaml: expected a whole "
                             "number between 0 and 100, got 170")
    assert lines[1].endswith("unit.yaml:28:16: word limits in reflection 'my-feedback' make no sense: "
                             "min_words (20) is more than max_words (3)")
    assert lines[-1] == "2 errors, 0 warnings in 1 course: nothing was built"


def test_a_folder_of_courses_is_expanded(minimal_course):
    result = run("validate", str(minimal_course.parent))
    assert result.exit_code == 0 and result.stdout.count(": OK:") == 1


def test_glossary_beside_courses_is_accepted_as_a_path(minimal_course):
    glossary = minimal_course.parent / "glossary.yaml"
    glossary.write_text("terms:\n  - {en: feedback, cy: adborth, status: confirmed, source: test}\n")
    result = run("validate", str(minimal_course), str(glossary))
    assert result.exit_code == 0, result.output


def test_missing_path_is_a_usage_error(tmp_path):
    result = run("validate", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_a_folder_that_is_not_a_course_is_a_usage_error(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2 and "not a course folder" in result.stderr


def test_missing_translations_can_be_warnings(minimal_course):
    unit = minimal_course / "modules/basics/first-steps/unit.yaml"
    unit.write_text(unit.read_text().replace("  cy: Camau cyntaf\n", ""))
    assert run("validate", str(minimal_course)).exit_code == 1
    result = run("validate", "--allow-missing-translations", str(minimal_course))
    assert result.exit_code == 0
    assert "warning: missing Welsh translation ('cy') of 'title' in unit.yaml" in result.stderr


def test_a_control_character_stops_every_build_with_its_place_not_a_traceback(minimal_course, tmp_path):
    """A BEL in Markdown passed `validate` and crashed `olx`, `scorm` and `build` in lxml (issue 11.8)."""
    prose = minimal_course / "modules/basics/first-steps/introduction.en.md"
    prose.write_text(prose.read_text(encoding="utf-8").replace("learning on.", "learning\a on."), encoding="utf-8")
    out = tmp_path / "out"
    commands = {"olx": ["olx", str(minimal_course), "-o", str(out / "c.tar.gz")],
                "scorm": ["scorm", str(minimal_course), "--standard", "1.2", "-o", str(out / "c.zip")],
                "build": ["build", str(minimal_course), "-o", str(out)]}
    for name, args in commands.items():
        result = run(*args)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (name, result.exception)
        assert "introduction.en.md:3:24: invisible character U+0007 (BEL)" in result.stderr, name
        assert "Traceback" not in result.output, name
    assert not out.exists()


def test_a_second_validation_takes_unchanged_modules_from_the_load_cache(minimal_course, tmp_path, monkeypatch):
    """The commands keep what loading each module found (plxblocks/course/load_cache.py): the
    second run reports the same, from the cache; PLX_LOAD_CACHE=off keeps nothing."""
    import sqlite3

    unit = minimal_course / "modules/basics/first-steps/unit.yaml"
    unit.write_text(unit.read_text().replace("max_words: 300", "max_words: 3"))
    monkeypatch.setenv("PLX_LOAD_CACHE", str(tmp_path / "cache" / "load.sqlite3"))
    first, second = run("validate", str(minimal_course)), run("validate", str(minimal_course))
    assert first.exit_code == second.exit_code == 1 and "min_words (20) is more than max_words (3)" in first.stderr
    assert (first.stdout, first.stderr) == (second.stdout, second.stderr)
    with sqlite3.connect(tmp_path / "cache" / "load.sqlite3") as db:
        assert db.execute("SELECT module FROM modules").fetchall() == [("basics",)]
    monkeypatch.setenv("PLX_LOAD_CACHE", "off")
    monkeypatch.setenv("PLX_CACHE_DIR", str(tmp_path / "other"))
    assert run("validate", str(minimal_course)).stderr == first.stderr
    assert not (tmp_path / "other").exists()
