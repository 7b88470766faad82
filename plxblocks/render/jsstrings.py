"""The UI strings the shared JavaScript shows, delivered from the same gettext catalogue.

Templates put :func:`js_catalogue` into the page as JSON (``<script type="application/json"
data-plx-strings>``), so JavaScript never holds a translation of its own and one catalogue per
language serves Python, templates and JS. Placeholders are named (``{count}``) and filled in by
``PLX.t()`` / ``PLX.n()`` in ``static/js/plx-core.js``.
"""
from __future__ import annotations

from functools import cache

from ..i18n import N_, _, translations

JS_STRINGS: dict[str, str] = {
    "saving": _("Saving…"),
    # Translators: {time} is a clock time such as 14:05.
    "saved_at": _("Saved at {time}"),
    "draft_kept": _("Not saved: your text is kept in this browser and will be saved when the "
                    "connection is back."),
    "draft_restored": _("We restored a draft from this browser that had not been saved yet."),
    "network_error": _("The server could not be reached. Please try again."),
    "server_error": _("Something went wrong on the server. Please try again."),
    "choose_option": _("Choose an answer before you submit."),
    "correct": _("Correct"),
    "incorrect": _("Not quite"),
    "partly_correct": _("Partly correct"),
    "too_long": _("Your entry is longer than the maximum. Shorten it before you save."),
    "loading": _("Loading…"),
    # Translators: range scoring: the reviewer types points inside a level's band; {low} and {high} are numbers.
    "points_in_band": _("Choose points from {low} to {high} for the level you picked."),
    "overall_required": _("Write an overall comment: say what works in the response and what would make it "
                          "better."),
}
"""Key (used in JS) -> English source string."""

JS_PLURALS: dict[str, tuple[str, str]] = {
    # Translators: the journal's word counter; {count} is a number.
    "words": N_("{count} word", "{count} words"),
    # Translators: {count} is the number of tries a learner has left on a question.
    "attempts_left": N_("You have {count} attempt left.", "You have {count} attempts left."),
    # Translators: {count} is a number of words still needed to complete a reflection.
    "words_needed": N_("Write at least {count} more word to complete this reflection.",
                     "Write at least {count} more words to complete this reflection."),
    # Translators: a peer-review response over its word limit; {count} words too many, {max} the limit.
    "words_over": N_("Your response is {count} word over the limit of {max}. Shorten it before you submit.",
                     "Your response is {count} words over the limit of {max}. Shorten it before you submit."),
    # Translators: a peer-review response under its word limit; {count} words missing, {min} the minimum.
    "words_under": N_("Your response is {count} word short of the minimum of {min}. Add to it before you submit.",
                      "Your response is {count} words short of the minimum of {min}. Add to it before you "
                      "submit."),
}
"""Key -> (singular, plural) English source strings; every count goes through ngettext."""

PLURAL_COUNT = {"en": 2, "cy": 6}
"""Number of plural forms (the catalogue header's ``nplurals``) per language."""


def plural_forms(lang: str, singular: str, plural: str) -> list[str]:
    """Every plural form of a message in *lang*, in catalogue order (``msgstr[0..n-1]``)."""
    catalogue = getattr(translations(lang), "_catalog", {})
    forms = [catalogue.get((singular, i)) for i in range(PLURAL_COUNT[lang])]
    if not all(forms):  # untranslated (English): the source forms
        return [singular, plural]
    return forms


@cache
def js_catalogue(lang: str) -> dict:
    """``{"lang", "strings": {key: text}, "plurals": {key: [form...]}}`` for *lang*.

    Built once per language (every block render puts it in the page; callers only read it).
    """
    t = translations(lang)
    return {
        "lang": lang,
        "strings": {key: t.gettext(text) for key, text in JS_STRINGS.items()},
        "plurals": {key: plural_forms(lang, *forms) for key, forms in JS_PLURALS.items()},
    }
