"""``plx preview`` as a server, without a browser: it never serves a stale course silently, and
it answers only requests addressed to this computer (issue 11.9)."""
from __future__ import annotations

import http.client
import logging
import time
import urllib.request

import pytest

from plxblocks import preview as preview_module
from plxblocks.preview import VERSION_PATH, PreviewServer, PreviewSite

OLD, NEW, NEWER = "Feedback moves learning on.", "Feedback changes what happens next.", "Feedback is a gift."


@pytest.fixture
def server(minimal_course):
    from scorm import RemoteMedia

    site = PreviewSite(minimal_course, remote=RemoteMedia(minimal_course.parent / "cache"))
    with PreviewServer(site, interval=0.05) as running:
        yield running


def get(server: PreviewServer, path: str = "/") -> str:
    with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(server: PreviewServer, text: str, seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = get(server)
        if text in page:
            return page
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not served within {seconds} s; the page is:\n{page[:2000]}")


def replace_in_prose(course, old: str, new: str) -> None:
    prose = course / "modules/basics/first-steps/introduction.en.md"
    prose.write_text(prose.read_text().replace(old, new))


def test_a_crash_while_rebuilding_shows_an_error_and_the_next_save_brings_the_course_back(
        server, minimal_course, monkeypatch, caplog):
    """A loader exception killed the watcher thread: the old course was served for ever after."""
    wait_for(server, OLD)
    version = get(server, VERSION_PATH)

    def broken_loader(*args, **kwargs):
        raise RuntimeError("a bug in the loader")

    with caplog.at_level(logging.ERROR, logger="plxblocks.preview"):
        monkeypatch.setattr(preview_module, "load_course", broken_loader)
        replace_in_prose(minimal_course, OLD, NEW)
        page = wait_for(server, "plx could not build the course")
    assert f"{minimal_course}: plx could not build the course (RuntimeError: a bug in the loader)" in page
    assert OLD not in page and get(server, VERSION_PATH) != version
    assert "a bug in the loader" in caplog.text and "Traceback" in caplog.text

    monkeypatch.undo()
    replace_in_prose(minimal_course, NEW, NEWER)
    wait_for(server, NEWER)


def test_a_crash_in_the_watcher_itself_does_not_stop_it(server, minimal_course, monkeypatch):
    calls = []

    def fingerprint_once_broken(self):
        calls.append(1)
        if len(calls) == 1:
            raise FileNotFoundError("the glossary vanished between is_file and stat")
        return real(self)

    real = PreviewSite.fingerprint
    wait_for(server, OLD)
    monkeypatch.setattr(PreviewSite, "fingerprint", fingerprint_once_broken)
    replace_in_prose(minimal_course, OLD, NEW)
    wait_for(server, NEW)
    assert len(calls) > 1


def request(server: PreviewServer, host: str | None, path: str = "/") -> tuple[int, str]:
    port = server.httpd.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}", "[::1]:{port}"])
def test_requests_for_this_computer_are_answered(server, host):
    status, body = request(server, host.format(port=server.httpd.server_address[1]))
    assert status == 200 and OLD in body


@pytest.mark.parametrize("host", ["attacker.example:{port}", "attacker.example", "127.0.0.1.attacker.example:{port}",
                                  "localhost", "127.0.0.1:1{port}", "localhost:{port}@attacker.example", ""])
@pytest.mark.parametrize("path", ["/", VERSION_PATH, "/index.html"])
def test_requests_for_another_host_are_refused(server, host, path):
    """DNS rebinding: a page of attacker.example, its name now pointing at 127.0.0.1, could read
    the draft course and its answer key."""
    status, body = request(server, host.format(port=server.httpd.server_address[1]), path)
    assert status in (400, 421)
    assert OLD not in body and "version" not in body
    assert "plx preview answers only" in body


def test_a_request_without_a_host_header_is_refused(server):
    status, _ = request(server, None)
    assert status == 400
