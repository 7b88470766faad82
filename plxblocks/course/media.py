"""Media references: every path content uses must name a real file inside ``media/``."""
from __future__ import annotations

import os
import posixpath
from pathlib import Path
from urllib.parse import unquote

from ..archive_names import name_problem
from . import limits
from .diagnostics import Diagnostics, did_you_mean
from .files import is_inside, size_text

MEDIA_DIR = "media"


class MediaIndex:
    """The files of a course's ``media/`` folder, and the checks on paths that point at them."""

    def __init__(self, course_root: Path, diagnostics: Diagnostics) -> None:
        self.root = course_root
        self.diagnostics = diagnostics
        self.used: set[str] = set()
        self.refused: set[str] = set()
        """Files of ``media/`` reported as unusable (links out, not files): references stay quiet."""
        self.files = self._scan()

    def _scan(self) -> set[str]:
        """The course-relative paths of the usable files in ``media/``, reporting the others.

        Never leaves the folder: a ``media/`` that is a link out of the course is not listed at all
        (one linked to ``/`` was walked in full), ``os.walk`` does not enter linked folders, and
        listing stops at :data:`limits.MEDIA_FILES`.
        """
        media = self.root / MEDIA_DIR
        found: set[str] = set()
        if not media.is_dir():
            return found
        if not is_inside(media, self.root):
            self.diagnostics.error(media, None, None, (
                "is a symbolic link to a folder outside the course folder: copy the files in instead"))
            return found
        for folder, dirs, names in os.walk(media):
            dirs.sort()
            for name in [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
                self._check_linked_folder(Path(folder, name), media)
            for name in sorted(names):
                if len(found) + len(self.refused) == limits.MEDIA_FILES:
                    self.diagnostics.error(media, None, None, (
                        f"holds more than {limits.MEDIA_FILES:,} files, the limit for one course: "
                        "remove the files no text uses (the rest were not checked)"))
                    return found
                path = Path(folder, name)
                rel = path.relative_to(self.root).as_posix()
                problem = _file_problem(path, media)
                if problem:
                    self.diagnostics.error(path, None, None, problem)
                    self.refused.add(rel)
                else:
                    found.add(rel)
        return found

    def _check_linked_folder(self, path: Path, media: Path) -> None:
        # Not entered (os.walk follows no links), but the workbench would serve files through it.
        if not is_inside(path, media):
            self.diagnostics.error(path, None, None, (
                f"is a symbolic link to a folder outside {MEDIA_DIR}/: copy the files in instead"))

    def check_sizes(self) -> None:
        """Report used media over :data:`limits.MEDIA_FILE_BYTES`, and all of them together over
        :data:`limits.COURSE_MEDIA_BYTES` (only used media go into the archives and packages)."""
        total = 0
        for rel in sorted(self.used):
            path = self.root / rel
            try:
                size = path.stat().st_size
            except OSError:
                continue  # vanished since the scan: the build reports it if it is still missing
            total += size
            if size > limits.MEDIA_FILE_BYTES:
                self.diagnostics.error(path, None, None, (
                    f"file is {size_text(size)}, over the limit of {size_text(limits.MEDIA_FILE_BYTES)} "
                    "for one media file: make it smaller (a photo for the web needs well under 1 MB), "
                    "or put a video on a video service and link to it"))
        if total > limits.COURSE_MEDIA_BYTES:
            self.diagnostics.error(self.root / MEDIA_DIR, None, None, (
                f"the media the course uses add up to {size_text(total)}, over the limit of "
                f"{size_text(limits.COURSE_MEDIA_BYTES)} for one course (every package carries them "
                "all): make the files smaller, or split the course"))

    def check(self, written: str, source: Path, line: int) -> str | None:
        """The course-relative path of *written*, or ``None`` after reporting why it is unusable."""
        path = unquote(written.split("#", 1)[0].split("?", 1)[0])
        if path in self.refused:
            return None  # the file itself is reported, once, however often the text uses it
        error = self._problem(path)
        if error:
            self.diagnostics.error(source, line, None, f"media '{written}' {error}")
            return None
        self.used.add(path)
        return path

    def _problem(self, path: str) -> str | None:
        """Why *path* cannot be used (after a check of the written form), or ``None``."""
        if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
            return ("is an absolute path: write it relative to the course folder, "
                    "e.g. media/diagram.png")
        if "\\" in path:
            return "uses backslashes: write paths with forward slashes, e.g. media/diagram.png"
        parts = path.split("/")
        if ".." in parts or posixpath.normpath(path) != path:
            return f"points outside {MEDIA_DIR}/: write the plain path, e.g. media/diagram.png"
        if parts[0] != MEDIA_DIR:
            return (f"is not in the course's {MEDIA_DIR}/ folder: put the file there and write "
                    f"{MEDIA_DIR}/{parts[-1]}")
        if path not in self.files:
            return f"not found in {MEDIA_DIR}/{did_you_mean(path, self.files)}"
        unsafe = name_problem(path)
        if unsafe:  # the name goes into every archive and package as it is
            return (f"has a name no package may hold (it {unsafe}): rename the file, e.g. to letters, "
                    "digits and hyphens")
        return None


def _file_problem(path: Path, media: Path) -> str | None:
    """Why the file *path* of ``media/`` cannot be used, or ``None`` (every file is checked, used or
    not: the workbench and the LTI tool serve the whole folder)."""
    if not is_inside(path, media):
        return f"is a symbolic link to a file outside {MEDIA_DIR}/: copy the file in instead"
    if not path.is_file():
        return ("is a symbolic link to a file that does not exist" if path.is_symlink()
                else "is not an ordinary file (a device or a pipe): remove it")
    return None
