"""A local stand-in for Studio and the LMS token endpoint, following edx-platform's contract.

Sources (edx-platform): ``cms/djangoapps/contentstore/api/views/course_import.py`` (the import
view: POST multipart ``course_data`` ending ``.tar.gz`` -> ``{"task_id"}``; GET ``task_id`` +
``filename`` -> ``{"state"}``), ``cms/djangoapps/contentstore/api/views/utils.py`` (403
``user_permissions``), ``openedx/core/lib/api/view_utils.py`` (``DeveloperErrorViewMixin`` error
bodies), ``cms/urls.py`` (``api/tasks/v0/`` -> django-user-tasks), django-user-tasks
``user_tasks/serializers.py`` (status ``name``/``state``/``artifacts``; artifact ``name``/``text``),
and ``openedx/core/djangoapps/oauth_dispatch`` (``/oauth2/access_token``, client credentials, JWT).
"""
from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

COURSE_KEY = r"course-v1:[^/+]+\+[^/+]+\+[^/+]+"


@dataclass
class Behaviour:
    """What the stand-in does; tests change it to provoke each failure."""

    client_id: str = "plx-publisher"
    client_secret: str = "s3cret"
    courses: set = field(default_factory=lambda: {"course-v1:PLXCymru+FW101+2026"})
    author_access: bool = True
    max_upload_bytes: int = 10_000_000
    failures_before_success: int = 0
    """Answer this many requests with 502 before behaving."""
    task_states: list = field(default_factory=lambda: ["Pending", "In Progress", "Succeeded"])
    error_messages: list = field(default_factory=list)
    """Recorded as ``Error`` artifacts when the final state is ``Failed``."""
    redirect_imports_to: str = ""
    """Answer requests for :attr:`redirect_paths` with :attr:`redirect_status` to
    ``{this}/moved{path}`` (a moved or proxied Studio)."""
    redirect_paths: str = "/api/courses/"
    """Which requests are redirected: those whose path starts with this."""
    redirect_status: int = 307
    redirect_hops: int = 1
    """Redirect again until the path carries this many ``/moved`` prefixes (a redirect loop)."""
    artifacts_at: str = ""
    """Where the task list says the ``Error`` artifacts are (default: this stand-in)."""


@dataclass(frozen=True)
class Received:
    """One request as the stand-in saw it."""

    method: str
    path: str
    headers: dict
    body: bytes


class StudioStandIn:
    def __init__(self, behaviour: Behaviour | None = None):
        self.behaviour = behaviour or Behaviour()
        self.uploads: list[tuple[str, str, bytes]] = []  # (course key, filename, bytes)
        self.requests: list[str] = []
        self.received: list[Received] = []
        self.tokens: set[str] = set()
        self.tasks: dict[str, dict] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _send(self, status: int, body) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _authenticated(self) -> bool:
                auth = self.headers.get("Authorization", "")
                if not auth.startswith("JWT ") or auth[4:] not in stand_in.tokens:
                    self._send(401, {"detail": "Authentication credentials were not provided."})
                    return False
                return True

            def _flaky(self) -> bool:
                if stand_in.behaviour.failures_before_success > 0:
                    stand_in.behaviour.failures_before_success -= 1
                    self._send(502, {"detail": "Bad Gateway"})
                    return True
                return False

            def _receive(self) -> bytes:
                stand_in.requests.append(f"{self.command} {self.path}")
                body = self._body()
                stand_in.received.append(Received(self.command, self.path, dict(self.headers), body))
                return body

            def _redirected(self) -> bool:
                b = stand_in.behaviour
                hops = len(re.match(r"(/moved)*", self.path).group(0)) // len("/moved")
                if b.redirect_imports_to and self._path().startswith(b.redirect_paths) and hops < b.redirect_hops:
                    self.send_response(b.redirect_status)
                    self.send_header("Location", f"{b.redirect_imports_to}/moved{self.path}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return True
                return False

            def _path(self) -> str:
                return re.sub(r"^(/moved)+", "", self.path)

            def do_POST(self):  # noqa: N802 - http.server API
                body = self._receive()
                if self._flaky() or self._redirected():
                    return
                path = urlparse(self._path()).path
                if path == "/oauth2/access_token":
                    return self._token(parse_qs(body.decode()))
                match = re.fullmatch(rf"/api/courses/v0/import/({COURSE_KEY})/", path)
                if not match:
                    return self._send(404, {"detail": "Not found."})
                if not self._authenticated():
                    return
                self._import(match.group(1), body)

            def _token(self, form: dict) -> None:
                b = stand_in.behaviour
                if form.get("grant_type") != ["client_credentials"]:
                    return self._send(400, {"error": "unsupported_grant_type"})
                if form.get("client_id") != [b.client_id] or form.get("client_secret") != [b.client_secret]:
                    return self._send(401, {"error": "invalid_client"})
                token = uuid.uuid4().hex
                stand_in.tokens.add(token)
                token_type = "JWT" if form.get("token_type") == ["jwt"] else "Bearer"
                self._send(200, {"access_token": token, "token_type": token_type, "expires_in": 3600,
                                 "scope": "read write"})

            def _import(self, course_key: str, body: bytes) -> None:
                b = stand_in.behaviour
                if len(body) > b.max_upload_bytes:
                    return self._send(413, {"detail": "Request Entity Too Large"})
                if not b.author_access:
                    return self._send(403, {"developer_message": "The requesting user does not have course "
                                                                 "author permissions.",
                                            "error_code": "user_permissions"})
                if course_key not in b.courses:
                    return self._send(404, {"developer_message": f"Course {course_key} not found",
                                            "error_code": "course_not_found"})
                found = re.search(rb'name="course_data"; filename="([^"]+)"\r\n(?:[^\r\n]+\r\n)*\r\n', body)
                if not found:
                    return self._send(400, {"developer_message": "Missing required parameter",
                                            "error_code": "internal_error"})
                filename = found.group(1).decode()
                if not filename.endswith(".tar.gz"):
                    return self._send(400, {"developer_message": "Parameter in the wrong format",
                                            "error_code": "internal_error"})
                data = body[found.end():body.rindex(b"\r\n--")]
                stand_in.uploads.append((course_key, filename, data))
                task_id = str(uuid.uuid4())
                stand_in.tasks[task_id] = {"name": f"Import of {course_key} from {filename}",
                                           "states": list(b.task_states), "filename": filename}
                self._send(200, {"task_id": task_id})

            def do_GET(self):  # noqa: N802 - http.server API
                self._receive()
                if self._flaky() or self._redirected() or not self._authenticated():
                    return
                url = urlparse(self._path())
                query = parse_qs(url.query)
                if re.fullmatch(rf"/api/courses/v0/import/{COURSE_KEY}/", url.path):
                    task = stand_in.tasks.get(query.get("task_id", [""])[0])
                    if not task or query.get("filename") != [task["filename"]]:
                        return self._send(500, {"developer_message": "'NoneType' object has no attribute "
                                                                     "'state'", "error_code": "internal_error"})
                    state = task["states"].pop(0) if len(task["states"]) > 1 else task["states"][0]
                    return self._send(200, {"state": state})
                if url.path == "/api/tasks/v0/tasks/":
                    return self._send(200, {"count": len(stand_in.tasks), "results": [
                        {"name": t["name"], "state": t["states"][-1], "artifacts": [
                            f"{stand_in.behaviour.artifacts_at or stand_in.url}/api/tasks/v0/artifacts/{tid}-{i}/"
                            for i, _ in enumerate(stand_in.behaviour.error_messages)]}
                        for tid, t in stand_in.tasks.items()]})
                match = re.fullmatch(r"/api/tasks/v0/artifacts/(.+)-(\d+)/", url.path)
                if match:
                    text = stand_in.behaviour.error_messages[int(match.group(2))]
                    return self._send(200, {"name": "Error", "text": text})
                self._send(404, {"detail": "Not found."})

        return Handler
