"""The real Moodle 4.5 of ../shared/moodle as the platform: its PHP helpers and a browser login.

Used by the LTI tests (mod_lti) and the SCORM tests (mod_scorm, tests/scorm/test_moodle.py).

Moodle is shared with other engineers: the tests only add tool types, courses and users (with
names of their own) and never reset or stop it.
"""
from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from tests.conftest import REPO

SHARED = REPO.parent / "shared" / "moodle"
SRC = Path.home() / ".cache" / "plx-moodle" / "src"
URL = "http://127.0.0.1:8088"
HELPERS = [Path(__file__).resolve().parent / "moodle", REPO / "tests" / "scorm" / "moodle"]
"""Our own PHP helpers: the LTI tests' and the SCORM tests'."""


def unavailable() -> str | None:
    """Why the Moodle tests cannot run here (one line), or ``None``."""
    if not (SHARED / "setup.sh").is_file():
        return f"no {SHARED} (the shared Moodle 4.5) on this machine"
    return None  # setup.sh installs PHP, nginx and Moodle itself


def setup() -> None:
    result = subprocess.run(["bash", str(SHARED / "setup.sh")], capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"../shared/moodle/setup.sh failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def php(script: str, *args: str) -> dict | list:
    """Run one of the shared Moodle helpers (``../shared/moodle/lti/NAME.php`` or
    ``../shared/moodle/NAME.php``, e.g. the SCORM ones) or ours (see HELPERS); its JSON."""
    found = [path for path in (SHARED / "lti" / script, SHARED / script, *(h / script for h in HELPERS))
             if path.is_file()]
    if not found:
        raise FileNotFoundError(f"no Moodle helper {script}")
    path = found[0]
    result = subprocess.run(["php", str(path), str(SRC), *args], capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"{script} failed: {result.stdout[-2000:]}{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def register_tool(base: str, name: str, public_key: Path, platform_json: Path) -> dict:
    """A site-wide LTI 1.3 tool type for the tool at *base*, with its public key pasted (no curl to
    127.0.0.1 needed: Moodle blocks it), deep linking, AGS and NRPS on."""
    return php("register_tool.php", f"--base={base}", f"--name={name}", f"--login={base}/lti/login",
               f"--launch={base}/lti/launch", f"--jwks={base}/lti/jwks", "--keytype=rsa",
               f"--pubkey={public_key}", f"--platform-json={platform_json}", "--no-curl-relax")


def login(context, username: str, password: str = "Pass-word-1"):
    """A page of *context* logged in to Moodle as *username*."""
    page = context.new_page()
    for _ in range(3):  # on a busy machine Moodle's JS may re-render the form after we filled it
        page.goto(f"{URL}/login/index.php")
        page.wait_for_load_state("networkidle")
        time.sleep(0.6)  # Moodle's JS re-renders the password field after load
        page.fill("#username", username)
        page.fill("#password", password)
        page.click("#loginbtn")
        page.wait_for_load_state("networkidle")
        if "login/index.php" not in page.url:
            return page
    raise AssertionError(f"{username} could not log in to Moodle")
