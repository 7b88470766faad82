"""``plx preview`` in headless Chromium: edit a file and the open page changes by itself; break
the content and the page shows the errors; fix it and the course comes back."""
from __future__ import annotations

import pytest

from plxblocks.preview import VERSION_PATH, PreviewServer, PreviewSite
from tests.a11y import axe_violations


@pytest.fixture
def preview(minimal_course):
    from scorm import RemoteMedia

    site = PreviewSite(minimal_course, remote=RemoteMedia(minimal_course.parent / "cache"), poll_ms=200)
    with PreviewServer(site, interval=0.1) as server:
        yield server


def test_the_page_follows_the_authors_edits(preview, minimal_course, page):
    page.goto(preview.url)
    page.get_by_text("Feedback moves learning on.").first.wait_for()

    prose = minimal_course / "modules/basics/first-steps/introduction.en.md"
    prose.write_text(prose.read_text().replace("Feedback moves learning on.",
                                               "Feedback changes what happens next."))
    page.get_by_text("Feedback changes what happens next.").first.wait_for(timeout=10_000)

    unit = minimal_course / "modules/basics/first-steps/unit.yaml"
    good = unit.read_text()
    unit.write_text(good.replace("blocks:\n", "blocks:\n - prose: introduction\n  - check: x\n", 1))
    errors = page.locator("#plx-preview-errors")
    errors.wait_for(timeout=10_000)
    assert "unit.yaml:6:3: this line does not line up with the list" in errors.inner_text()
    assert page.title() == "plx preview: 1 error"
    assert axe_violations(page) == []

    unit.write_text(good)
    page.get_by_text("Feedback changes what happens next.").first.wait_for(timeout=10_000)


def test_errors_are_escaped_and_files_outside_the_package_are_not_served(preview, minimal_course):
    import urllib.request

    (minimal_course / "course.yaml").write_text("id: <script>alert(1)</script>\n")
    preview.site.rebuild_if_changed()
    status, kind, body = preview.site.page("/")
    assert b"&lt;script&gt;" in body and b"<script>alert" not in body
    for path in ("/../course.yaml", "/%2e%2e/course.yaml", "/course.yaml"):
        assert preview.site.page(path)[0] in (200, 404)
        assert b"id: <script>" not in preview.site.page(path)[2]
    with urllib.request.urlopen(preview.url.rstrip("/") + VERSION_PATH) as response:
        assert response.headers["Content-Type"] == "application/json"


def test_a_save_renders_only_the_units_it_changed_and_the_same_page_as_a_fresh_preview(tmp_path):
    """The preview keeps the block views of the last build: an edit renders its unit again, says
    so, and the page is what a preview started afresh would show."""
    import shutil

    from scorm import RemoteMedia
    from tests.conftest import CONTENT

    course = tmp_path / "content" / "feedback-workload"
    shutil.copytree(CONTENT / "feedback-workload", course)
    said: list[str] = []
    site = PreviewSite(course, remote=RemoteMedia(tmp_path / "cache"), say=said.append)
    site.rebuild()
    assert said == ["feedback-workload: 18 of 18 units rebuilt"]
    prose = course / "modules/why-feedback-and-workload/the-feedback-cycle/cycle.cy.md"
    prose.write_text(prose.read_text(encoding="utf-8").replace("adborth", "adborth da", 1), encoding="utf-8")
    site.rebuild()
    assert said[-1] == "feedback-workload: 1 of 18 units rebuilt (17 unchanged since the last build)"
    fresh = PreviewSite(course, remote=RemoteMedia(tmp_path / "cache"), say=said.append)
    fresh.rebuild()
    assert site.files.keys() == fresh.files.keys()
    assert site.files["index.html"] == fresh.files["index.html"] and b"adborth da" in site.files["index.html"]
