"""``plx olx``, ``plx publish`` and ``plx build``'s progress, through the command line."""
from __future__ import annotations

import tarfile

import pytest
from click.testing import CliRunner

from plxblocks.build import Done, Job, run_jobs
from plxblocks.cli import main
from tests.publish.studio_contract import Behaviour, StudioStandIn


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def test_olx_writes_an_archive(minimal_course, tmp_path):
    result = run("olx", minimal_course, "-o", tmp_path / "minimal.tar.gz")
    assert result.exit_code == 0, result.output
    with tarfile.open(tmp_path / "minimal.tar.gz") as tar:
        names = tar.getnames()
    assert "course/course.xml" in names and "course/policies/2026/policy.json" in names


def test_olx_usage_and_content_errors(minimal_course, tmp_path):
    assert run("olx", minimal_course, "-o", tmp_path / "x.zip").exit_code == 2
    assert run("olx", minimal_course, "--lang", "fr", "-o", tmp_path / "x.tar.gz").exit_code == 2
    (minimal_course / "course.yaml").write_text("id: [\n")
    result = run("olx", minimal_course, "-o", tmp_path / "x.tar.gz")
    assert result.exit_code == 1 and "malformed YAML" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "x.tar.gz").exists()


@pytest.fixture
def credentials(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))  # no stray ~/.config/plx/publish.ini
    return {"PLX_OAUTH_CLIENT_ID": "plx-publisher", "PLX_OAUTH_CLIENT_SECRET": "s3cret"}


def test_publish_imports_into_studio(minimal_course, credentials):
    key = "course-v1:PLXTest+T101+2026"
    with StudioStandIn(Behaviour(courses={key})) as studio:
        result = run("publish", minimal_course, "--studio", studio.url, "--course-key", key,
                     env={**credentials, "PLX_LMS_URL": studio.url})
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"published minimal to {key}"
    [(uploaded_key, filename, data)] = studio.uploads
    assert uploaded_key == key and filename == "minimal.tar.gz" and data[:2] == b"\x1f\x8b"


KEY = "course-v1:PLXTest+T101+2026"


@pytest.mark.parametrize("behaviour, expected", [
    (Behaviour(courses={KEY}, author_access=False), "lacks course author access"),
    (Behaviour(courses=set()), "Create the course run first"),
    (Behaviour(courses={KEY}, max_upload_bytes=10), "too large (413)"),
    (Behaviour(courses={KEY}, task_states=["Failed"], error_messages=["Unknown block type"]), "Unknown block type"),
])
def test_publish_failures_exit_1_with_the_reason(minimal_course, credentials, behaviour, expected):
    key = KEY
    with StudioStandIn(behaviour) as studio:
        result = run("publish", minimal_course, "--studio", studio.url, "--course-key", key,
                     env={**credentials, "PLX_LMS_URL": studio.url})
    assert result.exit_code == 1
    assert expected in result.stderr and "Traceback" not in result.output


def test_publish_needs_credentials_and_a_course_key(minimal_course, credentials):
    result = run("publish", minimal_course, "--studio", "http://127.0.0.1:9", "--course-key", "FW101",
                 env=credentials)
    assert result.exit_code == 2 and "course-v1:ORG+NUMBER+RUN" in result.stderr
    result = run("publish", minimal_course, "--studio", "http://127.0.0.1:9",
                 "--course-key", "course-v1:PLXTest+T101+2026",
                 env={"PLX_OAUTH_CLIENT_ID": "", "PLX_OAUTH_CLIENT_SECRET": ""})
    assert result.exit_code == 1 and "no OAuth2 credentials" in result.stderr
    assert "--client-secret" not in run("publish", "--help").output


def test_build_progress_plain_lines_when_not_a_terminal(minimal_course, tmp_path):
    result = run("build", minimal_course, "-o", tmp_path, "--jobs", "1")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("[")]
    # In one process, in job order: a course's one-language SCORM packages first (build.py).
    assert lines[0] == "[1/9] minimal: SCORM 1.2 (en)"
    assert lines[-1] == "[9/9] minimal: SCORM 2004 (cy)"
    assert (tmp_path / "minimal" / "minimal-olx.tar.gz").exists()


def test_progress_bar_on_a_terminal(capsys, tmp_path):
    jobs = [Job("one", "c", "olx", tmp_path / "a"), Job("two", "c", "olx", tmp_path / "b")]
    done = run_jobs(jobs, (Done(job, job.path) for job in reversed(jobs)), interactive=True)
    assert [d.job.label for d in done] == ["two", "one"]  # as they finish
    assert "building outputs" in capsys.readouterr().err


def test_preview_reports_a_busy_port(minimal_course):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run("preview", minimal_course, "--port", busy.getsockname()[1])
    assert result.exit_code == 2 and "choose another --port" in result.stderr


def test_olx_stops_on_a_name_that_would_leave_the_archive_without_a_traceback(minimal_course, tmp_path, monkeypatch):
    """The loader stops such names first; this is the writer's own check (defence in depth) and
    what the command makes of it: exit 1, the name, nothing written."""
    from plxblocks.olx import archive

    monkeypatch.setattr(archive, "archive_members", lambda course, lang=None, cache=None: [("../../escape.xml", b"<x/>")])
    result = run("olx", minimal_course, "-o", tmp_path / "c.tar.gz")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "unsafe file name in archive '../../escape.xml'" in result.stderr and "nothing was built" in result.stderr
    assert not (tmp_path / "c.tar.gz").exists()
