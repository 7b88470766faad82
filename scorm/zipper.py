"""Deterministic zip writing: the same files give a byte-identical archive.

Consortia compare packages to tell whether a course changed, so nothing about the build machine
or the moment may reach the zip: entries are sorted, every timestamp is the zip epoch
(1980-01-01), permissions and the "made by" system are fixed, and there is no archive comment.
``zipfile`` does all the writing; this module only pins what it would otherwise take from the
clock and the file system.
"""
from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import PackageError
from .paths import archive_name

EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can hold; used for every entry."""

_STORED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".mp4", ".m4a",
                              ".webm", ".ogg", ".zip", ".pdf", ".woff2"})
"""Already-compressed formats: deflating them again costs time and saves nothing."""


@dataclass(frozen=True)
class Streamed:
    """A file made in pieces (the SCO page of a large course), written as they come."""

    chunks: Callable[[], Iterable[bytes]]
    """Makes the content, piece by piece, each time it is called."""

    def read(self) -> bytes:
        return b"".join(self.chunks())


CHUNK_CHARACTERS = 1 << 18


def utf8_chunks(pieces: Iterable[str]) -> Iterator[bytes]:
    """Template output (many small strings) as UTF-8 pieces of about 256 K characters."""
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARACTERS:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def zip_bytes(files: Mapping[str, bytes | Streamed], out: Path) -> Path:
    """Write *files* (package name -> content) to the zip *out*, atomically; return *out*.

    The archive is first written beside *out* and renamed into place, so an interrupted build
    never leaves a half-written package where an LMS admin might pick it up. A
    :class:`Streamed` file is compressed piece by piece (zipfile's own streaming writer, which
    gives the same bytes as writing it whole).
    """
    names = sorted(archive_name(name) for name in files)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = str(out.parent / f".{out.name}.{os.getpid()}.part")
    try:
        with open(tmp, "wb") as raw, zipfile.ZipFile(raw, "w") as archive:
            for name in names:
                _write(archive, _entry(name), files[name])
        os.replace(tmp, out)
    except OSError as error:
        _remove(tmp)
        raise PackageError(f"{out}: cannot write the package: {error.strerror or error}") from None
    except BaseException:
        _remove(tmp)
        raise
    return out


def _write(archive: zipfile.ZipFile, info: zipfile.ZipInfo, content: bytes | Streamed) -> None:
    if not isinstance(content, Streamed):
        level = 6 if info.compress_type == zipfile.ZIP_DEFLATED else None
        archive.writestr(info, content, compresslevel=level)
        return
    # open() takes no level: it deflates at zlib's default, which is level 6 as above.
    with archive.open(info, "w") as entry:
        for chunk in content.chunks():
            entry.write(chunk)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.create_system = 3  # Unix, so the permission bits below are read
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    stored = Path(name).suffix.lower() in _STORED_SUFFIXES
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
