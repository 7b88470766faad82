"""``plx publish`` against a local stand-in that follows edx-platform's import contract
(see studio_contract.py for the source files it follows)."""
from __future__ import annotations

import gzip
import io
import socket
import tarfile

import pytest

from plxblocks.publish import Credentials, PublishError, StudioClient, load_credentials, publish
from tests.publish.studio_contract import Behaviour, StudioStandIn

KEY = "course-v1:PLXCymru+FW101+2026"


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "feedback-workload.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        data = b'<course url_name="2026" org="PLXCymru" course="FW101"/>'
        info = tarfile.TarInfo("course/course.xml")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    path.write_bytes(gzip.compress(buffer.getvalue(), mtime=0))
    return path


def creds(studio: StudioStandIn, secret: str = "s3cret") -> Credentials:
    return Credentials("plx-publisher", secret, studio.url)


def run(studio, archive, *, key=KEY, secret="s3cret", messages=None):
    publish(archive, studio.url, key, creds(studio, secret), sleep=lambda s: None,
            say=(messages.append if messages is not None else lambda m: None))


def test_success_uploads_the_archive_and_waits_for_the_task(archive):
    messages = []
    with StudioStandIn() as studio:
        run(studio, archive, messages=messages)
    [(key, filename, data)] = studio.uploads
    assert (key, filename, data) == (KEY, "feedback-workload.tar.gz", archive.read_bytes())
    assert messages == ["import pending", "import in progress", "import succeeded"]
    assert studio.requests[0] == "POST /oauth2/access_token"


def test_wrong_credentials_say_which_settings_to_check(archive):
    with StudioStandIn() as studio, pytest.raises(PublishError) as error:
        run(studio, archive, secret="wrong")
    assert "refused the OAuth2 credentials (401: invalid_client)" in str(error.value)
    assert "PLX_OAUTH_CLIENT_SECRET" in str(error.value)
    assert studio.uploads == []


def test_missing_author_access_says_which_role_to_grant(archive):
    with StudioStandIn(Behaviour(author_access=False)) as studio, pytest.raises(PublishError) as error:
        run(studio, archive)
    assert "lacks course author access to course-v1:PLXCymru+FW101+2026 (403" in str(error.value)
    assert "Course Team" in str(error.value)


def test_unknown_course_says_how_to_create_it(archive):
    with StudioStandIn() as studio, pytest.raises(PublishError) as error:
        run(studio, archive, key="course-v1:PLXCymru+NEW1+2026")
    assert "Studio has no course course-v1:PLXCymru+NEW1+2026 (404)" in str(error.value)
    assert "Studio > New Course" in str(error.value)


def test_too_large_names_the_limit_to_raise(archive):
    with StudioStandIn(Behaviour(max_upload_bytes=10)) as studio, pytest.raises(PublishError) as error:
        run(studio, archive)
    assert "too large (413)" in str(error.value) and "client_max_body_size" in str(error.value)


def test_server_errors_are_retried_with_backoff(archive):
    waits, messages = [], []
    with StudioStandIn(Behaviour(failures_before_success=2)) as studio:
        publish(archive, studio.url, KEY, creds(studio), sleep=waits.append, say=messages.append)
    assert waits[:2] == [1.0, 2.0]
    assert messages[0] == ("getting an access token failed: the server answered 502 Bad Gateway; "
                           "retrying in 1 s (1/3)")
    assert len(studio.uploads) == 1


def test_persistent_server_errors_give_up_after_four_attempts(archive):
    with StudioStandIn(Behaviour(failures_before_success=99)) as studio, pytest.raises(PublishError) as error:
        run(studio, archive)
    assert "answered 502 Bad Gateway (tried 4 times)" in str(error.value)
    assert len(studio.requests) == 4


def test_network_errors_name_the_address(archive):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(PublishError) as error:
        publish(archive, url, KEY, Credentials("a", "b", url), sleep=lambda s: None)
    assert f"cannot connect to {url}/oauth2/access_token: connection refused (tried 4 times)" in str(error.value)


def test_a_failed_import_shows_studios_messages(archive):
    behaviour = Behaviour(task_states=["Pending", "Failed"],
                          error_messages=["Unknown XBlock type plx_check: install plx in Studio"])
    with StudioStandIn(behaviour) as studio, pytest.raises(PublishError) as error:
        run(studio, archive)
    assert str(error.value) == ("Studio's import of feedback-workload.tar.gz into "
                                "course-v1:PLXCymru+FW101+2026 ended 'Failed':\n"
                                "  Unknown XBlock type plx_check: install plx in Studio")


def test_archive_names_must_end_tar_gz(tmp_path, archive):
    renamed = archive.rename(tmp_path / "course.tgz")
    with StudioStandIn() as studio, pytest.raises(PublishError) as error:
        run(studio, renamed)
    assert "Parameter in the wrong format" in str(error.value)


def test_credentials_come_from_environment_or_config_file(tmp_path, monkeypatch):
    for var in ("PLX_OAUTH_CLIENT_ID", "PLX_OAUTH_CLIENT_SECRET", "PLX_LMS_URL"):
        monkeypatch.delenv(var, raising=False)
    config = tmp_path / "publish.ini"
    with pytest.raises(PublishError) as error:
        load_credentials(config)
    assert "PLX_OAUTH_CLIENT_ID and PLX_OAUTH_CLIENT_SECRET" in str(error.value)
    config.write_text("[publish]\nclient_id = from-file\nclient_secret = x\nlms_url = https://lms.example/\n")
    assert load_credentials(config) == Credentials("from-file", "x", "https://lms.example")
    monkeypatch.setenv("PLX_OAUTH_CLIENT_ID", "from-env")
    monkeypatch.setenv("PLX_OAUTH_CLIENT_SECRET", "y")
    assert load_credentials(config, studio_url="https://studio.example").client_id == "from-env"


def test_client_sends_the_token_as_a_jwt_header(archive):
    with StudioStandIn() as studio:
        client = StudioClient(studio.url, creds(studio))
        with pytest.raises(PublishError) as error:
            client.start_import(KEY, archive)  # no token yet
        assert "did not accept the access token (401)" in str(error.value)
        client.authenticate()
        assert client.start_import(KEY, archive)


def test_a_redirect_to_another_host_is_refused_and_sends_it_nothing(archive):
    """Issue 19: a 307 from Studio to another origin made the client POST the whole draft
    archive (every answer key) there again; only the token was stripped."""
    with StudioStandIn() as elsewhere, StudioStandIn() as studio:
        studio.behaviour.redirect_imports_to = elsewhere.url  # another port: another origin
        with pytest.raises(PublishError) as error:
            run(studio, archive)
    message = str(error.value)
    assert studio.url.removeprefix("http://") in message
    assert elsewhere.url.removeprefix("http://") in message
    assert "another host" in message
    assert elsewhere.requests == [] and elsewhere.uploads == []
    assert studio.uploads == []


def test_a_redirect_on_the_same_host_is_followed_with_the_archive(archive):
    with StudioStandIn() as studio:
        studio.behaviour.redirect_imports_to = studio.url
        run(studio, archive)
    [(key, _, data)] = studio.uploads
    assert (key, data) == (KEY, archive.read_bytes())
    assert f"POST /moved/api/courses/v0/import/{KEY}/" in studio.requests


def test_a_redirect_of_the_token_request_to_another_host_never_sends_it_the_secret(archive):
    """Issue 11.7: a 307 from the token endpoint re-POSTed client_secret to the other host."""
    with StudioStandIn() as elsewhere, StudioStandIn() as lms:
        lms.behaviour.redirect_imports_to = elsewhere.url
        lms.behaviour.redirect_paths = "/oauth2/"
        with pytest.raises(PublishError) as error:
            run(lms, archive)
    assert "getting an access token: " in str(error.value) and "another host" in str(error.value)
    assert elsewhere.received == []
    assert [r.path for r in lms.received] == ["/oauth2/access_token"]


@pytest.mark.parametrize("status", [301, 302, 303])
def test_a_post_redirected_with_301_302_or_303_becomes_a_get_without_the_archive(archive, status):
    with StudioStandIn(Behaviour(redirect_status=status)) as studio:
        studio.behaviour.redirect_imports_to = studio.url
        with pytest.raises(PublishError):  # Studio's import view answers a GET without task_id with 500
            run(studio, archive)
    upload, followed = studio.received[1:3]
    assert (upload.method, followed.method) == ("POST", "GET")
    assert followed.path == f"/moved/api/courses/v0/import/{KEY}/"
    assert followed.body == b"" and "Content-Type" not in followed.headers
    assert followed.headers["Authorization"] == upload.headers["Authorization"]  # same origin: kept
    assert studio.uploads == []


@pytest.mark.parametrize("status", [307, 308])
def test_a_post_redirected_with_307_or_308_on_the_same_host_keeps_its_body(archive, status):
    with StudioStandIn(Behaviour(redirect_status=status)) as studio:
        studio.behaviour.redirect_imports_to = studio.url
        run(studio, archive)
    [(_, _, data)] = studio.uploads
    assert data == archive.read_bytes()


def test_more_than_five_redirects_are_a_clear_error(archive):
    with StudioStandIn(Behaviour(redirect_hops=6)) as studio:
        studio.behaviour.redirect_imports_to = studio.url
        with pytest.raises(PublishError) as error:
            run(studio, archive)
    first = f"{studio.url}/api/courses/v0/import/{KEY}/"
    assert str(error.value) == (f"uploading the archive: {first} redirected more than 5 times (last to "
                                f"{studio.url}{'/moved' * 6}/api/courses/v0/import/{KEY}/); check the address.")
    assert len([r for r in studio.received if r.method == "POST" and "import" in r.path]) == 6
    assert studio.uploads == []


def test_the_token_goes_only_to_studio_never_to_an_error_report_elsewhere(archive):
    """Issue 11.7: failure_messages sent ``Authorization: JWT ...`` to any artifact URL Studio listed."""
    behaviour = Behaviour(task_states=["Failed"], error_messages=["Unknown XBlock type plx_check"])
    with StudioStandIn() as elsewhere, StudioStandIn(behaviour) as studio:
        studio.behaviour.artifacts_at = elsewhere.url
        with pytest.raises(PublishError) as error:
            run(studio, archive)
    assert elsewhere.received == []
    assert f"an error report at {elsewhere.url} was not read" in str(error.value)
    assert all(r.headers.get("Authorization", "").startswith("JWT ") for r in studio.received[1:])


@pytest.mark.parametrize("studio_url,lms_url", [
    ("http://studio.example.org", "https://lms.example.org"),
    ("https://studio.example.org", "http://lms.example.org"),
])
def test_plain_http_is_refused_except_to_this_computer(archive, studio_url, lms_url):
    """Issue 11.7: ``http://`` was accepted silently, so the secret and token crossed the network
    readable by anyone on the way."""
    with pytest.raises(PublishError) as error:
        publish(archive, studio_url, KEY, Credentials("plx-publisher", "s3cret", lms_url), sleep=lambda s: None)
    refused = studio_url if studio_url.startswith("http:") else lms_url
    assert str(error.value).startswith(f"{refused}: plain http would send the ")
    assert "https://" in str(error.value) and "localhost" in str(error.value)


@pytest.mark.parametrize("address", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000",
                                     "https://studio.example.org"])
def test_https_and_plain_http_to_this_computer_are_accepted(address):
    client = StudioClient(address, Credentials("a", "b", address))
    assert client.studio == address


@pytest.mark.parametrize("address", ["studio.example.org", "ftp://studio.example.org", "https://"])
def test_an_address_without_https_or_a_host_is_refused(address):
    with pytest.raises(PublishError) as error:
        StudioClient(address, Credentials("a", "b", "https://lms.example.org"))
    assert str(error.value).startswith(f"{address}: ")


def test_plx_publish_refuses_plain_http_before_sending_anything(minimal_course, monkeypatch):
    from click.testing import CliRunner

    from plxblocks.cli import main

    monkeypatch.setenv("PLX_OAUTH_CLIENT_ID", "plx-publisher")
    monkeypatch.setenv("PLX_OAUTH_CLIENT_SECRET", "s3cret")
    monkeypatch.delenv("PLX_LMS_URL", raising=False)
    result = CliRunner().invoke(main, ["publish", str(minimal_course), "--studio", "http://studio.example.org",
                                       "--course-key", KEY])
    assert result.exit_code == 1, result.output
    assert "publish failed: http://studio.example.org: plain http would send" in result.stderr
    assert "Traceback" not in result.output
