"""The parts of a peer-review task that teach reviewing: example responses with the expert's
levels, calibration, the grading rule and the reviewing grade (``docs/content-format.md``).

Every problem is reported at its line, and reading goes on with a usable value, as elsewhere in
the loader. An example is checked as a learner's response would be (the task's word limits, in
both languages) because learners calibrate on it and staff meet it as a sample colleague.
"""
from __future__ import annotations

import itertools

from .diagnostics import did_you_mean
from .fields import Fields, FileContext, describe
from .model import (
    AGGREGATES,
    LANGUAGE_NAMES_EN,
    LANGUAGES,
    OVERALL_COMMENTS,
    Calibration,
    Criterion,
    Example,
    ExpertLevel,
    Level,
    ReviewerGrade,
    Text,
)
from .yamlfile import Pos, YamlMap

MAX_EXAMPLES = 3
"""Learners assess at most this many examples before their first real review (issue 17)."""
MAX_REASON_WORDS = 80
"""The expert's reason is a sentence or two; a longer one belongs in the brief."""
MAX_HELPFULNESS = 50
"""At most half of a review's score may come from the author's rating: agreement stays the core."""


def response_words(text: str) -> int:
    """Words as the peer engine counts a learner's response (runs of non-space characters), so
    an example is held to exactly the limit a learner's response is."""
    return len(text.split())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _words(n: int) -> str:
    return _count(n, "word")


def read_bands(ctx: FileContext, levels: list[Level], pos_of: list[Pos], what: str) -> None:
    """Report range-scoring bands (``up_to``) that overlap the next level (levels sorted by points)."""
    ordered = sorted(zip(levels, pos_of, strict=True), key=lambda pair: pair[0].points)
    for (level, pos), (after, _after_pos) in itertools.pairwise(ordered):
        if level.top >= after.points:
            ctx.error(pos, f"level '{level.label.en}' of {what} runs from {level.points} to {level.top}, "
                           f"into level '{after.label.en}', which starts at {after.points}: bands must not overlap")


def read_up_to(level: Fields, points: int) -> int | None:
    """A level's ``up_to`` (the top of its band), or ``None`` for a single-point level."""
    if "up_to" not in level:
        return None
    top = level.integer("up_to", points, minimum=0, maximum=100)
    if top <= points:
        level.ctx.error(level.where("up_to"), f"'up_to' in {level.what}: expected more than its points "
                                              f"({points}), got {top}")
        return None
    return top


def read_aggregate(fields: Fields) -> str:
    return fields.choice("aggregate", AGGREGATES, AGGREGATES[0])


def read_overall_comment(fields: Fields) -> str:
    return fields.choice("overall_comment", OVERALL_COMMENTS, OVERALL_COMMENTS[0])


def read_reviewer_grade(fields: Fields) -> ReviewerGrade | None:
    if "reviewer_grade" not in fields:
        return None
    grade = Fields(fields.ctx, fields.raw("reviewer_grade"), f"'reviewer_grade' in {fields.what}",
                   optional=("points", "helpfulness"), pos=fields.where("reviewer_grade"))
    return ReviewerGrade(points=grade.integer("points", 0, minimum=0, maximum=100),
                         helpfulness=grade.integer("helpfulness", 0, minimum=0, maximum=MAX_HELPFULNESS))


def read_examples(fields: Fields, rubric: tuple[Criterion, ...], word_limits: tuple[int, int]) -> tuple[Example, ...]:
    """The task's ``examples``: each a response in both languages and the expert's level per criterion."""
    examples: list[Example] = []
    first_seen: dict[str, int] = {}
    items = fields.items("examples")
    for index, item in enumerate(items):
        what = f"example {index + 1} of {fields.what}"
        example = Fields(fields.ctx, item, what, required=("id", "response", "levels"), pos=items.where(index))
        example_id = example.slug("id")
        if example_id:
            what = example.what = f"example '{example_id}' of {fields.what}"
            if example_id in first_seen:
                fields.ctx.error(example.where("id"), f"duplicate example id '{example_id}' in {fields.what} "
                                                      f"(first used on line {first_seen[example_id]})")
            first_seen.setdefault(example_id, example.where("id").line)
        response = example.markdown("response")
        _check_words(example, response.source, word_limits, what)
        examples.append(Example(example_id, response, _expert_levels(example, rubric, what)))
    return tuple(examples)


def _check_words(example: Fields, source: Text, limits: tuple[int, int], what: str) -> None:
    least, most = limits
    value = example.raw("response")
    for lang in LANGUAGES:
        text = getattr(source, lang)
        words = response_words(text)
        if text and not least <= words <= most:
            pos = value.where(lang) if isinstance(value, YamlMap) else example.where("response")
            example.ctx.error(pos, f"the {LANGUAGE_NAMES_EN[lang]} response of {what} has {_words(words)}: a "
                                   f"response to this task needs {least} to {most} (min_words, max_words)")


def _expert_levels(example: Fields, rubric: tuple[Criterion, ...], what: str) -> tuple[ExpertLevel, ...]:
    ctx = example.ctx
    given = example.raw("levels")
    if "levels" not in example:
        return ()
    if not isinstance(given, YamlMap):
        ctx.error(example.where("levels"), f"'levels' in {what}: expected a mapping of criterion ids to "
                                           f"{{points, reason}}, got {describe(given)}")
        return ()
    ids = [c.id for c in rubric]
    for key in given:
        if key not in ids:
            ctx.error(given.key_pos[key], f"'levels' in {what} names '{key}', which is not a criterion of the "
                                          f"rubric{did_you_mean(str(key), ids)}; criteria: {', '.join(ids)}")
    found = []
    for criterion in rubric:
        if criterion.id not in given:
            ctx.error(example.where("levels"), f"'levels' in {what} gives no level for criterion "
                                               f"'{criterion.id}': the expert assesses every criterion")
            continue
        found.append(_expert_level(ctx, given[criterion.id], given.where(criterion.id), criterion,
                                   f"criterion '{criterion.id}' in {what}"))
    return tuple(found)


def _expert_level(ctx: FileContext, data: object, pos: Pos, criterion: Criterion, what: str) -> ExpertLevel:
    level = Fields(ctx, data, what, required=("points", "reason"), pos=pos)
    points = level.integer("points", 0, minimum=0, maximum=100)
    if "points" in level and criterion.levels and criterion.level_of(points) is None:
        ctx.error(level.where("points"), f"{what}: {points} is not a level of the criterion; expected one "
                                         f"of {describe_levels(criterion)}")
    reason = level.text("reason")
    for lang in LANGUAGES:
        words = len(getattr(reason, lang).split())
        if words > MAX_REASON_WORDS:
            ctx.error(level.where("reason"), f"the {LANGUAGE_NAMES_EN[lang]} reason for {what} has "
                                             f"{_words(words)}: keep it to {MAX_REASON_WORDS} or fewer")
    return ExpertLevel(criterion.id, points, reason)


def describe_levels(criterion: Criterion) -> str:
    """``0, 1, 2`` or, with bands, ``0, 1-3, 4``: the points an assessment may give."""
    return ", ".join(str(lvl.points) if lvl.up_to is None else f"{lvl.points}-{lvl.up_to}"
                     for lvl in criterion.levels)


def read_calibration(fields: Fields, examples: tuple[Example, ...], rubric: tuple[Criterion, ...]) -> Calibration:
    """``calibration``: how many examples learners assess first (default 1 when there are any)."""
    default = min(1, len(examples))
    if "calibration" not in fields:
        return Calibration(examples=default)
    what = f"'calibration' in {fields.what}"
    settings = Fields(fields.ctx, fields.raw("calibration"), what, optional=("examples", "require_agreement"),
                      pos=fields.where("calibration"))
    count = settings.integer("examples", default, minimum=0, maximum=MAX_EXAMPLES)
    if count > len(examples):
        fields.ctx.error(settings.where("examples"), f"{what} asks learners to assess {_count(count, 'example')}, "
                                                     f"but the task has {len(examples)}: add them under 'examples'")
        count = len(examples)
    most = max((len(c.levels) for c in rubric), default=1) - 1
    tolerance = None
    if "require_agreement" in settings:
        tolerance = settings.integer("require_agreement", 1, minimum=0, maximum=max(most, 0))
        if count == 0:
            fields.ctx.error(settings.where("require_agreement"), f"'require_agreement' in {what} has no "
                                                                  "effect: learners assess no examples")
    return Calibration(examples=count, require_agreement=tolerance)
