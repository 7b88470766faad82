"""PyYAML's error messages, said as what an author should do.

"mapping values are not allowed in this context" means, nine times in ten, a colon in text that
is not in quotes; "did not find expected key" after a quoted text, an apostrophe that closed the
quotes early (Welsh has many: ``'Beth yw'r pwynt'``). Each rule below recognises one of the
messages libyaml gives, looks at the line it points to, and says what to change there, with the
line as it should be written when that can be worked out. The mark libyaml reports is not always
where the mistake is (a quote never closed is reported at the end of the file), so a rule may
point at another line. A message no rule knows keeps PyYAML's words, with a general hint.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import yaml

from .characters import line_and_column

INDENT_HINT = "indent with spaces, two for each level"


@dataclass(frozen=True)
class Explained:
    line: int | None
    col: int | None
    message: str


@dataclass(frozen=True)
class _Error:
    """The parts of a YAML error the rules read, with 1-based positions."""

    problem: str
    context: str
    line: int
    col: int
    context_line: int | None
    context_col: int | None
    lines: list[str]

    def text(self, line: int) -> str:
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    @property
    def char(self) -> str:
        text = self.text(self.line)
        return text[self.col - 1] if self.col - 1 < len(text) else ""

    def at(self, message: str) -> Explained:
        return Explained(self.line, self.col, message)

    def at_context(self, message: str) -> Explained:
        return Explained(self.context_line or self.line, self.context_col or self.col, message)


def explain(error: yaml.YAMLError, text: str) -> Explained:
    """What *error* (raised parsing *text*) means for the author, and where."""
    if not isinstance(error, yaml.MarkedYAMLError):
        position = getattr(error, "position", None)
        line, col = line_and_column(text, position) if isinstance(position, int) else (None, None)
        return Explained(line, col, f"malformed YAML: {error}")
    mark = error.problem_mark or error.context_mark
    context = error.context_mark
    parts = _Error(error.problem or "", error.context or "", mark.line + 1 if mark else 1,
                   mark.column + 1 if mark else 1, context and context.line + 1, context and context.column + 1,
                   text.split("\n"))
    for explainer in _RULES:
        explained = explainer(parts)
        if explained is not None:
            return explained
    return parts.at(f"malformed YAML: {parts.problem or parts.context}: check the indentation ({INDENT_HINT}) "
                    "and put text that holds ': ' or starts with a sign such as * & ! [ { in quotes")


# ------------------------------------------------------------------------------------- the rules

def _tab(e: _Error) -> Explained | None:
    for line in (e.line, e.line - 1):
        col = _leading_tab(e.text(line))
        if col is not None:
            return Explained(line, col, f"a tab in the indentation: YAML does not allow tabs there; {INDENT_HINT}")
    if "tab character" in e.problem or e.char == "\t":
        return e.at(f"a tab where YAML expects spaces: replace it with spaces ({INDENT_HINT})")
    return None


def _colon_in_text(e: _Error) -> Explained | None:
    if "mapping values are not allowed" not in e.problem:
        return None
    entry = _entry(e.text(e.line))
    if entry and entry.value_col <= e.col:
        return e.at(f"a colon followed by a space in text that is not in quotes: put the whole text in quotes, "
                    f"e.g. {entry.quoted()}")
    above = _line_above(e)
    if above is not None:
        above_text = e.text(above)
        squeezed = re.search(r"\w:(?=\S)", above_text)
        if squeezed and not _entry(above_text):
            return Explained(above, squeezed.start() + 2, "a key needs a space after its colon: write "
                                                          f"'{above_text[:squeezed.end()].strip()} ...'")
        if ":" not in above_text and not above_text.lstrip().startswith("- "):
            return Explained(above, _indent(above_text) + 1, (
                f"'{above_text.strip()}' has no colon, so YAML reads it and the next line as one text: "
                "write it as 'key: value', or remove it"))
        if _indent(e.text(e.line)) > _indent(above_text):
            return e.at("this line is indented more than the one above, so YAML reads it as more of the text "
                        "there: start it in the same column as the keys it belongs with")
    return e.at("a colon followed by a space is only allowed after a key: put text that holds one in quotes")


def _missing_colon(e: _Error) -> Explained | None:
    if "could not find expected ':'" not in e.problem:
        return None
    line = e.context_line or e.line
    return Explained(line, e.context_col, (
        f"'{e.text(line).strip()}' has no colon: write 'key: value' (or, if it is text going on from the line "
        "above, indent it further or put the whole text in quotes)"))


def _special_first_character(e: _Error) -> Explained | None:
    if "cannot start any token" not in e.problem:
        return None
    entry = _entry(e.text(e.line))
    example = f", e.g. {entry.quoted()}" if entry and entry.value_col == e.col else ""
    return e.at(f"text cannot start with '{e.char}' unless it is in quotes: put the text in quotes{example}")


def _alias_or_anchor(e: _Error) -> Explained | None:
    if "alias" in e.context or "alias" in e.problem:
        sign, meaning = "*", "a YAML alias (a reference to an '&' anchor)"
    elif "anchor" in e.context:
        sign, meaning = "&", "a YAML anchor"
    else:
        return None
    where = e.at_context if e.context else e.at
    entry = _entry(e.text((e.context_line if e.context else None) or e.line))
    example = f", e.g. {entry.quoted()}" if entry and entry.value.startswith(sign) else ""
    return where(f"text that starts with '{sign}' is read as {meaning}: put the text in quotes{example}")


def _quote_closed_early(e: _Error) -> Explained | None:
    if "did not find expected key" not in e.problem:
        return None
    entry = _entry(e.text(e.line))
    if entry is None or entry.value_col >= e.col:
        return None
    quote = entry.value[:1]
    if quote in ("'", '"'):
        name, article = ("apostrophe", "an") if quote == "'" else ("double quote", "a")
        advice = ("inside '...' write an apostrophe as two (''), or put the text in double quotes"
                  if quote == "'" else "inside \"...\" write a double quote as \\\", or put the text in single quotes")
        return e.at(f"text goes on after its closing {name}: {article} {name} inside the text ends it early; "
                    f"{advice}, e.g. {entry.quoted()}")
    if quote in ("[", "{"):
        kind = "list" if quote == "[" else "mapping"
        return e.at(f"text that starts with '{quote}' is read as a {kind}: put the whole text in quotes, "
                    f"e.g. {entry.quoted()}")
    return None


def _misaligned_key(e: _Error) -> Explained | None:
    if "did not find expected key" not in e.problem:
        return None
    return e.at(f"this line does not line up with the keys above it: start it in the same column as the keys it "
                f"belongs with ({INDENT_HINT})")


@dataclass(frozen=True)
class _Plain:
    """A rule whose message needs nothing from the line: it applies when *problem* and *context*
    are part of PyYAML's problem and context."""

    problem: str
    message: str
    """May name ``{context_line}``, the line PyYAML's context points at."""
    context: str = ""
    at_context: bool = False
    """Point at the context (where a quote opened), not at the problem (the end of the file)."""

    def __call__(self, e: _Error) -> Explained | None:
        if self.problem not in e.problem or self.context not in e.context:
            return None
        message = self.message.format(context_line=e.context_line)
        return e.at_context(message) if self.at_context else e.at(message)


def _unclosed_bracket(e: _Error) -> Explained | None:
    found = re.search(r"expected ',' or '([\]}])'", e.problem)
    if not found:
        return None
    closer = found.group(1)
    opener = "[" if closer == "]" else "{"
    return e.at(f"the '{opener}' on line {e.context_line} is not closed where expected: close it with "
                f"'{closer}', and put any text inside it that holds a comma, a colon or a quote in quotes")


_BAD_ESCAPE = ("a backslash in double quotes starts an escape such as \\n, and this one is not valid: write \\\\ "
               "for a backslash, or put the text in single quotes")

_RULES: tuple[Callable[[_Error], Explained | None], ...] = (
    _tab, _colon_in_text, _missing_colon, _special_first_character, _alias_or_anchor, _quote_closed_early,
    _misaligned_key,
    _Plain("expected '-' indicator", "this line does not line up with the list that starts on line "
                                     "{context_line}: start each item with '- ' in the same column, and the keys "
                                     "of an item under its first key"),
    _Plain("end of stream", "this quote is never closed: end the text with the same quote mark",
           context="quoted scalar", at_context=True),
    _Plain("unknown escape character", _BAD_ESCAPE),
    _Plain("hexdecimal number", _BAD_ESCAPE),
    _Plain("line break", "text on the same line as '|' or '>': start the text on the next line, indented",
           context="block scalar"),
    _Plain("block sequence entries are not allowed", "a '- ' list item cannot follow a key on the same line: "
                                                     "start the list on the next line, indented (or put the text "
                                                     "in quotes if the dash belongs to it)"),
    _Plain("mapping keys are not allowed", "text that starts with '? ' is read as a YAML key: put the text in quotes"),
    _Plain("could not determine a constructor for the tag", "text that starts with '!' is read as a YAML tag: put "
                                                            "the text in quotes"),
    _Plain("recursive node", "text that starts with '&' and holds a '*' is read as a YAML anchor used inside "
                             "itself: put the text in quotes"),
    _unclosed_bracket,
    _Plain("another document", "a second document starts here ('---'): a content file holds only one; remove "
                               "this line"),
    _Plain("", "a line that starts with '%' is read as a YAML directive: put the text in quotes",
           context="directive", at_context=True),
)


# ----------------------------------------------------------------------------------- line reading

_ENTRY = re.compile(r"^(?P<lead>\s*(?:- +)?)(?P<key>[\w-]+):[ \t]+(?P<value>\S.*?)\s*$")
"""``  en: some text`` or ``- id: x``: a key with text after it on one line."""


@dataclass(frozen=True)
class _Entry:
    key: str
    value: str
    value_col: int
    """1-based column where the value starts."""

    def quoted(self) -> str:
        """The entry as it should be written: the value in double quotes."""
        value = self.value
        if len(value) > 1 and value[0] == value[-1] and value[0] in ("'", '"'):
            value = value[1:-1]  # quoted, but closed early by a quote inside: keep the text inside
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'{self.key}: "{escaped}"'


def _entry(line: str) -> _Entry | None:
    found = _ENTRY.match(line)
    if not found:
        return None
    return _Entry(found.group("key"), found.group("value"), found.start("value") + 1)


def _leading_tab(line: str) -> int | None:
    """1-based column of a tab in *line*'s indentation, or ``None``."""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return indent.index("\t") + 1 if "\t" in indent else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_above(e: _Error) -> int | None:
    for line in range(e.line - 1, 0, -1):
        if e.text(line).strip() and not e.text(line).lstrip().startswith("#"):
            return line
    return None
