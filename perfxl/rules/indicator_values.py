"""Rules: indicator values (指标值) and cost indicators (成本指标).

A 指标值 should read "sign + number + unit" (≥12期, ≤8万元, ≥90%) or be one grade of a 定性 scale; these rules
find what a reviewer would send back: vague words, missing units, numbers that cannot be right, several indicators
in one cell, a value that contradicts its own name, and 成本 that does not fit the budget or only repeats it.
How the sign and the deadline are written is in :mod:`perfxl.rules.indicator_targets`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from perfxl.check.context import CheckContext, IndicatorTable
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.numerals import has_numeral
from perfxl.rules.indicator_names import paired_items, split_items, value_pieces
from perfxl.rules.indicator_structure import Row, indicator_rows, table_rows
from perfxl.values import GRADED_VALUES, IndicatorKind, IndicatorValue, find_quantities, fmt, to_halfwidth

GRADES = "、".join(GRADED_VALUES)
#: vague words that try to grade ("优良", "按质按量完成"): the answer is a grade of the scale
_GRADE_LIKE = ("优良", "按质按量", "保质保量", "圆满", "高质量", "高标准", "良好", "较高", "高效")
_RATE_WORDS = ("率", "比例", "占比", "比重", "百分比", "满意", "覆盖", "知晓", "合格", "达标", "增幅", "降幅")
_GROWTH_WORDS = ("增长", "增幅", "同比", "环比", "提高", "提升", "增加")
_RATE = re.compile("|".join(map(re.escape, _RATE_WORDS)))
_GROWTH = re.compile("|".join(map(re.escape, _GROWTH_WORDS)))
_UPPER = ("≤", "＜", "＝")
_TO_WAN = {"万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}
_BUDGET_CLAIM = re.compile(r"不超(过)?(年度|全年)?预算|预算(资金|金额)?(以内|之内|范围内)|(年度|全年)预算")
#: a name that states the whole cost, not a part: "年度预算总成本", "项目成本总额", "总成本控制数" (but "出差总成本"
#: is the travel part: a qualifier other than the whole project's makes it a part)
_WHOLE = "(?:项目|年度|全年|本年度?|预算|资金|部门|专项|整体|总体|全部|支出)*"
_TOTAL_COST_NAME = re.compile(
    rf"{_WHOLE}(?:总成本|成本总额|成本合计|总费用|费用总额|总支出|支出总额|总投入|投入总额|总预算|预算总额|资金总额|总额|合计|总计)"
    r"(?:控制(?:数|额|在预算(?:以|之)?内)?|不超(?:过)?(?:年度)?预算)?"
)


def _shown(value: IndicatorValue) -> str:
    return value.text.strip()


def _percent(value: IndicatorValue) -> bool:
    return value.kind == IndicatorKind.QUANTITATIVE and value.unit == "%" and value.number is not None


def _at_value(row: Row, message: str, hint: str, severity: Severity | None = None) -> Hit:
    return Hit(row.sheet, row.cell("value"), f"{row.at('value')}：{message}", hint, severity)


def _pieces(row: Row) -> tuple[IndicatorValue, ...]:
    return () if row.not_applicable else value_pieces(row.value)


@rule("I201", Severity.ERROR, Angle.COMPLETENESS)
def value_without_unit(ctx: CheckContext) -> Iterator[Hit]:
    """定量指标值缺少计量单位

    检查内容：写了数值的指标值是否带计量单位（次、期、%、万元、人次…）。
    为什么：一体化系统要求定量指标填计量单位；“≥12”是 12 期、12 次还是 12%，审核无从判断（完整性）。
    示例：指标值“≥90” → 报错；“≥90%” → 通过。
    修改方法：在数值后补上单位，如 ≥90%、≥12期。
    """
    for row in indicator_rows(ctx):
        for value in _pieces(row):
            if value.kind == IndicatorKind.QUANTITATIVE and not value.unit:
                yield _at_value(row, f"指标值“{_shown(value)}”没有计量单位。",
                                f"请在数值后补单位，如 {value.normalized}%、{value.normalized}次、{value.normalized}期。")


@rule("I202", Severity.WARNING, Angle.RELEVANCE)
def value_not_measurable(ctx: CheckContext) -> Iterator[Hit]:
    """指标值含糊、不可衡量

    检查内容：指标值是否为“不断提升”“有效提升”“持续影响”“随机”“减少”“改善”“持续开展”这类无法考核的词，是否用
    “优良”“按质按量完成”“圆满完成”这类不分档的评语代替定性等级，或是不带可考核数值的描述。定性等级指
    达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差；各地表上的“好/较好/一般/较差/差”
    “达到/基本达到/未达到”“优/良/中/差”也按定性等级接受。
    为什么：绩效目标要细化、量化；这类词年底无法判断完成与否（相关性）。
    示例：社会效益指标值“不断提升” → 警告；质量指标值“优良”“按质按量完成” → 警告，建议写定性等级“达成年度指标”；
    “≥90%”“达成年度指标”“较好”“基本达到” → 通过。
    修改方法：改为“符号+数值+单位”（如 ≥95%、≥220次）；只能定性评价的，写定性等级：达成年度指标 /
    部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差。
    """
    for row in indicator_rows(ctx):
        for value in _pieces(row):
            if value.kind == IndicatorKind.VAGUE or (value.kind == IndicatorKind.TEXT and not value.quantities):
                yield _at_value(row, f"{_not_measurable(value)}。",
                                f"指标不够细化、量化。请改为数值目标（如 ≥95%、≥220次）；只能定性评价的，"
                                f"写定性等级“{GRADED_VALUES[0]}”（三档：{GRADES}）。")


def _not_measurable(value: IndicatorValue) -> str:
    """What is wrong with a VAGUE or number-less TEXT value, for I202's message."""
    shown = _shown(value)
    term = value.vague_term
    if term is None:
        half = to_halfwidth(shown)
        if any(ch.isdigit() for ch in half) or has_numeral(half):  # "5G全覆盖": numbers, but no target
            return f"指标值“{shown}”没有写成可考核的“符号+数值+单位”，年底无法考核"
        return f"指标值“{shown}”没有数值，年底无法考核"
    named = f"中的“{term}”" if term != shown else ""
    if term in _GRADE_LIKE:
        return f"指标值“{shown}”{named}是不分档的评语，不是定性等级，年底无法按等级考核"
    return f"指标值“{shown}”{named}是含糊说法，年底无法考核"


def _satisfaction(ctx: CheckContext) -> Iterator[tuple[Row, IndicatorValue]]:
    """Percentage targets of 满意度 rows."""
    for row in indicator_rows(ctx):
        if row.is_satisfaction:
            yield from ((row, value) for value in _pieces(row) if _percent(value))


@rule("I204", Severity.WARNING, Angle.APPROPRIATENESS)
def satisfaction_full(ctx: CheckContext) -> Iterator[Hit]:
    """满意度目标为 100% 或 ≥100%

    检查内容：满意度指标（二级为满意度，或名称含“满意度”）的目标值是否为 100%、≥100%。
    为什么：满意度调查几乎不可能全部满意，≥100% 更无意义；目标定得不切实际（适当性）。
    示例：“网络舆情监测系统服务满意度 ≥100%” → 警告。
    修改方法：按历史调查结果定一个可达的目标，一般 ≥85% 至 ≥95%。
    """
    for row, value in _satisfaction(ctx):
        if value.number is not None and value.number >= 100 and value.sign != "＜":
            yield _at_value(row, f"满意度目标“{_shown(value)}”不切实际。",
                            "满意度目标一般为 ≥85% 至 ≥95%，请按历史调查结果填写，如 ≥90%。")


@rule("I205", Severity.WARNING, Angle.APPROPRIATENESS)
def satisfaction_too_low(ctx: CheckContext) -> Iterator[Hit]:
    """满意度目标低于设定下限

    检查内容：满意度指标的目标值是否低于设置中的下限（satisfaction_min，默认 85%）。
    为什么：满意度目标定得过低，说明绩效目标偏松（适当性）。
    示例：“服务对象满意度 ≥70%” → 警告。
    修改方法：提高目标（一般 ≥85% 至 ≥95%），或在说明中写明理由。
    """
    floor = ctx.settings.satisfaction_min
    for row, value in _satisfaction(ctx):
        if value.number is not None and value.number < floor and value.sign in ("≥", "＞", "＝"):
            yield _at_value(row, f"满意度目标“{_shown(value)}”低于 {fmt(floor)}%。",
                            f"满意度目标一般不低于 {fmt(floor)}%，请核实。")


@rule("I206", Severity.ERROR, Angle.APPROPRIATENESS)
def percentage_over_100(ctx: CheckContext) -> Iterator[Hit]:
    """百分比目标超过 100%

    检查内容：完成率、及时率等百分比目标是否超过 100%（错误），或写成 ≥100%（警告：完成率 100% 可以，≥100% 无意义）。
    增长、提高类指标可超过 100%，不查；满意度另见 I204。
    为什么：比率最高 100%，超过即不可能达到（适当性）。
    示例：“网评跟进及时率 ≥100%” → 警告；“完成率 120%” → 报错；“完成率 100%” → 通过。
    修改方法：完成率、及时率写 =100% 或按实际写 ≥95%。
    """
    for row in indicator_rows(ctx):
        if row.is_satisfaction or _GROWTH.search(row.name):
            continue
        for value in _pieces(row):
            if not _percent(value) or value.number is None or value.number < 100 or value.sign in ("≤", "＜"):
                continue
            if value.number > 100 or value.sign == "＞":
                yield _at_value(row, f"“{row.name[:30]}”目标“{_shown(value)}”超过 100%。",
                                "比率最高 100%，请改为 =100% 或按实际写 ≥95%。")
            elif value.sign == "≥":
                yield _at_value(row, f"“{row.name[:30]}”目标“{_shown(value)}”没有意义。",
                                "比率最高 100%，“≥100%”无法超额；请写 =100%，或按实际写 ≥95%。", Severity.WARNING)


@rule("I207", Severity.WARNING, Angle.COMPLETENESS)
def several_indicators_in_one_cell(ctx: CheckContext) -> Iterator[Hit]:
    """一格里填了多个指标

    检查内容：三级指标名称或指标值里是否编号列了几项（“1.…2.…”“①…②…”），或用空格、逗号隔开几个带数值的事项。
    为什么：每个三级指标应单独成行，各有指标值，才能逐项考核（完整性）。
    示例：指标值“1.≥12期 2.1次 3.1次” → 警告；名称“网络留言回复率达100%　上级舆情交办完成率100%” → 警告。
    修改方法：建议拆分指标：每行一个三级指标、一个指标值。
    """
    for row in indicator_rows(ctx):
        values = value_pieces(row.value)
        names = split_items(row.indicator.name)
        if len(values) > 1:
            shown = "、".join(_shown(v) for v in values)
            yield _at_value(row, f"一格里填了 {len(values)} 个指标值（{shown}）。",
                            "建议拆分指标：每行一个三级指标、一个指标值。")
        elif len(names) > 1:
            yield Hit(row.sheet, row.cell("name"), f"{row.at('name')}：一个三级指标名称里列了 {len(names)} 项指标。",
                      "建议拆分指标：每行一个三级指标、一个指标值。")


@rule("I209", Severity.WARNING, Angle.COMPLETENESS)
def name_and_value_disagree(ctx: CheckContext) -> Iterator[Hit]:
    """三级指标名称中的数量与指标值不一致

    检查内容：三级指标名称里写了数量（“编写《石峰舆情》12期”“开展网评员培训2次”），指标值却给出同一单位的另一个数。
    一格多项时逐项对照。
    为什么：名称与指标值矛盾，年底按哪个考核说不清（完整性）。
    示例：名称“编写《石峰舆情》12期”，指标值“≥1期” → 警告；名称“3.开展网评员培训2次”，指标值“3.1次” → 警告。
    修改方法：指标与指标值不匹配：核实后改成一致；名称最好只写事项（“编写《石峰舆情》期数”），数量填在指标值。
    """
    for row in indicator_rows(ctx):
        for name, value in paired_items(row):
            named = find_quantities(name)
            if len(named) != 1 or len(value.quantities) != 1:
                continue
            said, target = named[0], value.quantities[0]
            if said.unit == target.unit and said.number != target.number:
                yield _at_value(row, f"三级指标写“{name.strip()}”（{said}），指标值却是“{_shown(value)}”。",
                                "指标与指标值不匹配。请核实后改成一致；名称只写事项，数量填在指标值栏。")


@rule("I210", Severity.WARNING, Angle.RELEVANCE)
def benefit_percentage_of_nothing(ctx: CheckContext) -> Iterator[Hit]:
    """效益指标只写了百分比，名称却不是比率

    检查内容：效益指标的指标值是单纯的百分比（≥90%），名称却不是率、比例、占比、覆盖、知晓、满意度一类的比率。
    为什么：“带动经济效益增长 ≥90%”说不清是什么的 90%，无法考核（相关性）。
    示例：“带动经济效益增长 ≥90%” → 警告；“网络安全知识知晓率 ≥90%” → 通过。
    修改方法：指标与指标值不匹配：改为可计量的比率（如“群众网络安全知识知晓率 ≥85%”），或定性等级：达成年度指标 等。
    """
    for row in indicator_rows(ctx):
        if row.level1 != "效益指标" or row.is_satisfaction or _RATE.search(row.name):
            continue
        for value in _pieces(row):
            if _percent(value):
                yield _at_value(row, f"效益指标“{row.name[:30]}”的目标“{_shown(value)}”说不清是什么的百分比。",
                                f"指标与指标值不匹配。请改为可计量的比率（如“……知晓率 ≥85%”），或定性等级：{GRADES}。")


# ------------------------------------------------------------------------------------------ 成本指标


def _wan(value: IndicatorValue) -> Decimal | None:
    """A cost value in 万元 (元 ÷ 10000); None for per-unit costs (元/人) and non-money values."""
    if value.kind != IndicatorKind.QUANTITATIVE or value.number is None or value.unit not in _TO_WAN:
        return None
    return value.number * _TO_WAN[value.unit]


def _budget(table: IndicatorTable) -> str:
    """"资金总额 51.8 万元（附表1!C5）"."""
    label = next((f.label for f in table.source.layout.fields if f.cell == table.budget_cell), "预算金额")
    return f"{label} {fmt(table.budget or Decimal(0))} 万元（{table.sheet}!{table.budget_cell}）"


def _costs(ctx: CheckContext, table: IndicatorTable) -> Iterator[tuple[Row, IndicatorValue]]:
    for row in table_rows(ctx, table):
        if row.is_cost:
            for value in _pieces(row):
                yield row, value


@rule("I301", Severity.ERROR, Angle.APPROPRIATENESS)
def cost_with_lower_bound(ctx: CheckContext) -> Iterator[Hit]:
    """成本指标设了下限（≥、＞）

    检查内容：成本指标（88号：产出下的二级“成本指标”；2021 指引：一级“成本指标”）的符号是否为 ≥ 或 ＞。
    为什么：成本指标控制花费上限，只能用 ≤（或 ＜）；写 ≥ 等于要求至少花多少钱（适当性）。
    示例：“≥8万元” → 报错；“≤8万元” → 通过。
    修改方法：把符号改为 ≤。
    """
    for table in ctx.indicator_tables:
        for row, value in _costs(ctx, table):
            if value.kind == IndicatorKind.QUANTITATIVE and value.sign in ("≥", "＞"):
                yield _at_value(row, f"成本指标“{_shown(value)}”设了下限。",
                                f"成本指标只能设上限，请改为“≤{fmt(value.number or Decimal(0))}{value.unit or ''}”。")


@rule("I302", Severity.ERROR, Angle.APPROPRIATENESS)
def cost_above_budget(ctx: CheckContext) -> Iterator[Hit]:
    """单项成本指标超过预算金额

    检查内容：一个成本指标值（折算为万元：写“万元”或“万”的照读，元 ÷ 10000）是否大于本表的预算金额（附表1 资金总额、
    附表3 金额、项目 年度本级预算金额）。没写符号的（“300万元”）按上限计。
    为什么：成本不能超过可用的钱（适当性）。
    示例：金额 8 万元，成本指标“≤10万元” → 报错；预算 250 万元，“≤300万”与“≤300万元”一样报错。
    修改方法：核实成本测算，改小成本指标，或调整预算金额。
    """
    for table in ctx.indicator_tables:
        if table.budget is None:
            continue
        for row, value in _costs(ctx, table):
            amount = _wan(value)
            if amount is not None and value.sign in _UPPER and amount > table.budget + ctx.tolerance:
                yield _at_value(row, f"成本指标“{_shown(value)}”超过{_budget(table)}。",
                                "请核实成本测算，改小成本指标，或调整预算金额。")


@rule("I303", Severity.ERROR, Angle.APPROPRIATENESS)
def cost_sum_above_budget(ctx: CheckContext) -> Iterator[Hit]:
    """分项成本指标合计超过预算金额

    检查内容：一张表分项列出的成本指标（≤ N万元 / 元）加起来是否超过本表预算金额；等于预算可以。
    单位成本（元/人、元/期）不计入；写总数的一行（“年度预算总成本”“总成本”“成本总额”，或名称带“总”“合计”且
    恰好等于其余各项之和）是各分项的合计，不再与分项相加。
    为什么：分项成本之和就是要花的钱，不能超过预算（适当性）。
    示例：衡东 十二项成本指标合计 140 万元 = 预算 140 万元 → 通过；合计 150 万元 → 报错；
    出差总成本 ≤1万元、劳务人员总成本 ≤2万元、年度预算总成本 ≤3万元，预算 3 万元 → 通过（分项合计 3 万元）。
    修改方法：核对各项成本，使合计不超过预算金额。
    """
    for table in ctx.indicator_tables:
        items = [(row, amount) for row, value in _costs(ctx, table)
                 if value.sign in _UPPER and (amount := _wan(value)) is not None]
        items = _parts(items, ctx.tolerance)
        if table.budget is None or len(items) < 2:
            continue
        total = sum((amount for _, amount in items), Decimal(0))
        if total > table.budget + ctx.tolerance:
            first = items[0][0]
            yield _at_value(first, f"{len(items)} 项成本指标合计 {fmt(total)} 万元，超过{_budget(table)}。",
                            "请核对各项成本测算，使合计不超过预算金额。")


def _parts(items: list[tuple[Row, Decimal]], tolerance: Decimal) -> list[tuple[Row, Decimal]]:
    """The cost items without those that state the total of the others (see I303)."""
    whole = sum((amount for _, amount in items), Decimal(0))

    def states_total(row: Row, amount: Decimal) -> bool:
        if _TOTAL_COST_NAME.fullmatch(row.name):
            return True
        rest = whole - amount
        return len(items) > 2 and ("总" in row.name or "合计" in row.name) and abs(rest - amount) <= tolerance

    return [(row, amount) for row, amount in items if not states_total(row, amount)]


@rule("I304", Severity.WARNING, Angle.APPROPRIATENESS)
def cost_claims_budget(ctx: CheckContext) -> Iterator[Hit]:
    """成本指标写“不超年度预算”，金额却与预算不同

    检查内容：成本指标名称或指标值写“不超年度预算”“预算以内”，所填金额是否等于本表预算金额。
    为什么：名称说按预算控制，金额却另是一个数，审核不知以哪个为准（适当性）。
    示例：附表1 成本指标“不超年度预算 ≤49.92万元”，资金总额 51.8 万元 → 警告。
    修改方法：金额改为预算金额（≤51.8万元）；如只控制部分支出，名称写明范围，最好写单位成本（元/人、元/期）。
    """
    for table in ctx.indicator_tables:
        if table.budget is None:
            continue
        for row, value in _costs(ctx, table):
            amount = _wan(value)
            if amount is None or not _BUDGET_CLAIM.search(row.name + value.text):
                continue
            if table.budget - amount > ctx.tolerance:
                yield _at_value(row, f"成本指标写“{row.name[:20]}”，指标值 {_shown(value)} 与{_budget(table)}不一致。",
                                f"如成本即全年预算，请改为“≤{fmt(table.budget)}万元”；如只控制部分支出，请在名称写明范围，"
                                "最好写单位成本（元/人、元/期）。")


@rule("I305", Severity.WARNING, Angle.APPROPRIATENESS)
def cost_is_only_the_budget(ctx: CheckContext) -> Iterator[Hit]:
    """成本指标只有一项，就是全部预算

    检查内容：一张表的成本指标是否只有一项金额（万元、万或元），且等于本表预算金额（附表1 资金总额、附表3 金额、
    项目 年度本级预算金额），既没有分项成本，也没有单位成本（元/人、元/期）。
    为什么：“≤预算总额”只是把预算重写一遍，说不出钱花在哪、单价是否合理，是弱的成本指标（适当性）。
    示例：附表3 金额 8 万元，成本指标只有“不超年度预算 ≤8万元” → 警告；另有“网评员培训 ≤150元/人”或分项
    “印刷费 ≤1.2万元” → 通过。
    修改方法：按测算把成本分解为分项成本（如“《石峰舆情》印刷费 ≤1.2万元”）或单位成本（如“网评员培训 ≤150元/人”）。
    """
    for table in ctx.indicator_tables:
        if table.budget is None or table.budget <= 0:
            continue
        costs = [(row, value) for row, value in _costs(ctx, table)
                 if value.kind not in (IndicatorKind.EMPTY, IndicatorKind.PLACEHOLDER)]
        if len(costs) != 1:
            continue
        row, value = costs[0]
        amount = _wan(value)
        if amount is None or value.sign not in _UPPER or abs(amount - table.budget) > ctx.tolerance:
            continue
        yield _at_value(row, f"成本指标只有“{_shown(value)}”一项，就是{_budget(table)}，没有分解。",
                        "请按测算分解为分项成本（如“印刷费 ≤1.2万元”）或单位成本（如“培训 ≤150元/人”）。")
