"""Names of the files inside the archives plx writes (the OLX ``.tar.gz``, SCORM zips).

An entry named ``../x`` or ``/etc/x`` is the "tar slip" / "zip slip" attack: whoever unpacks the
archive naively (an LMS, Studio's import, an admin's ``tar x``) writes outside its folder. The
loader checks every id and media name that becomes part of a name (``plxblocks.course``), and the
writers check every name they write again, because names also come from code and remote URLs,
and an archive must be safe whatever went before. One rule for all of them, here.
"""
from __future__ import annotations

import posixpath
import re
import unicodedata

_PLAIN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")
"""Names that pass every check below by their letters alone (ASCII, no reserved character, each
segment starting with a letter, digit, ``_`` or ``-``, so never empty, ``.`` or ``..``): nearly
every name an archive holds, checked in one match instead of the walk below."""
_FORBIDDEN = set('\\:*?"<>|') | {chr(c) for c in range(32)} | {"\x7f"}


class UnsafeName(ValueError):
    """A name that would not stay inside the archive's folder once unpacked."""


def name_problem(name: str) -> str | None:
    """Why *name* is not a safe relative path inside an archive, or ``None`` when it is.

    Safe means: forward slashes, relative, no ``.`` or ``..`` segment, no empty segment, no
    character Windows or a URL would treat specially, and already in Unicode NFC (so the same
    name cannot be written two ways and extract to two files on one system and one on another).
    """
    if _PLAIN.fullmatch(name):
        return None
    if not name:
        return "empty name"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if any(ch in _FORBIDDEN for ch in name):
        return "contains a backslash, colon, control or other reserved character"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "contains an empty, '.' or '..' segment"
    if posixpath.normpath(name) != name:
        return "is not a normalised path"
    if unicodedata.normalize("NFC", name) != name:
        return "is not in Unicode NFC form"
    return None


def checked_name(name: str, archive: str = "archive") -> str:
    """*name* if it is safe (see :func:`name_problem`), else :class:`UnsafeName`."""
    problem = name_problem(name)
    if problem:
        raise UnsafeName(f"unsafe file name in {archive} {name!r}: {problem}")
    return name
