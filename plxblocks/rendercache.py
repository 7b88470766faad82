"""Rendered units, found again by a hash of everything they were rendered from.

Exporters render a course unit by unit (the SCORM block views, the OLX files of a unit) and ask a
:class:`UnitCache` for each unit's pieces under a content key: a hash of the unit as loaded (its
model: every text, option, setting and file name in it), of whatever else from the course the
pieces show, and of plx itself (its code, templates and message catalogues, and the versions of
the libraries that render). So the packages of one build share each unit's rendering, and
``plx build`` and ``plx preview`` render again only the units whose content changed; what they
reuse is what a clean build would render, because the key changes with anything rendering reads.

The cache lives in memory (one build's packages share it; ``plx preview`` keeps it from one save
to the next) and, for ``plx build``, also in a SQLite file in the output folder, from one build to
the next. SQLite (in the standard library) because the build's worker processes read and write it
side by side, and a build that is stopped half way leaves whole entries or none.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sqlite3
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

CACHE_FOLDER = ".plx-cache"
"""The cache's folder inside ``plx build``'s output folder (one SQLite file per course)."""
_RENDERING_LIBRARIES = ("jinja2", "markupsafe", "lxml")
_SOURCE_SUFFIXES = (".py", ".html", ".po")
_FLUSH_EVERY = 256
"""Units rendered before they are written out (bounds the memory of a large clean build)."""

T = TypeVar("T")
Rendered = dict[str, str]
"""What a unit renders to, for one output: piece name (a block uid, a file path) -> text."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of plx's own code, templates and catalogues and the rendering libraries' versions:
    part of every key, so upgrading plx or editing a template never reuses an older rendering."""
    return source_fingerprint((Path(__file__).resolve().parent, _package_folder("scorm")))


def _package_folder(name: str) -> Path:
    """Where the package *name* is, without importing it (a package without ``__init__.py`` has
    no origin, only its search locations)."""
    spec = importlib.util.find_spec(name)
    return Path(spec.origin).parent if spec.origin else Path(next(iter(spec.submodule_search_locations)))


def source_fingerprint(roots) -> str:
    """A hash of every Python file, template and catalogue under *roots*, and of the versions of
    Python and of the libraries that render."""
    digest = hashlib.blake2b(digest_size=16)
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in _SOURCE_SUFFIXES and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    for library in _RENDERING_LIBRARIES:
        digest.update(f"{library} {importlib.metadata.version(library)}\0".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


class UnitCache:
    """Each unit's rendered pieces, by content key; in memory, and in *path* (SQLite) if given."""

    def __init__(self, path: Path | None = None, *, in_memory: bool = True) -> None:
        self.path = path
        self._memory: dict[str, Rendered] | None = {} if in_memory or path is None else None
        self._pending: dict[str, Rendered] = {}
        self._derived: dict[str, Rendered] = {}
        self._digests: dict[int, tuple[object, str]] = {}
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self.rendered: set[str] = set()
        """The uids of the units rendered (not found) since :meth:`begin`."""
        self.used: set[str] = set()
        """The keys asked for since :meth:`begin` (what :meth:`prune` keeps)."""

    @property
    def in_memory(self) -> bool:
        """Whether renderings are kept in memory (not for a large ``plx build``: see build.py)."""
        return self._memory is not None

    def begin(self) -> None:
        """Start counting for a new build (``plx preview`` calls it on every save)."""
        self.rendered, self.used, self._digests, self._derived = set(), set(), {}, {}

    def unit(self, unit, output: str, parts: tuple, render: Callable[[], Rendered]) -> Rendered:
        """*unit*'s pieces for *output* (``scorm-views``, ``olx``...), rendered by *render* unless
        the cache holds them. *parts*: whatever else the pieces depend on (language, course
        fields), as values with a stable ``repr``."""
        key = hashlib.blake2b(f"{code_fingerprint()}\0{output}\0{parts!r}\0{self.digest(unit)}".encode("utf-8"),
                              digest_size=20).hexdigest()
        self.used.add(key)
        found = self._find(key)
        if found is None:
            found = render()
            self.rendered.add(unit.uid)
            self._pending[key] = found
            if self._memory is not None:
                self._memory[key] = found
            if len(self._pending) >= _FLUSH_EVERY:
                self.flush()
        return found

    def derived(self, key: tuple, make: Callable[[], T]) -> T:
        """What *make* returns, made once per build for *key* (hashable, and naming everything the
        result depends on, e.g. with :meth:`digest`): for small pieces made from the whole course
        (a page's contents list, the runtime's tracking data), kept in memory for this build only,
        whether or not the cache keeps units in memory."""
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]

    def digest(self, unit) -> str:
        """A hash of everything in *unit* (its ``repr`` walks every text, option and setting)."""
        # Once per build: a unit is asked for by several outputs. Keyed by id() with the unit kept
        # alive, so an id is never reused for another unit.
        remembered = self._digests.get(id(unit))
        if remembered is None or remembered[0] is not unit:
            remembered = (unit, hashlib.blake2b(repr(unit).encode("utf-8"), digest_size=16).hexdigest())
            self._digests[id(unit)] = remembered
        return remembered[1]

    def _find(self, key: str) -> Rendered | None:
        if self._memory is not None and key in self._memory:
            return self._memory[key]
        if key in self._pending:
            return self._pending[key]
        if self.path is None or not self.path.exists():
            return None
        row = self._db().execute("SELECT value FROM units WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        found = json.loads(row[0])
        if self._memory is not None:
            self._memory[key] = found
        return found

    def flush(self) -> None:
        """Write what was rendered since the last flush to the file (one transaction)."""
        if self.path is None or not self._pending:
            self._pending.clear()
            return
        with self._db() as db:
            db.executemany("INSERT OR REPLACE INTO units (key, value) VALUES (?, ?)",
                           ((key, json.dumps(value, ensure_ascii=False)) for key, value in self._pending.items()))
        self._pending.clear()

    def prune(self, keep: set[str]) -> None:
        """Forget every entry not in *keep* (the keys a whole build used), so the cache stays the
        size of one build however often the content changes."""
        if self._memory is not None:
            for key in [k for k in self._memory if k not in keep]:
                del self._memory[key]
        if self.path is None or not self.path.exists():
            return
        with self._db() as db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM keep")
            db.executemany("INSERT OR IGNORE INTO keep (key) VALUES (?)", ((key,) for key in keep))
            db.execute("DELETE FROM units WHERE key NOT IN (SELECT key FROM keep)")

    def create(self) -> None:
        """Make the file (write-ahead log, so that readers never wait for a writer) before
        several processes open it; they then only connect."""
        self._db()

    def _db(self) -> sqlite3.Connection:
        # A connection is never carried into a forked worker: each process opens its own.
        if self._connection is None or self._pid != os.getpid():
            new = not self.path.exists()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(self.path, timeout=60)
            if new:
                self._connection.execute("PRAGMA journal_mode=WAL")
            with self._connection:
                self._connection.execute("CREATE TABLE IF NOT EXISTS units (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._pid = os.getpid()
        return self._connection

    def close(self) -> None:
        self.flush()
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None
