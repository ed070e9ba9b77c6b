"""The Windows registry behind a small interface, so that setup and remove run (and are tested) anywhere.

:class:`WinRegistry` is the real one (``winreg``, Windows only). :class:`MemoryRegistry` holds keys in a dict; the
tests use it to check that setup writes what Excel expects and that remove puts everything back.
Key paths are written as in regedit without the hive (``Software\\Microsoft\\Office``) and compared
case-insensitively, as Windows does.
"""

from __future__ import annotations

import copy
import importlib
from dataclasses import dataclass
from typing import Any, Literal, Protocol

Hive = Literal["HKCU", "HKLM"]
HKCU: Hive = "HKCU"
HKLM: Hive = "HKLM"

#: REG_SZ, REG_EXPAND_SZ, REG_DWORD are the types perfxl reads and writes; anything else is kept as "OTHER"
Kind = Literal["REG_SZ", "REG_EXPAND_SZ", "REG_DWORD", "OTHER"]


@dataclass(frozen=True)
class RegValue:
    data: str | int
    kind: Kind = "REG_SZ"


class Registry(Protocol):
    def values(self, hive: Hive, key: str) -> dict[str, RegValue] | None:
        """The values of ``key`` by name (``""`` is the default value), or None if the key does not exist."""

    def subkeys(self, hive: Hive, key: str) -> list[str]:
        """The names of the subkeys of ``key`` (empty if it does not exist)."""

    def set_value(self, hive: Hive, key: str, name: str, value: RegValue) -> None:
        """Write a value, creating ``key`` and its parents if needed."""

    def delete_value(self, hive: Hive, key: str, name: str) -> None:
        """Remove a value; nothing happens if it is not there."""

    def delete_key(self, hive: Hive, key: str) -> None:
        """Remove ``key`` if it has no values and no subkeys; otherwise leave it."""


def key_exists(registry: Registry, hive: Hive, key: str) -> bool:
    return registry.values(hive, key) is not None


class MemoryRegistry:
    """An in-memory registry: ``{(hive, key): {name: RegValue}}``, keys compared case-insensitively."""

    def __init__(self) -> None:
        self._keys: dict[tuple[str, str], tuple[str, dict[str, RegValue]]] = {}

    @staticmethod
    def _id(hive: Hive, key: str) -> tuple[str, str]:
        return hive, key.strip("\\").lower()

    def values(self, hive: Hive, key: str) -> dict[str, RegValue] | None:
        entry = self._keys.get(self._id(hive, key))
        return dict(entry[1]) if entry else None

    def subkeys(self, hive: Hive, key: str) -> list[str]:
        prefix = self._id(hive, key)[1] + "\\"
        names = {
            spelled[len(prefix):].split("\\")[0]
            for (h, lowered), (spelled, _values) in self._keys.items()
            if h == hive and lowered.startswith(prefix)
        }
        return sorted(names)

    def set_value(self, hive: Hive, key: str, name: str, value: RegValue) -> None:
        parts = key.strip("\\").split("\\")
        for depth in range(1, len(parts) + 1):  # parents exist too, as in the real registry
            path = "\\".join(parts[:depth])
            self._keys.setdefault(self._id(hive, path), (path, {}))
        self._keys[self._id(hive, key)][1][name] = value

    def delete_value(self, hive: Hive, key: str, name: str) -> None:
        entry = self._keys.get(self._id(hive, key))
        if entry:
            entry[1].pop(name, None)

    def delete_key(self, hive: Hive, key: str) -> None:
        entry = self._keys.get(self._id(hive, key))
        if entry and not entry[1] and not self.subkeys(hive, key):
            del self._keys[self._id(hive, key)]

    def snapshot(self) -> dict[tuple[str, str], dict[str, RegValue]]:
        """Every key and value, for comparing the registry before and after."""
        return copy.deepcopy({k: values for k, (_spelled, values) in self._keys.items()})


class WinRegistry:
    """The real registry through ``winreg``. HKLM is read in its 64-bit view (32-bit Office on 64-bit Windows
    lives under ``SOFTWARE\\WOW6432Node``, which callers ask for by name); HKCU\\Software is shared by both views.

    Not run on the Linux machine where perfxl is developed and tested: see docs/windows-test.md.
    """

    def __init__(self, module: Any = None) -> None:
        # Any: typeshed hides winreg off Windows; `module` lets a test pass a stand-in
        winreg: Any = module if module is not None else importlib.import_module("winreg")
        self._winreg = winreg
        self._hives = {HKCU: winreg.HKEY_CURRENT_USER, HKLM: winreg.HKEY_LOCAL_MACHINE}
        self._kinds: dict[int, Kind] = {
            winreg.REG_SZ: "REG_SZ",
            winreg.REG_EXPAND_SZ: "REG_EXPAND_SZ",
            winreg.REG_DWORD: "REG_DWORD",
        }
        self._types = {kind: code for code, kind in self._kinds.items()}

    def _access(self, hive: Hive, access: int) -> int:
        return access | (self._winreg.KEY_WOW64_64KEY if hive == HKLM else 0)

    def values(self, hive: Hive, key: str) -> dict[str, RegValue] | None:
        wr = self._winreg
        try:
            handle = wr.OpenKey(self._hives[hive], key, 0, self._access(hive, wr.KEY_READ))
        except OSError:  # FileNotFoundError, or no right to read: both mean "not there for us"
            return None
        found: dict[str, RegValue] = {}
        with handle:
            count = wr.QueryInfoKey(handle)[1]
            for index in range(count):
                name, data, code = wr.EnumValue(handle, index)
                kind = self._kinds.get(code, "OTHER")
                found[name] = RegValue(data if kind != "OTHER" else repr(data), kind)
        return found

    def subkeys(self, hive: Hive, key: str) -> list[str]:
        wr = self._winreg
        try:
            handle = wr.OpenKey(self._hives[hive], key, 0, self._access(hive, wr.KEY_READ))
        except OSError:
            return []
        with handle:
            return [wr.EnumKey(handle, i) for i in range(wr.QueryInfoKey(handle)[0])]

    def set_value(self, hive: Hive, key: str, name: str, value: RegValue) -> None:
        wr = self._winreg
        if value.kind == "OTHER":
            raise ValueError(f"cannot write a value of unknown type: {key}\\{name}")
        with wr.CreateKeyEx(self._hives[hive], key, 0, self._access(hive, wr.KEY_WRITE)) as handle:
            wr.SetValueEx(handle, name, 0, self._types[value.kind], value.data)

    def delete_value(self, hive: Hive, key: str, name: str) -> None:
        wr = self._winreg
        try:
            with wr.OpenKey(self._hives[hive], key, 0, self._access(hive, wr.KEY_SET_VALUE)) as handle:
                wr.DeleteValue(handle, name)
        except FileNotFoundError:
            pass

    def delete_key(self, hive: Hive, key: str) -> None:
        values = self.values(hive, key)
        if values is None or values or self.subkeys(hive, key):
            return
        if hive == HKLM:
            self._winreg.DeleteKeyEx(self._hives[hive], key, self._winreg.KEY_WOW64_64KEY, 0)
        else:
            self._winreg.DeleteKey(self._hives[hive], key)


def full_key(hive: Hive, key: str) -> str:
    """The key as people read it in regedit: ``HKEY_CURRENT_USER\\Software\\...``."""
    return ("HKEY_CURRENT_USER\\" if hive == HKCU else "HKEY_LOCAL_MACHINE\\") + key
