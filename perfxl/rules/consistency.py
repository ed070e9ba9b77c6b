"""Rules: consistency between sheets (表间一致). 附表1 declares the department's whole year; each 附表3 one spending
direction. An output both count (编写《石峰舆情》, 网评员培训) must have the same target on both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from msgspec import Struct

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.rules.indicator_names import SIMILAR, paired_items, similar, subject
from perfxl.rules.indicator_structure import Row, table_rows
from perfxl.values import IndicatorValue, Quantity, fmt

QUANTITY_LEVEL2 = "数量指标"


class Output(Struct, frozen=True):
    """One counted output: the row it is in, its subject, its text and target as written."""

    row: Row
    subject: str
    text: str
    value: IndicatorValue
    target: Quantity


def _outputs(rows: Sequence[Row]) -> list[Output]:
    found = []
    for row in rows:
        if row.level2 != QUANTITY_LEVEL2:
            continue
        for name, value in paired_items(row):
            text = subject(name)
            if len(text) >= 3 and len(value.quantities) == 1:
                found.append(Output(row, text, name.strip(), value, value.quantities[0]))
    return found


def _matches(item: Output, others: list[Output]) -> list[Output]:
    """The 附表3 outputs about the same thing as ``item``, at most one per row (the closest)."""
    best: dict[tuple[str, int], tuple[float, Output]] = {}
    for other in others:
        score = similar(item.subject, other.subject)
        key = (other.row.sheet, other.row.index)
        if score >= SIMILAR and other.target.unit == item.target.unit and score > best.get(key, (0.0, other))[0]:
            best[key] = (score, other)
    return [output for _, output in best.values()]


@rule("X101", Severity.WARNING, Angle.COMPLETENESS, forms=("department",))
def output_counted_differently(ctx: CheckContext) -> Iterator[Hit]:
    """附表1 与附表3 对同一产出的数量目标不一致

    检查内容：附表1 数量指标里的每一项（一格多项时逐项拆开）与各附表3 数量指标中同一事项（按去掉数字、标点后的名称
    相似度 ≥ 0.8 配对）的目标数量是否相同；同一事项出现在几张附表3 时，与它们的合计比较。
    为什么：部门整体目标由各支出方向的目标组成，同一产出两处数量不同，至少一处是错的（完整性）。
    示例：附表1“编写《石峰舆情》12期”指标值 ≥1期，附表3-1 为 ≥12期 → 警告；附表1 网评员培训 2次，附表3-1 为 1次 → 警告。
    修改方法：核实后统一数量；附表1 的数量一般等于各附表3 之和。
    """
    dept = ctx.department
    if dept is None:
        return
    tables = ctx.indicator_tables
    overall = [t for t in tables if t.sheet == dept.overall.sheet_name]
    directions = [o for t in tables if t.sheet != dept.overall.sheet_name for o in _outputs(table_rows(ctx, t))]
    for table in overall:
        for item in _outputs(table_rows(ctx, table)):
            matched = _matches(item, directions)
            if not matched:
                continue
            total = sum((o.target.number for o in matched), Decimal(0))
            if total == item.target.number:
                continue
            where = "、".join(f"{o.row.at('value')} 为 {o.value.text.strip()}" for o in matched)
            summed = f"，合计 {fmt(total)}{item.target.unit}" if len(matched) > 1 else ""
            yield Hit(
                item.row.sheet,
                item.row.cell("value"),
                f"{item.row.at('value')}：“{item.text}”的指标值为 {item.value.text.strip()}，{where}{summed}，同一产出数量不一致。",
                "请核实后统一数量：附表1 的数量一般等于各附表3 同一事项之和。",
            )
