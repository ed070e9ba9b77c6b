"""Workbooks perfxl wrote itself, and knowing them again.

openpyxl cannot store a formula's result, so a workbook perfxl writes (a template, an example, a marked or generated
copy, a new 附表3) has formulas without cached results until Excel or WPS saves it. Rule T104 tells users to open and
save such a file before sending it; for perfxl's own output that advice is noise (the demo would greet a new user
with a complaint about the file perfxl just wrote). perfxl therefore signs what it saves in the document properties
(``lastModifiedBy``), which Excel and WPS overwrite with the user's name when they save the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from perfxl.atomic import atomic_path

if TYPE_CHECKING:
    from openpyxl import Workbook

WRITER = "perfxl"
CORE_PART = "docProps/core.xml"  # the document properties, where the last writer is named
_CORE_MOST = 1 << 16  # a larger properties part is no perfxl's
_LAST_WRITER = re.compile(rb"<(?:\w+:)?lastModifiedBy>\s*([^<]{0,200}?)\s*</(?:\w+:)?lastModifiedBy>")


def save_signed(book: Workbook, target: Path) -> Path:
    """Save ``book`` to ``target`` atomically, signed as written by perfxl."""
    book.properties.lastModifiedBy = WRITER
    with atomic_path(target) as tmp:
        book.save(tmp)
    return target


def written_by_perfxl(path: Path, data: bytes | None = None) -> bool:
    """Whether perfxl saved this workbook last (no Excel or WPS save since)."""
    try:
        with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as archive:
            info = archive.getinfo(CORE_PART)
            if info.file_size > _CORE_MOST:
                return False
            core = archive.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError):
        return False
    return signed_by_perfxl(core)


def signed_by_perfxl(core: bytes | None) -> bool:
    """:func:`written_by_perfxl` from the document properties part (``docProps/core.xml``) already inflated."""
    if core is None or len(core) > _CORE_MOST:
        return False
    found = _LAST_WRITER.search(core)
    return bool(found and found.group(1) == WRITER.encode())
