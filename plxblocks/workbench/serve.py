"""Start the XBlock SDK workbench with the plx blocks: what ``plx serve`` and the tests run.

The server runs in a *data folder* (database ``var/workbench.db``, log ``var/workbench.log``),
because the SDK resolves those paths, and serves files, relative to its current directory.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SETTINGS = "plxblocks.workbench.settings"


def environment(data_dir: Path, content: list[Path], extra: dict | None = None) -> dict:
    """The environment the workbench processes run with."""
    env = dict(os.environ)
    env.update({"DJANGO_SETTINGS_MODULE": SETTINGS, "EXCLUDE_SAMPLE_XBLOCKS": "yes",
                "PLX_CONTENT": os.pathsep.join(str(Path(p).resolve()) for p in content),
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
    """Prepare and start ``runserver`` (threaded, no autoreload) in the background."""
    env = prepare(data_dir, content, extra_env)
    return subprocess.Popen([sys.executable, "-m", "django", "runserver", f"{host}:{port}", "--noreload"],
                            cwd=data_dir, env=env, **popen)
