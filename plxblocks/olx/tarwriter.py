"""A tar writer for the archive's members: byte for byte what ``tarfile`` writes for them in its
POSIX (pax) format, member by member as they come.

``tarfile`` builds every header in Python from a dictionary of fields, checking and encoding each
one and copying the member, which was about 40% of ``plx olx`` at 1,000 units (4,300 members). Almost
every member of the archive has one shape (a directory or a regular file, fixed mode, owner and
time, an ASCII name of at most 100 bytes: :func:`fits`), which pax writes as a plain ustar header:
here that header is the name, the size and the checksum put into a block that is otherwise the
same for every member. A member that does not fit (a longer or non-ASCII name, such as a media file
called ``ŵyn.png``) gets ``tarfile``'s own pax header, extended header included, so the archive is
what ``tarfile`` would write either way. ``tests/olx/test_ustar.py`` compares the output with
``tarfile``'s.
"""
from __future__ import annotations

import functools
import tarfile
from typing import BinaryIO

BLOCK = 512
RECORD = 20 * BLOCK
"""``tarfile``'s record size: the archive ends padded to a multiple of it."""
NAME_BYTES = 100
MAX_SIZE = 8 ** 11
"""Sizes are 11 octal digits in ustar."""
DIRECTORY, REGULAR = b"5", b"0"

# After the type flag: link name, magic and version, owner and group names, device numbers
# (empty for these types, as tarfile leaves them), the name prefix, and the block's padding.
_TAIL = b"\0" * 100 + b"ustar\x0000" + b"\0" * (32 + 32 + 8 + 8 + 155 + 12)
_PADDING = bytes(BLOCK)


def fits(name: str, size: int) -> bool:
    """Whether *name* and *size* fit a plain ustar header (else pax is needed for the member)."""
    return name.isascii() and len(name) <= NAME_BYTES and size < MAX_SIZE


def header(name: str, kind: bytes, mode: int, size: int, mtime: int) -> bytes:
    """The header of one member owned by uid and gid 0 with empty owner names: one ustar block
    when the member :func:`fits`, else tarfile's pax header (an extended header, then ustar)."""
    if not fits(name, size):
        return _pax_header(name, kind, mode, size, mtime)
    encoded = name.encode("ascii")
    size_field = b"%011o\0" % size
    before, after, fixed_sum = _fixed_fields(kind, mode, mtime)
    # The checksum is the sum of the header's bytes with its own field as spaces: the fields that
    # are the same for every member of the kind are summed once (_fixed_fields).
    checksum = b"%06o\0 " % (sum(encoded) + sum(size_field) + fixed_sum)
    return b"".join((encoded, bytes(NAME_BYTES - len(encoded)), before, size_field, after, checksum, kind, _TAIL))


def _pax_header(name: str, kind: bytes, mode: int, size: int, mtime: int) -> bytes:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.size, info.mtime = kind, mode, size, mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    # tarfile.open()'s defaults, as the pax writer would use them.
    return info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")


@functools.lru_cache(maxsize=None)
def _fixed_fields(kind: bytes, mode: int, mtime: int) -> tuple[bytes, bytes, int]:
    """The fields before the size (mode, owner ids) and after it (time), and the sum of every
    byte of the header but the name and size, its checksum counted as spaces."""
    before = b"%07o\0%07o\0%07o\0" % (mode, 0, 0)
    after = b"%011o\0" % mtime
    return before, after, sum(before) + sum(after) + sum(b" " * 8) + sum(kind) + sum(_TAIL)


class TarWriter:
    """Writes members to *out* one after another; :meth:`close` ends the archive (not *out*)."""

    def __init__(self, out: BinaryIO, mtime: int) -> None:
        self._out, self._mtime, self._offset = out, mtime, 0

    def directory(self, name: str, mode: int = 0o755) -> None:
        self._write(header(name.rstrip("/") + "/", DIRECTORY, mode, 0, self._mtime))

    def file(self, name: str, data: bytes, mode: int = 0o644) -> None:
        padding = -len(data) % BLOCK
        self._write(b"".join((header(name, REGULAR, mode, len(data), self._mtime), data, _PADDING[:padding])))

    def close(self) -> None:
        """Two empty blocks end the archive, then padding to a whole record (as tarfile)."""
        self._write(b"\0" * (2 * BLOCK))
        if self._offset % RECORD:
            self._write(b"\0" * (RECORD - self._offset % RECORD))

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._offset += len(data)
