"""Issue 12, item 9: rows inserted into (or deleted from) a block, the commonest tampering. The workbook is still
read and checked: T106 reports the change at its place, and every other finding is the one of the untampered
workbook, at the cell its value moved to. Files are the real templates filled with the seeds and edited as Excel
saves a row insertion (tests/excel_rows.py: merges, formulas on every sheet, validations, formats, print area)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfxl.check.engine import check_file, check_grid
from perfxl.check.findings import FileReport
from perfxl.grid import read_grid
from perfxl.models import DepartmentReturn, ProjectDeclaration
from perfxl.reader import read_form
from tests.excel_rows import delete_rows, insert_rows
from tests.helpers import example_file

KEYS = ["code", "severity", "sheet", "cell"]
Edit = tuple[str, str, int, int]  # ("insert" | "delete", sheet, row, count)


def edited(name: str, folder: Path, edits: list[Edit], values: dict[str, object] | None = None) -> tuple[Path, Path]:
    """(the seed as filled, the same after ``edits`` made as in Excel and ``values`` typed into the result)."""
    clean = example_file(name, folder / "clean")
    book = load_workbook(clean)
    for change, sheet, row, count in edits:
        (insert_rows if change == "insert" else delete_rows)(book, sheet, row, count)
    for ref, value in (values or {}).items():
        sheet, cell = ref.rsplit("!", 1)
        book[sheet][cell] = value
    (folder / "moved").mkdir()
    moved = folder / "moved" / clean.name
    book.save(moved)
    return clean, moved


def follow(row: int, sheet: str, edits: list[Edit]) -> int:
    """Where a template row of ``sheet`` is after ``edits`` (a row that was deleted has no findings to follow)."""
    for change, edited_sheet, at, count in edits:
        if edited_sheet == sheet and row >= at:
            row = row + count if change == "insert" else row - count
    return row


def moved_findings(clean: FileReport, edits: list[Edit]) -> list[list[str]]:
    rows = []
    for code, severity, sheet, cell in clean.flatten(KEYS):
        if cell:
            col, row = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()  # type: ignore[union-attr]
            cell = f"{col}{follow(int(row), sheet, edits)}"
        rows.append([code, severity, sheet, cell])
    return rows


def without(report: FileReport, *codes: str) -> list[list[str]]:
    return [row for row in report.flatten(KEYS) if row[0] not in codes]


# (seed, edits, the T106 findings expected)
CASES = {
    "indicator row in 附表3-1": ("shifeng", [("insert", "附表3-1", 12, 1)], [["附表3-1", "B10"]]),
    "two rows in 附表3-1's indicators": ("shifeng", [("insert", "附表3-1", 12, 2)], [["附表3-1", "B10"]]),
    "a row in each block of 附表3-1": (
        "shifeng", [("insert", "附表3-1", 12, 1), ("insert", "附表3-1", 56, 1)], [["附表3-1", "B10"], ["附表3-1", "B52"]]
    ),
    "detail row in 附表3-2": ("shifeng", [("insert", "附表3-2", 55, 1)], [["附表3-2", "B51"]]),
    "above the first detail row": ("shifeng", [("insert", "附表3-2", 51, 1)], [["附表3-2", "B51"]]),
    "indicator row in 附表1": ("shifeng", [("insert", "附表1", 25, 1)], [["附表1", "B23"]]),
    "work task row in 附表1": ("shifeng", [("insert", "附表1", 13, 1)], [["附表1", "B12"]]),
    "专项 row in 附表2": ("shifeng", [("insert", "附表2", 7, 1)], [["附表2", "A6"]]),
    "between two labelled rows": ("shifeng", [("insert", "附表3-1", 8, 1)], [["附表3-1", "A8"]]),
    "above the title": ("shifeng", [("insert", "附表1", 2, 1)], [["附表1", "A2"]]),
    "above the form": ("shifeng", [("insert", "附表3-2", 1, 2)], [["附表3-2", "A1"]]),
    "rows in two sheets": (
        "shifeng", [("insert", "附表1", 30, 1), ("insert", "附表3-2", 20, 3)], [["附表1", "B23"], ["附表3-2", "B10"]]
    ),
    "empty indicator row deleted": ("shifeng", [("delete", "附表3-1", 20, 1)], [["附表3-1", "B10"]]),
    "empty detail rows deleted": ("shifeng", [("delete", "附表3-2", 55, 2)], [["附表3-2", "B51"]]),
    "indicator row in 项目申报表": ("hengdong", [("insert", "项目申报表", 15, 1)], [["项目申报表", "B11"]]),
    "empty row deleted in 项目申报表": ("hengdong", [("delete", "项目申报表", 65, 1)], [["项目申报表", "B11"]]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_other_finding_is_the_untampered_ones_where_the_rows_moved(case: str, tmp_path: Path) -> None:
    name, edits, structure = CASES[case]
    clean, moved = edited(name, tmp_path, edits)
    assert read_form(moved).model == read_form(clean).model  # the empty rows inserted or deleted change nothing read
    before, after = check_file(clean), check_file(moved)
    assert after.error is None
    assert [[f.sheet, f.cell] for f in after.findings if f.code == "T106"] == structure
    assert {f.severity.value for f in after.findings if f.code == "T106"} == {"错误"}
    touched = sorted({sheet for _, sheet, _, _ in edits})
    assert [row for row in after.flatten(KEYS) if row[0] == "T101"] == [["T101", "警告", s, ""] for s in touched]
    assert without(after, "T106", "T101") == moved_findings(before, edits)


def test_the_structure_finding_names_the_rows_and_what_to_do(tmp_path: Path) -> None:
    _, moved = edited("shifeng", tmp_path, [("insert", "附表3-1", 12, 1), ("insert", "附表3-1", 8, 2)])
    found = {f.cell: f for f in check_file(moved).findings if f.code == "T106"}
    assert found["A8"].message == (
        "附表3-1!A8：结构被改动，第 8–9 行是插入的行（模板中“实施期绩效目标”之后紧接着“年度绩效目标”）。其下内容随之下移"
        "（“年度绩效目标”由模板的第 8 行移到第 10 行），perfxl 已按移动后的位置读取并检查本表。"
    )
    assert found["A8"].hint.startswith("请删除插入的行（右键行号→删除")
    assert found["B12"].message.startswith(
        "附表3-1!B12：结构被改动，年度绩效指标区现在是第 12–52 行，共 41 行，模板为 40 行（第 10–49 行）：这一区中插入了 1 行。"
        "其下内容随之下移（“支出明细及测算说明”由模板的第 50 行移到第 53 行）"
    )
    assert "再删除插入的行" in found["B12"].hint
    _, deleted = edited("shifeng", tmp_path / "deleted", [("delete", "附表3-2", 55, 2)])
    (gone,) = [f for f in check_file(deleted).findings if f.code == "T106"]
    assert "支出明细及测算说明区现在是第 51–58 行，共 8 行，模板为 10 行（第 51–60 行）：这一区中删除了 2 行" in gone.message
    assert gone.hint.startswith("请在原位置插入 2 行空行")


def test_values_below_the_insertion_are_read_where_they_moved(tmp_path: Path) -> None:
    """A user inserts a row under 数量指标 and types one more indicator; 支出明细 and 合计 move down a row."""
    row = {"附表3-1!C13": "数量指标", "附表3-1!D13": "网评员培训次数", "附表3-1!E13": "≥1次", "附表3-1!F13": "计划标准"}
    _, moved = edited("shifeng", tmp_path, [("insert", "附表3-1", 13, 1)], row)
    result = read_form(moved)
    assert isinstance(result.model, DepartmentReturn)
    direction = result.model.directions[0]
    assert len(direction.indicators) == 10 and direction.indicators[3].name == "网评员培训次数"
    assert [d.amount for d in direction.details] == [Decimal(8)]
    source = result.sheets["附表3-1"]
    assert source.item_rows["details"] == [52] and source.formula_cell("details_total") == "D62"
    assert source.field_cell("preparer") == "B65" and source.field_cell("amount") == "E5"
    report = check_file(moved)
    assert ["T106", "错误", "附表3-1", "B10"] in report.flatten(KEYS)
    codes = {row[0] for row in report.flatten(KEYS)}
    assert not codes & {"T102", "T105", "M109", "M111", "M001"}  # the moved 合计 =SUM(D52:D61) is the template's


def test_project_form_with_a_row_inserted_reads_every_field(tmp_path: Path) -> None:
    _, moved = edited("hengdong", tmp_path, [("insert", "项目申报表", 5, 1)])  # between 中央 and 省级
    result = read_form(moved)
    assert isinstance(result.model, ProjectDeclaration)
    assert result.model == read_form(tmp_path / "clean" / "hengdong.xlsx").model
    assert result.model.provincial is None and result.model.budget == Decimal(140)
    assert result.sheets["项目申报表"].field_cell("provincial") == "F6"
    assert [f.cell for f in check_file(moved).findings if f.code == "T106"] == ["A5"]


def test_a_live_book_with_a_row_inserted_is_checked_alike(tmp_path: Path) -> None:
    """The Excel buttons check the grid of the open book (no file XML, so no T rules but T106)."""
    edits: list[Edit] = [("insert", "附表3-1", 12, 1)]
    clean, moved = edited("shifeng", tmp_path, edits)
    before, after = check_grid(read_grid(clean), "book"), check_grid(read_grid(moved), "book")
    assert [row for row in after.flatten(KEYS) if row[0].startswith("T")] == [["T106", "错误", "附表3-1", "B10"]]
    assert without(after, "T106") == moved_findings(before, edits)


def test_a_sheet_listing_the_forms_is_not_taken_for_one(tmp_path: Path) -> None:
    """A sheet of the user's own whose column A names the forms (“附表1” in A5) is not a 附表1 moved down."""
    clean = example_file("shifeng", tmp_path)
    book = load_workbook(clean)
    notes = book.create_sheet("说明")
    for row, name in enumerate(["报送说明", "", "本工作簿包括：", "", "附表1", "附表2", "附表3"], 1):
        notes.cell(row, 1, name)
    book.save(clean)
    report = check_file(clean)
    assert report.error is None and not [f for f in report.findings if f.sheet == "说明"]


def test_no_structure_finding_where_nothing_moved(tmp_path: Path) -> None:
    """The seeds as published, and rows added below the form (nothing of the form moves): no T106."""
    for name in ("shifeng", "hengdong"):
        assert [f for f in check_file(example_file(name, tmp_path)).findings if f.code == "T106"] == []
    clean, below = edited("shifeng", tmp_path / "below", [("insert", "附表3-1", 70, 3)])
    assert without(check_file(below), "T101") == check_file(clean).flatten(KEYS)


def test_generation_writes_below_the_rows_as_they_are(tmp_path: Path) -> None:
    from perfxl.generate import generate_file

    _, moved = edited("shifeng", tmp_path, [("insert", "附表3-1", 12, 1)])
    result = generate_file(moved, tmp_path / "generated.xlsx", sheet="附表3-1")
    rows = sorted({int(re.sub(r"[A-Z]+", "", cell)) for cell, _ in result.writes})
    assert rows and rows[0] == 20 and rows[-1] <= 50  # after the 9 indicators (one row moved), inside the block
    read = read_form(tmp_path / "generated.xlsx")
    assert isinstance(read.model, DepartmentReturn)
    assert len(read.model.directions[0].indicators) == 9 + len(result.rows)
    assert [d.amount for d in read.model.directions[0].details] == [Decimal(8)]
    assert [f.cell for f in check_file(tmp_path / "generated.xlsx").findings if f.code == "T106"] == ["B10"]


def test_new_sheet3_is_not_copied_from_a_sheet_with_rows_inserted(tmp_path: Path) -> None:
    from perfxl.edits.direction import plan_direction

    _, moved = edited("shifeng", tmp_path, [("insert", "附表3-2", 12, 1)], {"附表2!B8": "网络安全宣传经费", "附表2!C8": 5})
    plan = plan_direction(read_grid(moved), "book")
    assert plan.new and plan.sheet == "附表3-3" and plan.copy_of == "附表3-1"


def test_consolidation_reads_the_moved_rows(tmp_path: Path) -> None:
    from perfxl.consolidate import consolidate

    clean, moved = edited("shifeng", tmp_path, [("insert", "附表2", 7, 1), ("insert", "附表3-1", 55, 1)])
    one = consolidate([clean], tmp_path / "clean.xlsx", workers=1)
    other = consolidate([moved], tmp_path / "moved.xlsx", workers=1)
    assert other.amounts == one.amounts and other.amounts
    assert other.findings["错误"] == one.findings["错误"] + 2  # the two T106
