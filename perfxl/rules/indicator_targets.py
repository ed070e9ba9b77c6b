"""Rules: how a target is written (指标值的写法): its comparison sign, and a deadline for 时效.

A quantitative 指标值 reads "sign + number + unit", and the sign follows from what the indicator measures:
数量、质量、效益 and 满意度 set a floor (≥), 成本 a ceiling (≤), 时效 a date by which (≤ date), and a measure of
what should be rare (投诉率, 差错, 事故…) a ceiling too. A 时效 target is a deadline, not the period a service runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from perfxl.check.context import CheckContext, IndicatorTable
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.dates import Moment, parse_period
from perfxl.rules.indicator_names import value_pieces
from perfxl.rules.indicator_structure import Row, indicator_rows, table_rows
from perfxl.values import HAN, MEASURE_WORD, SIGNS, IndicatorKind, IndicatorValue, Quantity, squash

TIMELINESS = "时效指标"
_YEARS = re.compile(r"(?:19|20)\d\d")
_MONTH = re.compile(r"(?<!\d)(\d{1,2})月")
#: what a name measures when fewer is better; a ceiling (≤) is the right sign
_LOWER_BETTER = (
    "发生率", "差错", "失误", "误报", "漏报", "投诉", "事故", "故障", "违规", "违法", "违纪", "超标", "超支", "延误",
    "逾期", "损失", "伤亡", "死亡", "拖欠", "流失", "返工", "返修", "不合格", "空置", "辍学", "时长", "用时", "耗时",
    "等待时间", "等候时间", "响应时间", "误差", "成本", "费用", "单价", "价格", "能耗", "排放", "噪声", "噪音",
)
#: ... unless the name measures how much of it was handled: "投诉处理率", "事故处置率", "故障修复率"
_HANDLED = ("处理", "处置", "办结", "查处", "修复", "解决", "回复", "整改", "排查", "下降", "降低", "减少", "压降")
_GROWTH = ("增长", "增幅", "同比", "环比", "提高", "提升", "增加")


_KNOWN_UNIT = re.compile(MEASURE_WORD)
#: a measure word perfxl does not list ("台班", "架次", "km"): short; a longer tail is words ("5G信号全覆盖")
_SHORT_UNIT = re.compile(rf"{HAN}{{1,2}}|[A-Za-z]{{1,3}}|{HAN}{{1,2}}/{HAN}{{1,3}}")


def is_measure_unit(unit: str) -> bool:
    """Whether *unit* reads as a unit of measure ("辆", "元/台班", "%"), not the rest of a sentence."""
    return bool(_KNOWN_UNIT.fullmatch(unit) or _SHORT_UNIT.fullmatch(unit))


def lower_is_better(name: str) -> bool:
    return any(w in name for w in _LOWER_BETTER) and not any(w in name for w in _HANDLED)


def implied_sign(row: Row, quantity: Quantity) -> str | None:
    """The sign the indicator implies for *quantity*; None when the number alone is right (a full rate, 100%)."""
    if row.is_cost:
        return "≤"
    if quantity.unit == "%" and quantity.number >= 100 and not any(w in row.name for w in _GROWTH):
        return None
    if row.is_satisfaction:
        return "≥"
    if lower_is_better(row.name) or (row.level2 == TIMELINESS and quantity.unit != "%"):
        return "≤"
    return "≥"


def _why(row: Row, sign: str) -> str:
    if row.is_cost:
        return "成本指标只设上限（≤）"
    if row.is_satisfaction:
        return "满意度指标设下限（≥）"
    if sign == "≤" and lower_is_better(row.name):
        return f"“{row.name[:20]}”越少越好，设上限（≤）"
    if sign == "≤":
        return "时效指标设完成时限的上限（≤）"
    level = row.level2 if row.level2.endswith("指标") else "该指标"
    return f"{level}设下限（≥）"


def _pieces(row: Row) -> tuple[IndicatorValue, ...]:
    return () if row.not_applicable else value_pieces(row.value)


def _at_value(row: Row, message: str, hint: str, severity: Severity | None = None) -> Hit:
    return Hit(row.sheet, row.cell("value"), f"{row.at('value')}：{message}", hint, severity)


def _sign_advice(row: Row, value: IndicatorValue) -> Hit | None:
    shown = value.text.strip()
    if value.kind == IndicatorKind.QUANTITATIVE and value.unit and value.number is not None:
        if not is_measure_unit(value.unit):
            return None  # "5G信号全覆盖": a number inside words, no sign to suggest
        quantity = Quantity(value.number, value.unit)
        sign = implied_sign(row, quantity)
        if sign is None or (row.is_cost and value.sign in ("≥", "＞")):  # 100%: right as it is; ≥ 成本: I301
            return None
        if value.worded and value.sign != "＝":
            return _at_value(row, f"指标值“{shown}”的比较关系用文字表达。", f"建议写成“{value.normalized}”。")
        if value.sign_implied or value.worded or (row.is_cost and value.sign == "＝"):
            what = "没有比较符号" if value.sign_implied else f"用了“{value.sign}”"
            return _at_value(row, f"指标值“{shown}”{what}。", f"{_why(row, sign)}，建议写成“{sign}{quantity}”。")
    elif value.kind == IndicatorKind.TEXT and value.normalized and len(value.quantities) == 1:
        quantity = value.quantities[0]
        written = value.normalized[0] if value.normalized[0] in SIGNS else None
        sign = "≤" if row.is_cost else (written if written != "＝" else None) or implied_sign(row, quantity)
        return _at_value(row, f"指标值“{shown}”夹带了说明文字。",
                         f"建议指标值只写“{sign or ''}{quantity}”，说明文字写进三级指标名称。")
    elif value.kind == IndicatorKind.DEADLINE and value.bare_date and row.level2 == TIMELINESS:
        return _at_value(row, f"时效指标“{shown}”只写了日期，没有写明是完成时限。",
                         f"建议写成“≤{shown}”（即 {shown}前完成）。")
    return None


@rule("I203", Severity.ADVICE, Angle.COMPLETENESS)
def value_not_in_standard_form(ctx: CheckContext) -> Iterator[Hit]:
    """指标值未按“符号+数值+单位”填写

    检查内容：定量指标值是否写了与指标类别相符的比较符号：没写符号（“10辆”“90%”“10万元”“两场”），比较关系用文字写
    （“95%以上”“至少2次”“不超过8万元”），数值夹在说明文字里（“召开调度会1次。”），成本指标用了 ≤ 以外的符号
    （“=1万元”），时效指标只写了日期（“2023年12月31日”）。建议的符号按指标类别：数量、质量、效益、满意度设下限 ≥；
    成本设上限 ≤；时效写完成时限 ≤ 日期；名称是投诉率、差错、事故这类越少越好的设上限 ≤；文字写明了比较关系的按文字
    （“至少”“以上”“不低于” → ≥，“不超过”“以内” → ≤）。完成率等比率写 100% 不提示；一格多个值先按 I207 拆分。
    为什么：一体化系统分“计算符号、指标值、计量单位”三栏录入，不写符号就说不清是下限、上限还是恰好（完整性）。
    示例：数量指标“10辆” → 提示改为“≥10辆”；成本指标“10万元”或“=10万元” → “≤10万元”；“95%以上” → “≥95%”；
    “组织开展打卡活动6次。” → “≥6次”；时效指标“2023年12月31日” → “≤2023年12月31日”；“≥10辆”“≤10万元”“100%” → 通过。
    修改方法：按提示补上或改正符号；说明文字移到三级指标名称。
    """
    for row in indicator_rows(ctx):
        pieces = _pieces(row)
        hit = _sign_advice(row, pieces[0]) if len(pieces) == 1 else None  # several: I207 asks to split first
        if hit is not None:
            yield hit


# ------------------------------------------------------------------------------------------ 时效


def _declared_end(table: IndicatorTable) -> Moment | None:
    """The last month the table's targets may reach: the end of its 实施期 when it is a period, else the end of
    the latest year named in the 实施期 or the budget year."""
    period = parse_period(squash(table.period))
    if period is not None and period.end.year is not None:
        return period.end
    years = _period_years(table)
    return Moment(max(years), None) if years else None


def _period_years(table: IndicatorTable) -> list[int]:
    years = [int(y) for y in _YEARS.findall(table.period)]
    return [*years, table.year] if table.year else years


@rule("I208", Severity.WARNING, Angle.FEASIBILITY)
def deadline_outside_period(ctx: CheckContext) -> Iterator[Hit]:
    """时效期限超出项目实施期或预算年度

    检查内容：指标值里的完成期限（“2024年3月前”“12月底前”）或时间段的终点（“2023.07-2024.01”）是否落在实施期、
    预算年度内，月份是否在 1–12 之间。实施期本身跨年（“2023.07-2024.01”）的，期限可到实施期终点。
    为什么：年度绩效目标只考核本年度，期限落在年度外无法考核（可行性）。
    示例：2023 年的表写“2024年3月前完成” → 警告；实施期“2023年”写时间段“2023.07-2024.01” → 警告；“13月前完成” → 警告。
    修改方法：把期限改到实施期内，如“12月底前完成”。
    """
    for table in ctx.indicator_tables:
        years = _period_years(table)
        limit = _declared_end(table)
        for row in table_rows(ctx, table):
            for value in _pieces(row):
                if value.kind != IndicatorKind.DEADLINE:
                    continue
                shown = value.text.strip()
                bad_month = next((m for m in _MONTH.findall(value.text) if not 1 <= int(m) <= 12), None)
                if bad_month is not None:
                    yield _at_value(row, f"期限“{shown}”中的 {bad_month} 月不存在。", "请写 1–12 月，如“12月底前完成”。")
                elif value.period is not None:
                    end = value.period.end
                    if limit is not None and limit.year is not None and end.after(limit.year, limit.month):
                        yield _at_value(row, f"时间段“{shown}”延续到 {end}，超出实施期（{table.period.strip() or limit}）"
                                        "和预算年度。", "年度绩效目标只考核本年度，请把期限改到实施期内。")
                elif value.year is not None and years and not min(years) <= value.year <= max(years):
                    yield _at_value(row, f"期限“{shown}”不在实施期（{table.period.strip() or min(years)}）内。",
                                    "年度绩效目标只考核本年度，请把期限改到实施期内。")


@rule("I211", Severity.ADVICE, Angle.COMPLETENESS)
def period_instead_of_deadline(ctx: CheckContext) -> Iterator[Hit]:
    """指标值写成了时间段，没有写完成时限

    检查内容：指标值是否写成一段时间（“2023.07-2024.01”“1-12月”“2023年7月至2024年1月”），而不是完成时限。
    时间段超出实施期和预算年度的，另由 I208 警告。
    为什么：时效指标考核“何时完成”；只写服务期、执行期，年底说不清是否按时完成（完整性）。
    示例：“2023.07-2024.01” → 提示改为“≤2024年1月”（即 2024年1月底前完成）；“1-12月” → “≤12月”；
    “12月底前完成”“≤2023年12月31日” → 通过。
    修改方法：写完成时限：时间段的终点加“前完成”，或写成“≤终点”。
    """
    for row in indicator_rows(ctx):
        for value in _pieces(row):
            if value.kind == IndicatorKind.DEADLINE and value.period is not None:
                end = value.period.end
                yield _at_value(row, f"指标值“{value.text.strip()}”是一段时间（{value.period}），没有写完成时限。",
                                f"时效指标写完成时限，建议写成“≤{end}”（即 {end}底前完成）。")

