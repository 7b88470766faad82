"""The English-Welsh glossary, and the check that Welsh text uses its agreed terms.

``glossary.yaml`` beside the course folders (``content/glossary.yaml``) lists each term once with
its agreed Welsh, its review status and its source, so a Welsh speaker can review the terms in
one place. Where an English text uses a term, its Welsh counterpart should use the agreed Welsh
term, allowing for the initial mutations Welsh grammar applies; Welsh words the glossary says
to avoid are reported wherever they appear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .diagnostics import Diagnostics
from .fields import Fields, FileContext, LoadOptions
from .files import read_text
from .yamlfile import parse_yaml

GLOSSARY_FILE = "glossary.yaml"
_ENGLISH_WORD = re.compile(r"[^\W_]+")

# Welsh initial mutations (soft, nasal, aspirate), longest radicals first so "ll" wins over "l".
_MUTATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ll", ("l",)), ("rh", ("r",)),
    ("p", ("b", "mh", "ph")), ("t", ("d", "nh", "th")), ("c", ("g", "ngh", "ch")),
    ("b", ("f", "m")), ("d", ("dd", "n")), ("g", ("", "ng")), ("m", ("f",)),
)


def mutated_forms(word: str) -> set[str]:
    """Every form *word* can take at the start of a Welsh word: radical, mutated, h-prefixed.

    >>> sorted(mutated_forms("cyflwyno"))
    ['chyflwyno', 'cyflwyno', 'gyflwyno', 'nghyflwyno']
    """
    word = word.lower()
    forms = {word}
    for radical, replacements in _MUTATIONS:
        if word.startswith(radical):
            forms.update(r + word[len(radical):] for r in replacements)
            break
    if word[:1] in "aeiouwyâêîôûŵŷ":
        forms.add("h" + word)
    return forms


def _welsh_phrase(text: str) -> str:
    """A pattern for *text* where every word may mutate and take an ending, across line breaks."""
    parts = []
    for word in text.lower().split():
        starts = "|".join(sorted((re.escape(f) for f in mutated_forms(word)), key=len, reverse=True))
        parts.append(rf"(?:{starts})\w*")
    return r"\s+".join(parts)


@dataclass(frozen=True)
class Term:
    en: str
    """English term, as it appears in English text (matched case-insensitively, whole words)."""
    cy: str
    """Agreed Welsh term (its first word may mutate)."""
    status: str
    """``confirmed`` (from an authoritative source) or ``unconfirmed`` (needs a Welsh speaker)."""
    source: str
    """Where the Welsh came from."""
    avoid: tuple[str, ...] = ()
    """Welsh words not to use for this term (e.g. ``myfyrdod``, which also means meditation)."""
    check: bool = True
    """Whether to require the Welsh term wherever the English one appears."""
    forms: tuple[str, ...] = ()
    """Other Welsh forms that also count, e.g. a plural that does not start with the singular
    (``penaethiaid`` for ``pennaeth``) or the singular used after a number (``chwe Maes``)."""

    @cached_property
    def english_pattern(self) -> re.Pattern:
        # Whole words only: "assessment" must not match inside "self-assessment".
        words = r"\s+".join(re.escape(w) for w in self.en.split())
        return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.IGNORECASE)

    @cached_property
    def welsh_pattern(self) -> re.Pattern:
        phrases = "|".join(_welsh_phrase(text) for text in (self.cy, *self.forms))
        return re.compile(rf"(?<!\w)(?:{phrases})", re.IGNORECASE)

    @cached_property
    def avoid_pattern(self) -> re.Pattern | None:
        if not self.avoid:
            return None
        words = "|".join(re.escape(w) for w in self.avoid)
        return re.compile(rf"(?<!\w)(?:{words})\w*", re.IGNORECASE)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    path: Path

    @cached_property
    def _checked_by_first_word(self) -> dict[str, tuple[int, ...]]:
        """Positions in :attr:`terms` of the checked terms, by their first English word."""
        by_word: dict[str, list[int]] = {}
        for index, term in enumerate(self.terms):
            if term.check:
                by_word.setdefault(_ENGLISH_WORD.findall(term.en.lower())[0], []).append(index)
        return {word: tuple(indexes) for word, indexes in by_word.items()}

    @cached_property
    def _avoiding(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.avoid_pattern is not None)

    def _candidates(self, en: str) -> list[Term]:
        # A term can only match where its first English word occurs (a single-word term also as a
        # plural): looking words up first spares one regex search per term and text, which was
        # most of the time it took to load a course.
        found: set[int] = set()
        for word in set(_ENGLISH_WORD.findall(en.lower())):
            for form in (word, word[:-1], word[:-2]):
                found.update(self._checked_by_first_word.get(form, ()))
        return [self.terms[index] for index in sorted(found)]

    def problems(self, en: str, cy: str) -> list[str]:
        """What is wrong with *cy* as the Welsh of *en*, term by term."""
        found = []
        for term in (self._candidates(en) if cy else ()):
            if term.english_pattern.search(en) and not term.welsh_pattern.search(cy):
                found.append(f"the English uses '{term.en}' but the Welsh does not use the glossary's "
                             f"'{term.cy}' (or a mutated form): use it, or set 'check: false' for the "
                             f"term in {self.path.name}")
        for term in self._avoiding:
            for match in term.avoid_pattern.finditer(cy):
                found.append(f"the Welsh uses '{match.group(0)}', which the glossary says to avoid "
                             f"for '{term.en}': use '{term.cy}'")
        return found


def load_glossary(path: Path, diagnostics: Diagnostics) -> Glossary | None:
    """Read *path* (reporting its problems), or ``None`` when there is no glossary."""
    if not path.is_file():
        return None
    text = read_text(path, diagnostics)
    data = parse_yaml(text, path, diagnostics) if text is not None else None
    if data is None:
        return None
    ctx = FileContext(path, text, diagnostics, LoadOptions(), media=None)  # type: ignore[arg-type]
    top = Fields(ctx, data, GLOSSARY_FILE, required=("terms",))
    terms = []
    seen: dict[str, int] = {}
    items = top.items("terms")
    for index, item in enumerate(items):
        f = Fields(ctx, item, f"term {index + 1}", required=("en", "cy", "status", "source"),
                   optional=("avoid", "check", "note", "forms"), pos=items.where(index))
        en = f.string("en")
        if en.lower() in seen:
            ctx.error(f.where("en"), f"duplicate term '{en}' (first on line {seen[en.lower()]})")
        seen.setdefault(en.lower(), f.where("en").line)
        avoid = tuple(str(a) for a in f.items("avoid"))
        forms = tuple(str(a) for a in f.items("forms"))
        terms.append(Term(en, f.string("cy"), f.choice("status", ("confirmed", "unconfirmed"), "unconfirmed"),
                          f.string("source"), avoid, f.boolean("check", True), forms))
    return Glossary(tuple(terms), path)
