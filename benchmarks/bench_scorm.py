"""SCORM packaging: build time against the `zip -r -X` floor, package sizes, runtime weight, and
how much reflection text fits in SCORM 1.2's 4,096-character suspend_data (measured in Chromium).

Courses: every course in content/, or the minimal test course when content/ is empty, plus
generated courses of 40, 200 and 1,000 units (benchmarks/generate_course.py): the size of a
shipped course, a large one and a very large one. "Every package" is what ``plx build`` writes
for a course: SCORM 1.2 and 2004, bilingual and each language alone, in one process (each block
rendered once per language and shared by the six). Each package kind is also timed alone, as
``plx scorm`` makes it, from scratch. The floor is `zip -r -X` of the very files those packages
hold, already on disk, so the ratio is what rendering, manifest writing and deterministic zipping
cost on top of zipping; build and floor run turn about. Target (issue 13): at most 2x the floor
at every size, with a flat cost per unit, for the exporter from the loaded model. For the
bilingual packages the kinds table also shows ``plx scorm`` end to end (a new process: imports,
loading and validating the course, then the package) against the same floor, for reference.
A package alone of ``scorm.pages.PARALLEL_UNITS`` units or more is made on every core (its units'
sections partly in a forked worker); the kinds table says how many processes made it.
"""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from plxblocks import workers
from plxblocks.course import load_course
from scorm import RemoteMedia, build_all_scorm, build_package
from scorm.package import all_package_specs
from scorm.pages import PARALLEL_UNITS
from scorm.runtime_files import RUNTIME_DIR, runtime_files

from .generate_course import generate
from .table import interleaved, median_seconds, print_table

REPO = Path(__file__).resolve().parent.parent
MINIMAL = REPO / "tests" / "course" / "data" / "minimal"
SAMPLE = Path(__file__).resolve().parent / "data" / "reflection-sample.txt"
CHROMIUM = "/usr/bin/chromium"
LIMIT_12 = 4096


def courses() -> list[Path]:
    shipped = sorted(p.parent for p in (REPO / "content").glob("*/course.yaml"))
    return shipped or [MINIMAL]


GENERATED_UNITS = (40, 200, 1000)
"""Synthetic courses: 40 units is the size of a shipped course; 200 and 1,000 show how it scales."""
MEASURED_IN_CHROMIUM = 200
"""Courses up to this size also get the suspend_data capacity table (it runs in Chromium)."""
TARGET = 2.0


def main() -> None:
    with tempfile.TemporaryDirectory() as generated:
        _main(courses() + [_generated(n, Path(generated)) for n in GENERATED_UNITS])


def _generated(units: int, folder: Path) -> Path:
    """A generated course whose id says its size (the generator always calls it 'generated')."""
    path = generate(units, folder / f"generated-{units}")
    course_file = path / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace("id: generated", f"id: generated-{units}"),
                           encoding="utf-8")
    return path


def _main(paths: list[Path]) -> None:
    build_rows, kind_rows, size_rows, configs = [], [], [], {}
    for path in paths:
        course = load_course(path).course
        if course is None:
            build_rows.append((path.name, "-", "-", "-", "-", "-", "-", "-", "does not load"))
            continue
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            remote = RemoteMedia(cache_dir=tmp / "cache")
            out = tmp / "out"
            zips = build_all_scorm(course, out, remote)  # warm-up (downloads remote media once)
            build, floor = interleaved(lambda c=course, o=out, r=remote: build_all_scorm(c, o, r),
                                       lambda z=zips, f=tmp / "floor": _zip_floor(z, f), repeat=7)
            build_rows.append(_ratio_row(course.id, len(course.units), len(zips), build, floor))
            if course.id.startswith("generated-"):  # the sizes the target is set for
                kind_rows.extend(_kind_rows(course, tmp, remote))
            for z in zips:
                if "-scorm12" in z.name or "-scorm2004." in z.name:  # both standards; one-language ones are alike
                    size_rows.append((z.name, f"{z.stat().st_size:,}", _files(z)))
            if len(course.units) <= MEASURED_IN_CHROMIUM:
                configs[course.id] = _config(next(z for z in zips if z.name.endswith("-scorm12.zip")))

    header = ("course", "units", "packages", "build ms", "zip floor ms", "ratio", "ms per unit", "CPU ratio",
              f"<= {TARGET:g}x")
    print_table("SCORM build: every package of each course vs the `zip -r -X` floor (medians of 7, taken turn about)",
                header, build_rows,
                notes=("Build starts from the loaded course model, in one process (the six packages share their "
                       "views through the build's cache, so no worker); the floor zips the same files already on disk. "
                       "Ratio and target: wall-clock medians; CPU ratio: CPU seconds of the build against zip's.",))
    print()
    print_table("SCORM build: each package kind alone, as plx scorm makes it, from scratch (medians of 5)",
                ("package", "units", "processes", "build ms", "zip floor ms", "ratio", "ms per unit", "CPU ratio",
                 f"<= {TARGET:g}x", "CLI ms", "CLI ratio"), kind_rows,
                notes=("One package renders its own views (nothing is shared), then zips them; processes: this "
                       "one and its forked worker, when the package is large enough and a fork is safe. CLI (bilingual "
                       "packages): `plx scorm` end to end in a new process, load and validation included (median "
                       "of 3), against the same floor, for reference (not the target).",))
    print()
    print_table("SCORM package sizes", ("package", "bytes", "files"), size_rows)
    print()
    weight = _runtime_weight()
    print_table("Runtime JS + CSS per package (gzip -9)", ("part", "files", "raw bytes", "gzipped bytes"), weight,
                notes=("Target: under 30 KB (30,720 bytes) gzipped for the total.",))
    print()
    capacity = _capacity(configs)
    print_table("Reflection text that fits in SCORM 1.2 suspend_data (4,096 characters), in Chromium",
                ("course", "reflections", "per unit activity (default)", "course as one activity",
                 "course, deflate-raw only", "target >= 8,000"),
                capacity,
                notes=((f"Text: {SAMPLE.relative_to(REPO)} ({len(SAMPLE.read_text(encoding='utf-8')):,} characters of "
                        "ordinary English reflection, not the coder's primer), split across the reflections of what "
                        "one activity tracks, with every unit seen and every check answered. Per unit activity: "
                        "the unit with the most blocks to save (each unit is its own SCO with its own 4,096 "
                        "characters). Course as one activity: --organization course. '>=' means the whole sample "
                        "fitted. The target is checked on the default (per unit)."),))


def _ratio_row(name: str, units: int, packages: int, build, floor) -> tuple:
    return (name, units, packages, f"{build.wall * 1000:.0f}", f"{floor.wall * 1000:.0f}",
            f"{build.wall / floor.wall:.2f}x", f"{build.wall * 1000 / units:.2f}", f"{build.cpu / floor.cpu:.2f}x",
            "yes" if build.wall <= TARGET * floor.wall else "NO")


def _kind_rows(course, tmp: Path, remote: RemoteMedia) -> list[tuple]:
    rows = []
    for spec in all_package_specs(course):
        out = tmp / "kinds" / spec.file_name
        build_package(spec, out, remote)
        build, floor = interleaved(lambda s=spec, o=out: build_package(s, o, remote),
                                   lambda z=out, f=tmp / "kind-floor": _zip_floor([z], f), repeat=5)
        units = len(course.units)
        row = _ratio_row(spec.file_name.removesuffix(".zip"), units, 1, build, floor)
        cli = ("-", "-")
        if spec.bilingual:
            seconds = _cli_seconds(spec, tmp / "kinds" / f"cli-{spec.file_name}")
            cli = (f"{seconds * 1000:.0f}", f"{seconds / floor.wall:.2f}x")
        processes = workers.processes_for(units, PARALLEL_UNITS)
        rows.append(row[:2] + (processes,) + row[3:] + cli)
    return rows


def _cli_seconds(spec, out: Path) -> float:
    """``plx scorm`` for *spec*'s kind in a process of its own, load included."""
    command = [sys.executable, "-m", "plxblocks.cli", "scorm", str(spec.course.path), "--standard", spec.standard,
               "-o", str(out), "--media-cache", str(out.parent / "media-cache")]
    return median_seconds(lambda: subprocess.run(command, check=True, capture_output=True, cwd=REPO), repeat=3)


def _zip_floor(zips: list[Path], root: Path) -> None:
    for z in zips:
        folder = root / z.stem
        if not folder.exists():
            with zipfile.ZipFile(z) as archive:
                archive.extractall(folder)
        target = root / (z.stem + ".floor.zip")
        target.unlink(missing_ok=True)
        subprocess.run(["zip", "-q", "-r", "-X", str(target), "."], cwd=folder, check=True)


def _files(z: Path) -> int:
    with zipfile.ZipFile(z) as archive:
        return len(archive.infolist())


def _config(z: Path) -> dict:
    with zipfile.ZipFile(z) as archive:
        page = archive.read("index.html").decode("utf-8")
    match = re.search(r'<script type="application/json" id="plx-config">(.*?)</script>', page, re.DOTALL)
    return json.loads(match.group(1))


def _runtime_weight() -> list[tuple]:
    files = {name: data for name, data in runtime_files().items() if name.endswith((".js", ".css"))}
    groups = {"shared (plx.css, plx/js/)": [n for n in files if not n.startswith("plx/runtime/")],
              "SCORM runtime (plx/runtime/)": [n for n in files if n.startswith("plx/runtime/")]}
    rows, total_raw, total_gz = [], 0, 0
    for label, names in groups.items():
        raw = sum(len(files[n]) for n in names)
        gz = sum(len(gzip.compress(files[n], 9, mtime=0)) for n in names)
        rows.append((label, len(names), f"{raw:,}", f"{gz:,}"))
        total_raw, total_gz = total_raw + raw, total_gz + gz
    rows.append(("total (each file gzipped)", len(files), f"{total_raw:,}", f"{total_gz:,}"))
    return rows


def _capacity(configs: dict[str, dict]) -> list[tuple]:
    if not Path(CHROMIUM).exists():
        return [("-", "-", "Chromium not installed", "-", "-")]
    from playwright.sync_api import sync_playwright

    sample = SAMPLE.read_text(encoding="utf-8")
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.goto("about:blank")
        for name in ("primer.js", "codec.js"):
            page.add_script_tag(path=str(RUNTIME_DIR / name))
        for course_id, cfg in configs.items():
            reflections = list(cfg["reflections"])
            if not reflections:
                rows.append((course_id, 0, "-", "-", "-", "-"))
                continue
            unit = _unit_config(cfg, _fullest_unit(cfg))
            per_unit = _largest_fit(page, unit, sample, "best")
            best = _largest_fit(page, cfg, sample, "best")
            deflate = _largest_fit(page, cfg, sample, "1")
            rows.append((course_id, len(reflections), _fits(per_unit, sample), _fits(best, sample),
                         _fits(deflate, sample), "yes" if per_unit >= 8000 else "NO"))
        browser.close()
    return rows


def _fullest_unit(cfg: dict) -> str:
    """The unit whose activity has the most to save: reflections first, then checks."""
    def load(unit: str) -> tuple[int, int]:
        keys = cfg["unitBlocks"][unit]
        return (sum(k in cfg["reflections"] for k in keys), sum(k in cfg["checks"] for k in keys))
    return max((u for u in cfg["units"] if load(u)[0]), key=load)


def _unit_config(cfg: dict, unit: str) -> dict:
    """What a unit's activity tracks (the same restriction as sco.js makes for ?sco=<unit>)."""
    keep = cfg["unitBlocks"][unit]
    restricted = {name: {k: v for k, v in cfg[name].items() if k in keep}
                  for name in ("checks", "reflections", "reviews", "labels")}
    return {**cfg, **restricted, "units": [unit]}


def _fits(n: int, sample: str) -> str:
    return (">= " if n == len(sample) else "") + f"{n:,}"


def _state(cfg: dict, text: str) -> dict:
    """A learner's whole saved state as packed into suspend_data (session.js): every unit seen,
    every check answered, *text* across the reflections."""
    ids = list(cfg["reflections"])
    words = text.split(" ")
    chunks = [" ".join(words[i * len(words) // len(ids):(i + 1) * len(words) // len(ids)]) for i in range(len(ids))]
    # Version 2: the state's logical clock (one tick per change) is all the clocks suspend_data holds.
    return {"v": 2, "t": 1767225600000, "k": len(cfg["units"]) + len(ids) + len(cfg["checks"]),
            "loc": cfg["units"][-1], "lang": "en", "seen": cfg["units"], "n": 2 * len(cfg["checks"]),
            "r": {rid: [chunk, ["pedagogy"], 1767225600] for rid, chunk in zip(ids, chunks, strict=True)},
            "c": {cid: [1, c["pattern"], 1, 0] for cid, c in cfg["checks"].items()},
            "s": {}}


def _encoded_length(page, state: dict, codec: str) -> int:
    found = page.evaluate("async (s) => PLX.codec.candidates(s)", state)
    if codec == "best":
        return min(len(t) for t in found.values())
    return len(found[codec])


def _largest_fit(page, cfg: dict, sample: str, codec: str) -> int:
    """The longest prefix of *sample* (in characters, cut at a space) whose state fits in 4,096."""
    cuts = [i for i, ch in enumerate(sample) if ch == " "] + [len(sample)]
    lo, hi = 0, len(cuts) - 1
    if _encoded_length(page, _state(cfg, sample[:cuts[0]]), codec) > LIMIT_12:
        return 0
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _encoded_length(page, _state(cfg, sample[:cuts[mid]]), codec) <= LIMIT_12:
            lo = mid
        else:
            hi = mid - 1
    return cuts[lo]


if __name__ == "__main__":
    main()

