"""Every UI string of the SCORM page and runtime, translated at build time.

The page's JavaScript gets them as JSON in each language the package holds, so a bilingual
package switches its interface with its content. Messages are gettext msgids (in
``plxblocks/translations/``, the catalogue shared with the XBlocks); ``{name}`` placeholders are
filled in by the runtime.
"""
from __future__ import annotations

from functools import cache

from plxblocks.i18n import _, translate

MESSAGES: dict[str, str] = {
    "skip": _("Skip to the unit"),
    "contents": _("Contents"),
    "language": _("Language"),
    "previous": _("Previous unit"),
    "next": _("Next unit"),
    "pager": _("Previous and next unit"),
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
    # Translators: {date} is the date and time of the download.
    "journal.exported": _("Exported on {date}."),
    "journal.prompt": _("Prompt"),
    "journal.reflection": _("My reflection"),
    "journal.noStandards": _("none chosen"),
    "journal.selfReview": _("Structured self-review"),
    # Translators: the self-review's download; {title} is the task's title.
    "review.file": _("my-response"),
    "review.title": _("My response: {title}"),
    "review.levels": _("My self-review against the rubric"),
    "review.notRated": _("not rated"),
    "review.chooseLevel": _("Choose a level for every criterion."),
    "review.saved": _("Self-review saved."),
    # Translators: {min} is a number of words.
    "review.tooShort": _("Write at least {min} words before you review your response."),
    # Translators: {max} is a number of words.
    "review.tooLong": _("Your response is longer than {max} words: shorten it."),
    # Translators: {max} is a number of words.
    "entry.tooLong": _("Your entry is longer than {max} words: shorten it before you save."),
    "check.notYet": _("The answer is shown once you have used all your attempts."),
    "journal.standards": _("Professional standards"),
}


@cache
def strings(lang: str) -> dict[str, str]:
    """Every message in *lang* (English where the catalogue has no translation yet)."""
    return {key: translate(lang, message) for key, message in MESSAGES.items()}
