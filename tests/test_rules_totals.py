"""Issue 12, item 8: amounts typed as text. perfxl reads "8万元", "80000元", "8 万" (and a number kept as text) as
the 万元 they say; Excel's SUM skips text, so the printed 合计 is short. The finding is at the cell that holds the
text (M112 where a 合计 adds it up, M113 elsewhere), and M111 asks for F9 only when recalculating would change
what the 合计 shows. Files are the seeds written by perfxl, edited as a user types, with the 合计's saved result
set to what Excel saves (tests/test_rules_integrity.set_cell_xml)."""

from __future__ import annotations

from pathlib import Path

from perfxl.check.engine import check_file, check_grid
from perfxl.check.findings import FileReport
from perfxl.grid import read_grid
from tests.excel_rows import insert_rows
from tests.helpers import edit_cells, example_file
from tests.test_rules_integrity import set_cell_xml

KEYS = ["code", "severity", "sheet", "cell"]
MONEY = ("M", "T102", "T105")


def _saved(path: Path, sheet: str, cell: str, formula: str, shown: float) -> Path:
    """The 合计 as Excel saves it: the formula with the result it computed."""
    return set_cell_xml(path, sheet, cell, f'<c r="{cell}"><f>{formula}</f><v>{shown}</v></c>')


def _money(report: FileReport) -> list[list[str]]:
    return [row for row in report.flatten(KEYS) if row[0].startswith(MONEY)]


def _message(report: FileReport, code: str) -> str:
    (found,) = [f for f in report.findings if f.code == code]
    return found.message


def _typed(tmp_path: Path, values: dict[str, object]) -> Path:
    return edit_cells(example_file("shifeng", tmp_path), values)


# ------------------------------------------------------------------------------------- M112 at the row, not M111


def test_text_in_a_summed_cell_is_reported_there_not_as_a_stale_total(tmp_path: Path) -> None:
    """附表2 8 + 10 with the 8 typed as “8万元”: Excel's 合计 shows 10. F9 would not help; retyping C6 does."""
    path = _saved(_typed(tmp_path, {"附表2!C6": "8万元"}), "附表2", "C5", "SUM(C6:C35)", 10)
    report = check_file(path)
    assert _money(report) == [["M112", "错误", "附表2", "C6"]]
    message = _message(report, "M112")
    assert message == (
        "附表2!C6：专项资金第 1 行金额“8万元”是文字，perfxl 按 8 万元读取；但 Excel 的求和（SUM）跳过文字，"
        "合计（附表2!C5）少算了这 8 万元（现显示 10 万元，按各行应为 18 万元）。"
    )
    hint = next(f.hint for f in report.findings if f.code == "M112")
    assert hint.startswith("请在 C6 重新输入数字 8（单位万元已在表头注明") and "“常规”" in hint
    assert "按 F9 重新计算不会" in hint


def test_yuan_and_other_spellings_are_converted_and_named(tmp_path: Path) -> None:
    path = _typed(tmp_path, {"附表3-1!D51": "80000元", "附表3-2!D51": "10 万", "附表2!C7": "10"})
    path = _saved(_saved(path, "附表3-1", "D61", "SUM(D51:D60)", 0), "附表2", "C5", "SUM(C6:C35)", 8)
    report = check_file(path)
    assert _money(report) == [
        ["M112", "错误", "附表2", "C7"],  # a number kept as text: Excel shows it as 10 and still skips it
        ["M112", "错误", "附表3-1", "D51"],
        ["M112", "错误", "附表3-2", "D51"],
    ]
    messages = [f.message for f in report.findings if f.code == "M112"]
    assert "“80000元”是文字，perfxl 按 8 万元读取（80000 元 = 8 万元）" in messages[1]
    assert "少算了这 8 万元（现显示 0 万元，按各行应为 8 万元）" in messages[1]
    assert "“10 万”是文字，perfxl 按 10 万元读取；" in messages[2]
    assert "合计（附表3-2!D61）少算了这 10 万元（按各行应为 10 万元）" in messages[2]  # no result saved: nothing shown


def test_a_stale_total_with_text_in_a_row_gets_both_findings(tmp_path: Path) -> None:
    """Shown 20 where Excel would now show 10 (C6 is text) and perfxl reads 18: F9 is needed, and so is C6."""
    report = check_file(_saved(_typed(tmp_path, {"附表2!C6": "8万元"}), "附表2", "C5", "SUM(C6:C35)", 20))
    assert _money(report) == [["M111", "错误", "附表2", "C5"], ["M112", "错误", "附表2", "C6"]]
    assert _message(report, "M111") == (
        "附表2!C5：合计显示 20 万元，但重新计算应为 10 万元（公式未重新计算）；另外 C6 的金额不会计入合计（见该格），"
        "按各行金额应为 18 万元。"
    )


def test_a_live_book_gets_the_same_finding(tmp_path: Path) -> None:
    grid = read_grid(_typed(tmp_path, {"附表2!C6": "8万元"}))
    grid["附表2"].rows[4][2] = 10.0  # type: ignore[index]  # Excel shows the 合计 without the text
    assert _money(check_grid(grid, "book")) == [["M112", "错误", "附表2", "C6"]]


def test_a_row_inserted_above_the_first_detail_is_outside_the_total(tmp_path: Path) -> None:
    """A user inserts a row above the first 支出明细 row and splits the 8 万元 in two. Excel moves =SUM(D51:D60)
    to =SUM(D52:D61): the new row 51 is not added up, and F9 would not change that."""
    from openpyxl import load_workbook

    path = example_file("shifeng", tmp_path)
    book = load_workbook(path)
    insert_rows(book, "附表3-1", 51)
    sheet = book["附表3-1"]
    sheet["B51"], sheet["C51"], sheet["D51"], sheet["E51"] = "印刷费", "其他商品和服务支出", 1.2, "12期×1000元/期=1.2万元"
    sheet["D52"] = 6.8
    book.save(path)
    report = check_file(_saved(path, "附表3-1", "D62", "SUM(D52:D61)", 6.8))
    assert _money(report) == [["M112", "错误", "附表3-1", "D51"]]  # not M111 (6.8 is what Excel computes), not T105
    assert ["T106", "错误", "附表3-1", "B51"] in report.flatten(KEYS)
    message = _message(report, "M112")
    assert "金额 1.2 万元所在的第 51 行不在合计公式 =SUM(D52:D61)的求和范围（第 52–61 行）内" in message
    assert "合计（附表3-1!D62）少算了这 1.2 万元（现显示 6.8 万元，按各行应为 8 万元）" in message
    assert "=SUM(D51:D61)" in next(f.hint for f in report.findings if f.code == "M112")


def test_numbers_and_unreadable_text_are_not_m112(tmp_path: Path) -> None:
    """Amounts typed as numbers: nothing. Text perfxl cannot read (“八万元”): M001 only, as before."""
    assert _money(check_file(_saved(example_file("shifeng", tmp_path), "附表2", "C5", "SUM(C6:C35)", 18))) == []
    report = check_file(_saved(_typed(tmp_path / "words", {"附表2!C6": "八万元"}), "附表2", "C5", "SUM(C6:C35)", 10))
    assert ["M001", "错误", "附表2", "C6"] in _money(report)
    assert [row for row in _money(report) if row[0] in ("M111", "M112", "M113")] == []


# ------------------------------------------------------------------------------------- M113 elsewhere


def test_text_amounts_outside_totals_are_advice_or_a_warning_for_yuan(tmp_path: Path) -> None:
    report = check_file(_typed(tmp_path, {"附表3-1!E5": "8万元", "附表3-1!B5": "8 万", "附表1!C5": "518000元"}))
    assert _money(report) == [
        ["M113", "警告", "附表1", "C5"],
        ["M113", "提示", "附表3-1", "B5"],
        ["M113", "提示", "附表3-1", "E5"],
    ]  # and no M101/M102/M107–M109: the amounts read are the ones the user meant
    messages = [f.message for f in report.findings if f.code == "M113"]
    assert messages[0] == (
        "附表1!C5：资金总额“518000元”是文字，perfxl 按 51.8 万元读取并核对（518000 元 = 51.8 万元）。"
        "表头的金额单位是万元，这里却写了元，打印件上容易看错。"
    )
    assert messages[2] == "附表3-1!E5：金额“8万元”是文字，perfxl 按 8 万元读取并核对。"


def test_project_form_amount_as_text(tmp_path: Path) -> None:
    report = check_file(edit_cells(example_file("hengdong", tmp_path), {"项目申报表!B4": "140万元", "项目申报表!F5": "5"}))
    assert _money(report) == [["M113", "提示", "项目申报表", "B4"], ["M113", "提示", "项目申报表", "F5"]]
    assert "上级资金（省级）“5”是文字" in [f.message for f in report.findings if f.code == "M113"][1]


def test_seeds_have_no_text_amounts(tmp_path: Path) -> None:
    for name in ("shifeng", "hengdong"):
        codes = {row[0] for row in check_file(example_file(name, tmp_path)).flatten(["code"])}
        assert not codes & {"M111", "M112", "M113", "T106"}
