"""Every kind of content error, each pinned to its exact message and line (cases/*.yaml)."""
from __future__ import annotations

import pytest

from plxblocks.course import LoadOptions, load_course
from tests.course.case_files import all_cases

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_content_is_reported_exactly(case, minimal_course):
    case.apply(minimal_course)
    result = load_course(minimal_course, LoadOptions(**case.options))
    assert [d.format(relative_to=minimal_course) for d in result.diagnostics.sorted()] == case.expected


def test_there_is_a_case_for_every_kind_of_error_the_issue_names():
    assert len(CASES) >= 25
    assert all(case.expected for case in CASES), "a case that expects nothing proves nothing"


def test_the_minimal_course_itself_is_clean(minimal_course):
    result = load_course(minimal_course)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert list(result.diagnostics) == []
