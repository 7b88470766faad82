"""Property: whatever an editor does to a content file, loading reports problems, never crashes."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plxblocks.course import load_course
from tests.conftest import DATA

FILES = [
    "course.yaml",
    "modules/basics/module.yaml",
    "modules/basics/first-steps/unit.yaml",
    "modules/basics/first-steps/introduction.en.md",
    "modules/basics/first-steps/introduction.cy.md",
]

# Fragments that tend to break YAML and Markdown parsers, mixed with arbitrary text and bytes.
NASTY = st.sampled_from([
    ":", "- ", "  ", "\t", "{", "}", "[", "]", "|", ">", "&a", "*a", "!!python/object", "---", "...",
    "\n", "#", "<", "<script>", "</", "`", "```", "![", "](", "media/", "../", "%2e", "\x00", "\ufeff",
    "\u202e", "ŵ", "yes", "null", "~", "1e9", "-1", "'", '"', "\\", "<img onerror=x>", "[](javascript:x)",
])
EDIT = st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=40),
                 st.one_of(st.text(max_size=30), NASTY, st.lists(NASTY, max_size=6).map("".join)))


def mangle(data: bytes, edits, raw: bytes) -> bytes:
    for start, length, insert in edits:
        start %= len(data) + 1
        data = data[:start] + insert.encode("utf-8", "surrogatepass") + data[start + length:]
    return data + raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), edits=st.lists(EDIT, min_size=1, max_size=4),
       raw=st.binary(max_size=8))
def test_loader_never_crashes_on_mangled_files(file, edits, raw):
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "minimal"
        shutil.copytree(DATA / "minimal", course)
        path = course / file
        path.write_bytes(mangle(path.read_bytes(), edits, raw))
        result = load_course(course)  # must not raise
        for diagnostic in result.diagnostics:
            assert diagnostic.message and diagnostic.format(relative_to=course)
            assert diagnostic.line is None or diagnostic.line >= 1


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=400))
def test_loader_never_crashes_on_arbitrary_unit_files(text):
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "minimal"
        shutil.copytree(DATA / "minimal", course)
        (course / "modules/basics/first-steps/unit.yaml").write_text(text, encoding="utf-8",
                                                                     errors="surrogatepass")
        load_course(course)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(max_size=12), prose=st.text(max_size=24))
def test_what_the_loader_accepts_every_exporter_can_write(title, prose):
    """Any character, typed into Markdown or written as a YAML escape (json.dumps writes one for
    every control character and lone surrogate): either the loader refuses it with a message, or
    the OLX archive and a SCORM package are written. NUL, BEL, ESC or U+FFFE once passed the loader
    and crashed both in lxml (issue 11.8)."""
    import json

    from plxblocks.olx.archive import archive_files
    from scorm import RemoteMedia, package_files, package_specs

    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "minimal"
        shutil.copytree(DATA / "minimal", course)
        course_file = course / "course.yaml"
        course_file.write_text(course_file.read_text(encoding="utf-8").replace(
            "en: A minimal course", f"en: {json.dumps('A minimal course ' + title)}"), encoding="utf-8")
        markdown = course / "modules/basics/first-steps/introduction.en.md"
        with open(markdown, "a", encoding="utf-8", errors="surrogatepass") as file:
            file.write(f"\nA line added: {prose}\n")
        result = load_course(course)
        if not result.ok:
            assert result.diagnostics.errors
            return
        archive_files(result.course)
        package_files(package_specs(result.course, "2004")[0], RemoteMedia(cache_dir=Path(tmp) / "cache"))
