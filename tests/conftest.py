"""Shared test fixtures: the shipped content folder, and the folders of test data."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.lms_venv import lms_plugin_venv, lms_venv, plx_wheel  # noqa: F401  (session fixtures)

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
DATA = Path(__file__).resolve().parent / "course" / "data"


def shipped_courses() -> list[Path]:
    return sorted(p.parent for p in CONTENT.glob("*/course.yaml"))


@pytest.fixture(autouse=True, scope="session")
def _load_cache_of_the_run(tmp_path_factory):
    """The plx commands' load cache (plxblocks/course/load_cache.py) in a file of this run, never
    the user's own; shared by the run's tests, so a command run twice finds its modules there."""
    import os

    before = os.environ.get("PLX_LOAD_CACHE")
    os.environ["PLX_LOAD_CACHE"] = str(tmp_path_factory.mktemp("load-cache") / "load.sqlite3")
    yield
    if before is None:
        del os.environ["PLX_LOAD_CACHE"]
    else:
        os.environ["PLX_LOAD_CACHE"] = before


@pytest.fixture
def minimal_course(tmp_path: Path) -> Path:
    """A writable copy of the smallest complete course (every block kind), in its own folder."""
    import shutil

    target = tmp_path / "content" / "minimal"
    shutil.copytree(DATA / "minimal", target, symlinks=True)
    return target


# ------------------------------------------------------------------------------- browser tests
# Playwright drives Debian's Chromium (its own browser download does not work on these machines).

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run. ``make test`` installs it; without it, skip."""
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page (no shared cookies or storage between tests)."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


# ------------------------------------------------------------------------------- the run's last line
@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """One line at the very end: how many tests were skipped and why, grouped by reason.

    A newcomer without ``../shared`` (SCORM schemas, Moodle) or the server databases sees at a
    glance what did not run, instead of a green run that silently tested less. (A wrapper, so the
    line comes after pytest's own short summary.)"""
    yield
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    if not reasons:
        terminalreporter.write_line("plx: no test was skipped")
        return
    total = sum(reasons.values())
    parts = "; ".join(f"{count} x {reason}" for reason, count in sorted(reasons.items(), key=lambda r: -r[1]))
    terminalreporter.write_line(f"plx: {total} test{'s' * (total != 1)} skipped: {parts}")


def add_second_unit(course: Path, without_peer_review: bool = False) -> Path:
    """Give the minimal *course* a second unit, "Second steps" (a copy of the first; without its
    peer-review task, which no learner completes alone, if *without_peer_review*)."""
    import shutil

    module = course / "modules" / "basics"
    shutil.copytree(module / "first-steps", module / "second-steps")
    unit = module / "second-steps" / "unit.yaml"
    text = unit.read_text(encoding="utf-8").replace("en: First steps", "en: Second steps").replace(
        "cy: Camau cyntaf", "cy: Ail gamau")
    if without_peer_review:
        text = text[:text.index("  - peer_review:")]
    unit.write_text(text, encoding="utf-8")
    module_file = module / "module.yaml"
    module_file.write_text(module_file.read_text(encoding="utf-8")
                           .replace("  - first-steps\n", "  - first-steps\n  - second-steps\n"), encoding="utf-8")
    return course
