"""The SCO runtime's own files (``scorm/runtime/``), as they go into every package.

They are plain files shipped with plx (see MANIFEST.in), copied under ``plx/runtime/`` in the
package, beside the stylesheet and block behaviour shared with the XBlocks (``plx/plx.css``,
``plx/js/``), in the order the page loads them.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import rcssmin
import rjsmin

from plxblocks.render.environment import CONTENTS_JS, JS_FILES, PEER_JS, STATIC

RUNTIME_DIR = Path(__file__).parent / "runtime"
PACKAGE_DIR = "plx/runtime"

SCRIPTS = ("primer.js", "codec.js", "lms.js", "session.js", "backend.js", "self-review.js", "progress.js",
           "sco.js")
"""Loaded after the shared behaviour, in this order: the coder needs the primer, the session the
coder and the LMS, the backend the session, and the page (sco.js) everything, the ticks in its
contents (progress.js) too."""
STYLES = ("sco.css",)
SHARED_CSS = "plx/plx.css"
SHARED_JS = tuple(name for name in JS_FILES if name != PEER_JS) + (CONTENTS_JS,)
"""The shared behaviour a package needs (its peer task is a self-review: self-review.js), and the
contents disclosure it shares with the LTI pages."""


def _files() -> dict[str, Path]:
    files = {SHARED_CSS: STATIC / "plx.css"}
    files.update({f"plx/js/{name}": STATIC / "js" / name for name in SHARED_JS})
    files.update({f"{PACKAGE_DIR}/{name}": RUNTIME_DIR / name for name in SCRIPTS + STYLES})
    return files


@lru_cache(maxsize=1)
def runtime_files() -> dict[str, bytes]:
    """Package file name -> content of every shared and runtime file, minified: comments and
    layout removed (rjsmin, rcssmin), a third less for every learner to download (41 -> 26 KB
    gzipped). Names are kept, so a stack trace from a package still reads; the sources, with
    their comments, are in ``scorm/runtime/`` and ``plxblocks/render/static/``."""
    return {name: _minified(path) for name, path in _files().items()}


def _minified(path: Path) -> bytes:
    text = path.read_text(encoding="utf-8")
    return (rcssmin.cssmin(text) if path.suffix == ".css" else rjsmin.jsmin(text)).encode("utf-8")


def script_urls() -> list[str]:
    return [f"plx/js/{name}" for name in SHARED_JS] + [f"{PACKAGE_DIR}/{name}" for name in SCRIPTS]


def style_urls() -> list[str]:
    return [SHARED_CSS] + [f"{PACKAGE_DIR}/{name}" for name in STYLES]
