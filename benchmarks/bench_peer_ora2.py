"""plx's peer hand-out beside ORA2's, on MariaDB and PostgreSQL, taken turn about.

Issue 17's bar: with 50 OS processes, 10,000 submissions and 500 reviews, plx gives at least 3x
ORA2's reviews per second, a get-next p95 at most 0.4x ORA2's, and 0 over quota. Both engines
get the same crowd: N submissions one minute apart, 50 reviewers (the oldest learners) in W
forked processes with a connection each, all asking at once, each giving 10 reviews with no
pause; each submission needs 3. ORA2 runs from PyPI in its own venv (``benchmarks/ora2``), through
its own peer API; plx runs through ``plxblocks.peer.api`` (``bench_peer.measure``). Over quota is
counted from each engine's stored rows.

Runs alternate plx, ORA2 / ORA2, plx / ... (``PLX_BENCH_PAIRS`` pairs, 3 unless set) so the
machine's load falls on both alike; each pair gives its own ratios, and the medians close each
database's rows. Databases: ``PLX_BENCH_MYSQL_URL`` / ``PLX_BENCH_POSTGRES_URL`` as in
``bench_peer`` for plx, the same name with ``_ora2`` after it for ORA2; both are dropped at the end.
"""
from __future__ import annotations

import os
import statistics
from dataclasses import dataclass

from benchmarks import ora2
from benchmarks.bench_peer import (
    NAMES,
    QUOTA,
    REVIEWERS,
    REVIEWS_EACH,
    URLS,
    configure_django,
    measure,
    reachable,
    server_database,
)
from benchmarks.table import percentile, print_table, record_load

SUBMISSIONS = 10_000
WORKERS = 50
PAIRS = int(os.environ.get("PLX_BENCH_PAIRS", "3"))
TARGET_RATE, TARGET_P95 = 3.0, 0.4


@dataclass(frozen=True)
class Figures:
    """One engine's run, reduced to what the table shows."""

    rate: float
    p50: float
    p95: float
    over_quota: int
    allocations: int
    duplicates: int
    errors: int
    load: float

    @classmethod
    def of(cls, reviews: int, seconds: float, next_seconds: list[float], over_quota: int, allocations: int,
           duplicates: int, errors: int, load: float) -> Figures:
        return cls(reviews / seconds if seconds else 0.0, percentile(next_seconds, 50) * 1000,
                   percentile(next_seconds, 95) * 1000, over_quota, allocations, duplicates, errors, load)


def _ora2_url(url: str) -> str:
    return url + "_ora2"


def _plx(alias: str, item: str) -> Figures:
    load = record_load()
    result, found = measure(alias, item, SUBMISSIONS, WORKERS)
    if result.errors:
        print(f"plx {NAMES[alias]}: first error: {result.errors[0]}")
    return Figures.of(result.reviews, result.seconds, result.next_seconds, found.over_quota, found.allocations,
                      found.duplicate_allocations, len(result.errors), load)


def _ora2(alias: str, item: str) -> Figures:
    load = record_load()
    got = ora2.run(_ora2_url(URLS[alias]), item, SUBMISSIONS, WORKERS, REVIEWS_EACH, QUOTA)
    if got.errors:
        print(f"ORA2 {NAMES[alias]}: first error: {got.errors[0]}")
    return Figures.of(got.reviews, got.seconds, got.next_seconds, got.over_quota, got.allocations,
                      got.duplicate_allocations, len(got.errors), load)


def _row(database: str, label: str, plx: Figures, theirs: Figures | None, load: str,
         ratios: tuple[float, float] | None = None) -> tuple:
    """One table row; *ratios* (reviews/s, p95) default to this row's own plx / ORA2."""
    def cells(f: Figures) -> tuple:
        return (f"{f.rate:.0f}", f"{f.p50:.0f} / {f.p95:.0f}", f"{f.over_quota:g} of {f.allocations:g}",
                f"{f.duplicates:g} / {f.errors:g}")

    if theirs is None:
        return (database, label, *cells(plx), "not measured", "", "", "", "", "", load)
    if ratios is None:
        ratios = (plx.rate / theirs.rate if theirs.rate else float("nan"),
                  plx.p95 / theirs.p95 if theirs.p95 else float("nan"))
    return (database, label, *cells(plx), *cells(theirs), f"{ratios[0]:.2f}x", f"{ratios[1]:.2f}x", load)


def _median(runs: list[Figures]) -> Figures:
    def mid(name):
        return statistics.median(getattr(f, name) for f in runs)

    return Figures(*(mid(name) for name in Figures.__dataclass_fields__))


def _database(alias: str, rows: list, notes: list) -> None:
    """Every pair on one database, then its medians; ORA2 missing leaves plx's figures alone."""
    name, ours, theirs = NAMES[alias], [], []
    try:
        ora2.setup(_ora2_url(URLS[alias]))
        ora2_problem = None
    except ora2.Unavailable as exc:
        ora2_problem = str(exc)
        notes.append(f"ORA2 on {name} not measured: {ora2_problem}")
    try:
        for pair in range(PAIRS):
            order = ("plx", "ora2") if pair % 2 == 0 else ("ora2", "plx")
            got = {}
            for engine in order:
                item = f"bench-ora2-{engine}-{pair}"
                if engine == "plx":
                    got[engine] = _plx(alias, item)
                elif ora2_problem is None:
                    got[engine] = _ora2(alias, item)
            ours.append(got["plx"])
            if "ora2" in got:
                theirs.append(got["ora2"])
            loads = f"{min(f.load for f in got.values()):.1f}-{max(f.load for f in got.values()):.1f}"
            rows.append(_row(name, f"{pair + 1} ({', '.join(order)})", got["plx"], got.get("ora2"), loads))
        mid_ours, mid_theirs = _median(ours), (_median(theirs) if theirs else None)
        if mid_theirs is None:
            rows.append(_row(name, "median", mid_ours, None, f"{mid_ours.load:.1f}"))
            return
        # The ratios of the median row are the medians of the pairs' ratios: each pair ran under
        # one load, so its ratio is the figure that load does not bend.
        ratios = (statistics.median(plx.rate / other.rate for plx, other in zip(ours, theirs, strict=True)),
                  statistics.median(plx.p95 / other.p95 for plx, other in zip(ours, theirs, strict=True)))
        rows.append(_row(name, "median", mid_ours, mid_theirs, f"{mid_ours.load:.1f}", ratios))
        met = ratios[0] >= TARGET_RATE and ratios[1] <= TARGET_P95 and max(f.over_quota for f in ours) == 0
        notes.append(f"{name}: median of the pairs' ratios {ratios[0]:.2f}x reviews/s, {ratios[1]:.2f}x get-next "
                     f"p95: target {'met' if met else 'NOT met'} (>= {TARGET_RATE:g}x, <= {TARGET_P95:g}x, "
                     "0 over quota in every run).")
    finally:
        if ora2_problem is None:
            ora2.drop(_ora2_url(URLS[alias]))


def _configure_plx(aliases: list[str]) -> None:
    configure_django({alias: server_database(alias, URLS[alias]) for alias in aliases})


def main() -> None:
    from django.db import connections

    missing = {alias: why for alias in URLS if (why := reachable(URLS[alias]))}
    aliases = [alias for alias in URLS if alias not in missing]
    _configure_plx(aliases)
    rows, notes = [], []
    for alias, why in missing.items():
        rows.append((NAMES[alias], "-", "not measured", "", "", "", "not measured", "", "", "", "", "", ""))
        notes.append(f"{NAMES[alias]} {why}.")
    try:
        ora2.ensure_venv()
    except ora2.Unavailable as exc:
        notes.append(f"ORA2 could not be installed, so it was not measured: {exc}")
    for alias in aliases:
        connections[alias].creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            _database(alias, rows, notes)
        finally:
            connections[alias].close()
            connections[alias].creation.destroy_test_db(URLS[alias].rsplit("/", 1)[1], verbosity=0)
    notes.append(f"{SUBMISSIONS:,} submissions, {REVIEWERS} reviewers in {WORKERS} forked processes (a connection "
                 f"each), all asking at once, {REVIEWS_EACH} reviews each with no pause, quota {QUOTA}; "
                 f"ORA2 {ora2.REQUIREMENTS[0].split('==')[1]} through openassessment.assessment.api.peer "
                 "(get_submission_to_assess, create_assessment), its lease 8 h. Over quota and double allocations "
                 "counted from each engine's stored rows. Ratios are plx / ORA2 within a pair; load is the "
                 "1-minute load average as each run started.")
    print_table(f"Peer review beside ORA2 ({WORKERS} processes, {SUBMISSIONS:,} submissions, times in ms)",
                ("database", "pair (order)", "plx reviews/s", "plx next p50 / p95", "plx over quota",
                 "plx double / errors", "ORA2 reviews/s", "ORA2 next p50 / p95", "ORA2 over quota",
                 "ORA2 double / errors", "reviews/s ratio", "p95 ratio", "load"), rows, notes)


if __name__ == "__main__":
    main()
