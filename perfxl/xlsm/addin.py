"""``perfxl.xlam``: the ribbon add-in (tab 绩效目标) installed once per PC, acting on the active workbook.

The add-in starts from pyOpenVBA's Excel-authored empty .xlam (its VBA project then holds xlwings' add-in
module, the button macros and the ribbon callbacks) and gets a ``customUI/customUI14.xml`` part (the Office 2010+
ribbon schema) with its package relationship. Captions are Chinese in that UTF-8 part; the VBA stays ASCII.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from perfxl.atomic import atomic_path
from perfxl.xlsm.package import add_relationship, read_parts, write_parts
from perfxl.xlsm.vba import VbaModule, addin_modules, new_addin

CUSTOMUI14_NS = "http://schemas.microsoft.com/office/2009/07/customui"
#: The relationship type of customUI14.xml (customUI.xml of Office 2007 uses .../2006/relationships/...).
CUSTOMUI14_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
CUSTOMUI14_PART = "customUI/customUI14.xml"


@dataclass(frozen=True)
class RibbonButton:
    macro: str  # the zero-argument macro in perfxl_buttons; the callback is named after it
    label: str
    image: str  # a built-in Office icon (imageMso)
    group: str

    @property
    def callback(self) -> str:
        """``PerfxlValidate`` -> ``PerfxlRibbonValidate`` (macros/perfxl_ribbon.bas)."""
        return self.macro.replace("Perfxl", "PerfxlRibbon", 1)


GROUPS = (("check", "校验"), ("fill", "填报"), ("submit", "汇总与报送"))
RIBBON = (
    RibbonButton("PerfxlValidate", "校验", "DataValidation", "check"),
    RibbonButton("PerfxlClearMarks", "清除标记", "ClearFormats", "check"),
    RibbonButton("PerfxlGenerate", "生成指标", "TableInsert", "fill"),
    RibbonButton("PerfxlAddSheet3", "新增附表3", "SheetInsert", "fill"),
    RibbonButton("PerfxlConsolidate", "汇总", "AutoSum", "submit"),
    RibbonButton("PerfxlExport", "导出报送版", "FileSaveAs", "submit"),
)


def customui14() -> bytes:
    """The ribbon: one tab 绩效目标, three groups of large buttons, each calling its VBA callback."""
    # plain tag names under an explicit default namespace: the part reads like Office's own (no prefixes)
    root = ET.Element("customUI", xmlns=CUSTOMUI14_NS)
    tabs = ET.SubElement(ET.SubElement(root, "ribbon"), "tabs")
    tab = ET.SubElement(tabs, "tab", id="perfxlTab", label="绩效目标")
    for group_id, group_label in GROUPS:
        group = ET.SubElement(tab, "group", id=f"perfxlGroup_{group_id}", label=group_label)
        for button in (b for b in RIBBON if b.group == group_id):
            ET.SubElement(
                group,
                "button",
                id="perfxl" + button.macro.removeprefix("Perfxl"),
                label=button.label,
                size="large",
                imageMso=button.image,
                onAction=button.callback,
            )
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def build_xlam(out: Path, vba_modules: Sequence[VbaModule] | None = None) -> Path:
    """Write the add-in to ``out`` (atomically) and return ``out``; tests pass a stub for xlwings."""
    with tempfile.TemporaryDirectory(prefix="perfxl-xlam-") as folder:
        work = Path(folder) / "perfxl.xlam"
        new_addin(work, addin_modules() if vba_modules is None else vba_modules)
        parts = read_parts(work)
    parts[CUSTOMUI14_PART] = customui14()
    add_relationship(parts, "", CUSTOMUI14_REL, CUSTOMUI14_PART, prefix="rIdRibbon")
    with atomic_path(out) as tmp:
        write_parts(parts, tmp)
    return out
