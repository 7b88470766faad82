"""Names inside a package: every entry must stay inside the package folder once unzipped.

A zip entry named ``../x`` or ``/etc/x`` is the "zip slip" attack: an LMS that unzips the
package naively would write outside its folder. Course content is checked by the loader (media
must be inside ``media/``), but the packager checks every name it writes again, because names
also come from remote URLs and from code, and a package must be safe whatever went before. The
rule is the one every plx archive follows (:mod:`plxblocks.archive_names`).
"""
from __future__ import annotations

from plxblocks.archive_names import name_problem

from .errors import PackageError


def archive_name(name: str) -> str:
    """*name* if it is a safe relative path inside a package, else :class:`PackageError`."""
    problem = name_problem(name)
    if problem:
        raise PackageError(f"unsafe file name in package {name!r}: {problem}")
    return name
