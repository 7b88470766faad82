"""Content too big or too deep is refused with ``file:line: message``, quickly, never with a
traceback or a crash (issue 11.8). The inputs are generated, too big for a case file."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from plxblocks.course import limits, load_course

MODULE = "modules/basics/module.yaml"
PROSE = "modules/basics/first-steps/introduction.en.md"


def messages(course: Path) -> list[str]:
    return [d.format(relative_to=course) for d in load_course(course).diagnostics.sorted()]


def set_minutes(course: Path, value: str) -> None:
    path = course / MODULE
    path.write_text(path.read_text(encoding="utf-8").replace("estimated_minutes: 20", f"estimated_minutes: {value}"),
                    encoding="utf-8")


@pytest.mark.parametrize("number, digits", [("1" * 5000, "5,000"), ("0x" + "f" * 5000, "5,000")])
def test_a_number_of_thousands_of_digits_is_one_error_not_a_traceback(minimal_course, number, digits):
    """Python refuses to convert integers of over 4,300 digits (ValueError); a hex one converts,
    and then printing it in a message raised the same ValueError."""
    set_minutes(minimal_course, number)
    assert messages(minimal_course) == [
        f"{MODULE}:10:20: a number of {digits} digits: no setting takes more than 30; if it is meant as "
        "text, put it in quotes"]


DEEP = f"{MODULE}:10:{{col}}: mappings and lists are nested more than 32 deep here: no content file needs more " \
       "than 10 levels; check the brackets and the indentation"


@pytest.mark.parametrize("value, col", [("[" * 3000 + "]" * 3000, 51), ("{a: " * 3000 + "}" * 3000, 144)])
def test_deep_nesting_is_one_error_not_a_recursion_error(minimal_course, value, col):
    set_minutes(minimal_course, value)
    assert messages(minimal_course) == [DEEP.format(col=col)]


def test_deep_block_nesting_is_one_error(minimal_course):
    set_minutes(minimal_course, "".join("\n" + "  " * depth + "- " for depth in range(1, 40)) + "x")
    assert messages(minimal_course) == [f"{MODULE}:42:65: mappings and lists are nested more than 32 deep here: "
                                        "no content file needs more than 10 levels; check the brackets and the "
                                        "indentation"]


def test_nesting_that_crashed_the_yaml_parser_is_one_error(minimal_course):
    """100,000 levels (200 KB, well inside the file limit) crashed libyaml's composer with a
    segmentation fault, so the load runs in a child process that may die."""
    set_minutes(minimal_course, "[" * 100_000 + "]" * 100_000)
    script = ("import sys; from plxblocks.course import load_course; "
              "print('\\n'.join(d.format(relative_to=sys.argv[1]) for d in load_course(sys.argv[1]).diagnostics))")
    result = subprocess.run([sys.executable, "-c", script, str(minimal_course)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, f"the loader died with status {result.returncode}"
    assert result.stdout.splitlines() == [DEEP.format(col=51)]


def test_a_255_mb_markdown_file_is_refused_at_once(minimal_course):
    """It took 73 s and 4.3 GB to validate, and passed. (A sparse file: no disk is used.)"""
    with open(minimal_course / PROSE, "r+b") as file:
        file.truncate(255 * 1024 * 1024)
    start = time.monotonic()
    found = messages(minimal_course)
    assert time.monotonic() - start < 5
    assert f"{PROSE}: file is 255 MB, over the limit of 512 KB for one YAML or Markdown file: split it (a unit's " \
           "text is a few KB)" in found


def test_a_text_file_just_over_the_limit_is_refused_and_one_at_it_is_read(minimal_course):
    path = minimal_course / PROSE
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "x" * (limits.TEXT_FILE_BYTES - len(text.encode())), encoding="utf-8")
    assert not any("over the limit" in m for m in messages(minimal_course))
    path.write_text(path.read_text(encoding="utf-8") + "x", encoding="utf-8")
    assert f"{PROSE}: file is 512 KB, over the limit of 512 KB for one YAML or Markdown file: split it (a unit's " \
           "text is a few KB)" in messages(minimal_course)


def test_the_course_text_limit_is_reported_once_at_the_file_that_crosses_it(minimal_course, monkeypatch):
    limit = (minimal_course / "course.yaml").stat().st_size + (minimal_course / MODULE).stat().st_size - 1
    monkeypatch.setattr(limits, "COURSE_TEXT_BYTES", limit)
    assert messages(minimal_course) == [
        f"{MODULE}: with this file the course's YAML and Markdown add up to more than {limit:,} bytes, the limit for "
        "one course: split it into smaller courses"]


def test_used_media_over_the_limits_are_reported_at_the_file(minimal_course, monkeypatch):
    image = minimal_course / "media" / "teacher.png"
    monkeypatch.setattr(limits, "MEDIA_FILE_BYTES", image.stat().st_size - 1)
    monkeypatch.setattr(limits, "COURSE_MEDIA_BYTES", image.stat().st_size - 1)
    (minimal_course / "media" / "unused.bin").write_bytes(b"x" * (image.stat().st_size * 2))
    found = messages(minimal_course)
    assert [m.split(":")[0] for m in found] == ["media", "media/teacher.png"]
    assert "the media the course uses add up to" in found[0] and "over the limit of" in found[0]
    assert "over the limit of" in found[1] and "for one media file: make it smaller" in found[1]


def test_listing_media_stops_at_the_file_limit(minimal_course, monkeypatch):
    monkeypatch.setattr(limits, "MEDIA_FILES", 3)
    for index in range(5):
        (minimal_course / "media" / f"extra-{index}.png").write_bytes(b"x")
    assert messages(minimal_course)[0] == (
        "media: holds more than 3 files, the limit for one course: remove the files no text uses (the rest "
        "were not checked)")


def test_the_course_text_limit_admits_the_largest_course_the_load_benchmark_measures(tmp_path):
    """bench_load validates generated courses of up to 5,000 units: the limit must not refuse the
    largest size the project measures (measured here on 200 units, which grow linearly)."""
    from benchmarks.bench_load import SIZES
    from benchmarks.generate_course import generate

    folder = generate(200, tmp_path / "generated-200")
    text = sum(p.stat().st_size for p in folder.rglob("*") if p.suffix in (".md", ".yaml"))
    assert text / 200 * max(SIZES) < limits.COURSE_TEXT_BYTES * 0.9
