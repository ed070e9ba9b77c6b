"""Long-table rows parked on disk as results arrive, read back once the duplicates are known.

Which of two returns from the same unit is kept is only known when both have been read, and XlsxWriter's
constant_memory mode needs each sheet's rows in order, so each streamed sheet's rows go to a temporary file as
they arrive (one pickle per input, in input order) and are copied into the workbook at the end, leaving out
the superseded returns. Memory stays flat whatever the number of files.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Container, Iterator, Sequence
from contextlib import ExitStack
from typing import IO, Any


class Spill:
    def __init__(self, names: Sequence[str]):
        self._stack = ExitStack()
        self._files: dict[str, IO[bytes]] = {
            name: self._stack.enter_context(tempfile.TemporaryFile(prefix="perfxl-"))  # noqa: SIM115 (closed in close())
            for name in names
        }

    def add(self, index: int, blocks: dict[str, Any]) -> None:
        for name, rows in blocks.items():
            if rows:
                pickle.dump((index, rows), self._files[name], protocol=pickle.HIGHEST_PROTOCOL)

    def rows(self, name: str, leave_out: Container[int] = ()) -> Iterator[list[Any]]:
        """Each input's rows for sheet ``name``, in the order they were added, skipping ``leave_out``."""
        handle = self._files[name]
        handle.flush()
        handle.seek(0)
        while True:
            try:
                index, rows = pickle.load(handle)
            except EOFError:
                return
            if index not in leave_out:
                yield rows

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
