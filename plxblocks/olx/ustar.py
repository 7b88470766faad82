"""A POSIX ustar writer for the archive's members: byte for byte what ``tarfile`` writes for them.

``tarfile`` builds every header in Python from a dictionary of fields, checking and encoding each
one and copying the member, which was about 40% of ``plx olx`` at 1,000 units (4,300 members). The
archive's members all have one shape (a directory or a regular file, fixed mode, owner and time,
an ASCII name of at most 100 bytes), so each header here is the name, the size and the checksum
put into a block that is otherwise the same for every member. A member that does not fit that
shape (a longer or non-ASCII name) is not for this writer: :func:`fits` says which, and the
archive writer then uses ``tarfile``'s pax format instead. ``tests/olx/test_ustar.py`` compares
the output with ``tarfile``'s.
"""
from __future__ import annotations

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
_CHECKSUM = slice(148, 156)


def fits(name: str, size: int) -> bool:
    """Whether *name* and *size* fit a plain ustar header (else pax is needed for the member)."""
    return name.isascii() and len(name) <= NAME_BYTES and size < MAX_SIZE


def header(name: str, kind: bytes, mode: int, size: int, mtime: int) -> bytes:
    """The header block of one member owned by uid and gid 0 with empty owner names."""
    block = b"".join((name.encode("ascii").ljust(NAME_BYTES, b"\0"),
                      b"%07o\0%07o\0%07o\0%011o\0%011o\0        " % (mode, 0, 0, size, mtime), kind, _TAIL))
    # The checksum is the sum of the header's bytes with its own field as spaces (as above).
    return block[:_CHECKSUM.start] + b"%06o\0 " % sum(block) + block[_CHECKSUM.stop:]


class UstarWriter:
    """Writes members to *out* one after another; :meth:`close` ends the archive (not *out*)."""

    def __init__(self, out: BinaryIO, mtime: int) -> None:
        self._out, self._mtime, self._offset = out, mtime, 0

    def directory(self, name: str, mode: int = 0o755) -> None:
        self._write(header(name.rstrip("/") + "/", DIRECTORY, mode, 0, self._mtime))

    def file(self, name: str, data: bytes, mode: int = 0o644) -> None:
        self._write(header(name, REGULAR, mode, len(data), self._mtime))
        self._write(data)
        if len(data) % BLOCK:
            self._write(b"\0" * (BLOCK - len(data) % BLOCK))

    def close(self) -> None:
        """Two empty blocks end the archive, then padding to a whole record (as tarfile)."""
        self._write(b"\0" * (2 * BLOCK))
        if self._offset % RECORD:
            self._write(b"\0" * (RECORD - self._offset % RECORD))

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._offset += len(data)
