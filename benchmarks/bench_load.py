"""Load + validate time for each shipped course and for generated courses of 200-5,000 units.

Target (issue 13): 5,000 units in under 2 s, with a flat cost per unit. The cold runs keep
nothing between runs: every file is read and checked (the files themselves are in the operating
system's page cache after the warm-up run). The rows "from the load cache" validate the unchanged
course again as the plx commands do (plxblocks/course/load_cache.py): every file read and hashed,
each module's result taken from the cache. A course of
``plxblocks.course.parallel_load.PARALLEL_UNITS`` units or more loads on every core; the 5,000-unit course
is measured in one process too, so the cost per unit of the loading itself stays visible."""
from __future__ import annotations

import contextlib
import statistics
import tempfile
from pathlib import Path

from plxblocks import workers
from plxblocks.course import load_course
from plxblocks.course.load_cache import LoadCache
from plxblocks.course.parallel_load import PARALLEL_UNITS

from .generate_course import generate
from .table import print_table, timed

REPO = Path(__file__).resolve().parent.parent
SIZES = (200, 1000, 5000)
TARGET_UNITS, TARGET_SECONDS = 5000, 2.0


def _row(name: str, folder: Path, repeat: int, one_process: bool = False, cache: LoadCache | None = None) -> tuple:
    with workers.one_process() if one_process else contextlib.nullcontext():
        result = load_course(folder, cache=cache)  # warm-up: files in the page cache, modules in *cache*
        units = len(result.course.units) if result.course else 0
        runs = [timed(lambda: load_course(folder, cache=cache)) for _ in range(repeat)]
        processes = 1 if cache is not None else workers.processes_for(units, PARALLEL_UNITS)
    if cache is not None:
        assert cache.hits == repeat * len(result.course.modules), "a module was not found in the cache"
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
        for size in (1000, TARGET_UNITS):
            folder = Path(tmp) / f"generated-{size}"
            rows.append(_row(f"generated-{size}, from the load cache", folder, 3,
                             cache=LoadCache(Path(tmp) / f"load-{size}.sqlite3")))
    print_table("Load + validate, cold (median of 5 runs; 3 for 5,000 units), and from the load cache",
                ("course", "units", "processes", "ms", "ms per unit", "CPU ms", "CPU ms per unit", "valid",
                 f"{TARGET_UNITS:,} < {TARGET_SECONDS:g} s"),
                rows, notes=("Linear growth means a flat 'ms per unit'. CPU is every process's (this one and its "
                             "workers'); 'processes' is how many loaded the course. Cold: nothing kept between "
                             "runs. From the load cache: a validation again of the unchanged course, as the plx "
                             "commands do it (every file still read and hashed; every module found in the cache, "
                             "checked); it gives what the cold load gives (tests/course/test_load_cache.py).",))
