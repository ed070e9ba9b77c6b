"""Write a report to stdout or to a file that appears whole or not at all."""

from __future__ import annotations

import sys
from pathlib import Path

from perfxl.atomic import write_text_atomic


def emit(text: str, target: Path | None) -> None:
    """``text`` to ``target``, or to stdout when ``target`` is None."""
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_text_atomic(target, text)
