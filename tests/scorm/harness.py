"""A real SCORM LMS in the browser: scorm-again in a harness page that frames the package.

Nothing is served over a socket: Playwright answers every request to the test origin from the
unzipped package (and the harness page), and aborts and records any other request, so a test
can assert that the package asked for nothing outside itself.

The harness is stricter than scorm-again in one place, as real LMSs are: SCORM 1.2
``cmi.suspend_data`` longer than 4,096 characters is refused with error 405 (scorm-again
accepts up to 64,000 to avoid losing data; Moodle enforces 4,096).
"""
from __future__ import annotations

import json
import mimetypes
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCORM_AGAIN = REPO / "node_modules" / "scorm-again" / "dist"
ORIGIN = "http://lms.plx.test"

HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS harness</title>
<script src="/lms/{script}"></script>
<script>
  const setup = {setup};
  const api = setup.standard === "1.2"
    ? new Scorm12API({{autocommit: false, lmsCommitUrl: false, logLevel: 5}})
    : new Scorm2004API({{autocommit: false, lmsCommitUrl: false, logLevel: 5}});
  if (setup.resume) api.loadFromJSON(setup.resume);
  window.received = [];
  window.commits = 0;
  window.failCommits = setup.failCommits || 0;
  const set = setup.standard === "1.2" ? "LMSSetValue" : "SetValue";
  const commit = setup.standard === "1.2" ? "LMSCommit" : "Commit";
  const originalSet = api[set].bind(api), originalCommit = api[commit].bind(api);
  api[set] = function (element, value) {{
    if (setup.strict && element === "cmi.suspend_data" && String(value).length > setup.strict) {{
      api.lastErrorCode = "405";
      window.received.push([element, "<refused: " + String(value).length + " characters>"]);
      return "false";
    }}
    window.received.push([element, String(value)]);
    return originalSet(element, value);
  }};
  api[commit] = function (arg) {{
    if (window.failCommits > 0) {{ window.failCommits--; api.lastErrorCode = "391"; return "false"; }}
    window.commits++;
    return originalCommit(arg);
  }};
  window[setup.standard === "1.2" ? "API" : "API_1484_11"] = setup.noApi ? undefined : api;
  window.lmsApi = api;
</script></head>
<body><iframe id="sco" title="Course" src="/pkg/index.html{query}" style="width:100%;height:900px"></iframe></body></html>
"""


@dataclass
class Lms:
    """One package, unzipped, served to a page with scorm-again providing the API."""

    zip_path: Path
    workdir: Path
    outside_requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root = self.workdir / "pkg"
        with zipfile.ZipFile(self.zip_path) as archive:
            archive.extractall(self.root)

    def launch(self, page, standard: str, resume: dict | None = None, strict: bool = True,
               no_api: bool = False, fail_commits: int = 0, query: str = ""):
        """Open the harness with the package in its iframe; returns the package's frame, ready."""
        setup = {"standard": standard, "resume": resume, "noApi": no_api, "failCommits": fail_commits,
                 "strict": 4096 if strict and standard == "1.2" else 0}
        script = "scorm12.min.js" if standard == "1.2" else "scorm2004.min.js"
        harness = HARNESS.format(script=script, setup=json.dumps(setup), query=query)
        page.route("**/*", lambda route: self._serve(route, harness))
        page.goto(f"{ORIGIN}/harness.html")
        frame = page.frame_locator("#sco")
        frame.locator("html[data-plx-ready=true]").wait_for(state="attached", timeout=15000)
        return page.frame(url=lambda url: "/pkg/" in url)

    def _serve(self, route, harness: str) -> None:
        url = route.request.url
        if not url.startswith(ORIGIN + "/"):
            self.outside_requests.append(url)
            route.abort()
            return
        path = url[len(ORIGIN) + 1:].split("?", 1)[0].split("#", 1)[0]
        if path == "harness.html":
            route.fulfill(body=harness, content_type="text/html; charset=utf-8")
            return
        base, file = None, None
        if path.startswith("lms/"):
            base = SCORM_AGAIN
        elif path.startswith("pkg/"):
            base = self.root
        if base:
            file = (base / path.split("/", 1)[1]).resolve()
        if not file or not file.is_file() or not file.is_relative_to(base.resolve()):
            route.fulfill(status=404, body="not found")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(body=file.read_bytes(), content_type=kind)


def cmi(page) -> dict:
    """Everything the LMS holds for the SCO (scorm-again's CMI as JSON)."""
    return page.evaluate("() => window.lmsApi.renderCMIToJSONObject()")


def received(page) -> list[list[str]]:
    """Every SetValue call the SCO made, in order, as [element, value]."""
    return page.evaluate("() => window.received")
