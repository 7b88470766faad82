"""Load + validate time for each shipped course and for generated courses of 200-5,000 units.

Target (issue 13): 5,000 units in under 2 s, with a flat cost per unit."""
from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from plxblocks.course import load_course

from .generate_course import generate
from .table import print_table, timed

REPO = Path(__file__).resolve().parent.parent
SIZES = (200, 1000, 5000)
TARGET_UNITS, TARGET_SECONDS = 5000, 2.0


def _row(name: str, folder: Path, repeat: int) -> tuple:
    result = load_course(folder)  # warm-up: the files are read from the page cache from now on
    units = len(result.course.units) if result.course else 0
    runs = [timed(lambda: load_course(folder)) for _ in range(repeat)]
    wall, cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
    target = ("yes" if wall < TARGET_SECONDS else "NO") if units == TARGET_UNITS else ""
    return (name, units, f"{wall * 1000:.0f}", f"{wall * 1000 / max(units, 1):.2f}", f"{cpu * 1000:.0f}",
            "yes" if result.ok else "NO", target)


def main() -> None:
    shipped = sorted(p.parent for p in (REPO / "content").glob("*/course.yaml"))
    rows = [_row(course.name, course, 5) for course in shipped]
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            rows.append(_row(f"generated-{size}", generate(size, Path(tmp) / f"generated-{size}"),
                             5 if size <= 1000 else 3))
    print_table("Load + validate (median of 5 runs; 3 for 5,000 units)",
                ("course", "units", "ms", "ms per unit", "CPU ms", "valid", f"{TARGET_UNITS:,} < {TARGET_SECONDS:g} s"),
                rows, notes=("Linear growth means a flat 'ms per unit'.",))
