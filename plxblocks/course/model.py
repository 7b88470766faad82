"""The course model: the one typed, immutable description of a course that every exporter reads.

``load_course()`` builds it from a content folder (see ``docs/content-format.md``); the XBlocks,
the OLX writer, the SCORM packager and the preview all walk these classes and never read YAML or
Markdown themselves. Everything is frozen so no stage can change what a later stage sees.

Ids: every module, unit and block has an author-given ``id`` (a slug, unique among its siblings)
and a ``uid`` derived from the course id and the ids on its path. Re-building the same content
gives the same ``uid``; re-ordering does not change it. LMS learner state is keyed by it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator, Union

LANGUAGES = ("en", "cy")
"""The languages every course is written in, English first (the fallback)."""

LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
"""Each language's name in itself, as shown on a language switch."""

LANGUAGE_NAMES_EN = {"en": "English", "cy": "Welsh"}
"""Each language's name in English, for messages to authors."""


@dataclass(frozen=True)
class Text:
    """A string in each language. Missing translations are empty strings (never ``None``)."""

    en: str = ""
    """English text."""
    cy: str = ""
    """Welsh text."""

    def get(self, lang: str) -> str:
        """The text in *lang*, falling back to English when that translation is missing."""
        return getattr(self, lang, "") or self.en

    def joined(self, languages: tuple[str, ...] = LANGUAGES) -> str:
        """The text in each of *languages*, once each, joined with `` / `` (a bilingual label)."""
        return " / ".join(dict.fromkeys(self.get(lang) for lang in languages))

    def items(self) -> Iterator[tuple[str, str]]:
        return iter(((lang, getattr(self, lang)) for lang in LANGUAGES))


@dataclass(frozen=True)
class Markdown:
    """Markdown source in each language, with the sanitised HTML rendered once at load time."""

    source: Text
    """The Markdown as the author wrote it."""
    html: Text
    """CommonMark rendered to HTML and passed through the sanitiser: safe to put in any page."""

    def get(self, lang: str) -> str:
        """Sanitised HTML in *lang* (English when the translation is missing)."""
        return self.html.get(lang)


@dataclass(frozen=True)
class Standard:
    """One of the Professional Standards for Teaching and Leadership (Wales)."""

    id: str
    """Slug used in content files: ``pedagogy``, ``collaboration``..."""
    name: Text
    """The standard's name in English and Welsh."""


@dataclass(frozen=True)
class Author:
    name: str
    """The author's name as it should be credited."""
    role: str = ""
    """What they did (writer, translator, reviewer); free text."""


@dataclass(frozen=True)
class Reference:
    """A source a module's claims rest on, cited at the end of the module."""

    authors: str
    """Authors or issuing body, as cited (``Hattie, J. and Timperley, H.``)."""
    year: str
    """Year of publication (text, so ``2017`` and ``n.d.`` both work)."""
    title: str
    """Title of the work."""
    publisher: str = ""
    """Publisher, journal with volume and pages, or issuing organisation."""
    url: str = ""
    """Where to read it (``https://...``), if public."""
    key: str = ""
    """Slug a unit's prose cites it by (``[@hattie-2007]``); empty when nothing cites it."""

    def citation(self) -> str:
        """Harvard-style citation text: ``Authors (year) Title. Publisher. URL``."""
        parts = [f"{self.authors} ({self.year}) {self.title}."]
        if self.publisher:
            parts.append(f"{self.publisher}.")
        if self.url:
            parts.append(self.url)
        return " ".join(parts)

    def in_text(self, lang: str = "en") -> str:
        """The Harvard in-text form without brackets: ``Hattie and Timperley, 2007``.

        Authors written as ``Surname, I.`` are cut to their surnames (three or more become
        ``First et al.``); an organisation (``Education Endowment Foundation``) stays whole.
        Two authors are joined with the language's "and" (Welsh ``a``, ``ac`` before a vowel).
        """
        surnames = [name.strip() for name in _PERSON.findall(self.authors)]
        if not surnames:
            names = self.authors
        elif len(surnames) >= 3:
            names = f"{surnames[0]} et al."
        elif len(surnames) == 2:
            names = f"{surnames[0]} {_and(lang, surnames[1])} {surnames[1]}"
        else:
            names = surnames[0]
        return f"{names}, {self.year}"


def _and(lang: str, following: str) -> str:
    if lang != "cy":
        return "and"
    return "ac" if following[:1].upper() in "AEIOUY" else "a"


def harvard_order(references) -> tuple["Reference", ...]:
    """References as a Harvard list orders them: by author, then year, then title."""
    return tuple(sorted(references, key=lambda r: (r.authors.casefold(), r.year, r.title.casefold())))


_PERSON = re.compile(r"\s*([^,]+?),\s*(?:[A-Z]\.\s*)+(?:,|and\s|$)")
"""One ``Surname, I. M.`` of an author list, with the comma or ``and`` after it."""


@dataclass(frozen=True)
class Translation:
    """How one non-English language version was produced and whether it has been reviewed."""

    lang: str
    """Language code (``cy``)."""
    status: str
    """``draft`` (awaiting review by a fluent speaker) or ``reviewed``."""
    method: str = "human"
    """``human`` or ``machine-assisted``."""
    note: str = ""
    """Free text for reviewers: who, when, what to look at."""

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


@dataclass(frozen=True)
class AssignmentType:
    """A group of graded blocks and its share of the course grade (Open edX grading policy)."""

    name: Text
    """Shown to learners on their progress page (``Knowledge checks``)."""
    short_label: str
    """Abbreviation for progress charts (``KC``)."""
    counts: str
    """What it collects: ``check``, ``peer_review`` (the tasks' grades) or ``peer_reviewing`` (the
    tasks' reviewing grades)."""
    weight: int
    """Percentage of the course grade; the weights of a course add up to 100."""


# ---------------------------------------------------------------------------------------- blocks


@dataclass(frozen=True, kw_only=True)
class Block:
    """Common to every block inside a unit."""

    id: str
    """Author-given slug, unique in its unit."""
    uid: str
    """Stable id derived from the course, module, unit and block ids (see module docstring)."""
    source: Path
    """File the block was declared in (for messages)."""
    line: int
    """Line of the declaration in :attr:`source`."""

    kind = "block"
    """Which XBlock renders it: ``lesson``, ``check``, ``reflection`` or ``peer_review``."""


@dataclass(frozen=True)
class MediaReference:
    """One place a Markdown file embeds a remote file."""

    url: str
    path: Path
    """The Markdown file."""
    line: int
    """Its line (1-based) where the image is written."""


@dataclass(frozen=True, kw_only=True)
class Prose(Block):
    """Reading: Markdown from ``<id>.en.md`` and ``<id>.cy.md`` in the unit folder."""

    body: Markdown
    """The text, rendered and sanitised."""
    media: tuple[str, ...] = ()
    """Course-relative paths (``media/x.png``) of local media the prose uses, in order."""
    remote_media: tuple[str, ...] = ()
    """``https://`` addresses of images the prose embeds (SCORM downloads them at build time)."""
    remote_references: tuple[MediaReference, ...] = ()
    """Where each of :attr:`remote_media` is embedded, in every language (for download errors)."""
    references: tuple[Reference, ...] = ()
    """Listed after the text (in :func:`harvard_order`): the sources its ``[@key]`` citations link
    to, or (for the block that ends a module, see :data:`REFERENCES_ID`) all the module's."""
    references_kind: str = "cited"
    """``cited`` ("Sources cited here", under a prose text) or ``module`` (the module's list)."""

    kind = "prose"

    @property
    def is_module_references(self) -> bool:
        return self.references_kind == "module"


REFERENCES_ID = "_references"
"""Id of the block the loader adds at the end of each module's last unit to list the module's
references (the underscore keeps it apart from every author id, which is a slug)."""


@dataclass(frozen=True)
class Option:
    """One answer of a knowledge check."""

    id: str
    """Slug, unique in its check (``a``, ``b``... or meaningful words)."""
    text: Text
    """The option as the learner reads it (plain text)."""
    correct: bool
    """Whether choosing it is right."""
    feedback: Text
    """Why this option is right or wrong, shown after the learner submits."""


@dataclass(frozen=True, kw_only=True)
class Check(Block):
    """A knowledge check: a single- or multiple-choice question with feedback per option."""

    question: Markdown
    """The question (Markdown)."""
    select: str = "single"
    """``single`` (radio buttons, exactly one correct) or ``multiple`` (checkboxes)."""
    options: tuple[Option, ...] = ()
    """The answers, in the order shown."""
    explanation: Markdown
    """Shown with the answer: why the right answer is right."""
    points: int = 1
    """Weight of the check in the course score."""
    attempts: int = 2
    """How many submissions a learner gets before the answer is shown (0 = unlimited)."""
    shuffle: bool = True
    """Show the options in an order of each learner's own (``False``: always as written, for
    options such as "All of the above" whose place matters)."""
    number: int = 0
    """This check's place among the unit's checks (1-based; 0 when not known), for its heading."""
    count: int = 0
    """How many checks the unit has."""

    kind = "check"

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)

    def option_order(self, learner: str | None) -> tuple[str, ...]:
        """Option ids in the order *learner* sees them: the same on every visit and reload.

        Each option is ranked by a hash of the learner, the check's uid and the option's id, so the
        order needs no stored state, differs between learners and checks, and does not change
        when the course is rebuilt. Without a learner (a preview) or with ``shuffle: false``,
        the order is the author's.
        """
        ids = tuple(o.id for o in self.options)
        if not self.shuffle or not learner:
            return ids
        return tuple(sorted(ids, key=lambda option: hashlib.sha256(
            f"{learner}\x1f{self.uid}\x1f{option}".encode("utf-8")).digest()))


@dataclass(frozen=True, kw_only=True)
class Reflection(Block):
    """A reflection prompt whose answer goes into the learner's private journal."""

    prompt: Markdown
    """What to reflect on (Markdown)."""
    guidance: Markdown
    """Help on writing a useful entry (Markdown)."""
    min_words: int = 0
    """Entries shorter than this do not complete the block."""
    max_words: int = 500
    """Entries longer than this are refused."""
    standards: tuple[Standard, ...] = ()
    """Professional standards the reflection is evidence for (suggested tags)."""

    kind = "reflection"


@dataclass(frozen=True)
class Level:
    """One achievement level of a rubric criterion."""

    points: int
    """Points a reviewer awards by choosing this level (unique within the criterion)."""
    label: Text
    """Short name (``Secure``)."""
    description: Text
    """What work at this level looks like."""
    up_to: int | None = None
    """Range scoring: the level is a band from :attr:`points` to ``up_to`` and the reviewer picks a
    point inside it. ``None``: the level gives exactly :attr:`points`."""

    @property
    def top(self) -> int:
        """The most points the level gives (its band's top, or its points)."""
        return self.points if self.up_to is None else self.up_to

    def holds(self, points: float) -> bool:
        """Whether *points* lies in this level's band."""
        return self.points <= points <= self.top


@dataclass(frozen=True)
class Criterion:
    """One row of a rubric."""

    id: str
    """Slug, unique in its rubric."""
    title: Text
    """What is judged (``Impact on learning``)."""
    description: Text
    """What a reviewer should look for."""
    levels: tuple[Level, ...]
    """From lowest to highest points."""

    @property
    def max_points(self) -> int:
        return max((lvl.top for lvl in self.levels), default=0)

    def level_of(self, points: float) -> Level | None:
        """The level whose band holds *points* (``None`` between bands or outside them)."""
        return next((lvl for lvl in self.levels if lvl.holds(points)), None)


@dataclass(frozen=True)
class ExpertLevel:
    """The expert's assessment of an example response on one criterion."""

    criterion: str
    """The criterion's id."""
    points: int
    """The points the expert gives (one of the criterion's levels, or a point in a band)."""
    reason: Text
    """Why, in a sentence or two: shown to the learner after they assess the example."""


@dataclass(frozen=True)
class Example:
    """An example response with the expert's levels: learners assess it before real reviews
    (calibration), and staff review it as a sample colleague in a dry run."""

    id: str
    """Slug, unique in the task; learners' attempts are stored against it."""
    response: Markdown
    """The example response, as a learner would have written it."""
    levels: tuple[ExpertLevel, ...]
    """The expert's level for every criterion, in rubric order."""

    def expert(self, criterion: str) -> ExpertLevel | None:
        return next((e for e in self.levels if e.criterion == criterion), None)


@dataclass(frozen=True)
class Calibration:
    """How learners practise on the example responses before their first real review."""

    examples: int = 0
    """How many example responses (the first ones listed) a learner assesses first; 0: none."""
    require_agreement: int | None = None
    """``None``: the learner sees the feedback and goes on. A number: the learner tries an example
    again until every criterion is within this many levels of the expert's (0: the same level)."""


@dataclass(frozen=True)
class ReviewerGrade:
    """A grade for the quality of a learner's reviews: their agreement with the other reviewers."""

    points: int = 0
    """What the reviewing grade is worth; 0 shows it to the learner without counting it. Points
    above 0 are counted by the course's ``counts: peer_reviewing`` assignment type."""
    helpfulness: int = 0
    """Percentage of each review's score that comes from the author's "helpful" rating (0-50)."""


AGGREGATES = ("median", "mean")
"""How the reviews of a response make its score per criterion."""

OVERALL_COMMENTS = ("required", "optional", "none")
"""Whether a review must have an overall comment, may have one, or has no box for one. Required
is the default: a grade with no words of explanation is what learners found least useful (issue 14)."""


FALLBACK_STEPS = ("fewer_peers", "self", "staff")
"""The steps of a waiting policy's fallback chain, in the only order they can run."""


@dataclass(frozen=True)
class WaitingPolicy:
    """What completes a submission still short of ``reviews_to_receive`` after a while (issue 17.3).

    The waiting ends at the end of a day (UK time): ``wait_days`` after the submission, and not
    before ``until`` when both are given. Then the ``fallback`` steps apply, first that can.
    """

    wait_days: int = 0
    """Days a submission waits for peer reviews (0: only ``until`` counts)."""
    until: date | None = None
    """The earliest day the fallback applies to any submission (``None``: only ``wait_days`` counts)."""
    fallback: tuple[str, ...] = ()
    """Steps from :data:`FALLBACK_STEPS`, in that order: ``fewer_peers`` (the grade stands on the
    reviews received, at least ``min_reviews``), ``self`` (the author assesses their own response),
    ``staff`` (the course team grades it)."""
    min_reviews: int = 1
    """Peer reviews that ``fewer_peers`` accepts as enough."""
    self_days: int = 3
    """Days the author has for the self-review before ``staff`` takes over (when both are chosen)."""


@dataclass(frozen=True, kw_only=True)
class PeerReview(Block):
    """A task learners submit and review each other's work on, against a rubric."""

    title: Text
    """The task's name."""
    brief: Markdown
    """What to do and why (Markdown)."""
    submission: Markdown
    """What exactly to submit (Markdown)."""
    min_words: int = 0
    """Submissions shorter than this are refused."""
    max_words: int = 1000
    """Submissions longer than this are refused."""
    rubric: tuple[Criterion, ...] = ()
    """The criteria reviewers score."""
    reviews_to_give: int = 3
    """Reviews each learner must complete."""
    reviews_to_receive: int = 3
    """Completed reviews after which a submission stops being handed out."""
    points: int = 10
    """Weight of the task in the course score."""
    standards: tuple[Standard, ...] = ()
    """Professional standards the task is evidence for."""
    aggregate: str = "median"
    """``median`` (ORA2's rule) or ``mean`` of the reviews' points, per criterion."""
    overall_comment: str = "required"
    """Each review's overall comment: ``required``, ``optional`` or ``none`` (no box)."""
    examples: tuple[Example, ...] = ()
    """Example responses with the expert's levels (calibration and the staff dry run)."""
    calibration: Calibration = Calibration()
    """How many examples learners assess before their first real review, and how closely."""
    reviewer_grade: ReviewerGrade | None = None
    """A grade for reviewing well; ``None``: the task does not grade reviews."""
    waiting: WaitingPolicy | None = None
    """What happens when reviews do not arrive (``None``: submissions wait until staff step in)."""

    kind = "peer_review"

    @property
    def calibration_examples(self) -> tuple[Example, ...]:
        """The examples a learner assesses before their first real review, in order."""
        return self.examples[:self.calibration.examples]

    @property
    def reviewing_points(self) -> int:
        """Points the reviewing grade is worth in the course grade (0: not counted)."""
        return self.reviewer_grade.points if self.reviewer_grade else 0

    @property
    def max_rubric_points(self) -> int:
        return sum(c.max_points for c in self.rubric)


AnyBlock = Union[Prose, Check, Reflection, PeerReview]


# ----------------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class Unit:
    """A page of learning: blocks shown in order (an Open edX vertical, a SCORM SCO page)."""

    id: str
    """Folder name, a slug unique in its module."""
    uid: str
    """Stable derived id."""
    title: Text
    """Shown in navigation and as the page heading."""
    blocks: tuple[AnyBlock, ...]
    """The unit's content in order."""
    path: Path
    """The unit's folder."""

    def blocks_of(self, kind: type) -> tuple:
        return tuple(b for b in self.blocks if isinstance(b, kind))


@dataclass(frozen=True)
class Module:
    """A themed group of units (an Open edX chapter, a SCORM organization item)."""

    id: str
    """Folder name, a slug unique in its course."""
    uid: str
    """Stable derived id."""
    title: Text
    """The module's name."""
    summary: Text
    """One or two sentences on what the module is about."""
    outcomes: tuple[Text, ...]
    """Learning outcomes: what the learner will be able to do."""
    estimated_minutes: int
    """How long a typical learner needs."""
    standards: tuple[Standard, ...]
    """Professional standards the module addresses."""
    units: tuple[Unit, ...]
    """In order."""
    references: tuple[Reference, ...]
    """Sources for the module's claims."""
    path: Path
    """The module's folder."""


@dataclass(frozen=True)
class Course:
    """A course: metadata and modules. The root of the model."""

    id: str
    """Slug; also the content folder's name by convention."""
    org: str
    """Organisation code for Open edX course keys (``PLXCymru``)."""
    number: str
    """Course number for Open edX course keys (``FW101``)."""
    run: str
    """Course run for Open edX course keys (``2026``)."""
    title: Text
    """The course's name."""
    summary: Text
    """A paragraph for catalogues, the SCORM manifest description and the OLX about page."""
    languages: tuple[str, ...]
    """Languages the content is written in (always ``en`` and ``cy``)."""
    passing_score: int
    """Percentage (0-100) of the available points needed to pass."""
    licence: str
    """SPDX id or name of the content licence."""
    authors: tuple[Author, ...]
    """Who wrote and translated it."""
    standards: tuple[Standard, ...]
    """Professional standards the course addresses."""
    translations: tuple[Translation, ...]
    """Review status of each non-English language."""
    modules: tuple[Module, ...]
    """In order."""
    path: Path
    """The course folder."""
    start: str = ""
    """ISO date the course opens in an LMS (``2026-09-01``); empty means 'not set'."""
    end: str = ""
    """ISO date the course closes in an LMS; empty means 'not set'."""
    grading: tuple[AssignmentType, ...] = ()
    """How scored blocks make up the course grade; every scored block kind is counted once."""

    @property
    def media_dir(self) -> Path:
        return self.path / "media"

    @property
    def units(self) -> tuple[Unit, ...]:
        return tuple(u for m in self.modules for u in m.units)

    def blocks(self) -> Iterator[AnyBlock]:
        for unit in self.units:
            yield from unit.blocks

    def translation(self, lang: str) -> Translation | None:
        return next((t for t in self.translations if t.lang == lang), None)

    @property
    def welsh_is_draft(self) -> bool:
        """Whether learners reading Welsh are told it is a draft (``translations: cy: status: draft``)."""
        welsh = self.translation("cy")
        return welsh is not None and welsh.is_draft


def stable_uid(*ids: str) -> str:
    """A short, stable id for the object at this path of ids (course, module, unit, block).

    A hash rather than the joined ids: Open edX ``url_name``s and SCORM identifiers have length
    and character limits that long slug paths break.
    """
    digest = hashlib.blake2s("/".join(ids).encode("utf-8"), digest_size=8).hexdigest()
    return digest
