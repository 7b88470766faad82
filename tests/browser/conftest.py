"""Browser tests: a real workbench server (free port, stopped afterwards) and headless Chromium."""
from __future__ import annotations

import shutil
import uuid

import pytest

from plxblocks.workbench.testing import running_workbench
from tests.conftest import DATA


@pytest.fixture(scope="session")
def workbench_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    content = folder / "content"
    shutil.copytree(DATA / "minimal", content / "minimal")
    with running_workbench([content], folder / "data") as base:
        yield base


@pytest.fixture
def student():
    return f"b-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def unit_page(page, workbench_url, student):
    """The minimal course's unit, opened by a new learner; a JS error fails the test."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(f"{workbench_url}/scenario/plx_lesson.0/?student={student}")
    page.wait_for_selector("[data-plx-kind=reflection]")
    yield page
    assert errors == []
