"""Publish an OLX course archive to Open edX Studio through its course-import REST API.

The contract, as edx-platform defines it:

- ``POST {lms}/oauth2/access_token`` with ``grant_type=client_credentials``, ``client_id``,
  ``client_secret`` and ``token_type=jwt`` gives ``{"access_token": ..., "token_type": "JWT"}``
  (django-oauth-toolkit behind edx-platform's ``openedx/core/djangoapps/oauth_dispatch``).
- ``POST {studio}/api/courses/v0/import/{course_key}/`` with the archive as the multipart field
  ``course_data`` (its file name must end ``.tar.gz``) starts an import task and answers
  ``{"task_id": ...}``; ``GET`` on the same URL with ``?task_id=...&filename=...`` answers
  ``{"state": ...}``, one of django-user-tasks' states (``Pending``, ``In Progress``,
  ``Retrying``, ``Succeeded``, ``Failed``, ``Canceled``).
  (``cms/djangoapps/contentstore/api/views/course_import.py``; errors come from
  ``DeveloperErrorViewMixin`` as ``{"developer_message": ..., "error_code": ...}``, 403 with
  ``error_code: user_permissions`` when the user lacks course author access, from
  ``cms/djangoapps/contentstore/api/views/utils.py``.)
- A failed import records its messages as django-user-tasks artifacts named ``Error``,
  listed at ``{studio}/api/tasks/v0/tasks/`` (``cms/urls.py`` mounts ``user_tasks.urls`` there;
  ``user_tasks/serializers.py`` gives each status its ``name``, ``state`` and ``artifacts`` URLs,
  each artifact its ``name`` and ``text``). The task's name is ``Import of {course_key} from
  {filename}`` (``CourseImportTask.generate_name`` in ``cms/djangoapps/contentstore/tasks.py``).

Credentials never come from the command line (shell history): see :func:`load_credentials`.
"""
from __future__ import annotations

import configparser
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urljoin, urlsplit

import requests

TIMEOUT = (10, 120)
"""(connect, read) seconds for every request; uploads of large archives need the long read."""
RETRIES = 4
"""Attempts for a request that fails with a 5xx answer or a network error."""
MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
FINAL_STATES = {"Succeeded", "Failed", "Canceled"}
CONFIG_FILE = Path("~/.config/plx/publish.ini").expanduser()
ENV = {"client_id": "PLX_OAUTH_CLIENT_ID", "client_secret": "PLX_OAUTH_CLIENT_SECRET",
       "lms_url": "PLX_LMS_URL"}


class PublishError(Exception):
    """Publishing failed for a reason the operator can act on; the message says how."""


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str
    lms_url: str
    """Where the OAuth2 token endpoint lives (the LMS, not Studio)."""


def load_credentials(config_file: Path | None = None, studio_url: str = "") -> Credentials:
    """Credentials from ``PLX_OAUTH_CLIENT_ID`` / ``PLX_OAUTH_CLIENT_SECRET`` / ``PLX_LMS_URL``,
    or else from the ``[publish]`` section of *config_file* (default ``~/.config/plx/publish.ini``).
    """
    values = {key: os.environ.get(var, "") for key, var in ENV.items()}
    path = config_file or CONFIG_FILE
    if not (values["client_id"] and values["client_secret"]) and path.is_file():
        parser = configparser.ConfigParser()
        parser.read(path, encoding="utf-8")
        section = parser["publish"] if parser.has_section("publish") else {}
        for key in ENV:
            values[key] = values[key] or section.get(key, "")
    missing = [ENV[k] for k in ("client_id", "client_secret") if not values[k]]
    if missing:
        raise PublishError(
            f"no OAuth2 credentials: set {' and '.join(missing)} in the environment, or put "
            f"client_id and client_secret in the [publish] section of {path}. Create them in the "
            "LMS admin (/admin/oauth2_provider/application/): client type confidential, grant type "
            "client credentials, for a user with course author access.")
    return Credentials(values["client_id"], values["client_secret"], (values["lms_url"] or studio_url).rstrip("/"))


class StudioClient:
    """The three calls of the import contract, with retries and messages an operator can act on."""

    def __init__(self, studio_url: str, credentials: Credentials, *, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep, say: Callable[[str], None] = lambda _: None):
        self.studio = _checked_address(studio_url, "the access token and the course archive").rstrip("/")
        _checked_address(credentials.lms_url, "the client secret")
        self.credentials = credentials
        self.session = session or requests.Session()
        self.sleep = sleep
        self.say = say
        self.token = ""

    def _request(self, method: str, url: str, what: str, **kwargs) -> requests.Response:
        delay = 1.0
        for attempt in range(1, RETRIES + 1):
            try:
                response = self._request_on_this_origin(method, url, what, **kwargs)
            except requests.ConnectionError as exc:
                problem = f"cannot connect to {url}: {_reason(exc)}"
            except requests.Timeout:
                problem = f"{url} did not answer within {TIMEOUT[1]} seconds"
            else:
                if response.status_code < 500:
                    return response
                problem = f"{what} failed: the server answered {response.status_code} {response.reason}"
            if attempt == RETRIES:
                raise PublishError(f"{problem} (tried {RETRIES} times). Check the address and that the "
                                   "server is up, then publish again.")
            self.say(f"{problem}; retrying in {delay:g} s ({attempt}/{RETRIES - 1})")
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _request_on_this_origin(self, method: str, url: str, what: str, **kwargs) -> requests.Response:
        """One request, following redirects only within its own origin.

        requests would follow a 307 to any host with the same body (it strips only the
        Authorization header), so a draft archive with every answer key, or the client secret,
        could leave the organisation. Redirects are therefore followed here, by hand.
        """
        first = url
        for _ in range(MAX_REDIRECTS + 1):
            for _, (_, handle) in kwargs.get("files", {}).items():  # each send reads the upload anew
                handle.seek(0)
            response = self.session.request(method, url, timeout=TIMEOUT, allow_redirects=False, **kwargs)
            if response.status_code not in REDIRECTS or "Location" not in response.headers:
                return response
            target = urljoin(url, response.headers["Location"])
            if _origin(target) != _origin(url):
                raise PublishError(
                    f"{what}: {_origin(url)} redirected to {_origin(target)}; plx does not follow a "
                    f"redirect to another host, so nothing was sent to {_origin(target)}. If that is "
                    "the right server, publish to it directly (--studio, or PLX_LMS_URL for the token).")
            if response.status_code in (301, 302, 303) and method == "POST":
                # As browsers do: these turn a POST into a GET, which must not carry the upload.
                method, kwargs = "GET", {k: v for k, v in kwargs.items() if k not in ("data", "files")}
            url = target
            kwargs.pop("params", None)  # the Location carries the whole address, query included
        raise PublishError(f"{what}: {first} redirected more than {MAX_REDIRECTS} times (last to {url}); "
                           "check the address.")

    def authenticate(self) -> None:
        url = f"{self.credentials.lms_url}/oauth2/access_token"
        response = self._request("POST", url, "getting an access token", data={
            "grant_type": "client_credentials", "client_id": self.credentials.client_id,
            "client_secret": self.credentials.client_secret, "token_type": "jwt"})
        if response.status_code in (400, 401):
            raise PublishError(
                f"the LMS refused the OAuth2 credentials ({response.status_code}: "
                f"{_detail(response)}). Check PLX_OAUTH_CLIENT_ID / PLX_OAUTH_CLIENT_SECRET and that the "
                "application's grant type is 'client credentials'.")
        _expect_ok(response, "getting an access token")
        token = _json(response).get("access_token")
        if not token:
            raise PublishError(f"{url} answered without an access_token: is PLX_LMS_URL the LMS address?")
        self.token = token

    def _headers(self, url: str) -> dict:
        """The token, for *url* on Studio's own origin only (the one place that adds it)."""
        if _origin(url) != _origin(self.studio):
            raise PublishError(f"plx sends its access token only to {_origin(self.studio)}, not to {_origin(url)}")
        return {"Authorization": f"JWT {self.token}", "Accept": "application/json"}

    def _import_url(self, course_key: str) -> str:
        return f"{self.studio}/api/courses/v0/import/{quote(course_key, safe=':+')}/"

    def start_import(self, course_key: str, archive: Path) -> str:
        with archive.open("rb") as handle:
            url = self._import_url(course_key)
            response = self._request("POST", url, "uploading the archive", headers=self._headers(url),
                                     files={"course_data": (archive.name, handle)})
        self._raise_for_import_status(response, course_key, archive)
        task_id = _json(response).get("task_id")
        if not task_id:
            raise PublishError(f"Studio accepted the upload but returned no task id: {_detail(response)}")
        return task_id

    def _raise_for_import_status(self, response: requests.Response, course_key: str, archive: Path) -> None:
        status = response.status_code
        if status == 401:
            raise PublishError("Studio did not accept the access token (401): the OAuth2 application may "
                               "belong to another site, or JWT authentication is not enabled for Studio.")
        if status == 403:
            raise PublishError(
                f"the OAuth2 application's user lacks course author access to {course_key} (403: "
                f"{_detail(response)}). In Studio, add that user to the course team (Settings > Course "
                "Team) as Staff or Admin, or make it global staff.")
        if status == 404:
            raise PublishError(
                f"Studio has no course {course_key} (404). Create the course run first: Studio > New "
                "Course, with the same organisation, course number and run, then publish again.")
        if status == 413:
            size = archive.stat().st_size / 1_000_000
            raise PublishError(
                f"Studio refused the {size:.1f} MB archive as too large (413). Raise the web server's "
                "upload limit (e.g. nginx client_max_body_size) or move large media out of the course.")
        _expect_ok(response, "uploading the archive")

    def wait(self, course_key: str, task_id: str, filename: str, *, interval: float = 2.0,
             timeout: float = 1800) -> str:
        """Poll until the import task ends; return its final state."""
        waited = 0.0
        last = ""
        while True:
            url = self._import_url(course_key)
            response = self._request("GET", url, "checking the import", headers=self._headers(url),
                                     params={"task_id": task_id, "filename": filename})
            _expect_ok(response, "checking the import")
            state = _json(response).get("state", "")
            if state != last:
                self.say(f"import {state.lower() or 'state unknown'}")
                last = state
            if state in FINAL_STATES:
                return state
            if waited >= timeout:
                raise PublishError(f"the import is still '{state}' after {timeout:g} s; check Studio's "
                                   "import page for progress.")
            self.sleep(interval)
            waited += interval

    def failure_messages(self, course_key: str, filename: str) -> list[str]:
        """The ``Error`` artifacts of the failed task, as Studio recorded them (best effort)."""
        name = f"Import of {course_key} from {filename}"
        messages = []
        try:
            url = f"{self.studio}/api/tasks/v0/tasks/"
            statuses = _json(self._request("GET", url, "reading the task", headers=self._headers(url)))
            statuses = statuses.get("results", []) if isinstance(statuses, dict) else statuses
            status = next((s for s in statuses if s.get("name") == name), None)
            for url in (status or {}).get("artifacts", []):
                if _origin(url) != _origin(self.studio):  # a listed URL is Studio's word, not ours to trust
                    messages.append(f"(an error report at {_origin(url)} was not read: "
                                    f"plx sends its access token only to {_origin(self.studio)})")
                    continue
                artifact = _json(self._request("GET", url, "reading the task", headers=self._headers(url)))
                if artifact.get("name") == "Error" and artifact.get("text"):
                    messages.append(artifact["text"])
        except PublishError:
            pass
        return messages


def publish(archive: Path, studio_url: str, course_key: str, credentials: Credentials,
            **client_options) -> None:
    """Upload *archive* into *course_key* and wait for Studio to finish importing it."""
    client = StudioClient(studio_url, credentials, **client_options)
    client.authenticate()
    task_id = client.start_import(course_key, archive)
    state = client.wait(course_key, task_id, archive.name)
    if state != "Succeeded":
        messages = client.failure_messages(course_key, archive.name)
        details = ("\n  " + "\n  ".join(messages)) if messages else " (Studio gave no details; see its import page)"
        raise PublishError(f"Studio's import of {archive.name} into {course_key} ended '{state}':{details}")


def _expect_ok(response: requests.Response, what: str) -> None:
    if not response.ok:
        raise PublishError(f"{what} failed: {response.status_code} {response.reason}: {_detail(response)}")


def _json(response: requests.Response) -> dict:
    try:
        return response.json()
    except ValueError:
        raise PublishError(f"{response.url} answered with something that is not JSON "
                           f"({response.headers.get('Content-Type', 'no content type')}): is the URL right?") from None


def _detail(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason
    if isinstance(body, dict):
        return str(body.get("developer_message") or body.get("detail") or body.get("error_description")
                   or body.get("error") or body)
    return str(body)[:200]


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
"""Hosts plain http may go to: this computer (a test Studio or a tunnel), where nothing crosses a network."""


def _checked_address(url: str, what: str) -> str:
    """*url* if it is https:// (or http:// to this computer); else a :class:`PublishError`."""
    parts = urlsplit(url)
    if parts.scheme == "http" and parts.hostname in LOCAL_HOSTS:
        return url
    if parts.scheme == "http":
        raise PublishError(
            f"{url}: plain http would send {what} readable to every network on the way; use "
            f"https://{parts.netloc} (plain http is allowed only to localhost, 127.0.0.1 and [::1]).")
    if parts.scheme != "https" or not parts.hostname:
        raise PublishError(f"{url}: expected an address like https://studio.example.org")
    return url


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return f"{parts.scheme}://{parts.hostname}:{port}"


def _reason(exc: requests.ConnectionError) -> str:
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "No route to host", "timed out"):
        if known in text:
            return known.lower()
    return text[:200]
