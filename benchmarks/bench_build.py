"""``plx build`` end to end, as an author runs it (a process of its own, loading included):

- both shipped courses, every output, in one process and on every core;
- the peak memory of building a 5,000-unit course;
- rebuilding a 1,000-unit course after a one-word edit, against building it from scratch.

Targets (issue 13): the shipped courses built on every core (a pool of worker processes, the
progress showing outputs done); a 5,000-unit build under 300 MB peak RSS; an incremental rebuild
that renders only the edited unit and gives the bytes of a clean build.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from plxblocks.rendercache import CACHE_FOLDER

from .generate_course import generate
from .table import cores, print_table

REPO = Path(__file__).resolve().parent.parent
MEMORY_UNITS, MEMORY_TARGET_MB = 5000, 300
INCREMENTAL_UNITS = 1000
EDITED_UNITS = (250, 500, 750)

# Runs plx in a child and reports what getrusage says of it: ru_maxrss of RUSAGE_CHILDREN is the
# peak of the largest process among plx and its workers (each waited for).
_WRAPPER = """
import json, resource, subprocess, sys
run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": run.returncode, "stderr": run.stderr, "maxrss_kb": usage.ru_maxrss,
                  "cpu": usage.ru_utime + usage.ru_stime}))
"""


@dataclass
class Run:
    wall: float
    cpu: float
    maxrss_mb: float
    """Peak resident memory of the largest process (ru_maxrss)."""
    tree_mb: float
    """Peak of the whole process tree's proportional set size (shared pages split between processes)."""
    stderr: str


def plx_build(*args, cwd: Path = REPO) -> Run:
    command = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "plxblocks.cli", "build", *map(str, args)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True)
    peak = _TreeMemory(process.pid)
    peak.start()
    out, _ = process.communicate()
    wall = time.perf_counter() - start
    peak.stop()
    report = json.loads(out.strip().splitlines()[-1])
    if report["code"] != 0:
        raise RuntimeError(f"plx build {' '.join(map(str, args))} failed:\n{report['stderr']}")
    return Run(wall, report["cpu"], report["maxrss_kb"] / 1024, peak.mb, report["stderr"])


class _TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and its descendants (Linux /proc) every 50 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.mb, self._done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.05):
            self.mb = max(self.mb, sum(_pss_kb(pid) for pid in _tree(self.pid)) / 1024)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
        except OSError:  # gone meanwhile
            continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and CACHE_FOLDER not in p.parts}


def _progress(stderr: str) -> str:
    steps = re.findall(r"^\[(\d+)/(\d+)\] ", stderr, re.MULTILINE)
    return f"{steps[-1][0]}/{steps[-1][1]} outputs" if steps else "none"


def _shipped(tmp: Path) -> list[tuple]:
    rows = []
    content = REPO / "content"
    runs: dict[str, list[Run]] = {"1": [], str(cores()): []}
    for _ in range(3):  # turn about, each from an empty output folder (nothing cached)
        for workers, results in runs.items():
            out = tmp / f"shipped-{workers}"
            shutil.rmtree(out, ignore_errors=True)
            results.append(plx_build(content, "-o", out, "--jobs", workers))
    for workers, results in runs.items():
        wall, cpu = statistics.median(r.wall for r in results), statistics.median(r.cpu for r in results)
        rows.append((f"both shipped courses, --jobs {workers}", workers, f"{wall:.2f}", f"{cpu:.2f}",
                     f"{cpu / wall:.2f}", _progress(results[-1].stderr), f"{results[-1].maxrss_mb:.0f}"))
    return rows


def _memory(tmp: Path) -> list[tuple]:
    course = generate(MEMORY_UNITS, tmp / "generated-5000")
    rows = []
    for workers in (str(cores()), "1"):
        out = tmp / f"memory-{workers}"
        run = plx_build(course, "-o", out, "--jobs", workers)
        rows.append((f"{MEMORY_UNITS:,} units, --jobs {workers}", workers, f"{run.wall:.1f}", f"{run.cpu:.1f}",
                     f"{run.maxrss_mb:.0f}", f"{run.tree_mb:.0f}", "yes" if run.maxrss_mb < MEMORY_TARGET_MB else "NO"))
        shutil.rmtree(out)
    shutil.rmtree(course)
    return rows


def _one_word_edit(course: Path, unit: int) -> None:
    text = next((course / "modules").glob(f"*/unit-{unit:05d}/text.en.md"))
    text.write_text(text.read_text(encoding="utf-8").replace("Feedback is", "Feedback really is", 1), encoding="utf-8")


def _incremental(tmp: Path) -> list[tuple]:
    course = generate(INCREMENTAL_UNITS, tmp / f"generated-{INCREMENTAL_UNITS}")
    out = tmp / "incremental"
    clean = [plx_build(course, "-o", tmp / f"clean-{i}") for i in range(2)]
    plx_build(course, "-o", out)
    rebuilds = []
    for unit in EDITED_UNITS:
        _one_word_edit(course, unit)
        rebuilds.append(plx_build(course, "-o", out))
    fresh = tmp / "fresh"
    plx_build(course, "-o", fresh)
    identical = _outputs(out) == _outputs(fresh)
    said = rebuilds[-1].stderr.strip().splitlines()[-1]
    return [(f"{INCREMENTAL_UNITS:,} units, from scratch", "-", f"{statistics.median(r.wall for r in clean):.2f}",
             f"{statistics.median(r.cpu for r in clean):.2f}", "-", "-"),
            (f"{INCREMENTAL_UNITS:,} units, after a one-word edit", said.split(": ", 1)[1],
             f"{statistics.median(r.wall for r in rebuilds):.2f}", f"{statistics.median(r.cpu for r in rebuilds):.2f}",
             "yes" if f"1 of {INCREMENTAL_UNITS:,} units rebuilt" in said else "NO", "yes" if identical else "NO")]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print_table("plx build of both shipped courses, every output, from scratch (CLI, medians of 3, turn about)",
                    ("run", "workers", "wall s", "CPU s", "cores used", "progress", "largest process MB"),
                    _shipped(tmp),
                    notes=("Cores used: CPU seconds over wall seconds (plx and its workers). Progress: the last of "
                           "the lines `plx build` prints as outputs are done (a bar on a terminal). Both include "
                           "starting Python and loading the courses.",))
        print()
        print_table(f"plx build of a {MEMORY_UNITS:,}-unit course: peak memory (CLI, one run each)",
                    ("run", "workers", "wall s", "CPU s", "peak RSS MB (ru_maxrss)", "peak tree PSS MB",
                     f"< {MEMORY_TARGET_MB} MB"), _memory(tmp),
                    notes=("Peak RSS: ru_maxrss of the largest process (plx, or one of its workers). Peak tree PSS: "
                           "every process's proportional set size, summed, sampled every 50 ms (pages the workers "
                           "share with plx counted once).",))
        print()
        print_table(f"plx build of a {INCREMENTAL_UNITS:,}-unit course: incremental rebuild (CLI, medians)",
                    ("run", "plx says", "wall s", "CPU s", "only the edited unit", "bytes of a clean build"),
                    _incremental(tmp),
                    notes=(f"Three one-word edits, one at a time (units {', '.join(map(str, EDITED_UNITS))}), each "
                           "followed by a rebuild into the same folder; then a clean build of the same content "
                           "into another, compared file by file.",))


if __name__ == "__main__":
    main()
