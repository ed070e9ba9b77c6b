"""perfxl's bundled data files (``perfxl/data/…``), found without importing :mod:`importlib.resources`.

That import costs ≈ 15–20 ms of CPU (it brings tempfile, zipfile and more), which every ``perfxl check`` and every
Excel click would pay only to locate two small files next to this module. An installed perfxl is a folder on
disk; anything else (a zip import) still goes through importlib.resources.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_HERE = Path(__file__).resolve().parent


def files(package: str) -> Traversable:
    """As :func:`importlib.resources.files`: ``files("perfxl") / "data" / "level_names.csv"``."""
    if package == "perfxl" and (_HERE / "data").is_dir():
        return _HERE
    from importlib.resources import files as resource_files

    return resource_files(package)
