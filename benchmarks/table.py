"""Timing and table printing shared by the benchmarks.

Every table ends with the machine's load average against its core count, and says "noisy" when
the load is above the cores: on a shared machine the figures are then read with care (ratios of
runs taken turn about, as :func:`interleaved` does, hold up better than absolute times).
"""
from __future__ import annotations

import os
import resource
import statistics
import time
from dataclasses import dataclass
from typing import Callable, Sequence

_LOADS: list[float] = []
"""The 1-minute load average at each timed run since the last table was printed."""


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Median wall-clock seconds of *repeat* runs of *action* (after one warm-up run)."""
    action()
    return statistics.median(timed(action)[0] for _ in range(repeat))


@dataclass(frozen=True)
class Timing:
    """Medians of runs of one action: wall-clock seconds, and CPU seconds (this process's and its
    children's: a subprocess such as the zip floor spends its time there)."""

    wall: float
    cpu: float


def interleaved(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[Timing, Timing]:
    """Medians of *first* and of *second* (after one warm-up run of each), run turn about so that
    the machine's load (a shared, noisy machine) falls on both alike."""
    first(), second()
    runs: tuple[list, list] = ([], [])
    for _ in range(repeat):
        for action, times in zip((first, second), runs, strict=True):
            times.append(timed(action))
    return tuple(Timing(statistics.median(w for w, _ in times), statistics.median(c for _, c in times))
                 for times in runs)


def record_load() -> float:
    """The 1-minute load average now, kept for the next table's load note."""
    _LOADS.append(os.getloadavg()[0])
    return _LOADS[-1]


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one run of *action* (its CPU: see :class:`Timing`)."""
    record_load()
    cpu, wall = _cpu(), time.perf_counter()
    action()
    return time.perf_counter() - wall, _cpu() - cpu


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def load_note() -> str:
    """The machine's load during the runs timed since the last table (1-minute load average,
    lowest and highest) and now (1, 5, 15 minutes), against its cores: "noisy" above them."""
    now = os.getloadavg()
    during = list(_LOADS) or [now[0]]
    _LOADS.clear()
    noisy = max(max(during), now[0]) > cores()
    verdict = ": noisy, read the figures with care" if noisy else ""
    return (f"Load average {min(during):.1f}-{max(during):.1f} during the runs, {now[0]:.1f} / {now[1]:.1f} / "
            f"{now[2]:.1f} now (1, 5, 15 min), on {cores()} cores{verdict}.")


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]], notes: Sequence[str] = ()) -> None:
    cells = [list(map(str, header))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"## {title}")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(cells[0], widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        cells_out = (c.rjust(w) if c[:1].isdigit() else c.ljust(w) for c, w in zip(row, widths, strict=True))
        print("| " + " | ".join(cells_out) + " |")
    for note in (*notes, load_note()):
        print(note)
