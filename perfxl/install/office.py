"""Where Excel keeps what ``perfxl excel setup`` changes in the registry (per Office version, current user).

- Add-ins loaded at start: ``HKCU\\Software\\Microsoft\\Office\\<ver>\\Excel\\Options``, string values ``OPEN``,
  ``OPEN1``, ``OPEN2``… numbered without gaps. Excel writes each as the add-in's path in double quotes
  (``"C:\\Users\\…\\AddIns\\perfxl.xlam"``); XLLs get a ``/R`` switch before it. A bare file name means a file in
  the user's AddIns folder. An add-in the user unticks moves to ``…\\Excel\\Add-in Manager`` (value name = path).
- Trusted Locations: ``…\\Excel\\Security\\Trusted Locations\\<name>`` with ``Path`` (folder, trailing ``\\``),
  ``AllowSubfolders`` (DWORD 1) and ``Description``.
"""

from __future__ import annotations

import ntpath
import re

from perfxl.install.registry import HKCU, HKLM, Registry, key_exists

#: Office 2010 (14.0), 2013 (15.0), 2016/2019/2021/2024/365 (16.0)
OFFICE_VERSIONS = ("16.0", "15.0", "14.0")
TRUSTED_LOCATION_NAME = "perfxl"
_OPEN_NAME = re.compile(r"OPEN(\d*)", re.IGNORECASE)
_APP_PATHS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\excel.exe"


def excel_key(version: str) -> str:
    return rf"Software\Microsoft\Office\{version}\Excel"


def options_key(version: str) -> str:
    return excel_key(version) + r"\Options"


def addin_manager_key(version: str) -> str:
    return excel_key(version) + r"\Add-in Manager"


def trusted_location_key(version: str) -> str:
    return excel_key(version) + r"\Security\Trusted Locations" + "\\" + TRUSTED_LOCATION_NAME


def excel_versions(registry: Registry) -> list[str]:
    """The Office versions whose Excel is installed or has been used by this user, newest first.

    Evidence, any of: the user's own Excel settings key; Excel's InstallRoot (MSI Office, 64- or 32-bit; Click-to-Run
    mirrors it under ClickToRun\\REGISTRY\\MACHINE); the App Paths entry of excel.exe (``…\\Office16\\EXCEL.EXE``).
    """
    found = {v for v in OFFICE_VERSIONS if key_exists(registry, HKCU, excel_key(v))}
    for version in OFFICE_VERSIONS:
        for node in ("", "WOW6432Node\\"):
            roots = (rf"SOFTWARE\{node}Microsoft\Office\{version}\Excel\InstallRoot",
                     rf"SOFTWARE\Microsoft\Office\ClickToRun\REGISTRY\MACHINE\Software\{node}Microsoft\Office"
                     rf"\{version}\Excel\InstallRoot")
            if any(key_exists(registry, HKLM, root) for root in roots):
                found.add(version)
    app_path = (registry.values(HKLM, _APP_PATHS) or {}).get("")
    if app_path is not None:
        match = re.search(r"\\Office(\d\d)\\", str(app_path.data), re.IGNORECASE)
        if match and f"{match.group(1)}.0" in OFFICE_VERSIONS:
            found.add(f"{match.group(1)}.0")
    return [v for v in OFFICE_VERSIONS if v in found]


def open_value(addin: str) -> str:
    """The OPEN value Excel writes for an .xlam: its full path in double quotes."""
    return f'"{addin}"'


def open_target(data: str) -> str:
    """The file an OPEN value loads: switches (``/R``, ``/F``…) and quotes removed."""
    text = data.strip()
    while text.startswith("/"):
        text = text.partition(" ")[2].lstrip()
    return text.strip('"')


def same_file(listed: str, path: str, addins_dir: str) -> bool:
    """Does ``listed`` (from an OPEN value or the Add-in Manager) name ``path``? A bare name is in the AddIns folder."""
    if not (ntpath.isabs(listed) or listed.startswith("/")):
        listed = ntpath.join(addins_dir, listed)
    return ntpath.normcase(ntpath.normpath(listed)) == ntpath.normcase(ntpath.normpath(path))


def open_values(registry: Registry, version: str) -> list[tuple[int, str, str]]:
    """``(number, name, data)`` of the OPEN values (``OPEN`` is number 0), in Excel's order."""
    found = []
    for name, value in (registry.values(HKCU, options_key(version)) or {}).items():
        match = _OPEN_NAME.fullmatch(name)
        if match and isinstance(value.data, str):
            found.append((int(match.group(1) or 0), name, value.data))
    return sorted(found)


def open_name(number: int) -> str:
    return "OPEN" if number == 0 else f"OPEN{number}"


def next_open_name(registry: Registry, version: str) -> str:
    """The name after the last OPEN value (Excel reads them in order, so the list must stay without gaps)."""
    values = open_values(registry, version)
    return open_name(values[-1][0] + 1 if values else 0)


def renumber_open_values(registry: Registry, version: str) -> list[tuple[str, str]]:
    """Close the gaps left by a removed OPEN value: ``OPEN2`` becomes ``OPEN1``… Returns ``(old, new)`` names."""
    moved = []
    for position, (_number, name, _data) in enumerate(open_values(registry, version)):
        wanted = open_name(position)
        if name != wanted:
            value = (registry.values(HKCU, options_key(version)) or {})[name]
            registry.set_value(HKCU, options_key(version), wanted, value)
            registry.delete_value(HKCU, options_key(version), name)
            moved.append((name, wanted))
    return moved


def folder_value(folder: str) -> str:
    """A Trusted Location ``Path`` as Excel's dialog writes it: the folder with a trailing backslash."""
    return folder if folder.endswith(("\\", "/")) else folder + "\\"
