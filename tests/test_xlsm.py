""".xlsm templates and the perfxl.xlam add-in: committed files equal a fresh build; the .xlsm is its .xlsx plus
buttons and a VBA project and nothing else; olevba and pyOpenVBA read the projects; the add-in's ribbon calls
callbacks that exist."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from perfxl.cli import main
from perfxl.layout.forms import WORKBOOK_LAYOUTS
from perfxl.xlsm.addin import CUSTOMUI14_NS, CUSTOMUI14_PART, CUSTOMUI14_REL
from perfxl.xlsm.package import relationships, resolve
from tests.xlsm_support import (
    CAPTION_COMMANDS,
    COMMITTED,
    EXPECTED_CAPTIONS,
    EXPECTED_COMMANDS,
    VOLATILE_PARTS,
    XLSM_NAMES,
    XLSX_NAMES,
    canonical,
    canonical_sheet,
    mraptor,
    olevba,
    parts_of,
    sheet_buttons,
    sheet_map,
    vba_sources,
)

MACRO_FILES = [*XLSM_NAMES, "perfxl.xlam"]
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLAM_MAIN = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every template built now by `perfxl templates`."""
    out = tmp_path_factory.mktemp("templates")
    assert main(["templates", "--out", str(out)]) == 0
    return out


def _content_types(parts: dict[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    root = ET.fromstring(parts["[Content_Types].xml"])
    defaults = {e.get("Extension"): e.get("ContentType") for e in root.iter(CT + "Default")}
    overrides = {e.get("PartName"): e.get("ContentType") for e in root.iter(CT + "Override")}
    return defaults, overrides  # type: ignore[return-value]


@pytest.mark.parametrize("name", MACRO_FILES)
def test_committed_macro_files_equal_a_fresh_build(name: str, fresh: Path) -> None:
    committed = COMMITTED / name
    assert committed.exists(), f"run `perfxl templates` to create {name}"
    old, new = parts_of(committed), parts_of(fresh / name)
    assert sorted(old) == sorted(new)
    # vbaProject.bin included: pyOpenVBA's output is byte-deterministic
    assert [part for part in new if part not in VOLATILE_PARTS and old[part] != new[part]] == []


@pytest.mark.parametrize(("xlsx", "xlsm"), list(zip(XLSX_NAMES, XLSM_NAMES, strict=True)))
def test_xlsm_is_the_xlsx_plus_buttons_and_vba_only(xlsx: str, xlsm: str) -> None:
    plain, macro = parts_of(COMMITTED / xlsx), parts_of(COMMITTED / xlsm)
    sheets = sheet_map(plain)
    form_sheets = [name for name in sheets if name != "perfxl"]
    added = set(macro) - set(plain)
    assert set(plain) <= set(macro)
    assert added == {"xl/vbaProject.bin"} | {f"xl/drawings/vmlDrawing{i}.vml" for i in range(1, len(form_sheets) + 1)} | {
        f"xl/worksheets/_rels/{Path(sheets[name]).name}.rels" for name in form_sheets
    }
    changed = {part for part in plain if plain[part] != macro[part]}
    assert changed - set(sheets.values()) == {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
    # styles, theme, docProps and the rest: byte-identical (docProps/core.xml is copied, not rebuilt)
    for part in set(plain) - changed:
        assert plain[part] == macro[part]
    # every worksheet (the very hidden marker sheet too): the same content, minus legacyDrawing and codeName
    for name, part in sheets.items():
        assert canonical_sheet(macro[part]) == canonical_sheet(plain[part]), name
        root = ET.fromstring(macro[part])
        assert root.find(MAIN + "sheetPr").get("codeName"), name  # type: ignore[union-attr]
        assert (root.find(MAIN + "legacyDrawing") is not None) == (name != "perfxl")
        if name != "perfxl":  # buttons cannot be moved: objects locked
            assert root.find(MAIN + "sheetProtection").get("objects") == "1"  # type: ignore[union-attr]
    assert canonical(macro["xl/workbook.xml"], ("codeName",)) == canonical(plain["xl/workbook.xml"])
    rels_plain = {r["Id"]: r for r in relationships(plain, "xl/workbook.xml")}
    rels_macro = {r["Id"]: r for r in relationships(macro, "xl/workbook.xml")}
    extra = {rid: rel for rid, rel in rels_macro.items() if rid not in rels_plain}
    assert {rid: rels_macro[rid] for rid in rels_plain} == rels_plain
    assert [rel["Type"].rsplit("/", 1)[-1] for rel in extra.values()] == ["vbaProject"]
    defaults_plain, overrides_plain = _content_types(plain)
    defaults, overrides = _content_types(macro)
    assert overrides.pop("/xl/workbook.xml") == XLSM_MAIN
    overrides_plain.pop("/xl/workbook.xml")
    assert overrides == overrides_plain
    assert defaults == defaults_plain | {
        "vml": "application/vnd.openxmlformats-officedocument.vmlDrawing",
        "bin": "application/vnd.ms-office.vbaProject",
    }


@pytest.mark.parametrize("name", XLSM_NAMES)
def test_openpyxl_sees_the_same_locked_workbook(name: str) -> None:
    plain = load_workbook(COMMITTED / name.replace(".xlsm", ".xlsx"))
    macro = load_workbook(COMMITTED / name, keep_vba=True)
    assert macro.security is not None and macro.security.lockStructure
    assert macro.sheetnames == plain.sheetnames
    assert macro["perfxl"].sheet_state == "veryHidden"
    for ws in plain.worksheets:
        other = macro[ws.title]
        assert other.protection.sheet and (other.protection.objects or ws.title == "perfxl")
        assert [(c.coordinate, c.value, c.style_id, c.protection.locked) for row in other.iter_rows() for c in row] == [
            (c.coordinate, c.value, c.style_id, c.protection.locked) for row in ws.iter_rows() for c in row
        ]
        assert str(other.data_validations.dataValidation) == str(ws.data_validations.dataValidation)
        assert other.print_area == ws.print_area and other.print_title_rows == ws.print_title_rows


@pytest.mark.parametrize("name", XLSM_NAMES)
def test_each_form_sheet_has_its_buttons_right_of_the_printed_form(name: str) -> None:
    buttons = sheet_buttons(COMMITTED / name)
    assert buttons.pop("perfxl") == []  # the marker sheet has no buttons
    assert {sheet: [caption for caption, _, _ in items] for sheet, items in buttons.items()} == {
        sheet: EXPECTED_CAPTIONS[sheet] for sheet in buttons
    }
    macros = {f"[0]!{macro}": command for macro, command in EXPECTED_COMMANDS.items()}
    for items in buttons.values():
        for caption, macro, printed in items:
            assert macros[macro] == CAPTION_COMMANDS[caption]
            assert printed == "False"
    parts = parts_of(COMMITTED / name)
    layouts = {role.layout.default_name: role.layout for layout in WORKBOOK_LAYOUTS.values() for role in layout.sheets}
    for sheet, part in sheet_map(parts).items():
        if sheet == "perfxl":
            continue
        (rel,) = [r for r in relationships(parts, part) if r["Type"].endswith("/vmlDrawing")]
        vml = parts[resolve(part, rel["Target"])].decode("utf-8")
        anchors = [line.split(",") for line in _between(vml, "<x:Anchor>", "</x:Anchor>")]
        last = column_index_from_string(layouts[sheet].last_col)  # 1-based = 0-based index of the next column
        assert all(int(a[0]) > last for a in anchors), "buttons start after an empty column right of the form"
        assert len({int(a[2]) for a in anchors}) == len(anchors), "stacked, one below the other"
        assert 'o:idmap v:ext="edit" data="1"' in vml and "_x0000_s2001" in vml


def _between(text: str, start: str, end: str) -> list[str]:
    return [piece.split(end, 1)[0] for piece in text.split(start)[1:]]


@pytest.mark.parametrize("name", MACRO_FILES)
def test_olevba_reads_the_modules_and_the_six_runpython_commands(name: str) -> None:
    out = olevba(COMMITTED / name, "-c")
    modules = {line.split()[2].rsplit(".", 1)[0] for line in out.splitlines() if line.startswith("VBA MACRO ")}
    expected = {"ThisWorkbook", "Sheet1", "xlwings", "Dictionary", "perfxl_buttons"}
    if name.endswith(".xlam"):
        expected.add("perfxl_ribbon")
    else:
        expected |= {f"Sheet{i}" for i in range(1, len(sheet_map(parts_of(COMMITTED / name))) + 1)}
    assert modules == expected
    for command in EXPECTED_COMMANDS.values():
        assert f'RunPython "{command}"' in out
    code, report = mraptor(COMMITTED / name)
    assert code == 2 and "Macro OK" in report, report  # macros, but none that runs by itself (no auto-exec)


@pytest.mark.parametrize("name", MACRO_FILES)
def test_pyopenvba_checks_the_package(name: str) -> None:
    from pyopenvba import check_file

    report = check_file(COMMITTED / name)
    assert report.ok, report


def test_xlam_is_an_addin_whose_ribbon_calls_existing_callbacks() -> None:
    path = COMMITTED / "perfxl.xlam"
    parts = parts_of(path)
    assert _content_types(parts)[1]["/xl/workbook.xml"] == XLAM_MAIN
    (ui_rel,) = [r for r in relationships(parts, "") if r["Type"] == CUSTOMUI14_REL]
    assert ui_rel["Target"] == CUSTOMUI14_PART
    ui = ET.fromstring(parts[CUSTOMUI14_PART])
    (tab,) = ui.iter(f"{{{CUSTOMUI14_NS}}}tab")
    assert tab.get("label") == "绩效目标"
    groups = [(g.get("label"), [b.get("label") for b in g]) for g in tab]
    assert groups == [("校验", ["校验", "清除标记"]), ("填报", ["生成指标", "新增附表3"]), ("汇总与报送", ["汇总", "导出报送版"])]
    sources = vba_sources(path)
    assert 'Public Const PROJECT_NAME As String = "perfxl"' in sources["xlwings"]
    assert "ActiveWorkbook.FullName" in sources["xlwings"]  # the add-in module acts on the active workbook
    for button in tab.iter(f"{{{CUSTOMUI14_NS}}}button"):
        callback = button.get("onAction")
        assert button.get("imageMso") and button.get("size") == "large"
        head = f"Public Sub {callback}(control As IRibbonControl)"
        assert head in sources["perfxl_ribbon"], callback
        delegate = sources["perfxl_ribbon"].split(head, 1)[1].split("End Sub", 1)[0].strip()
        assert EXPECTED_COMMANDS[delegate] == CAPTION_COMMANDS[button.get("label", "")]
        assert f"Public Sub {delegate}()" in sources["perfxl_buttons"]


@pytest.mark.parametrize("name", XLSM_NAMES)
def test_check_finds_the_same_in_xlsx_and_xlsm(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(COMMITTED / name.replace(".xlsm", ".xlsx")), "--format", "json"])
    plain = capsys.readouterr().out
    main(["check", str(COMMITTED / name), "--format", "json"])
    macro = capsys.readouterr().out
    assert macro.replace(".xlsm", ".xlsx") == plain
