"""Reading content files safely: UTF-8 only, within the size limits, with no character an XML
file cannot hold, and never from outside the course folder."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import limits
from .characters import REMEDY, describe_character, forbidden_characters, line_and_column
from .diagnostics import Diagnostics

CHARACTERS_LISTED = 5
"""Forbidden characters reported one by one in a file; the rest are counted in one message."""


@dataclass
class TextBudget:
    """What one course may read in total (:data:`limits.COURSE_TEXT_BYTES`), and what it has read."""

    limit: int = field(default_factory=lambda: limits.COURSE_TEXT_BYTES)
    used: int = 0
    exceeded: bool = False


def read_text(path: Path, diagnostics: Diagnostics, budget: TextBudget | None = None) -> str | None:
    """The file's text, or ``None`` (with an error) when it is unreadable, too big, not UTF-8, or
    holds a character no XML file can.

    Never reads more than the limit: the size is judged on what was read, not on what the file
    system said a moment before.
    """
    if budget is not None and budget.exceeded:
        return None  # the course is over its limit, which is reported once, at the file that crossed it
    try:
        with open(path, "rb") as file:
            raw = file.read(limits.TEXT_FILE_BYTES + 1)  # never more, however big the file
            size = max(len(raw), os.fstat(file.fileno()).st_size)
    except OSError as exc:
        diagnostics.error(path, None, None, f"cannot read file: {exc.strerror or exc}")
        return None
    if len(raw) > limits.TEXT_FILE_BYTES:
        diagnostics.error(path, None, None, (
            f"file is {size_text(size)}, over the limit of {size_text(limits.TEXT_FILE_BYTES)} for one "
            "YAML or Markdown file: split it (a unit's text is a few KB)"))
        return None
    if budget is not None:
        budget.used += len(raw)
        if budget.used > budget.limit:
            budget.exceeded = True
            diagnostics.error(path, None, None, (
                f"with this file the course's YAML and Markdown add up to more than "
                f"{size_text(budget.limit)}, the limit for one course: split it into smaller courses"))
            return None
    text = _decoded(raw, path, diagnostics)
    if text is None or not _has_only_allowed_characters(text, path, diagnostics):
        return None
    return text


def _decoded(raw: bytes, path: Path, diagnostics: Diagnostics) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        diagnostics.error(
            path, line, col,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}): save the file with UTF-8 encoding",
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _has_only_allowed_characters(text: str, path: Path, diagnostics: Diagnostics) -> bool:
    """Report each character of *text* that no XML file can hold; ``False`` when there is one."""
    found = list(forbidden_characters(text))
    for offset, char in found[:CHARACTERS_LISTED]:
        line, col = line_and_column(text, offset)
        diagnostics.error(path, line, col, f"invisible character {describe_character(char)}: {REMEDY}")
    if len(found) > CHARACTERS_LISTED:
        diagnostics.error(path, None, None, f"{len(found) - CHARACTERS_LISTED:,} more characters like "
                                            "these in this file (not listed one by one)")
    return not found


def size_text(count: int) -> str:
    """``255 MB``, ``512 KB``, ``300 bytes``: a size as an author reads it (binary units, rounded down)."""
    if count >= limits.MB:
        return f"{count // limits.MB:,} MB"
    return f"{count // limits.KB:,} KB" if count >= limits.KB else f"{count:,} bytes"


def is_inside(path: Path, root: Path) -> bool:
    """True when *path*, with every symlink resolved, is *root* or lies under it."""
    real, real_root = _realpath(str(path)), _real_folder(str(root))
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _realpath(path: str) -> str:
    # Folders are resolved once and remembered (a course has thousands of files in few folders);
    # the file itself is resolved only when it is a link.
    if os.path.islink(path):
        return os.path.realpath(path)
    parent, name = os.path.split(os.path.abspath(path))
    return os.path.join(_real_folder(parent), name)


@lru_cache(maxsize=4096)
def _real_folder(path: str) -> str:
    return os.path.realpath(path)
