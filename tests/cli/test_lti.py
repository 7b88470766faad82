"""``plx lti`` administration: usage errors without a traceback, and what a platform needs to know."""
from __future__ import annotations

import json
import subprocess
import sys


def plx(*args: str, data) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "plxblocks.cli", "lti", *args, "--data", str(data)],
                          capture_output=True, text=True, check=False)


def test_register_without_the_platform_fields_is_a_usage_error(tmp_path):
    result = plx("register", "--issuer", "https://moodle.example.org", data=tmp_path / "lti")
    assert result.returncode == 2
    assert "--client-id" in result.stderr and "--auth-login-url" in result.stderr and "Traceback" not in result.stderr


def test_tool_prints_the_urls_and_public_key(tmp_path):
    result = plx("tool", "--base", "https://plx.example.org/", data=tmp_path / "lti")
    assert result.returncode == 0, result.stderr
    details = json.loads(result.stdout)
    assert details["login_url"] == "https://plx.example.org/lti/login"
    assert details["redirect_uris"] == ["https://plx.example.org/lti/launch"]
    assert details["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")
