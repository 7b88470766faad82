"""In-process workbench for block and handler tests: Django configured once per test run, with a
SQLite database in a temporary folder, the minimal course, and the peer-practice course (a peer
task with example responses, a reviewing grade, the mean and a range band: its task is the
scenario ``plx_peer_review.1``, its reviewing-grade component ``plx_peer_review.2``)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from plxblocks.workbench.testing import configure_in_process
from tests.conftest import DATA

_READY: dict = {}


def setup_django(folder: Path) -> Path:
    """Configure Django with the plx workbench settings (once) and migrate; returns the content folder."""
    if _READY:
        return _READY["content"]
    content = folder / "content"
    shutil.copytree(DATA / "minimal", content / "minimal")
    shutil.copytree(DATA / "peer-practice", content / "peer-practice")  # after minimal: its scenarios come second
    configure_in_process(folder, [content])
    _READY["content"] = content
    return content


def usages(html: str) -> dict[str, str]:
    """Block type -> usage id of the first block of each type in a rendered workbench page."""
    found: dict[str, str] = {}
    for usage, kind in re.findall(r"data-usage='([^']+)' data-block-type='([^']+)'", html):
        found.setdefault(kind, usage)
    return found


class Learner:
    """One learner (the workbench's ``?student=``) talking to the handlers over HTTP."""

    def __init__(self, client, name: str) -> None:
        self.client, self.name = client, name

    def page(self, scenario: str = "plx_lesson.0") -> str:
        response = self.client.get(f"/scenario/{scenario}/?student={self.name}")
        assert response.status_code == 200
        return response.content.decode("utf-8")

    def post(self, usage: str, handler: str, body, raw: bool = False):
        import json

        data = body if raw else json.dumps(body)
        return self.client.post(f"/handler/{usage}/{handler}/?student={self.name}", data=data,
                                content_type="application/json")

    def get(self, usage: str, handler: str, query: str = "", **headers):
        """GET a handler; *headers* as Django's test client takes them (``HTTP_REFERER=...``)."""
        return self.client.get(f"/handler/{usage}/{handler}/?student={self.name}{'&' + query if query else ''}",
                               **headers)


# ----------------------------------------------------------------- fixtures (imported by conftests)
@pytest.fixture(scope="session")
def workbench_django(tmp_path_factory):
    return setup_django(tmp_path_factory.mktemp("workbench"))


@pytest.fixture
def client(workbench_django):
    from django.test import Client

    return Client()


@pytest.fixture
def learner_factory(client):
    return lambda name: Learner(client, name)


@pytest.fixture
def unit(learner_factory):
    """The minimal course's unit as seen by a fresh learner: ``(learner, {block type: usage id})``."""
    import uuid

    learner = learner_factory(f"learner-{uuid.uuid4().hex[:8]}")
    return learner, usages(learner.page())


@pytest.fixture
def events(monkeypatch):
    """Every ``runtime.publish`` call as ``(block type, event type, data)``."""
    from workbench.runtime import WorkbenchRuntime

    seen = []
    monkeypatch.setattr(WorkbenchRuntime, "publish",
                        lambda self, block, kind, data: seen.append((block.scope_ids.block_type, kind, data)))
    return seen


@pytest.fixture
def settings_language():
    """The LMS language set to Welsh for one test (the blocks' default language follows it)."""
    from django.utils import translation

    with translation.override("cy"):
        yield "cy"
