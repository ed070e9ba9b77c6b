"""Money rules (M): each rule fails on an edited seed and passes on the seed as published."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from perfxl.check.engine import check_file
from perfxl.check.findings import FileReport
from perfxl.examples import hengdong, shifeng
from perfxl.models import DepartmentReturn, SpendingDetail
from perfxl.writer import write_workbook
from tests.helpers import edit_cells, example_file


def _check(name: str, tmp_path: Path, edits: dict[str, object] | None = None) -> FileReport:
    path = example_file(name, tmp_path)
    if edits:
        edit_cells(path, edits)
    return check_file(path)


def _codes(report: FileReport, prefix: str = "") -> list[list[str]]:
    return [row for row in report.flatten(["code", "sheet", "cell"]) if row[0].startswith(prefix)]


def _messages(report: FileReport, code: str) -> list[str]:
    return [f.message for f in report.findings if f.code == code]


# ------------------------------------------------------------------------------------- the real seeds


def test_seeds_raise_no_money_or_calculation_errors(tmp_path: Path) -> None:
    """石峰: 51.8 = 51.8; 51.8 = 33.8 + 18; 18 = 8 + 10; each 测算 adds up. 衡东: nothing to complain about."""
    shifeng_report = _check("shifeng", tmp_path)
    hengdong_report = _check("hengdong", tmp_path)
    assert shifeng_report.error is None and hengdong_report.error is None
    assert _codes(shifeng_report, "M") == []
    assert _codes(shifeng_report, "C") == []
    assert _codes(hengdong_report, "M") == []
    assert _codes(hengdong_report, "C") == []


def test_seeds_from_all_four_families(tmp_path: Path) -> None:
    """What the seeds give from M, C, F and T: the leftover C专项 row, blank signatures, and no T104 (perfxl wrote the examples)."""
    shifeng_report = _check("shifeng", tmp_path)
    mine = [row for row in shifeng_report.flatten(["code", "severity", "sheet", "cell"]) if row[0][0] in "MCFT"]
    assert ["F105", "警告", "附表2", "C8"] in mine
    assert [row for row in mine if row[1] == "错误"] == []
    assert sorted(row[0] for row in mine) == ["F102"] * 8 + ["F105"]  # no T104: perfxl wrote the example
    hengdong_report = _check("hengdong", tmp_path)
    assert [row[0] for row in hengdong_report.flatten(["code"]) if row[0][0] in "MCFT"] == []


# ------------------------------------------------------------------------------------- 附表1


def test_m101_income_sources(tmp_path: Path) -> None:
    assert ["M101", "附表1", "C5"] in _codes(_check("shifeng", tmp_path, {"附表1!C7": 50}))


def test_m102_total_vs_basic_plus_project(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表1!E7": 30})
    assert ["M102", "附表1", "C5"] in _codes(report)
    assert "资金总额 51.8 万元与按支出性质分的合计 48 万元（基本支出 30 + 项目支出 18）" in _messages(report, "M102")[0]
    assert _codes(_check("shifeng", tmp_path / "ok"), "M102") == []


def test_m103_project_spending_vs_fund_summary(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表1!E8": 20, "附表1!E7": 31.8})
    assert _codes(report, "M10") == [["M103", "附表1", "E8"]]
    assert "项目支出 20 万元与附表2 专项资金合计 18 万元" in _messages(report, "M103")[0]


# ------------------------------------------------------------------------------------- 附表2 ⇄ 附表3


def test_m104_m106_fund_and_direction_sheet_do_not_match(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表3-2!B4": "网络安全演练经费", "附表3-2!E4": "网络安全演练经费"})
    assert ["M104", "附表2", "C7"] in _codes(report)
    assert ["M106", "附表3-2", "E4"] in _codes(report)
    assert "“网络安全演练经费”不在附表2中" in _messages(report, "M106")[0]


def test_names_match_without_whitespace(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表3-2!E4": " 网络安全应急实战 演练工作经费\n"})
    assert _codes(report, "M10") == []


def test_m105_fund_amount_vs_direction_sheet(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表2!C6": 9})
    assert ["M105", "附表2", "C6"] in _codes(report)
    assert "专项“业务性专项经费” 9 万元，但其附表3（附表3-1）金额合计 8 万元" in _messages(report, "M105")[0]


def _split_fund(amounts: tuple[str, str], project_amount: str = "8") -> DepartmentReturn:
    """石峰 with 业务性专项经费 split over two direction sheets (附表3-1 and 附表3-3)."""
    model = shifeng()
    first = model.directions[0]
    second = first.model_copy(update={"sheet_name": "附表3-3", "direction": "网评员培训"})
    for sheet, amount in zip((first, second), amounts, strict=True):
        sheet.project_amount = Decimal(project_amount)
        sheet.amount = Decimal(amount)
        sheet.details = [SpendingDetail(item="培训费", amount=Decimal(amount), basis=f"合计{amount}万元")]
    model.directions.append(second)
    return model


def test_fund_with_several_direction_sheets(tmp_path: Path) -> None:
    ok = check_file(write_workbook(_split_fund(("5", "3")), tmp_path / "ok.xlsx"))
    assert _codes(ok, "M") == []
    bad = check_file(write_workbook(_split_fund(("5", "4")), tmp_path / "bad.xlsx"))
    assert ["M105", "附表2", "C6"] in _codes(bad)
    assert "（附表3-1、附表3-3）金额合计 9 万元" in _messages(bad, "M105")[0]
    assert ["M108", "附表3-1", "B5"] in _codes(bad)
    assert ["M108", "附表3-3", "B5"] in _codes(bad)
    assert "各支出方向金额合计 9 万元（附表3-1 5 + 附表3-3 4）" in _messages(bad, "M108")[0]


# ------------------------------------------------------------------------------------- 附表3


def test_m107_amount_above_project_amount(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表3-1!E5": 9})
    assert ["M107", "附表3-1", "E5"] in _codes(report)
    assert ["M108", "附表3-1", "B5"] not in _codes(report)  # not reported twice


def test_m108_single_direction_project_amount_equals_amount(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表3-1!B5": 10})
    assert _codes(report, "M10") == [["M108", "附表3-1", "B5"]]
    assert "该专项只有这一张支出方向表" in _messages(report, "M108")[0]


def test_m109_amount_vs_details_total(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表3-1!D51": 7})
    assert ["M109", "附表3-1", "D61"] in _codes(report)
    assert "支出明细合计 7 万元，与金额 8 万元（附表3-1!E5）不一致" in _messages(report, "M109")[0]
    empty = _check("shifeng", tmp_path / "empty", {"附表3-2!D51": None})
    assert "支出明细未填金额" in _messages(empty, "M109")[0]


def test_m110_negative_amounts(tmp_path: Path) -> None:
    report = _check("hengdong", tmp_path, {"项目申报表!F5": -5})
    assert _codes(report, "M") == [["M110", "项目申报表", "F5"]]
    assert "上级资金（省级） -5 万元为负数" in _messages(report, "M110")[0]
    assert _codes(_check("hengdong", tmp_path / "ok", {"项目申报表!F5": 5}), "M") == []
    rows = _check("shifeng", tmp_path / "rows", {"附表3-2!D51": -10, "附表3-2!E5": -10, "附表3-2!B5": -10})
    assert ["M110", "附表3-2", "D51"] in _codes(rows)
    assert ["M110", "附表3-2", "E5"] in _codes(rows)


def test_amount_typed_as_text_is_only_m001(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表3-1!E5": "八万元"})
    assert ["M001", "附表3-1", "E5"] in _codes(report)
    assert [row for row in _codes(report) if row[2] == "E5" and row[1] == "附表3-1"] == [["M001", "附表3-1", "E5"]]


def test_project_form_money_rules_are_quiet(tmp_path: Path) -> None:
    model = hengdong()
    model.central = Decimal(20)
    report = check_file(write_workbook(model, tmp_path / "p.xlsx"))
    assert _codes(report, "M") == []
