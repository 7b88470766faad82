"""The fast YAML reader (libyaml's events straight into positioned dicts and lists) against the full
one (PyYAML's composer and constructors), which is the reference: same data, same positions of
every key, value and item, same messages, for every content file we have and for mangled ones."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plxblocks.course import yamlfile
from plxblocks.course.diagnostics import Diagnostics
from plxblocks.course.yamlfile import YamlList, YamlMap, parse_yaml
from tests.conftest import CONTENT, DATA

HERE = Path(__file__).resolve().parent
YAML_FILES = sorted({*CONTENT.rglob("*.yaml"), *DATA.rglob("*.yaml"), *(HERE / "cases").glob("*.yaml")})


def shape(value: object) -> object:
    """*value* with the positions it carries, as plain data that ``==`` compares in full."""
    if isinstance(value, YamlMap):
        return ("map", value.pos, [(type(k), k, value.key_pos[k], value.value_pos[k], shape(v))
                                   for k, v in value.items()])
    if isinstance(value, YamlList):
        return ("list", value.pos, value.item_pos, [shape(v) for v in value])
    return (type(value), value)


def both_readers(text: str) -> tuple[tuple, tuple]:
    fast, full = Diagnostics(), Diagnostics()
    path = Path("unit.yaml")
    fast_data = parse_yaml(text, path, fast)
    full_data = yamlfile._parse_fully(text, path, full)
    return (shape(fast_data), fast.items), (shape(full_data), full.items)


def test_the_files_in_the_repository_read_the_same_both_ways():
    assert len(YAML_FILES) > 50
    for path in YAML_FILES:
        fast, full = both_readers(path.read_text(encoding="utf-8"))
        assert fast == full, path


def test_the_fast_reader_serves_the_content_files(monkeypatch):
    """Shipped content never needs the full reader (else the speed of issue 13 is not where it is said)."""
    def refuse(*args):
        raise AssertionError("the full reader was used")
    monkeypatch.setattr(yamlfile, "_parse_fully", refuse)
    for path in sorted(CONTENT.rglob("*.yaml")):
        assert parse_yaml(path.read_text(encoding="utf-8"), path, Diagnostics()) is not None


PIECES = st.sampled_from([
    "a", "b: ", "c:\n", "  ", "    ", "- ", "\n", "{", "}", "[", "]", ", ", ": ", "'", '"', "''", '"\\a"', '"\\x85"',
    "|\n", ">-\n", "1", "0x1F", "1_000", "-2", "1.5", ".inf", "yes", "No", "null", "~", "2026-02-30", "&x ", "*x",
    "!!str ", "! ", "<<: ", "= ", "? ", "---\n", "...\n", "#c", "\t", "é", "ŵ", "\ufdd0", "\x85", "%YAML 1.1\n",
    "9" * 40, "en: x\n", "cy: y\n", "a: 1\na: 2\n", "- [1, 2]\n", "{a: 1, a: {b: '\\0'}}\n",
])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30).map("".join))
@example(text="a: 1\na: {b: \"\\a\", b: 2}\nc: \"\\b\"\n")   # a duplicate's value is never read
@example(text="a: [" * 33 + "]" * 33)                          # too deep, reported at the 33rd
@example(text="x: \ufdd0\ny: 'plain'\n")                       # a forbidden character in the file itself
@example(text="a: &x 1\nb: *x\n")
@example(text="1: a\nnull: b\nyes: c\n1.5: d\n2026-01-01: e\n")
def test_any_text_reads_the_same_both_ways(text):
    fast, full = both_readers(text)
    assert fast == full


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12),
                    st.sampled_from(["yes", "1:20", "0o17", "2026-09-01", "é ŵ", "a: b", "- x", "'q'", "\x07"]))
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                         max_leaves=20)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS, flow=st.sampled_from([None, True, False]), width=st.sampled_from([20, 80]),
       style=st.sampled_from([None, "'", '"', "|"]))
def test_well_formed_documents_read_the_same_both_ways(document, flow, width, style):
    import yaml

    text = yaml.safe_dump(document, default_flow_style=flow, width=width, default_style=style, allow_unicode=True)
    fast, full = both_readers(text)
    assert fast == full
