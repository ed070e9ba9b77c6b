"""What a button shows and asks: message boxes, the status bar, folder and file pickers, and the log file.

:class:`ExcelUI` talks to Excel through xlwings; the tests use a recording stand-in with the same methods.
Errors reach the user as a Chinese message; the details (traceback) go to the log file only.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Protocol

TITLE = "perfxl 绩效目标"
FOLDER_PICKER = 4  # msoFileDialogFolderPicker
FILE_PICKER = 3  # msoFileDialogFilePicker


class UI(Protocol):
    def info(self, text: str) -> None: ...

    def ask_text(self, prompt: str, default: str = "") -> str | None: ...

    def ask_folder(self, prompt: str) -> Path | None: ...

    def ask_file(self, prompt: str) -> Path | None: ...

    def status(self, text: str | None) -> None: ...

    def open(self, path: Path) -> None: ...


class ExcelUI:
    """The Excel side of :class:`UI` (``app`` is an ``xlwings.App``)."""

    def __init__(self, app: Any):
        self.app = app

    def info(self, text: str) -> None:
        self.app.alert(text, title=TITLE)

    def ask_text(self, prompt: str, default: str = "") -> str | None:
        answer = self.app.api.InputBox(prompt, TITLE, default, Type=2)
        return answer if isinstance(answer, str) else None  # Cancel gives False

    def ask_folder(self, prompt: str) -> Path | None:
        return self._pick(FOLDER_PICKER, prompt)

    def ask_file(self, prompt: str) -> Path | None:
        return self._pick(FILE_PICKER, prompt)

    def _pick(self, kind: int, prompt: str) -> Path | None:
        dialog = self.app.api.FileDialog(kind)
        dialog.Title = prompt
        dialog.AllowMultiSelect = False
        return Path(str(dialog.SelectedItems(1))) if dialog.Show() == -1 else None

    def status(self, text: str | None) -> None:
        self.app.status_bar = text if text is not None else False  # False gives the bar back to Excel

    def open(self, path: Path) -> None:
        self.app.books.open(str(path))


def log_folder() -> Path:
    """%LOCALAPPDATA%\\perfxl\\logs on Windows, ~/.cache/perfxl/logs elsewhere."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "perfxl" / "logs"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "perfxl" / "logs"


def log_error(button: str, error: BaseException) -> Path:
    """Append the traceback to the log file and return its path (a failing log write is not the user's problem)."""
    path = log_folder() / "perfxl-excel.log"
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"==== {dt.datetime.now().isoformat(timespec='seconds')} {button}\n{text}\n")
    except OSError:
        pass
    return path
