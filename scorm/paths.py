"""Names inside a package: every entry must stay inside the package folder once unzipped.

A zip entry named ``../x`` or ``/etc/x`` is the "zip slip" attack: an LMS that unzips the
package naively would write outside its folder. Course content is checked by the loader (media
must be inside ``media/``), but the packager checks every name it writes again, because names
also come from remote URLs and from code, and a package must be safe whatever went before.
"""
from __future__ import annotations

import posixpath
import unicodedata

from .errors import PackageError

_FORBIDDEN = set('\\:*?"<>|') | {chr(c) for c in range(32)} | {"\x7f"}


def archive_name(name: str) -> str:
    """*name* if it is a safe relative path inside a package, else :class:`PackageError`.

    Safe means: forward slashes, relative, no ``.`` or ``..`` segment, no empty segment, no
    character Windows or a URL would treat specially, and already in Unicode NFC (so the same
    name cannot be written two ways and extract to two files on one system and one on another).
    """
    problem = _problem(name)
    if problem:
        raise PackageError(f"unsafe file name in package {name!r}: {problem}")
    return name


def _problem(name: str) -> str | None:
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
