"""`plx serve` starts the workbench with the given courses, says where to go, serves no file of
its data folder or the checkout, and stops when it is stopped."""
from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from plxblocks.workbench.testing import free_port

REPO = Path(__file__).resolve().parents[2]

SECRET_PATHS = [
    "/var/workbench.db", "/var/workbench.log", "/%76ar/workbench.db", "/./var/workbench.db",
    "/var/./workbench.db", "/var//workbench.db", "/var/workbench.db-wal", "/var%2fworkbench.db",
    "/..%2fsetup.py", "/..%2f..%2fsetup.py", "/%2e%2e/%2e%2e/setup.py", "/../../setup.py",
    "/setup.py", "/plxblocks/cli.py", "/static/../var/workbench.db", "/static/..%2f..%2fvar/workbench.db",
    "/resource/plx_lesson/../../setup.py", "/resource/plx_lesson/public/..%2f..%2fsetup.py",
    "/plx-static/minimal/media/../course.yaml", "/plx-static/minimal/media/%2e%2e/course.yaml",
    "/plx-static/minimal/media/..%2fcourse.yaml", "/plx-static/minimal/media/../../../var/workbench.db",
]
"""The database, the log and source files, by every route and encoding a path can take."""


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served(minimal_course, tmp_path):
    """``plx serve`` started as ``make run`` starts it: from the checkout, data in ``var/workbench``.

    The "checkout" is a folder holding copies of two source files, so that a path escaping the
    data folder has something to find."""
    checkout = tmp_path / "checkout"
    (checkout / "plxblocks").mkdir(parents=True)
    shutil.copy(REPO / "setup.py", checkout / "setup.py")
    shutil.copy(REPO / "plxblocks" / "cli.py", checkout / "plxblocks" / "cli.py")
    port = free_port()
    plx = [sys.executable, "-m", "plxblocks.cli", "serve", str(minimal_course), "--data", "var/workbench",
           "--port", str(port)]
    process = subprocess.Popen(plx, cwd=checkout, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in process.stdout:  # the message comes once the server answers
        lines.append(line)
        if "stop:" in line:
            break
    yield {"base": f"http://127.0.0.1:{port}", "process": process, "output": "".join(lines),
           "data": checkout / "var" / "workbench"}
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def test_serve_says_where_to_go_and_how_to_stop(served):
    base, output = served["base"], served["output"]
    assert "plx workbench is ready: 1 unit of 1 course" in output
    assert f"first unit:       {base}/scenario/plx_lesson.0/\n" in output
    assert "?student=NAME" in output and "press Ctrl+C" in output
    page = urllib.request.urlopen(f"{base}/", timeout=10).read().decode()
    assert "/scenario/plx_lesson.0/" in page and "A minimal course" in page
    assert status(f"{base}/scenario/plx_lesson.0/") == 200
    assert (served["data"] / "var" / "workbench.db").is_file()


def test_serve_answers_404_for_the_database_the_log_and_source_files(served):
    base = served["base"]
    urllib.request.urlopen(f"{base}/scenario/plx_lesson.0/", timeout=30).read()  # the log now has lines
    assert (served["data"] / "var" / "workbench.log").stat().st_size > 0
    answers = {path: status(base + path) for path in SECRET_PATHS}
    assert answers == dict.fromkeys(SECRET_PATHS, 404)
    assert status(f"{base}/plx-static/minimal/media/teacher.png") == 200  # the course's own media still is


def test_every_unit_of_the_shipped_courses_is_there_when_serve_says_ready(tmp_path):
    """The SDK builds its scenarios on the first request; before, a page opened meanwhile saw half
    the list and the first unit answered 404 (the shipped courses take seconds to build)."""
    from plxblocks.course import load_course
    from tests.conftest import shipped_courses

    units = sum(len(m.units) for c in shipped_courses() for m in load_course(c).course.modules)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "plxblocks.cli", "serve", str(REPO / "content"), "--data",
                                str(tmp_path / "data"), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert any("stop:" in line for line in process.stdout)
        base = f"http://127.0.0.1:{port}"
        assert status(f"{base}/scenario/plx_lesson.0/") == 200
        index = urllib.request.urlopen(f"{base}/", timeout=30).read().decode()
        assert len(set(re.findall(r'href="/scenario/plx_lesson\.\d+/"', index))) == units == 41
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def test_a_page_opened_while_the_scenarios_are_built_waits_for_them(tmp_path):
    """A browser that opens the first unit while the first request is still building the scenario
    list (e.g. as soon as runserver says it started) gets the page, not a 404."""
    import socket
    import threading

    from plxblocks.workbench import serve as workbench

    port = free_port()
    process = workbench.start(tmp_path / "data", [REPO / "content"], port=port,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        first = threading.Thread(target=status, args=(f"{base}/",))  # starts building the list
        first.start()
        time.sleep(0.5)
        assert status(f"{base}/scenario/plx_lesson.0/") == 200
        first.join()
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_never_follows_a_link_out_of_the_media_folder(served, minimal_course):
    """Links put into ``media/`` after the course was validated (the loader refuses them): the
    workbench served ``/etc/passwd`` through one (issue 11.13). Nothing whose real path is outside
    the course's ``media/`` is served, not even another file of the course (its answer keys)."""
    base, media = served["base"], minimal_course / "media"
    assert status(f"{base}/plx-static/minimal/media/teacher.png") == 200  # the course is loaded and served
    (media / "passwd").symlink_to("/etc/passwd")
    (media / "answers.yaml").symlink_to(minimal_course / "modules/basics/first-steps/unit.yaml")
    (media / "root").symlink_to("/")
    (media / "inside.png").symlink_to("teacher.png")
    leaks = ["passwd", "answers.yaml", "root/etc/passwd", "root/etc/hostname"]
    assert {name: status(f"{base}/plx-static/minimal/media/{name}") for name in leaks} == dict.fromkeys(leaks, 404)
    assert status(f"{base}/plx-static/minimal/media/inside.png") == 200  # a link within media/ is fine


def test_serve_stops_the_workbench_when_it_is_stopped(served):
    base, process = served["base"], served["process"]
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=20)
    time.sleep(0.5)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{base}/", timeout=2)


def test_serve_refuses_a_port_in_use(minimal_course, tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "plxblocks.cli", "serve", str(minimal_course), "--data",
                                 str(tmp_path / "data"), "--port", str(port)],
                                check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and f"127.0.0.1:{port} is already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_invalid_content(minimal_course, tmp_path):
    (minimal_course / "course.yaml").write_text("id: minimal\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "plxblocks.cli", "serve", str(minimal_course), "--data",
                             str(tmp_path / "data")], check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "nothing was built" in result.stderr and "Traceback" not in result.stderr
