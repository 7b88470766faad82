"""The shell examples of docs/operators.md run as written (issue 12.4).

A ```sh block right after a ``<!-- run-in-test -->`` line is run with bash (``-euo pipefail``)
in an empty folder, with this Python's ``plx`` and ``python`` first on the PATH and ``$PLX_REPO``
set to the repository. The other blocks need a real Open edX (Docker, a database); for them
this checks only that every ``content/...`` folder they name exists.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "operators.md"
MARKER = "<!-- run-in-test -->"
FENCE = re.compile(r"^(?P<indent>[ ]*)```(?P<lang>[a-z]*)\s*$")


def shell_blocks(path: Path) -> list[tuple[int, bool, str]]:
    """``(line, marked, code)`` of every ```sh block, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks, number = [], 0
    while number < len(lines):
        opening = FENCE.match(lines[number])
        if not opening:
            number += 1
            continue
        end = next(i for i in range(number + 1, len(lines)) if lines[i].strip() == "```")
        if opening["lang"] == "sh":
            before = next((line.strip() for line in reversed(lines[:number]) if line.strip()), "")
            code = textwrap.dedent("\n".join(lines[number + 1:end]))
            blocks.append((number + 1, before == MARKER, code))
        number = end + 1
    return blocks


BLOCKS = shell_blocks(DOCS)
RUN = [(line, code) for line, marked, code in BLOCKS if marked]


def test_the_runbook_marks_examples_to_run():
    assert len(RUN) >= 2, "docs/operators.md: no shell example is marked to run"


def test_every_content_folder_the_examples_name_exists():
    named = {match for _line, _marked, code in BLOCKS for match in re.findall(r"\bcontent/[\w.-]+", code)}
    missing = sorted(name for name in named if not (ROOT / name).is_dir())
    assert not missing, f"docs/operators.md names folders that do not exist: {missing}"


@pytest.mark.parametrize(("line", "code"), RUN, ids=[f"operators.md:{line}" for line, _code in RUN])
def test_the_example_runs(line, code, tmp_path):
    env = {**os.environ, "PLX_REPO": str(ROOT), "PYTHONPATH": str(ROOT),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", code], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, f"docs/operators.md:{line}:\n{code}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
