"""A staff dry run writes only under its own task row (``Task.dry_run``), never under the real task:
the real task's rows, progress, report and grades are identical before and after a whole dry run."""
from dataclasses import replace

from plxblocks.peer import api
from plxblocks.peer.models import Allocation, CalibrationAttempt, Review, Submission, Task

from .helpers import RULES, TEXT, review, scope, submitted

EXAMPLES = (api.ExampleRule("ex-a", {"evidence": 2, "impact": 4}), api.ExampleRule("ex-b", {"evidence": 0, "impact": 0}),
            api.ExampleRule("ex-c", {"evidence": 1, "impact": 2}))
RULES_X = replace(RULES, examples=EXAMPLES, calibration_examples=1, reviews_to_give=3, reviews_to_receive=3,
                  reviewer_points=10)
SAMPLES = {e.id: f"{TEXT} Example {e.id}." for e in EXAMPLES}


def _real_rows(alias, task_id):
    """Every row that belongs to the real task, as values."""
    rows = []
    for model, key in ((Submission, "task_id"), (Allocation, "task_id"), (Review, "task_id"),
                       (CalibrationAttempt, "task_id")):
        rows.append(list(model.objects.using(alias).filter(**{key: task_id}).order_by("pk").values()))
    rows.append(list(Task.objects.using(alias).filter(pk=task_id).values()))
    return rows


def test_a_whole_dry_run_leaves_the_real_task_untouched(db):
    real = scope(db, rules=RULES_X)
    submitted(real, "ann", "bob", "cat", "dan")
    for name in ("ann", "bob"):
        api.assess_example(real, name, "ex-a", EXAMPLES[0].levels)
        review(real, name)
    before = (_real_rows(db, real.task_id()), api.csv_report(real), [r.grade for r in api.progress(real)],
              api.reviewer_table(real))

    dry = api.start_dry_run(real, "staff-1", SAMPLES)
    assert dry.dry_run and dry.item_id != real.item_id and dry.task_id() != real.task_id()
    api.submit(dry, "staff-1", TEXT)
    assert api.sample_reviews(dry, "staff-1", "A made-up review.") == 3
    assert api.sample_reviews(dry, "staff-1", "again") == 0  # once
    feedback = api.assess_example(dry, "staff-1", "ex-a", {"evidence": 3, "impact": 4})
    assert feedback.passed
    seen = []
    for _ in range(3):
        given = api.next_submission(dry, "staff-1")
        assert isinstance(given, api.Assignment)
        seen.append(given.html)
        api.submit_review(dry, "staff-1", given.token, {"evidence": 2, "impact": 4})
    assert [f"Example {e.id}" in html for e, html in zip(EXAMPLES, seen, strict=True)] == [True] * 3  # in order
    state = api.learner_state(dry, "staff-1")
    assert state.complete and state.grade.final and len(state.received.reviews) == 3
    assert {r.overall for r in state.received.reviews} == {"A made-up review."}
    grade = api.reviewing_grade(dry, "staff-1", required=3)
    assert (grade.final, grade.points) == (True, 5)  # vs the expert: 1, then 0 (two levels off), then 0.5

    # Nothing of it reached the real task: rows, report, grades, reviewers.
    assert (_real_rows(db, real.task_id()), api.csv_report(real), [r.grade for r in api.progress(real)],
            api.reviewer_table(real)) == before
    assert "staff-1" not in api.csv_report(real) and "sample:" not in api.csv_report(real)
    # A real learner is never given a sample response or the staff member's dry-run response.
    api.assess_example(real, "cat", "ex-a", EXAMPLES[0].levels)
    given = api.next_submission(real, "cat")
    assert isinstance(given, api.Assignment) and "Example" not in given.html
    assert Task.objects.using(db).get(pk=dry.task_id()).dry_run is True

    api.end_dry_run(real, "staff-1")
    assert not Task.objects.using(db).filter(dry_run=True).exists()
    assert not Submission.objects.using(db).filter(learner__startswith="sample:").exists()
    assert [r["learner"] for r in _real_rows(db, real.task_id())[0]] == ["ann", "bob", "cat", "dan"]  # still there


def test_starting_again_gives_a_fresh_dry_run_and_each_staff_member_has_their_own(db):
    real = scope(db, rules=RULES_X)
    dry = api.start_dry_run(real, "staff-1", SAMPLES)
    api.submit(dry, "staff-1", TEXT)
    other = api.start_dry_run(real, "staff-2", SAMPLES)
    assert other.task_id() != dry.task_id()
    again = api.start_dry_run(real, "staff-1", {"ex-b": SAMPLES["ex-b"]})
    assert api.response_of(again, "staff-1") is None  # the earlier dry run is gone
    samples = Submission.objects.using(db).filter(task_id=again.task_id()).values_list("learner", flat=True)
    assert list(samples) == ["sample:ex-b"]
    task = Task.objects.using(db).get(pk=again.task_id())
    assert (task.give_override, task.receive_override) == (1, 1)  # quotas the samples can meet
    assert Submission.objects.using(db).filter(task_id=other.task_id()).count() == 3


def test_the_reviewing_part_finds_the_real_task_never_a_dry_run(db):
    real = replace(scope(db, rules=RULES_X), content_uid="abc123")
    api.start_dry_run(real, "staff-1", SAMPLES)
    assert api.task_scope_for_content(real.course_id, "abc123", RULES_X, using=db) is None  # nobody opened it
    submitted(real, "ann")
    found = api.task_scope_for_content(real.course_id, "abc123", RULES_X, using=db)
    assert found is not None and found.task_id() == real.task_id() and found.item_id == real.item_id
    assert api.task_scope_for_content(real.course_id, "", RULES_X, using=db) is None


def test_retiring_a_staff_member_deletes_their_dry_runs(db):
    real = scope(db, rules=RULES_X)
    submitted(real, "ann")
    dry = api.start_dry_run(real, "staff-1", SAMPLES)
    api.submit(dry, "staff-1", TEXT)
    api.assess_example(dry, "staff-1", "ex-a", EXAMPLES[0].levels)
    counts = api.retire_learner(["staff-1"], using=db)
    assert counts["dry_runs"] == 1
    assert not Task.objects.using(db).filter(dry_run=True).exists()
    assert Submission.objects.using(db).filter(learner="ann").exists()
