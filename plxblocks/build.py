"""``plx build``: every output of a course, as a list of jobs run with progress.

Each job writes one file from the loaded model: the Open edX archive (bilingual and one per
language) and the SCORM packages (both standards, bilingual and one per language).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import click

from .course.model import Course
from .olx.archive import write_archive


@dataclass(frozen=True)
class Job:
    label: str
    """What is being built, as progress shows it (``npqh: SCORM 2004 (cy)``)."""
    run: Callable[[], Path]


def _variant(lang: str | None) -> str:
    return lang or "bilingual"


def olx_jobs(course: Course, out_dir: Path) -> list[Job]:
    jobs = []
    for lang in (None, *course.languages):
        name = f"{course.id}-olx{'-' + lang if lang else ''}.tar.gz"
        jobs.append(Job(f"{course.id}: Open edX archive ({_variant(lang)})",
                        lambda lang=lang, name=name: write_archive(course, out_dir / name, lang)))
    return jobs


def scorm_jobs(course: Course, out_dir: Path, remote) -> list[Job]:
    from scorm.package import all_package_specs, build_package

    return [Job(f"{course.id}: SCORM {spec.standard} ({_variant(None if spec.bilingual else spec.languages[0])})",
                lambda spec=spec: build_package(spec, out_dir / spec.file_name, remote))
            for spec in all_package_specs(course)]


def build_jobs(courses: Iterable[Course], out: Path, remote) -> list[Job]:
    jobs: list[Job] = []
    for course in courses:
        jobs += olx_jobs(course, out / course.id) + scorm_jobs(course, out / course.id, remote)
    return jobs


def run_jobs(jobs: list[Job], *, interactive: bool | None = None) -> list[Path]:
    """Run *jobs*: a progress bar on a terminal, one plain line per job elsewhere (CI logs)."""
    interactive = click.get_text_stream("stderr").isatty() if interactive is None else interactive
    written = []
    if interactive:
        with click.progressbar(jobs, label="building", file=click.get_text_stream("stderr"),
                               item_show_func=lambda job: job.label if job else "") as bar:
            for job in bar:
                written.append(job.run())
        return written
    for index, job in enumerate(jobs, 1):
        click.echo(f"[{index}/{len(jobs)}] {job.label}", err=True)
        written.append(job.run())
    return written
