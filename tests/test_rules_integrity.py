"""Template integrity rules (T) and the 合计 cells they share with M111: protection, formulas, cached results."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfxl.check.engine import check_file, check_grid
from perfxl.check.findings import FileReport
from perfxl.check.xmlfacts import _sheet_parts
from perfxl.cli import main
from perfxl.grid import read_grid
from perfxl.models import DepartmentReturn
from tests.helpers import edit_cells, example_file
from tests.office import convert


def _codes(report: FileReport, *codes: str) -> list[list[str]]:
    return [row for row in report.flatten(["code", "severity", "sheet", "cell"]) if row[0] in codes]


def _messages(report: FileReport, code: str) -> list[str]:
    return [f.message for f in report.findings if f.code == code]


def _unprotect(path: Path, sheet: str) -> Path:
    book = load_workbook(path)
    book[sheet].protection.sheet = False
    book.save(path)
    return path


def set_cell_xml(path: Path, sheet: str, cell: str, xml: str) -> Path:
    """Replace one ``<c>`` element of a sheet part, as Excel would have saved it (cached values, error values)."""
    with zipfile.ZipFile(path) as archive:
        part = _sheet_parts(archive)[sheet]
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    pattern = re.compile(rf'<c r="{cell}"[^>]*?(?:/>|>.*?</c>)'.encode(), re.DOTALL)
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename == part:
                data, count = pattern.subn(xml.encode(), data, count=1)
                assert count == 1, f"{sheet}!{cell} not found in {part}"
            out.writestr(info, data)
    shutil.move(copy, path)
    return path


# ------------------------------------------------------------------------------------- T101 protection


def test_t101_unprotected_sheet(tmp_path: Path) -> None:
    report = check_file(_unprotect(example_file("shifeng", tmp_path), "附表3-1"))
    assert _codes(report, "T101") == [["T101", "警告", "附表3-1", ""]]
    assert _codes(check_file(example_file("hengdong", tmp_path)), "T101") == []


def test_values_and_xml_facts_come_from_the_bytes_read(tmp_path: Path) -> None:
    """consolidate hashes a file's bytes, then reads values and formula/protection facts from those same bytes:
    a file rewritten on disk in between (a mail client still saving it) cannot mix two versions."""
    from perfxl.check.engine import check_result
    from perfxl.reader import read_form

    sent = edit_cells(_unprotect(example_file("shifeng", tmp_path / "sent"), "附表3-1"), {"附表1!B3": "先收到的单位"})
    on_disk = example_file("shifeng", tmp_path / "disk")
    result = read_form(on_disk, data=sent.read_bytes())
    assert isinstance(result.model, DepartmentReturn)
    assert result.model.overall.unit_name == "先收到的单位"
    findings = check_result(result, path=on_disk, data=sent.read_bytes())
    assert [(f.code, f.sheet) for f in findings if f.code == "T101"] == [("T101", "附表3-1")]
    assert [f.code for f in check_result(read_form(on_disk), path=on_disk) if f.code == "T101"] == []


# ------------------------------------------------------------------------------------- T102 / M111 合计 cells


def test_t102_total_overwritten_with_a_constant(tmp_path: Path) -> None:
    report = check_file(edit_cells(example_file("shifeng", tmp_path), {"附表2!C5": 20}))
    assert _codes(report, "T102", "M111") == [["T102", "错误", "附表2", "C5"]]  # not also M111
    assert "合计的公式已被改成了固定内容“20”（按各行计算应为 18 万元）" in _messages(report, "T102")[0]


def test_t102_cleared_formula_and_overwritten_title(tmp_path: Path) -> None:
    path = edit_cells(example_file("shifeng", tmp_path), {"附表3-1!D61": None, "附表1!A2": "2023年部门整体支出绩效目标表"})
    report = check_file(path)
    assert _codes(report, "T102") == [["T102", "错误", "附表1", "A2"], ["T102", "错误", "附表3-1", "D61"]]
    assert "合计的公式已被清空（按各行计算应为 8 万元）" in _messages(report, "T102")[1]
    assert _codes(check_file(example_file("shifeng", tmp_path / "ok")), "T102") == []


def test_m111_stale_cached_total(tmp_path: Path) -> None:
    stale = set_cell_xml(example_file("shifeng", tmp_path), "附表2", "C5", '<c r="C5"><f>SUM(C6:C35)</f><v>20</v></c>')
    report = check_file(stale)
    assert _codes(report, "M111", "T102") == [["M111", "错误", "附表2", "C5"]]
    assert "合计显示 20 万元，但按各行金额计算应为 18 万元（公式未重新计算）" in _messages(report, "M111")[0]
    fresh = set_cell_xml(example_file("shifeng", tmp_path / "ok"), "附表2", "C5", '<c r="C5"><f>SUM(C6:C35)</f><v>18</v></c>')
    assert _codes(check_file(fresh), "M111", "T102") == []


def test_m111_on_a_live_book_without_file_facts(tmp_path: Path) -> None:
    """The Excel adapter checks a grid: no XML facts, so T rules are skipped and M111 names both causes."""
    path = example_file("shifeng", tmp_path)
    grid = read_grid(path)
    rows = grid["附表2"].rows
    rows[4][2] = 20.0  # type: ignore[index]
    report = check_grid(grid, "live")
    assert _codes(report, "M111") == [["M111", "错误", "附表2", "C5"]]
    assert "公式可能被改成了数值" in _messages(report, "M111")[0]
    assert [row for row in report.flatten(["code"]) if row[0].startswith("T")] == []


# ------------------------------------------------------------------------------------- T103 error values


def test_t103_formula_error_value(tmp_path: Path) -> None:
    path = edit_cells(example_file("shifeng", tmp_path), {"附表3-1!E10": "#N/A"})  # Excel makes it an error value
    report = check_file(set_cell_xml(path, "附表2", "C5", '<c r="C5" t="e"><f>SUM(#REF!)</f><v>#REF!</v></c>'))
    assert _codes(report, "T103", "M111") == [["T103", "错误", "附表2", "C5"], ["T103", "错误", "附表3-1", "E10"]]
    assert "单元格显示错误值 #REF!（公式引用的单元格已不存在" in _messages(report, "T103")[0]
    assert _codes(check_file(example_file("shifeng", tmp_path / "ok")), "T103") == []


def test_t103_on_a_live_book_and_not_twice_with_m001(tmp_path: Path) -> None:
    """Error values that reach the grid as text (a live book) are found too; in an amount cell M001 has them."""
    grid = read_grid(example_file("shifeng", tmp_path))
    rows = grid["附表2"].rows
    rows[4][2] = "#REF!"  # type: ignore[index]
    rows[5][2] = "#N/A"  # type: ignore[index]
    report = check_grid(grid, "live")
    assert _codes(report, "T103") == [["T103", "错误", "附表2", "C5"]]
    assert ["M001", "错误", "附表2", "C6"] in report.flatten(["code", "severity", "sheet", "cell"])


# ------------------------------------------------------------------------------------- T104 no cached results


@pytest.mark.parametrize(("name", "where"), [("shifeng", ["附表2", "C5"]), ("hengdong", ["", ""])])
def test_t104_one_advice_per_file(tmp_path: Path, name: str, where: list[str]) -> None:
    """A file another program wrote (here openpyxl, re-saving perfxl's example) gets one 提示."""
    path = example_file(name, tmp_path)
    other = tmp_path / "other.xlsx"
    book = load_workbook(path)
    book.properties.lastModifiedBy = "openpyxl script"
    book.save(other)
    report = check_file(other)
    assert _codes(report, "T104") == [["T104", "提示", *where]]
    assert "perfxl 已按各行自行重新计算合计" in _messages(report, "T104")[0]


def test_t104_not_for_what_perfxl_wrote(tmp_path: Path) -> None:
    """perfxl's own output (templates, examples, marked, unmarked and generated copies, a new 附表3) gets no T104."""
    shifeng = example_file("shifeng", tmp_path)
    written = [shifeng, example_file("hengdong", tmp_path)]
    assert main(["templates", "--out", str(tmp_path / "templates")]) == 0
    written += sorted((tmp_path / "templates").glob("*.xls[xm]"))
    marked, unmarked = tmp_path / "marked.xlsx", tmp_path / "unmarked.xlsx"
    generated, added = tmp_path / "generated.xlsx", tmp_path / "added.xlsx"
    assert main(["check", str(shifeng), "--mark", str(marked)]) in (0, 1)
    assert main(["unmark", str(marked), "-o", str(unmarked)]) == 0
    assert main(["generate", str(shifeng), "--sheet", "附表3-1", "--replace", "-o", str(generated)]) == 0
    assert main(["sheet3", str(shifeng), "-o", str(added)]) == 0
    written += [marked, unmarked, generated, added]
    assert len(written) == 14  # 2 examples, 4 templates and their .xlsm twins, 4 copies
    for path in written:
        assert _codes(check_file(path), "T104") == [], path.name


# ------------------------------------------------------------------------------------- through LibreOffice


@pytest.mark.office
def test_file_saved_by_an_office_suite_is_clean(tmp_path: Path) -> None:
    saved = convert(example_file("shifeng", tmp_path), "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    report = check_file(saved)
    assert [row for row in report.flatten(["code"]) if row[0] in ("T101", "T102", "T103", "T104", "M111")] == []


@pytest.mark.office
def test_office_suite_results_errors_and_constants(tmp_path: Path) -> None:
    path = example_file("shifeng", tmp_path)
    book = load_workbook(path)
    book["附表3-1"]["E52"] = "=1/0"
    book["附表2"]["C5"] = 20
    book.save(path)
    report = check_file(convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo"))
    assert _codes(report, "T102", "T103", "T104", "M111") == [
        ["T102", "错误", "附表2", "C5"], ["T103", "错误", "附表3-1", "E52"],
    ]
    assert "#DIV/0!" in _messages(report, "T103")[0]
