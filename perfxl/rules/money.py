"""Rules: money (金额). Sums between the blocks of one sheet and between 附表1, 附表2 and 附表3.

Every comparison uses the settings' tolerance (万元) and prints the figures with :func:`perfxl.values.fmt`.
Totals are recomputed from the rows (the models' ``total``/``details_total``), never taken from a 合计 cell;
whether a 合计 cell still shows the right number is for :mod:`perfxl.rules.totals` (M111, M112; T102 when its
formula is gone).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.models import SpendingDirection
from perfxl.rules.integrity import sheet_models
from perfxl.values import fmt, squash


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
            o.sheet_name, ctx.field_cell(o.sheet_name, "total"),
            f"{o.sheet_name}!{ctx.field_cell(o.sheet_name, 'total')}：资金总额 {fmt(total)} 万元与按收入性质分的合计 "
            f"{fmt(sources)} 万元（一般公共预算 {fmt(_sum(o.general_budget))} + 政府性基金 {fmt(_sum(o.gov_fund))} + "
            f"其他资金 {fmt(_sum(o.other_funds))}）不一致。",
            "请核对各项收入来源金额，或修改资金总额。",
        )


# ---------------------------------------------------------------------------------------------- shared views


Links = tuple[dict[int, list[SpendingDirection]], list[SpendingDirection]]


def fund_links(ctx: CheckContext) -> Links:
    """(附表2 row index → its 附表3 in workbook order, 附表3 named after no row): a 附表3 belongs to the row named
    like its 所属专项名称, else like its 支出方向, compared by :func:`squash`; the first of equal names wins.
    Linked once per check (four rules ask)."""
    return ctx.shared(_fund_links)


def _fund_links(ctx: CheckContext) -> Links:
    rows = ctx.department.summary.rows if ctx.department is not None else []
    names = {squash(row.name): i for i, row in reversed(list(enumerate(rows))) if row.name.strip()}
    links: dict[int, list[SpendingDirection]] = {}
    orphans: list[SpendingDirection] = []
    for d in ctx.directions():
        index = names.get(squash(d.fund_name), names.get(squash(d.direction)))
        if index is None:
            orphans.append(d)
        else:
            links.setdefault(index, []).append(d)
    return links, orphans


def _project_key(direction: SpendingDirection) -> str:
    return squash(direction.fund_name) or squash(direction.direction)


def _amounts(directions: list[SpendingDirection]) -> Decimal | None:
    """Sum of the sheets' 金额; None when one of them is empty (the completeness rules report that)."""
    return None if any(d.amount is None for d in directions) else _sum(*(d.amount for d in directions))


@rule("M102", Severity.ERROR, Angle.APPROPRIATENESS, forms=("department",))
def total_equals_basic_plus_project(ctx: CheckContext) -> Iterator[Hit]:
    """附表1 资金总额与按支出性质分的合计不一致

    检查内容：附表1 资金总额 = 基本支出 + 项目支出。
    为什么：资金按来源分和按用途分是同一笔钱的两种口径，两边合计都必须等于申请总额（部门整体审核的硬性要求）。
    示例：资金总额 51.8 = 基本支出 33.8 + 项目支出 18 → 通过；项目支出写成 16.2 → 报错。
    修改方法：核对基本支出和项目支出，或修改资金总额。
    """
    o = ctx.department.overall if ctx.department is not None else None
    if o is None or o.total is None:
        return
    uses = _sum(o.basic, o.project)
    if abs(uses - o.total) <= ctx.tolerance:
        return
    cell = ctx.field_cell(o.sheet_name, "total")
    yield Hit(
        o.sheet_name, cell,
        f"{o.sheet_name}!{cell}：资金总额 {fmt(o.total)} 万元与按支出性质分的合计 {fmt(uses)} 万元"
        f"（基本支出 {fmt(_sum(o.basic))} + 项目支出 {fmt(_sum(o.project))}）不一致。",
        "请核对基本支出和项目支出，或修改资金总额。",
    )


@rule("M103", Severity.ERROR, Angle.APPROPRIATENESS, forms=("department",))
def project_spending_equals_fund_summary(ctx: CheckContext) -> Iterator[Hit]:
    """附表1 项目支出与附表2 专项资金合计不一致

    检查内容：附表1 项目支出 = 附表2 各专项金额之和（合计按各行重新计算，不采用文件中缓存的合计值）。
    为什么：附表2 列出的正是部门的项目支出，两表金额不一致说明漏报或多报了专项。
    示例：附表1 项目支出 18，附表2 合计 8 + 10 = 18 → 通过；附表2 第二行写成 12 → 报错。
    修改方法：核对附表2 各行金额，或修改附表1 的项目支出。
    """
    dept = ctx.department
    if dept is None:
        return
    o, s = dept.overall, dept.summary
    if (o.project is None and s.total == 0) or abs(_sum(o.project) - s.total) <= ctx.tolerance:
        return
    cell = ctx.field_cell(o.sheet_name, "project")
    yield Hit(
        o.sheet_name, cell,
        f"{o.sheet_name}!{cell}：项目支出 {fmt(_sum(o.project))} 万元与{s.sheet_name} 专项资金合计 {fmt(s.total)} 万元"
        f"（{s.sheet_name}!{ctx.formula_cell(s.sheet_name, 'total')}）不一致。",
        f"项目支出应等于{s.sheet_name}各专项金额之和：请核对{s.sheet_name}各行金额，或修改项目支出。",
    )


# ---------------------------------------------------------------------------------------------- 附表2 ⇄ 附表3


@rule("M104", Severity.ERROR, Angle.COMPLETENESS, forms=("department",))
def fund_without_direction_sheet(ctx: CheckContext) -> Iterator[Hit]:
    """附表2 的专项没有对应的附表3

    检查内容：附表2 每个填了金额的专项，都有至少一张附表3 的“所属专项名称”（或“支出方向”）与其名称一致（忽略空格）。
    为什么：每个专项都要按支出方向填报绩效目标（附表3），否则这笔钱没有绩效目标。
    示例：附表2 “业务性专项经费 8”，附表3-1 所属专项“业务性专项经费” → 通过；附表3 名称写成“业务专项经费” → 报错。
    修改方法：为该专项填写附表3（每个支出方向一张），并使“所属专项名称”与附表2 名称完全一致。
    """
    dept = ctx.department
    if dept is None:
        return
    links, s = fund_links(ctx)[0], dept.summary
    for index, row in enumerate(s.rows):
        if not row.amount or not row.name.strip() or index in links:
            continue
        cell = ctx.item_cell(s.sheet_name, "rows", index, "amount")
        yield Hit(
            s.sheet_name, cell,
            f"{s.sheet_name}!{cell}：专项“{row.name.strip()}”（{fmt(row.amount)} 万元）没有对应的附表3："
            f"找不到所属专项名称或支出方向为“{row.name.strip()}”的附表3。",
            "请为该专项填写附表3（每个支出方向一张），并使附表3 的“所属专项名称”与附表2 名称一致。",
        )


@rule("M105", Severity.ERROR, Angle.APPROPRIATENESS, forms=("department",))
def fund_amount_equals_directions(ctx: CheckContext) -> Iterator[Hit]:
    """附表2 专项金额与其附表3 金额之和不一致

    检查内容：附表2 每个专项的金额 = 属于该专项的各张附表3（各支出方向）的“金额”之和。
    为什么：附表3 把专项拆到各支出方向，拆分后的合计必须等于专项金额。
    示例：附表2 “业务性专项经费 8”，附表3-1 金额 8 → 通过；附表3-1 金额 9 → 报错。
    修改方法：核对附表2 的专项金额和各附表3 的金额，改正写错的一方。
    """
    dept = ctx.department
    if dept is None:
        return
    s = dept.summary
    for index, directions in fund_links(ctx)[0].items():
        row, total = s.rows[index], _amounts(directions)
        if total is None or abs(total - _sum(row.amount)) <= ctx.tolerance:
            continue
        cell = ctx.item_cell(s.sheet_name, "rows", index, "amount")
        stated = f"{fmt(row.amount)} 万元" if row.amount is not None else "金额未填"
        sheets = "、".join(d.sheet_name for d in directions)
        yield Hit(
            s.sheet_name, cell,
            f"{s.sheet_name}!{cell}：专项“{row.name.strip()}” {stated}，但其附表3（{sheets}）"
            f"金额合计 {fmt(total)} 万元。",
            "附表2 金额应等于该专项各支出方向附表3 的金额之和：请核对后修改。",
        )


@rule("M106", Severity.ERROR, Angle.COMPLETENESS, forms=("department",))
def direction_not_in_summary(ctx: CheckContext) -> Iterator[Hit]:
    """附表3 所属专项不在附表2 中

    检查内容：每张附表3 的“所属专项名称”（或“支出方向”）与附表2 的某个专项名称一致（忽略空格）。
    为什么：附表2 是专项的汇总，附表3 的专项不在其中，说明汇总表漏了专项或名称写得不一致，汇总时对不上。
    示例：附表2 有“业务性专项经费”，附表3-1 所属专项“业务性专项经费” → 通过；写成“业务经费” → 报错。
    修改方法：把附表3 的“所属专项名称”写成与附表2 完全一致的名称，或在附表2 中补上该专项。
    """
    dept = ctx.department
    if dept is None:
        return
    names = "、".join(row.name.strip() for row in dept.summary.rows if row.name.strip()) or "无"
    for d in fund_links(ctx)[1]:
        if not _project_key(d):
            continue
        cell = ctx.field_cell(d.sheet_name, "fund_name")
        yield Hit(
            d.sheet_name, cell,
            f"{d.sheet_name}!{cell}：所属专项“{d.fund_name.strip() or d.direction.strip()}”不在"
            f"{dept.summary.sheet_name}中（{dept.summary.sheet_name}的专项：{names}）。",
            "请把所属专项名称写成与附表2 完全一致的名称，或在附表2 中补上该专项。",
        )


# ---------------------------------------------------------------------------------------------- 附表3


@rule("M107", Severity.ERROR, Angle.APPROPRIATENESS, forms=("department",))
def direction_exceeds_project_amount(ctx: CheckContext) -> Iterator[Hit]:
    """附表3 金额超过项目金额

    检查内容：附表3 的“金额”（本支出方向）不超过“项目金额”（整个专项）。
    为什么：支出方向是专项的一部分，部分不能大于整体；通常是两格填反了。
    示例：项目金额 10，金额 4 → 通过；项目金额 4，金额 10 → 报错。
    修改方法：项目金额填整个专项的金额，金额填本支出方向的金额；检查是否填反。
    """
    for d in ctx.directions():
        if d.amount is None or d.project_amount is None or d.amount - d.project_amount <= ctx.tolerance:
            continue
        cell = ctx.field_cell(d.sheet_name, "amount")
        yield Hit(
            d.sheet_name, cell,
            f"{d.sheet_name}!{cell}：本支出方向金额 {fmt(d.amount)} 万元超过项目金额 {fmt(d.project_amount)} 万元"
            f"（{d.sheet_name}!{ctx.field_cell(d.sheet_name, 'project_amount')}）。",
            "项目金额填整个专项的金额，金额填本支出方向的金额：请检查两格是否填反。",
        )


@rule("M108", Severity.ERROR, Angle.APPROPRIATENESS, forms=("department",))
def project_amount_equals_directions(ctx: CheckContext) -> Iterator[Hit]:
    """附表3 项目金额与该专项各支出方向金额之和不一致

    检查内容：附表3 的“项目金额”= 同一专项各张附表3 的“金额”之和；专项只有一张附表3 时，项目金额 = 金额。
    为什么：项目金额是整个专项的金额，它由各支出方向组成；对不上说明漏填了支出方向表或金额写错。
    示例：附表3-1 项目金额 8、金额 8（该专项只有一张）→ 通过；项目金额 10、金额 8 → 报错。
    修改方法：核对项目金额，或补齐该专项其他支出方向的附表3。
    """
    groups: dict[str, list[SpendingDirection]] = {}
    for d in ctx.directions():
        groups.setdefault(_project_key(d), []).append(d)
    for key, directions in groups.items():
        total = _amounts(directions)
        if not key or total is None:
            continue
        for d in directions:
            exceeds = d.amount is not None and d.project_amount is not None and d.amount - d.project_amount > ctx.tolerance
            if d.project_amount is None or exceeds or abs(d.project_amount - total) <= ctx.tolerance:
                continue  # an amount above the project amount is M107's
            cell = ctx.field_cell(d.sheet_name, "project_amount")
            if len(directions) == 1:
                problem = f"与本表金额 {fmt(total)} 万元不一致：该专项只有这一张支出方向表，两者应相等。"
            else:
                parts = " + ".join(f"{x.sheet_name} {fmt(_sum(x.amount))}" for x in directions)
                problem = f"与该专项各支出方向金额合计 {fmt(total)} 万元（{parts}）不一致。"
            yield Hit(
                d.sheet_name, cell,
                f"{d.sheet_name}!{cell}：项目金额 {fmt(d.project_amount)} 万元{problem}",
                "项目金额应为整个专项的金额：请核对，或补齐该专项其他支出方向的附表3。",
            )


@rule("M109", Severity.ERROR, Angle.APPROPRIATENESS, forms=("department",))
def amount_equals_details_total(ctx: CheckContext) -> Iterator[Hit]:
    """附表3 金额与支出明细合计不一致

    检查内容：附表3 的“金额”= 支出明细及测算说明各行金额之和（按各行重新计算）。
    为什么：支出明细是金额的测算依据，合计对不上说明测算不完整或金额写错（可行性审核）。
    示例：金额 8，支出明细一行 8 → 通过；支出明细合计 8.1 → 报错。
    修改方法：核对各项支出明细金额，或修改金额。
    """
    for d in ctx.directions():
        if d.amount is None or abs(d.details_total - d.amount) <= ctx.tolerance:
            continue
        cell = ctx.formula_cell(d.sheet_name, "details_total")
        filled = any(row.amount is not None for row in d.details)
        total = f"支出明细合计 {fmt(d.details_total)} 万元" if filled else "支出明细未填金额"
        yield Hit(
            d.sheet_name, cell,
            f"{d.sheet_name}!{cell}：{total}，与金额 {fmt(d.amount)} 万元"
            f"（{d.sheet_name}!{ctx.field_cell(d.sheet_name, 'amount')}）不一致。",
            "请核对各项支出明细金额，或修改金额。",
        )


def _money_cells(ctx: CheckContext) -> Iterator[tuple[str, str, str, Decimal | None]]:
    """Every money cell of every form sheet: (sheet, cell, what it holds, value read)."""
    for sheet, model in sheet_models(ctx).items():
        layout = ctx.source(sheet).layout
        for f in (f for f in layout.fields if f.kind == "money"):
            what = f"上级资金（{f.label}）" if f.key in ("central", "provincial", "municipal") else f.label
            yield sheet, ctx.field_cell(sheet, f.key), what, getattr(model, f.key)
        for block in layout.blocks:
            for c in (c for c in block.columns if c.kind == "money"):
                for i, row in enumerate(getattr(model, block.key)):
                    what = f"{block.label}第 {i + 1} 行{squash(c.label)}"
                    yield sheet, ctx.item_cell(sheet, block.key, i, c.key), what, getattr(row, c.key)


@rule("M110", Severity.ERROR, Angle.APPROPRIATENESS)
def negative_amount(ctx: CheckContext) -> Iterator[Hit]:
    """金额为负数

    检查内容：所有金额单元格（资金总额及其构成、专项金额、项目金额、支出明细金额、项目申报表的本级预算和
    中央/省级/市级上级资金）不为负数。
    为什么：预算申请金额不可能为负；负数会让各处合计看似平衡而实际错误。
    示例：上级资金（省级）5 → 通过；-5 → 报错。
    修改方法：填写正数（单位：万元）；没有该项资金时留空。
    """
    for sheet, cell, what, value in _money_cells(ctx):
        if value is not None and value < 0:
            yield Hit(sheet, cell, f"{sheet}!{cell}：{what} {fmt(value)} 万元为负数。",
                      "金额不能为负数：请填写正数（单位：万元）；没有该项资金时留空。")
