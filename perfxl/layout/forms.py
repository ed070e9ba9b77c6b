"""The four official forms, declared once: 附表1, 附表2, 附表3 (department workbook) and 项目支出绩效目标申报表.

Rows follow the seeds' order. Block capacities: 30 附表1 indicators, 40 per 附表3, 30 专项 rows on 附表2, 60 on the
项目申报表. Change a position here and the template, the reader, every finding and the generator follow;
bump ``LAYOUT_VERSION`` whenever a position changes, so old workbooks are recognised as old.
"""

from __future__ import annotations

from perfxl.layout.spec import (
    Block,
    Column,
    Field,
    Formula,
    Label,
    SheetLayout,
    SheetRole,
    WorkbookLayout,
    absolute,
)

LAYOUT_VERSION = 1

SIGN_LEADER = "单位负责人签字："
AMOUNT_UNIT = "金额单位：万元"


def _indicator_columns(with_standard: bool) -> tuple[Column, ...]:
    columns: tuple[Column, ...] = (
        Column("level1", "一级指标", "B", choices="level1"),
        Column("level2", "二级指标", "C", choices="level2"),
        Column("name", "三级指标", "D"),
        Column("value", "指标值及单位", "E"),
    )
    if with_standard:
        columns += (Column("standard", "绩效标准", "F", choices="standard"),)
    return columns


def _indicator_labels(block: Block, section: str) -> tuple[Label, ...]:
    header = block.first_row - 1
    labels = [Label(f"A{header}:A{block.last_row}", section, "label")]
    labels += [Label(f"{c.first_col}{header}", c.label, "header") for c in block.columns]
    return tuple(labels)


def _signature(row: int, cols: tuple[str, str, str, str]) -> tuple[tuple[Label, ...], tuple[Field, ...]]:
    """单位负责人签字 on one row, 填表人 and 联系电话 on the next (as on the seeds)."""
    a, b, c, d = cols
    labels = (
        Label(f"{a}{row}", SIGN_LEADER, "sign"),
        Label(f"{a}{row + 1}", "填表人：", "sign"),
        Label(f"{c}{row + 1}", "联系电话：", "sign"),
    )
    fields = (
        Field("preparer", "填表人", f"{b}{row + 1}", required=True, signed=True),
        Field("phone", "联系电话", f"{d}{row + 1}", kind="phone", required=True, signed=True),
    )
    return labels, fields


def _title(year_cell: str, suffix: str, ref: str) -> Formula:
    """The form's title follows the year typed once (on 附表1 for a department workbook)."""
    return Formula("title", "标题", ref, f'=IF({year_cell}="","    {suffix}",{year_cell}&"{suffix}")', style="title")


# ---------------------------------------------------------------- 附表1 部门整体支出绩效目标表
_A1_TASKS = Block(
    "tasks",
    "年度重点工作计划",
    first_row=12,
    capacity=10,
    min_rows=3,
    columns=(
        Column("matter", "事项", "B"),
        Column("unit", "责任单位/科室", "C"),
        Column("target", "工作目标", "D:E", kind="longtext"),
    ),
)
_A1_IND = Block("indicators", "年度绩效指标", first_row=23, capacity=30, min_rows=10, columns=_indicator_columns(False))
_A1_SIGN = _A1_IND.last_row + 2
_A1_YEAR = "E3"
_a1_sign_labels, _a1_sign_fields = _signature(_A1_SIGN, ("A", "B", "C", "D"))

OVERALL = SheetLayout(
    role="附表1",
    title="部门整体支出绩效目标表",
    default_name="附表1",
    widths={"A": 20, "B": 24, "C": 22, "D": 36, "E": 22},  # A: "填报单位（盖章）：" unclipped
    labels=(
        Label("A1", "附表1", "form_no"),
        Label("A3", "填报单位（盖章）：", "note"),
        Label("D3", "预算年度：", "note_right"),
        Label("A4", "部门名称"),
        Label("A5:A9", "年度预算申请（万元）"),
        Label("B5", "资金总额"),
        Label("B6:C6", "按收入性质分", "header"),
        Label("D6:E6", "按支出性质分", "header"),
        Label("B7", "其中：一般公共预算拨款"),
        Label("B8", "政府性基金拨款"),
        Label("B9", "其他资金"),
        Label("D7", "其中：基本支出"),
        Label("D8", "项目支出"),
        Label("D9:E9", "", anchor=False),
        Label("A10", "部门职责概述"),
        Label(f"A11:A{_A1_TASKS.last_row}", "年度重点工作计划"),
        Label("B11", "事项", "header"),
        Label("C11", "责任单位/科室", "header"),
        Label("D11:E11", "工作目标", "header"),
        *_indicator_labels(_A1_IND, "年度绩效指标"),
        *_a1_sign_labels,
    ),
    fields=(
        Field("unit_name", "填报单位", "B3:C3", signed=True),
        Field("year", "预算年度", _A1_YEAR, kind="year", required=True),
        Field("dept_name", "部门名称", "B4:E4", required=True),
        Field("total", "资金总额", "C5:E5", kind="money", required=True),
        Field("general_budget", "一般公共预算拨款", "C7", kind="money"),
        Field("gov_fund", "政府性基金拨款", "C8", kind="money"),
        Field("other_funds", "其他资金", "C9", kind="money"),
        Field("basic", "基本支出", "E7", kind="money"),
        Field("project", "项目支出", "E8", kind="money"),
        Field("duties", "部门职责概述", "B10:E10", kind="longtext", required=True),
        *_a1_sign_fields,
    ),
    blocks=(_A1_TASKS, _A1_IND),
    formulas=(_title(absolute(_A1_YEAR), "年部门整体支出绩效目标表", "A2:E2"),),
    repeat_rows="1:4",
    heights={2: 36, 10: 60},
    last_row=_A1_SIGN + 1,
)

_OV_UNIT = f"附表1!{absolute(OVERALL.field('unit_name').cell)}"
_OV_YEAR = f"附表1!{absolute(OVERALL.field('year').cell)}"
#: 附表2/3 repeat 附表1's 填报单位 after the label, in one cell so the label is never clipped.
_UNIT_LINE = f'="填报单位（盖章）："&{_OV_UNIT}'

# ---------------------------------------------------------------- 附表2 区级专项资金绩效目标汇总表
_A2_ROWS = Block(
    "rows",
    "专项资金",
    first_row=6,
    capacity=30,
    min_rows=5,
    columns=(
        Column("seq", "序号", "A"),
        Column("name", "名  称", "B"),
        Column("amount", "金  额", "C", kind="money"),
        Column("period_target", "实施期绩效目标", "D", kind="longtext"),
        Column("annual_target", "年度绩效目标", "E", kind="longtext"),
    ),
)
_A2_SIGN = _A2_ROWS.last_row + 2
_a2_sign_labels, _a2_sign_fields = _signature(_A2_SIGN, ("A", "B", "C", "D"))

FUND_SUMMARY = SheetLayout(
    role="附表2",
    title="区级专项资金绩效目标汇总表",
    default_name="附表2",
    widths={"A": 8, "B": 28, "C": 12, "D": 52, "E": 52},
    labels=(
        Label("A1", "附表2", "form_no"),
        Label("E3", AMOUNT_UNIT, "note_right"),
        *(Label(f"{c.first_col}4", c.label, "header") for c in _A2_ROWS.columns),
        Label("A5", "", anchor=False),
        Label("B5", "合  计", "header"),
        Label("D5:E5", "", anchor=False),
        *_a2_sign_labels,
    ),
    fields=_a2_sign_fields,
    blocks=(_A2_ROWS,),
    formulas=(
        _title(_OV_YEAR, "年区级专项资金绩效目标汇总表", "A2:E2"),
        Formula("unit_name", "填报单位", "A3:D3", _UNIT_LINE, style="formula_note"),
        Formula("total", "合计", "C5", f"=SUM({_A2_ROWS.range_of('amount')})", kind="money"),
    ),
    landscape=True,
    repeat_rows="1:5",
    heights={2: 36},
    last_row=_A2_SIGN + 1,
)

# ---------------------------------------------------------------- 附表3 区级专项资金支出方向绩效目标表
_A3_IND = Block("indicators", "年度绩效指标", first_row=10, capacity=40, min_rows=9, columns=_indicator_columns(True))
_A3_DETAILS = Block(
    "details",
    "支出明细及测算说明",
    first_row=_A3_IND.last_row + 2,
    capacity=10,
    min_rows=2,
    columns=(
        Column("intro", "支出内容简介", "B"),
        Column("item", "支出明细", "C"),
        Column("amount", "金额", "D", kind="money"),
        Column("basis", "支出测算依据及过程说明", "E:F", kind="longtext"),
    ),
)
_A3_TOTAL = _A3_DETAILS.last_row + 1
_A3_SIGN = _A3_TOTAL + 2
_a3_sign_labels, _a3_sign_fields = _signature(_A3_SIGN, ("A", "B", "C", "D"))
_A3_DH = _A3_DETAILS.first_row - 1

SPENDING_DIRECTION = SheetLayout(
    role="附表3",
    title="区级专项资金支出方向绩效目标表",
    default_name="附表3-1",
    widths={"A": 18, "B": 16, "C": 16, "D": 40, "E": 22, "F": 12},  # A: "支出方向（子项）" on one line
    labels=(
        Label("A1", "附表3", "form_no"),
        Label("F3", AMOUNT_UNIT, "note_right"),
        Label("A4", "支出方向（子项）"),
        Label("D4", "所属专项名称"),
        Label("A5", "项目金额"),
        Label("D5", "金额"),
        Label("A6", "项目实施期"),
        Label("A7", "实施期绩效目标"),
        Label("A8", "年度绩效目标"),
        *_indicator_labels(_A3_IND, "年度绩效指标"),
        Label(f"A{_A3_DH}:A{_A3_TOTAL}", "支出明细及测算说明"),
        Label(f"B{_A3_DH}", "支出内容简介", "header"),
        Label(f"C{_A3_DH}", "支出明细", "header"),
        Label(f"D{_A3_DH}", "金额", "header"),
        Label(f"E{_A3_DH}:F{_A3_DH}", "支出测算依据及过程说明", "header"),
        Label(f"B{_A3_TOTAL}:C{_A3_TOTAL}", "合  计", "header"),
        Label(f"E{_A3_TOTAL}:F{_A3_TOTAL}", "", anchor=False),
        *_a3_sign_labels,
    ),
    fields=(
        Field("direction", "支出方向（子项）", "B4:C4", required=True),
        Field("fund_name", "所属专项名称", "E4:F4", required=True),
        Field("project_amount", "项目金额", "B5:C5", kind="money", required=True),
        Field("amount", "金额", "E5:F5", kind="money", required=True),
        Field("period", "项目实施期", "B6:F6", required=True),
        Field("period_target", "实施期绩效目标", "B7:F7", kind="longtext", required=True),
        Field("annual_target", "年度绩效目标", "B8:F8", kind="longtext", required=True),
        *_a3_sign_fields,
    ),
    blocks=(_A3_IND, _A3_DETAILS),
    formulas=(
        _title(_OV_YEAR, "年区级专项资金支出方向绩效目标表", "A2:F2"),
        Formula("unit_name", "填报单位", "A3:D3", _UNIT_LINE, style="formula_note"),
        Formula("details_total", "合计", f"D{_A3_TOTAL}", f"=SUM({_A3_DETAILS.range_of('amount')})", kind="money"),
    ),
    repeat_rows="1:3",
    heights={2: 36, 7: 48, 8: 48},
    last_row=_A3_SIGN + 1,
)

# ---------------------------------------------------------------- 项目支出预算绩效目标申报表
_PJ_IND = Block("indicators", "本年度绩效指标", first_row=11, capacity=60, min_rows=9, columns=_indicator_columns(True))
_PJ_SIGN = _PJ_IND.last_row + 1
_PJ_YEAR = "E2"

PROJECT = SheetLayout(
    role="项目申报表",
    title="项目支出预算绩效目标申报表",
    default_name="项目申报表",
    widths={"A": 17, "B": 16, "C": 20, "D": 36, "E": 22, "F": 12},  # A: "项目支出实施期" on one line
    labels=(
        Label("A2", "填报单位：", "note"),
        Label("D2", "预算年度：", "note_right"),
        Label("F2", "单位：万元", "note_right"),
        Label("A3", "项目支出名称"),
        Label("D3", "预算部门"),
        Label("A4:A6", "年度本级预算金额"),
        Label("D4:D6", "该项目支出上级资金（分级填报）"),
        Label("E4", "中央："),
        Label("E5", "省级："),
        Label("E6", "市级："),
        Label("A7", "项目支出实施期"),
        Label("A8", "实施期绩效目标"),
        Label("A9", "本年度绩效目标"),
        *_indicator_labels(_PJ_IND, "本年度绩效指标"),
        Label(f"A{_PJ_SIGN}", "填表人：", "sign"),
        Label(f"C{_PJ_SIGN}", "联系电话：", "sign"),
        Label(f"E{_PJ_SIGN}", SIGN_LEADER, "sign"),
    ),
    fields=(
        Field("unit_name", "填报单位", "B2:C2", required=True, signed=True),
        Field("year", "预算年度", _PJ_YEAR, kind="year", required=True),
        Field("project_name", "项目支出名称", "B3:C3", required=True),
        Field("department", "预算部门", "E3:F3", required=True),
        Field("budget", "年度本级预算金额", "B4:C6", kind="money", required=True),
        Field("central", "中央", "F4", kind="money"),
        Field("provincial", "省级", "F5", kind="money"),
        Field("municipal", "市级", "F6", kind="money"),
        Field("period", "项目支出实施期", "B7:F7", required=True),
        Field("period_target", "实施期绩效目标", "B8:F8", kind="longtext", required=True),
        Field("annual_target", "本年度绩效目标", "B9:F9", kind="longtext", required=True),
        Field("preparer", "填表人", f"B{_PJ_SIGN}", required=True, signed=True),
        Field("phone", "联系电话", f"D{_PJ_SIGN}", kind="phone", required=True, signed=True),
    ),
    blocks=(_PJ_IND,),
    formulas=(_title(absolute(_PJ_YEAR), "年度项目支出预算绩效目标申报表", "A1:F1"),),
    repeat_rows="1:2",
    heights={1: 36, 8: 48, 9: 48},
    last_row=_PJ_SIGN,
)

DEPARTMENT_WORKBOOK = WorkbookLayout(
    form_id="perfxl.department",
    title="部门整体及专项资金绩效目标表（附表1–3）",
    version=LAYOUT_VERSION,
    sheets=(
        SheetRole(OVERALL, "overall"),
        SheetRole(FUND_SUMMARY, "summary"),
        SheetRole(SPENDING_DIRECTION, "directions", repeating=True),
    ),
    file_stem="部门绩效目标表（附表1-3）",
)

PROJECT_WORKBOOK = WorkbookLayout(
    form_id="perfxl.project",
    title="项目支出预算绩效目标申报表",
    version=LAYOUT_VERSION,
    sheets=(SheetRole(PROJECT, "project"),),
    file_stem="项目支出绩效目标申报表",
)

WORKBOOK_LAYOUTS = {layout.form_id: layout for layout in (DEPARTMENT_WORKBOOK, PROJECT_WORKBOOK)}
