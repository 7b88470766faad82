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
    # Translators: after a unit's title in the contents, for screen readers (beside a tick).
    "progress.done": _("completed"),
    # Translators: beside a module in the contents; {done} and {total} are numbers of its units.
    "progress.module": _("Completed: {done} of {total}"),
    # Translators: shown when the package runs without a learning platform (LMS).
    "standalone": _("Not connected to a learning platform: your progress is kept in this browser "
                    "only and is not reported to anyone."),
    # Translators: {length} and {limit} are numbers of characters.
    "overflow": _("Your journal is too long for this learning platform to store ({length} of "
                  "{limit} characters), so your latest writing is kept only in this browser. "
                  "Download your journal to keep a copy, or shorten an entry."),
    # Translators: {code} is the learning platform's error number, {reason} its own message.
    "refused": _("The learning platform refused to store your work (error {code}: {reason}), so your "
                 "latest changes are kept only in this browser. Download your journal to keep a copy."),
    "refused.noReason": _("no reason given"),
    # Translators: {code} and {reason} as above; the platform was found but would not start.
    "standalone.refused": _("The learning platform would not start a session for this page (error "
                            "{code}: {reason}), so your progress is kept in this browser only and is "
                            "not reported. Leave the activity and enter it again; if this keeps "
                            "happening, tell your course administrator."),
    "unreadable": _("Work saved earlier on the learning platform could not be read by this version of "
                    "the course (it may come from a newer version, or be damaged). It has been kept, "
                    "not replaced: download it to keep a copy, and tell your course administrator."),
    "unreadable.download": _("Download the saved data"),
    # Translators: the start of a file name.
    "unreadable.file": _("saved-data"),
    # Translators: {done} and {total} are numbers of scored knowledge checks.
    "score.open": _("Knowledge checks finished: {done} of {total}. Your score is given when all are "
                    "finished."),
    # Translators: {score} and {pass} are percentages, e.g. 87.5 and 70.
    "score.passed": _("Your score: {score}%. You have reached the pass mark of {pass}%."),
    # Translators: {score} and {pass} are percentages, e.g. 37.5 and 70.
    "score.below": _("Your score: {score}%. The pass mark is {pass}%."),
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
    # Shown on Welsh pages while the course's Welsh awaits review (the same text as the blocks').
    "draft": _("The Welsh in this course is a draft: a Welsh speaker has not yet reviewed it. If "
               "something is unclear, switch to English."),
    "journal.standards": _("Professional standards"),
}


@cache
def strings(lang: str) -> dict[str, str]:
    """Every message in *lang* (English where the catalogue has no translation yet)."""
    return {key: translate(lang, message) for key, message in MESSAGES.items()}
