"""The rules of one task, taken from the content model: what the service checks input against.

The service never reads content files: the XBlock builds :class:`Rules` from the course model's
``PeerReview`` block (``Rules.from_block``) and passes it with every call.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from ..course.model import AGGREGATES, OVERALL_COMMENTS
from .waiting import WaitPolicy

if TYPE_CHECKING:  # pragma: no cover - typing only
    from plxblocks.course.model import PeerReview

DEFAULT_LEASE = timedelta(minutes=30)
DEFAULT_MAX_REPORTS = 3
DEFAULT_REPORTS_TO_HIDE = 3


@dataclass(frozen=True)
class CriterionRule:
    """A rubric criterion as the service sees it: its id and the points of its levels."""

    id: str
    levels: tuple[int, ...]
    """Points of each level, lowest first; a review must choose one of these (or, for a band, a
    point inside it)."""
    tops: tuple[int, ...] = ()
    """Range scoring: the top of each level's band, in the order of :attr:`levels`; empty when
    every level gives exactly its points."""

    def __post_init__(self) -> None:
        if self.tops and len(self.tops) != len(self.levels):
            raise ValueError(f"criterion {self.id}: one band top per level")

    @property
    def bands(self) -> tuple[tuple[int, int], ...]:
        """``(lowest, highest)`` points of each level."""
        return tuple(zip(self.levels, self.tops or self.levels, strict=True))

    @property
    def max_points(self) -> int:
        return max((top for _low, top in self.bands), default=0)

    def level_index(self, points: float) -> int | None:
        """Which level (0 = lowest) *points* belong to, or ``None`` if no level gives them."""
        return next((i for i, (low, top) in enumerate(self.bands) if low <= points <= top), None)

    def accepts(self, points: int) -> bool:
        return self.level_index(points) is not None


@dataclass(frozen=True)
class ExampleRule:
    """An example response as the service sees it: its id and the expert's points per criterion."""

    id: str
    levels: dict[str, int]
    """``{criterion id: points}`` the expert gave."""

    def __hash__(self) -> int:  # frozen with a dict field: hash by id (ids are unique in a task)
        return hash(self.id)


@dataclass(frozen=True)
class Rules:
    """Limits and quotas for one task. Defaults match the content model's, but for
    :attr:`overall_comment` (see there)."""

    criteria: tuple[CriterionRule, ...]
    reviews_to_give: int = 3
    reviews_to_receive: int = 3
    min_words: int = 0
    max_words: int = 1000
    lease: timedelta = DEFAULT_LEASE
    """How long a reviewer holds a submission before it is released to others."""
    max_text_chars: int = 60_000
    """Hard cap on a response's characters, drafts included (about 10,000 words)."""
    max_comment_chars: int = 5_000
    """Cap on each per-criterion comment."""
    max_overall_chars: int = 10_000
    """Cap on a review's overall comment, a flag reason and a staff comment."""
    aggregate: str = "median"
    """How the reviews of a submission make its points per criterion: ``median`` or ``mean``."""
    overall_comment: str = "optional"
    """A review's overall comment: ``required``, ``optional`` or ``none`` (none is accepted). The
    content model's default is ``required``; :meth:`from_block` always passes the task's own
    setting, so this default only serves rules built by hand (the engine's tests, callers that
    predate the setting), which were written when every comment was optional."""
    examples: tuple[ExampleRule, ...] = ()
    """The task's example responses (calibration, and the sample colleagues of a staff dry run)."""
    calibration_examples: int = 0
    """How many of :attr:`examples` (the first ones) a learner assesses before their first review."""
    agreement_tolerance: int | None = None
    """``None``: one try per example. A number: the learner tries an example again until every
    criterion is within this many levels of the expert's."""
    reviewer_points: int | None = None
    """What the reviewing grade is worth (0: shown, not counted); ``None``: reviews are not graded."""
    helpfulness_share: int = 0
    """Percentage of each review's score that comes from the author's "helpful" rating."""
    max_reports: int = DEFAULT_MAX_REPORTS
    """Reports one learner may make in a task (responses and reviews together): one learner
    cannot report every colleague they are given (Django setting ``PLX_PEER_MAX_REPORTS``)."""
    reports_to_hide: int = DEFAULT_REPORTS_TO_HIDE
    """Learners who must report a response before it is hidden without waiting for staff; until
    then it stays in the review queue (``PLX_PEER_REPORTS_TO_HIDE``; 1: the first report hides it)."""
    waiting: WaitPolicy | None = None
    """What completes a submission short of reviews after a while (``None``: it waits for staff)."""

    def __post_init__(self) -> None:
        ids = [c.id for c in self.criteria]
        if not ids or len(set(ids)) != len(ids) or any(not c.levels for c in self.criteria):
            raise ValueError(f"a rubric needs distinct criteria, each with levels: {ids}")
        if self.reviews_to_give < 0 or self.reviews_to_receive < 1:
            raise ValueError("reviews_to_give must be >= 0 and reviews_to_receive >= 1")
        if self.aggregate not in AGGREGATES:
            raise ValueError(f"aggregate must be one of {', '.join(AGGREGATES)}, got {self.aggregate!r}")
        if self.overall_comment not in OVERALL_COMMENTS:
            raise ValueError(f"overall_comment must be one of {', '.join(OVERALL_COMMENTS)}, "
                             f"got {self.overall_comment!r}")
        if not 0 <= self.calibration_examples <= len(self.examples):
            raise ValueError("calibration_examples must be between 0 and the number of examples")
        if self.max_reports < 1 or self.reports_to_hide < 1:
            raise ValueError("max_reports and reports_to_hide must be >= 1")

    @property
    def max_points(self) -> int:
        return sum(c.max_points for c in self.criteria)

    def criterion(self, criterion_id: str) -> CriterionRule | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def example(self, example_id: object) -> ExampleRule | None:
        return next((e for e in self.examples if e.id == example_id), None)

    @property
    def calibration(self) -> tuple[ExampleRule, ...]:
        """The examples a learner assesses before their first real review, in order."""
        return self.examples[:self.calibration_examples]

    @classmethod
    def from_block(cls, block: PeerReview, lease: timedelta = DEFAULT_LEASE) -> Rules:
        """The rules of a content-model ``PeerReview`` block, with the operator's report settings."""
        banded = any(lvl.up_to is not None for c in block.rubric for lvl in c.levels)
        grade = block.reviewer_grade
        criteria = tuple(CriterionRule(c.id, tuple(lvl.points for lvl in c.levels),
                                       tuple(lvl.top for lvl in c.levels) if banded else ())
                         for c in block.rubric)
        # An example that does not fit the rubric (a Studio edit the loader never saw) is left out
        # rather than failing every request of the task; the practice keeps to the ones that fit.
        examples = tuple(ExampleRule(e.id, {x.criterion: x.points for x in e.levels}) for e in block.examples)
        examples = tuple(e for e in examples if all(c.id in e.levels and c.accepts(e.levels[c.id]) for c in criteria))
        practice = [e.id for e in block.calibration_examples]
        return cls(
            criteria=criteria,
            reviews_to_give=block.reviews_to_give,
            reviews_to_receive=block.reviews_to_receive,
            min_words=block.min_words,
            max_words=block.max_words,
            lease=lease,
            aggregate=block.aggregate,
            overall_comment=block.overall_comment,
            examples=examples,
            calibration_examples=sum(1 for e in examples[:len(practice)] if e.id in practice),
            agreement_tolerance=block.calibration.require_agreement,
            reviewer_points=grade.points if grade else None,
            helpfulness_share=grade.helpfulness if grade else 0,
            **report_settings(),
            waiting=WaitPolicy.from_model(getattr(block, "waiting", None)),
        )


def report_settings() -> dict[str, int]:
    """``max_reports`` and ``reports_to_hide`` from the Django settings (docs/operators.md); the
    system check ``plx.E002`` refuses values that are not whole numbers of at least 1."""
    from django.conf import settings

    return {"max_reports": getattr(settings, "PLX_PEER_MAX_REPORTS", DEFAULT_MAX_REPORTS),
            "reports_to_hide": getattr(settings, "PLX_PEER_REPORTS_TO_HIDE", DEFAULT_REPORTS_TO_HIDE)}


def check_report_settings(app_configs=None, **kwargs) -> list:
    """System check: the report settings are whole numbers of at least 1 (``plx.E002``)."""
    from django.core import checks

    return [checks.Error(f"{name} must be a whole number of at least 1, got {value!r}",
                         hint="see docs/operators.md, \"Reports\"", id="plx.E002")
            for name, value in (("PLX_PEER_MAX_REPORTS", report_settings()["max_reports"]),
                                ("PLX_PEER_REPORTS_TO_HIDE", report_settings()["reports_to_hide"]))
            if type(value) is not int or value < 1]
