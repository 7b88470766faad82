"""The SCO runtime's own files (``scorm/runtime/``), as they go into every package.

They are plain files shipped with plx (see MANIFEST.in), copied under ``plx/runtime/`` in the
package in a fixed order, which is also the order the page loads them in.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

RUNTIME_DIR = Path(__file__).parent / "runtime"
PACKAGE_DIR = "plx/runtime"

SCRIPTS = ("primer.js", "codec.js", "lms.js", "session.js", "sco.js")
"""Loaded in this order: the coder needs the primer, the session needs the coder and the LMS."""
STYLES = ("sco.css",)


@lru_cache(maxsize=1)
def runtime_files() -> dict[str, bytes]:
    """Package file name -> content of every runtime file."""
    return {f"{PACKAGE_DIR}/{name}": (RUNTIME_DIR / name).read_bytes() for name in SCRIPTS + STYLES}


def script_urls() -> list[str]:
    return [f"{PACKAGE_DIR}/{name}" for name in SCRIPTS]


def style_urls() -> list[str]:
    return [f"{PACKAGE_DIR}/{name}" for name in STYLES]
