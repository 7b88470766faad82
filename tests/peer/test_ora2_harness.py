"""The bench's ORA2 harness on a new machine: its pinned venv installs and ORA2 serves a small crowd.

``make bench`` is not part of the test run, so without this test nothing in CI would ever run the
ORA2 install (``benchmarks/ora2/requirements.txt``) or the driver that talks to ORA2's peer API.
It runs where ``PLX_TEST_POSTGRES_URL`` is set (``.ci/run`` sets it), against a database of its own.
"""
from __future__ import annotations

import os
import re

import pytest

from benchmarks import ora2

URL = os.environ.get("PLX_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="PLX_TEST_POSTGRES_URL is not set: ORA2's harness not run")


def test_the_lock_file_pins_every_requirement_the_bench_names():
    locked = {line.split("==")[0].lower(): line.split("==")[1] for line in ora2.LOCK.read_text().splitlines()
              if line and not line.startswith("#")}
    for requirement in ora2.REQUIREMENTS:
        name, version = re.sub(r"\[.*\]", "", requirement).split("==")
        assert locked.get(name.lower()) == version, requirement


def test_ora2_installs_and_hands_out_reviews_through_its_own_peer_api():
    url = re.sub(r"/[^/]*$", "/plx_ora2_harness", URL)
    ora2.ensure_venv()
    ora2.setup(url)
    try:
        run = ora2.run(url, "harness-item", submissions=200, workers=4, reviews_each=2, quota=3)
    finally:
        ora2.drop(url)
    assert run.errors == []
    assert run.reviews == 50 * 2  # the driver's 50 reviewers, two reviews each
    assert run.allocations >= run.reviews
    assert len(run.next_seconds) == run.reviews
