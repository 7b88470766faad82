"""The OLX archive's compressing thread (plxblocks/background_writer.py): pieces arrive whole and
in order, the caller's reused buffer is copied, and an error in the thread reaches the writer."""
from __future__ import annotations

import io
import threading

import pytest

from plxblocks.background_writer import BackgroundWriter


def test_pieces_arrive_in_order_and_close_waits_for_the_last():
    received, threads = [], set()

    def write(piece: bytes) -> None:
        threads.add(threading.current_thread().name)
        received.append(piece)

    with io.BufferedWriter(BackgroundWriter(write, depth=2), buffer_size=16) as out:
        for number in range(500):
            out.write(f"{number:04d}|".encode())
    assert b"".join(received) == b"".join(f"{n:04d}|".encode() for n in range(500))
    assert threads == {"plx-writer"}


def test_a_reused_buffer_is_copied_before_write_returns():
    received = []
    writer = BackgroundWriter(received.append)
    buffer = bytearray(b"first")
    writer.write(memoryview(buffer))
    buffer[:] = b"later"
    writer.close()
    assert received == [b"first"]


def test_an_error_in_the_thread_is_raised_in_the_writer_and_nothing_hangs():
    def full_disk(piece: bytes) -> None:
        raise OSError(28, "No space left on device")

    writer = BackgroundWriter(full_disk, depth=1)
    with pytest.raises(OSError, match="No space left on device"):
        for _ in range(100):  # more pieces than the queue holds: write() must not block for ever
            writer.write(b"x" * 1024)
    writer.close()  # raised once, by the write: the close that a with-block adds is quiet
    assert writer.closed and not writer._thread.is_alive()


def test_an_error_in_the_last_piece_is_raised_by_close():
    def fails(piece: bytes) -> None:
        raise OSError(5, "Input/output error")

    writer = BackgroundWriter(fails)
    writer.write(b"last")
    with pytest.raises(OSError, match="Input/output error"):
        writer.close()
