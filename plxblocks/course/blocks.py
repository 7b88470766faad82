"""Reading the blocks of a unit (``blocks:`` in ``unit.yaml``) into model objects.

Each block is a mapping whose first key names its kind and its id, e.g. ``- check: marking-myths``;
the other keys hold its settings. Prose text lives in ``<id>.en.md`` / ``<id>.cy.md`` beside the
unit file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from ..render.citations import resolve_citations
from .diagnostics import did_you_mean
from .fields import SLUG, Fields, FileContext, describe, id_hint
from .files import is_inside, read_text
from .markdown_checks import MarkdownFacts
from .model import (
    LANGUAGE_NAMES_EN,
    LANGUAGES,
    AnyBlock,
    Check,
    Criterion,
    Level,
    Markdown,
    MediaReference,
    Option,
    PeerReview,
    Prose,
    Reference,
    Reflection,
    Text,
    harvard_order,
    stable_uid,
)
from .peer_policy import read_waiting
from .peer_task import (
    read_aggregate,
    read_bands,
    read_calibration,
    read_examples,
    read_overall_comment,
    read_reviewer_grade,
    read_up_to,
)
from .yamlfile import Pos, YamlMap

MAX_WORDS_LIMIT = 10_000
"""No answer box holds more: a bigger limit is a typo."""


@dataclass
class BlockPlace:
    """Where a block sits: what its uid is derived from and where to report about it."""

    ctx: FileContext
    ids: tuple[str, ...]
    """Course, module and unit ids."""
    unit_dir: Path
    pos: Pos
    references: Mapping[str, Reference] = field(default_factory=dict)
    """The module's references by key: what the unit's prose may cite."""


def read_block(place: BlockPlace, data: object, index: int) -> AnyBlock | None:
    """One item of ``blocks:``; ``None`` (after reporting) when its kind or id is unusable."""
    ctx = place.ctx
    if not isinstance(data, YamlMap) or not data:
        ctx.error(place.pos, f"block {index + 1}: expected a mapping starting with one of "
                             f"{', '.join(READERS)} (e.g. '- prose: introduction'), got {describe(data)}")
        return None
    kind = next(iter(data))
    if kind not in READERS:
        ctx.error(data.key_pos[kind], f"unknown block kind '{kind}'{did_you_mean(kind, READERS)}; "
                                      f"expected one of {', '.join(READERS)}")
        return None
    block_id = data[kind]
    if not isinstance(block_id, str) or not SLUG.match(block_id):
        ctx.error(data.where(kind), f"{kind} id: expected an id of lower-case letters, digits and "
                                    f"hyphens, got {describe(block_id)}{id_hint(block_id)}")
        return None
    fields = Fields(ctx, data, f"{kind} '{block_id}'", required=(kind, *REQUIRED[kind]),
                    optional=OPTIONAL[kind])
    common = dict(id=block_id, uid=stable_uid(*place.ids, block_id), source=ctx.path,
                  line=data.pos.line)
    return READERS[kind](place, fields, common)


def _read_prose(place: BlockPlace, fields: Fields, common: dict) -> Prose:
    sources, html, media, remote, cited, embedded = {}, {}, [], [], [], []
    facts_by_lang: dict[str, tuple[Path, MarkdownFacts]] = {}
    for lang in LANGUAGES:
        path = place.unit_dir / f"{common['id']}.{lang}.md"
        sources[lang] = html[lang] = ""
        if not path.is_file():
            place.ctx.missing_translation(fields.where("prose"), lang,
                                          f"prose '{common['id']}': no file {path.name}")
            continue
        if not is_inside(path, place.unit_dir):
            place.ctx.error(fields.where("prose"), f"{path.name} is a symbolic link to a file "
                                                   "outside the unit folder: copy the file in instead")
            continue
        text = read_text(path, place.ctx.diagnostics, place.ctx.budget)
        if text is None:
            continue
        sources[lang] = text
        resolved = resolve_citations(text, place.references, common["uid"], lang)
        for key, line in resolved.unknown:
            place.ctx.diagnostics.error(path, line, None, _unknown_citation(key, place.references))
        cited.extend(key for key in resolved.cited if key not in cited)
        html[lang], facts = place.ctx.markdown(resolved.markdown, 1, path)
        facts_by_lang[lang] = (path, facts)
        media.extend(m for m in facts.resolved_media if m not in media)
        for url, line in facts.remote_images:
            embedded.append(MediaReference(url, path, line))
            if url not in remote:
                remote.append(url)
    if len(facts_by_lang) == len(LANGUAGES):
        compare_outlines(place.ctx, facts_by_lang)
        place.ctx.check_terms(None, sources["en"], sources["cy"], facts_by_lang["cy"][0])
    return Prose(**common, body=Markdown(Text(**sources), Text(**html)),
                 media=tuple(media),
                 remote_media=tuple(remote), remote_references=tuple(embedded),
                 references=harvard_order(place.references[key] for key in cited))


def _unknown_citation(key: str, references: Mapping[str, Reference]) -> str:
    if not references:
        return (f"citation [@{key}]: the module has no references with a 'key' to cite; add "
                f"'key: {key}' to one of the 'references' in module.yaml")
    return (f"citation [@{key}]: no reference of this module has the key '{key}'"
            f"{did_you_mean(key, references)}; keys: {', '.join(references)}")


def compare_outlines(ctx: FileContext, facts: dict[str, tuple[Path, MarkdownFacts]]) -> None:
    """Report where a translation's headings or media differ from the English."""
    en_path, en = facts["en"]
    for lang in LANGUAGES[1:]:
        path, other = facts[lang]
        name = LANGUAGE_NAMES_EN[lang]
        for i, (level, line, text) in enumerate(en.headings):
            if i >= len(other.headings):
                ctx.diagnostics.error(path, None, None, (
                    f"structure differs from {en_path.name}: {name} has {len(other.headings)} "
                    f"headings, English has {len(en.headings)} (missing a level-{level} heading "
                    f"like English line {line} '{text}')"))
                break
            other_level, other_line, other_text = other.headings[i]
            if other_level != level:
                ctx.diagnostics.error(path, other_line, None, (
                    f"structure differs from {en_path.name}: expected a level-{level} heading "
                    f"like English line {line} '{text}', got level {other_level} '{other_text}'"))
                break
        else:
            if len(other.headings) > len(en.headings):
                extra_level, extra_line, extra_text = other.headings[len(en.headings)]
                ctx.diagnostics.error(path, extra_line, None, (
                    f"structure differs from {en_path.name}: level-{extra_level} heading "
                    f"'{extra_text}' has no English counterpart"))
        if not _all_media_found(en) or not _all_media_found(other):
            continue  # the bad paths are reported already; comparing them adds only noise
        en_media = {_language_neutral(m): line for m, line in en.media}
        other_media = {_language_neutral(m): line for m, line in other.media}
        for medium, line in en_media.items():
            if medium not in other_media:
                ctx.diagnostics.error(path, None, None, (
                    f"structure differs from {en_path.name}: {name} text does not use "
                    f"'{medium}', which English line {line} does"))
        for medium, line in other_media.items():
            if medium not in en_media:
                ctx.diagnostics.error(path, line, None, (
                    f"structure differs from {en_path.name}: '{medium}' is not used in the English"))


def _all_media_found(facts: MarkdownFacts) -> bool:
    return len(facts.resolved_media) == len({m for m, _ in facts.media})


def _language_neutral(path: str) -> str:
    """``media/chart.cy.png`` and ``media/chart.en.png`` are the same figure in two languages."""
    for lang in LANGUAGES:
        path = path.replace(f".{lang}.", ".")
    return path


def _read_check(place: BlockPlace, fields: Fields, common: dict) -> Check:
    ctx, what = place.ctx, fields.what
    select = fields.choice("select", ("single", "multiple"), "single")
    options: list[Option] = []
    first_seen: dict[str, int] = {}
    items = fields.items("options")
    for index, item in enumerate(items):
        option = Fields(ctx, item, f"option {index + 1} of {what}", required=("id", "text", "feedback"),
                        optional=("correct",), pos=items.where(index))
        option_id = option.slug("id")
        if option_id and option_id in first_seen:
            ctx.error(option.where("id"), f"duplicate option id '{option_id}' in {what} "
                                          f"(first used on line {first_seen[option_id]})")
        first_seen.setdefault(option_id, option.where("id").line)
        options.append(Option(option_id, option.text("text"), option.boolean("correct", False),
                              option.text("feedback")))
    if "options" in fields and len(options) < 2:
        ctx.error(fields.where("options"), f"{what} has {len(options)} option(s): expected at least 2")
    correct = [o.id for o in options if o.correct]
    if options and not correct:
        ctx.error(fields.where("options"), f"{what} has no correct option: mark at least one "
                                           "with 'correct: true'")
    if select == "single" and len(correct) > 1:
        ctx.error(fields.where("options"), f"single-choice {what} has {len(correct)} correct "
                                           f"options ({', '.join(correct)}): mark only one, or set "
                                           "'select: multiple'")
    return Check(**common, question=fields.markdown("question"), select=select,
                 options=tuple(options), explanation=fields.markdown("explanation"),
                 points=fields.integer("points", 1, minimum=0, maximum=100),
                 attempts=fields.integer("attempts", 2, minimum=0, maximum=20),
                 shuffle=fields.boolean("shuffle", True))


def read_word_limits(fields: Fields, default_max: int) -> tuple[int, int]:
    """``min_words`` and ``max_words``, reported when they cannot both be met."""
    min_words = fields.integer("min_words", 0, minimum=0)
    max_words = fields.integer("max_words", default_max, minimum=1, maximum=MAX_WORDS_LIMIT)
    if min_words > max_words:
        fields.ctx.error(fields.where("min_words"), f"word limits in {fields.what} make no sense: "
                                                    f"min_words ({min_words}) is more than "
                                                    f"max_words ({max_words})")
    return min_words, max_words


def _read_reflection(place: BlockPlace, fields: Fields, common: dict) -> Reflection:
    min_words, max_words = read_word_limits(fields, 500)
    return Reflection(**common, prompt=fields.markdown("prompt"), guidance=fields.markdown("guidance"),
                      min_words=min_words, max_words=max_words,
                      standards=fields.standards("standards"))


def _read_criterion(ctx: FileContext, item: object, pos: Pos, what: str) -> Criterion:
    criterion = Fields(ctx, item, what, required=("id", "title", "levels"), optional=("description",),
                       pos=pos)
    levels: list[Level] = []
    positions: list[Pos] = []
    points_seen: dict[int, int] = {}
    items = criterion.items("levels")
    for index, level_data in enumerate(items):
        level = Fields(ctx, level_data, f"level {index + 1} of {what}",
                       required=("points", "label"), optional=("description", "up_to"), pos=items.where(index))
        points = level.integer("points", 0, minimum=0, maximum=100)
        if "points" in level and points in points_seen:
            ctx.error(level.where("points"), f"duplicate points {points} in {what}: level "
                                             f"{points_seen[points]} already gives {points}; each "
                                             "level needs different points")
        points_seen.setdefault(points, index + 1)
        levels.append(Level(points, level.text("label"), level.text("description"), read_up_to(level, points)))
        positions.append(level.where("up_to") if "up_to" in level else items.where(index))
    if "levels" in criterion and len(levels) < 2:
        ctx.error(criterion.where("levels"), f"{what} has {len(levels)} level(s): expected at least 2")
    if len(points_seen) == len(levels):
        read_bands(ctx, levels, positions, what)
    levels.sort(key=lambda lvl: lvl.points)
    return Criterion(criterion.slug("id"), criterion.text("title"), criterion.text("description"),
                     tuple(levels))


def _read_peer_review(place: BlockPlace, fields: Fields, common: dict) -> PeerReview:
    ctx, what = place.ctx, fields.what
    min_words, max_words = read_word_limits(fields, 1000)
    rubric: list[Criterion] = []
    first_seen: dict[str, int] = {}
    items = fields.items("rubric")
    for index, item in enumerate(items):
        criterion = _read_criterion(ctx, item, items.where(index), f"criterion {index + 1} of {what}")
        if criterion.id in first_seen:
            ctx.error(items.where(index), f"duplicate criterion id '{criterion.id}' in {what} "
                                          f"(first used on line {first_seen[criterion.id]})")
        first_seen.setdefault(criterion.id, items.where(index).line)
        rubric.append(criterion)
    if "rubric" in fields and not rubric:
        ctx.error(fields.where("rubric"), f"{what} has an empty rubric: expected at least one criterion")
    examples = read_examples(fields, tuple(rubric), (min_words, max_words))
    reviews_to_receive = fields.integer("reviews_to_receive", 3, minimum=1, maximum=10)
    return PeerReview(**common, title=fields.text("title"), brief=fields.markdown("brief"),
                      submission=fields.markdown("submission"), min_words=min_words,
                      max_words=max_words, rubric=tuple(rubric),
                      reviews_to_give=fields.integer("reviews_to_give", 3, minimum=1, maximum=10),
                      reviews_to_receive=reviews_to_receive,
                      points=fields.integer("points", 10, minimum=0, maximum=100),
                      standards=fields.standards("standards"), aggregate=read_aggregate(fields),
                      overall_comment=read_overall_comment(fields),
                      examples=examples, calibration=read_calibration(fields, examples, tuple(rubric)),
                      reviewer_grade=read_reviewer_grade(fields),
                      waiting=read_waiting(fields, reviews_to_receive))


READERS: dict[str, Callable[[BlockPlace, Fields, dict], AnyBlock]] = {
    "prose": _read_prose,
    "check": _read_check,
    "reflection": _read_reflection,
    "peer_review": _read_peer_review,
}
"""Block kinds, as written in ``unit.yaml``, and how to read each."""

REQUIRED = {
    "prose": (),
    "check": ("question", "options", "explanation"),
    "reflection": ("prompt", "guidance", "max_words"),
    "peer_review": ("title", "brief", "submission", "max_words", "rubric"),
}
OPTIONAL = {
    "prose": (),
    "check": ("select", "points", "attempts", "shuffle"),
    "reflection": ("min_words", "standards"),
    "peer_review": ("min_words", "reviews_to_give", "reviews_to_receive", "points", "standards", "aggregate",
                    "overall_comment", "calibration", "examples", "reviewer_grade", "waiting"),
}
