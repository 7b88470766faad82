"""Account retirement removes or anonymises one learner's data and leaves others' grades alone."""
from django.core.management import call_command

from plxblocks.peer import api, models

from .helpers import assert_counters, review, scope, submitted


def _every_value(alias):
    """Every stored value of every peer table, as text."""
    values = []
    for model in (models.Task, models.Submission, models.Allocation, models.Review, models.Score, models.Rating,
                  models.Flag, models.StaffGrade, models.CalibrationAttempt, models.SelfReview, models.NoticeLearner,
                  models.SentNotice):
        for row in model.objects.using(alias).values():
            values.extend(str(v) for v in row.values())
    return values


def _setup(alias):
    s = scope(alias)
    submitted(s, "ann", "bob", "cat")
    review(s, "bob", comments={"evidence": "bob-was-here"}, overall="bob says hi")  # bob reviews ann's
    review(s, "ann", overall="ann says hi")  # ann reviews bob's
    review(s, "ann")  # ann reviews cat's
    review(s, "cat")
    held = api.next_submission(s, "bob")  # bob holds a review in progress
    api.flag_submission(s, "cat", api.next_submission(s, "cat").token, "cat thinks this is spam")
    api.rate_review(s, "ann", api.learner_state(s, "ann").received.reviews[0].token, True)
    # bob's mail choices and a notice sent to him; a self-review of his (made directly: this
    # task's rules have no waiting policy to ask for one)
    api.learner_state(s, "bob", lang="cy")
    api.set_notices(s, "bob", False)
    models.SentNotice.objects.using(alias).create(task_id=s.task_id(), recipient="bob", kind="grade_ready", key="0",
                                                  claimed_at=s.now())
    models.SelfReview.objects.using(alias).create(
        submission=models.Submission.objects.using(alias).get(learner="bob"), scores={"evidence": 1, "impact": 2},
        points=3, comment="bob would do it differently", created=s.now())
    return s, held


def test_retiring_a_learner_removes_their_text_and_ids(db):
    s, _held = _setup(db)
    grades_before = {r.learner: r.grade.points for r in api.progress(s) if r.learner != "bob"}
    counts = api.retire_learner(["bob"], using=db)
    assert counts == {"submissions": 1, "reviews": 1, "reviews_in_progress": 1, "reports": 0, "ratings": 0,
                      "calibration_attempts": 0, "dry_runs": 0, "mail_choices": 1}
    stored = _every_value(db)
    assert not [v for v in stored if "bob" in v.lower()], [v for v in stored if "bob" in v.lower()]
    assert models.SelfReview.objects.using(db).get().points == 3  # the levels (a grade) stay
    assert models.SentNotice.objects.using(db).get().recipient.startswith("retired:")
    rows = {r.learner: r for r in api.progress(s)}
    assert {k: v.grade.points for k, v in rows.items() if k in grades_before} == grades_before  # others unchanged
    retired = [r for k, r in rows.items() if k.startswith("retired:")]
    assert len(retired) == 1 and retired[0].status == "withdrawn" and retired[0].words == 0
    assert api.reviews_given(s, "ann") == 2  # ann keeps credit for reviewing bob's work
    assert_counters(db)


def test_retiring_removes_ratings_reports_and_comments_they_wrote(db):
    _setup(db)
    counts = api.retire_learner(["ann", "cat"], using=db)
    assert counts["ratings"] == 1 and counts["reports"] == 1
    assert not models.Rating.objects.using(db).exists()
    assert not [v for v in _every_value(db) if "ann says" in v or "spam" in v]
    assert api.retire_learner(["ann", "cat"], using=db) == {
        "submissions": 0, "reviews": 0, "reviews_in_progress": 0, "reports": 0, "ratings": 0,
        "calibration_attempts": 0, "dry_runs": 0, "mail_choices": 0}
    assert api.retire_learner([], using=db) == {}
    assert_counters(db)


def test_retirement_command(db, capsys):
    s, _held = _setup(db)
    call_command("plx_peer_retire", "cat", "--database", db)
    assert "submissions: 1" in capsys.readouterr().out
    assert not models.Submission.objects.using(db).filter(learner="cat").exists()
    assert isinstance(api.next_submission(s, "ann"), (api.Assignment, api.Waiting))  # others carry on
