"""A stand-in LTI 1.3 platform for tests and the benchmark: it signs launches and serves AGS and NRPS.

It runs on a free port of 127.0.0.1 and answers what a platform answers: its JWKS, an OAuth 2
token for the tool's signed client assertion (which it verifies against the tool's JWKS), line
items (list, create), scores (recorded; the next N posts can be made to fail) and the roster.
Launches are built like a platform's: the test follows the tool's OIDC redirect, takes state and
nonce from it, and posts a signed id_token with them to the tool.
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from jwcrypto.jwk import JWK

from plxblocks.workbench.testing import free_port

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


class FakePlatform:
    def __init__(self, client_id: str = "plx-client", deployment_id: str = "dep-1") -> None:
        self.kid = f"platform-{uuid.uuid4().hex[:6]}"
        self.key = JWK.generate(kty="RSA", size=2048, kid=self.kid)
        self.private_pem = self.key.export_to_pem(private_key=True, password=None)
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_id, self.deployment_id = client_id, deployment_id
        self.line_items: list[dict] = []
        self.scores: list[dict] = []
        self.fail_scores = 0
        self.members: list[dict] = []
        self.tool_jwks_url = ""
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def registration(self) -> dict:
        return {"issuer": self.issuer, "client_id": self.client_id, "deployment_ids": [self.deployment_id],
                "auth_login_url": f"{self.issuer}/auth", "auth_token_url": f"{self.issuer}/token",
                "key_set_url": f"{self.issuer}/jwks"}

    # ------------------------------------------------------------------------------- launches
    def claims(self, sub: str, *, context: str = "course-1", link: str = "link-1", target: str = "",
               roles=("Learner",), locale: str = "en-GB", custom: dict | None = None, ags: bool = True,
               message_type: str = "LtiResourceLinkRequest", **extra) -> dict:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.client_id, "sub": sub, "iat": now, "exp": now + 300,
            CLAIM + "deployment_id": self.deployment_id, CLAIM + "message_type": message_type,
            CLAIM + "version": "1.3.0",
            CLAIM + "roles": [f"http://purl.imsglobal.org/vocab/lis/v2/membership#{r}" for r in roles],
            CLAIM + "context": {"id": context, "title": "Course " + context},
            CLAIM + "launch_presentation": {"locale": locale, "document_target": "iframe"},
            CLAIM + "target_link_uri": f"http://tool/lti/launch?target={target}",
            CLAIM + "custom": custom or {},
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": f"{self.issuer}/memberships", "service_versions": ["2.0"]},
        }
        if message_type == "LtiResourceLinkRequest":
            claims[CLAIM + "resource_link"] = {"id": link, "title": "Activity " + link}
        if ags:
            claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = {
                "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                          "https://purl.imsglobal.org/spec/lti-ags/scope/score"],
                "lineitems": f"{self.issuer}/lineitems?context={context}"}
        claims.update(extra)
        return claims

    def sign(self, claims: dict, key_pem: bytes | None = None, kid: str | None = None) -> str:
        return jwt.encode(claims, key_pem or self.private_pem, algorithm="RS256",
                          headers={"kid": kid or self.kid})

    def login(self, tool: str, session: requests.Session, target: str = "") -> dict:
        """The OIDC login initiation; returns the auth request parameters (state, nonce, ...)."""
        response = session.get(f"{tool}/lti/login", params={
            "iss": self.issuer, "login_hint": "hint", "client_id": self.client_id,
            "lti_deployment_id": self.deployment_id, "target_link_uri": f"{tool}/lti/launch?target={target}",
            "lti1p3_new_window": "1"}, allow_redirects=False)
        assert response.status_code == 302, response.text[:500]
        return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["Location"]).query).items()}

    def launch(self, tool: str, sub: str, session: requests.Session | None = None, **claim_args):
        """A whole launch as a browser makes it; returns ``(response, form)`` (form: for replays)."""
        session = session or requests.Session()
        auth = self.login(tool, session, claim_args.get("target", ""))
        claims = self.claims(sub, **claim_args)
        claims["nonce"] = auth["nonce"]
        form = {"id_token": self.sign(claims), "state": auth["state"]}
        return session.post(f"{tool}/lti/launch", data=form, allow_redirects=False), form, session

    # ------------------------------------------------------------------------------- services
    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _json(self, status: int, body, content_type: str = "application/json") -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = urlsplit(self.path).path
                if path == "/jwks":
                    self._json(200, {"keys": [json.loads(platform.key.export_public())]})
                elif path == "/lineitems":
                    self._json(200, platform.line_items, "application/vnd.ims.lis.v2.lineitemcontainer+json")
                elif path == "/memberships":
                    self._json(200, {"id": "m", "context": {"id": "course-1"}, "members": platform.members},
                               "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
                else:
                    self._json(404, {})

            def do_POST(self) -> None:  # noqa: N802
                path = urlsplit(self.path).path
                body = self._body()
                if path == "/token":
                    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                    keys = requests.get(platform.tool_jwks_url, timeout=5).json()
                    assertion = form["client_assertion"]
                    kid = jwt.get_unverified_header(assertion)["kid"]
                    key = next(k for k in keys["keys"] if k["kid"] == kid)
                    jwt.decode(assertion, jwt.PyJWK(key).key, algorithms=["RS256"], audience=f"{platform.issuer}/token")
                    self._json(200, {"access_token": "token-" + uuid.uuid4().hex, "token_type": "Bearer",
                                     "expires_in": 3600, "scope": form.get("scope", "")})
                elif path == "/lineitems":
                    item = {**json.loads(body), "id": f"{platform.issuer}/lineitems/{len(platform.line_items) + 1}"}
                    platform.line_items.append(item)
                    self._json(201, item, "application/vnd.ims.lis.v2.lineitem+json")
                elif path.startswith("/lineitems/") and path.endswith("/scores"):
                    if platform.fail_scores:
                        platform.fail_scores -= 1
                        self._json(503, {"error": "unavailable"})
                        return
                    item = platform.issuer + path.rsplit("/", 1)[0]
                    platform.scores.append({**json.loads(body), "lineitem": item})
                    self._json(200, {})
                else:
                    self._json(404, {})

        return Handler


class ToolLearner:
    """A learner launched into the tool, calling the page's handlers as ``plx-lti.js`` does."""

    def __init__(self, tool: str, platform: FakePlatform, sub: str, target: str, **launch) -> None:
        import re

        self.tool, self.sub = tool, sub
        response, _form, _session = platform.launch(tool, sub, target=target, **launch)
        if response.status_code != 302:
            raise RuntimeError(f"launch refused ({response.status_code}): {response.text[:300]}")
        self.home = tool + response.headers["Location"]
        self.prefix = self.home
        self.http = requests.Session()  # no cookies from the launch: the address is the credential
        self.html = self.read()
        self.blocks: dict[str, str] = {}  # kind -> uid of the page's first block of that kind
        for kind, uid in re.findall(r'data-plx-kind="(\w+)" data-plx-block="(\w+)"', self.html):
            self.blocks.setdefault(kind, uid)

    def read(self) -> str:
        response = self.http.get(self.home, timeout=60)
        response.raise_for_status()
        return response.text

    def call(self, kind: str, handler: str, body=None, raw: bytes | None = None):
        return self.http.post(f"{self.prefix}api/{self.blocks[kind]}/{handler}",
                              data=raw if raw is not None else json.dumps(body or {}),
                              headers={"Content-Type": "application/json"}, timeout=60)
