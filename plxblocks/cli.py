"""``plx``: validate and build course content. Each command parses options and calls the library.

Exit status: 0 success, 1 content errors (each printed as ``file:line[:col]: message``),
2 usage errors. A user's mistake never prints a traceback.
"""
from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import click

from .course import LoadOptions, LoadResult, load_cache, load_course
from .course.glossary import GLOSSARY_FILE
from .course.loader import COURSE_FILE
from .course.stats import course_stats, module_stats

COURSE_KEY = re.compile(r"^course-v1:[A-Za-z0-9_.-]+\+[A-Za-z0-9_.-]+\+[A-Za-z0-9_.-]+$")


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
    with load_cache.from_environment() as cache:
        results = [load_course(folder, options, cache) for folder in course_folders(paths)]
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
    import importlib.util

    from .workbench import serve as workbench

    if importlib.util.find_spec("workbench") is None or importlib.util.find_spec("django") is None:
        raise click.ClickException("plx serve needs the XBlock SDK workbench, which this install leaves out: "
                                   "pip install 'plx[workbench]'")
    content = [Path(p) for p in paths] or [Path("content")]
    results = load_all(tuple(str(p) for p in content), LoadOptions())
    if not workbench.port_is_free(host, port):
        raise click.ClickException(f"{host}:{port} is already in use: stop what listens there, "
                                   f"or choose another port with --port")
    base = f"http://{host}:{port}"
    run_server(lambda: workbench.start(Path(data_dir), content, host, port),
               lambda process: workbench.wait_until_up(base + "/", process),
               lambda: _serving_message(base, [r.course for r in results], data_dir))


def run_server(start, wait_until_ready, message) -> None:
    """Start a server process, print *message* once it is ready, and wait for it; stopping plx
    (Ctrl+C or a plain kill) stops the server it started, and a failure to start is a clear error."""
    import signal

    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    process = None
    try:
        process = start()
        wait_until_ready(process)
        click.echo(message())
        sys.exit(process.wait())
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None
    except KeyboardInterrupt:
        pass
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()


def _serving_message(base: str, courses: list, data_dir: str) -> str:
    """What a newcomer needs once the workbench answers: where to go, who they are, how to stop."""
    units = sum(len(module.units) for course in courses for module in course.modules)
    first = f"{base}/scenario/plx_lesson.0/"
    return "\n".join([
        f"plx workbench is ready: {_count(units, 'unit')} of {_count(len(courses), 'course')}, one scenario each.",
        f"  first unit:       {first}",
        f"  every unit:       {base}/",
        f"  another learner:  add ?student=NAME, e.g. {first}?student=alice",
        f"  learners' data:   {data_dir} (database and log, never served)",
        "  stop:             press Ctrl+C",
    ])


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _address_policy(ctx, param, value: str):
    from .remote_fetch import AddressPolicy

    try:
        return AddressPolicy.parse(value or "")
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


REMOTE_MEDIA_OPTIONS = (
    click.option("--media-cache", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help="Folder for downloaded remote media (default: $PLX_CACHE_DIR or ~/.cache/plx/media)."),
    click.option("--media-timeout", type=click.FloatRange(min=0, min_open=True), default=20.0, show_default=True,
                 envvar="PLX_MEDIA_TIMEOUT", metavar="SECONDS",
                 help="Seconds one remote image may take to download in all, redirects included "
                      "(env PLX_MEDIA_TIMEOUT)."),
    click.option("--allow-private-media", "media_addresses", default="", callback=_address_policy,
                 envvar="PLX_ALLOW_PRIVATE_MEDIA", metavar="all|NETWORKS",
                 help="Also download remote media from these private, loopback or link-local addresses, "
                      "e.g. 10.20.0.0/16,127.0.0.1, or 'all' (env PLX_ALLOW_PRIVATE_MEDIA). By default "
                      "only public addresses are fetched."),
)


def remote_media_options(command):
    """The remote-media options above, handed to *command* as one ``remote`` (a RemoteMedia)."""
    @functools.wraps(command)
    def with_remote_media(*args, media_cache: Path | None, media_timeout: float, media_addresses, **kwargs):
        from scorm import RemoteMedia

        cache = {"cache_dir": media_cache} if media_cache else {}
        remote = RemoteMedia(**cache, timeout=media_timeout, addresses=media_addresses)
        return command(*args, remote=remote, **kwargs)

    for option in reversed(REMOTE_MEDIA_OPTIONS):
        with_remote_media = option(with_remote_media)
    return with_remote_media


def _build_errors(action):
    """Run *action*; a build problem the user can fix (a SCORM download, a file name that would
    leave the archive) becomes exit 1, without a traceback."""
    from scorm import PackageError

    from .archive_names import UnsafeName

    try:
        return action()
    except (PackageError, UnsafeName) as error:
        raise ContentErrors(f"{error}\nnothing was built") from None


@main.command()
@click.argument("path", type=click.Path())
@click.option("--standard", type=click.Choice(["1.2", "2004"]), required=True,
              help="SCORM 1.2 (every LMS; 4,096 characters of saved state) or SCORM 2004 4th Edition.")
@click.option("--lang", type=click.Choice(["en", "cy"]), default=None,
              help="One language only; without it the package has an English/Cymraeg switch.")
@click.option("--split", type=click.Choice(["modules"]), default=None,
              help="One package per module (OUT is then a folder).")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), required=True,
              help="The zip to write (a folder with --split modules).")
@click.option("--organization", type=click.Choice(["units", "course"]), default="units", show_default=True,
              help="units: the LMS tracks each unit as an activity, listed by module; course: one "
                   "activity for the whole course (for players that launch one SCO, like Open edX's).")
@remote_media_options
def scorm(path: str, standard: str, lang: str | None, split: str | None, out: Path,
          organization: str, remote) -> None:
    """Build a SCORM package (zip) of the course at PATH."""
    from scorm import build_scorm

    [result] = _one_course(path)
    written = _build_errors(lambda: build_scorm(result.course, standard, out, remote,
                                                lang=lang, split_modules=split == "modules",
                                                organization=organization))
    for zip_path in written:
        click.echo(f"{_display(zip_path)}: {zip_path.stat().st_size:,} bytes")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write every output into (one subfolder per course).")
@click.option("--jobs", "workers", type=click.IntRange(min=1), default=None,
              help="Outputs built at the same time, each in a process of its own (default: one per CPU core).")
@remote_media_options
def build(paths: tuple[str, ...], out: Path, workers: int | None, remote) -> None:
    """Build every output of each course: the Open edX archive and SCORM 1.2 and 2004 packages,
    bilingual and one per language.

    Units whose content has not changed since the last build into the same folder are not
    rendered again (their renderings are kept in OUT/.plx-cache/; delete it to start afresh).
    """
    from .build import build as build_all

    results = load_all(paths, LoadOptions())
    report = _build_errors(lambda: build_all([r.course for r in results], out, remote, workers=workers))
    for path in report.paths:
        click.echo(f"{_display(path)}: {path.stat().st_size:,} bytes")
    for line in report.summary():
        click.echo(line, err=True)


lang_option = click.option("--lang", type=click.Choice(["en", "cy"]), default=None,
                           help="One language only; without it every block holds both languages.")


@main.command()
@click.argument("path", type=click.Path())
@lang_option
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The course archive to write (COURSE.tar.gz).")
def olx(path: str, lang: str | None, out: Path) -> None:
    """Build the Open edX course archive (OLX .tar.gz) of the course at PATH, for Studio's import."""
    from .olx.archive import write_archive

    if not out.name.endswith(".tar.gz"):
        raise click.BadParameter(f"{out}: Studio imports only files ending .tar.gz", param_hint="-o")
    [result] = _one_course(path)
    written = _build_errors(lambda: write_archive(result.course, out, lang))
    click.echo(f"{_display(written)}: {written.stat().st_size:,} bytes")


@main.command()
@click.argument("path", type=click.Path())
@click.option("--studio", required=True, help="Studio's address, e.g. https://studio.example.org")
@click.option("--course-key", required=True, help="The course run to import into: course-v1:ORG+NUMBER+RUN")
@lang_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File with a [publish] section (client_id, client_secret, lms_url); "
                   "default ~/.config/plx/publish.ini. Environment variables win.")
def publish(path: str, studio: str, course_key: str, lang: str | None, config_file: Path | None) -> None:
    """Build the course at PATH and import it into Studio through its REST API.

    Credentials come from PLX_OAUTH_CLIENT_ID / PLX_OAUTH_CLIENT_SECRET / PLX_LMS_URL or the
    config file, never from the command line (it ends up in shell history).
    """
    import tempfile

    from .olx.archive import write_archive
    from .publish import PublishError, load_credentials
    from .publish import publish as publish_archive

    if not COURSE_KEY.match(course_key):
        raise click.BadParameter(f"{course_key}: expected course-v1:ORG+NUMBER+RUN", param_hint="--course-key")
    [result] = _one_course(path)
    try:
        credentials = load_credentials(config_file, studio_url=studio)
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / f"{result.course.id}.tar.gz"
            archive = _build_errors(lambda: write_archive(result.course, target, lang))
            click.echo(f"uploading {archive.name} ({archive.stat().st_size:,} bytes) to {studio}", err=True)
            publish_archive(archive, studio, course_key, credentials, say=lambda m: click.echo(m, err=True))
    except PublishError as error:
        raise ContentErrors(f"publish failed: {error}") from None
    click.echo(f"published {result.course.id} to {course_key}")


@main.command()
@click.argument("path", type=click.Path())
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@lang_option
@remote_media_options
def preview(path: str, port: int, lang: str | None, remote) -> None:
    """Serve the course at PATH as a learner sees it, rebuilding on every save.

    Errors in the content are shown in the page instead of the course; the page reloads by
    itself when you save a file.
    """
    from .preview import PreviewServer, PreviewSite

    site = PreviewSite(_one_course_folder(path), lang, remote, say=lambda message: click.echo(message, err=True))
    try:
        server = PreviewServer(site, port=port)
    except OSError as error:
        raise click.BadParameter(f"cannot listen on 127.0.0.1:{port} ({error.strerror}): "
                                 "choose another --port", param_hint="--port") from None
    click.echo(f"plx preview: {server.url} (rebuilds when you save; Ctrl+C to stop)", err=True)
    server.serve_until_interrupted()


def _one_course_folder(path: str) -> Path:
    folders = course_folders((path,))
    if len(folders) != 1:
        raise click.BadParameter(f"{path}: expected one course folder, found {len(folders)}", param_hint="PATH")
    return folders[0]


def _one_course(path: str) -> list[LoadResult]:
    return load_all((str(_one_course_folder(path)),), LoadOptions())


@main.command()
@click.argument("path", type=click.Path())
@click.option("--base", required=True, help="The plx LTI tool's public address, e.g. https://plx.example.org")
@lang_option
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The cartridge to write (COURSE.imscc).")
def cc(path: str, base: str, lang: str | None, out: Path) -> None:
    """Build an IMS Common Cartridge 1.1 of LTI links (one per unit, by module) for the LTI tool at --base."""
    from .cc import build_cartridge

    if not base.startswith(("https://", "http://")):
        raise click.BadParameter(f"{base}: expected https://HOST[:PORT]", param_hint="--base")
    [result] = _one_course(path)
    written = build_cartridge(result.course, base, out, lang)
    click.echo(f"{_display(written)}: {written.stat().st_size:,} bytes")


# ------------------------------------------------------------------------------------ plx lti
data_option = click.option("--data", "data_dir", default="var/lti", show_default=True,
                           type=click.Path(file_okay=False, path_type=Path),
                           help="Folder of the trial database and secret key (production: PLX_LTI_DATABASE_URL).")


@main.group()
def lti() -> None:
    """The LTI 1.3 tool: serve it, register platforms, rotate keys, send scores (docs/lti.md)."""


@lti.command("serve")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False))
@data_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8095, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="gunicorn worker processes.")
def lti_serve(paths: tuple[str, ...], data_dir: Path, host: str, port: int, workers: int) -> None:
    """Serve the courses in PATHS (default: content/) as an LTI 1.3 tool, under gunicorn."""
    from .lti import serve as lti_server

    content = [Path(p) for p in paths] or [Path("content")]
    load_all(tuple(str(p) for p in content), LoadOptions())
    run_server(lambda: lti_server.start(data_dir, content, host, port, workers), lambda process: None,
               lambda: f"plx LTI tool: http://{host}:{port}/lti/ (register: http://{host}:{port}/lti/register; "
                       f"data in {data_dir}; Ctrl+C to stop)")


def _lti_admin(data_dir: Path):
    from .lti import serve as lti_server

    lti_server.configure(data_dir)
    return lti_server


@lti.command("register")
@data_option
@click.option("--platform-json", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A file with issuer, client_id, deployment_ids, auth_login_url, auth_token_url, key_set_url.")
@click.option("--issuer", default=None)
@click.option("--client-id", default=None)
@click.option("--auth-login-url", default=None)
@click.option("--auth-token-url", default=None)
@click.option("--key-set-url", default="")
@click.option("--deployment", "deployments", multiple=True, help="A deployment id (repeat for several).")
@click.option("--store-names", is_flag=True, help="Keep learners' names from launches (off: never stored).")
def lti_register(data_dir: Path, platform_json: Path | None, store_names: bool, **fields) -> None:
    """Register a platform by hand (for platforms without Dynamic Registration)."""
    values = {k: v for k, v in fields.items() if v}
    if platform_json:
        values = {**_lti_admin(data_dir).platform_json(platform_json), **values}
    missing = [f for f in ("issuer", "client_id", "auth_login_url", "auth_token_url") if not values.get(f)]
    if missing:
        raise click.UsageError(f"missing {', '.join('--' + m.replace('_', '-') for m in missing)}")
    values["deployments"] = tuple(values.get("deployments", ()))
    import json

    click.echo(json.dumps(_lti_admin(data_dir).register(store_names=store_names, **values)))


@lti.command("registrations")
@data_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def lti_registrations(data_dir: Path, as_json: bool) -> None:
    """List the registered platforms and their deployments (the tenants)."""
    _lti_admin(data_dir)
    from .lti.models import Registration

    rows = [{"name": r.name, "issuer": r.issuer, "client_id": r.client_id, "active": r.active,
             "store_names": r.store_names,
             "deployments": [d.deployment_id for d in r.deployments.order_by("id") if d.active]}
            for r in Registration.objects.order_by("id").prefetch_related("deployments")]
    if as_json:
        import json

        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        state = "" if row["active"] else " (inactive)"
        deployments = ", ".join(row["deployments"]) or "-"
        click.echo(f"{row['issuer']}  client {row['client_id']}{state}: deployments {deployments}")


@lti.command("tool")
@data_option
@click.option("--base", required=True, help="The tool's public address, e.g. https://plx.example.org")
def lti_tool(data_dir: Path, base: str) -> None:
    """Print what a platform needs to register plx by hand (URLs, public key) as JSON."""
    import json

    click.echo(json.dumps(_lti_admin(data_dir).tool_details(base.rstrip("/")), indent=2))


@lti.command("keys")
@data_option
@click.argument("action", type=click.Choice(["show", "rotate", "retire"]))
def lti_keys(data_dir: Path, action: str) -> None:
    """show: the key set; rotate: add a new signing key; retire: drop all but the newest."""
    _lti_admin(data_dir)
    from .lti import keys

    if action == "rotate":
        click.echo(f"new signing key {keys.rotate().kid}; the old ones stay in the JWKS until `retire`")
    elif action == "retire":
        click.echo(f"retired {keys.retire()} key(s)")
    for key in keys.jwks()["keys"]:
        click.echo(key["kid"])


@lti.command("outbox")
@data_option
@click.option("--loop", is_flag=True, help="Keep sending due scores every --every seconds.")
@click.option("--every", default=30, show_default=True, type=click.IntRange(1, 3600))
def lti_outbox(data_dir: Path, loop: bool, every: int) -> None:
    """Send the scores that are due to the platforms (retries of failed posts)."""
    import time

    _lti_admin(data_dir)
    from .lti import scores

    while True:
        counts = scores.deliver()
        click.echo(f"sent {counts['sent']}, failed {counts['failed']}")
        if not loop:
            return
        time.sleep(every)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
