"""``plx``: validate and build course content. Each command parses options and calls the library.

Exit status: 0 success, 1 content errors (each printed as ``file:line[:col]: message``),
2 usage errors. A user's mistake never prints a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .course import LoadOptions, LoadResult, load_course
from .course.glossary import GLOSSARY_FILE
from .course.loader import COURSE_FILE
from .course.stats import course_stats, module_stats


class ContentErrors(click.ClickException):
    """Content problems were reported; exit 1 without a traceback."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


def course_folders(paths: tuple[str, ...]) -> list[Path]:
    """Course folders named by *paths*: a course folder itself, or a folder of course folders."""
    folders: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if (path / COURSE_FILE).is_file():
            folders.append(path)
        elif path.is_dir() and any((child / COURSE_FILE).is_file() for child in path.iterdir()):
            folders.extend(sorted(child for child in path.iterdir() if (child / COURSE_FILE).is_file()))
        elif path.name == GLOSSARY_FILE and path.is_file():
            continue  # checked with every course beside it
        elif path.exists():
            raise click.BadParameter(f"{raw}: not a course folder (no {COURSE_FILE} in it)", param_hint="PATH")
        else:
            raise click.BadParameter(f"{raw}: no such file or folder", param_hint="PATH")
    return folders


def load_all(paths: tuple[str, ...], options: LoadOptions) -> list[LoadResult]:
    """Load every course; print every problem; raise :class:`ContentErrors` when any is an error."""
    results = [load_course(folder, options) for folder in course_folders(paths)]
    # A shared file (the glossary) is checked with every course: report its problems once.
    reported = list(dict.fromkeys(d for result in results for d in result.diagnostics.sorted()))
    for diagnostic in reported:
        click.echo(diagnostic.format(), err=True)
    errors = sum(d.severity == "error" for d in reported)
    warnings = len(reported) - errors
    if errors:
        raise ContentErrors(f"{_count(errors, 'error')}, {_count(warnings, 'warning')} "
                            f"in {_count(len(results), 'course')}: nothing was built")
    return results


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


translations_option = click.option(
    "--allow-missing-translations", is_flag=True,
    help="Report missing Welsh or English text as warnings, not errors (for drafts).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plx")
def main() -> None:
    """Professional Learning XBlocks: validate and build bilingual course content."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@translations_option
@click.option("--stats", is_flag=True, help="Print a table of each course's size.")
def validate(paths: tuple[str, ...], allow_missing_translations: bool, stats: bool) -> None:
    """Check course folders and report every problem as file:line: message."""
    results = load_all(paths, LoadOptions(allow_missing_translations=allow_missing_translations))
    for result in results:
        course = result.course
        click.echo(f"{_display(result.path)}: OK: {course_stats(course).summary()}")
        if stats:
            click.echo(stats_table(course))


def stats_table(course) -> str:
    """Per-module table: units, checks, reflections, peer tasks, words per language, minutes."""
    rows = [f"  {'module':<40} {'units':>5} {'checks':>6} {'refl.':>5} {'peer':>4} "
            f"{'words en':>8} {'words cy':>8} {'min':>4}"]
    for module in course.modules:
        s = module_stats(module)
        rows.append(f"  {module.id[:40]:<40} {s.units:>5} {s.checks:>6} {s.reflections:>5} "
                    f"{s.peer_tasks:>4} {s.words['en']:>8,} {s.words['cy']:>8,} {s.minutes:>4}")
    return "\n".join(rows)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("--data", "data_dir", default="var/workbench", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the workbench database and log (not the repository root).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def serve(paths: tuple[str, ...], data_dir: str, host: str, port: int) -> None:
    """Start the XBlock workbench with every unit of the courses in PATHS (default: content/).

    Each unit is a scenario at http://HOST:PORT/; add ?student=NAME to a page to act as another
    learner.
    """
    from .workbench import serve as workbench

    content = [Path(p) for p in paths] or [Path("content")]
    load_all(tuple(str(p) for p in content), LoadOptions())
    click.echo(f"plx workbench: http://{host}:{port}/ (data in {data_dir}; Ctrl+C to stop)")
    try:
        process = workbench.start(Path(data_dir), content, host, port)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None
    try:
        sys.exit(process.wait())
    except KeyboardInterrupt:
        process.terminate()
        process.wait()


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
