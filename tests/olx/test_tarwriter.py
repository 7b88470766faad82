"""plx's own tar writer gives the bytes tarfile's pax format gives for the same members
(plxblocks/olx/tarwriter.py), for names plain ustar holds and for those it does not."""
from __future__ import annotations

import io
import tarfile

import pytest

from plxblocks.olx import tarwriter

MTIME = 946684800


def _tarfile_bytes(directories: list[str], files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, kind, mode, data in [(d, tarfile.DIRTYPE, 0o755, b"") for d in directories] + \
                [(n, tarfile.REGTYPE, 0o644, d) for n, d in files.items()]:
            info = tarfile.TarInfo(name)
            info.type, info.mode, info.size, info.mtime = kind, mode, len(data), MTIME
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _writer_bytes(directories: list[str], files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    writer = tarwriter.TarWriter(buffer, MTIME)
    for name in directories:
        writer.directory(name)
    for name, data in files.items():
        writer.file(name, data)
    writer.close()
    return buffer.getvalue()


@pytest.mark.parametrize("files", [
    {},
    {"course/course.xml": b"<course/>\n"},
    {"course/a.xml": b"x" * 512, "course/b.xml": b"y" * 513, "course/c.png": bytes(range(256)) * 40},
    {"course/" + "n" * 93: b"a name of exactly 100 bytes", "course/empty.txt": b""},
    # Enough members to fill more than one record (10,240 bytes) and end part way through another.
    {f"course/vertical/v{i:04d}.xml": b"<vertical/>\n" * (i + 1) for i in range(30)},
    # Names plain ustar cannot hold: pax extended headers, for those members only.
    {"course/static/media/ŵyn.png": b"\x89PNG", "course/a.xml": b"<a/>",
     "course/static/media/" + "x" * 100 + ".png": b"\x89PNG"},
])
def test_the_writer_gives_tarfiles_bytes(files):
    directories = ["course/", "course/vertical/"]
    assert _writer_bytes(directories, files) == _tarfile_bytes(directories, files)
    with tarfile.open(fileobj=io.BytesIO(_writer_bytes(directories, files))) as tar:
        assert tar.getnames() == ["course", "course/vertical", *files]
        assert all(tar.extractfile(name).read() == data for name, data in files.items())


@pytest.mark.parametrize("name, size, expected", [
    ("course/static/media/figure.png", 10, True),
    ("course/" + "x" * 93, 0, True),
    ("course/" + "x" * 94, 0, False),
    ("course/static/media/ŵyn.png", 10, False),
    ("course/big.mp4", 8 ** 11, False),
])
def test_fits_only_what_a_plain_ustar_header_holds(name, size, expected):
    assert tarwriter.fits(name, size) is expected


def test_the_archive_is_the_tar_that_tarfile_writes_of_its_members(tmp_path):
    """write_archive streams its members through plx's writer, each folder's entry before its
    first file: the tar inside the gzip is what tarfile's pax writer makes of the same members."""
    import gzip

    from plxblocks.course import load_course
    from plxblocks.olx.archive import ROOT, archive_members, write_archive
    from tests.conftest import DATA

    course = load_course(DATA / "minimal").course
    members = list(archive_members(course))
    directories, files, seen = [f"{ROOT}/"], {}, set()
    for rel, data in members:
        parts = rel.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            if "/".join(parts[:i]) not in seen:
                seen.add("/".join(parts[:i]))
                files[f"{ROOT}/{'/'.join(parts[:i])}/"] = None
        files[f"{ROOT}/{rel}"] = data
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in [(d, None) for d in directories] + list(files.items()):
            info = tarfile.TarInfo(name)
            info.type = tarfile.DIRTYPE if data is None else tarfile.REGTYPE
            info.mode, info.size, info.mtime = (0o755, 0, MTIME) if data is None else (0o644, len(data), MTIME)
            info.uname = info.gname = ""
            tar.addfile(info, None if data is None else io.BytesIO(data))
    archive = write_archive(course, tmp_path / "course.tar.gz")
    assert gzip.decompress(archive.read_bytes()) == buffer.getvalue()
    assert write_archive(course, tmp_path / "again.tar.gz").read_bytes() == archive.read_bytes()
