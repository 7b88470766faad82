"""Characters no database behind plx can store, found before a write rather than by the database.

JSON can carry both as ``\\u0000`` / ``\\ud800`` escapes, and no keyboard types either: NUL, which
PostgreSQL refuses in text ("cannot contain NUL (0x00) characters"), and lone UTF-16 surrogates,
which are not Unicode scalar values, so no UTF-8 encoder (SQLite's, MariaDB's, PostgreSQL's)
can write them. Refused on every database alike, so what a learner can save never depends on
which database the operator chose.
"""
from __future__ import annotations

import re

NUL = "\x00"
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def unstorable_character(text: str) -> str | None:
    """The first NUL or lone surrogate in *text*, or ``None``."""
    found = _UNSTORABLE.search(text)
    return found.group() if found else None
