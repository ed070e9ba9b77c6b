"""The VBA modules (text in ``macros/``, installed as ``perfxl.macros``) and writing them into a workbook.

pyOpenVBA writes the VBA project: ``add_vba_project`` makes the document modules Excel makes for a first macro
(ThisWorkbook and one per sheet, with their ``codeName`` attributes), then the standard and class modules are
added. The project's code page is 1252, so the module sources must be ASCII (see macros/perfxl_buttons.bas).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

#: Modules of the .xlsm templates: xlwings' standalone module (+ its Dictionary class) and the button macros.
XLSM_MODULES = ("xlwings.bas", "Dictionary.cls", "perfxl_buttons.bas")
#: Modules of the perfxl.xlam add-in: xlwings' add-in module (acts on the ActiveWorkbook) and the ribbon.
XLAM_MODULES = ("xlwings_custom_addin.bas", "Dictionary.cls", "perfxl_buttons.bas", "perfxl_ribbon.bas")
#: The add-in's name for xlwings (its config sheet ``perfxl.conf``, ``%USERPROFILE%\\.perfxl\\perfxl.conf``).
ADDIN_PROJECT_NAME = "perfxl"
_ADDIN_NAME_LINE = 'Public Const PROJECT_NAME As String = "{}"'

_VB_NAME = re.compile(r'^Attribute VB_Name = "([^"]+)"', re.MULTILINE)


@dataclass(frozen=True)
class VbaModule:
    name: str
    source: str
    is_class: bool

    @classmethod
    def from_source(cls, source: str) -> VbaModule:
        found = _VB_NAME.search(source)
        if found is None:
            raise ValueError("VBA module source without an 'Attribute VB_Name' line")
        if not source.isascii():
            raise ValueError(
                f"VBA module {found.group(1)} is not ASCII: the project code page 1252 would mangle it"
            )
        return cls(found.group(1), source, source.lstrip().startswith("VERSION 1.0 CLASS"))


def macro_source(file_name: str) -> str:
    """The text of one file of ``macros/`` as installed (``perfxl.macros``)."""
    return (files("perfxl.macros") / file_name).read_text(encoding="ascii")


def modules(file_names: Sequence[str]) -> list[VbaModule]:
    return [VbaModule.from_source(macro_source(name)) for name in file_names]


def addin_modules() -> list[VbaModule]:
    """The add-in's modules, with xlwings' PROJECT_NAME set to ``perfxl``."""
    out = []
    for module in modules(XLAM_MODULES):
        if module.name == "xlwings":
            old, new = _ADDIN_NAME_LINE.format("myaddin"), _ADDIN_NAME_LINE.format(ADDIN_PROJECT_NAME)
            if module.source.count(old) != 1:
                raise ValueError(f"xlwings_custom_addin.bas has no single line {old!r}: was xlwings updated?")
            module = VbaModule(module.name, module.source.replace(old, new), module.is_class)
        out.append(module)
    return out


def with_module(modules: Sequence[VbaModule], replaced: str, module: VbaModule) -> list[VbaModule]:
    """``modules`` with the one named ``replaced`` swapped for ``module`` (test builds swap xlwings for a stub)."""
    if replaced not in {m.name for m in modules}:
        raise KeyError(replaced)
    return [module if m.name == replaced else m for m in modules]


def add_vba_project(path: Path, vba_modules: Sequence[VbaModule]) -> None:
    """Give the .xlsm at ``path`` (no VBA project yet) Excel's document modules and ``vba_modules``, in place."""
    from pyopenvba import ExcelFile, VBAModuleKind

    with ExcelFile(path) as book:
        project = book.add_vba_project()
        for module in vba_modules:
            kind = VBAModuleKind.other if module.is_class else VBAModuleKind.standard
            project.add_module(module.name, module.source, kind=kind)
        book.save()


def new_addin(path: Path, vba_modules: Sequence[VbaModule]) -> None:
    """An empty Excel-authored .xlam (pyOpenVBA's template) whose project holds ``vba_modules`` instead of Module1."""
    from pyopenvba import ExcelFile, VBAModuleKind

    with ExcelFile.create_new(path) as book:
        project = book.vba_project()
        project.delete_module("Module1")
        for module in vba_modules:
            kind = VBAModuleKind.other if module.is_class else VBAModuleKind.standard
            project.add_module(module.name, module.source, kind=kind)
        book.save()
