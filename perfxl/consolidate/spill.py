"""Long-table rows parked on disk by the process that made them, read back once the duplicates are known.

Which of two returns from the same unit is kept is only known when both have been read, and XlsxWriter's
constant_memory mode needs each sheet's rows in order. So every process that reads returns appends their
long-table rows to a file of its own in a shared temporary folder (rendered XML as UTF-8, or the rows pickled
when they go through XlsxWriter's public calls) and sends back only where they lie (:class:`Block`). The parent
copies them into the workbook at the end, in input order, leaving out superseded returns: memory stays flat
whatever the number of files, and the rows never cross a process boundary or get re-encoded on the way.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import uuid
from pathlib import Path
from typing import IO, NamedTuple

from perfxl.consolidate.records import Row


class Block(NamedTuple):
    """Where one input's rows for one sheet lie in the spill folder."""

    file: str
    offset: int
    size: int
    rendered: bool  # UTF-8 rows from ``xmlrows.render_rows``; otherwise a pickled list of rows


class SpillWriter:
    """Appends blocks to this process's own file in ``folder`` (opened on first use)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.name = f"{os.getpid()}-{uuid.uuid4().hex}.rows"
        self._handle: IO[bytes] | None = None

    def put(self, blocks: dict[str, list[Row] | str]) -> dict[str, Block]:
        """Write each non-empty block; flushed before returning, since the parent may read it next."""
        placed: dict[str, Block] = {}
        if not any(blocks.values()):
            return placed
        if self._handle is None:
            self._handle = (self.folder / self.name).open("ab")
        handle = self._handle
        for sheet, rows in blocks.items():
            if not rows:
                continue
            rendered = isinstance(rows, str)
            data = rows.encode() if isinstance(rows, str) else pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
            placed[sheet] = Block(self.name, handle.tell(), len(data), rendered)
            handle.write(data)
        handle.flush()
        return placed

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class SpillFolder:
    """The parent's side: a temporary folder the writers fill, and reads of their blocks."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="perfxl-")
        self.path = self._tmp.name
        self._open: dict[str, IO[bytes]] = {}

    def read(self, block: Block) -> bytes | list[Row]:
        """The rendered rows as UTF-8 bytes, or the list of rows."""
        handle = self._open.get(block.file)
        if handle is None:
            handle = self._open[block.file] = (Path(self.path) / block.file).open("rb")
        handle.seek(block.offset)
        data = handle.read(block.size)
        if len(data) != block.size:
            raise OSError(f"临时文件 {block.file} 不完整")
        return data if block.rendered else pickle.loads(data)  # written by our own workers, never by a user

    def close(self) -> None:
        for handle in self._open.values():
            handle.close()
        self._open.clear()
        self._tmp.cleanup()

    def __enter__(self) -> SpillFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
