"""``plx build``: every output of each course, built side by side on every core.

Each output file is a job: the Open edX archive (bilingual and one per language) and the SCORM
packages (both standards, bilingual and one per language). Jobs run on every core by default:
in this process and in worker processes forked once the courses are loaded, so each worker has
the model without loading it again. They share their rendering through each course's unit cache
(:mod:`plxblocks.rendercache`, a SQLite file in ``<out>/.plx-cache/``): a course's first two
jobs are its one-language SCORM packages, so two workers render the English and the Welsh block
views side by side and every later package finds them made. A unit whose content did not change
since the last build into the same folder is not rendered again at all, and the build says how
many were.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import click

from .course.model import Course
from .olx.archive import write_archive
from .rendercache import CACHE_FOLDER, UnitCache, code_fingerprint


@dataclass(frozen=True)
class Job:
    """One output file to write."""

    label: str
    """What is being built, as progress shows it (``npqh: SCORM 2004 (cy)``)."""
    course: str
    """The course's id."""
    output: str
    """``olx`` or ``scorm``."""
    path: Path
    lang: str | None = None
    """The one language of the output, or ``None`` for a bilingual one."""
    standard: str = ""
    """SCORM ``1.2`` or ``2004``."""


@dataclass
class Done:
    """What a job did: the file it wrote, the units it rendered, the cache entries it used."""

    job: Job
    path: Path
    rendered: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)


@dataclass
class Report:
    """The files written, in job order, and how many units of each course were rendered."""

    paths: list[Path]
    rendered: dict[str, int]
    """Course id -> units rendered (the others came from the cache)."""
    units: dict[str, int]
    """Course id -> units in the course."""

    def summary(self) -> list[str]:
        """What was rendered, one line per course (:func:`units_rebuilt`)."""
        return [units_rebuilt(course, rendered, self.units[course]) for course, rendered in self.rendered.items()]


def units_rebuilt(course_id: str, rendered: int, total: int) -> str:
    """``npqh: 3 of 23 units rebuilt (20 unchanged since the last build)``."""
    unchanged = f" ({total - rendered:,} unchanged since the last build)" if rendered < total else ""
    return f"{course_id}: {rendered:,} of {total:,} unit{'' if total == 1 else 's'} rebuilt{unchanged}"


def _variant(lang: str | None) -> str:
    return lang or "bilingual"


def course_jobs(course: Course, out_dir: Path) -> list[Job]:
    """A course's jobs, the one-language SCORM packages first (see the module docstring)."""
    from scorm.package import all_package_specs

    scorm = {(spec.standard, None if spec.bilingual else spec.languages[0]): spec for spec in all_package_specs(course)}
    olx = [Job(f"{course.id}: Open edX archive ({_variant(lang)})", course.id, "olx",
               out_dir / f"{course.id}-olx{'-' + lang if lang else ''}.tar.gz", lang)
           for lang in (None, *course.languages)]

    def scorm_job(standard: str, lang: str | None) -> Job:
        spec = scorm[(standard, lang)]
        return Job(f"{course.id}: SCORM {standard} ({_variant(lang)})", course.id, "scorm", out_dir / spec.file_name,
                   lang, standard)

    first, second = course.languages[0], course.languages[1]
    standard, other = "1.2", "2004"
    ordered = [scorm_job(standard, first), scorm_job(standard, second), *olx, scorm_job(standard, None),
               *(scorm_job(other, lang) for lang in (None, first, second))]
    assert len(ordered) == len(scorm) + len(olx)
    return ordered


def build_jobs(courses: Iterable[Course], out: Path) -> list[Job]:
    return [job for course in courses for job in course_jobs(course, out / course.id)]


def cache_path(out: Path, course: Course) -> Path:
    return out / CACHE_FOLDER / f"{course.id}.sqlite3"


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def build(courses: list[Course], out: Path, remote, *, workers: int | None = None,
          interactive: bool | None = None) -> Report:
    """Write every output of *courses* under *out* (one folder per course), with progress."""
    from scorm.media import collect_media

    for course in courses:  # every remote image downloaded (or its failure reported) before any job
        collect_media(course.path, course.units, course.languages, remote)
    jobs = build_jobs(courses, out)
    _STATE.update(courses={c.id: c for c in courses}, remote=remote, out=out, caches={})
    for course in courses:
        cache = UnitCache(cache_path(out, course))
        cache.create()  # before the workers open it
        cache.close()
    code_fingerprint()  # worked out once, here, for every worker
    workers = min(workers or default_workers(), len(jobs))
    in_pool = workers > 1 and _can_fork()
    try:
        finished = _in_pool(jobs, workers) if in_pool else (_run(job) for job in jobs)
        done = {d.job: d for d in run_jobs(jobs, finished, interactive=interactive)}
    finally:
        _close_caches()
        _STATE.clear()
    for course in courses:
        cache = UnitCache(cache_path(out, course), in_memory=False)
        cache.prune(set().union(*(d.used for d in done.values() if d.job.course == course.id)))
        cache.close()
    rendered = {c.id: len(set().union(*(d.rendered for d in done.values() if d.job.course == c.id)))
                for c in courses}
    return Report([done[job].path for job in jobs], rendered, {c.id: len(c.units) for c in courses})


def run_jobs(jobs: list[Job], finished: Iterable[Done], *, interactive: bool | None = None) -> list[Done]:
    """Report progress on *jobs* as *finished* yields them done (in any order): a bar of outputs
    done on a terminal, one plain line per output elsewhere (CI logs)."""
    stream = sys.stderr
    interactive = stream.isatty() if interactive is None else interactive
    results = []
    if interactive:
        with click.progressbar(length=len(jobs), label="building outputs", show_pos=True, file=stream,
                               item_show_func=lambda done: done.job.label if done else "") as bar:
            for done in finished:
                results.append(done)
                bar.update(1, done)
        return results
    for index, done in enumerate(finished, 1):
        click.echo(f"[{index}/{len(jobs)}] {done.job.label}", err=True)
        results.append(done)
    return results


# -------------------------------------------------------------------------------------- workers
_STATE: dict = {}
"""What every job needs, set before the pool forks (so workers inherit it): the courses by id,
the remote-media fetcher, the output folder, and this process's open caches."""


def _run(job: Job) -> Done:
    course = _STATE["courses"][job.course]
    cache = _cache(course)
    if job.output == "olx":
        path = write_archive(course, job.path, job.lang, cache)
    else:
        from scorm.package import build_package, package_specs

        [spec] = package_specs(course, job.standard, job.lang)
        path = build_package(spec, job.path, _STATE["remote"], cache)
    cache.flush()
    return Done(job, path, set(cache.rendered), set(cache.used))


def _cache(course: Course) -> UnitCache:
    caches = _STATE["caches"]
    key = (os.getpid(), course.id)
    if key not in caches:
        # Not kept in memory: the file is what the jobs share, and a worker's memory stays bounded
        # by one package whatever the size of the course.
        caches[key] = UnitCache(cache_path(_STATE["out"], course), in_memory=False)
    return caches[key]


def _close_caches() -> None:
    for cache in _STATE.get("caches", {}).values():
        cache.close()


def _can_fork() -> bool:
    # Workers must inherit the loaded courses; macOS and Windows start them afresh instead, and
    # there the jobs run one after the other in this process.
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _in_pool(jobs: list[Job], workers: int) -> Iterator[Done]:
    """Run *jobs* on *workers* cores: this process and ``workers - 1`` forked ones, each taking the
    next job when it is free; yield each job as it finishes. This process works too rather than
    waiting, so a large course's model is in one process fewer."""
    _prepare_for_workers()
    gc.freeze()  # the model is shared with the workers: keep the collector from copying its pages
    pool = ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_started)
    waiting, running = list(jobs), set()
    # At first one job per worker, so that this process starts the second (the other language's
    # views) at once; from then on each worker has its next job queued while it works, so it
    # never waits for this process to finish a job of its own before it is given more.
    in_flight = workers - 1
    try:
        while waiting or running:
            while waiting and len(running) < in_flight:
                running.add(pool.submit(_run, waiting.pop(0)))
            in_flight = 2 * (workers - 1)
            if waiting:  # this process's own turn
                yield _run(waiting.pop(0))
                finished = {future for future in running if future.done()}
            else:
                finished = wait(running, return_when=FIRST_COMPLETED).done
            for future in finished:
                running.discard(future)
                yield future.result()
    finally:
        pool.shutdown(cancel_futures=True)
        gc.unfreeze()


def _prepare_for_workers() -> None:
    """What every worker would otherwise do again on its own, done once before they are forked:
    the message catalogues compiled, and the templates of every output compiled (a quarter of a
    second each time)."""
    from scorm.pages import environment as page_environment
    from scorm.views import SELF_REVIEW, scorm_environment

    from . import i18n
    from .render.environment import SWITCH_TEMPLATE, TEMPLATES, environment

    for lang in i18n.UI_LANGUAGES:
        i18n.translations(lang)
    for name in (*TEMPLATES.values(), "_block.html", "_macros.html", SWITCH_TEMPLATE):
        environment().get_template(name)
    for name in ("sco.html", "_contents.html", "_unit.html"):
        page_environment().get_template(name)
    scorm_environment().get_template(SELF_REVIEW)


def _worker_started() -> None:
    _STATE["caches"] = {}  # a worker opens its own connections
