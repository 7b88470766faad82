"""Typed reading of one YAML mapping, reporting every problem with its position.

Each accessor checks one key, records an error against the file and line when the value is
wrong, and returns a usable fallback so loading can continue and find the next mistake. This is
hand-written because schema libraries (pydantic, jsonschema) report paths, not lines, and stop
the object at the first error of a kind; authors need ``file:line`` for all of them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ..render.citations import CITATION
from ..render.markdown import render_markdown
from .characters import FORBIDDEN, describe_character, forbidden_references, line_and_column
from .diagnostics import Diagnostics, did_you_mean
from .files import TextBudget
from .markdown_checks import MarkdownFacts, inspect_markdown
from .media import MediaIndex
from .model import LANGUAGE_NAMES_EN, LANGUAGES, Markdown, Standard, Text
from .standards import STANDARDS
from .yamlfile import Pos, Reported, YamlList, YamlMap

if TYPE_CHECKING:
    from .glossary import Glossary

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""Ids are lower-case words joined by hyphens: they end up in URLs and LMS identifiers."""

def suggested_id(text: str) -> str:
    """*text* as an id: ``Module One`` -> ``module-one``, ``Dŵr a'r môr`` -> ``dwr-a-r-mor``.

    Hand-written: python-slugify does the same, but would join the base install for a hint in a
    message. Accents go (NFKD, then ASCII), everything else that is not a letter or digit is a hyphen.
    """
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))


def id_hint(value: Any) -> str:
    """``; for example 'module-one'`` for text that can be made an id, else an empty string."""
    suggestion = suggested_id(value) if isinstance(value, str) else ""
    return f"; for example '{suggestion}'" if suggestion and suggestion != value else ""


_VISIBLE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})
"""A quoted value in a message shows its line breaks and tabs as YAML writes them, on one line."""

_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list",
               dict: "a mapping of keys to values"}


def describe(value: Any) -> str:
    """How a wrong value reads in a message: ``"two" (text)``, ``a list``..."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (YamlMap, dict)):
        return "a mapping"
    if isinstance(value, (YamlList, list)):
        if all(isinstance(v, (str, int, float)) for v in value) and len(value) <= 5:
            return "[" + ", ".join(str(v) for v in value) + "]"
        return "a list"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:29] + "…"
        return f'"{short.translate(_VISIBLE_BREAKS)}" (text)'
    return repr(value)


@dataclass
class LoadOptions:
    allow_missing_translations: bool = False
    """Report a missing Welsh (or English) text as a warning instead of an error."""


@dataclass
class FileContext:
    """One content file being read, and the course-wide things its reading needs."""

    path: Path
    text: str
    diagnostics: Diagnostics
    options: LoadOptions
    media: MediaIndex
    glossary: "Glossary | None" = None
    budget: TextBudget | None = None
    """What the course may still read (every file of one course shares one)."""

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")

    def error(self, pos: Pos | None, message: str) -> None:
        self.diagnostics.error(self.path, pos and pos.line, pos and pos.col, message)

    def missing_translation(self, pos: Pos | None, lang: str, what: str) -> None:
        message = f"missing {LANGUAGE_NAMES_EN[lang]} translation ('{lang}') of {what}"
        if self.options.allow_missing_translations:
            self.diagnostics.warning(self.path, pos and pos.line, pos and pos.col, message)
        else:
            self.error(pos, message + " (or run with --allow-missing-translations while drafting)")

    def check_terms(self, pos: Pos | None, en: str, cy: str, path: Path | None = None) -> None:
        """Warn where the Welsh departs from the glossary's agreed terms."""
        if self.glossary is None:
            return
        for problem in self.glossary.problems(en, cy):
            self.diagnostics.warning(path or self.path, pos and pos.line, pos and pos.col, problem)

    def content_start(self, pos: Pos) -> int:
        """Line where a scalar's text begins: the next line for ``|`` and ``>`` block scalars."""
        line_text = self.lines[pos.line - 1][pos.col - 1:] if pos.line <= len(self.lines) else ""
        return pos.line + 1 if line_text[:1] in ("|", ">") else pos.line

    def markdown(self, source: str, first_line: int, path: Path | None = None) -> tuple[str, MarkdownFacts]:
        """Render *source* and report its problems, counting lines from *first_line*."""
        path = path or self.path
        rendered = render_markdown(source)
        self._check_references(source, rendered.html, first_line, path)
        facts = inspect_markdown(rendered.tokens)
        for problem in facts.problems:
            self.diagnostics.error(path, first_line + problem.line - 1, None, problem.message)
        for written, line in facts.media:
            resolved = self.media.check(written, path, first_line + line - 1)
            if resolved and resolved not in facts.resolved_media:
                facts.resolved_media.append(resolved)
        return rendered.html, facts


    def _check_references(self, source: str, html: str, first_line: int, path: Path) -> None:
        """Report ``&#7;`` and the like: the sanitiser turns such a reference in raw HTML into the
        character itself, which no XML file can hold (the source text itself was checked on reading)."""
        left = FORBIDDEN.search(html)
        if not left:
            return
        references = [ref for ref in forbidden_references(source) if ref[2] in html]  # &#128; is €, say
        references = references or [(0, "a character reference", left.group())]  # a form the pattern misses
        for offset, written, char in references:
            line, _col = line_and_column(source, offset)
            self.diagnostics.error(path, first_line + line - 1, None, (
                f"{written} stands for {describe_character(char)}: delete it; web pages and LMS files "
                "cannot hold that character"))


class Fields:
    """The keys of one YAML mapping, checked against what the format allows."""

    def __init__(self, ctx: FileContext, data: Any, what: str, *,
                 required: Iterable[str] = (), optional: Iterable[str] = (),
                 pos: Pos | None = None) -> None:
        self.ctx = ctx
        self.what = what
        required, optional = tuple(required), tuple(optional)
        if not isinstance(data, YamlMap):
            ctx.error(getattr(data, "pos", pos), f"{what}: expected a mapping of keys to values, got {describe(data)}")
            data = _empty_map(pos or Pos(1, 1))
        self.data: YamlMap = data
        allowed = required + optional
        for key in data:
            if key not in allowed:
                ctx.error(data.key_pos[key], f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}"
                          f"; allowed keys: {', '.join(allowed)}")
        for key in required:
            if key not in data or data[key] is None:
                ctx.error(data.key_pos.get(key, data.pos), f"missing required key '{key}' in {what}")

    def __contains__(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def where(self, key: str) -> Pos:
        return self.data.where(key)

    def raw(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key)
        return default if value is None else value

    def _typed(self, key: str, kind: type, default: Any) -> Any:
        value = self.data.get(key)
        if value is None or isinstance(value, Reported):
            return default
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.ctx.error(self.where(key), f"'{key}' in {self.what}: expected {_TYPE_NAMES[kind]}, "
                                            f"got {describe(value)}")
            return default
        return value

    def string(self, key: str, default: str = "", pattern: re.Pattern | None = None,
               expected: str = "") -> str:
        value = self._typed(key, str, None)
        if value is None:
            return default
        value = value.strip()
        if pattern is not None and not pattern.match(value):
            self.ctx.error(self.where(key), f"'{key}' in {self.what}: expected {expected}, got {describe(value)}")
        return value

    def text_or_number(self, key: str, default: str = "", pattern: re.Pattern | None = None,
                       expected: str = "") -> str:
        """A short value authors may write as a number (``year: 2007``, ``run: 2026``)."""
        value = self.data.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
            if pattern is not None and not pattern.match(value):
                self.ctx.error(self.where(key), f"'{key}' in {self.what}: expected {expected}, got {value}")
            return value
        return self.string(key, default, pattern, expected)

    def slug(self, key: str, default: str = "") -> str:
        value = self.string(key, default)
        if isinstance(self.data.get(key), str) and not SLUG.match(value):  # a wrong type is reported already
            self.ctx.error(self.where(key), f"'{key}' in {self.what}: expected an id of lower-case letters, "
                                            f"digits and hyphens, got {describe(value)}{id_hint(value)}")
        return value

    def integer(self, key: str, default: int, minimum: int | None = None,
                maximum: int | None = None) -> int:
        value = self._typed(key, int, None)
        if value is None:
            return default
        if minimum is not None and value < minimum or maximum is not None and value > maximum:
            bounds = (f"between {minimum} and {maximum}" if maximum is not None
                      else f"at least {minimum}")
            self.ctx.error(self.where(key), f"'{key}' in {self.what}: expected a whole number "
                                            f"{bounds}, got {value}")
            return default
        return value

    def boolean(self, key: str, default: bool) -> bool:
        return self._typed(key, bool, default)

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.string(key, default)
        if value not in choices:
            self.ctx.error(self.where(key), f"'{key}' in {self.what}: expected one of "
                                            f"{', '.join(choices)}, got {describe(value)}"
                                            f"{did_you_mean(value, choices)}")
            return default
        return value

    def items(self, key: str) -> YamlList:
        """The list under *key* (empty, with an error, when it is something else)."""
        value = self.data.get(key)
        if value is None:
            return _empty_list(self.where(key))
        if not isinstance(value, YamlList):
            squeezed = isinstance(value, str) and re.match(r"-(?=\S)", value)
            hint = f": a list item needs a space after its '-', as in '- {value[1:]}'" if squeezed else ""
            self.ctx.error(self.where(key), f"'{key}' in {self.what}: expected a list, got {describe(value)}{hint}")
            return _empty_list(self.where(key))
        return value

    def standards(self, key: str) -> tuple[Standard, ...]:
        found = []
        items = self.items(key)
        for index, value in enumerate(items):
            standard = STANDARDS.get(value) if isinstance(value, str) else None
            if standard is None:
                self.ctx.error(items.where(index), f"unknown professional standard {describe(value)} "
                                                   f"in {self.what}{did_you_mean(str(value), STANDARDS)}; "
                                                   f"expected one of {', '.join(STANDARDS)}")
            elif standard not in found:
                found.append(standard)
        return tuple(found)

    def text(self, key: str) -> Text:
        """Plain text in both languages, written as ``key: {en: ..., cy: ...}``."""
        return Text(**self._languages(key))

    def markdown(self, key: str) -> Markdown:
        """Markdown in both languages, rendered and checked."""
        sources = self._languages(key)
        html = {}
        value = self.data.get(key)
        for lang, source in sources.items():
            pos = value.where(lang) if isinstance(value, YamlMap) else self.where(key)
            first_line = self.ctx.content_start(pos)
            html[lang] = self.ctx.markdown(source, first_line)[0] if source else ""
            for match in CITATION.finditer(source):
                self.ctx.diagnostics.error(self.ctx.path, first_line + source.count("\n", 0, match.start()), None,
                                           f"citation {match.group(0)} in '{key}' of {self.what}: citations "
                                           "link to the sources listed under a prose text, so they work in "
                                           "prose (.md) files only; name the source in words here")
        return Markdown(Text(**sources), Text(**html))

    def _languages(self, key: str) -> dict[str, str]:
        return read_languages(self.ctx, self.data.get(key), self.where(key), f"'{key}' in {self.what}")


def read_languages(ctx: FileContext, value: Any, pos: Pos, what: str) -> dict[str, str]:
    """``{en: ..., cy: ...}`` from a ``{en: ..., cy: ...}`` mapping, reporting missing languages."""
    if value is None:
        return {lang: "" for lang in LANGUAGES}
    if isinstance(value, str):
        ctx.error(pos, f"{what}: expected English and Welsh text as 'en:' and 'cy:' keys, "
                       "got a single text")
        return {"en": value, "cy": ""}
    if not isinstance(value, YamlMap):
        ctx.error(getattr(value, "pos", pos), f"{what}: expected English and Welsh text as 'en:' and "
                                              f"'cy:' keys, got {describe(value)}")
        return {lang: "" for lang in LANGUAGES}
    texts = Fields(ctx, value, what, optional=LANGUAGES, pos=pos)
    result = {}
    for lang in LANGUAGES:
        text = texts.string(lang)
        if not text:
            ctx.missing_translation(texts.data.key_pos.get(lang, texts.data.pos), lang, what)
        result[lang] = text
    if result["en"] and result["cy"]:
        ctx.check_terms(texts.data.key_pos.get("cy", pos), result["en"], result["cy"])
    return result


def _empty_map(pos: Pos) -> YamlMap:
    data = YamlMap()
    data.pos, data.key_pos, data.value_pos = pos, {}, {}
    return data


def _empty_list(pos: Pos) -> YamlList:
    data = YamlList()
    data.pos, data.item_pos = pos, []
    return data
