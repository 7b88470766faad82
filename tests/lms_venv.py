"""Fresh virtualenvs holding plx's wheel beside what an Open edX Ulmo LMS image has, at the
release's pins (requirements/openedx-ulmo.txt): Django, XBlock[django] and, for the plugin tests,
edx-django-utils (the plugin framework that adds plx's apps and connects their signal receivers).

Shared by tests/test_lean_install.py and tests/test_openedx_retirement.py: the fixtures are
session-scoped and registered in tests/conftest.py, so the wheel is built once per run.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OPENEDX = ROOT / "requirements" / "openedx-ulmo.txt"
PLATFORM = ("Django", "XBlock[django]", "edx-django-utils")
"""What the LMS image brings that plx's apps meet (versions from OPENEDX). The lean-install test
leaves edx-django-utils out: it brings click, and that test checks the ``plx`` script without it."""


def pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


def skip_without_an_index(what: str) -> None:
    if not pypi_reachable() and not os.environ.get("PIP_INDEX_URL"):
        pytest.skip(f"{what} needs PyPI (pypi.org:443 does not answer, and PIP_INDEX_URL is not set)")


def run(*args, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run a command of the fresh venv. PYTHONPATH is dropped: a checkout on it (as the developers'
    ``PYTHONPATH=$PWD`` puts it) would make pip and Python see the checkout's plx, not the wheel's."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | (env or {})
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False, env=environment,
                          **kwargs)


def new_venv(folder: Path) -> Path:
    """A virtualenv in *folder*; returns its python."""
    created = run(sys.executable, "-m", "venv", folder)
    assert created.returncode == 0, created.stderr
    return folder / "bin" / "python"


@pytest.fixture(scope="session")
def plx_wheel(tmp_path_factory) -> Path:
    """plx's wheel, built once per run."""
    skip_without_an_index("the lean-install and Open edX plugin tests")
    folder = tmp_path_factory.mktemp("dist")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", folder, ROOT)
    assert built.returncode == 0, built.stderr
    return next(folder.glob("plx-*.whl"))


def platform_venv(folder: Path, wheel: Path, *platform: str) -> tuple[Path, set[str]]:
    """A venv with the wheel alone, then with *platform* packages at the release's pins added:
    ``(python, names the wheel alone brought)``."""
    python = new_venv(folder)
    base = run(python, "-m", "pip", "install", "--quiet", wheel)
    assert base.returncode == 0, base.stderr
    alone = {line.split("==")[0].lower() for line in run(python, "-m", "pip", "freeze").stdout.split()}
    added = run(python, "-m", "pip", "install", "--quiet", "-c", OPENEDX, *platform, wheel)
    assert added.returncode == 0, added.stderr
    return python, alone


@pytest.fixture(scope="session")
def lms_venv(plx_wheel, tmp_path_factory):
    """plx beside the LMS's Django and XBlock[django]: ``(python, alone)``."""
    return platform_venv(tmp_path_factory.mktemp("lean") / "venv", plx_wheel, "Django", "XBlock[django]")


@pytest.fixture(scope="session")
def lms_plugin_venv(plx_wheel, tmp_path_factory) -> Path:
    """plx beside Django and edx-django-utils (the plugin framework, which brings click): its python."""
    python, _alone = platform_venv(tmp_path_factory.mktemp("plugins") / "venv", plx_wheel, *PLATFORM)
    return python
