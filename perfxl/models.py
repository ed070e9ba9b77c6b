"""What a return says, as pydantic models. Field names match the layout's keys (see ``perfxl.layout.forms``).

Text is kept exactly as typed (line breaks, odd spacing, mistakes): the checks must see what the user wrote.
Money is ``Decimal`` in 万元, ``None`` where the cell is empty or not a number (the reader reports the latter).
A blank 一级/二级 cell means "same as the row above", as on the printed forms where those cells are merged;
:func:`effective_levels` fills them down.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from perfxl.frameworks import FrameworkId


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Indicator(_Model):
    """One 年度绩效指标 row."""

    level1: str = ""
    level2: str = ""
    name: str = ""
    value: str = ""
    standard: str = ""


class WorkTask(_Model):
    """附表1 年度重点工作计划 row: 事项, 责任单位/科室, 工作目标."""

    matter: str = ""
    unit: str = ""
    target: str = ""


class FundRow(_Model):
    """附表2 row: one 专项."""

    seq: str = ""
    name: str = ""
    amount: Decimal | None = None
    period_target: str = ""
    annual_target: str = ""


class SpendingDetail(_Model):
    """附表3 支出明细及测算说明 row."""

    intro: str = ""
    item: str = ""
    amount: Decimal | None = None
    basis: str = ""


class _Signed(_Model):
    preparer: str = ""
    phone: str = ""


class DepartmentOverall(_Signed):
    """附表1 部门整体支出绩效目标表."""

    sheet_name: str = "附表1"
    unit_name: str = ""
    year: int | None = None
    dept_name: str = ""
    total: Decimal | None = None
    general_budget: Decimal | None = None
    gov_fund: Decimal | None = None
    other_funds: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None
    duties: str = ""
    tasks: list[WorkTask] = []
    indicators: list[Indicator] = []


class FundSummary(_Signed):
    """附表2 区级专项资金绩效目标汇总表."""

    sheet_name: str = "附表2"
    rows: list[FundRow] = []

    @property
    def total(self) -> Decimal:
        """合计 as the form's formula computes it (empty amounts count as 0)."""
        return sum((row.amount or Decimal(0) for row in self.rows), Decimal(0))


class SpendingDirection(_Signed):
    """附表3 区级专项资金支出方向绩效目标表: one spending direction (子项) of a 专项."""

    sheet_name: str = "附表3-1"
    direction: str = ""
    fund_name: str = ""
    project_amount: Decimal | None = None
    amount: Decimal | None = None
    period: str = ""
    period_target: str = ""
    annual_target: str = ""
    indicators: list[Indicator] = []
    details: list[SpendingDetail] = []

    @property
    def details_total(self) -> Decimal:
        return sum((row.amount or Decimal(0) for row in self.details), Decimal(0))


class DepartmentReturn(_Model):
    """A department's workbook: 附表1 + 附表2 + one 附表3 per spending direction."""

    form: Literal["department"] = "department"
    framework: FrameworkId = FrameworkId.CLASSIC
    overall: DepartmentOverall = DepartmentOverall()
    summary: FundSummary = FundSummary()
    directions: list[SpendingDirection] = []

    @property
    def unit(self) -> str:
        return self.overall.dept_name or self.overall.unit_name

    @property
    def year(self) -> int | None:
        return self.overall.year


class ProjectDeclaration(_Signed):
    """项目支出预算绩效目标申报表 (one project)."""

    form: Literal["project"] = "project"
    framework: FrameworkId = FrameworkId.CLASSIC
    sheet_name: str = "项目申报表"
    unit_name: str = ""
    year: int | None = None
    project_name: str = ""
    department: str = ""
    budget: Decimal | None = None
    central: Decimal | None = None
    provincial: Decimal | None = None
    municipal: Decimal | None = None
    period: str = ""
    period_target: str = ""
    annual_target: str = ""
    indicators: list[Indicator] = []

    @property
    def unit(self) -> str:
        return self.department or self.unit_name


FormModel = DepartmentReturn | ProjectDeclaration


def effective_levels(indicators: list[Indicator]) -> list[tuple[str, str]]:
    """(一级, 二级) of each row with blanks filled from the row above, as merged cells read on paper.

    A new 一级 resets the 二级: a row that names a 一级 but no 二级 has no 二级."""
    result: list[tuple[str, str]] = []
    level1 = level2 = bare1 = ""  # bare1: level1 stripped
    for row in indicators:
        named = row.level1.strip()
        if named:
            if named != bare1:
                level2 = ""
            level1, bare1 = row.level1, named
        if row.level2.strip():
            level2 = row.level2
        result.append((level1, level2))
    return result
