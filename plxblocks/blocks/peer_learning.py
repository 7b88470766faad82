"""What both runtimes (the XBlock and the LTI tool) show of calibration, the reviewing grade and
the staff dry run: the parts of ``PeerState`` and of the staff panel that teach reviewing.

One module, so the two runtimes cannot drift apart; each calls :func:`learning_state` while it
builds ``PeerState`` and :func:`reviewer_rows` while it builds the staff panel, and the one
template draws them. Nothing here reveals an expert's level or reason before the learner has
assessed the example (the state is in the page's source), or any learner id.
"""
from __future__ import annotations

from collections.abc import Callable

from ..course.model import Example, PeerReview
from ..i18n import _, translate


def _api():
    """The peer engine, imported when first used: a runtime without its Django app still loads the blocks."""
    from ..peer import api

    return api


SAMPLE_REVIEW_COMMENT = _("This is a sample review for the dry run: its levels are the expert's for one of "
                          "the example responses, not a judgement of what you wrote.")


def calibration_state(scope, learner: str, block: PeerReview, lang: str, submitted: bool) -> dict | None:
    """``PeerState.calibration``: the example to assess now and the feedback on the last attempt."""
    if not block.calibration_examples:
        return None
    mine = _api().calibration_state(scope, learner)
    examples = {e.id: (number, e) for number, e in enumerate(block.examples, start=1)}
    state = {"required": mine.required, "done": mine.done, "complete": mine.complete,
             "tolerance": block.calibration.require_agreement, "example": None, "feedback": None}
    if submitted and mine.current in examples:
        number, example = examples[mine.current]
        state["example"] = {"id": example.id, "number": number, "html": example.response.get(lang),
                            "attempt": mine.attempts + 1, "previous": mine.previous}
    if mine.feedback is not None and mine.feedback.example in examples:
        number, example = examples[mine.feedback.example]
        state["feedback"] = _feedback(mine.feedback, number, example, lang)
    return state


def _feedback(feedback, number: int, example: Example, lang: str) -> dict:
    rows = []
    for row in feedback.criteria:
        expert = example.expert(row.criterion)
        rows.append({"id": row.criterion, "chosen": row.chosen, "expert": row.expert, "verdict": row.verdict,
                     "reason": expert.reason.get(lang) if expert else ""})
    return {"example": feedback.example, "number": number, "attempt": feedback.attempt, "passed": feedback.passed,
            "retry": feedback.retry, "criteria": rows}


def reviewing_state(scope, learner: str, block: PeerReview, given: int, required: int,
                    counts_as: dict | None) -> dict | None:
    """``PeerState.reviewing``: the learner's reviewing grade, once they have given a review."""
    if block.reviewer_grade is None or not given:
        return None
    grade = _api().reviewing_grade(scope, learner, required)
    return {"points": grade.points, "max_points": grade.max_points, "percent": grade.percent,
            "scored": grade.scored, "pending": grade.pending, "given": grade.given, "required": required,
            "final": grade.final, "counted": grade.max_points > 0, "helpfulness": block.reviewer_grade.helpfulness,
            "counts_as": counts_as if grade.max_points else None}


def counts_as(label: str, weight: int | None) -> dict | None:
    """How the course counts the reviewing grade (its assignment type's name and weight), if it does."""
    return {"label": label, "weight": weight} if label and weight else None


def dry_run_state(staff: bool, active: bool, block: PeerReview) -> dict | None:
    """``PeerState.dry_run``: for staff only."""
    if not staff:
        return None
    return {"active": active, "samples": len(block.examples)}


def learning_state(scope, learner: str, block: PeerReview, lang: str, *, submitted: bool, given: int,
                   required_to_give: int, staff: bool, dry_run: bool, counted: dict | None,
                   draft_key: str = "") -> dict:
    """The calibration, reviewing and dry-run parts of ``PeerState`` (docs/architecture.md)."""
    return {**({"draft_key": dry_run_draft_key(draft_key)} if dry_run and draft_key else {}),
            # staff reviewing without a response of their own skip the practice (the engine lets them);
            # staff who submitted one review as learners do, so they practise like learners
            "calibration": calibration_state(scope, learner, block, lang, submitted)
            if not staff or dry_run or submitted else None,
            "reviewing": reviewing_state(scope, learner, block, given, required_to_give, counted),
            "dry_run": dry_run_state(staff, dry_run, block)}


def dry_run_draft_key(draft_key: str) -> str:
    """The browser draft's name in a dry run: not the real task's, so a dry-run draft never turns up
    in the staff member's real response box after they leave."""
    import hashlib

    return hashlib.sha256(f"{draft_key}|dry-run".encode()).hexdigest()[:24]


def samples(block: PeerReview, lang: str) -> dict[str, str]:
    """The example responses as a dry run's sample colleagues wrote them, in *lang*."""
    return {e.id: e.response.source.get(lang) for e in block.examples}


def sample_comment(lang: str) -> str:
    return translate(lang, SAMPLE_REVIEW_COMMENT)


def reviewer_rows(scope, block: PeerReview, lang: str, name_of: Callable[[str], str]) -> list[dict]:
    """The staff panel's reviewers table: each learner who reviewed, their agreement, and why staff
    may want to look (far from the others; the same levels for everyone)."""
    if block.reviewer_grade is None:
        return []
    rows = []
    api = _api()
    required = api.required_to_give(scope)  # staff may have lowered it after the due date
    scores = api.review_scores(scope)
    for row in api.reviewer_table(scope, scores):
        grade = api.reviewing_grade(scope, row.reviewer, required, scores)
        same = None
        if row.same_levels is not None:
            same = [c.levels[i].label.get(lang) for c, i in zip(block.rubric, row.same_levels, strict=True)]
        rows.append({"name": name_of(row.reviewer), "reviews": row.reviews, "scored": row.scored,
                     "agreement": None if row.agreement is None else round(row.agreement * 100),
                     "points": grade.points, "max_points": grade.max_points, "far": row.far, "same": same,
                     "outlier": row.outlier})
    return sorted(rows, key=lambda r: (not r["outlier"], r["name"]))
