"""``plx preview``: the course as a learner sees it, rebuilt while the author edits.

The pages are the standalone SCORM package (the same templates, stylesheet and behaviour as in
every LMS, with no LMS needed), served from memory on 127.0.0.1. A watcher rebuilds whenever a
file of the course (or the glossary beside it) changes; each page polls a version number and
reloads itself when it moves on. When the content has errors, every page shows them, as
``file:line: message``, instead of a stale course; so does a crash of plx itself while building,
and the watcher goes on, so the next save is built.

Only requests addressed to this computer (``Host: 127.0.0.1:PORT``, ``localhost:PORT`` or
``[::1]:PORT``) are answered: a web page elsewhere could otherwise point its own name at 127.0.0.1
(DNS rebinding) and read the draft course with its answer keys.
"""
from __future__ import annotations

import html
import json
import logging
import mimetypes
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlparse

from .build import units_rebuilt
from .course import LoadOptions, load_cache, load_course
from .course.glossary import GLOSSARY_FILE

VERSION_PATH = "/__plx_preview/version"
SCRIPT_PATH = "/__plx_preview/reload.js"
RELOAD_SCRIPT = """/* plx preview: reload the page when the content changes */
(function () {
  var seen = Number(document.currentScript.getAttribute("data-version"));
  setInterval(function () {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (d) { if (d.version !== seen) { location.reload(); } })
      .catch(function () {});
  }, %d);
})();
"""
# The package's pages forbid every connection (connect-src 'none': a SCO talks to the LMS only
# through the SCORM API). The preview is not a package: it lets its pages ask this server alone.
PACKAGE_CSP = b"connect-src 'none'"
PREVIEW_CSP = b"connect-src 'self'"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
"""The names a browser on this computer uses for the preview (in the Host header, with the port)."""

log = logging.getLogger(__name__)


class PreviewSite:
    """The current build of one course: its files, or the errors that stopped it."""

    def __init__(self, course_path: Path, lang: str | None = None, remote=None, poll_ms: int = 700,
                 say: Callable[[str], None] = log.info):
        from .rendercache import UnitCache

        self.course_path = Path(course_path)
        self.lang = lang
        self.remote = remote
        self.poll_ms = poll_ms
        self.say = say
        self.cache = UnitCache()
        """The block views of the last build: a save renders again only the units it changed."""
        self.version = 0
        self.files: dict[str, bytes] = {}
        self.errors: list[str] = []
        self._fingerprint: tuple = ()
        self._lock = threading.Lock()

    def fingerprint(self) -> tuple:
        """Name, size and change time of every file the course is built from."""
        entries = []
        for folder, dirs, names in os.walk(self.course_path):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:  # removed while we looked: the next poll sees it gone
                    continue
                entries.append((path, stat.st_size, stat.st_mtime_ns))
        glossary = self.course_path.parent / GLOSSARY_FILE
        if glossary.is_file():
            stat = glossary.stat()
            entries.append((str(glossary), stat.st_size, stat.st_mtime_ns))
        return tuple(entries)

    def rebuild_if_changed(self) -> bool:
        fingerprint = self.fingerprint()
        if fingerprint == self._fingerprint:
            return False
        self._fingerprint = fingerprint
        self.rebuild()
        return True

    def rebuild(self) -> None:
        try:
            files, errors = self._build()
        except Exception as error:  # a bug in plx must not leave the last good build on show
            log.exception("plx preview: building %s failed", self.course_path)
            files, errors = {}, [f"{self.course_path}: plx could not build the course "
                                 f"({type(error).__name__}: {error}); the terminal running plx preview "
                                 "shows the details. Save a file to try again."]
        with self._lock:
            self.files, self.errors = files, errors
            self.version += 1

    def _build(self) -> tuple[dict[str, bytes], list[str]]:
        """(package files, no errors) or (nothing, the errors as ``file:line: message``)."""
        from scorm import PackageError, package_files, package_specs

        with load_cache.from_environment() as modules:  # one per build: builds run in the watcher's thread
            result = load_course(self.course_path, LoadOptions(allow_missing_translations=True), modules)
        errors = [d.format() for d in result.diagnostics.sorted() if d.severity == "error"]
        if result.course is None or errors:
            return {}, errors
        self.cache.begin()
        try:
            files = package_files(package_specs(result.course, "2004", self.lang)[0], self.remote, self.cache)
        except PackageError as error:
            return {}, str(error).splitlines()
        self.cache.prune(self.cache.used)  # the views of what the content no longer holds
        self.say(units_rebuilt(result.course.id, len(self.cache.rendered), len(result.course.units)))
        return files, []

    def page(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a GET of *path*."""
        with self._lock:
            version, files, errors = self.version, self.files, self.errors
        if path == VERSION_PATH:
            return 200, "application/json", json.dumps({"version": version}).encode()
        if path == SCRIPT_PATH:
            return 200, "text/javascript", (RELOAD_SCRIPT % (VERSION_PATH, self.poll_ms)).encode()
        if errors:
            return 200, "text/html; charset=utf-8", self._error_page(errors, version)
        name = unquote(path.lstrip("/")) or "index.html"
        if name not in files:  # only package files exist: no path reaches the disk
            return 404, "text/plain; charset=utf-8", b"not in the course package"
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        body = files[name]
        if kind == "text/html":
            body = body.replace(PACKAGE_CSP, PREVIEW_CSP, 1)
            body = body.replace(b"</body>", self._reload_script(version).encode() + b"</body>", 1)
            kind += "; charset=utf-8"
        return 200, kind, body

    def _reload_script(self, version: int) -> str:
        return f'<script src="{SCRIPT_PATH}" data-version="{version}"></script>'


    def _error_page(self, errors: list[str], version: int) -> bytes:
        items = "\n".join(f"<li><code>{html.escape(e)}</code></li>" for e in errors)
        count = f"{len(errors)} error{'' if len(errors) == 1 else 's'}"
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                f"<title>plx preview: {count}</title>"
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem;color:#1b1b1b}"
                "li{margin:.5rem 0}code{white-space:pre-wrap}</style></head><body><main>"
                f'<h1>The course has {count}</h1><p>Fix them and save: this page updates by itself.</p>'
                f'<ul id="plx-preview-errors">{items}</ul></main>'
                f"{self._reload_script(version)}</body></html>").encode("utf-8")


class PreviewServer:
    """An HTTP server for a :class:`PreviewSite`, with its watcher thread."""

    def __init__(self, site: PreviewSite, host: str = "127.0.0.1", port: int = 0, interval: float = 0.4):
        self.site = site
        self.interval = interval
        self._stop = threading.Event()
        self.httpd = ThreadingHTTPServer((host, port), _handler(site))
        self._threads = [threading.Thread(target=self.httpd.serve_forever, args=(0.1,), daemon=True),
                         threading.Thread(target=self._watch, daemon=True)]

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def _watch(self) -> None:
        # Polling a few hundred files costs microseconds and needs no native watcher; it also
        # sees editors' atomic saves (write a temp file, rename) that some watchers miss.
        while not self._stop.wait(self.interval):
            try:
                self.site.rebuild_if_changed()
            except Exception:  # e.g. a file gone between two looks; the next poll tries again
                log.exception("plx preview: watching %s failed; still watching", self.site.course_path)

    def start(self) -> "PreviewServer":
        self.site.rebuild_if_changed()
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def serve_until_interrupted(self) -> None:
        self.start()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()


def addressed_here(host_headers: list[str], port: int) -> bool:
    """Whether a request with these ``Host`` headers was meant for the preview on *port*."""
    if len(host_headers) != 1:
        return False
    names = {f"{name}:{port}" for name in LOCAL_HOSTS} | (set(LOCAL_HOSTS) if port == 80 else set())
    return host_headers[0].strip().lower() in names


def _handler(site: PreviewSite):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # the terminal is for the author's messages
            pass

        def do_GET(self):  # noqa: N802 - http.server API
            hosts = self.headers.get_all("Host") or []
            port = self.server.server_address[1]
            if addressed_here(hosts, port):
                status, kind, body = site.page(urlparse(self.path).path)
            else:  # 421: this server is not the one the name was meant for (RFC 9110, 15.5.20)
                status, kind = (421 if hosts else 400), "text/plain; charset=utf-8"
                body = (f"plx preview answers only requests for http://127.0.0.1:{port}/ or "
                        f"http://localhost:{port}/: open one of those.").encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler
