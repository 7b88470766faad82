"""PyYAML's messages said as what to do, for the mistakes authors make (issue 12.5). The commonest
are also case files (cases/yaml-*.yaml), checked through the whole loader; these pin the rest."""
from __future__ import annotations

from pathlib import Path

import pytest

from plxblocks.course.diagnostics import Diagnostics
from plxblocks.course.yamlfile import parse_yaml

QUOTE_IT = "put the text in quotes"

CASES = {
    "title:\n  en: `code` here\n": "2:7: text cannot start with '`' unless it is in quotes: put the text in quotes, "
                                   "e.g. en: \"`code` here\"",
    "title:\n  en: @someone\n": "2:7: text cannot start with '@' unless it is in quotes",
    "title:\n  en: [draft] title\n": "2:15: text that starts with '[' is read as a list: put the whole text in quotes, "
                                     "e.g. en: \"[draft] title\"",
    "title:\n  en: \"Hello\" world\n": "2:15: text goes on after its closing double quote: a double quote inside the "
                                       "text ends it early",
    "prompt:\n  en: | Think\n": "2:9: text on the same line as '|' or '>': start the text on the next line, indented",
    "title:\n  en: - a\n": "2:7: a '- ' list item cannot follow a key on the same line",
    "%x\ntitle: a\n": "1:1: a line that starts with '%' is read as a YAML directive: " + QUOTE_IT,
    "title: a\n---\ntitle: b\n": "2:1: a second document starts here ('---'): a content file holds only one",
    "title:\n  en: ? what\n": "2:7: text that starts with '? ' is read as a YAML key: " + QUOTE_IT,
    "title:\n  en: !important\n": "2:7: text that starts with '!' is read as a YAML tag: " + QUOTE_IT,
    "title:\n  en: \"C:\\new\\q\"\n": "2:14: a backslash in double quotes starts an escape such as \\n, and this one is "
                                      "not valid: write \\\\ for a backslash, or put the text in single quotes",
    "title:\n  en:x\n  cy: y\n": "2:5: a key needs a space after its colon: write 'en: ...'",
    "title:\n  en: x\n   cy: y\n": "3:6: this line is indented more than the one above",
    "title:\n  en: x\n cy: y\n": "3:2: this line does not line up with the keys above it",
    "units:\n- a\nb: c\n- d\n": "4:1: this line does not line up with the keys above it",
    "a:\n  - b\n  c: d\n": "3:3: this line does not line up with the list that starts on line 2",
    "standards: [pedagogy, collaboration\nunits: []\n": "2:6: the '[' on line 1 is not closed where expected: close "
                                                        "it with ']'",
    "a: *x\n": "1:4: text that starts with '*' is read as a YAML alias (a reference to an '&' anchor): put the text "
               "in quotes, e.g. a: \"*x\"",
    "\"a b\": c: d\n": "1:9: a colon followed by a space is only allowed after a key: put text that holds one in quotes",
    "a: &x [*x]\n": "1:4: text that starts with '&' and holds a '*' is read as a YAML anchor used inside itself",
    "units:\n  -\tfirst\n": "2:4: a tab where YAML expects spaces: replace it with spaces",
    "a: |\n\tx\n": "2:1: a tab in the indentation: YAML does not allow tabs there; indent with spaces",
}


@pytest.mark.parametrize("text, expected", CASES.items(), ids=range(len(CASES)))
def test_yaml_mistakes_are_explained_where_they_are(text, expected):
    diagnostics = Diagnostics()
    assert parse_yaml(text, Path("unit.yaml"), diagnostics) is None
    [found] = diagnostics
    assert found.format(relative_to=Path.cwd()).startswith(f"unit.yaml:{expected}")


def test_a_message_no_rule_knows_keeps_pyyamls_words_with_a_hint():
    diagnostics = Diagnostics()
    parse_yaml("id: [\n", Path("course.yaml"), diagnostics)
    [found] = diagnostics
    assert found.message.startswith("malformed YAML: ") and "check the indentation" in found.message


def test_an_error_without_a_mark_is_placed_by_its_position_in_the_text():
    """libyaml's reader errors carry an offset, not a line (the loader refuses the characters that
    cause them before parsing, so this is the last resort)."""
    import yaml

    from plxblocks.course.yaml_errors import explain

    error = yaml.reader.ReaderError("unit.yaml", 7, 0x07, "utf-8", "special characters are not allowed")
    explained = explain(error, "a: b\nc: \x07d\n")
    assert (explained.line, explained.col) == (2, 3) and explained.message.startswith("malformed YAML: ")
