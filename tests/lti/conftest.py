"""Fixtures of the LTI tests: a stand-in platform and the tool registered with it, served by gunicorn."""
from __future__ import annotations

import pytest

from plxblocks.lti.testing import FakePlatform

from .tooling import lti_course, register_platform, running_tool

TOOL_PATHS: dict[str, tuple] = {}
"""Base URL -> (data folder, content folder) of each running tool."""


@pytest.fixture(scope="session")
def platform():
    fake = FakePlatform()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def tool(tmp_path_factory, platform):
    """The tool's base URL, registered with :func:`platform` (deployment ``dep-1``)."""
    folder = tmp_path_factory.mktemp("lti")
    content = lti_course(folder)
    data = folder / "data"
    with running_tool(data, content) as base:
        register_platform(data, content, platform.registration)
        platform.tool_jwks_url = base + "/lti/jwks"
        TOOL_PATHS[base] = (data, content)
        yield base
