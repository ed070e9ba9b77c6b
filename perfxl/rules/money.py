"""Rules: money (金额). Sums between the blocks of one sheet and between 附表1, 附表2 and 附表3.

Every comparison uses the settings' tolerance (万元) and prints the figures with :func:`perfxl.values.fmt`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.values import fmt


def _sum(*amounts: Decimal | None) -> Decimal:
    return sum((a or Decimal(0) for a in amounts), Decimal(0))


@rule("M101", Severity.ERROR, Angle.APPROPRIATENESS, forms=("department",))
def total_equals_income_sources(ctx: CheckContext) -> Iterator[Hit]:
    """附表1 资金总额与按收入性质分的合计不一致

    检查内容：附表1 资金总额 = 一般公共预算拨款 + 政府性基金拨款 + 其他资金。
    为什么：资金来源合计必须等于申请总额，否则预算口径不清（部门整体绩效目标审核的硬性要求）。
    示例：资金总额 51.8 万元，一般公共预算拨款 51.8 万元，其他为空 → 通过；填 50 万元 → 报错。
    修改方法：核对各项收入来源金额，或修改资金总额。
    """
    dept = ctx.department
    total = dept.overall.total if dept is not None else None
    if dept is None or total is None:
        return
    o = dept.overall
    sources = _sum(o.general_budget, o.gov_fund, o.other_funds)
    if abs(sources - total) > ctx.tolerance:
        yield Hit(
            o.sheet_name,
            ctx.field_cell(o.sheet_name, "total"),
            f"{o.sheet_name}!{ctx.field_cell(o.sheet_name, 'total')}：资金总额 {fmt(total)} 万元与按收入性质分的合计 "
            f"{fmt(sources)} 万元（一般公共预算 {fmt(_sum(o.general_budget))} + 政府性基金 {fmt(_sum(o.gov_fund))} + "
            f"其他资金 {fmt(_sum(o.other_funds))}）不一致。",
            "请核对各项收入来源金额，或修改资金总额。",
        )
