"""Rules: indicator structure (指标结构). Are the 一级/二级/三级 levels complete and in the framework in force, and is
every row filled with a real name, value and 绩效标准?

Also the row view the other indicator modules share: :class:`Row` (one 年度绩效指标 row with its canonical levels and
cells) and :func:`indicator_rows`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from perfxl.check.context import CheckContext, IndicatorTable
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.frameworks import (
    PERFORMANCE_STANDARDS,
    Placement,
    canonical_level1,
    canonical_level2,
    normalize_name,
)
from perfxl.models import Indicator
from perfxl.values import IndicatorKind, parse_indicator_value

SATISFACTION = "服务对象满意度指标"
COST = "成本指标"
NAME_MAX = 100
VALUE_MAX = 200
#: "无直接生态效益", "不适用": the row says the 二级 does not apply; an empty 指标值 is then expected
_NOT_APPLICABLE = ("无直接", "无相关", "不涉及", "不适用")


class Row:
    """One indicator row: ``level1``/``level2`` are canonical (blank merged cells filled from the row above).

    The facts derived from the row's text (``name``, ``name_blank``, ``not_applicable``, ``is_cost``…) are
    computed once when the row is built, since every indicator rule walks the same rows (see :func:`table_rows`).
    Rows are read-only views, compared by identity."""

    __slots__ = ("index", "indicator", "is_cost", "is_satisfaction", "level1", "level2", "name", "name_blank",
                 "not_applicable", "sheet", "table", "value", "value_blank")

    def __init__(self, table: IndicatorTable, index: int, indicator: Indicator, level1: str, level2: str) -> None:
        self.table, self.index, self.indicator, self.level1, self.level2 = table, index, indicator, level1, level2
        self.sheet: str = table.sheet
        self.name: str = normalize_name(indicator.name)  # normalised: without any white space
        self.value: str = indicator.value  # as typed
        self.name_blank: bool = _blank(indicator.name)  # the name cell is empty or only a placeholder
        self.value_blank: bool = _blank(self.value)
        # "无直接生态效益": the 二级 does not apply, no value expected
        self.not_applicable: bool = self.name.startswith(_NOT_APPLICABLE)
        # 成本: classic 二级 成本指标, or anything under the 2021 一级 成本指标 (forms mix the two)
        self.is_cost: bool = level2 == COST or level1 == COST or level2.endswith("成本指标")
        self.is_satisfaction: bool = level2 == SATISFACTION or level1 == "满意度指标" or "满意度" in self.name

    def __repr__(self) -> str:
        return f"Row({self.sheet} #{self.index}: {self.level1}/{self.level2}/{self.name})"

    @property
    def present(self) -> bool:
        """The name cell holds more than blanks or a placeholder."""
        return not self.name_blank

    def cell(self, column: str) -> str:
        return self.table.cell(self.index, column)

    def at(self, column: str) -> str:
        """"附表3-1!E10" for messages."""
        return f"{self.sheet}!{self.cell(column)}"


def table_rows(ctx: CheckContext, table: IndicatorTable) -> tuple[Row, ...]:
    """The table's rows with canonical levels, built once per check for all indicator rules."""
    return ctx.shared(_rows_by_table)[table]


def _rows_by_table(ctx: CheckContext) -> dict[IndicatorTable, tuple[Row, ...]]:
    return {
        table: tuple(
            Row(table, i, ind, canonical_level1(level1), canonical_level2(level2))
            for i, (ind, (level1, level2)) in enumerate(zip(table.indicators, table.levels, strict=True))
        )
        for table in ctx.indicator_tables
    }


def indicator_rows(ctx: CheckContext) -> tuple[Row, ...]:
    """The rows of every indicator table of the form, in order (gathered once per check)."""
    return ctx.shared(_all_rows)


def _all_rows(ctx: CheckContext) -> tuple[Row, ...]:
    return tuple(row for rows in ctx.shared(_rows_by_table).values() for row in rows)


_ADVICE = {"产出指标": "建议增加明确产出指标", "效益指标": "建议增加明确效益指标", "满意度指标": "建议增加满意度指标"}


@lru_cache(maxsize=16384)
def _blank(text: str) -> bool:
    """Empty or only a placeholder (cached: asked twice for every indicator row of every return)."""
    return parse_indicator_value(text).kind in (IndicatorKind.EMPTY, IndicatorKind.PLACEHOLDER)


def name_holds_value(row: Row) -> bool:
    """The 指标值 typed into the name cell, with the value cell left empty ("1年" | ""): I402 reports it."""
    kind = parse_indicator_value(row.indicator.name).kind
    return kind in (IndicatorKind.QUANTITATIVE, IndicatorKind.DEADLINE) and row.value_blank


@rule("I101", Severity.ERROR, Angle.COMPLETENESS)
def indicator_levels_complete(ctx: CheckContext) -> Iterator[Hit]:
    """指标体系不完整：缺少必填的二级指标或一级指标

    检查内容：按所用指标体系（默认财预〔2015〕88号），产出指标下的数量、质量、时效、成本指标各至少有一条三级指标，
    效益指标、满意度指标各至少有一条（按 2021 指引，成本指标为一级指标，也至少一条）。各地的写法（“产出数量指标”
    “社会公众或服务对象满意度指标”“服务对象满意度”）按同一类计；另一指标体系的成本写法也算有成本指标
    （其位置另见 I102、I103）。整张空白、未使用的附表3 不检查。
    为什么：预算管理一体化系统对此强制审核；缺一类指标，绩效目标就不完整（完整性）。
    示例：附表3-1 只填了数量、质量、成本指标 → 报“缺少 时效指标”。
    修改方法：在指标区补填缺少的二级指标及其三级指标、指标值。
    """
    fw = ctx.framework
    for table in ctx.indicator_tables:
        rows = [row for row in table_rows(ctx, table) if row.present]
        seen2 = {fw.equivalent(row.level2) for row in rows}
        seen1 = {fw.home_level1(row.level1) for row in rows} | {fw.parent_of(row.level2) for row in rows}
        missing: list[str] = []
        advice: list[str] = []
        for level1, level2s in fw.levels.items():
            required = [name for name in level2s if name in fw.required_level2]
            lacking = [name for name in required if name not in seen2] if required else [level1] * (level1 not in seen1)
            if lacking:
                missing += lacking
                advice.append(_ADVICE.get(level1, "指标不够完整"))
        if missing:
            yield Hit(
                table.sheet,
                table.first_cell,
                f"{table.sheet}!{table.first_cell}：缺少 {'、'.join(missing)} 的三级指标（{fw.title}）。",
                f"{'；'.join(advice)}。请在指标区补填 {'、'.join(missing)}，每类至少一条三级指标及指标值。",
            )


@rule("I102", Severity.ERROR, Angle.COMPLETENESS)
def level1_in_framework(ctx: CheckContext) -> Iterator[Hit]:
    """一级指标不属于所用指标体系

    检查内容：每个一级指标是否为指标体系中的名称（88号：产出指标、效益指标、满意度指标；2021 指引另有成本指标）。
    各地的写法按同一指标计，不报：“项目产出”“产出类指标”“效果指标”“社会公众或服务对象满意度指标”等
    （写法表见 perfxl/data/level_names.csv）。两个指标体系都没有的一级指标报错；另一指标体系的一级指标
    （按 88号 填报却把“成本指标”单列为一级）只作警告。
    为什么：一级指标类型错误，汇总和评价时无法归类（完整性）；各地用词不同、两套体系混用很常见，不能因此判错。
    示例：一级指标填“项目决策”或“工作指标” → 报错；填“项目产出”“服务对象满意度” → 通过；
    按 88号 体系填报却把“成本指标”作为一级指标 → 警告。
    修改方法：从下拉列表选择一级指标；如确按 2021 指引填报，请在设置中选择 guide2021 指标体系。
    """
    fw = ctx.framework
    names = fw.level1_names
    for table in ctx.indicator_tables:
        for row in table_rows(ctx, table):
            written = normalize_name(row.indicator.level1)
            if row.index == 0 and not written:
                yield Hit(row.sheet, row.cell("level1"), f"{row.at('level1')}：未填写一级指标。",
                          f"一级指标类型错误。请从下拉列表选择：{'、'.join(names)}。")
            elif not written or row.level1 in names:
                continue
            elif fw.home_level1(row.level1) is None:
                yield Hit(row.sheet, row.cell("level1"), f"{row.at('level1')}：一级指标“{written}”不在指标体系中。",
                          f"一级指标类型错误。请改为：{'、'.join(names)} 之一。")
            else:
                home = fw.home_level1(row.level1)
                yield Hit(row.sheet, row.cell("level1"),
                          f"{row.at('level1')}：一级指标“{written}”是另一指标体系的写法；按{fw.title}，它的各行属于{home}。",
                          f"如本表按另一指标体系填报，请在设置中选择该指标体系（--framework）；否则请把一级指标改为{home}。",
                          Severity.WARNING)


@rule("I103", Severity.ERROR, Angle.COMPLETENESS)
def level2_under_its_level1(ctx: CheckContext) -> Iterator[Hit]:
    """二级指标不属于其一级指标

    检查内容：每个二级指标是否为指标体系中的名称，且列在它所属的一级指标下（如“时效指标”属于产出指标）。
    各地的写法按同一指标计：“产出数量指标”“数量”“社会效益”“社会公众或服务对象满意度指标”“受益群众满意度”等
    （写法表见 perfxl/data/level_names.csv）。两个指标体系都没有的二级指标、列错一级指标的二级指标报错；
    按另一指标体系排列的（2021 指引的表上把成本指标列在产出指标下，或满意度列在效益指标下）只作警告。
    88号 体系下，满意度指标列在效益指标下另见 I104，这里不报。
    为什么：二级指标类型错误，指标无法按类审核和汇总（完整性）；各地用词不同、两套体系混用很常见，不能因此判错。
    示例：效益指标下填“数量指标”；或二级指标填“制度指标”“工作完成情况” → 报错；填“产出数量指标”→ 通过。
    修改方法：从下拉列表选择二级指标，并把它放到所属一级指标下。
    """
    fw = ctx.framework
    for table in ctx.indicator_tables:
        for row in table_rows(ctx, table):
            written = normalize_name(row.indicator.level2)
            home = fw.home_level1(row.level1)
            if not written and row.level2 == "" and row.present and row.level1 in fw.levels:
                yield Hit(row.sheet, row.cell("level2"), f"{row.at('level2')}：未填写二级指标。",
                          f"二级指标类型错误。{row.level1}下可选：{'、'.join(fw.levels[row.level1])}。")
                continue
            if not written or home is None:
                continue  # an unknown 一级 is I102's
            hit = _placement_hit(ctx, row, written, home)
            if hit is not None:
                yield hit


def _placement_hit(ctx: CheckContext, row: Row, written: str, home: str) -> Hit | None:
    fw = ctx.framework
    place = fw.place(row.level1, row.level2)
    parent = fw.parent_of(row.level2)
    if place == Placement.UNKNOWN:
        return Hit(row.sheet, row.cell("level2"), f"{row.at('level2')}：二级指标“{written}”不在指标体系中。",
                   f"二级指标类型错误。{home}下可选：{'、'.join(fw.levels[home])}。")
    if place == Placement.MISPLACED:
        return Hit(row.sheet, row.cell("level2"), f"{row.at('level2')}：二级指标“{written}”属于{parent}，却列在{row.level1}下。",
                   f"二级指标类型错误。请把它移到{parent}下，或改选{home}下的二级指标。")
    if place == Placement.OTHER_FRAMEWORK and row.level1 in fw.levels:  # a foreign 一级 is reported by I102
        return Hit(row.sheet, row.cell("level2"),
                   f"{row.at('level2')}：二级指标“{written}”按另一指标体系列在{row.level1}下；按{fw.title}，它属于{parent}。",
                   f"如本表按另一指标体系填报，请在设置中选择该指标体系（--framework）；否则请把它移到{parent}下"
                   f"（{parent}下可选：{'、'.join(fw.levels[parent or home])}）。", Severity.WARNING)
    return None


@rule("I104", Severity.ADVICE, Angle.COMPLETENESS)
def satisfaction_as_own_level1(ctx: CheckContext) -> Iterator[Hit]:
    """满意度指标列在效益指标下

    检查内容：88号 体系的表上，满意度二级指标（如“社会公众及服务对象满意度指标”）是否列在效益指标的合并单元格下。
    为什么：88号 文件本身把满意度列在效益下，可以接受；但现行做法（及 2021 指引）把满意度指标单列为一级指标，
    审核和汇总时更清楚（完整性）。
    示例：效益指标下依次为经济、社会、生态、可持续影响、社会公众及服务对象满意度指标 → 提示。
    修改方法：把满意度这一行的一级指标单独写成“满意度指标”。
    """
    for table in ctx.indicator_tables:
        for row in table_rows(ctx, table):
            written = normalize_name(row.indicator.level2)
            if written and ctx.framework.place(row.level1, row.level2) == Placement.TOLERATED:
                yield Hit(row.sheet, row.cell("level2"),
                          f"{row.at('level2')}：“{written}”列在效益指标下。",
                          "88号 文件如此排列，可以接受；现行做法把满意度指标单列为一级指标，建议该行一级指标写“满意度指标”。")


@rule("I105", Severity.ERROR, Angle.COMPLETENESS)
def duplicate_level3_names(ctx: CheckContext) -> Iterator[Hit]:
    """同一二级指标下三级指标重名

    检查内容：同一张表、同一二级指标下，三级指标名称（忽略空格）是否重复。
    不同二级指标下同名（如“网络舆情管理”的数量、时效、成本）是常见写法，不报。
    为什么：一体化系统不允许同一表内三级指标重名；同一二级下重复多为复制后忘改（完整性）。
    示例：数量指标下两行都叫“开展培训” → 报错，指向第二行。
    修改方法：删除重复行，或把名称改得能区分（如“开展网评员培训”“开展通讯员培训”）。
    """
    for table in ctx.indicator_tables:
        first: dict[tuple[str, str, str], Row] = {}
        for row in table_rows(ctx, table):
            if not row.present:
                continue
            key = (row.level1, row.level2, row.name)
            if key in first:
                yield Hit(row.sheet, row.cell("name"),
                          f"{row.at('name')}：三级指标“{row.name}”与 {first[key].at('name')} 重名（同为{row.level2}）。",
                          "请删除重复行，或修改名称以区分。")
            else:
                first[key] = row


@rule("I106", Severity.WARNING, Angle.COMPLETENESS)
def standard_missing(ctx: CheckContext) -> Iterator[Hit]:
    """未填写绩效标准

    检查内容：有“绩效标准”列的表（附表3、项目申报表）上，每条三级指标是否填了绩效标准。
    为什么：指标值要有依据；从指标库选用的指标，系统要求每条都带绩效标准（完整性）。
    示例：附表3-1!F12 空着 → 警告。
    修改方法：从下拉列表选择 计划标准、历史标准、行业标准 或 其他标准。
    """
    for table in ctx.indicator_tables:
        if not table.has_standard:
            continue
        for row in table_rows(ctx, table):
            if row.present and not row.not_applicable and not normalize_name(row.indicator.standard):
                yield Hit(row.sheet, row.cell("standard"), f"{row.at('standard')}：三级指标“{row.name[:30]}”未填写绩效标准。",
                          "请从下拉列表选择：计划标准、历史标准、行业标准、其他标准。")


@rule("I107", Severity.WARNING, Angle.COMPLETENESS)
def standard_in_list(ctx: CheckContext) -> Iterator[Hit]:
    """绩效标准不是规定的选项

    检查内容：绩效标准是否为 计划标准、历史标准、行业标准、其他标准（及部分系统的 预算支出标准、国际标准）之一。
    为什么：系统只接受这些选项，自填文字导入时会被拒（完整性）。
    示例：填“国家标准”或“按合同” → 警告。
    修改方法：从下拉列表选择，具体依据可写进指标名称或测算说明。
    """
    for table in ctx.indicator_tables:
        if not table.has_standard:
            continue
        for row in table_rows(ctx, table):
            written = normalize_name(row.indicator.standard)
            if written and written not in PERFORMANCE_STANDARDS:
                yield Hit(row.sheet, row.cell("standard"), f"{row.at('standard')}：绩效标准“{written}”不是规定的选项。",
                          f"请改为：{'、'.join(PERFORMANCE_STANDARDS[:4])} 之一。")


@rule("I108", Severity.ERROR, Angle.COMPLETENESS)
def text_too_long(ctx: CheckContext) -> Iterator[Hit]:
    """三级指标名称超过 100 字或指标值超过 200 字

    检查内容：三级指标名称不超过 100 个字符，指标值不超过 200 个字符（空白不计）。
    为什么：一体化系统的字段长度限制；过长的名称往往是把工作描述当成了指标（完整性）。
    示例：三级指标名称抄了整段职责（130 字）→ 报错。
    修改方法：把描述精简为“考核什么”，具体内容写进年度绩效目标或测算说明。
    """
    for row in indicator_rows(ctx):
        value = normalize_name(row.value)
        if len(row.name) > NAME_MAX:
            yield Hit(row.sheet, row.cell("name"), f"{row.at('name')}：三级指标名称 {len(row.name)} 字，超过 {NAME_MAX} 字。",
                      "请精简为考核内容本身，描述性文字写进年度绩效目标。")
        if len(value) > VALUE_MAX:
            yield Hit(row.sheet, row.cell("value"), f"{row.at('value')}：指标值 {len(value)} 字，超过 {VALUE_MAX} 字。",
                      "指标值只写“符号+数值+单位”（如 ≥12期）或定性等级。")


@rule("I109", Severity.ERROR, Angle.COMPLETENESS)
def placeholder_or_missing(ctx: CheckContext) -> Iterator[Hit]:
    """三级指标或指标值为空、只有占位符

    检查内容：已填的指标行中，三级指标名称和指标值都要有内容，不能只是 *、_、-、/ 或空格、换行。
    为什么：系统不接受占位符；没有指标值的指标无法考核（完整性）。
    示例：时效指标填了“1年”，指标值空着 → 报错；指标值填“-” → 报错。
    “无直接生态效益”这类声明不适用的行，指标值可以空着。
    修改方法：补填名称或指标值；确实不适用的行可删除。
    """
    for row in indicator_rows(ctx):
        name, value = row.indicator.name, row.value
        if row.name_blank and row.value_blank:
            continue
        if row.name_blank:
            shown = f"“{name.strip()}”" if name.strip() else "为空"
            yield Hit(row.sheet, row.cell("name"), f"{row.at('name')}：三级指标名称{shown}，指标值却是“{value.strip()}”。",
                      "指标不够完整。请写明考核内容（如“开展网评员培训次数”）。")
        elif row.value_blank and not row.not_applicable and not name_holds_value(row):
            shown = f"只有“{value.strip()}”" if value.strip() else "为空"
            yield Hit(row.sheet, row.cell("value"), f"{row.at('value')}：三级指标“{row.name[:30]}”的指标值{shown}。",
                      "请填写指标值：符号+数值+单位（如 ≥12期），或定性等级（达成年度指标 等）。")
