"""Cost rules (I302–I304) on forms that state the total cost in a row of its own next to its parts, as many counties
write them (after a published 日常工作经费 form: 出差总成本 1, 劳务人员总成本 2, 年度预算总成本 3 万元)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.check.engine import check_file
from perfxl.examples import hengdong
from perfxl.models import Indicator
from perfxl.writer import write_workbook

P = "项目申报表"
COSTS = ("I301", "I302", "I303", "I304")
FIRST_COST = 14  # row of the first cost below: 11 + three output rows


def _project(tmp_path: Path, costs: list[tuple[str, str]], budget: str = "3") -> Path:
    rows = [
        Indicator(level1="产出指标", level2="数量指标", name="出差人次", value="≥24人次"),
        Indicator(level2="质量指标", name="工作任务完成率", value="=100%"),
        Indicator(level2="时效指标", name="财政资金及时支付率", value="=100%"),
        *(Indicator(level2="成本指标" if i == 0 else "", name=name, value=value) for i, (name, value) in enumerate(costs)),
        Indicator(level1="效益指标", level2="社会效益指标", name="机关运转保障率", value="=100%"),
        Indicator(level1="满意度指标", level2="服务对象满意度指标", name="干部职工满意度", value="≥90%"),
    ]
    for row in rows:
        row.standard = "计划标准"
    model = hengdong().model_copy(update={"indicators": rows, "budget": Decimal(budget), "project_name": "日常工作经费"})
    return write_workbook(model, tmp_path / "costs.xlsx")


def _costs_found(path: Path) -> list[list[str]]:
    return [row for row in check_file(path).flatten(["code", "severity", "sheet", "cell"]) if row[0] in COSTS]


@pytest.mark.parametrize("total", ["年度预算总成本", "总成本", "项目成本总额", "成本总额", "项目总成本控制数", "年度总支出"])
def test_total_row_is_not_added_to_its_parts(tmp_path: Path, total: str) -> None:
    path = _project(tmp_path, [("出差总成本", "≤1万元"), ("劳务人员总成本", "≤2万元"), (total, "≤3万元")])
    assert _costs_found(path) == []


def test_total_row_told_by_its_sum(tmp_path: Path) -> None:
    """"网信工作总成本" is not a whole-project name, but it says 总 and equals the other rows: it is their total."""
    path = _project(tmp_path, [("出差成本", "≤10000元"), ("劳务人员成本", "≤2万元"), ("网信工作总成本", "＝3万元")])
    assert _costs_found(path) == []


def test_parts_above_budget_are_still_caught_beside_a_total(tmp_path: Path) -> None:
    path = _project(tmp_path, [("出差总成本", "≤2万元"), ("劳务人员总成本", "≤2万元"), ("年度预算总成本", "≤3万元")])
    assert _costs_found(path) == [["I303", "错误", P, f"E{FIRST_COST}"]]


def test_a_part_named_total_is_still_a_part(tmp_path: Path) -> None:
    """"出差总成本" is the travel part's total, not the project's: it is added like any part."""
    path = _project(tmp_path, [("出差总成本", "≤2万元"), ("劳务人员成本", "≤2万元")])
    assert _costs_found(path) == [["I303", "错误", P, f"E{FIRST_COST}"]]


def test_total_above_budget_is_caught_by_itself(tmp_path: Path) -> None:
    path = _project(tmp_path, [("出差总成本", "≤1万元"), ("劳务人员总成本", "≤2万元"), ("年度预算总成本", "≤4万元")])
    assert _costs_found(path) == [["I302", "错误", P, f"E{FIRST_COST + 2}"]]
