"""Files that appear whole or not at all: write next to the target, then rename over it.

Kept free of heavy imports so ``perfxl check -o report.json`` does not load openpyxl to write a text file;
tempfile (and the random and hashlib it brings) is imported only when a file is written, since the check path
imports this module without writing anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path next to ``target``; renamed over it only if the block succeeds."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".~perfxl-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report or workbook should be shareable as usual
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(target: Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
