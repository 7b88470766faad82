"""Modules loaded before, found again by a hash of everything their loading reads.

Validating a large course again after editing one unit (``plx validate``, ``plx preview`` after a
save, ``plx build``) need not parse the other modules again: what loading a module finds (its
model, its messages, the media it uses, the text it read: :class:`~.parallel_load.Loaded`)
depends only on the files in its folder and on a few things of the course, all of which go into
the module's key:

- every file and folder in the module's folder, as the loader sees them (names, kinds, symbolic
  links' targets, linked folders inside the course followed, and each file's bytes, read no
  further than the loader would read them);
- ``course.yaml`` and the glossary beside the course (their bytes), the course's media files as
  the loader listed them, its folder, the load options and the course's text limit;
- plx's own code and the versions of the libraries that parse (PyYAML, markdown-it-py, nh3) and
  of Python.

A module whose key is found is taken over exactly as a module loaded by the worker process is
(:meth:`~.loader._CourseLoader._take_over`): its messages at its place in the course's order, its
media, its text counted against the course's limit (a module in which the limit would be crossed
is loaded again in order). ``tests/course/test_load_cache.py`` checks that a load from the cache
reports and builds exactly what a load without it does, for the shipped courses, for broken ones
and after edits.

The ``plx`` commands use it (:func:`from_environment`; ``PLX_LOAD_CACHE=off`` turns it off); the
``load_course`` function only when given one. The entries are pickles in a SQLite file
(``$PLX_CACHE_DIR/load.sqlite3``, else ``~/.cache/plx/load.sqlite3``), one per module of each
course folder: storing a module's new entry removes its old one. An entry that cannot be read is
treated as not found. Pickles run code when read: the file is the user's own, as the rest of
``~/.cache`` is.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import pickle
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ..rendercache import code_fingerprint
from . import limits
from .glossary import GLOSSARY_FILE

if TYPE_CHECKING:
    from .loader import _CourseLoader
    from .parallel_load import Loaded

FILE_NAME = "load.sqlite3"
_PARSING_LIBRARIES = ("pyyaml", "markdown-it-py", "nh3")
_FORMAT = "1"
"""Bumped when what an entry holds changes shape."""


def default_path() -> Path:
    """``$PLX_CACHE_DIR/load.sqlite3``, else ``$XDG_CACHE_HOME/plx/``, else ``~/.cache/plx/``."""
    if os.environ.get("PLX_CACHE_DIR"):
        return Path(os.environ["PLX_CACHE_DIR"]) / FILE_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "plx" / FILE_NAME


@contextlib.contextmanager
def from_environment() -> "Iterator[LoadCache | None]":
    """The cache the ``plx`` commands use, closed at the end of the ``with`` block:
    ``$PLX_LOAD_CACHE`` names its file, ``off`` turns it off (``None``); unset, :func:`default_path`."""
    setting = os.environ.get("PLX_LOAD_CACHE", "")
    cache = None if setting.lower() == "off" else LoadCache(Path(setting) if setting else None)
    try:
        yield cache
    finally:
        if cache is not None:
            cache.close()


class LoadCache:
    """What loading each module found, by key; ``hits`` counts the modules taken from it in this
    process (for the tests and the benchmark)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.hits = 0
        self._connection: sqlite3.Connection | None = None

    @staticmethod
    def course_digest(loader: "_CourseLoader", course_file: bytes):
        """What every module's key of this course starts from (``course_file``: ``course.yaml``'s
        bytes): made once per load, copied for each module (:meth:`key`)."""
        digest = hashlib.blake2b(digest_size=20)
        for part in _course_parts(loader, course_file):
            digest.update(part + b"\0")
        return digest

    @staticmethod
    def key(course_digest, folder: Path, root: Path) -> str:
        """The key of the module in *folder* of the course folder *root*."""
        digest = course_digest.copy()
        _add_folder(digest, str(folder), os.path.realpath(root))
        return digest.hexdigest()

    def find(self, key: str) -> "Loaded | None":
        try:
            row = self._db().execute("SELECT loaded FROM modules WHERE key = ?", (key,)).fetchone()
            return pickle.loads(row[0]) if row else None
        except Exception:  # noqa: BLE001 - an unreadable entry (or file) is one that is not there
            return None

    def store(self, key: str, root: Path, module_id: str, loaded: "Loaded") -> None:
        try:
            with self._db() as db:
                db.execute("DELETE FROM modules WHERE folder = ? AND module = ?", (str(root), module_id))
                db.execute("INSERT OR REPLACE INTO modules (key, folder, module, loaded) VALUES (?, ?, ?, ?)",
                           (key, str(root), module_id, pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)))
        except (sqlite3.Error, OSError, pickle.PicklingError):
            pass  # not kept: the next load parses the module again

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(self.path, timeout=30)
            self._connection.execute("CREATE TABLE IF NOT EXISTS modules (key TEXT PRIMARY KEY, folder TEXT, "
                                     "module TEXT, loaded BLOB)")
            self._connection.execute("CREATE INDEX IF NOT EXISTS modules_by_folder ON modules (folder, module)")
        return self._connection


def _course_parts(loader: "_CourseLoader", course_file: bytes) -> list[bytes]:
    media = loader.media
    versions = " ".join(f"{name} {importlib.metadata.version(name)}" for name in _PARSING_LIBRARIES)
    return [_FORMAT.encode(), code_fingerprint().encode(), versions.encode(), sys.version.encode(),
            str(loader.root).encode(), repr(loader.options).encode(), str(loader.budget.limit).encode(),
            course_file, _capped(loader.root.parent / GLOSSARY_FILE),
            "\n".join(sorted(media.files) if media else ()).encode(),
            "\n".join(sorted(media.refused) if media else ()).encode()]


def _add_folder(digest, folder: str, root: str, seen: set[str] | None = None) -> None:
    """Every entry below *folder*: its path and kind, a link's target, a regular file's bytes as far
    as the loader reads them. A linked folder is followed, as the loader follows it, when it stays
    inside the course folder *root* (and only once: a link to a folder above it would loop).
    Paths as strings: a ``Path`` for each entry was a third of a warm load."""
    seen = set() if seen is None else seen
    real = os.path.realpath(folder)
    if real in seen or not (real == root or real.startswith(root + os.sep)):
        digest.update(b"not followed\0")
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        digest.update(f"unlistable {error.errno}\0".encode())
        return
    for entry in entries:
        digest.update(os.fsencode(entry.path) + b"\0")
        if entry.is_symlink():
            digest.update(b"link " + os.fsencode(os.readlink(entry.path)) + b"\0")
        if entry.is_dir():
            digest.update(b"folder\0")
            _add_folder(digest, entry.path, root, seen)
        elif entry.is_file():  # never a device or a pipe: opening one could wait for ever
            digest.update(b"file " + _capped(entry.path) + b"\0")
        else:
            digest.update(b"other\0")


def _capped(path: Path | str) -> bytes:
    """The file's size and bytes up to one past the largest file the loader reads, or a marker."""
    try:
        with open(path, "rb") as file:
            return str(os.fstat(file.fileno()).st_size).encode() + b":" + file.read(limits.TEXT_FILE_BYTES + 1)
    except OSError as error:
        return f"unreadable {error.errno}".encode()
