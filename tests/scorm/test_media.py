"""Media in packages: local files copied, remote images downloaded (cached) or a clear error."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import quote, unquote

import pytest

from scorm import PackageError

from .conftest import LOCAL_STUBS, build, read_zip

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


TRICKLE = 0.1
"""Seconds between two bytes of a trickling answer (60 bytes: 6 s in all)."""


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def do_GET(self):
        path, _, query = self.path.partition("?")
        self.hits[path] = self.hits.get(path, 0) + 1
        if path == "/slow.png":
            time.sleep(3)
        if path in ("/chart.png", "/slow.png"):
            self._answer(200, "image/png", PNG)
        elif path == "/page.png":
            self._answer(200, "text/html; charset=utf-8", b"<p>a login page</p>")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", unquote(query))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/trickle-body.png":
            body = PNG + b"\x00" * (60 - len(PNG))
            self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 60\r\n\r\n", body)
        elif path == "/trickle-headers.png":
            self._trickle(b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"a" * 52 + b"\r\nContent-Type: image/png\r\n"
                                                   b"Content-Length: 0\r\n\r\n")
        else:
            self._answer(404, "text/plain", b"gone")

    def _trickle(self, at_once: bytes, slowly: bytes):
        """A server that is not dead, only slow: a byte at a time, never long enough for a read timeout."""
        try:
            self.wfile.write(at_once)
            for byte in slowly:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(TRICKLE)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _answer(self, status, kind, body):
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """Start a local web server on a free port of *host*; all are stopped after the test."""
    servers = []
    _Handler.hits = {}

    def start(host: str = "127.0.0.1") -> str:
        httpd = ThreadingHTTPServer((host, 0), _Handler)
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        servers.append((httpd, thread))
        return f"http://{host}:{httpd.server_address[1]}"

    yield start
    for httpd, thread in servers:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def server(serve):
    """A local web server on 127.0.0.1."""
    return serve()


def use_remote_image(course, url):
    for lang in ("en", "cy"):
        prose = course / f"modules/basics/first-steps/introduction.{lang}.md"
        prose.write_text(prose.read_text() + f"\n![A chart of marking time]({url})\n")


def test_local_media_is_copied_byte_for_byte(minimal_course, tmp_path, remote):
    [zip_path] = build(minimal_course, tmp_path, remote)
    files = read_zip(zip_path)
    assert files["media/teacher.png"] == (minimal_course / "media/teacher.png").read_bytes()
    assert b'src="media/teacher.png"' in files["index.html"]


def test_remote_image_is_downloaded_once_and_the_page_points_at_the_copy(minimal_course, tmp_path, remote, server):
    url = f"{server}/chart.png?size=large&v=2"
    use_remote_image(minimal_course, url)
    [first] = build(minimal_course, tmp_path / "a", remote)
    files = read_zip(first)
    [copy] = [name for name in files if name.startswith("media/remote/")]
    assert copy.endswith(".png") and files[copy] == PNG
    page = files["index.html"].decode()
    assert f'src="{copy}"' in page and "127.0.0.1" not in page
    # Built again, from the cache: the server is not asked twice and the bytes are the same.
    [second] = build(minimal_course, tmp_path / "b", remote)
    assert _Handler.hits["/chart.png"] == 1
    assert first.read_bytes() == second.read_bytes()


IMAGE_EN = "modules/basics/first-steps/introduction.en.md:7"
IMAGE_CY = "modules/basics/first-steps/introduction.cy.md:7"
"""Where use_remote_image writes the image in the minimal course."""


@pytest.mark.parametrize("path,reason", [
    ("/missing.png", "the server answered 404"),
    ("/page.png", "expected an image, audio, video or PDF file, got text/html"),
    ("/slow.png", "no complete answer within 1 s"),
])
def test_a_failed_download_is_reported_where_the_image_is_and_stops_the_build(
        minimal_course, tmp_path, server, path, reason, monkeypatch):
    from scorm import RemoteMedia

    monkeypatch.chdir(minimal_course)
    use_remote_image(minimal_course, server + path)
    with pytest.raises(PackageError) as raised:
        build(minimal_course, tmp_path, RemoteMedia(tmp_path / "cache", timeout=1, addresses=LOCAL_STUBS))
    [message] = str(raised.value).splitlines()
    assert message.startswith(f"{IMAGE_EN}: cannot download {server + path}: {reason}")
    assert message.endswith(f" (also shown at {IMAGE_CY})")
    assert not list(tmp_path.glob("*.zip"))


def test_every_failed_download_is_reported_at_once(minimal_course, tmp_path, server, remote, monkeypatch):
    monkeypatch.chdir(minimal_course)
    use_remote_image(minimal_course, f"{server}/missing.png")
    use_remote_image(minimal_course, f"{server}/page.png")
    with pytest.raises(PackageError) as raised:
        build(minimal_course, tmp_path, remote)
    [missing, page] = str(raised.value).splitlines()
    assert missing.startswith(f"{IMAGE_EN}: cannot download {server}/missing.png: the server answered 404")
    assert page.startswith(f"modules/basics/first-steps/introduction.en.md:9: cannot download {server}/page.png")


def test_unreachable_server_is_a_clear_error(minimal_course, tmp_path, remote):
    use_remote_image(minimal_course, "http://127.0.0.1:9/nothing-listens-here.png")
    with pytest.raises(PackageError, match="could not connect"):
        build(minimal_course, tmp_path, remote)


# ------------------------------------------------------------------ a total deadline (issue 11.10)

def plx(*args, **env):
    from click.testing import CliRunner

    from plxblocks.cli import main

    return CliRunner().invoke(main, [str(a) for a in args], env=env)


@pytest.mark.parametrize("path", ["/trickle-body.png", "/trickle-headers.png"])
def test_a_trickling_server_is_cut_off_at_the_deadline_set_by_plx_media_timeout(minimal_course, tmp_path,
                                                                                server, path):
    """A byte every 0.1 s never trips a per-read timeout: the build waited 6 s, not the 1 s asked
    (in the field a byte every 5 s held a build for 150 s when the docs promised 20)."""
    use_remote_image(minimal_course, server + path)
    started = time.monotonic()
    result = plx("scorm", minimal_course, "--standard", "2004", "-o", tmp_path / "out.zip",
                 PLX_MEDIA_TIMEOUT="1", PLX_ALLOW_PRIVATE_MEDIA="127.0.0.1", PLX_CACHE_DIR=str(tmp_path / "cache"))
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert f"cannot download {server + path}: no complete answer within 1 s" in result.stderr
    assert elapsed < 3, f"took {elapsed:.1f} s"
    assert not (tmp_path / "out.zip").exists()


def test_the_deadline_counts_every_redirect(minimal_course, tmp_path, server):
    use_remote_image(minimal_course, f"{server}/redirect?{quote(server + '/trickle-body.png')}")
    started = time.monotonic()
    result = plx("scorm", minimal_course, "--standard", "2004", "-o", tmp_path / "out.zip", "--media-timeout", "1",
                 "--allow-private-media", "127.0.0.1", "--media-cache", tmp_path / "cache")
    assert result.exit_code == 1 and "no complete answer within 1 s" in result.stderr
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("setting,message", [("--media-timeout=0", "x>0"),
                                             ("--allow-private-media=localhost", "'localhost' is not an address")])
def test_bad_settings_are_usage_errors(minimal_course, tmp_path, setting, message):
    result = plx("scorm", minimal_course, "--standard", "2004", "-o", tmp_path / "out.zip", setting)
    assert result.exit_code == 2 and message in result.stderr


# ------------------------------------------------------------------ public addresses only (issue 11.10)

@pytest.mark.parametrize("host,refusal", [("127.0.0.1", "127.0.0.1 is a loopback address"),
                                          ("localhost", "localhost is at 127.0.0.1, a loopback address")])
def test_this_computer_is_not_fetched_from_unless_allowed(minimal_course, tmp_path, server, host, refusal):
    url = server.replace("127.0.0.1", host) + "/chart.png"
    use_remote_image(minimal_course, url)
    result = plx("scorm", minimal_course, "--standard", "2004", "-o", tmp_path / "out.zip",
                 PLX_CACHE_DIR=str(tmp_path / "cache"))
    assert result.exit_code == 1, result.output
    assert f"cannot download {url}: " in result.stderr and refusal in result.stderr
    assert "--allow-private-media" in result.stderr
    assert _Handler.hits == {}

    allowed = plx("scorm", minimal_course, "--standard", "2004", "-o", tmp_path / "out.zip",
                  PLX_CACHE_DIR=str(tmp_path / "cache"), PLX_ALLOW_PRIVATE_MEDIA="all")
    assert allowed.exit_code == 0, allowed.output
    assert _Handler.hits == {"/chart.png": 1}


def test_a_redirect_to_an_internal_address_is_refused_at_that_hop(minimal_course, tmp_path, serve):
    """Only 127.0.0.1 is allowed; its redirect to 127.0.0.2 (another loopback address, as an
    internal service would be) is checked on its own and refused before anything is sent."""
    public, internal = serve("127.0.0.1"), serve("127.0.0.2")
    url = f"{public}/redirect?{quote(internal + '/chart.png')}"
    use_remote_image(minimal_course, url)
    result = plx("scorm", minimal_course, "--standard", "2004", "-o", tmp_path / "out.zip",
                 PLX_ALLOW_PRIVATE_MEDIA="127.0.0.1", PLX_CACHE_DIR=str(tmp_path / "cache"))
    assert result.exit_code == 1, result.output
    assert "127.0.0.2 is a loopback address" in result.stderr
    assert _Handler.hits == {"/redirect": 1}


def test_a_name_that_changes_its_address_after_the_check_is_caught_before_sending(minimal_course, tmp_path,
                                                                                  server, monkeypatch):
    """DNS rebinding: the name looks public when checked and is 127.0.0.1 when connected."""
    from plxblocks import remote_fetch

    monkeypatch.setattr(remote_fetch, "_addresses", lambda host, port: ["93.184.215.14"])
    url = server.replace("127.0.0.1", "localhost") + "/chart.png"
    use_remote_image(minimal_course, url)
    result = plx("scorm", minimal_course, "--standard", "2004", "-o", tmp_path / "out.zip",
                 PLX_CACHE_DIR=str(tmp_path / "cache"))
    assert result.exit_code == 1, result.output
    assert "localhost is at 127.0.0.1, a loopback address" in result.stderr
    assert _Handler.hits == {}


def test_too_many_redirects_are_an_error(minimal_course, tmp_path, server, remote):
    url = f"{server}/chart.png"
    for _ in range(6):
        url = f"{server}/redirect?{quote(url)}"
    use_remote_image(minimal_course, url)
    with pytest.raises(PackageError, match="more than 5 redirects"):
        build(minimal_course, tmp_path, remote)
    assert _Handler.hits == {"/redirect": 6}


@pytest.mark.parametrize("written, name", [("media/my%20photo.png", "media/my photo.png"),
                                           ("media/d%C5%B5r.png", "media/dŵr.png"),
                                           ("media/dŵr.png", "media/dŵr.png")])
def test_media_with_spaces_or_welsh_letters_in_their_names_are_in_the_package(minimal_course, tmp_path, remote,
                                                                               written, name):
    """``media/my%20photo.png`` (a file named ``my photo.png``) validated and was in the OLX, but
    not in the SCORM zip: the decoded name was looked for in the page's encoded attribute (issue
    11.11). Markdown encodes ``ŵ`` the same way, so a Welsh file name was dropped too."""
    from lxml import etree

    from scorm.manifest import SCORM12

    from .schemas import schema_errors

    image = minimal_course / "media" / "teacher.png"
    image.rename(minimal_course / name)
    for lang in ("en", "cy"):
        prose = minimal_course / f"modules/basics/first-steps/introduction.{lang}.md"
        prose.write_text(prose.read_text(encoding="utf-8").replace("media/teacher.png", written), encoding="utf-8")
    for lang in (None, "cy"):
        [zip_path] = build(minimal_course, tmp_path / (lang or "both"), remote, lang=lang)
        files = read_zip(zip_path)
        assert files.get(name) == (minimal_course / name).read_bytes(), sorted(files)
        manifest = files["imsmanifest.xml"]
        assert schema_errors(manifest, "1.2") == []
        listed = {f.get("href") for f in etree.fromstring(manifest).iter(f"{{{SCORM12.cp}}}file")}
        assert name in listed  # as the zip entry is named (schema-valid: xs:anyURI allows the space)
        assert f'src="{quote(name)}"'.encode() in files["index.html"]
