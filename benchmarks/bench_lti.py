"""The LTI tool under 200 simulated learners: gunicorn with 2 workers on PostgreSQL, over loopback.

Each learner launches (OIDC login, a signed id_token from a stand-in platform, the page), reads
the unit again, saves a reflection, submits a peer-review response and, once every response is
in, asks for one to review and reviews it. ``CLIENTS`` learners act at once. The run is bounded:
each phase stops at its deadline and the table says how far it got. Lost writes are counted
from what the tool answers afterwards: every acknowledged reflection must come back with its
exact text, every acknowledged response as submitted, every acknowledged review in the
reviewer's count.

Database: ``PLX_BENCH_LTI_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/plx_xb_lti_bench``), dropped and created; unreachable:
the table says so. The platform's scores endpoint is on the same loopback (AGS posts included).
"""
from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from .table import percentile, print_table

LEARNERS = 200
CLIENTS = 16
PHASE_SECONDS = 240
URL = os.environ.get("PLX_BENCH_LTI_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/plx_xb_lti_bench")
TARGET = "minimal/basics/first-steps"
TEXT = "Reflection on feedback routines in my classroom, written during the benchmark. " * 4


def _recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                         dbname="postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _phase(items, action, deadline: float) -> tuple[list, float, int]:
    """Run *action* over *items* with CLIENTS threads until *deadline*; ``(results, seconds, failures)``."""
    started = time.perf_counter()
    results, failures = [], 0

    def guarded(item):
        if time.monotonic() > deadline:
            return None
        try:
            return action(item)
        except Exception:  # noqa: BLE001 - counted, the run goes on
            return None

    with ThreadPoolExecutor(CLIENTS) as pool:
        for result in pool.map(guarded, items):
            if result is None:
                failures += 1
            else:
                results.append(result)
    return results, time.perf_counter() - started, failures


def run(folder: Path) -> list[list]:
    from plxblocks.lti.testing import FakePlatform, ToolLearner
    from tests.lti.tooling import lti_course, register_platform, running_tool

    _recreate(URL)
    content = lti_course(folder)
    data = folder / "data"
    platform = FakePlatform()
    env = {"PLX_LTI_DATABASE_URL": URL}
    os.environ["PLX_LTI_DATABASE_URL"] = URL  # for the register command too
    rows = []
    with running_tool(data, content, env=env, workers=2) as tool:
        platform.tool_jwks_url = tool + "/lti/jwks"
        register_platform(data, content, platform.registration)
        context = "bench-" + uuid.uuid4().hex[:6]
        subs = [f"b{i:03d}" for i in range(LEARNERS)]

        def launch(sub):
            started = time.perf_counter()
            me = ToolLearner(tool, platform, sub, TARGET, context=context)
            return me, time.perf_counter() - started

        launched, seconds, failed = _phase(subs, launch, time.monotonic() + PHASE_SECONDS)
        learners = [me for me, _t in launched]
        rows.append(["launch (login, token, page)", len(launched), failed, f"{len(launched) / seconds:.1f}",
                     f"{percentile([t for _m, t in launched], 50) * 1000:.0f}",
                     f"{percentile([t for _m, t in launched], 95) * 1000:.0f}"])

        def timed(call):
            def step(me):
                started = time.perf_counter()
                ok = call(me)
                return (me, time.perf_counter() - started) if ok else None
            return step

        for label, call in (
                ("read the unit", lambda me: bool(me.read())),
                ("save a reflection", lambda me: me.call("reflection", "save_entry",
                                                         {"text": TEXT + me.sub, "standards": ["pedagogy"]}).ok),
                ("submit a response", lambda me: me.call("peer_review", "peer_submit", {
                    "text": (TEXT + " Proposal of " + me.sub) * 2, "confirm": True}).ok),
                ("get and submit a review", _review)):
            done, seconds, failed = _phase(learners, timed(call), time.monotonic() + PHASE_SECONDS)
            times = [t for _m, t in done]
            rows.append([label, len(done), failed, f"{len(done) / seconds:.1f}" if seconds else "-",
                         f"{percentile(times, 50) * 1000:.0f}" if times else "-",
                         f"{percentile(times, 95) * 1000:.0f}" if times else "-"])
            if label == "save a reflection":
                saved = {me.sub for me, _t in done}
            if label == "submit a response":
                submitted = {me.sub for me, _t in done}
            if label == "get and submit a review":
                reviewed = {me.sub for me, _t in done}
        lost = _lost(learners, saved, submitted, reviewed)
    platform.close()
    return rows, lost, len(platform.scores)


def _review(me) -> bool:
    import re

    view = me.call("peer_review", "peer_next").json()["html"]
    token = re.search(r'data-plx-token="([^"]+)"', view)
    return bool(token) and me.call("peer_review", "peer_review", {"token": token.group(1),
                                                                  "levels": {"impact": 2}}).ok


def _lost(learners, saved: set, submitted: set, reviewed: set) -> int:
    """Acknowledged writes the tool does not give back (checked one learner at a time)."""
    lost = 0
    for me in learners:
        journal = me.call("reflection", "load_state").json()
        if me.sub in saved and journal.get("text") != TEXT + me.sub:
            lost += 1
        peer = me.call("peer_review", "load_state").json()
        if me.sub in submitted and (peer.get("response") or {}).get("status") != "submitted":
            lost += 1
        if me.sub in reviewed and peer.get("given", 0) < 1:
            lost += 1
    return lost


def main() -> None:
    parts = urlsplit(URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 5432), timeout=2).close()
    except OSError as error:
        print_table("LTI tool under load", ["step"], [[f"PostgreSQL at {parts.netloc} unreachable: {error}"]])
        return
    folder = Path(tempfile.mkdtemp(prefix="plx-bench-lti-"))
    try:
        started = time.perf_counter()
        rows, lost, scores = run(folder)
        total = time.perf_counter() - started
    finally:
        if os.environ.get("PLX_BENCH_KEEP"):
            print(f"(kept {folder})")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print_table(f"LTI tool under load: {LEARNERS} learners, {CLIENTS} at once, gunicorn 2 workers, PostgreSQL",
                ["step", "done", "failed", "per second", "p50 ms", "p95 ms"], rows,
                [f"Lost writes (acknowledged but not given back): {lost}. Scores posted to the platform: "
                 f"{scores}. Whole run {total:.0f} s (each step bounded to {PHASE_SECONDS} s).",
                 "New connection per learner session (requests.Session, keep-alive within it); the stand-in "
                 "platform (tokens, AGS) runs in the benchmark process on the same loopback."])


if __name__ == "__main__":
    main()
