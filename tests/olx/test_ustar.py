"""plx's own ustar writer gives the bytes tarfile gives for the same members (plxblocks/olx/ustar.py)."""
from __future__ import annotations

import io
import tarfile

import pytest

from plxblocks.olx import ustar

MTIME = 946684800


def _tarfile_bytes(directories: list[str], files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, kind, mode, data in [(d, tarfile.DIRTYPE, 0o755, b"") for d in directories] + \
                [(n, tarfile.REGTYPE, 0o644, d) for n, d in files.items()]:
            info = tarfile.TarInfo(name)
            info.type, info.mode, info.size, info.mtime = kind, mode, len(data), MTIME
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _ustar_bytes(directories: list[str], files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    writer = ustar.UstarWriter(buffer, MTIME)
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
])
def test_the_writer_gives_tarfiles_bytes(files):
    directories = ["course/", "course/vertical/"]
    assert _ustar_bytes(directories, files) == _tarfile_bytes(directories, files)
    with tarfile.open(fileobj=io.BytesIO(_ustar_bytes(directories, files))) as tar:
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
    assert ustar.fits(name, size) is expected


def test_the_archive_writes_the_same_tar_through_either_writer():
    """write_archive's two paths (plx's ustar writer, tarfile's pax for names ustar cannot hold)
    give the same bytes for a course whose names fit ustar, so the choice never shows."""
    from plxblocks.course import load_course
    from plxblocks.olx.archive import ROOT, _directories, _write_pax, _write_ustar, archive_files
    from tests.conftest import DATA

    files = archive_files(load_course(DATA / "minimal").course)
    names = [f"{ROOT}/{d}".rstrip("/") + "/" for d in _directories(files)]
    written = []
    for write in (_write_ustar, _write_pax):
        buffer = io.BytesIO()
        write(buffer, names, files)
        written.append(buffer.getvalue())
    assert written[0] == written[1]
    with tarfile.open(fileobj=io.BytesIO(written[0])) as tar:
        assert {m.name for m in tar.getmembers() if m.isfile()} == {f"{ROOT}/{rel}" for rel in files}
