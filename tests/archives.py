"""Unpacking the archives the tests build, on every Python the README allows.

``tarfile``'s extraction filters arrived in 3.11.4; Debian 12's python3 is 3.11.2, so a newcomer's
run failed with "unexpected keyword argument 'filter'". Without the filter, members are checked
here the way the ``data`` filter would refuse them, before anything is written.
"""
from __future__ import annotations

import tarfile
from pathlib import Path, PurePosixPath


def extract_tar(archive: Path, into: Path) -> None:
    """Extract *archive* into *into*, refusing absolute names, ``..`` and links leaving it."""
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(into, filter="data")
            return
        for member in tar.getmembers():
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in name.parts or member.issym() or member.islnk() or member.isdev():
                raise tarfile.TarError(f"{archive}: refusing to extract {member.name!r}")
        tar.extractall(into)  # noqa: S202 - every member was checked above
