"""What a department leaves blank on purpose raises no 错误: a blank 附表3 it has no 专项 for (however the template
pre-filled it), and the fields left for the seal and the signatures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.check.engine import check_file
from perfxl.check.findings import FileReport
from perfxl.examples import hengdong, shifeng
from perfxl.models import DepartmentReturn, Indicator, SpendingDirection
from perfxl.writer import write_workbook
from tests.helpers import edit_cells, example_file

#: the level names some templates print in the indicator block before anyone fills it
PREPRINTED = [
    Indicator(level1="产出指标", level2="数量指标"), Indicator(level2="质量指标"), Indicator(level2="时效指标"),
    Indicator(level2="成本指标"), Indicator(level1="效益指标", level2="社会效益指标"),
    Indicator(level1="满意度指标", level2="服务对象满意度指标"),
]


def _flat(report: FileReport, sheet: str) -> list[list[str]]:
    return [row for row in report.flatten(["code", "severity", "sheet", "cell"]) if row[2] == sheet]


def _without_funds() -> DepartmentReturn:
    model = shifeng()
    model.directions, model.summary.rows = [], []
    model.overall.basic, model.overall.project = model.overall.total, None
    return model


@pytest.mark.parametrize(
    "blank",
    [
        SpendingDirection(),
        SpendingDirection(indicators=PREPRINTED),
        SpendingDirection(indicators=PREPRINTED, amount=Decimal(0), project_amount=Decimal(0), preparer="吴华珍",
                          phone="13975429050"),
    ],
    ids=["as-built", "levels-preprinted", "zeros-and-signature"],
)
def test_blank_direction_sheet_of_a_department_without_funds_raises_nothing(tmp_path: Path, blank: SpendingDirection) -> None:
    model = _without_funds()
    model.directions = [blank]
    report = check_file(write_workbook(model, tmp_path / "no-funds.xlsx"))
    assert _flat(report, "附表3-1") == []
    assert [row for row in report.flatten(["severity"]) if row == ["错误"]] == []


def test_blank_extra_direction_sheet_beside_used_ones_raises_nothing(tmp_path: Path) -> None:
    model = shifeng()
    model.directions.append(SpendingDirection(sheet_name="附表3-3", indicators=PREPRINTED))
    assert _flat(check_file(write_workbook(model, tmp_path / "extra.xlsx")), "附表3-3") == []


def test_direction_sheet_begun_is_checked(tmp_path: Path) -> None:
    """One field typed makes the sheet a return's: what it lacks is reported, errors included."""
    model = shifeng()
    model.directions.append(SpendingDirection(sheet_name="附表3-3", direction="网络文明建设", indicators=PREPRINTED))
    found = _flat(check_file(write_workbook(model, tmp_path / "begun.xlsx")), "附表3-3")
    assert ["F101", "错误", "附表3-3", "E4"] in found  # 所属专项名称
    assert ["F108", "错误", "附表3-3", "B10"] in found
    assert ["I101", "错误", "附表3-3", "B10"] in found


# ------------------------------------------------------------------------------------------ seal and signatures


def test_unit_left_for_the_seal_is_a_warning(tmp_path: Path) -> None:
    model = hengdong().model_copy(update={"unit_name": ""})
    report = check_file(write_workbook(model, tmp_path / "seal.xlsx"))
    assert [row for row in report.flatten(["code", "severity", "sheet", "cell"]) if row[0][0] == "F"] == [
        ["F102", "警告", "项目申报表", "B2"]]
    assert report.findings[[f.code for f in report.findings].index("F102")].message == "项目申报表!B2：填报单位未填写。"


def test_signature_fields_blank_are_warnings_and_other_headers_still_errors(tmp_path: Path) -> None:
    path = edit_cells(example_file("hengdong", tmp_path),
                      {"项目申报表!B2": None, "项目申报表!B71": None, "项目申报表!D71": None, "项目申报表!B3": None})
    found = [row for row in check_file(path).flatten(["code", "severity", "sheet", "cell"]) if row[0][0] == "F"]
    assert found == [
        ["F102", "警告", "项目申报表", "B2"],
        ["F101", "错误", "项目申报表", "B3"],  # 项目支出名称 is no signature
        ["F102", "警告", "项目申报表", "B71"],
        ["F102", "警告", "项目申报表", "D71"],
    ]
