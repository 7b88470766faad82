"""The real Moodle 4.5 of ../shared/moodle as the platform: its PHP helpers and a browser login.

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
HELPERS = Path(__file__).resolve().parent / "moodle"


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
    """Run one of Moodle's LTI helpers (``lti/NAME.php``) or ours (``moodle/NAME.php``); its JSON."""
    path = SHARED / "lti" / script if (SHARED / "lti" / script).is_file() else HELPERS / script
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
    page.goto(f"{URL}/login/index.php")
    page.wait_for_load_state("networkidle")
    time.sleep(0.6)  # Moodle's JS re-renders the password field after load
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#loginbtn")
    page.wait_for_load_state("networkidle")
    assert "login/index.php" not in page.url, f"{username} could not log in to Moodle"
    return page
