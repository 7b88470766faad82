"""ORA2 (edx-ora2, published on PyPI as ``ora2``) run as it is, in a virtualenv of its own.

ORA2 pins its own Django stack, so it never shares plx's venv: the bench creates
``var/bench/ora2-venv`` on first use (pinned below) and talks to ``driver.py`` in a subprocess,
one call per step. A failed install is reported, with pip's last words, instead of figures.
"""
from __future__ import annotations

import json
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

REQUIREMENTS = ("ora2==7.1.1", "mysqlclient==2.3.2", "psycopg[binary]==3.3.9")
"""ORA2 7.1.1 is the newest release that PyPI served when this bench was written (it installs on
Python 3.11 with Django 5.2); the two database drivers are the ones it was measured with."""
LOCK = Path(__file__).with_name("requirements.txt")
""":data:`REQUIREMENTS` with everything they pulled in, pinned (``pip freeze`` of the measured venv),
so a new machine measures the same ORA2 stack."""
VENV = Path(__file__).resolve().parents[2] / "var" / "bench" / "ora2-venv"
DRIVER = Path(__file__).with_name("driver.py")
_STAMP = VENV / "plx-requirements.txt"  # what the venv was installed with: a changed pin reinstalls


class Unavailable(Exception):
    """ORA2 could not be installed or run here; the message says why."""


def _python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> Path:
    """ORA2's venv, made on first use; raises :class:`Unavailable` with pip's reason if it cannot be."""
    wanted = LOCK.read_text()
    if _STAMP.exists() and _STAMP.read_text() == wanted:
        return _python()
    print(f"Installing {', '.join(REQUIREMENTS)} into {VENV} (first run only)...", file=sys.stderr, flush=True)
    venv.EnvBuilder(clear=True, with_pip=True).create(VENV)
    done = subprocess.run([str(_python()), "-m", "pip", "install", "--quiet", "-r", str(LOCK)],
                          capture_output=True, text=True)
    if done.returncode:
        last = [line for line in done.stderr.splitlines() if line.strip() and "WARNING" not in line][-1:]
        raise Unavailable(f"pip install {' '.join(REQUIREMENTS)} failed: {' '.join(last) or done.returncode}")
    _STAMP.write_text(wanted)
    return _python()


def _call(*args: object) -> dict:
    done = subprocess.run([str(ensure_venv()), str(DRIVER), *map(str, args)], capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    try:
        answer = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        raise Unavailable(f"ORA2 driver gave no answer (exit {done.returncode}): {done.stderr[-300:]}") from None
    if "failed" in answer:
        raise Unavailable(f"ORA2 driver: {answer['failed']}")
    return answer


@dataclass(frozen=True)
class Run:
    next_seconds: list[float]
    review_seconds: list[float]
    errors: list[str]
    seconds: float
    allocations: int
    duplicate_allocations: int
    over_quota: int
    """Hand-outs beyond the quota summed over submissions, counted from ORA2's stored workflow items."""
    most_on_one: int
    """The most reviewers handed one submission."""

    @property
    def reviews(self) -> int:
        return len(self.review_seconds)


def setup(url: str) -> None:
    """Create ORA2's database at *url* afresh and migrate it."""
    _call("setup", url)


def drop(url: str) -> None:
    _call("drop", url)


def run(url: str, item: str, submissions: int, workers: int, reviews_each: int, quota: int) -> Run:
    got = _call("run", url, item, submissions, workers, reviews_each, quota)
    return Run(got["next"], got["review"], got["errors"], got["seconds"], got["allocations"],
               got["duplicate_allocations"], got["over_quota"], got["most_on_one"])
