"""Calibration, reviewing grades and dry runs under concurrent workers, on each database: one
learner's simultaneous attempts become distinct attempts (or a clean refusal), a crowd that had to
calibrate first reviews with nothing over quota and no errors, and staff dry runs running beside
real reviewing never cross into the real task."""
import threading
from dataclasses import replace

from django.db import connections

from benchmarks.peer_crowd import audit, run_crowd
from plxblocks.peer import api
from plxblocks.peer.models import CalibrationAttempt, Submission, Task

from .helpers import RULES, TEXT

EXAMPLES = (api.ExampleRule("ex-a", {"evidence": 2, "impact": 4}), api.ExampleRule("ex-b", {"evidence": 0, "impact": 0}))
STRICT = replace(RULES, examples=EXAMPLES, calibration_examples=1, agreement_tolerance=0, reviewer_points=10,
                 reviews_to_give=3, reviews_to_receive=3)
FAR = {"evidence": 0, "impact": 0}


def _scope(alias, item="calibrated"):
    return api.Scope("course-v1:PLX+FW1+2026", item, STRICT, using=alias)


def _at_once(count, action):
    """Run *action(n)* in *count* threads released together; returns (results, errors)."""
    barrier, results, errors = threading.Barrier(count), [], []

    def run(n):
        barrier.wait()
        try:
            results.append(action(n))
        except api.PeerError as error:
            errors.append(error.code)
        except Exception as error:  # noqa: BLE001 - the test reports anything else as a failure
            errors.append(repr(error))
        finally:
            connections.close_all()  # this thread's own connections (the test database is dropped later)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_simultaneous_attempts_of_one_learner(db):
    setup = _scope(db)
    api.submit(setup, "ann", TEXT)
    results, errors = _at_once(8, lambda n: api.assess_example(_scope(db), "ann", "ex-a", FAR))
    assert errors == [] and sorted(r.attempt for r in results) == list(range(1, 9))  # all tries, each once
    results, errors = _at_once(6, lambda n: api.assess_example(_scope(db), "ann", "ex-a", dict(EXAMPLES[0].levels)))
    assert len(results) + len(errors) == 6 and {r.passed for r in results} == {True}
    assert set(errors) <= {"not_current_example"}
    rows = CalibrationAttempt.objects.using(db).filter(learner="ann", passed=True)
    assert rows.count() == len(results) >= 1 and api.calibration_state(setup, "ann").complete


def test_a_crowd_that_calibrated_first_reviews_within_quota(db):
    setup = _scope(db)
    learners = [f"l{n:02d}" for n in range(24)]
    for learner in learners:
        api.submit(setup, learner, f"{TEXT} {learner}")
    _results, errors = _at_once(len(learners), lambda n: api.assess_example(
        _scope(db), learners[n], "ex-a", dict(EXAMPLES[0].levels)))
    assert errors == []
    result = run_crowd(lambda: _scope(db), learners, 12, STRICT.reviews_to_give, {"evidence": 2, "impact": 4})
    assert result.errors == [] and result.reviews == len(learners) * STRICT.reviews_to_give
    found = audit(setup, STRICT.reviews_to_receive)
    assert (found.duplicate_allocations, found.self_reviews, found.counters_wrong) == (0, 0, 0)
    assert found.over_quota == found.below_quota <= 2
    grades = [api.reviewing_grade(setup, learner, STRICT.reviews_to_give) for learner in learners]
    assert all(g.final and g.points == 10 for g in grades)  # everyone gave the same levels: full agreement


def test_dry_runs_beside_real_reviewing_never_cross(db):
    setup = _scope(db, "shared")
    learners = [f"r{n:02d}" for n in range(9)]
    for learner in learners:
        api.submit(setup, learner, f"{TEXT} {learner}")
        api.assess_example(setup, learner, "ex-a", dict(EXAMPLES[0].levels))
    samples = {e.id: f"{TEXT} sample {e.id}" for e in EXAMPLES}

    def act(n):
        scope = _scope(db, "shared")
        if n < 3:  # three members of staff start dry runs, submit and review a sample
            dry = api.start_dry_run(scope, f"staff-{n}", samples)
            api.submit(dry, f"staff-{n}", TEXT)
            api.assess_example(dry, f"staff-{n}", "ex-a", dict(EXAMPLES[0].levels))
            given = api.next_submission(dry, f"staff-{n}")
            api.submit_review(dry, f"staff-{n}", given.token, FAR)
            return given.html
        given = api.next_submission(scope, learners[n - 3])
        api.submit_review(scope, learners[n - 3], given.token, {"evidence": 2, "impact": 4})
        return given.html

    results, errors = _at_once(3 + len(learners), act)
    assert errors == []
    assert sum("sample" in html for html in results) == 3  # staff got samples, learners never did
    real = Submission.objects.using(db).filter(task_id=setup.task_id())
    assert sorted(real.values_list("learner", flat=True)) == learners
    assert sum(real.values_list("reviews_done", flat=True)) == len(learners)
    assert Task.objects.using(db).filter(dry_run=True).count() == 3
    assert audit(setup, STRICT.reviews_to_receive).counters_wrong == 0
