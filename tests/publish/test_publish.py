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
