"""新增附表3: a spending-direction sheet (附表3) for one 专项 row of 附表2, planned from the form's values.

The plan names the sheet (附表3-N, the next free number), says where it goes (after the last 附表3) and what it
gets from its 附表2 row (所属专项名称 and 项目金额, as values: a formula in an input cell would be a tampered
template). A blank 附表3 already in the book (a fresh template has one) is used instead of adding another; a
附表3 whose rows were inserted or deleted is neither filled nor copied (its cells are not where the layout says).
The row is the one given, else the first 专项 that has no 附表3 yet.
"""

from __future__ import annotations

from decimal import Decimal

from msgspec import Struct, field

from perfxl.grid import Grid
from perfxl.layout.forms import SPENDING_DIRECTION
from perfxl.models import DepartmentReturn, SpendingDirection
from perfxl.reader import read_grid_form


class DirectionError(Exception):
    """No 附表3 can be planned (not a department workbook, no 专项 row…); ``str(err)`` is for the user."""


class DirectionPlan(Struct):
    sheet: str  # the sheet that receives the values
    fund: str  # the 专项 it belongs to
    fund_row: int  # its row on 附表2
    new: bool  # True: add ``sheet`` after ``after``; False: fill the blank 附表3 ``sheet``
    after: str
    copy_of: str  # an existing 附表3 the live-book applier copies (the file applier builds from the layout)
    writes: list[tuple[str, object]] = field(default_factory=list)

    def summary(self) -> str:
        how = "新增" if self.new else "填写空白的"
        return f"已{how}工作表“{self.sheet}”，所属专项：{self.fund}（附表2 第 {self.fund_row} 行）。请填写支出方向、金额和指标。"


def plan_direction(grid: Grid, source: str, fund_row: int | None = None) -> DirectionPlan:
    from perfxl.marker import FormError

    try:
        read = read_grid_form(grid, source)
    except FormError as err:
        raise DirectionError(str(err)) from err
    model = read.model
    if not isinstance(model, DepartmentReturn):
        raise DirectionError("新增附表3 只适用于部门绩效目标表（附表1–3）；项目申报表没有附表3。")
    summary_name = next(name for name, src in read.sheets.items() if src.layout.role == "附表2")
    rows = read.sheets[summary_name].item_rows.get("rows", [])
    funds = [(row, item) for row, item in zip(rows, model.summary.rows, strict=False) if item.name.strip()]
    if not funds:
        raise DirectionError(f"{summary_name} 还没有填写专项名称：请先在{summary_name}填写专项，再新增附表3。")
    directions = [name for name, src in read.sheets.items() if src.layout.role == "附表3"]
    by_name = dict(zip(directions, model.directions, strict=False))
    covered = {_key(d.fund_name) for d in model.directions}
    if fund_row is not None:
        chosen = next(((r, item) for r, item in funds if r == fund_row), None)
        if chosen is None:
            listing = "、".join(str(r) for r, _ in funds)
            raise DirectionError(f"{summary_name} 第 {fund_row} 行不是已填写的专项行（可选：第 {listing} 行）。")
    else:
        chosen = next(((r, item) for r, item in funds if _key(item.name) not in covered), funds[0])
    row, fund = chosen
    as_template = [name for name in directions if not read.sheets[name].moved]  # no rows inserted or deleted
    blank = next((name for name in as_template if _is_blank(by_name[name])), None)
    layout = SPENDING_DIRECTION
    writes: list[tuple[str, object]] = [(layout.field("fund_name").cell, fund.name)]
    if fund.amount is not None:
        writes.append((layout.field("project_amount").cell, fund.amount))
    last = directions[-1] if directions else summary_name
    if blank is not None:
        return DirectionPlan(blank, fund.name, row, False, last, blank, writes)
    name = _next_name(list(grid))
    return DirectionPlan(name, fund.name, row, True, last, as_template[-1] if as_template else "", writes)


def _key(name: str) -> str:
    return "".join(name.split())


def _is_blank(direction: SpendingDirection) -> bool:
    return not (direction.direction.strip() or direction.fund_name.strip() or direction.amount is not None
                or direction.indicators or direction.details)  # fmt: skip


def _next_name(existing: list[str]) -> str:
    number = 1
    while f"附表3-{number}" in existing:
        number += 1
    return f"附表3-{number}"


def money(value: object) -> object:
    """Amounts go into cells as numbers."""
    return float(value) if isinstance(value, Decimal) else value
