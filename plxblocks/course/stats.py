"""Counts that tell an author and a consortium how big a course is."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from .markdown_checks import count_words_in
from .model import LANGUAGES, Check, Course, Example, Markdown, Module, PeerReview, Reflection, Standard, Text


@dataclass(frozen=True)
class Stats:
    modules: int
    units: int
    checks: int
    reflections: int
    peer_tasks: int
    words: dict[str, int]
    """Words the learner reads in each language (Markdown syntax and link targets excluded)."""
    minutes: int
    """Estimated learning time."""

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    def __add__(self, other: "Stats") -> "Stats":
        return Stats(*(getattr(self, f.name) + getattr(other, f.name) if f.name != "words"
                       else {lang: self.words[lang] + other.words[lang] for lang in LANGUAGES}
                       for f in dataclasses.fields(self)))

    def summary(self) -> str:
        words = ", ".join(f"{self.words[lang]:,} words {lang}" for lang in LANGUAGES)
        return (f"{_n(self.modules, 'module')}, {_n(self.units, 'unit')}, {_n(self.checks, 'check')}, "
                f"{_n(self.reflections, 'reflection')}, {_n(self.peer_tasks, 'peer task')}; {words}; "
                f"about {_n_hours(self.hours)}")


def _n_hours(hours: float) -> str:
    return f"{hours:g} hour{'' if hours == 1 else 's'}"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def module_stats(module: Module) -> Stats:
    blocks = [b for unit in module.units for b in unit.blocks]
    return Stats(
        modules=1,
        units=len(module.units),
        checks=sum(isinstance(b, Check) for b in blocks),
        reflections=sum(isinstance(b, Reflection) for b in blocks),
        peer_tasks=sum(isinstance(b, PeerReview) for b in blocks),
        words={lang: words_in(module, lang) for lang in LANGUAGES},
        minutes=module.estimated_minutes,
    )


def course_stats(course: Course) -> Stats:
    own_text = {lang: words_in(course.title, lang) + words_in(course.summary, lang) for lang in LANGUAGES}
    total = Stats(0, 0, 0, 0, 0, own_text, 0)
    for module in course.modules:
        total = total + module_stats(module)
    return total


def words_in(obj: object, lang: str) -> int:
    """Words in every text of *obj* (any part of the model), found by walking its dataclasses."""
    texts: list[str] = []
    _collect_texts(obj, lang, texts)
    return count_words_in(texts)  # in one go: a unit has a dozen short texts, and each count had its cost


def _collect_texts(obj: object, lang: str, texts: list[str]) -> None:
    if isinstance(obj, (Standard, Example)):  # a tag; a response read while reviewing, like a colleague's
        return
    if isinstance(obj, Text):
        texts.append(getattr(obj, lang))
    elif isinstance(obj, Markdown):
        texts.append(getattr(obj.source, lang))
    elif isinstance(obj, tuple):
        for item in obj:
            _collect_texts(item, lang, texts)
    elif dataclasses.is_dataclass(obj):
        for name in _text_fields(type(obj)):
            _collect_texts(getattr(obj, name), lang, texts)


@lru_cache(maxsize=None)
def _text_fields(cls: type) -> tuple[str, ...]:
    """The fields of a model class that can hold reading matter (not ids, numbers or paths)."""
    return tuple(f.name for f in dataclasses.fields(cls)
                 if not (f.type in ("str", "int", "bool", "Path") or f.name in ("id", "uid", "source", "path")))
