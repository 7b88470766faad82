"""Reading content files safely: UTF-8 only, and never from outside the course folder."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .diagnostics import Diagnostics


def read_text(path: Path, diagnostics: Diagnostics) -> str | None:
    """The file's text, or ``None`` (with an error) when it is not valid UTF-8 or unreadable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diagnostics.error(path, None, None, f"cannot read file: {exc.strerror or exc}")
        return None
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
