"""``plx olx`` time for each shipped course and a generated 1,000-unit course, against the floor:
``tar czf`` of the same files (already written out, so the floor does no rendering at all)."""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from plxblocks.course import load_course
from plxblocks.olx.archive import write_archive
from tests.archives import extract_tar

from .generate_course import generate
from .table import median_seconds, print_table

REPO = Path(__file__).resolve().parent.parent


def _row(name: str, course, tmp: Path) -> tuple:
    archive = tmp / f"{name}.tar.gz"
    build = median_seconds(lambda: write_archive(course, archive), repeat=5)
    extracted = tmp / f"{name}-files"
    extract_tar(archive, extracted)
    floor = median_seconds(lambda: subprocess.run(["tar", "czf", str(tmp / "floor.tar.gz"), "-C",
                                                   str(extracted), "course"], check=True), repeat=5)
    files = sum(1 for p in extracted.rglob("*") if p.is_file())
    return (name, len(course.units), files, f"{archive.stat().st_size:,}", f"{build * 1000:.0f}",
            f"{floor * 1000:.0f}", f"{build / floor:.2f}x")


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for folder in sorted(p.parent for p in (REPO / "content").glob("*/course.yaml")):
            rows.append(_row(folder.name, load_course(folder).course, tmp))
        generated = load_course(generate(1000, tmp / "generated-1000")).course
        rows.append(_row("generated-1000", generated, tmp))
    print_table("plx olx: archive build vs the `tar czf` floor (median of 5)",
                ("course", "units", "files", "bytes", "plx olx ms", "tar czf ms", "ratio"), rows,
                notes=("plx olx starts from the loaded model (load time is in the load table) and "
                       "renders every XML file; the floor only compresses the same files from disk.",))
