"""WinRegistry against a stand-in for ``winreg`` that follows the module's documented contract (handles as context
managers, FileNotFoundError for a missing key or value, OSError past the last value, DeleteKey refusing a key with
subkeys, access rights checked). This checks how perfxl calls winreg, not Windows itself: the real registry is on
the manual Windows test list (docs/windows-test.md).
"""

from __future__ import annotations

import argparse
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

from perfxl.commands import excel as excel_command
from perfxl.install.registry import HKCU, HKLM, MemoryRegistry, RegValue, WinRegistry
from tests.test_excel_setup import OPTIONS, TRUSTED, _artefacts, _excel_registry, _files, pc  # noqa: F401

KEY_READ, KEY_WRITE, KEY_SET_VALUE, KEY_WOW64_64KEY = 0x20019, 0x20006, 0x0002, 0x0100
TYPES = {1: "REG_SZ", 2: "REG_EXPAND_SZ", 4: "REG_DWORD", 3: "REG_BINARY"}


@dataclass
class Handle:
    hive: str
    key: str
    access: int

    def __enter__(self) -> Handle:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def fake_winreg(store: MemoryRegistry, binary: dict[tuple[str, str], dict[str, bytes]]) -> types.ModuleType:
    hives = {0x80000001: HKCU, 0x80000002: HKLM}

    def hive_of(root: int, access: int) -> str:
        hive = hives[root]
        if hive == HKLM:
            assert access & KEY_WOW64_64KEY, "HKLM is read in its 64-bit view"
        return hive

    def open_key(root: int, sub_key: str, reserved: int = 0, access: int = KEY_READ) -> Handle:
        hive = hive_of(root, access)
        if store.values(hive, sub_key) is None:  # type: ignore[arg-type]
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return Handle(hive, sub_key, access)

    def create_key_ex(root: int, sub_key: str, reserved: int = 0, access: int = KEY_WRITE) -> Handle:
        hive = hive_of(root, access)
        if store.values(hive, sub_key) is None:  # type: ignore[arg-type]
            store.set_value(hive, sub_key, "__probe__", RegValue(""))  # type: ignore[arg-type]
            store.delete_value(hive, sub_key, "__probe__")  # type: ignore[arg-type]
        return Handle(hive, sub_key, access)

    def items(handle: Handle) -> list[tuple[str, object, int]]:
        codes = {kind: code for code, kind in TYPES.items()}
        found = [(n, v.data, codes[v.kind]) for n, v in (store.values(handle.hive, handle.key) or {}).items()]  # type: ignore[arg-type]
        return found + [(n, b, 3) for n, b in binary.get((handle.hive, handle.key.lower()), {}).items()]

    def enum_value(handle: Handle, index: int) -> tuple[str, object, int]:
        assert handle.access & KEY_READ == KEY_READ
        values = items(handle)
        if index >= len(values):
            raise OSError(259, "No more data is available")
        return values[index]

    def query_info_key(handle: Handle) -> tuple[int, int, int]:
        return len(store.subkeys(handle.hive, handle.key)), len(items(handle)), 0  # type: ignore[arg-type]

    def enum_key(handle: Handle, index: int) -> str:
        return store.subkeys(handle.hive, handle.key)[index]  # type: ignore[arg-type]

    def set_value_ex(handle: Handle, name: str, reserved: int, code: int, data: object) -> None:
        if not handle.access & KEY_SET_VALUE:
            raise PermissionError(5, "Access is denied")
        assert isinstance(data, int) == (code == 4)
        store.set_value(handle.hive, handle.key, name, RegValue(data, TYPES[code]))  # type: ignore[arg-type]

    def delete_value(handle: Handle, name: str) -> None:
        if not handle.access & KEY_SET_VALUE:
            raise PermissionError(5, "Access is denied")
        if name not in (store.values(handle.hive, handle.key) or {}):  # type: ignore[arg-type]
            raise FileNotFoundError(2, "The system cannot find the file specified")
        store.delete_value(handle.hive, handle.key, name)  # type: ignore[arg-type]

    def delete_key(root: int, sub_key: str) -> None:
        hive = hives[root]
        if store.subkeys(hive, sub_key):  # type: ignore[arg-type]
            raise PermissionError(5, "Access is denied")  # Windows refuses to delete a key with subkeys
        store.delete_key(hive, sub_key)  # type: ignore[arg-type]

    module = types.ModuleType("winreg")
    module.__dict__.update(
        HKEY_CURRENT_USER=0x80000001, HKEY_LOCAL_MACHINE=0x80000002, KEY_READ=KEY_READ, KEY_WRITE=KEY_WRITE,
        KEY_SET_VALUE=KEY_SET_VALUE, KEY_WOW64_64KEY=KEY_WOW64_64KEY, REG_SZ=1, REG_EXPAND_SZ=2, REG_DWORD=4,
        OpenKey=open_key, CreateKeyEx=create_key_ex, EnumValue=enum_value, QueryInfoKey=query_info_key,
        EnumKey=enum_key, SetValueEx=set_value_ex, DeleteValue=delete_value, DeleteKey=delete_key,
        DeleteKeyEx=lambda root, sub_key, access, reserved: delete_key(root, sub_key))
    return module


def test_setup_and_remove_through_winreg_calls(pc, tmp_path: Path, capsys) -> None:  # noqa: F811
    store = pc.registry
    assert isinstance(store, MemoryRegistry)
    binary = {(HKCU, OPTIONS.lower()): {"MRU": b"\x00\x01"}}  # a value of a type perfxl never writes
    pc.registry = WinRegistry(fake_winreg(store, binary))
    assert pc.registry.values(HKCU, OPTIONS)["MRU"] == RegValue("b'\\x00\\x01'", "OTHER")  # type: ignore[index]
    assert pc.registry.values(HKLM, r"SOFTWARE\Nothing") is None
    before, before_files = store.snapshot(), _files(pc.home)
    args = argparse.Namespace(action="setup", templates=None, resident=True, source=_artefacts(tmp_path / "built"))
    assert excel_command.run(args, pc) == 0, capsys.readouterr()
    assert store.values(HKCU, OPTIONS)["OPEN1"].data.endswith('perfxl.xlam"')  # type: ignore[index]
    assert store.values(HKCU, TRUSTED + r"\perfxl")["AllowSubfolders"] == RegValue(1, "REG_DWORD")  # type: ignore[index]
    args.action = "remove"
    assert excel_command.run(args, pc) == 0, capsys.readouterr()
    assert (store.snapshot(), _files(pc.home)) == (before, before_files)


def test_set_value_refuses_a_type_it_cannot_write() -> None:
    with pytest.raises(ValueError):
        WinRegistry(fake_winreg(MemoryRegistry(), {})).set_value(HKCU, "Software", "x", RegValue("?", "OTHER"))
