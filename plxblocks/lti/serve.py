"""``plx lti ...``: prepare a data folder, run the tool under gunicorn, and administer tenants and keys.

The trial (``plx lti serve``) keeps everything in ``--data`` (SQLite database, secret key); the
same command serves production when ``PLX_LTI_DATABASE_URL`` names PostgreSQL or MariaDB (see
docs/lti.md). Administration runs in this process against the same database.
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

SETTINGS = "plxblocks.lti.settings"


def environment(data_dir: Path, content: list[Path], extra: dict | None = None) -> dict:
    """The environment the tool runs with: settings, data folder, content folders."""
    env = dict(os.environ)
    env.update({"DJANGO_SETTINGS_MODULE": SETTINGS, "PLX_LTI_DATA": str(Path(data_dir).resolve()),
                "PYTHONUNBUFFERED": "1"})
    if content:
        env["PLX_CONTENT"] = os.pathsep.join(str(Path(p).resolve()) for p in content)
    env.update(extra or {})
    return env


def make_data_folder(data_dir: Path) -> None:
    """The data folder, with a random secret key unless ``PLX_LTI_SECRET_KEY`` is set."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = data_dir / "secret-key"
    if not secret.exists() and not os.environ.get("PLX_LTI_SECRET_KEY"):
        secret.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        secret.chmod(0o600)


def prepare(data_dir: Path, content: list[Path], extra: dict | None = None) -> dict:
    """Make the data folder and its secret key, apply migrations, make the cache table."""
    make_data_folder(data_dir)
    env = environment(data_dir, content, extra)
    for command in (["migrate", "--noinput", "-v", "0"], ["createcachetable"]):
        result = subprocess.run([sys.executable, "-m", "django", *command], env=env, capture_output=True, text=True,
                                check=False)
        if result.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return env


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "plxblocks.lti.wsgi", "--bind", f"{host}:{port}",
            "--workers", str(workers), "--access-logfile", "-", "--graceful-timeout", "10", "--timeout", "60"]


def start(data_dir: Path, content: list[Path], host: str = "127.0.0.1", port: int = 8095, workers: int = 2,
          extra_env: dict | None = None, **popen) -> subprocess.Popen:
    """Prepare, then start gunicorn in the background."""
    env = prepare(data_dir, content, extra_env)
    return subprocess.Popen(gunicorn_command(host, port, workers), env=env, **popen)


def configure(data_dir: Path, content: list[Path] | None = None) -> None:
    """Configure Django in this process for the tool's database (for the admin commands)."""
    make_data_folder(data_dir)
    os.environ.update(environment(data_dir, content or []))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


# ------------------------------------------------------------------------------ administration
def register(*, issuer: str, client_id: str, auth_login_url: str, auth_token_url: str, key_set_url: str = "",
             deployments: tuple[str, ...] = (), store_names: bool = False, name: str = "") -> dict:
    """Register a platform by hand (or update it); returns what was recorded."""
    from .models import Deployment, Registration

    registration, created = Registration.objects.update_or_create(
        issuer=issuer, client_id=client_id,
        defaults={"auth_login_url": auth_login_url, "auth_token_url": auth_token_url, "key_set_url": key_set_url,
                  "store_names": store_names, "name": name or issuer, "active": True})
    for deployment_id in deployments:
        Deployment.objects.update_or_create(registration=registration, deployment_id=deployment_id,
                                            defaults={"active": True})
    return {"registration": registration.pk, "created": created, "issuer": issuer, "client_id": client_id,
            "deployments": sorted(registration.deployments.filter(active=True).values_list("deployment_id",
                                                                                          flat=True))}


def platform_json(path: Path) -> dict:
    """The fields of a platform description file (issuer, client_id, deployment_ids, URLs)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {"issuer": data["issuer"], "client_id": data["client_id"], "auth_login_url": data["auth_login_url"],
            "auth_token_url": data["auth_token_url"], "key_set_url": data.get("key_set_url", ""),
            "deployments": tuple(str(d) for d in data.get("deployment_ids", ()))}


def tool_details(base: str) -> dict:
    """What a platform's administrator enters to register plx by hand."""
    from . import keys

    key = keys.signing_key()
    return {"login_url": f"{base}/lti/login", "launch_url": f"{base}/lti/launch",
            "redirect_uris": [f"{base}/lti/launch"], "jwks_url": f"{base}/lti/jwks",
            "registration_url": f"{base}/lti/register", "deep_linking_url": f"{base}/lti/launch",
            "public_key_pem": key.public_pem, "kid": key.kid}
