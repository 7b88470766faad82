"""The one exception a SCORM build raises for a problem the user can fix.

Content is validated by the loader before the packager sees it, so what is left to go wrong
here is the world outside the content folder: a remote image that cannot be downloaded, an
output path that cannot be written, a file name that would escape the package. The CLI turns
:class:`PackageError` into ``file: message`` and exit status 1; anything else is a bug and keeps
its traceback.
"""
from __future__ import annotations


class PackageError(Exception):
    """A build problem the user can act on; ``str()`` is the whole message."""
