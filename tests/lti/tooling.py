"""The plx LTI tool as tests run it: gunicorn on a free port, a data folder, a course with peers.

``lti_course`` is the minimal test course with the peer task set to two reviews given and
received, so three learners can complete it by reviewing each other.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from plxblocks.lti import serve
from plxblocks.lti.testing import ToolLearner
from plxblocks.workbench.testing import free_port, stop, wait_until_up
from tests.conftest import DATA

UNIT = "minimal/basics/first-steps"


PRACTICE_UNIT = "peer-practice/practice/plan-a-routine"
"""The peer-practice course's task: an example to assess first, range scoring, a reviewing grade."""


def lti_course(folder: Path) -> Path:
    """The minimal course, its peer task asking for two reviews each way; and the peer-practice course."""
    target = folder / "content" / "minimal"
    shutil.copytree(DATA / "minimal", target)
    shutil.copytree(DATA / "peer-practice", folder / "content" / "peer-practice")
    unit = target / "modules" / "basics" / "first-steps" / "unit.yaml"
    text = unit.read_text(encoding="utf-8").replace(
        "    min_words: 50\n    max_words: 800\n", "    min_words: 50\n    max_words: 800\n"
        "    reviews_to_give: 2\n    reviews_to_receive: 2\n")
    unit.write_text(text, encoding="utf-8")
    return target.parent


def plx(data: Path, content: Path, *args: str, env: dict | None = None) -> str:
    """Run ``plx lti ARGS`` on the tool's data folder; returns its output."""
    result = subprocess.run([sys.executable, "-m", "plxblocks.cli", "lti", *args, "--data", str(data)],
                            env=serve.environment(data, [content], env), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def self_signed_certificate(folder: Path, host: str = "localhost") -> tuple[Path, Path]:
    """A certificate and key for *host*, valid for a day (for a tool served over https in tests)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / f"{host}.crt", folder / f"{host}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def wait_until_tls_up(url: str, process: subprocess.Popen, cert: Path, timeout: float = 120) -> None:
    import time

    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the tool exited with status {process.returncode}")
        try:
            if requests.get(url, verify=str(cert), timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError(f"the tool did not answer at {url} within {timeout:.0f} s")


@contextlib.contextmanager
def running_tool(data: Path, content: Path, env: dict | None = None, workers: int = 2, https_host: str = ""):
    """The tool under gunicorn on a free port; yields its base URL; always stopped. With
    *https_host*, gunicorn serves TLS with a self-signed certificate for that name (the base URL
    is then ``https://HOST:PORT``; browsers must ignore the certificate)."""
    port = free_port()
    log = open(data.parent / f"{data.name}-tool.log", "ab")  # noqa: SIM115
    env = {"PLX_LTI_REGISTRATION_ISSUERS": "*", "PLX_LTI_BEHIND_PROXY": "1", **(env or {})}
    if https_host:
        cert, key = self_signed_certificate(data.parent, https_host)
        env["GUNICORN_CMD_ARGS"] = f"--certfile={cert} --keyfile={key}"  # gunicorn reads its options here too
    process = serve.start(data, [content], port=port, workers=workers, extra_env=env, stdout=log,
                          stderr=subprocess.STDOUT)
    base = f"https://{https_host}:{port}" if https_host else f"http://127.0.0.1:{port}"
    try:
        if https_host:
            wait_until_tls_up(base + "/lti/jwks", process, cert)
        else:
            wait_until_up(base + "/lti/jwks", process, timeout=120)
        yield base
    finally:
        stop(process)
        log.close()


def register_platform(data: Path, content: Path, registration: dict, *extra: str) -> dict:
    file = data.parent / f"platform-{os.getpid()}-{registration['client_id']}.json"
    file.write_text(json.dumps(registration), encoding="utf-8")
    return json.loads(plx(data, content, "register", "--platform-json", str(file), *extra))



class LtiLearner(ToolLearner):
    """A learner launched into the tool (the unit by default)."""

    def __init__(self, tool: str, platform, sub: str, **launch) -> None:
        super().__init__(tool, platform, sub, launch.pop("target", UNIT), **launch)
