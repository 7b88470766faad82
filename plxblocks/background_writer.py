"""A file-like sink that hands what is written to a thread, so compressing overlaps making.

The OLX export makes its files in Python (which holds the interpreter lock) and compress them
with zlib (which releases it while it deflates): with the deflating in a thread of its own, the
second core compresses one piece while the first makes the next, as ``tar czf`` pipes tar into
a gzip process. Nothing in the standard library does this for a writer (``concurrent.futures``
would keep every piece until the end, and lose their order without more code than this).

The thread calls *write* for each piece in order; only the thread touches what *write* writes to
until :meth:`close` returns, which waits for the last piece and raises any error the thread met.
At most ``depth`` pieces wait in between, so memory stays bounded whatever the output's size.
"""
from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable

_END = object()


class BackgroundWriter(io.RawIOBase):
    def __init__(self, write: Callable[[bytes], object], depth: int = 4) -> None:
        super().__init__()
        self._pieces: queue.Queue = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._raised = False
        self._thread = threading.Thread(target=self._run, args=(write,), name="plx-writer", daemon=True)
        self._thread.start()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._error is not None:
            self._raised = True
            raise self._error
        piece = bytes(data)  # a caller's buffer (BufferedWriter's memoryview) is reused after this returns
        self._pieces.put(piece)
        return len(piece)

    def close(self) -> None:
        if self.closed:
            return
        self._pieces.put(_END)
        self._thread.join()
        super().close()
        if self._error is not None and not self._raised:  # once: a with-block's close follows the write's error
            self._raised = True
            raise self._error

    def _run(self, write: Callable[[bytes], object]) -> None:
        while (piece := self._pieces.get()) is not _END:
            if self._error is None:  # after an error, only drain, so that write() never blocks for ever
                try:
                    write(piece)
                except BaseException as error:  # raised again in the writing thread
                    self._error = error
