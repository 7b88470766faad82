"""The service the XBlock calls: plain Python functions over a :class:`Scope` (course, block, rules).

Learner actions take the learner's anonymous id; staff actions trust the caller to have checked
staff rights. Every refusal is a :class:`PeerError` with a message for the learner and an HTTP
status; a refused call changes nothing.
"""
from .allocation import (
                    Assignment,
                    Waiting,
                    current_assignment,
                    next_submission,
                    release_expired,
                    waiting,
)
from .calibration import CalibrationState, CriterionFeedback, Feedback, assess_example, calibration_state
from .dry_run import dry_run_scope, end_dry_run, sample_reviews, start_dry_run
from .errors import Busy, PeerError
from .grading import Grade, Received, ReceivedReview, grade_of, received
from .learner import LearnerState, learner_state, required_to_give, waiting_view
from .notices import set_notices
from .retirement import retire_learner
from .reviewing import ReviewerRow, ReviewingGrade, ReviewScore, review_scores, reviewer_table, reviewing_grade
from .reviews import (
                    check_review,
                    flag_review,
                    flag_submission,
                    rate_review,
                    reviews_given,
                    submit_review,
)
from .rules import CriterionRule, ExampleRule, Rules
from .scope import Scope, task_scope_for_content
from .staff import (
                    ProgressRow,
                    Report,
                    assign_reviewer,
                    clear_override,
                    csv_report,
                    detail,
                    moderate_review,
                    moderate_submission,
                    override_grade,
                    progress,
                    reports,
                    set_requirements,
)
from .submissions import Response, response_of, save_draft, submit, withdraw
from .waiting import WaitPolicy, WaitState, submit_self_review, waiting_for_staff

__all__ = [
    "Assignment", "Busy", "CalibrationState", "CriterionFeedback", "CriterionRule", "ExampleRule", "Feedback",
    "Grade", "LearnerState", "PeerError", "ProgressRow", "Received", "ReceivedReview", "Report", "Response",
    "ReviewScore", "ReviewerRow", "ReviewingGrade", "Rules", "Scope", "WaitPolicy", "WaitState", "Waiting",
    "assess_example", "assign_reviewer", "calibration_state", "check_review", "clear_override", "csv_report",
    "current_assignment", "detail", "dry_run_scope", "end_dry_run", "flag_review", "flag_submission",
    "grade_of", "learner_state", "moderate_review", "moderate_submission", "next_submission", "override_grade",
    "progress", "rate_review", "received", "release_expired", "reports", "required_to_give", "response_of",
    "retire_learner", "review_scores", "reviewer_table", "reviewing_grade", "reviews_given", "sample_reviews",
    "save_draft", "set_notices", "set_requirements", "start_dry_run", "submit", "submit_review",
    "submit_self_review", "task_scope_for_content", "waiting", "waiting_for_staff", "waiting_view", "withdraw",
]
