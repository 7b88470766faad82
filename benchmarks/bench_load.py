"""Load + validate time for each shipped course and for generated courses of 200-5,000 units.

Target (issue 13): 5,000 units in under 2 s, with a flat cost per unit. Every run is cold: a
validation reads and checks every file, nothing is kept between runs (the files themselves are in
the operating system's page cache after the warm-up run). A course of
``plxblocks.course.parallel_load.PARALLEL_UNITS`` units or more loads on every core; the 5,000-unit course
is measured in one process too, so the cost per unit of the loading itself stays visible."""
from __future__ import annotations

import contextlib
import statistics
import tempfile
from pathlib import Path

from plxblocks import workers
from plxblocks.course import load_course
from plxblocks.course.parallel_load import PARALLEL_UNITS

from .generate_course import generate
from .table import print_table, timed

REPO = Path(__file__).resolve().parent.parent
SIZES = (200, 1000, 5000)
TARGET_UNITS, TARGET_SECONDS = 5000, 2.0


def _row(name: str, folder: Path, repeat: int, one_process: bool = False) -> tuple:
    with workers.one_process() if one_process else contextlib.nullcontext():
        result = load_course(folder)  # warm-up: the files are read from the page cache from now on
        units = len(result.course.units) if result.course else 0
        runs = [timed(lambda: load_course(folder)) for _ in range(repeat)]
        processes = workers.processes_for(units, PARALLEL_UNITS)
    wall, cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
    target = ("yes" if wall < TARGET_SECONDS else "NO") if units == TARGET_UNITS and not one_process else ""
    return (name, units, processes, f"{wall * 1000:.0f}", f"{wall * 1000 / max(units, 1):.2f}", f"{cpu * 1000:.0f}",
            f"{cpu * 1000 / max(units, 1):.2f}", "yes" if result.ok else "NO", target)


def main() -> None:
    shipped = sorted(p.parent for p in (REPO / "content").glob("*/course.yaml"))
    rows = [_row(course.name, course, 5) for course in shipped]
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            folder = generate(size, Path(tmp) / f"generated-{size}")
            rows.append(_row(f"generated-{size}", folder, 5 if size <= 1000 else 3))
            if size == TARGET_UNITS:
                rows.append(_row(f"generated-{size}, one process", folder, 3, one_process=True))
    print_table("Load + validate, cold (median of 5 runs; 3 for 5,000 units)",
                ("course", "units", "processes", "ms", "ms per unit", "CPU ms", "CPU ms per unit", "valid",
                 f"{TARGET_UNITS:,} < {TARGET_SECONDS:g} s"),
                rows, notes=("Linear growth means a flat 'ms per unit'. CPU is every process's (this one and its "
                             "workers'); 'processes' is how many loaded the course.",))
