"""Media in packages: local files copied, remote images downloaded (cached) or a clear error."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import quote

import pytest

from scorm import PackageError

from .conftest import build, read_zip

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def do_GET(self):
        path = self.path.split("?")[0]
        self.hits[path] = self.hits.get(path, 0) + 1
        if path == "/slow.png":
            time.sleep(3)
        if path in ("/chart.png", "/slow.png"):
            self._answer(200, "image/png", PNG)
        elif path == "/page.png":
            self._answer(200, "text/html; charset=utf-8", b"<p>a login page</p>")
        else:
            self._answer(404, "text/plain", b"gone")

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
def server():
    """A local web server on a free port, stopped after the test."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    _Handler.hits = {}
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


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


@pytest.mark.parametrize("path,reason", [
    ("/missing.png", "the server answered 404"),
    ("/page.png", "expected an image, audio, video or PDF file, got text/html"),
    ("/slow.png", "no answer within 1 seconds"),
])
def test_a_failed_download_names_the_unit_and_stops_the_build(minimal_course, tmp_path, server, path, reason):
    from scorm import RemoteMedia

    use_remote_image(minimal_course, server + path)
    with pytest.raises(PackageError) as raised:
        build(minimal_course, tmp_path, RemoteMedia(tmp_path / "cache", timeout=1))
    message = str(raised.value)
    assert "unit.yaml:5: prose 'introduction' in unit 'first-steps': " in message
    assert server + path in message and reason in message
    assert not list(tmp_path.glob("*.zip"))


def test_unreachable_server_is_a_clear_error(minimal_course, tmp_path, remote):
    use_remote_image(minimal_course, "http://127.0.0.1:9/nothing-listens-here.png")
    with pytest.raises(PackageError, match="could not connect"):
        build(minimal_course, tmp_path, remote)


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
