"""The one exception the service raises for a caller's mistake, with a message to show.

Messages are English templates with named placeholders, marked with :func:`gettext_noop` so the
catalogue extractor finds them; the XBlock translates ``template`` and formats it with ``params``
for the learner's language. ``status`` is the HTTP status a JSON handler should answer with.
Anything else that escapes the service is a bug and keeps its traceback.
"""
from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Mark *message* for translation without translating it here (see the module docstring)."""
    return message


class PeerError(Exception):
    """A request the rules refuse; nothing was changed."""

    status = 400

    def __init__(self, code: str, template: str, status: int | None = None, field: str | None = None,
                 **params: object) -> None:
        self.code = code
        """Stable machine-readable reason (``not_allocated``, ``already_submitted``...)."""
        self.field = field
        """The page's input the refusal is about (``overall``), so the page shows it there; ``None``:
        the form as a whole."""
        self.template = template
        self.params = params
        if status is not None:
            self.status = status
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The English message, placeholders filled in."""
        return self.template.format(**self.params)

    def as_json(self, translate=None) -> dict:
        """``{"error": code, "message": text}``.

        *translate* maps an English string to the learner's language; it is applied to the template
        and to text parameters (field names such as "Overall comment" are marked for translation
        where they are raised; other values pass through unchanged, having no catalogue entry).
        """
        if translate is None:
            return {"error": self.code, "message": self.message}
        params = {k: translate(v) if isinstance(v, str) else v for k, v in self.params.items()}
        return {"error": self.code, "message": translate(self.template).format(**params)}


class Busy(PeerError):
    """The database stayed busy through every retry (never expected; reported, never hidden)."""

    status = 503

    def __init__(self) -> None:
        super().__init__("busy", gettext_noop("The service is busy. Please try again in a moment."))
