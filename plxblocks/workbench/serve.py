"""Start the XBlock SDK workbench with the plx blocks: what ``plx serve`` and the tests run.

The server runs in a *data folder* (database ``var/workbench.db``, log ``var/workbench.log``),
because the SDK resolves those paths, and serves files, relative to its current directory.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SETTINGS = "plxblocks.workbench.settings"


def environment(data_dir: Path, content: list[Path], extra: dict | None = None) -> dict:
    """The environment the workbench processes run with."""
    env = dict(os.environ)
    var = Path(data_dir).resolve() / "var"
    # The data folder decides where the database and log are, whatever the caller's environment says.
    env.update({"DJANGO_SETTINGS_MODULE": SETTINGS, "EXCLUDE_SAMPLE_XBLOCKS": "yes",
                "PLX_CONTENT": os.pathsep.join(str(Path(p).resolve()) for p in content),
                "PLX_DB": str(var / "workbench.db"), "PLX_LOG": str(var / "workbench.log"),
                "PYTHONUNBUFFERED": "1"})
    env.update(extra or {})
    return env


def django(args: list[str], data_dir: Path, env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "django", *args], check=False, cwd=data_dir, env=env, **kwargs)


def prepare(data_dir: Path, content: list[Path], extra_env: dict | None = None) -> dict:
    """Create the data folder and apply every migration (``--run-syncdb``: the SDK's own apps
    have no migrations). Returns the environment to start the server with."""
    data_dir = Path(data_dir)
    (data_dir / "var").mkdir(parents=True, exist_ok=True)
    env = environment(data_dir, content, extra_env)
    result = django(["migrate", "--run-syncdb", "--noinput", "-v", "0"], data_dir, env,
                    capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"migrate failed:\n{result.stdout}{result.stderr}")
    return env


def start(data_dir: Path, content: list[Path], host: str = "127.0.0.1", port: int = 8000,
          extra_env: dict | None = None, **popen) -> subprocess.Popen:
    """Prepare and start ``runserver`` (threaded, no autoreload) in the background.

    ``--nostatic``: runserver's own static handler answers ``/static/`` before any middleware, so
    the path guard (middleware.py) would not see it; the SDK's URLs serve static files instead."""
    env = prepare(data_dir, content, extra_env)
    return subprocess.Popen([sys.executable, "-m", "django", "runserver", f"{host}:{port}", "--noreload", "--nostatic"],
                            cwd=data_dir, env=env, **popen)


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180.0) -> None:
    """Wait until *url* answers 200: the first request builds every scenario (seconds on a busy
    machine), so each try may wait until the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the workbench exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=max(1.0, deadline - time.monotonic())) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the workbench did not answer at {url} within {timeout:.0f} s")


def port_is_free(host: str, port: int) -> bool:
    """Whether nothing listens on *host*:*port* (checked before starting, for a clear message)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As runserver does: a port left in TIME_WAIT by a server just stopped counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True
