"""One return's rows for 汇总, 专项资金 and 指标明细, in the column order of :mod:`perfxl.consolidate.columns`.

Text is copied as typed (a column that does not wrap shows it on one line: :func:`.xmlrows.one_line`); empty text
and missing amounts become empty cells (never 0). Each row names the cell it came from (``附表3-1!E12``), taken from
the reader's record of where every block item sat.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache

from perfxl.check.findings import Finding, Severity
from perfxl.consolidate.columns import FUNDS, INDICATORS, SUMMARY, SheetSpec
from perfxl.consolidate.records import Cell, Link, Row
from perfxl.models import DepartmentReturn, FormModel, Indicator, ProjectDeclaration, effective_levels
from perfxl.reader import ReadResult
from perfxl.values import IndicatorKind, parse_indicator_value

KIND_LABELS = {
    IndicatorKind.EMPTY: "空",
    IndicatorKind.PLACEHOLDER: "占位符",
    IndicatorKind.QUANTITATIVE: "定量",
    IndicatorKind.QUALITATIVE: "定性",
    IndicatorKind.VAGUE: "不可衡量",
    IndicatorKind.MULTIPLE: "多个值",
    IndicatorKind.DEADLINE: "时限",
    IndicatorKind.TEXT: "文字",
}
FORM_LABELS = {"department": "部门整体", "project": "项目申报"}
#: 汇总 columns counting findings, by severity
FINDING_COUNTS = {"错误": Severity.ERROR, "警告": Severity.WARNING, "提示": Severity.ADVICE}
#: 汇总 amount columns → model attribute
DEPARTMENT_AMOUNTS = {
    "资金总额": "total", "一般公共预算拨款": "general_budget", "政府性基金拨款": "gov_fund",
    "其他资金": "other_funds", "基本支出": "basic", "项目支出": "project",
}
PROJECT_AMOUNTS = {
    "年度本级预算金额": "budget", "上级资金（中央）": "central", "上级资金（省级）": "provincial",
    "上级资金（市级）": "municipal",
}


def text(value: str) -> str | None:
    return value if value.strip() else None


def money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _row(spec: SheetSpec, values: Mapping[str, Cell], skip: int = 0) -> Row:
    return tuple(map(values.get, spec.titles[skip:] if skip else spec.titles))


def file_link(path: str, sheet: str = "", cell: str = "") -> Link:
    """A link that opens the return (at the cell, when given) and shows its path. The target is made absolute
    on every call, not cached: a caller may change the working folder between two runs in one process."""
    target = os.path.abspath(path)
    if sheet:
        target = f"[{target}]'{sheet.replace(chr(39), chr(39) * 2)}'!{cell or 'A1'}"
    return Link(target, path)


#: the 指标明细 columns in the order :func:`indicator_rows` writes them (a test compares it with INDICATORS)
INDICATOR_ORDER = ("单位", "表单", "工作表", "所属支出方向/项目", "一级指标", "二级指标", "三级指标", "指标值", "绩效标准",
                   "符号", "数值", "计量单位", "值类型", "单元格")


@lru_cache(maxsize=8192)
def _value_columns(value: str) -> tuple[str | None, float | None, str | None, str]:
    """符号, 数值, 计量单位, 值类型 of a 指标值 (the same values come back row after row, return after return)."""
    parsed = parse_indicator_value(value)
    number = None if parsed.number is None else float(parsed.number)
    return parsed.sign, number, parsed.unit, KIND_LABELS[parsed.kind]


def indicator_rows(
    result: ReadResult, sheet: str, owner: str, indicators: Sequence[Indicator], unit: str
) -> list[Row]:
    """The 指标明细 rows of one sheet's indicators, built as tuples in :data:`INDICATOR_ORDER` (the largest
    sheet of the summary: ≈ 90 rows a return)."""
    form, who, owned = FORM_LABELS[result.model.form], text(unit), text(owner)
    source = result.sheets[sheet]
    rows: list[Row] = []
    for index, (item, (level1, level2)) in enumerate(zip(indicators, effective_levels(list(indicators)), strict=True)):
        sign, number, measure, kind = _value_columns(item.value)
        cell = source.item_cell("indicators", index, "value")
        rows.append((who, form, sheet, owned, text(level1), text(level2), text(item.name), text(item.value),
                     text(item.standard), sign, number, measure, kind, f"{sheet}!{cell}"))
    return rows


def department_rows(result: ReadResult, unit: str, path: str) -> dict[str, list[Row]]:
    model = result.model
    assert isinstance(model, DepartmentReturn)
    common = {"单位": text(unit), "表单": FORM_LABELS["department"]}
    funds: list[Row] = []
    summary = model.summary
    for index, fund in enumerate(summary.rows):
        cell = result.sheets[summary.sheet_name].item_cell("rows", index, "name")
        funds.append(_row(FUNDS, {
            **common, "工作表": summary.sheet_name, "类别": "专项", "序号": text(fund.seq),
            "专项名称": text(fund.name), "金额": money(fund.amount), "实施期绩效目标": text(fund.period_target),
            "年度绩效目标": text(fund.annual_target), "单元格": f"{summary.sheet_name}!{cell}",
            "文件": file_link(path, summary.sheet_name, cell),
        }))
    overall = model.overall
    indicators = indicator_rows(result, overall.sheet_name, "部门整体", overall.indicators, unit)
    for direction in model.directions:
        name = direction.sheet_name
        cell = result.sheets[name].field_cell("direction")
        funds.append(_row(FUNDS, {
            **common, "工作表": name, "类别": "支出方向", "专项名称": text(direction.fund_name),
            "支出方向": text(direction.direction), "项目金额": money(direction.project_amount),
            "金额": money(direction.amount), "实施期": text(direction.period),
            "实施期绩效目标": text(direction.period_target), "年度绩效目标": text(direction.annual_target),
            "指标数": len(direction.indicators), "单元格": f"{name}!{cell}", "文件": file_link(path, name, cell),
        }))
        indicators += indicator_rows(result, name, direction.direction, direction.indicators, unit)
    return {FUNDS.name: funds, INDICATORS.name: indicators}


def project_rows(result: ReadResult, unit: str, path: str) -> dict[str, list[Row]]:
    p = result.model
    assert isinstance(p, ProjectDeclaration)
    cell = result.sheets[p.sheet_name].field_cell("project_name")
    upper = [a for a in (p.central, p.provincial, p.municipal) if a is not None]
    fund = _row(FUNDS, {
        "单位": text(unit), "表单": FORM_LABELS["project"], "工作表": p.sheet_name, "类别": "项目",
        "专项名称": text(p.project_name), "金额": money(p.budget),
        "上级资金": money(sum(upper, Decimal(0))) if upper else None, "实施期": text(p.period),
        "实施期绩效目标": text(p.period_target), "年度绩效目标": text(p.annual_target),
        "指标数": len(p.indicators), "单元格": f"{p.sheet_name}!{cell}", "文件": file_link(path, p.sheet_name, cell),
    })
    indicators = indicator_rows(result, p.sheet_name, p.project_name, p.indicators, unit)
    return {FUNDS.name: [fund], INDICATORS.name: indicators}


def amounts(model: FormModel) -> dict[str, Decimal]:
    if isinstance(model, DepartmentReturn):
        found = {title: getattr(model.overall, attr) for title, attr in DEPARTMENT_AMOUNTS.items()}
    else:
        found = {title: getattr(model, attr) for title, attr in PROJECT_AMOUNTS.items()}
    return {title: value for title, value in found.items() if value is not None}


def counts(result: ReadResult, findings: Sequence[Finding]) -> dict[str, int]:
    model = result.model
    found = {title: sum(1 for f in findings if f.severity == severity) for title, severity in FINDING_COUNTS.items()}
    if isinstance(model, DepartmentReturn):
        found["专项数"] = len(model.summary.rows)
        found["支出方向数"] = len(model.directions)
        found["指标数"] = len(model.overall.indicators) + sum(len(d.indicators) for d in model.directions)
    else:
        found["指标数"] = len(model.indicators)
    return found


def summary_row(
    result: ReadResult, unit: str, status: str, amounts: Mapping[str, Decimal], counts: Mapping[str, int], link: Link
) -> Row:
    """The 汇总 row without its 序号 (numbered once the duplicates are known)."""
    model = result.model
    values: dict[str, Cell] = {
        "单位": text(unit), "表单": FORM_LABELS[model.form], "年度": model.year, "状态": status,
        "填表人": text(model.overall.preparer if isinstance(model, DepartmentReturn) else model.preparer),
        "联系电话": text(model.overall.phone if isinstance(model, DepartmentReturn) else model.phone),
        "文件": link,
    }
    if isinstance(model, ProjectDeclaration):
        values["项目名称"] = text(model.project_name)
    values.update({title: money(amount) for title, amount in amounts.items()})
    values.update(counts)
    return _row(SUMMARY, values, skip=1)
