"""Keep the gettext catalogues in step with the source: ``python -m plxblocks.i18n_catalogues``.

``update`` extracts every marked string (Python ``_``/``N_``, template ``_``/``ngettext``) into
``translations/text.pot`` and merges it into each language's ``text.po`` (new strings arrive
untranslated, removed ones become obsolete). ``check`` reports what is out of step; a test runs
it, so a new UI string without a Welsh translation fails ``make test``.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from .i18n import TRANSLATIONS, UI_LANGUAGES, catalogue_path

ROOT = Path(__file__).resolve().parent
MAPPING = ROOT.parent / "babel.cfg"
POT = TRANSLATIONS / "text.pot"
SOURCE_PACKAGES = ("plxblocks", "scorm")
"""Packages whose UI strings share the one catalogue (the SCORM pages use the XBlocks' strings)."""
KEYWORDS = {"_": None, "N_": (1, 2), "gettext": None, "ngettext": (1, 2)}
"""Marker functions: ``_``/``gettext`` take one message, ``N_``/``ngettext`` singular and plural."""
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "cy": "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;",
}


def extract() -> Catalog:
    """Every marked string in the package, with its ``Translators:`` comments."""
    with MAPPING.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project="plx", fuzzy=False)
    # Patterns in babel.cfg are written from the repository root; each package is walked on its
    # own (walking the root would also walk .venv and node_modules).
    for package in SOURCE_PACKAGES:
        prefix = package + "/"
        methods = [(p.removeprefix(prefix), m) for p, m in method_map if p.startswith(prefix)]
        options = {p.removeprefix(prefix): o for p, o in options_map.items() if p.startswith(prefix)}
        for filename, lineno, message, comments, context in extract_from_dir(
                str(ROOT.parent / package), methods, options, keywords=KEYWORDS,
                comment_tags=("Translators:",), strip_comment_tags=True):
            catalog.add(message, None, [(f"{prefix}{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, no_location=True, sort_output=True, omit_header=False)


def read(lang: str) -> Catalog:
    with catalogue_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def update() -> None:
    """Write the template and merge it into every language's catalogue."""
    template = extract()
    _write(POT, template)
    for lang in UI_LANGUAGES:
        path = catalogue_path(lang)
        catalog = read(lang) if path.is_file() else Catalog(locale=lang, project="plx")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        _write(path, catalog)
        path.write_text(_with_plural_forms(path.read_text(encoding="utf-8"), lang), encoding="utf-8")


def _with_plural_forms(text: str, lang: str) -> str:
    """Babel writes its own Plural-Forms (and may wrap it over two lines): put ours, whole, in."""
    out, replacing = [], False
    for line in text.splitlines():
        if line.startswith('"Plural-Forms:'):
            out.append(f'"Plural-Forms: {PLURAL_FORMS[lang]}\\n"')
            replacing = True
            continue
        if replacing and line.startswith('"') and not re.match(r'"[A-Za-z-]+: ', line):
            continue  # the rest of the wrapped Plural-Forms value
        replacing = False
        out.append(line)
    return "\n".join(out) + "\n"


def check() -> list[str]:
    """Problems that make the catalogues out of step with the source (empty when all is well)."""
    source = {m.id if isinstance(m.id, str) else m.id[0] for m in extract() if m.id}
    problems = []
    for lang in UI_LANGUAGES:
        catalog = read(lang)
        known = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
        for missing in sorted(source - known.keys()):
            problems.append(f"{lang}: not in the catalogue: {missing!r} (run make translations)")
        for extra in sorted(known.keys() - source):
            problems.append(f"{lang}: no longer in the source: {extra!r} (run make translations)")
        expected = PLURAL_FORMS[lang]
        if f"nplurals={catalog.num_plurals};" not in expected:
            problems.append(f"{lang}: expected Plural-Forms {expected}, got nplurals={catalog.num_plurals}")
        if lang == "en":
            continue
        for msgid, message in sorted(known.items()):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                problems.append(f"{lang}: fuzzy translation of {msgid!r}")
            elif not all(strings) or len(strings) != (catalog.num_plurals if isinstance(message.id, tuple) else 1):
                problems.append(f"{lang}: no complete translation of {msgid!r}")
    return problems


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        update()
        return 0
    if argv == ["check"]:
        problems = check()
        print("\n".join(problems) or "catalogues are up to date")
        return 1 if problems else 0
    print("usage: python -m plxblocks.i18n_catalogues {update|check}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
