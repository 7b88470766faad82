"""Print what the validator says for bad-content cases (to review before pinning them):
``python -m tests.course.show_case [name...]``."""
import shutil
import sys
import tempfile
from pathlib import Path

from plxblocks.course import LoadOptions, load_course
from tests.conftest import DATA
from tests.course.case_files import all_cases


def messages(case, root: Path) -> list[str]:
    course = root / "content" / "minimal"
    shutil.copytree(DATA / "minimal", course, symlinks=True)
    case.apply(course)
    result = load_course(course, LoadOptions(**case.options))
    return [d.format(relative_to=course) for d in result.diagnostics.sorted()]


if __name__ == "__main__":
    wanted = set(sys.argv[1:])
    for case in all_cases():
        if wanted and case.name not in wanted:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            print(f"== {case.name}")
            for line in messages(case, Path(tmp)):
                print("  ", line)
