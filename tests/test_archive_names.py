"""The archive name check's quick path (plain names) agrees with its full walk."""
from __future__ import annotations

import pytest

from plxblocks import archive_names
from plxblocks.archive_names import name_problem


def _full_walk(name: str) -> str | None:
    """name_problem with its quick path switched off."""
    plain = archive_names._PLAIN
    try:
        archive_names._PLAIN = type("Never", (), {"fullmatch": staticmethod(lambda _: None)})
        return name_problem(name)
    finally:
        archive_names._PLAIN = plain


@pytest.mark.parametrize("name", [
    "course.xml", "static/media/figure.png", "plx_lesson/9f01.xml", "a/b-c_d.e/f", "_x", "-y",
    "", ".", "..", "../x", "a/../b", "a/./b", "a//b", "a/", "/etc/x", "c:/x", "a\\b", "a:b", "a\tb",
    ".hidden", "a/.hidden", "ŵyn.png", "e\u0301.png", "a b.png", "a/..", "x?", "a\x7fb",
])
def test_quick_path_agrees_with_the_full_check(name):
    assert name_problem(name) == _full_walk(name)


@pytest.mark.parametrize("name", ["../x", "a/../b", "/etc/x", "a//b", "a/./b", "..", "a\\b"])
def test_unsafe_names_are_still_refused(name):
    assert name_problem(name) is not None
