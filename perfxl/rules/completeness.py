"""Rules: completeness (填报完整). Required cells filled, phone numbers plausible, no leftover or half-filled rows.

"Empty" means empty or only spaces and line breaks, judged on the cell as typed (the grid), so a money cell
holding text is not called empty: the engine reports that one as M001.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.models import FundSummary
from perfxl.rules.integrity import sheet_models
from perfxl.rules.money import fund_links
from perfxl.values import IndicatorKind, fmt, parse_indicator_value, to_halfwidth

TARGET_KEYS = ("period_target", "annual_target")
_MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"(?:\+?86-?)?(?:\(0\d{2,3}\)|0\d{2,3}-?)[2-9]\d{6,7}(?:(?:-|转|#|分机|ext\.?)\d{1,6})?", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _blank(text: str) -> bool:
    return not text.strip()


def _placeholder(text: str) -> bool:
    """Only "*", "-", "/", "无" and the like: a cell that looks filled but says nothing."""
    return parse_indicator_value(text).kind == IndicatorKind.PLACEHOLDER


def plausible_phone(text: str) -> bool:
    """A mainland mobile (1[3-9] + 9 digits) or a landline with area code (0731-22222222, extension allowed);
    several numbers may be separated by "/", "、", "，", "；" or "或"."""
    pieces = [p for p in re.split(r"[/、,;]|或", re.sub(r"\s+", "", to_halfwidth(text))) if p]
    return bool(pieces) and all(_MOBILE.fullmatch(p.replace("-", "")) or _LANDLINE.fullmatch(p) for p in pieces)


def unused_sheet(ctx: CheckContext, sheet: str) -> bool:
    """A repeating sheet (附表3) still blank as in the template: nothing on it to complete (see
    :attr:`CheckContext.unused_sheets`)."""
    return sheet in ctx.unused_sheets


def _missing_fields(ctx: CheckContext, signature: bool) -> Iterator[Hit]:
    for sheet, source in ctx.result.sheets.items():
        for item in source.layout.fields if not unused_sheet(ctx, sheet) else ():
            if not item.required or item.signed != signature:
                continue
            cell = ctx.field_cell(sheet, item.key)
            if _blank(ctx.result.grid[sheet].text(cell)):
                yield Hit(sheet, cell, f"{sheet}!{cell}：{item.label}未填写。", f"请填写{item.label}。")


def _targets(ctx: CheckContext) -> Iterator[tuple[str, str, str, str, str | None]]:
    """(sheet, cell, label, text, 专项 name) of every 绩效目标 text: each sheet's own, and those of each 附表2 row
    with an amount (the 专项 name is None for the former)."""
    for sheet, model in sheet_models(ctx).items():
        layout = ctx.source(sheet).layout
        for item in (f for f in layout.fields if f.key in TARGET_KEYS):
            yield sheet, ctx.field_cell(sheet, item.key), item.label, getattr(model, item.key), None
        for index, row in enumerate(model.rows if isinstance(model, FundSummary) else []):
            for key in TARGET_KEYS if row.amount is not None else ():
                label = layout.block("rows").column(key).label
                yield sheet, ctx.item_cell(sheet, "rows", index, key), label, getattr(row, key), row.name.strip()


@rule("F101", Severity.ERROR, Angle.COMPLETENESS)
def required_field_empty(ctx: CheckContext) -> Iterator[Hit]:
    """必填项未填写

    检查内容：表头必填项（部门名称、预算年度、资金总额、部门职责概述、支出方向、所属专项名称、项目金额、金额、
    项目实施期、绩效目标、项目名称、预算部门等）不为空，只有空格或换行也算空。整张空白、未使用的附表3 不检查；
    签字盖章时才填的栏目（填表人、联系电话、填报单位（盖章））由 F102 作警告。
    为什么：缺少这些内容，表单无法审核和汇总（完整性审核）。
    示例：部门名称填“中共株洲市石峰区委网络安全和信息化委员会办公室” → 通过；留空 → 报错。
    修改方法：填写该项。
    """
    yield from _missing_fields(ctx, signature=False)


@rule("F102", Severity.WARNING, Angle.COMPLETENESS)
def signature_field_empty(ctx: CheckContext) -> Iterator[Hit]:
    """签字盖章栏（填表人、联系电话、填报单位）未填写

    检查内容：每张表签字栏的填表人和联系电话，以及项目申报表盖章处的填报单位不为空。整张空白、未使用的附表3 不检查。
    为什么：财政部门审核时需要联系填表人核实、看清是哪个单位报送；这些栏目常在打印后签字、盖章时才补（单位名称
    以公章为准），所以只作警告，不作错误。
    示例：填表人“吴华珍”、联系电话“13975429050” → 通过；留空 → 警告；项目申报表“填报单位”留空待盖章 → 警告。
    修改方法：报送前填写填表人姓名、联系电话和填报单位名称（电子版报送时尤其需要）。
    """
    yield from _missing_fields(ctx, signature=True)


@rule("F103", Severity.WARNING, Angle.COMPLETENESS)
def phone_implausible(ctx: CheckContext) -> Iterator[Hit]:
    """联系电话不像有效的电话号码

    检查内容：联系电话是 11 位手机号（1 开头，第二位 3–9），或带区号的座机号（如 0731-22222222，可带分机）。
    为什么：号码少位、缺区号或被 Excel 当成数字丢了开头的 0，审核人就联系不上填表人。
    示例：“13975429050”、“0734-5222222 转 8001” → 通过；“5222222”（缺区号）、“1397542905”（少一位）→ 警告。
    修改方法：填写完整的手机号，或“区号-号码”形式的座机号；座机请以文本格式输入以保留开头的 0。
    """
    for sheet, source in ctx.result.sheets.items():
        for item in source.layout.fields:
            if item.kind != "phone":
                continue
            cell = ctx.field_cell(sheet, item.key)
            text = ctx.result.grid[sheet].text(cell).strip()
            if not text or plausible_phone(text):
                continue
            yield Hit(sheet, cell, f"{sheet}!{cell}：联系电话“{text}”不像有效的电话号码。",
                      "请填写 11 位手机号，或带区号的座机号（如 0731-22222222，分机可写“转 123”）。")


@rule("F104", Severity.ERROR, Angle.COMPLETENESS)
def target_text_empty(ctx: CheckContext) -> Iterator[Hit]:
    """绩效目标只有占位符或未填写

    检查内容：附表2 每个有金额的专项都填写了实施期绩效目标和年度绩效目标；各表的绩效目标不是“*”“-”“/”“无”
    之类的占位符（表头绩效目标为空由 F101 报告）。
    为什么：绩效目标是这张表的核心，占位符等于没填（完整性审核）。
    示例：年度绩效目标“建设清朗安全的网络空间” → 通过；“/” 或空白 → 报错。
    修改方法：写明该专项或支出方向在实施期和本年度要达到的产出和效果。
    """
    for sheet, cell, label, text, fund in _targets(ctx):
        if (fund is None and _blank(text)) or not (_blank(text) or _placeholder(text)):
            continue  # an empty header target is F101's
        what = f"专项“{fund}”没有填写{label}" if _blank(text) else f"{label}只填了占位符“{text.strip()}”"
        yield Hit(sheet, cell, f"{sheet}!{cell}：{what}。", f"请写明{label}：要达到的产出和效果。")


@rule("F105", Severity.WARNING, Angle.COMPLETENESS, forms=("department",))
def leftover_row(ctx: CheckContext) -> Iterator[Hit]:
    """有名称没有金额的行（模板残留行）

    检查内容：附表2 有名称的专项行都填了金额（有金额的行也都有名称）；附表3 有支出明细的行都填了金额。
    为什么：有名称没金额的行通常是模板示例（如“三 C专项”）没删干净，汇总时会被当成一个专项；有金额没名称的行
    说不清这笔钱是什么（报错）。
    示例：“一 业务性专项经费 8” → 通过；“三 C专项”金额空 → 警告。
    修改方法：没有这一项就清空整行；否则补上金额（或名称）。
    """
    dept = ctx.department
    if dept is None:
        return
    s, linked = dept.summary, fund_links(ctx)[0]
    for index, row in enumerate(s.rows):
        cell = ctx.item_cell(s.sheet_name, "rows", index, "amount")
        what = f"{row.seq.strip()} {row.name.strip()}".strip()
        if row.amount and _blank(row.name):
            yield Hit(s.sheet_name, ctx.item_cell(s.sheet_name, "rows", index, "name"),
                      f"{s.sheet_name}!{ctx.item_cell(s.sheet_name, 'rows', index, 'name')}：第 {index + 1} 行金额 "
                      f"{fmt(row.amount)} 万元，但没有专项名称。", "请填写专项名称。", Severity.ERROR)
        elif not _blank(row.name) and _blank(ctx.result.grid[s.sheet_name].text(cell)) and index not in linked:
            yield Hit(s.sheet_name, cell, f"{s.sheet_name}!{cell}：“{what}”一行有名称但没有金额，像是模板里留下的空行。",
                      "没有这个专项就清空该行的序号和名称；否则请填写金额。")
    for d in dept.directions:
        for index, detail in enumerate(d.details):
            cell = ctx.item_cell(d.sheet_name, "details", index, "amount")
            what = detail.item.strip() or detail.intro.strip()
            if what and _blank(ctx.result.grid[d.sheet_name].text(cell)):
                yield Hit(d.sheet_name, cell, f"{d.sheet_name}!{cell}：支出明细“{what}”没有填写金额。",
                          "请填写该项金额（万元）；没有这项支出就清空整行。")


@rule("F106", Severity.ERROR, Angle.COMPLETENESS, forms=("department",))
def work_task_incomplete(ctx: CheckContext) -> Iterator[Hit]:
    """重点工作缺少事项、责任单位或工作目标

    检查内容：附表1 年度重点工作计划的每一行都填写了事项、责任单位/科室和工作目标。
    为什么：每项重点工作都要有目标和落实责任的科室，否则无法考核（部门整体审核：每项工作都有目标）。
    示例：“网信责任落实 | 综合办公室 | 强化队伍阵地建设…” → 通过；工作目标为空 → 报错。
    修改方法：补齐该行缺少的内容。
    """
    o = ctx.department.overall if ctx.department is not None else None
    if o is None or o.sheet_name not in ctx.result.sheets:
        return
    block = ctx.source(o.sheet_name).layout.block("tasks")
    for index, task in enumerate(o.tasks):
        name = f"重点工作“{task.matter.strip()}”" if task.matter.strip() else f"第 {index + 1} 项重点工作"
        for column in block.columns:
            if _blank(getattr(task, column.key)):
                cell = ctx.item_cell(o.sheet_name, "tasks", index, column.key)
                yield Hit(o.sheet_name, cell, f"{o.sheet_name}!{cell}：{name}没有填写{column.label}。",
                          f"请填写{column.label}。")


@rule("F107", Severity.ERROR, Angle.COMPLETENESS, forms=("department",))
def no_work_tasks(ctx: CheckContext) -> Iterator[Hit]:
    """附表1 没有填写年度重点工作计划

    检查内容：附表1 年度重点工作计划至少填写一项。
    为什么：部门整体绩效目标要落到年度重点工作上，没有重点工作就无法判断目标与职责是否相关。
    示例：填写了“网信责任落实”等三项 → 通过；一项也没有 → 报错。
    修改方法：按部门职责列出本年度重点工作事项、责任科室和工作目标。
    """
    o = ctx.department.overall if ctx.department is not None else None
    if o is None or o.tasks or o.sheet_name not in ctx.result.sheets:
        return
    cell = ctx.source(o.sheet_name).slot_cell("tasks", 0, "matter")
    yield Hit(o.sheet_name, cell, f"{o.sheet_name}!{cell}：年度重点工作计划一项也没有填写。",
              "请按部门职责列出本年度重点工作事项、责任科室和工作目标。")


@rule("F108", Severity.ERROR, Angle.COMPLETENESS)
def no_indicators(ctx: CheckContext) -> Iterator[Hit]:
    """表中没有任何绩效指标

    检查内容：每张带绩效指标的表（附表1、每张附表3、项目申报表）至少填写了一个三级指标或指标值。
    为什么：没有指标，绩效目标就无法衡量（完整性审核）。
    示例：填写了数量、质量、时效、成本、效益、满意度指标 → 通过；指标区一行也没有 → 报错。
    修改方法：按指标体系填写产出、效益、满意度等指标（可用 perfxl 的指标库生成）。
    """
    for table in ctx.indicator_tables:
        if unused_sheet(ctx, table.sheet) or any(not _blank(r.name) or not _blank(r.value) for r in table.indicators):
            continue
        yield Hit(table.sheet, table.first_cell, f"{table.sheet}!{table.first_cell}：{table.block.label}一项也没有填写。",
                  "请按指标体系填写产出、效益、满意度等指标。")


@rule("F109", Severity.WARNING, Angle.COMPLETENESS)
def period_misses_year(ctx: CheckContext) -> Iterator[Hit]:
    """项目实施期没有包含预算年度

    检查内容：附表3 和项目申报表的项目实施期写明了年份，且包含本表的预算年度（跨年写法如“2022—2024年”也可）。
    为什么：实施期不含预算年度，多半是沿用了往年的表；只写“1年”看不出是哪一年。
    示例：2023 年的表写“2023年” → 通过；写“2022年”或“1年” → 警告。
    修改方法：写明实施期的起止年份，如“2023年”“2023年1月—12月”，跨年项目写“2022—2024年”。
    """
    year = ctx.model.year
    if year is None:
        return
    periods = [(d.sheet_name, d.period) for d in ctx.directions()]
    periods += [(ctx.project.sheet_name, ctx.project.period)] if ctx.project is not None else []
    for sheet, period in periods:
        years = [int(y) for y in _YEAR.findall(to_halfwidth(period))]
        if _blank(period) or year in years or (len(years) > 1 and min(years) <= year <= max(years)):
            continue
        cell = ctx.field_cell(sheet, "period")
        problem = f"不包含预算年度 {year} 年" if years else f"没有写明年份（预算年度 {year} 年）"
        yield Hit(sheet, cell, f"{sheet}!{cell}：项目实施期“{period.strip()}”{problem}。",
                  "请写明实施期的起止年份，如“2023年”或“2023年1月—12月”；跨年项目写“2022—2024年”。")
