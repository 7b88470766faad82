"""``plx build`` rebuilds only what changed (issue 13): a one-word edit renders one unit again, says
so, and gives exactly the bytes of a clean build; in one process or in a pool of workers."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from plxblocks.cli import main
from plxblocks.rendercache import CACHE_FOLDER
from tests.conftest import CONTENT

COURSE = "feedback-workload"
EDITED = Path("modules/why-feedback-and-workload/the-feedback-cycle/cycle.en.md")


def run(*args) -> object:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A writable copy of a shipped course (and the glossary beside it)."""
    target = tmp_path / "content" / COURSE
    shutil.copytree(CONTENT / COURSE, target)
    shutil.copy(CONTENT / "glossary.yaml", target.parent / "glossary.yaml")
    return target


def outputs(folder: Path) -> dict[str, bytes]:
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    return {name: data for name, data in files.items() if not name.startswith(CACHE_FOLDER)}


def one_word_edit(path: Path) -> str:
    """Put a word into the first paragraph of *path*; return the paragraph's new first words."""
    text = path.read_text(encoding="utf-8")
    paragraph = next(line for line in text.splitlines() if re.match(r"[A-Z][a-z]+ ", line))
    edited = paragraph.replace(" ", " really ", 1)
    path.write_text(text.replace(paragraph, edited, 1), encoding="utf-8")
    return " ".join(edited.split()[:3])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_one_word_edit_rebuilds_one_unit_and_the_bytes_of_a_clean_build(course, tmp_path, jobs):
    dist = tmp_path / "dist"
    first = run("build", course, "-o", dist, "--jobs", jobs)
    assert f"{COURSE}: 18 of 18 units rebuilt\n" in first.stderr
    assert (dist / CACHE_FOLDER / f"{COURSE}.sqlite3").is_file()

    unchanged = run("build", course, "-o", dist, "--jobs", jobs)
    assert f"{COURSE}: 0 of 18 units rebuilt (18 unchanged since the last build)" in unchanged.stderr

    words = one_word_edit(course / EDITED)
    again = run("build", course, "-o", dist, "--jobs", jobs)
    assert f"{COURSE}: 1 of 18 units rebuilt (17 unchanged since the last build)" in again.stderr

    clean = run("build", course, "-o", tmp_path / "clean", "--jobs", jobs)
    assert f"{COURSE}: 18 of 18 units rebuilt\n" in clean.stderr
    rebuilt, fresh = outputs(dist), outputs(tmp_path / "clean")
    assert len(fresh) == 9 and rebuilt.keys() == fresh.keys()
    for name in fresh:
        assert rebuilt[name] == fresh[name], f"{name} differs from a clean build"
    import zipfile

    with zipfile.ZipFile(dist / COURSE / f"{COURSE}-scorm12-en.zip") as package:
        assert words in package.read("index.html").decode("utf-8")


def test_a_new_plx_renders_everything_again(course, tmp_path, monkeypatch):
    import plxblocks.rendercache

    dist = tmp_path / "dist"
    run("build", course, "-o", dist, "--jobs", "1")
    monkeypatch.setattr(plxblocks.rendercache, "code_fingerprint", lambda: "another version of plx")
    assert f"{COURSE}: 18 of 18 units rebuilt\n" in run("build", course, "-o", dist, "--jobs", "1").stderr


def test_progress_counts_outputs_done_in_a_pool(course, tmp_path):
    result = run("build", course, "-o", tmp_path / "dist", "--jobs", "2")
    lines = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in lines] == [f"[{i}/9" for i in range(1, 10)]
    labels = {line.split("] ", 1)[1] for line in lines}
    assert labels == {f"{COURSE}: {kind} ({variant})" for kind in ("Open edX archive", "SCORM 1.2", "SCORM 2004")
                      for variant in ("bilingual", "en", "cy")}
    written = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert len(written) == 9 and all(Path(name).is_file() for name in written)
