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
from .errors import Busy, PeerError
from .grading import Grade, Received, ReceivedReview, grade_of, received
from .learner import LearnerState, learner_state, required_to_give, waiting_view
from .notices import set_notices
from .retirement import retire_learner
from .reviews import (
                    check_review,
                    flag_review,
                    flag_submission,
                    rate_review,
                    reviews_given,
                    submit_review,
)
from .rules import CriterionRule, Rules
from .scope import Scope
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
    "Assignment", "Busy", "CriterionRule", "Grade", "LearnerState", "PeerError", "ProgressRow", "Received",
    "ReceivedReview", "Report", "Response", "Rules", "Scope", "Waiting", "assign_reviewer", "check_review",
    "clear_override", "csv_report", "current_assignment", "detail", "flag_review", "flag_submission",
    "grade_of", "learner_state", "moderate_review", "moderate_submission", "next_submission",
    "override_grade", "progress", "rate_review", "received", "release_expired", "reports", "required_to_give",
    "response_of", "retire_learner", "reviews_given", "save_draft", "set_requirements", "submit",
    "submit_review", "waiting", "withdraw", "WaitPolicy", "WaitState", "submit_self_review", "set_notices",
    "waiting_for_staff", "waiting_view",
]
