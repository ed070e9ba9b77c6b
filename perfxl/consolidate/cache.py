"""What an earlier consolidation learned about a file, kept so that running it again is quick.

A collecting office runs 汇总 again and again as returns keep arriving by email; most files are the same as last
time. A file's result (its 来源 facts, its 汇总 row and totals, its rendered long-table rows) depends only on
its bytes, its path (the rows link to it), the check settings and this version of perfxl, so it is stored
under a key made of exactly those: the SHA-256 of the file, the path, and a fingerprint of the settings and of
perfxl's own code and data files. Any change to any of them is a miss, and the file is read and checked
afresh. Size and modified time always come from the file itself.

Each entry is one small compressed file, written atomically by the worker that read the input; an entry that
cannot be read is a miss. Entries not used for :data:`KEEP_DAYS` days are removed after a run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import time
import zlib
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import perfxl
from perfxl.atomic import atomic_path
from perfxl.check.settings import Settings

KEEP_DAYS = 60
_SUFFIX = ".result"


def default_folder() -> Path:
    """The user's cache folder: %LOCALAPPDATA%\\perfxl on Windows, $XDG_CACHE_HOME/perfxl or ~/.cache/perfxl."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "perfxl" / "consolidate"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "perfxl" / "consolidate"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 over perfxl's own source and data files and the XlsxWriter version (rows are rendered for it)."""
    digest = hashlib.sha256(metadata.version("xlsxwriter").encode())
    root = Path(perfxl.__file__).parent
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".csv", ".txt", ".j2")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(settings: Settings, styles: Any) -> str:
    """What besides the file decides its result: perfxl's code, the check settings, the summary's styles."""
    return hashlib.sha256(f"{code_fingerprint()}|{settings.model_dump_json()}|{styles!r}".encode()).hexdigest()


class ResultCache:
    def __init__(self, folder: str | Path, fingerprint: str):
        self.folder = Path(folder)
        self.fingerprint = fingerprint

    def _entry(self, sha256: str, path: str) -> Path:
        # the path made absolute, as the stored links are: "收件箱/a.xlsx" from another folder is another file
        key = hashlib.sha256(f"{self.fingerprint}|{sha256}|{os.path.abspath(path)}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}{_SUFFIX}"

    def get(self, sha256: str, path: str) -> Any | None:
        """The stored record, or None (never stored, or unreadable: then it is simply made again)."""
        entry = self._entry(sha256, path)
        try:
            record = pickle.loads(zlib.decompress(entry.read_bytes()))  # written by perfxl itself
        except Exception:  # none yet, or a torn or foreign file: a miss
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: kept by prune()
        return record

    def put(self, sha256: str, path: str, record: Any) -> None:
        """Store ``record`` atomically; a cache that cannot be written never fails the consolidation."""
        with contextlib.suppress(OSError), atomic_path(self._entry(sha256, path)) as tmp:
            tmp.write_bytes(zlib.compress(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL), 1))


def prune(folder: str | Path, keep_days: float = KEEP_DAYS) -> int:
    """Remove entries (and stray temporary files) not used for ``keep_days``; returns how many went."""
    limit = time.time() - keep_days * 86400
    removed = 0
    for entry in _entries(Path(folder)):
        try:
            if entry.stat().st_mtime < limit:
                entry.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _entries(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    return folder.glob(f"??/*{_SUFFIX}")  # a stray temporary file of a killed run ends so too
