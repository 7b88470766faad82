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

from playwright.sync_api import Error as PlaywrightError

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
  const COMMIT = "<commit>";
  const set = setup.standard === "1.2" ? "LMSSetValue" : "SetValue";
  const commit = setup.standard === "1.2" ? "LMSCommit" : "Commit";
  const originalSet = api[set].bind(api), originalCommit = api[commit].bind(api);
  const refuse = setup.refuse ? new RegExp(setup.refuse) : null;
  api[set] = function (element, value) {{
    if (refuse && refuse.test(element)) {{
      api.lastErrorCode = setup.refuseCode || "351";
      window.received.push([element, "<refused: " + String(value) + ">"]);
      return "false";
    }}
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
    window.received.push([COMMIT, ""]);
    return originalCommit(arg);
  }};
  window[setup.standard === "1.2" ? "API" : "API_1484_11"] = setup.noApi ? undefined : api;
  window.lmsApi = api;
</script></head>
<body>{body}</body></html>
"""
FRAME = '<iframe id="sco" title="Course" src="{src}" style="width:100%;height:900px"></iframe>'
NEST = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS frame</title></head>'
        '<body>' + FRAME.format(src="{src}") + '</body></html>')


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
               no_api: bool = False, fail_commits: int = 0, query: str = "", nesting: int = 0,
               refuse: str = "", refuse_code: str = "351"):
        """Open the harness with the package in an iframe (inside *nesting* more frames).

        *refuse*: a regular expression; SetValue of a matching element answers "false" with error
        *refuse_code* (as an LMS that rejects a value does). Returns the package's frame once its
        runtime is ready.
        """
        body = FRAME.format(src=("/nest.html?" + str(nesting - 1)) if nesting else "/pkg/index.html" + query)
        harness = self._harness(standard, resume, strict, no_api, fail_commits, body, refuse, refuse_code)
        page.route("**/*", lambda route: self._serve(route, harness))
        page.goto(f"{ORIGIN}/harness.html")
        return self._ready(page)

    def launch_popup(self, page, standard: str):
        """The LMS opens the package in a new window (found through ``window.opener``)."""
        harness = self._harness(standard, None, True, False, 0, "<p>LMS window</p>")
        page.context.route("**/*", lambda route: self._serve(route, harness))
        page.goto(f"{ORIGIN}/harness.html")
        with page.expect_popup() as popup_info:
            page.evaluate("() => { window.open('/pkg/index.html', 'sco'); }")
        popup = popup_info.value
        popup.locator("html[data-plx-ready=true]").wait_for(state="attached", timeout=15000)
        return popup

    def _harness(self, standard, resume, strict, no_api, fail_commits, body, refuse="", refuse_code="351") -> str:
        setup = {"standard": standard, "resume": resume, "noApi": no_api, "failCommits": fail_commits,
                 "strict": 4096 if strict and standard == "1.2" else 0, "refuse": refuse,
                 "refuseCode": refuse_code}
        script = "scorm12.min.js" if standard == "1.2" else "scorm2004.min.js"
        return HARNESS.format(script=script, setup=json.dumps(setup), body=body)

    @staticmethod
    def _ready(page):
        deadline = 150
        for _ in range(deadline):
            frame = page.frame(url=lambda url: "/pkg/" in url)
            try:
                if frame and frame.evaluate("() => document.documentElement.dataset.plxReady === 'true'"):
                    return frame
            except PlaywrightError:
                pass  # the frame is still loading
            page.wait_for_timeout(100)
        raise AssertionError("the package did not start within 15 seconds")

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
        if path == "nest.html":
            depth = int(url.rsplit("?", 1)[1])
            src = f"/nest.html?{depth - 1}" if depth else "/pkg/index.html"
            route.fulfill(body=NEST.format(src=src), content_type="text/html; charset=utf-8")
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


COMMIT = "<commit>"
"""In :func:`received`, where a successful commit happened."""


def received(page) -> list[list[str]]:
    """Every SetValue call the SCO made, in order, as [element, value], with [COMMIT, ""] where
    it committed."""
    return page.evaluate("() => window.received")
