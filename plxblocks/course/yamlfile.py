"""YAML that remembers where every key and item came from.

PyYAML's constructors throw positions away; course authors need ``file:line`` in every message,
so this loader builds ordinary dicts and lists that also carry the line and column of each key,
value and item. Duplicate keys, which YAML allows silently, are reported instead of overwritten.

Two readers build the same thing. The fast one (:func:`_read_plain`) makes the dicts and lists
straight from libyaml's events in one pass, checking the nesting depth on the way; it serves the
YAML content files are written in (mappings, lists, plain and quoted text, numbers, booleans).
A file that uses anything else (anchors, aliases, tags, a mapping as a key, a second document)
or that is malformed goes to the full reader, PyYAML's composer and the constructors of
:class:`_LocatingLoader`, whose results and messages are the reference: a property test holds the
fast reader to them. The full reader took three quarters of the time of YAML (issue 13).
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from . import limits
from .characters import FORBIDDEN, REMEDY, describe_character, forbidden_characters
from .diagnostics import Diagnostics
from .yaml_errors import explain

try:  # libyaml's parser is several times faster; the constructors below stay in Python.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class Pos(NamedTuple):
    """A 1-based position in a file. A named tuple, not a frozen dataclass: the loader makes
    three for every key of every file, and a tuple is made in a third of the time."""

    line: int
    col: int

    @classmethod
    def of(cls, node: yaml.Node) -> "Pos":
        return cls(node.start_mark.line + 1, node.start_mark.column + 1)


class YamlMap(dict):
    """A mapping that knows the position of itself, of each key and of each value."""

    pos: Pos
    key_pos: dict[str, Pos]
    value_pos: dict[str, Pos]

    def where(self, key: str) -> Pos:
        """Position of ``key``'s value, or of the mapping itself when the key is absent."""
        return self.value_pos.get(key, self.pos)


class YamlList(list):
    """A list that knows its own position and each item's."""

    pos: Pos
    item_pos: list[Pos]

    def where(self, index: int) -> Pos:
        return self.item_pos[index] if index < len(self.item_pos) else self.pos


class Reported(str):
    """A value the YAML reader has already reported as unusable (its text, as written): the
    checks that read it later stay quiet, so one mistake gives one message."""


class _LocatingLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    duplicate_keys: list[tuple[str, Pos]]
    problems: list[tuple[Pos, str]]
    """What the constructors found wrong with single values, reported after the parse."""

    def construct_yaml_map(self, node):  # noqa: D102 - PyYAML hook
        data = YamlMap()
        data.pos = Pos.of(node)
        data.key_pos, data.value_pos = {}, {}
        yield data
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):  # `1:` or `yes:` as a key: report it by its text
                key = str(key)
            if key in data:
                self.duplicate_keys.append((key, Pos.of(key_node)))
                continue
            data[key] = self.construct_object(value_node, deep=True)
            data.key_pos[key] = Pos.of(key_node)
            data.value_pos[key] = Pos.of(value_node)

    def construct_yaml_seq(self, node):  # noqa: D102 - PyYAML hook
        data = YamlList()
        data.pos = Pos.of(node)
        data.item_pos = [Pos.of(child) for child in node.value]
        yield data
        data.extend(self.construct_object(child, deep=True) for child in node.value)

    def construct_yaml_timestamp(self, node):  # noqa: D102 - PyYAML hook
        # Dates stay text: the model parses them where a date is expected, with a clear message.
        return self.construct_yaml_str(node)

    def construct_yaml_str(self, node):  # noqa: D102 - PyYAML hook
        # Escapes in double quotes ("\a", "\0", "\uFFFE") make characters no XML file can hold;
        # the raw text was checked when the file was read, so only escaped ones can reach here.
        value = self.construct_scalar(node)
        found = list(forbidden_characters(value))
        if not found:
            return value
        for char in dict.fromkeys(char for _offset, char in found):
            self.problems.append((Pos.of(node), f"text holds {describe_character(char)}, written "
                                                f"{_yaml_escape(char)} in double quotes: {REMEDY}"))
        return FORBIDDEN.sub("\ufffd", value)  # reported; the rest of the file is still checked

    def construct_yaml_int(self, node):  # noqa: D102 - PyYAML hook
        # Python refuses to turn integers of over 4,300 digits into numbers (ValueError), and long
        # "1:2:3..." (base-60 in YAML 1.1) or 0x... values take quadratic time: refuse long ones first.
        text = self.construct_scalar(node)
        digits = _digit_count(text)
        if digits > limits.NUMBER_DIGITS:
            self.problems.append((Pos.of(node), (
                f"a number of {digits:,} digits: no setting takes more than {limits.NUMBER_DIGITS}; "
                "if it is meant as text, put it in quotes")))
            return Reported(text)
        return super().construct_yaml_int(node)


def _digit_count(number: str) -> int:
    """Digits in a YAML integer as written: no sign, ``0x``/``0b`` prefix, ``_`` or ``:``."""
    number = number.lstrip("+-")
    if number[:2] in ("0x", "0b"):
        number = number[2:]
    return sum(ch.isalnum() for ch in number)


_NAMED_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\v": "\\v", "\f": "\\f", "\x1b": "\\e"}


def _yaml_escape(char: str) -> str:
    """How YAML's double quotes write *char*: ``\\a``, ``\\x1f``, ``\\uFFFE``..."""
    code = ord(char)
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _LocatingLoader.construct_yaml_map)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _LocatingLoader.construct_yaml_seq)
_LocatingLoader.add_constructor("tag:yaml.org,2002:timestamp", _LocatingLoader.construct_yaml_timestamp)
_LocatingLoader.add_constructor("tag:yaml.org,2002:str", _LocatingLoader.construct_yaml_str)
_LocatingLoader.add_constructor("tag:yaml.org,2002:int", _LocatingLoader.construct_yaml_int)


def parse_yaml(text: str, path: Path, diagnostics: Diagnostics) -> Any:
    """Parse *text*; report malformed YAML and duplicate keys against *path*. ``None`` on failure."""
    loader = _LocatingLoader(text)
    loader.duplicate_keys, loader.problems = [], []
    try:
        data = _read_plain(loader, FORBIDDEN.search(text) is not None)
    except _TooDeep as too_deep:
        _report_too_deep(path, too_deep.pos, diagnostics)
        return None
    except Exception:  # noqa: BLE001 - whatever it is, the full reader says it as before (or raises it)
        data = _FULL_READER
    finally:
        loader.dispose()
    if data is _FULL_READER:
        return _parse_fully(text, path, diagnostics)
    _report(loader, path, diagnostics)
    return data


def _parse_fully(text: str, path: Path, diagnostics: Diagnostics) -> Any:
    """:func:`parse_yaml` by PyYAML's composer and the constructors of :class:`_LocatingLoader`."""
    too_deep = _too_deep(text)
    if too_deep is not None:
        _report_too_deep(path, too_deep, diagnostics)
        return None
    loader = _LocatingLoader(text)
    loader.duplicate_keys, loader.problems = [], []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        explained = explain(exc, text)
        diagnostics.error(path, explained.line, explained.col, explained.message)
        return None
    finally:
        loader.dispose()
    _report(loader, path, diagnostics)
    return data


def _report(loader: _LocatingLoader, path: Path, diagnostics: Diagnostics) -> None:
    for key, pos in loader.duplicate_keys:
        diagnostics.error(path, pos.line, pos.col, f"duplicate key '{key}': each key may appear once")
    for pos, message in loader.problems:
        diagnostics.error(path, pos.line, pos.col, message)


def _report_too_deep(path: Path, pos: Pos, diagnostics: Diagnostics) -> None:
    diagnostics.error(path, pos.line, pos.col, (
        f"mappings and lists are nested more than {limits.YAML_DEPTH} deep here: no content file "
        "needs more than 10 levels; check the brackets and the indentation"))


# ------------------------------------------------------------------------------ the fast reader

class _Unusual(Exception):
    """The file uses YAML the fast reader leaves to the full one."""


class _TooDeep(Exception):
    def __init__(self, pos: Pos) -> None:
        super().__init__(pos)
        self.pos = pos


_STR = "tag:yaml.org,2002:str"
_BUILT_BY_CONSTRUCTOR = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null",
                                                                           "timestamp"))
"""Implicit tags the fast reader hands to :class:`_LocatingLoader`'s own constructors, one scalar at a
time (numbers, booleans, null and dates are few); any other resolved tag (``<<`` merge keys, ``=``)
sends the file to the full reader."""
_NO_KEY = object()
_FULL_READER = object()


@functools.lru_cache(maxsize=None)
def _resolvers(loader_class: type) -> dict[str, list]:
    """The implicit resolvers of PyYAML's ``Resolver.resolve`` for a plain scalar, by first character
    (the wildcard ones appended, as there)."""
    table = loader_class.yaml_implicit_resolvers
    wildcard = table.get(None, [])
    return {first: resolvers + wildcard for first, resolvers in table.items() if first is not None}


def _read_plain(loader: _LocatingLoader, check_every_text: bool) -> Any:
    """The document of *loader*'s text, built from its events as the full reader builds it.

    Raises :class:`_Unusual` for what only the full reader handles and :class:`_TooDeep` past the
    depth limit; any other exception (malformed YAML) is also the full reader's to report. Only
    double-quoted text can hold a character the file itself does not (an escape), so only that is
    checked for forbidden characters, unless the file holds one (*check_every_text*).
    """
    get_event, problems, duplicates = loader.get_event, loader.problems, loader.duplicate_keys
    resolvers = _resolvers(type(loader))
    wildcard = type(loader).yaml_implicit_resolvers.get(None, [])
    scalar, mapping_start, mapping_end, sequence_end = (yaml.ScalarEvent, yaml.MappingStartEvent,
                                                        yaml.MappingEndEvent, yaml.SequenceEndEvent)
    new_pos, yaml_list = tuple.__new__, YamlList  # (a named tuple's own __new__ is a Python call)
    # One frame per open mapping or list: [container, pending key, key's position, marks of the
    # lists of problems to cut back to when the key was a duplicate (its value is not kept)].
    stack: list[list] = []
    documents = 0
    root = None
    while True:
        event = get_event()
        kind = event.__class__
        if kind is scalar:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            mark = event.start_mark
            pos = new_pos(Pos, (mark.line + 1, mark.column + 1))
            value = event.value
            tag = _STR
            if event.implicit[0]:
                for resolved, pattern in resolvers.get(value[:1], wildcard):
                    if pattern.match(value):
                        tag = resolved
                        break
            if tag != _STR:
                if tag not in _BUILT_BY_CONSTRUCTOR:
                    raise _Unusual
                value = loader.yaml_constructors[tag](
                    loader, yaml.ScalarNode(tag, value, mark, event.end_mark, event.style))
            elif check_every_text or event.style == '"':
                value = loader.construct_yaml_str(yaml.ScalarNode(tag, value, mark, event.end_mark, event.style))
            is_scalar = True
        elif kind is mapping_start or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            mark = event.start_mark
            if len(stack) >= limits.YAML_DEPTH:
                raise _TooDeep(Pos(mark.line + 1, mark.column + 1))
            container = YamlMap() if kind is mapping_start else YamlList()
            container.pos = new_pos(Pos, (mark.line + 1, mark.column + 1))
            if kind is mapping_start:
                container.key_pos, container.value_pos = {}, {}
            else:
                container.item_pos = []
            stack.append([container, _NO_KEY, None, None])
            continue
        elif kind is mapping_end or kind is sequence_end:
            value = stack.pop()[0]
            pos = value.pos
            is_scalar = False
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual
            continue
        elif kind is yaml.StreamEndEvent:
            return root
        elif kind is yaml.AliasEvent:
            raise _Unusual
        else:  # StreamStartEvent, DocumentEndEvent
            continue
        if not stack:
            root = value
            continue
        frame = stack[-1]
        container = frame[0]
        if container.__class__ is yaml_list:
            container.append(value)
            container.item_pos.append(pos)
        elif frame[1] is _NO_KEY:
            if not is_scalar:
                raise _Unusual  # a mapping or list as a key
            key = value if isinstance(value, str) else str(value)
            if key in container:
                duplicates.append((key, pos))
                frame[3] = (len(problems), len(duplicates))
            frame[1], frame[2] = key, pos
        else:
            key = frame[1]
            if frame[3] is None:
                container[key] = value
                container.key_pos[key] = frame[2]
                container.value_pos[key] = pos
            else:  # the full reader never builds a duplicate key's value, so it reports nothing in it
                del problems[frame[3][0]:], duplicates[frame[3][1]:]
                frame[3] = None
            frame[1] = _NO_KEY


_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _too_deep(text: str) -> Pos | None:
    """Where *text* first nests deeper than :data:`limits.YAML_DEPTH`, or ``None``.

    Read from the parser's events, before anything builds a tree: libyaml's composer recurses once
    per level and crashes the process (a segmentation fault, not an exception) at about 100,000
    levels, and PyYAML's constructors raise RecursionError far sooner. A malformed file is left
    to the parse proper, which reports it.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, _OPENING):
                depth += 1
                if depth > limits.YAML_DEPTH:
                    return Pos(event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None
