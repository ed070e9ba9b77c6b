"""Helpers for the .xlsm/.xlam tests: build variants, read parts, compare sheets, list VML buttons, run olevba."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from perfxl.frameworks import FrameworkId
from perfxl.layout.forms import WORKBOOK_LAYOUTS
from perfxl.writer import template_file_name
from perfxl.xlsm.vba import XLSM_MODULES, VbaModule, modules, with_module

ROOT = Path(__file__).parent.parent
COMMITTED = ROOT / "workbook_templates"
MACROS = ROOT / "macros"
STUB = MACROS / "test" / "xlwings_stub.bas"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: Parts that legitimately differ between two builds (document dates).
VOLATILE_PARTS = {"docProps/core.xml"}
XLSX_NAMES = [template_file_name(layout, fw) for layout in WORKBOOK_LAYOUTS.values() for fw in FrameworkId]
XLSM_NAMES = [Path(name).with_suffix(".xlsm").name for name in XLSX_NAMES]
EXPECTED_COMMANDS = {
    "PerfxlValidate": "import perfxl.excel; perfxl.excel.validate()",
    "PerfxlClearMarks": "import perfxl.excel; perfxl.excel.clear_marks()",
    "PerfxlGenerate": "import perfxl.excel; perfxl.excel.generate()",
    "PerfxlAddSheet3": "import perfxl.excel; perfxl.excel.add_sheet3()",
    "PerfxlConsolidate": "import perfxl.excel; perfxl.excel.consolidate()",
    "PerfxlExport": "import perfxl.excel; perfxl.excel.export()",
}
#: What each caption must run (the sheet buttons and the ribbon use the same captions).
CAPTION_COMMANDS = {
    "校验": EXPECTED_COMMANDS["PerfxlValidate"],
    "清除标记": EXPECTED_COMMANDS["PerfxlClearMarks"],
    "生成指标": EXPECTED_COMMANDS["PerfxlGenerate"],
    "新增附表3": EXPECTED_COMMANDS["PerfxlAddSheet3"],
    "汇总": EXPECTED_COMMANDS["PerfxlConsolidate"],
    "导出报送版": EXPECTED_COMMANDS["PerfxlExport"],
}
#: Captions per sheet, written out by hand (not derived from perfxl.xlsm) so the tests can catch a wrong map.
EXPECTED_CAPTIONS = {
    "附表1": ["校验", "清除标记", "导出报送版"],
    "附表2": ["校验", "清除标记", "新增附表3", "导出报送版"],
    "附表3-1": ["校验", "清除标记", "生成指标", "新增附表3", "导出报送版"],
    "项目申报表": ["校验", "清除标记", "生成指标", "导出报送版"],
}


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def stub_modules() -> list[VbaModule]:
    """The .xlsm modules with xlwings replaced by the recording stub (and its Dictionary class dropped):
    LibreOffice runs no macro of a project in which one module does not compile, and xlwings' does not."""
    stub = VbaModule.from_source(STUB.read_text(encoding="ascii"))
    return [m for m in with_module(modules(XLSM_MODULES), "xlwings", stub) if m.name != "Dictionary"]


def sheet_map(parts: dict[str, bytes]) -> dict[str, str]:
    from perfxl.xlsm.package import sheet_parts

    return sheet_parts(parts)


def vml_buttons(vml: bytes) -> list[tuple[str, str, str]]:
    """(caption, macro, PrintObject) of every Forms button shape of a VML drawing, in order.

    Regular expressions, not a parser: after openpyxl rewrote the VML the prefixes are ns0:, ns1:..."""
    out = []
    for block in re.finditer(rb"<(?P<p>\w+:)?shape\b[^>]*>.*?</(?P=p)shape>", vml, re.S):
        text = block.group(0)
        if not re.search(rb'ObjectType="Button"', text):
            continue
        box = re.search(rb"<(?:\w+:)?textbox\b[^>]*>(.*?)</(?:\w+:)?textbox>", text, re.S)
        caption = re.sub(rb"<[^>]+>", b"", box.group(1)) if box else b""
        macro = re.search(rb"FmlaMacro>([^<]*)<", text).group(1)
        printed = re.search(rb"PrintObject>([^<]*)<", text)
        out.append((caption.decode().strip(), macro.decode(), printed.group(1).decode() if printed else "True"))
    return out


def note_count(vml: bytes) -> int:
    return len(re.findall(rb'ObjectType="Note"', vml))


def sheet_buttons(path: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Sheet name -> Forms buttons of its legacy VML drawing."""
    from perfxl.xlsm.package import relationships, resolve

    parts = parts_of(path)
    out: dict[str, list[tuple[str, str, str]]] = {}
    for sheet, part in sheet_map(parts).items():
        out[sheet] = []
        for rel in relationships(parts, part):
            if rel["Type"].endswith("/vmlDrawing"):
                out[sheet] += vml_buttons(parts[resolve(part, rel["Target"])])
    return out


def canonical_sheet(xml: bytes) -> bytes:
    """A worksheet's XML without what the .xlsm build adds (legacyDrawing, codeName), re-serialised by one
    serializer so that ``xmlns:r`` declarations and prefixes do not count: equal means same content."""
    root = ET.fromstring(xml)
    for child in list(root):
        if child.tag == MAIN + "legacyDrawing":
            root.remove(child)
    pr = root.find(MAIN + "sheetPr")
    if pr is not None:
        pr.attrib.pop("codeName", None)
    return ET.tostring(root)


def canonical(xml: bytes, drop_attrs: tuple[str, ...] = ()) -> bytes:
    root = ET.fromstring(xml)
    for element in root.iter():
        for attr in drop_attrs:
            element.attrib.pop(attr, None)
    return ET.tostring(root)


def venv_tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def olevba(path: Path, *flags: str) -> str:
    res = subprocess.run([venv_tool("olevba"), *flags, str(path)], capture_output=True, text=True, timeout=120)
    return res.stdout + res.stderr


def mraptor(path: Path) -> tuple[int, str]:
    res = subprocess.run([venv_tool("mraptor"), str(path)], capture_output=True, text=True, timeout=120)
    return res.returncode, res.stdout + res.stderr


def vba_sources(path: Path) -> dict[str, str]:
    """Module name -> source of the VBA project, read back with pyOpenVBA."""
    from pyopenvba import ExcelFile

    with ExcelFile(path) as book:
        return {module.name: module.source for module in book.vba_project().modules}
