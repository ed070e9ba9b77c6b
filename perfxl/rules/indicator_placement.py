"""Rules: indicator placement (指标归类). Does each 三级指标 stand under the 二级 its measure belongs to?

I103 judges the 二级 names; this module judges the rows: what a 三级指标 measures is told by its name and value
(a satisfaction rate, a cost in money, a date), and each of those has one home in the framework in use:
满意度 under 服务对象满意度指标, a cost under 成本指标 (88号) or 经济成本指标 (2021 指引), a date under 时效指标.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from msgspec import Struct

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.frameworks import Framework
from perfxl.rules.indicator_names import value_pieces
from perfxl.rules.indicator_structure import SATISFACTION, Row, indicator_rows
from perfxl.values import IndicatorKind, IndicatorValue, to_halfwidth

QUANTITY, QUALITY, TIMELINESS, COST = "数量指标", "质量指标", "时效指标", "成本指标"
#: "满意度", "满意率", "满意程度": what the survey measures ("满意度调查 2次" counts surveys: see _satisfaction)
_SATISFACTION = re.compile(r"满意(?:度|率|程度|情况|指数|比例)")
#: words that make an amount of money a cost ("购置成本", "培训费用", "人均经费", "单价")
_SPENDING = re.compile(r"成本|费用|经费|单价|价格|造价|开支|支出|花费")
_MONEY_UNIT = re.compile(r"(?:万元|千元|亿元|元|万)(?:/.+)?")
#: a calendar date or a month-and-day: "2023.06", "2023-06-30", "2023年6月", "6月30日"
_DATE = re.compile(r"(?:19|20)\d\d\s*[.\-/年]\s*\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*[日号]")
#: what makes a DEADLINE value a point in time ("12月底前", "本年度内") rather than a length ("1年", "3天")
_POINT_IN_TIME = ("前", "底", "末", "内", "初", "旬", "季度", "年度", "全年", "上半年", "下半年", "月")


class Measure(Struct, frozen=True):
    """What a 三级指标 measures, and the 二级 it is placed under wrongly when found there."""

    what: str
    misplaced_under: tuple[str, ...] | None  # None: anywhere but its home


def satisfaction_measure(name: str, pieces: tuple[IndicatorValue, ...]) -> bool:
    """A satisfaction measure: the name says so and no value counts something else ("满意度调查 2次")."""
    if not _SATISFACTION.search(name):
        return False
    return not any(q.unit not in ("%", "‰") for value in pieces for q in value.quantities)


def _satisfaction(row: Row, pieces: tuple[IndicatorValue, ...]) -> bool:
    return satisfaction_measure(row.name, pieces)


def _cost(row: Row, pieces: tuple[IndicatorValue, ...]) -> bool:
    """A cost: an amount of money ("≤8万元", "150元/人") named as spending."""
    return bool(_SPENDING.search(row.name)) and any(
        value.kind == IndicatorKind.QUANTITATIVE and value.unit is not None and _MONEY_UNIT.fullmatch(value.unit)
        for value in pieces
    )


def _date(pieces: tuple[IndicatorValue, ...]) -> bool:
    """A date or deadline ("12月底前完成", "2023年6月30日", "本年度内完成"), not a length of time ("1年")."""
    for value in pieces:
        text = to_halfwidth(value.text)
        if _DATE.search(text):
            return True
        if value.kind == IndicatorKind.DEADLINE and (value.month or value.year or any(w in text for w in _POINT_IN_TIME)):
            return True
    return False


def _home(fw: Framework, what: str) -> str:
    """The 二级 of the framework in use that a measure belongs to."""
    return {"满意度": SATISFACTION, "成本": fw.equivalent(COST), "时限": TIMELINESS}[what]


def _measure(row: Row) -> Measure | None:
    pieces = value_pieces(row.value)
    if len(pieces) != 1:
        return None  # several values in one cell: I207 asks to split them first
    if _satisfaction(row, pieces):
        return Measure("满意度", None)
    if _cost(row, pieces):
        return Measure("成本", (QUANTITY, QUALITY, TIMELINESS))
    if _date(pieces):
        return Measure("时限", (QUANTITY, QUALITY))
    return None


@rule("I110", Severity.WARNING, Angle.COMPLETENESS)
def measure_under_wrong_level2(ctx: CheckContext) -> Iterator[Hit]:
    """三级指标列错了二级指标（满意度、成本、时限放错位置）

    检查内容：按三级指标的名称和指标值判断它考核什么，是否列在对应的二级指标下：
    满意度（名称含满意度、满意率、满意程度，指标值为百分比或定性）应在满意度指标下，列在质量、社会效益等任何别处都报；
    成本（名称含成本、费用、经费、单价等，指标值为金额，如 ≤8万元、150元/人）不应列在数量、质量、时效指标下；
    时限（指标值为日期或期限，如“12月底前完成”“2023年6月30日前”）不应列在数量、质量指标下。
    按所用指标体系指出应在的二级指标：88号 的成本指标在产出指标下，2021 指引的经济成本指标在成本指标（一级）下。
    “满意度调查 2次”这类计数不算满意度；“1年”这类时长不算时限。
    为什么：指标归类错了，按类审核和汇总时就漏算、错算，审核意见为“二级指标类型错误”（完整性）。
    示例：质量指标下“网络舆情监测系统服务满意度 ≥90%” → 警告，应在满意度指标下；
    数量指标下“购置设备费用 ≤5万元” → 警告，应在成本指标下；数量指标下“采购完成时间 6月底前” → 警告，应在时效指标下。
    修改方法：把该行移到所属的二级指标下（满意度指标、成本指标、时效指标），原二级指标下另设相应的三级指标。
    """
    fw = ctx.framework
    for row in indicator_rows(ctx):
        if not row.present or row.not_applicable or fw.parent_of(row.level2) is None:
            continue  # an unknown or missing 二级 is I103's
        measure = _measure(row)
        if measure is None:
            continue
        home = _home(fw, measure.what)
        placed = fw.equivalent(row.level2)
        misplaced = placed != home if measure.misplaced_under is None else placed in measure.misplaced_under
        if not misplaced or (measure.what == "满意度" and fw.home_level1(row.level1) == fw.parent_of(home)):
            continue
        yield Hit(row.sheet, row.cell("name"),
                  f"{row.at('name')}：三级指标“{row.name[:30]}”（{row.value.strip()[:20]}）考核的是{measure.what}，"
                  f"却列在{row.level2}下。",
                  f"二级指标类型错误。建议移到{fw.parent_of(home)}下的{home}。")
