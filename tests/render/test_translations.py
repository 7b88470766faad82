"""The UI catalogues are complete, up to date with the source, and agree with the JavaScript."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from plxblocks import i18n
from plxblocks.i18n_catalogues import PLURAL_FORMS, check
from plxblocks.render.jsstrings import (
    JS_PLURALS,
    JS_STRINGS,
    PLURAL_COUNT,
    js_catalogue,
)

CORE_JS = Path(i18n.__file__).parent / "render" / "static" / "js" / "plx-core.js"


def test_catalogues_are_up_to_date_and_welsh_is_complete():
    assert check() == []


def test_welsh_header_has_six_plural_forms():
    assert PLURAL_COUNT["cy"] == 6 and "nplurals=6" in PLURAL_FORMS["cy"]
    assert [i18n.translations("cy").plural(n) for n in (0, 1, 2, 3, 4, 5, 6, 7, 11)] == [0, 1, 2, 3, 5, 5, 4, 5, 5]


def test_welsh_ui_terms_from_the_content_brief():
    assert i18n.translate("cy", "Submit") == "Cyflwyno"
    assert i18n.translate("cy", "Save") == "Cadw"
    assert "myfyrio" in i18n.translate("cy", "Your reflection")
    welsh = Path(i18n.catalogue_path("cy")).read_text(encoding="utf-8").lower()
    assert "myfyrdod" not in welsh


def test_js_strings_come_from_the_catalogue_in_every_form():
    welsh = js_catalogue("cy")
    assert welsh["strings"].keys() == JS_STRINGS.keys() and welsh["plurals"].keys() == JS_PLURALS.keys()
    assert len(welsh["plurals"]["words"]) == 6 and welsh["plurals"]["words"][2] == "{count} air"
    assert js_catalogue("en")["plurals"]["words"] == ["{count} word", "{count} words"]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_js_plural_rule_matches_the_catalogue(lang):
    """PLX.pluralIndex (plx-core.js) picks the same form as gettext for 0..200."""
    script = (f"global.window = global; global.document = {{addEventListener() {{}}}};"
              f"require({json.dumps(str(CORE_JS))});"
              f"console.log(JSON.stringify([...Array(201).keys()].map(n => PLX.pluralIndex({json.dumps(lang)}, n))));")
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
    expected = [i18n.translations(lang).plural(n) if lang != "en" else int(n != 1) for n in range(201)]
    assert json.loads(out) == expected


def test_language_codes_normalise():
    assert [i18n.normalise_language(c) for c in ("cy", "cy-GB", "cy_GB", "CY", "en-us", "fr", None, "")] == \
        ["cy", "cy", "cy", "cy", "en", "en", "en", "en"]
