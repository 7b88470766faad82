"""Load + validate time for each shipped course and for generated courses of 200-5,000 units."""
from __future__ import annotations

import tempfile
from pathlib import Path

from plxblocks.course import load_course

from .generate_course import generate
from .table import median_seconds, print_table

REPO = Path(__file__).resolve().parent.parent
SIZES = (200, 1000, 5000)


def main() -> None:
    rows = []
    for course in sorted(p.parent for p in (REPO / "content").glob("*/course.yaml")):
        result = load_course(course)
        units = len(result.course.units) if result.course else 0
        seconds = median_seconds(lambda c=course: load_course(c), repeat=5)
        rows.append((course.name, units, f"{seconds * 1000:.0f}", f"{seconds * 1000 / max(units, 1):.2f}",
                     "yes" if result.ok else "NO"))
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            folder = generate(size, Path(tmp) / f"generated-{size}")
            result = load_course(folder)
            seconds = median_seconds(lambda f=folder: load_course(f), repeat=5 if size <= 1000 else 3)
            rows.append((f"generated-{size}", size, f"{seconds * 1000:.0f}", f"{seconds * 1000 / size:.2f}",
                         "yes" if result.ok else "NO"))
    print_table("Load + validate (median of 5 runs; 3 for 5,000 units)",
                ("course", "units", "ms", "ms per unit", "valid"), rows,
                notes=("Target: 1,000 units under 2,000 ms; linear growth means a flat 'ms per unit'.",))
