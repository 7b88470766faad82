"""Load a course folder into the model, checking everything on the way.

The one place content is read (DESIGN.md). Layout::

    <course>/course.yaml                      metadata and the modules, in order
    <course>/media/...                        images and files the text uses
    <course>/modules/<module>/module.yaml     module metadata and its units, in order
    <course>/modules/<module>/<unit>/unit.yaml          the unit's title and blocks
    <course>/modules/<module>/<unit>/<prose>.en.md      prose, one file per language
    <course>/modules/<module>/<unit>/<prose>.cy.md

Loading never stops at the first problem: it returns the model (when the structure allowed
building one) together with every problem found.
"""
from __future__ import annotations

import dataclasses
import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import parallel_load
from .blocks import BlockPlace, read_block
from .cues import warn_about_answer_cues
from .diagnostics import Diagnostics, did_you_mean
from .fields import SLUG, Fields, FileContext, LoadOptions, describe, id_hint, read_languages, suggested_id
from .files import TextBudget, is_inside, read_text
from .glossary import GLOSSARY_FILE, load_glossary
from .load_cache import LoadCache
from .media import MEDIA_DIR, MediaIndex
from .model import (
    LANGUAGE_NAMES_EN,
    LANGUAGES,
    REFERENCES_ID,
    AssignmentType,
    Author,
    Check,
    Course,
    Markdown,
    Module,
    Prose,
    Reference,
    Text,
    Translation,
    Unit,
    harvard_order,
    stable_uid,
)
from .stats import words_in
from .yamlfile import YamlList, parse_yaml

COURSE_FILE, MODULE_FILE, UNIT_FILE = "course.yaml", "module.yaml", "unit.yaml"
MODULES_DIR = "modules"

COURSE_KEY_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
"""The org, number and run of a course key: what Open edX accepts there, starting with a letter or
digit, because the run also names files and folders of the archive (``course/RUN.xml``,
``policies/RUN/``) and so must never be ``..`` or hold a ``/`` (tar slip)."""
COURSE_KEY_EXPECTED = ("letters, digits, '.', '_' or '-', starting with a letter or digit (it becomes "
                       "part of the Open edX course key and of file names)")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
HTTP_URL = re.compile(r"^https?://\S+\Z")
SCORED_KINDS = ("check", "peer_review", "peer_reviewing")
"""What gives points: checks, peer tasks, and the reviewing grade of peer tasks that have one
worth points (reflections count towards completion only)."""
DEFAULT_TYPE_NAMES = {"check": Text("Knowledge checks", "Gwiriadau gwybodaeth"),
                      "peer_review": Text("Peer-reviewed task", "Tasg a adolygir gan gymheiriaid"),
                      "peer_reviewing": Text("Peer reviewing", "Adolygu gan gymheiriaid")}
DEFAULT_LABELS = {"check": "KC", "peer_review": "PR", "peer_reviewing": "RV"}
DEFAULT_WEIGHTS = {"check": 30, "peer_review": 70}
"""The default split when a course has checks and peer tasks and no ``grading``; a course that
grades reviewing says how much it is worth in ``grading`` (there is no default for that)."""


def scores_for(block, kind: str) -> bool:
    """Whether *block* gives points counted by an assignment type that ``counts: kind``."""
    if kind == "peer_reviewing":
        return block.kind == "peer_review" and block.reviewing_points > 0
    return block.kind == kind and block.points > 0
MAX_UNIT_WORDS = 1200
"""Longest unit, per language, before the validator suggests splitting it."""


@dataclass
class LoadResult:
    """What loading one course folder produced."""

    path: Path
    course: Course | None
    """The model; ``None`` when the course file itself could not be read."""
    diagnostics: Diagnostics

    @property
    def ok(self) -> bool:
        return self.course is not None and not self.diagnostics.errors


def load_course(path: Path | str, options: LoadOptions | None = None, cache: LoadCache | None = None) -> LoadResult:
    """Read and validate the course folder at *path*; with *cache*, modules whose files (and the
    course's) are as when it last loaded them are taken from it, with the same result."""
    root = Path(path).absolute()
    diagnostics = Diagnostics()
    loader = _CourseLoader(root, diagnostics, options or LoadOptions(), cache)
    course = loader.load()
    if course is not None:
        warn_about_answer_cues(course, diagnostics)
    return LoadResult(root, course, diagnostics)


class _CourseLoader:
    def __init__(self, root: Path, diagnostics: Diagnostics, options: LoadOptions,
                 cache: LoadCache | None = None) -> None:
        self.root = root
        self.cache = cache
        self.diagnostics = diagnostics
        self.options = options
        self.media = MediaIndex(root, diagnostics) if root.is_dir() else None
        self.glossary = load_glossary(root.parent / GLOSSARY_FILE, diagnostics)
        self.budget = TextBudget()

    def _context(self, path: Path) -> FileContext | None:
        """Open a YAML file of this course, or report why it cannot be read."""
        if not path.is_file():
            return None
        if not is_inside(path, self.root):
            self.diagnostics.error(path, None, None, "is a symbolic link to a file outside the "
                                                     "course folder: copy the file in instead")
            return None
        text = read_text(path, self.diagnostics, self.budget)
        return None if text is None else FileContext(path, text, self.diagnostics, self.options,
                                                      self.media, self.glossary, self.budget)

    def load(self) -> Course | None:
        if not self.root.is_dir():
            self.diagnostics.error(self.root, None, None, "no such course folder")
            return None
        course_file = self.root / COURSE_FILE
        if not course_file.is_file():
            self.diagnostics.error(self.root, None, None, f"not a course folder: {COURSE_FILE} is missing")
            return None
        ctx = self._context(course_file)
        data = parse_yaml(ctx.text, ctx.path, self.diagnostics) if ctx else None
        if ctx is None or data is None:
            return None
        course = self._course(ctx, data)
        self.media.check_sizes()
        return course

    def _course(self, ctx: FileContext, data: object) -> Course:
        f = Fields(ctx, data, "course.yaml",
                   required=("id", "org", "number", "run", "title", "summary", "languages",
                             "passing_score", "licence", "authors", "standards", "modules"),
                   optional=("translations", "start", "end", "grading"))
        course_id = f.slug("id")
        languages = self._languages(f)
        start, end = (self._date(f, key) for key in ("start", "end"))
        if start and end and end <= start:
            ctx.error(f.where("end"), f"'end' in course.yaml ({end}) must be after 'start' ({start})")
        modules = self._modules(course_id, self._listed_folders(f, "modules", self.root / MODULES_DIR,
                                                                MODULE_FILE, "module"), ctx.text)
        return Course(
            id=course_id,
            org=f.string("org", pattern=COURSE_KEY_PART, expected=COURSE_KEY_EXPECTED),
            number=f.text_or_number("number", pattern=COURSE_KEY_PART, expected=COURSE_KEY_EXPECTED),
            run=f.text_or_number("run", pattern=COURSE_KEY_PART, expected=COURSE_KEY_EXPECTED),
            title=f.text("title"),
            summary=f.text("summary"),
            languages=languages,
            passing_score=f.integer("passing_score", 70, minimum=0, maximum=100),
            licence=f.string("licence"),
            authors=self._authors(f),
            standards=f.standards("standards"),
            translations=self._translations(f),
            modules=modules,
            path=self.root,
            start=start,
            end=end,
            grading=self._grading(f, modules),
        )

    def _date(self, f: Fields, key: str) -> str:
        value = f.text_or_number(key)
        if value and not ISO_DATE.match(value):
            f.ctx.error(f.where(key), f"'{key}' in course.yaml: expected a date as YYYY-MM-DD, "
                                      f"got {describe(value)}")
            return ""
        if value and not _is_a_day(value):  # 2026-02-30 has the form, and Studio's import refuses it
            f.ctx.error(f.where(key), f"'{key}' in course.yaml: {value} is not a day of the calendar")
            return ""
        return value

    def _grading(self, f: Fields, modules: tuple[Module, ...]) -> tuple[AssignmentType, ...]:
        """The assignment types; by default one per scored block kind the course has."""
        scored = [kind for kind in SCORED_KINDS
                  if any(scores_for(b, kind) for m in modules for u in m.units for b in u.blocks)]
        if "grading" not in f:
            if "peer_reviewing" in scored:
                f.ctx.error(f.where("modules"), "a peer task's reviewing grade is worth points, so course.yaml "
                                                "needs 'grading' with an assignment type 'counts: peer_reviewing' "
                                                "saying what share of the course grade it is")
            weights = DEFAULT_WEIGHTS if set(scored) == set(DEFAULT_WEIGHTS) else {k: 100 for k in scored}
            return tuple(AssignmentType(DEFAULT_TYPE_NAMES[k], DEFAULT_LABELS[k], k, weights[k]) for k in scored)
        items = f.items("grading")
        types: list[AssignmentType] = []
        for index, item in enumerate(items):
            g = Fields(f.ctx, item, f"assignment type {index + 1}",
                       required=("type", "short_label", "counts", "weight"), pos=items.where(index))
            counts = g.choice("counts", SCORED_KINDS, SCORED_KINDS[0])
            if any(t.counts == counts for t in types):
                f.ctx.error(g.where("counts"), f"'{counts}' blocks are already counted by another assignment "
                                               "type: each scored kind is counted once")
            elif counts not in scored:
                f.ctx.error(g.where("counts"), f"assignment type {index + 1} counts '{counts}' blocks, but the "
                                               "course has none that give points")
            types.append(AssignmentType(g.text("type"), g.string("short_label"), counts,
                                        g.integer("weight", 0, minimum=0, maximum=100)))
        total = sum(t.weight for t in types)
        if items and total != 100:
            f.ctx.error(f.where("grading"), f"'grading' weights add up to {total}: expected 100")
        for kind in scored:
            if not any(t.counts == kind for t in types):
                f.ctx.error(f.where("grading"), f"the course has scored '{kind}' blocks but no assignment type "
                                                f"counts them: add one with 'counts: {kind}'")
        return tuple(types)

    def _languages(self, f: Fields) -> tuple[str, ...]:
        items = f.items("languages")
        if "languages" in f and list(items) != list(LANGUAGES):
            f.ctx.error(f.where("languages"), f"'languages' in course.yaml: expected "
                                              f"[{', '.join(LANGUAGES)}] (every course is written in "
                                              f"English and Welsh), got {describe(list(items))}")
        return LANGUAGES

    def _authors(self, f: Fields) -> tuple[Author, ...]:
        items = f.items("authors")
        authors = []
        for index, item in enumerate(items):
            a = Fields(f.ctx, item, f"author {index + 1}", required=("name",), optional=("role",),
                       pos=items.where(index))
            authors.append(Author(a.string("name"), a.string("role")))
        return tuple(authors)

    def _translations(self, f: Fields) -> tuple[Translation, ...]:
        if "translations" not in f:
            return ()
        langs = Fields(f.ctx, f.raw("translations"), "'translations' in course.yaml",
                       optional=LANGUAGES[1:], pos=f.where("translations"))
        result = []
        for lang in LANGUAGES[1:]:
            if lang in langs:
                t = Fields(f.ctx, langs.raw(lang), f"translation '{lang}'", required=("status",),
                           optional=("method", "note"), pos=langs.where(lang))
                result.append(Translation(lang, t.choice("status", ("draft", "reviewed"), "draft"),
                                          t.choice("method", ("human", "machine-assisted"), "human"),
                                          t.string("note")))
        return tuple(result)

    def _listed_folders(self, f: Fields, key: str, parent: Path, marker: str, what: str) -> list[str]:
        """The ids listed under *key*, each checked against a folder ``parent/<id>/<marker>``.

        Reports ids listed twice, listed but missing, and folders present but not listed.
        """
        ctx = f.ctx
        items = f.items(key)
        if isinstance(f.raw(key), YamlList) and not items:  # (a value of another kind is reported already)
            ctx.error(f.where(key), f"'{key}' in {ctx.path.name}: expected at least one {what} (the name of a "
                                    f"folder in {parent.relative_to(self.root).as_posix()}/)")
        present = _subfolders(parent)
        listed: list[str] = []
        first_line: dict[str, int] = {}
        for index, item in enumerate(items):
            pos = items.where(index)
            if not isinstance(item, str) or not SLUG.match(item):
                rename = ", with the folder renamed to match" if id_hint(item) and item in present else ""
                ctx.error(pos, f"'{key}' item: expected a {what} id (its folder's name, lower-case "
                               f"letters, digits and hyphens), got {describe(item)}{id_hint(item)}{rename}")
                continue
            if item in first_line:
                ctx.error(pos, f"duplicate {what} id '{item}' (already listed on line {first_line[item]})")
                continue
            first_line[item] = pos.line
            folder = parent / item
            where = folder.relative_to(self.root).as_posix()
            if not (folder / marker).is_file():
                hint = did_you_mean(item, [p for p in present if p not in first_line])
                ctx.error(pos, f"{what} '{item}' is listed but {_missing(folder, marker, where)}{hint}")
                continue
            if not is_inside(folder, self.root):
                ctx.error(pos, f"{what} folder {where}/ is a symbolic link to outside the course folder")
                continue
            listed.append(item)
        for name in present:
            if name not in first_line:
                where = (parent / name).relative_to(self.root).as_posix()
                ctx.error(items.pos if isinstance(items, YamlList) else f.where(key),
                          _unlisted_folder(what, where, name, key))
        return listed

    def _modules(self, course_id: str, module_ids: list[str], course_text: str) -> tuple[Module, ...]:
        """The modules, in order: with a cache, those it holds taken from it (:mod:`.load_cache`;
        *course_text*, ``course.yaml`` as read, is part of their keys); the others loaded partly by
        a worker process for a large course (:mod:`.parallel_load`), and here."""
        keys = self._cache_keys(module_ids, course_text)
        cached = {m: loaded for m in keys if (loaded := self.cache.find(keys[m])) is not None}
        missing = [m for m in module_ids if m not in cached]
        made = parallel_load.modules_in_order(self, course_id, missing, self._unit_counts(missing))
        modules = []
        for module_id in module_ids:
            loaded = cached.get(module_id)
            if loaded is None:
                loaded = next(made)[1]
                if loaded is None and self.cache is not None:  # loaded alone, so that it can be kept
                    loaded = parallel_load.load_alone(self, course_id, module_id)
            if self._take_over(loaded):
                module = loaded.module
                if module_id in cached:
                    self.cache.hits += 1
                elif self.cache is not None:
                    self.cache.store(keys[module_id], self.root, module_id, loaded)
            else:
                module = self._module(course_id, module_id)
            if module is not None:
                modules.append(module)
        return tuple(modules)

    def _cache_keys(self, module_ids: list[str], course_text: str) -> dict[str, str]:
        """Each module's key in the cache (none without a cache)."""
        if self.cache is None:
            return {}
        course = self.cache.course_digest(self, course_text.encode("utf-8"))
        return {m: self.cache.key(course, self.root / MODULES_DIR / m, self.root) for m in module_ids}

    def _unit_counts(self, module_ids: list[str]) -> list[int]:
        return [len(_subfolders(self.root / MODULES_DIR / module_id)) for module_id in module_ids]

    def _take_over(self, loaded: parallel_load.Loaded | None) -> bool:
        """Whether *loaded* is what loading its module here, now, gives; if so its messages, media
        and text become the course's. Not when the course's text limit is crossed in the module:
        loading it in order reports that at the file that crossed it, and reads nothing after."""
        budget = self.budget
        if (loaded is None or loaded.over_limit or budget.exceeded
                or budget.used + loaded.text_bytes > budget.limit):
            return False
        budget.used += loaded.text_bytes
        self.diagnostics.extend(loaded.diagnostics)
        self.media.used |= loaded.media_used
        return True

    def _module(self, course_id: str, module_id: str) -> Module | None:
        folder = self.root / MODULES_DIR / module_id
        ctx = self._context(folder / MODULE_FILE)
        data = parse_yaml(ctx.text, ctx.path, self.diagnostics) if ctx else None
        if ctx is None or data is None:
            return None
        f = Fields(ctx, data, "module.yaml",
                   required=("title", "summary", "outcomes", "estimated_minutes", "standards", "units"),
                   optional=("references",))
        outcomes = f.items("outcomes")
        if "outcomes" in f and not outcomes:
            ctx.error(f.where("outcomes"), "'outcomes' in module.yaml: expected at least one learning outcome")
        references = self._references(f)
        citable = {r.key: r for r in references if r.key}
        units = tuple(
            unit for unit in (self._unit(course_id, module_id, unit_id, citable)
                              for unit_id in self._listed_folders(f, "units", folder, UNIT_FILE, "unit"))
            if unit is not None)
        if references and units:
            units = units[:-1] + (_with_references(units[-1], references, course_id, module_id, ctx.path,
                                                   f.where("references").line),)
        return Module(
            id=module_id,
            uid=stable_uid(course_id, module_id),
            title=f.text("title"),
            summary=f.text("summary"),
            outcomes=tuple(Text(**read_languages(ctx, item, outcomes.where(i), f"outcome {i + 1}"))
                           for i, item in enumerate(outcomes)),
            estimated_minutes=f.integer("estimated_minutes", 0, minimum=1, maximum=6000),
            standards=f.standards("standards"),
            units=units,
            references=references,
            path=folder,
        )

    def _references(self, f: Fields) -> tuple[Reference, ...]:
        refs = []
        first_line: dict[str, int] = {}
        items = f.items("references")
        for index, item in enumerate(items):
            r = Fields(f.ctx, item, f"reference {index + 1}", required=("authors", "year", "title"),
                       optional=("key", "publisher", "url"), pos=items.where(index))
            url = r.string("url")
            if url and not HTTP_URL.match(url):
                f.ctx.error(r.where("url"), f"'url' in reference {index + 1}: expected an address "
                                            f"starting https:// or http://, got {describe(url)}")
            key = r.slug("key")
            if key in first_line:
                f.ctx.error(r.where("key"), f"duplicate reference key '{key}' (first used on line "
                                            f"{first_line[key]}): each key names one source")
                key = ""
            elif key:
                first_line[key] = r.where("key").line
            refs.append(Reference(r.string("authors"), r.text_or_number("year"), r.string("title"),
                                  r.string("publisher"), url, key))
        return tuple(refs)

    def _unit(self, course_id: str, module_id: str, unit_id: str,
              references: dict[str, Reference]) -> Unit | None:
        folder = self.root / MODULES_DIR / module_id / unit_id
        ctx = self._context(folder / UNIT_FILE)
        data = parse_yaml(ctx.text, ctx.path, self.diagnostics) if ctx else None
        if ctx is None or data is None:
            return None
        f = Fields(ctx, data, "unit.yaml", required=("title", "blocks"))
        ids = (course_id, module_id, unit_id)
        items = f.items("blocks")
        if "blocks" in f and not items:
            ctx.error(f.where("blocks"), "'blocks' in unit.yaml: expected at least one block")
        blocks = []
        first_line: dict[str, int] = {}
        for index, item in enumerate(items):
            block = read_block(BlockPlace(ctx, ids, folder, items.where(index), references), item, index)
            if block is None:
                continue
            if block.id in first_line:
                ctx.error(items.where(index), f"duplicate block id '{block.id}' in this unit "
                                              f"(first used on line {first_line[block.id]})")
                continue
            first_line[block.id] = block.line
            blocks.append(block)
        self._check_unused_markdown(ctx, folder, {b.id for b in blocks if b.kind == "prose"})
        unit = Unit(unit_id, stable_uid(*ids), f.text("title"), _numbered_checks(blocks), folder)
        for lang in LANGUAGES:
            words = words_in(unit, lang)
            if words > MAX_UNIT_WORDS:
                self.diagnostics.warning(ctx.path, 1, None, (
                    f"unit has {words:,} words in {LANGUAGE_NAMES_EN[lang]}: split it into units of at "
                    f"most {MAX_UNIT_WORDS:,} words, which a learner can take in one sitting"))
        return unit

    def _check_unused_markdown(self, ctx: FileContext, folder: Path, prose_ids: set[str]) -> None:
        for path in _markdown_files(folder):
            stem, _, lang = path.stem.rpartition(".")
            if lang not in LANGUAGES:
                self.diagnostics.error(path, None, None, f"Markdown file names end in "
                                                         f"{' or '.join(f'.{lang}.md' for lang in LANGUAGES)} "
                                                         f"(e.g. introduction.en.md), got '{path.name}'")
            elif stem not in prose_ids:
                self.diagnostics.error(path, None, None, f"not used by any block: add '- prose: {stem}' "
                                                         f"to {UNIT_FILE}{did_you_mean(stem, prose_ids)}, "
                                                         "or remove the file")


# Listing with os.scandir, whose entries know their type without a stat() each: a 5,000-unit
# course has 5,000 unit folders, and Path.iterdir()/glob() took a few percent of the load.
def _subfolders(parent: Path) -> list[str]:
    """The names of the folders in *parent* (not hidden), sorted; none if it is not a folder."""
    if not parent.is_dir():
        return []
    with os.scandir(parent) as entries:
        return sorted(e.name for e in entries if e.is_dir() and not e.name.startswith("."))


def _markdown_files(folder: Path) -> list[Path]:
    """Everything in *folder* whose name ends in ``.md``, sorted (what ``glob("*.md")`` finds)."""
    with os.scandir(folder) as entries:
        return [folder / name for name in sorted(e.name for e in entries if e.name.endswith(".md"))]


def _is_a_day(iso: str) -> bool:
    try:
        datetime.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def _missing(folder: Path, marker: str, where: str) -> str:
    if not folder.is_dir():
        return f"folder {where}/ does not exist"
    if (folder / marker).is_symlink():
        return f"{where}/{marker} is a symbolic link to a file that does not exist"
    return f"{where}/{marker} is missing"


def _unlisted_folder(what: str, where: str, name: str, key: str) -> str:
    if SLUG.match(name):
        return f"{what} folder {where}/ is not listed in '{key}': add '- {name}' or remove the folder"
    suggestion = suggested_id(name) or what
    return (f"{what} folder {where}/ has a name that cannot be an id (lower-case letters, digits and hyphens): "
            f"rename it to {suggestion} and list it in '{key}' as '- {suggestion}', or remove the folder")


def _numbered_checks(blocks: list) -> tuple:
    """The blocks, each check knowing its place among the unit's checks ("Question 2 of 3")."""
    count = sum(isinstance(b, Check) for b in blocks)
    numbers = iter(range(1, count + 1))
    return tuple(dataclasses.replace(b, number=next(numbers), count=count) if isinstance(b, Check) else b
                 for b in blocks)


def _with_references(unit: Unit, references: tuple[Reference, ...], course_id: str, module_id: str,
                     source: Path, line: int) -> Unit:
    """The module's last unit, ending with the module's reference list (a block of its own, so
    every output shows it with the templates and completion rules of a prose block)."""
    block = Prose(id=REFERENCES_ID, uid=stable_uid(course_id, module_id, REFERENCES_ID), source=source,
                  line=line, body=Markdown(Text(), Text()), references=harvard_order(references),
                  references_kind="module")
    return dataclasses.replace(unit, blocks=unit.blocks + (block,))


__all__ = ["LoadResult", "load_course", "LoadOptions", "MEDIA_DIR"]
