"""YAML that remembers where every key and item came from.

PyYAML's constructors throw positions away; course authors need ``file:line`` in every message,
so this loader builds ordinary dicts and lists that also carry the line and column of each key,
value and item. Duplicate keys, which YAML allows silently, are reported instead of overwritten.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .diagnostics import Diagnostics

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


class _LocatingLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    duplicate_keys: list[tuple[str, Pos]]

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
        return self.construct_scalar(node)


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _LocatingLoader.construct_yaml_map)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _LocatingLoader.construct_yaml_seq)
_LocatingLoader.add_constructor("tag:yaml.org,2002:timestamp", _LocatingLoader.construct_yaml_timestamp)


def parse_yaml(text: str, path: Path, diagnostics: Diagnostics) -> Any:
    """Parse *text*; report malformed YAML and duplicate keys against *path*. ``None`` on failure."""
    loader = _LocatingLoader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        diagnostics.error(path, line, col, f"malformed YAML: {problem}")
        return None
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        diagnostics.error(path, None, None, f"malformed YAML: {exc}")
        return None
    finally:
        loader.dispose()
    for key, pos in loader.duplicate_keys:
        diagnostics.error(path, pos.line, pos.col, f"duplicate key '{key}': each key may appear once")
    return data
