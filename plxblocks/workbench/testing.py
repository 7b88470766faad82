"""A workbench server for tests and benchmarks: on a free port, stopped (with its process) on exit.

Other engineers run servers on the same machine, so nothing here assumes port 8000 is free.
"""
from __future__ import annotations

import contextlib
import socket
import subprocess
from pathlib import Path

from .serve import start, wait_until_up


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_workbench(content: list[Path], data_dir: Path, extra_env: dict | None = None):
    """Start the workbench for *content* in *data_dir*; yield its base URL; always stop it."""
    port = free_port()
    log = open(Path(data_dir).parent / f"{Path(data_dir).name}-server.log", "ab")  # noqa: SIM115
    process = start(Path(data_dir), content, port=port, extra_env=extra_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", process)
        yield base
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a server this process started: terminate, and kill it if it does not stop in time."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class WorkbenchLearner:
    """One learner (``?student=name``) using a running workbench over HTTP, as the browser does.

    ``keep_alive=False`` opens a new connection per request (runserver's keep-alive adds a flat
    ~52 ms per request, a Nagle/delayed-ACK artefact, which would swamp what we measure).
    """

    def __init__(self, base: str, name: str, keep_alive: bool = True) -> None:
        import requests

        self.base, self.name, self.keep_alive = base, name, keep_alive
        self.session = requests.Session()

    def _headers(self) -> dict:
        headers = {"X-CSRFToken": self.session.cookies.get("csrftoken", ""), "Referer": self.base + "/"}
        if not self.keep_alive:
            headers["Connection"] = "close"
        return headers

    def _request(self, method: str, url: str, **kwargs):
        if self.keep_alive:
            return self.session.request(method, url, **kwargs)
        import requests  # a new session (and so a new connection) per request, with our cookies

        with requests.Session() as fresh:
            fresh.cookies.update(self.session.cookies)
            response = fresh.request(method, url, **kwargs)
            self.session.cookies.update(response.cookies)
            return response

    def page(self, scenario: str = "plx_lesson.0") -> str:
        url = f"{self.base}/scenario/{scenario}/?student={self.name}"
        response = self._request("GET", url, headers=self._headers())
        response.raise_for_status()
        return response.text

    def usages(self, scenario: str = "plx_lesson.0") -> dict[str, str]:
        import re

        return {kind: usage for usage, kind in
                re.findall(r"data-usage='([^']+)' data-block-type='([^']+)'", self.page(scenario))}

    def post(self, usage: str, handler: str, body):
        import json

        url = f"{self.base}/handler/{usage}/{handler}/?student={self.name}"
        return self._request("POST", url, data=json.dumps(body),
                             headers={**self._headers(), "Content-Type": "application/json"}, timeout=60)

    def get(self, usage: str, handler: str, query: str = ""):
        return self._request("GET", f"{self.base}/handler/{usage}/{handler}/?student={self.name}&{query}",
                                headers=self._headers(), timeout=60)


def configure_in_process(folder: Path, content: list[Path]) -> None:
    """Configure Django in this process with the plx workbench settings, a SQLite database in
    *folder*, and *content*; then migrate. For tests and benchmarks (settings load once)."""
    import os

    Path(folder).mkdir(parents=True, exist_ok=True)
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "plxblocks.workbench.settings", "PLX_DB": str(folder / "db.sqlite3"),
        "PLX_LOG": str(folder / "workbench.log"), "EXCLUDE_SAMPLE_XBLOCKS": "yes",
        "PLX_CONTENT": os.pathsep.join(str(p) for p in content),
        # Playwright's sync API leaves an asyncio loop in the thread after browser tests;
        # Django would then refuse database calls from synchronous code in the same process.
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true"})
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0)
