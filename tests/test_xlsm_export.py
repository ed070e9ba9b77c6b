"""The macro-free 报送版 (export_macro_free) and the .xlsm through perfxl's own openpyxl round trips
(`check --mark`, `generate`): macros and buttons survive the round trips, and nothing but them leaves in the export."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from openpyxl import load_workbook

from perfxl.cli import main
from perfxl.xlsm import ExportError, export_macro_free
from perfxl.xlsm.template import build_xlsm
from tests.helpers import example_file
from tests.xlsm_support import (
    COMMITTED,
    XLSM_NAMES,
    canonical_sheet,
    note_count,
    olevba,
    parts_of,
    sheet_buttons,
    sheet_map,
)

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _cells(path: Path) -> dict[str, list[tuple[str, object, object, object, object]]]:
    """Per sheet: coordinate, value (formulas as text), font, fill, locked of every cell, and the protection."""
    book = load_workbook(path, rich_text=False)
    return {
        ws.title: [
            (c.coordinate, c.value, c.font.name, c.fill.fgColor.rgb, c.protection.locked)
            for row in ws.iter_rows()
            for c in row
        ]
        + [("protection", ws.protection.sheet, ws.protection.objects, ws.sheet_state, None)]
        for ws in book.worksheets
    }


def _main_type(parts: dict[str, bytes]) -> str:
    root = ET.fromstring(parts["[Content_Types].xml"])
    return next(
        e.get("ContentType", "")
        for e in root.iter(CT + "Override")
        if e.get("PartName") == "/xl/workbook.xml"
    )


@pytest.mark.parametrize("name", XLSM_NAMES)
def test_export_of_a_template_is_its_xlsx_again(name: str, tmp_path: Path) -> None:
    out = export_macro_free(COMMITTED / name, tmp_path / "报送版.xlsx")
    assert out == tmp_path / "报送版.xlsx"
    exported, macro = parts_of(out), parts_of(COMMITTED / name)
    plain = parts_of(COMMITTED / name.replace(".xlsm", ".xlsx"))
    assert sorted(exported) == sorted(plain)  # no vbaProject.bin, no VML, no empty sheet rels left behind
    assert _main_type(exported) == XLSX_MAIN
    assert b'Extension="bin"' not in exported["[Content_Types].xml"]
    assert b'Extension="vml"' not in exported["[Content_Types].xml"]
    sheets = set(sheet_map(exported).values())
    changed = {"[Content_Types].xml", "xl/_rels/workbook.xml.rels"} | sheets
    assert [
        p for p in exported if p not in changed and exported[p] != macro[p]
    ] == []  # the rest byte-identical
    for part in sheets:
        assert canonical_sheet(exported[part]) == canonical_sheet(plain[part]), part
        assert b"legacyDrawing" not in exported[part]
    assert "No VBA or XLM macros found" in olevba(out)
    assert _cells(out) == _cells(COMMITTED / name.replace(".xlsm", ".xlsx"))


@pytest.fixture(scope="module")
def shifeng_xlsm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 石峰 example (附表1, 附表2 and two 附表3 sheets) as a macro-enabled workbook."""
    folder = tmp_path_factory.mktemp("shifeng")
    return build_xlsm(example_file("shifeng", folder), folder / "shifeng.xlsm")


def test_filled_form_gets_buttons_on_every_form_sheet(shifeng_xlsm: Path) -> None:
    captions = {sheet: [c for c, _, _ in items] for sheet, items in sheet_buttons(shifeng_xlsm).items()}
    sheet3 = ["校验", "清除标记", "生成指标", "新增附表3", "导出报送版"]
    assert captions == {
        "附表1": ["校验", "清除标记", "导出报送版"],
        "附表2": ["校验", "清除标记", "新增附表3", "导出报送版"],
        "附表3-1": sheet3,
        "附表3-2": sheet3,
        "perfxl": [],
    }


@pytest.fixture(scope="module")
def round_trips(shifeng_xlsm: Path) -> dict[str, Path]:
    folder = shifeng_xlsm.parent
    marked, generated = folder / "marked.xlsm", folder / "generated.xlsm"
    assert main(["check", str(shifeng_xlsm), "--mark", str(marked)]) == 1  # the example keeps its errors
    assert main(["generate", str(shifeng_xlsm), "--sheet", "附表3-1", "--replace", "-o", str(generated)]) == 0
    return {"marked": marked, "generated": generated}


@pytest.mark.parametrize("kind", ["marked", "generated"])
def test_vba_and_buttons_survive_check_mark_and_generate(
    kind: str, shifeng_xlsm: Path, round_trips: dict
) -> None:
    after = round_trips[kind]
    assert parts_of(after)["xl/vbaProject.bin"] == parts_of(shifeng_xlsm)["xl/vbaProject.bin"]
    assert _main_type(parts_of(after)) == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    buttons = sheet_buttons(after)
    if kind == "marked":
        assert buttons.pop("校验结果") == []  # the results sheet --mark adds
        assert buttons.pop("perfxl标记") == []  # and its very hidden ledger of what the marks replaced
    assert buttons == sheet_buttons(shifeng_xlsm)


def test_marked_xlsm_has_comments_and_buttons_in_one_vml_without_id_clashes(round_trips: dict) -> None:
    parts = parts_of(round_trips["marked"])
    vmls = [parts[name] for name in parts if name.endswith(".vml")]
    assert sum(note_count(vml) for vml in vmls) > 0
    for vml in vmls:
        ids = re.findall(rb'<(?:\w+:)?shape\b[^>]*?\bid="([^"]+)"', vml)
        assert len(ids) == len(set(ids))


def test_export_of_a_marked_xlsm_keeps_comments_values_and_protection(
    round_trips: dict, tmp_path: Path
) -> None:
    marked = round_trips["marked"]
    out = export_macro_free(marked, tmp_path / "报送版.xlsx")
    before, after = parts_of(marked), parts_of(out)
    assert "xl/vbaProject.bin" not in after and _main_type(after) == XLSX_MAIN
    assert all(items == [] for items in sheet_buttons(out).values())
    notes = sum(note_count(after[p]) for p in after if p.endswith(".vml"))
    assert notes == sum(note_count(before[p]) for p in before if p.endswith(".vml")) > 0
    comment_parts = [p for p in before if p.startswith("xl/comments")]
    assert comment_parts and all(after[p] == before[p] for p in comment_parts)
    assert "No VBA or XLM macros found" in olevba(out)
    assert _cells(out) == _cells(marked)


def test_export_removes_excel_2010_controls_and_macro_assignments(tmp_path: Path) -> None:
    """What Excel writes when it saves a Forms button: <controls> in mc:AlternateContent, a ctrlProp part,
    a hidden DrawingML twin (a14:compatExt); plus a user's own shape with a macro assigned."""
    src = COMMITTED / XLSM_NAMES[2]  # 项目申报表: one form sheet
    parts = parts_of(src)
    sheet = sheet_map(parts)["项目申报表"]
    rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    xdr = 'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
    controls = (
        f'<mc:AlternateContent {mc}><mc:Choice Requires="x14"><controls><mc:AlternateContent {mc}>'
        '<mc:Choice Requires="x14"><control shapeId="2001" r:id="rIdCtl1" name="Button 1"><controlPr '
        'defaultSize="0" print="0" autoFill="0" autoPict="0" macro="[0]!PerfxlValidate"/></control></mc:Choice>'
        "</mc:AlternateContent></controls></mc:Choice></mc:AlternateContent>"
    ).encode()
    xml = parts[sheet].replace(b"<legacyDrawing ", b'<drawing r:id="rIdDr1"/><legacyDrawing ')
    xml = re.sub(rb"(<legacyDrawing [^>]*/>)", lambda m: m.group(1) + controls, xml)
    parts[sheet] = xml
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCtl1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/ctrlProp"'
        b' Target="../ctrlProps/ctrlProp1.xml"/><Relationship Id="rIdDr1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>',
    )
    parts["xl/ctrlProps/ctrlProp1.xml"] = (
        b'<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="Button"/>'
    )
    anchor = "<xdr:from/><xdr:to/>"
    parts["xl/drawings/drawing1.xml"] = (
        f'<xdr:wsDr {xdr} xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<mc:AlternateContent {mc}><mc:Choice xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main" '
        f'Requires="a14"><xdr:twoCellAnchor>{anchor}<xdr:sp macro="[0]!PerfxlValidate"><xdr:nvSpPr>'
        '<xdr:cNvPr id="2001" name="Button 1" hidden="1"><a:extLst><a:ext uri="{63B3BB69-23CF-44E3-9099-C40C66FF867C}">'
        '<a14:compatExt spid="_x0000_s2001"/></a:ext></a:extLst></xdr:cNvPr></xdr:nvSpPr></xdr:sp><xdr:clientData/>'
        f"</xdr:twoCellAnchor></mc:Choice></mc:AlternateContent><xdr:twoCellAnchor>{anchor}"
        '<xdr:sp macro="[0]!PerfxlExport"><xdr:nvSpPr><xdr:cNvPr id="3" name="Rounded Rectangle 2"/></xdr:nvSpPr>'
        "</xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/ctrlProps/ctrlProp1.xml" ContentType="application/vnd.ms-excel.controlproperties+xml"/>'
        b'<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument'
        b'.drawing+xml"/></Types>',
    )
    from perfxl.xlsm.package import write_parts

    excel_like = tmp_path / "excel.xlsm"
    write_parts(parts, excel_like)
    out = parts_of(export_macro_free(excel_like, tmp_path / "out.xlsx"))
    assert not [p for p in out if p.startswith("xl/ctrlProps") or p.endswith((".vml", ".bin"))]
    assert b"ctrlProp" not in out["[Content_Types].xml"] + out[rels]
    assert b"<controls>" not in out[sheet] and b"AlternateContent" not in out[sheet]
    assert b'<drawing r:id="rIdDr1"/>' in out[sheet] and b"legacyDrawing" not in out[sheet]
    drawing = out["xl/drawings/drawing1.xml"]
    assert b"compatExt" not in drawing and b"Rounded Rectangle 2" in drawing
    assert re.findall(rb'macro="([^"]*)"', drawing) == [b""]
    # the rest of the sheet as it was (well-formed, same content)
    without_drawing = out[sheet].replace(b'<drawing r:id="rIdDr1"/>', b"")
    assert canonical_sheet(without_drawing) == canonical_sheet(parts_of(src)[sheet])


def test_export_drops_a_custom_ribbon_and_retypes_printer_settings(tmp_path: Path) -> None:
    """An .xlsm whose .bin Default is the VBA project's type (as Excel writes it) and that has printer settings
    and its own ribbon (callbacks in VBA): the ribbon goes, the printer settings get their own type."""
    from perfxl.xlsm.package import add_relationship, write_parts

    parts = parts_of(COMMITTED / XLSM_NAMES[2])
    sheet = sheet_map(parts)["项目申报表"]
    printer = "xl/printerSettings/printerSettings1.bin"
    parts[printer] = b"\x00" * 64
    add_relationship(
        parts,
        sheet,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/printerSettings",
        "../printerSettings/printerSettings1.bin",
    )
    parts["customUI/customUI.xml"] = (
        b'<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui"/>'
    )
    parts["customUI/images/icon.png"] = b"\x89PNG"
    add_relationship(
        parts,
        "",
        "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
        "customUI/customUI.xml",
    )
    src = tmp_path / "ribbon.xlsm"
    write_parts(parts, src)
    out = parts_of(export_macro_free(src, tmp_path / "out.xlsx"))
    assert not [p for p in out if p.startswith("customUI/")] and b"extensibility" not in out["_rels/.rels"]
    assert out[printer] == parts[printer]
    root = ET.fromstring(out["[Content_Types].xml"])
    assert [e.get("Extension") for e in root.iter(CT + "Default") if e.get("Extension") == "bin"] == []
    types = {e.get("PartName"): e.get("ContentType") for e in root.iter(CT + "Override")}
    assert (
        types["/" + printer] == "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"
    )
    assert b"printerSettings" in out[sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"]


def test_export_refuses_damaged_files_in_chinese_and_writes_nothing(tmp_path: Path) -> None:
    data = (COMMITTED / XLSM_NAMES[0]).read_bytes()
    broken = tmp_path / "broken.xlsm"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExportError, match="已损坏"):
        export_macro_free(broken, tmp_path / "out.xlsx")
    text = tmp_path / "note.xlsm"
    text.write_text("不是工作簿", encoding="utf-8")
    with pytest.raises(ExportError, match="不是 Excel 工作簿"):
        export_macro_free(text, tmp_path / "out.xlsx")
    with pytest.raises(ExportError, match=r"\.xlsx"):
        export_macro_free(COMMITTED / XLSM_NAMES[0], tmp_path / "out.xlsm")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.xlsm", "note.xlsm"]


def test_the_export_module_is_light_to_import() -> None:
    """导出报送版 runs inside an Excel click: importing it must not load openpyxl or pyOpenVBA."""
    import subprocess
    import sys

    code = "import sys, perfxl.xlsm; print(sorted(m for m in ('openpyxl', 'pyopenvba') if m in sys.modules))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout.strip() == "[]", res.stderr
