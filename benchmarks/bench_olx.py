"""``plx olx`` time for each shipped course and generated courses of 40, 200 and 1,000 units,
against the floor: ``tar czf`` of the same files (already written out, so the floor does no
rendering at all), the two run turn about. Target (issue 13): at most 2x the floor at every
size, with a flat cost per unit, for the exporter from the loaded model (the "plx olx ms"
column). The CLI column is ``plx olx`` end to end as an author runs it (a new Python process:
imports, loading and validating the course, then the same export), against the same floor:
shown, not the target, since loading is the load table's (bench_load)."""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from plxblocks.course import load_course
from plxblocks.olx.archive import write_archive
from tests.archives import extract_tar

from .generate_course import generate
from .table import interleaved, median_seconds, print_table

REPO = Path(__file__).resolve().parent.parent
GENERATED = (40, 200, 1000)
TARGET = 2.0


def _cli_seconds(folder: Path, out: Path) -> float:
    """``plx olx`` in a process of its own, load included (median of 3 after a warm-up)."""
    command = [sys.executable, "-m", "plxblocks.cli", "olx", str(folder), "-o", str(out)]
    return median_seconds(lambda: subprocess.run(command, check=True, capture_output=True, cwd=REPO), repeat=3)


def _row(name: str, course, tmp: Path) -> tuple:
    archive = tmp / f"{name}.tar.gz"
    write_archive(course, archive)
    extracted = tmp / f"{name}-files"
    extract_tar(archive, extracted)
    build, floor = interleaved(lambda: write_archive(course, archive),
                               lambda: subprocess.run(["tar", "czf", str(tmp / "floor.tar.gz"), "-C", str(extracted),
                                                       "course"], check=True), repeat=5)
    files = sum(1 for p in extracted.rglob("*") if p.is_file())
    units = len(course.units)
    cli = _cli_seconds(course.path, tmp / f"{name}-cli.tar.gz")
    return (name, units, files, f"{archive.stat().st_size:,}", f"{build.wall * 1000:.0f}", f"{floor.wall * 1000:.0f}",
            f"{build.wall / floor.wall:.2f}x", f"{build.wall * 1000 / units:.2f}", f"{build.cpu / floor.cpu:.2f}x",
            "yes" if build.wall <= TARGET * floor.wall else "NO", f"{cli * 1000:.0f}", f"{cli / floor.wall:.2f}x")


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for folder in sorted(p.parent for p in (REPO / "content").glob("*/course.yaml")):
            rows.append(_row(folder.name, load_course(folder).course, tmp))
        for units in GENERATED:
            generated = load_course(generate(units, tmp / f"generated-{units}")).course
            rows.append(_row(f"generated-{units}", generated, tmp))
    print_table("plx olx: archive build vs the `tar czf` floor (medians of 5, taken turn about)",
                ("course", "units", "files", "bytes", "plx olx ms", "tar czf ms", "ratio", "ms per unit",
                 "CPU ratio", f"<= {TARGET:g}x", "CLI ms", "CLI ratio"), rows,
                notes=("plx olx starts from the loaded model (load time is in the load table) and renders every "
                       "XML file; the floor only compresses the same files from disk. Ratio and target: wall-clock "
                       "medians; CPU ratio: CPU seconds of plx against tar's and gzip's (its children). "
                       "CLI: `plx olx` end to end in a new process (Python start, imports, load and validation "
                       "included; median of 3) against the same floor, for reference (not the target).",))
