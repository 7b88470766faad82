"""Every UI string of the SCORM page and runtime, translated at build time.

The page's JavaScript gets them as JSON in each language the package holds, so a bilingual
package switches its interface with its content. Messages are gettext msgids (domain ``plx``,
the catalogue shared with the XBlocks in ``plxblocks/translations/``); ``{name}`` placeholders
are filled in by the runtime.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "plxblocks" / "translations"
DOMAIN = "plx"


def _(message: str) -> str:
    """Mark *message* for extraction; translation happens in :func:`strings`."""
    return message


MESSAGES: dict[str, str] = {
    "skip": _("Skip to the unit"),
    "contents": _("Contents"),
    "language": _("Language"),
    "previous": _("Previous unit"),
    "next": _("Next unit"),
    "download": _("Download my journal"),
    # Translators: shown when the package runs without a learning platform (LMS).
    "standalone": _("Not connected to a learning platform: your progress is kept in this browser "
                    "only and is not reported to anyone."),
    # Translators: {length} and {limit} are numbers of characters.
    "overflow": _("Your journal is too long for this learning platform to store ({length} of "
                  "{limit} characters), so your latest writing is kept only in this browser. "
                  "Download your journal to keep a copy, or shorten an entry."),
    "status.saving": _("Saving…"),
    "status.saved": _("All changes saved."),
    "status.savedLocally": _("Saved in this browser only."),
    "status.retrying": _("Could not save to the learning platform; trying again. Your work is "
                         "kept in this browser meanwhile."),
    "status.lmsError": _("The learning platform refused an answer record; your work is kept."),
    "status.localFailed": _("This browser would not store your work: download your journal to keep it."),
    # Translators: {course} is the course title.
    "journal.title": _("My journal: {course}"),
    "journal.file": _("journal"),
    "journal.empty": _("No entries yet."),
    "journal.selfReview": _("Structured self-review"),
}


@lru_cache(maxsize=None)
def strings(lang: str) -> dict[str, str]:
    """Every message in *lang* (English where the catalogue has no translation yet)."""
    catalogue = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)
    return {key: catalogue.gettext(message) for key, message in MESSAGES.items()}
