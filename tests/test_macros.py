"""The VBA source in macros/: the button macros agree with perfxl.excel, the xlwings modules are the pinned
package's own, everything is ASCII, and an installed perfxl (a wheel) carries the files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest
import xlwings

import perfxl.excel
from tests.xlsm_support import EXPECTED_COMMANDS, MACROS, ROOT

XLWINGS_DIR = Path(xlwings.__file__).parent
#: macros/ file -> the file of the installed (pinned) xlwings package it must equal byte for byte
XLWINGS_COPIES = {
    "xlwings.bas": XLWINGS_DIR / "xlwings.bas",
    "xlwings_custom_addin.bas": XLWINGS_DIR / "xlwings_custom_addin.bas",
    "Dictionary.cls": XLWINGS_DIR / "addin" / "Dictionary.cls",
}
SUB = re.compile(r"^Public Sub (\w+)\(([^)]*)\)\r?\n(.*?)^End Sub", re.MULTILINE | re.DOTALL)


def _subs(name: str) -> dict[str, tuple[str, str]]:
    """Sub name -> (parameters, body) of a .bas file in macros/."""
    text = (MACROS / name).read_text(encoding="ascii")
    return {m.group(1): (m.group(2), m.group(3).strip()) for m in SUB.finditer(text)}


def test_button_macros_run_the_functions_of_perfxl_excel_buttons() -> None:
    subs = _subs("perfxl_buttons.bas")
    expected = {macro: f'RunPython "import perfxl.excel; perfxl.excel.{fn}()"' for macro, fn in perfxl.excel.BUTTONS}
    assert {name: body for name, (_params, body) in subs.items()} == expected
    assert all(params == "" for params, _body in subs.values()), "buttons call zero-argument macros"
    assert list(subs) == [macro for macro, _fn in perfxl.excel.BUTTONS]  # the ribbon order
    assert {macro: f"import perfxl.excel; perfxl.excel.{fn}()" for macro, fn in perfxl.excel.BUTTONS} == EXPECTED_COMMANDS
    for _macro, fn in perfxl.excel.BUTTONS:
        assert callable(getattr(perfxl.excel, fn, None)), f"perfxl.excel.{fn} is missing"


def test_ribbon_callbacks_delegate_to_the_button_macros() -> None:
    subs = _subs("perfxl_ribbon.bas")
    assert {name: (params, body) for name, (params, body) in subs.items()} == {
        macro.replace("Perfxl", "PerfxlRibbon"): ("control As IRibbonControl", macro) for macro, _ in perfxl.excel.BUTTONS
    }


@pytest.mark.parametrize("name", sorted(p.name for p in MACROS.rglob("*") if p.suffix in (".bas", ".cls")))
def test_vba_sources_are_ascii_with_a_module_name(name: str) -> None:
    path = next(MACROS.rglob(name))
    data = path.read_bytes()
    assert data.isascii(), "the VBA project code page is 1252: Chinese would become ????"
    assert re.search(rb'^Attribute VB_Name = "\w+"', data, re.MULTILINE)


@pytest.mark.parametrize("name", sorted(XLWINGS_COPIES))
def test_xlwings_modules_are_the_pinned_packages_own(name: str) -> None:
    ours = (MACROS / name).read_bytes()
    assert ours == XLWINGS_COPIES[name].read_bytes(), f"copy {XLWINGS_COPIES[name]} to macros/{name}"
    # the licence header stays: xlwings' BSD-3 text, or the MIT line of Tim Hall's VBA-Dictionary
    assert b"Redistribution and use in source and binary forms" in ours or b"License: MIT" in ours


@pytest.mark.parametrize("name", ["xlwings.bas", "xlwings_custom_addin.bas"])
def test_xlwings_version_constant_is_the_installed_version(name: str) -> None:
    text = (MACROS / name).read_text(encoding="ascii")
    found = re.search(r'^Public Const XLWINGS_VERSION As String = "([^"]+)"', text, re.MULTILINE)
    assert found is not None and found.group(1) == xlwings.__version__ == "0.37.8"


def test_installed_package_finds_the_macros() -> None:
    folder = files("perfxl.macros")
    assert (folder / "perfxl_buttons.bas").read_bytes() == (MACROS / "perfxl_buttons.bas").read_bytes()


def test_wheel_carries_the_macros_but_not_the_test_stub(tmp_path: Path) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    (wheel,) = tmp_path.glob("perfxl-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"perfxl/macros/{p.name}" for p in MACROS.glob("*") if p.suffix in (".bas", ".cls")}
    assert len(shipped) == 5 and shipped <= names
    assert "perfxl/macros/__init__.py" in names and "perfxl/xlsm/strip.py" in names
    assert not [n for n in names if "xlwings_stub" in n]
    # the installed package (not this checkout) reads its macros
    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    code = (
        "import perfxl.macros; from perfxl.xlsm.vba import XLAM_MODULES, modules; "
        "print(perfxl.macros.__file__); print(sorted(m.name for m in modules(XLAM_MODULES)))"
    )
    env = {**os.environ, "PYTHONPATH": str(installed)}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert res.returncode == 0, res.stderr
    where, found = res.stdout.splitlines()
    assert Path(where).is_relative_to(installed)
    assert found == "['Dictionary', 'perfxl_buttons', 'perfxl_ribbon', 'xlwings']"
