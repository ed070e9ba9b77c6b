"""Completeness rules (F): required cells, phone numbers, targets, leftover rows, work tasks, indicators, 实施期."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfxl.check.engine import check_file
from perfxl.check.findings import FileReport
from perfxl.examples import shifeng
from perfxl.rules.completeness import plausible_phone
from perfxl.writer import write_workbook
from tests.helpers import edit_cells, example_file


def _check(name: str, tmp_path: Path, edits: dict[str, object] | None = None) -> FileReport:
    path = example_file(name, tmp_path)
    return check_file(edit_cells(path, edits) if edits else path)


def _codes(report: FileReport, code: str) -> list[list[str]]:
    return [row for row in report.flatten(["code", "severity", "sheet", "cell"]) if row[0] == code]


def _messages(report: FileReport, code: str) -> list[str]:
    return [f.message for f in report.findings if f.code == code]


def test_f101_required_field_empty_or_only_spaces(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表1!B4": " \u3000\n", "附表3-1!B7": None})
    assert _codes(report, "F101") == [["F101", "错误", "附表1", "B4"], ["F101", "错误", "附表3-1", "B7"]]
    assert _messages(report, "F101")[0] == "附表1!B4：部门名称未填写。"
    assert _codes(report, "F104") == []  # an empty header target is F101's only
    assert _codes(_check("hengdong", tmp_path / "ok"), "F101") == []


def test_f101_money_typed_as_text_is_not_called_empty(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表1!C5": "五十一万八"})
    assert _codes(report, "F101") == []


def test_f102_signature_missing_is_a_warning(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path)
    assert ["F102", "警告", "附表1", "B55"] in _codes(report, "F102")
    assert ["F102", "警告", "附表1", "D55"] in _codes(report, "F102")
    assert len(_codes(report, "F102")) == 8  # 填表人 and 联系电话 on each of the four sheets
    assert _codes(_check("hengdong", tmp_path / "hd"), "F102") == []


def test_f103_phone_implausible(tmp_path: Path) -> None:
    report = _check("hengdong", tmp_path, {"项目申报表!D71": "5222222"})
    assert _codes(report, "F103") == [["F103", "警告", "项目申报表", "D71"]]
    assert "联系电话“5222222”不像有效的电话号码" in _messages(report, "F103")[0]
    assert _codes(_check("hengdong", tmp_path / "ok", {"项目申报表!D71": "0734-5222222转8001"}), "F103") == []


@pytest.mark.parametrize(
    "phone",
    ["13975429050", "139 7542 9050", "139-7542-9050", "+86 13975429050", "0731-22222222", "073122222222",
     "(0731)22222222", "010-62345678-123", "0734-5222222转8001", "13975429050/0734-5222222", "１３９７５４２９０５０"],
)
def test_plausible_phones(phone: str) -> None:
    assert plausible_phone(phone)


@pytest.mark.parametrize("phone", ["5222222", "1397542905", "12975429050", "731-22222222", "无", "电话", "0731-1234"])
def test_implausible_phones(phone: str) -> None:
    assert not plausible_phone(phone)


def test_f104_fund_row_target_blank_or_placeholder(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表2!E6": " ", "附表3-1!B8": "/", "附表2!D7": "*"})
    assert _codes(report, "F104") == [
        ["F104", "错误", "附表2", "E6"], ["F104", "错误", "附表2", "D7"], ["F104", "错误", "附表3-1", "B8"],
    ]
    assert "专项“业务性专项经费”没有填写年度绩效目标" in _messages(report, "F104")[0]
    assert "实施期绩效目标只填了占位符“*”" in _messages(report, "F104")[1]
    assert "年度绩效目标只填了占位符“/”" in _messages(report, "F104")[2]
    assert _codes(_check("shifeng", tmp_path / "ok"), "F104") == []


def test_f105_leftover_fund_row(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path)
    assert _codes(report, "F105") == [["F105", "警告", "附表2", "C8"]]
    assert _messages(report, "F105") == ["附表2!C8：“三 C专项”一行有名称但没有金额，像是模板里留下的空行。"]
    assert _codes(_check("shifeng", tmp_path / "ok", {"附表2!A8": None, "附表2!B8": None}), "F105") == []


def test_f105_amount_without_name_and_detail_without_amount(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表2!B8": None, "附表2!C8": 3, "附表3-1!C52": "办公费"})
    assert ["F105", "错误", "附表2", "B8"] in _codes(report, "F105")
    assert ["F105", "警告", "附表3-1", "D52"] in _codes(report, "F105")


def test_f105_row_with_direction_sheet_is_money_not_leftover(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表2!C6": None})
    assert ["F105", "警告", "附表2", "C6"] not in _codes(report, "F105")
    assert ["M105", "附表2", "C6"] in report.flatten(["code", "sheet", "cell"])


def test_f106_work_task_incomplete(tmp_path: Path) -> None:
    report = _check("shifeng", tmp_path, {"附表1!D13": None, "附表1!C14": " "})
    assert _codes(report, "F106") == [["F106", "错误", "附表1", "D13"], ["F106", "错误", "附表1", "C14"]]
    assert _messages(report, "F106")[0] == "附表1!D13：重点工作“网信服务措施”没有填写工作目标。"
    assert _codes(_check("shifeng", tmp_path / "ok"), "F106") == []


def test_f107_no_work_tasks(tmp_path: Path) -> None:
    model = shifeng()
    model.overall.tasks = []
    report = check_file(write_workbook(model, tmp_path / "no-tasks.xlsx"))
    assert _codes(report, "F107") == [["F107", "错误", "附表1", "B12"]]
    assert _codes(report, "F106") == []
    assert _codes(_check("shifeng", tmp_path / "ok"), "F107") == []


def test_f108_no_indicators(tmp_path: Path) -> None:
    model = shifeng()
    model.directions[1].indicators = []
    report = check_file(write_workbook(model, tmp_path / "no-indicators.xlsx"))
    assert _codes(report, "F108") == [["F108", "错误", "附表3-2", "B10"]]
    assert _codes(_check("hengdong", tmp_path / "ok"), "F108") == []


@pytest.mark.parametrize(
    ("period", "flagged"),
    [("2023年", False), ("2023年1月—12月", False), ("2022—2024年", False), ("2022年", True), ("1年", True)],
)
def test_f109_period_misses_year(tmp_path: Path, period: str, flagged: bool) -> None:
    report = _check("shifeng", tmp_path, {"附表3-1!B6": period})
    assert _codes(report, "F109") == ([["F109", "警告", "附表3-1", "B6"]] if flagged else [])


def test_f109_project_form(tmp_path: Path) -> None:
    report = _check("hengdong", tmp_path, {"项目申报表!B7": "2022年度"})
    assert _codes(report, "F109") == [["F109", "警告", "项目申报表", "B7"]]
    assert "项目实施期“2022年度”不包含预算年度 2023 年" in _messages(report, "F109")[0]


def test_blank_direction_sheet_of_a_department_without_funds_is_not_incomplete(tmp_path: Path) -> None:
    model = shifeng()
    model.directions, model.summary.rows = [], []
    model.overall.basic, model.overall.project = model.overall.total, None
    report = check_file(write_workbook(model, tmp_path / "no-funds.xlsx"))
    assert [row for row in report.flatten(["code", "sheet"]) if row[1] == "附表3-1" and row[0][0] in "MCFT"] == []
