"""Course model -> SCORM 1.2 and SCORM 2004 4th Edition packages.

``build_scorm()`` is ``plx scorm``; ``build_all_scorm()`` is the SCORM part of ``plx build``.
See ``docs/scorm.md`` for what a package holds and what it reports to an LMS.
"""
from .errors import PackageError
from .manifest import STANDARDS
from .media import RemoteMedia
from .package import (
           PackageSpec,
           build_all_scorm,
           build_package,
           build_scorm,
           package_files,
           package_specs,
)

__all__ = [
           "STANDARDS",
           "PackageError",
           "PackageSpec",
           "RemoteMedia",
           "build_all_scorm",
           "build_package",
           "build_scorm",
           "package_files",
           "package_specs",
]
