"""What setup needs to know about the PC: folders, registry, interpreter, code page. Injectable for tests."""

from __future__ import annotations

import importlib.util
import locale
import os
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from perfxl.install.registry import HKCU, MemoryRegistry, Registry, WinRegistry

_SHELL_FOLDERS = r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders"


class SetupError(Exception):
    """A problem the user can fix; the message is Chinese and says what and where."""


@dataclass
class Environment:
    registry: Registry
    home: Path  # %USERPROFILE%
    appdata: Path  # %APPDATA% (Roaming)
    interpreter: Path  # the Python running perfxl (sys.executable)
    ansi_encoding: str  # VBA's `Open … For Input` reads text in the ANSI code page (cp936 on Chinese Windows)
    is_windows: bool
    xlwings_version: str | None  # None: xlwings is not installed

    @classmethod
    def current(cls) -> Environment:
        windows = sys.platform == "win32"
        home = Path(os.environ.get("USERPROFILE") or Path.home())
        return cls(
            registry=WinRegistry() if windows else MemoryRegistry(),
            home=home,
            appdata=Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming"),
            interpreter=Path(sys.executable),
            ansi_encoding=_ansi_code_page(),
            is_windows=windows,
            xlwings_version=_xlwings_version(),
        )

    @property
    def addins_dir(self) -> Path:
        """The user's AddIns folder: Excel lists add-ins found here and trusts them (it is a trusted location)."""
        return self.appdata / "Microsoft" / "AddIns"

    @property
    def record_path(self) -> Path:
        return self.appdata / "perfxl" / "excel-setup.json"

    def documents(self) -> Path:
        """The user's Documents folder (it may be moved, e.g. to OneDrive: Explorer keeps it in the registry)."""
        value = (self.registry.values(HKCU, _SHELL_FOLDERS) or {}).get("Personal")
        if value is not None and isinstance(value.data, str):
            text = re.sub("%USERPROFILE%", lambda _m: str(self.home), value.data, flags=re.IGNORECASE)
            text = os.path.expandvars(text)
            if "%" not in text:
                return Path(text)
        return self.home / "Documents"

    def xlwings_interpreter(self) -> Path:
        """pythonw.exe beside the running python.exe when there is one (no console window flashes on a click)."""
        windowless = self.interpreter.with_name("pythonw.exe")
        if self.interpreter.name.lower() == "python.exe" and windowless.is_file():
            return windowless
        return self.interpreter

    def xlwings_dlls(self) -> list[Path]:
        """xlwings' DLL for the resident (UDF server) mode, where its VBA looks: beside the interpreter or one up."""
        if not self.xlwings_version:
            return []
        folders = (self.interpreter.parent, self.interpreter.parent.parent)
        names = (f"xlwings64-{self.xlwings_version}.dll", f"xlwings32-{self.xlwings_version}.dll")
        return [folder / name for folder in folders for name in names if (folder / name).is_file()]


def _ansi_code_page() -> str:
    if sys.platform == "win32":
        import ctypes

        return f"cp{ctypes.windll.kernel32.GetACP()}"  # type: ignore[attr-defined, unused-ignore]
    return locale.getpreferredencoding(False)


def _xlwings_version() -> str | None:
    if importlib.util.find_spec("xlwings") is None:
        return None
    try:
        return metadata.version("xlwings")
    except metadata.PackageNotFoundError:
        return None
