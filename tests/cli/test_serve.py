"""`plx serve` starts the workbench with the given courses and stops it when it is stopped."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

from plxblocks.workbench.testing import free_port


def test_serve_starts_the_workbench_and_stops_with_it(minimal_course, tmp_path):
    port = free_port()
    plx = [sys.executable, "-m", "plxblocks.cli", "serve", str(minimal_course), "--data", str(tmp_path / "data"),
           "--port", str(port)]
    process = subprocess.Popen(plx, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, page = time.monotonic() + 60, ""
        while time.monotonic() < deadline and not page:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
            except OSError:
                time.sleep(0.3)
        assert "/scenario/plx_lesson.0/" in page and "A minimal course" in page
        assert (tmp_path / "data" / "var" / "workbench.db").is_file()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
    time.sleep(0.5)
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
        raise AssertionError("the workbench is still running after plx serve stopped")
    except OSError:
        pass


def test_serve_refuses_invalid_content(minimal_course, tmp_path):
    (minimal_course / "course.yaml").write_text("id: minimal\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "plxblocks.cli", "serve", str(minimal_course), "--data",
                             str(tmp_path / "data")], check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "nothing was built" in result.stderr and "Traceback" not in result.stderr
