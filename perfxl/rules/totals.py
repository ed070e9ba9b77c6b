"""Rules: the 合计 cells against the rows they add up (M111, M112), and amounts typed as text (M113).

A 合计 on the form is Excel's ``=SUM(…)`` over a block's amount column; perfxl recomputes its own total from every
row it reads. The two part in three ways, each with its own cure, and each finding goes where the cure is:
the saved result is stale (F9 fixes it: M111, at the 合计); a row's amount is text, which SUM skips (typing it
as a number fixes it: M112, at that row); a row lies outside the SUM's range, as after a row was inserted at
the block's edge (moving the row or widening the range fixes it: M112, at that row). :func:`sum_ranges` says
which rows each 合计 adds up, so M111 compares the saved result with what Excel itself would show after F9
and never asks for F9 when recalculating would not help.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from msgspec import Struct

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.grid import SheetGrid
from perfxl.layout.a1 import bounds, column_index
from perfxl.layout.spec import Block, Column, Formula
from perfxl.rules.integrity import sheet_models
from perfxl.values import WAN, clip, fmt, parse_amount

_SUM = re.compile(r"=?\s*SUM\(\s*\$?([A-Z]{1,3})\$?(\d{1,7})\s*:\s*\$?([A-Z]{1,3})\$?(\d{1,7})\s*\)\s*", re.IGNORECASE)


class SumRange(Struct, frozen=True):
    """One 合计 of a sheet: its cell now, the block column it adds up, the rows Excel adds (from the formula as
    saved when that is the template's ``SUM`` as Excel moved it, else the block's rows as placed) and perfxl's own
    total over every row read."""

    sheet: str
    cell: str
    formula: Formula
    block: Block
    column: Column
    rows: range
    placed: range  # the block's rows now
    total: Decimal
    written: str | None  # the formula as saved (without "="); None on a live book, where it cannot be seen

    @property
    def accepted(self) -> bool:
        """The saved formula is the template's ``SUM`` over this column, moved as Excel moves it (or unseen)."""
        return self.written is None or sum_rows(self.written, self.column, self.placed, self.block.capacity) is not None

    def excel_sum(self, sheet: SheetGrid) -> Decimal:
        """What Excel shows after recalculating: the numbers among :attr:`rows` (text and booleans are skipped)."""
        total = Decimal(0)
        for row in self.rows:
            value = sheet.value(row, self.column.index)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                amount = parse_amount(value).value
                total += amount if amount is not None else Decimal(0)
        return total


def sum_rows(text: str, column: Column, placed: range, capacity: int) -> range | None:
    """The rows ``=SUM(D51:D60)`` adds up when it is the template's formula for ``column`` as Excel moves it: a
    range of that column inside the block as placed, no shorter than the block (or than the block as placed,
    when rows were deleted). None for anything else (T105 reports it)."""
    m = _SUM.fullmatch(text.strip())
    if m is None or m[1].upper() != column.first_col or m[3].upper() != column.first_col:
        return None
    rows = range(int(m[2]), int(m[4]) + 1)
    if not placed or rows.start < placed.start or rows.stop > placed.stop or len(rows) < min(capacity, len(placed)):
        return None
    return rows


def sum_ranges(ctx: CheckContext) -> list[SumRange]:
    """Every 合计 of every form sheet (gathered once per check: M111, M112 and T105 ask)."""
    return ctx.shared(_sum_ranges)


def _sum_ranges(ctx: CheckContext) -> list[SumRange]:
    facts = ctx.workbook_facts
    found = []
    for sheet, model in sheet_models(ctx).items():
        source = ctx.source(sheet)
        for formula in source.layout.formulas:
            target = _summed_column(source.layout.blocks, formula)
            total = getattr(model, formula.key, None)
            if target is None or not isinstance(total, Decimal):
                continue
            block, column = target
            cell = source.formula_cell(formula.key)
            placed = source.where.block_rows(block)
            written = facts[sheet].texts.get(cell, "") if facts is not None and sheet in facts else None
            rows = sum_rows(written, column, placed, block.capacity) if written else None
            found.append(SumRange(sheet, cell, formula, block, column, rows or placed, placed, total, written))
    return found


def _summed_column(blocks: tuple[Block, ...], formula: Formula) -> tuple[Block, Column] | None:
    """The block column a template 合计 adds up (``=SUM(D51:D60)`` → 支出明细's 金额)."""
    m = _SUM.fullmatch(formula.formula) if formula.kind == "money" else None
    if m is None:
        return None
    first, _, last, _ = bounds(f"{m[1]}{m[2]}:{m[3]}{m[4]}")
    for block in blocks:
        for column in block.columns:
            if column.index == column_index(m[1]) and (block.first_row, block.last_row) == (first, last):
                return block, column
    return None


def _uncounted(ctx: CheckContext, s: SumRange) -> Iterator[tuple[int, int, Decimal, object]]:
    """(item index, row, amount, value as typed) of each block row perfxl counts but Excel's 合计 does not."""
    model = sheet_models(ctx)[s.sheet]
    grid = ctx.result.grid[s.sheet]
    for index, (item, row) in enumerate(zip(getattr(model, s.block.key), ctx.source(s.sheet).item_rows[s.block.key],
                                            strict=True)):
        amount = getattr(item, s.column.key)
        raw = grid.value(row, s.column.index)
        if amount is not None and (row not in s.rows or isinstance(raw, str)):
            yield index, row, amount, raw


@rule("M111", Severity.ERROR, Angle.APPROPRIATENESS)
def stale_formula_total(ctx: CheckContext) -> Iterator[Hit]:
    """合计单元格显示的数值与重新计算的不一致

    检查内容：附表2 合计、附表3 支出明细合计等公式单元格中保存的结果，与按公式重新计算的结果相同（Excel 会怎样重新计算：
    对求和范围内的数字求和）。
    为什么：打印、盖章和汇总的人看到的是单元格里保存的数；公式未重新计算（计算选项为“手动”）时，纸面上的合计是错的。
    公式被改成数值的情况由 T102 报告、公式被改写由 T105 报告，这里不重复；文件没有保存公式结果时（T104）不检查。
    金额是文字或所在行不在求和范围内、重新计算也不会计入的情况由 M112 在该行报告，这里不要求重新计算。
    示例：附表2 各行 8 + 10，合计显示 18 → 通过；显示 20 → 报错；某行金额是文字“8万元”、合计显示 10 → 不在这里报告（见 M112）。
    修改方法：在 Excel/WPS 中按 F9 重新计算后保存；若计算选项为“手动”，改为“自动”。
    """
    facts = ctx.workbook_facts
    for s in sum_ranges(ctx):
        grid = ctx.result.grid[s.sheet]
        cached = parse_amount(grid.at(s.cell)).value
        if cached is None or not s.accepted:
            continue  # no saved result (T104), or a formula that is not the template's (T105)
        if facts is not None and s.sheet in facts and s.cell not in facts[s.sheet].formulas:
            continue  # the formula was overwritten with a constant: T102 reports it
        excel = s.excel_sum(grid)
        if abs(cached - excel) <= ctx.tolerance:
            continue
        cause = "公式未重新计算" if facts is not None else "公式可能被改成了数值，或未重新计算"
        if abs(excel - s.total) <= ctx.tolerance:
            problem = f"合计显示 {fmt(cached)} 万元，但按各行金额计算应为 {fmt(s.total)} 万元（{cause}）。"
        else:
            cells = "、".join(f"{s.column.first_col}{row}" for _, row, _, _ in _uncounted(ctx, s))
            problem = (f"合计显示 {fmt(cached)} 万元，但重新计算应为 {fmt(excel)} 万元（{cause}）；另外 {cells} 的金额"
                       f"不会计入合计（见该格），按各行金额应为 {fmt(s.total)} 万元。")
        yield Hit(
            s.sheet, s.cell, f"{s.sheet}!{s.cell}：{problem}",
            "请在 Excel/WPS 中按 F9（公式→开始计算）重新计算后保存；若计算选项为“手动”，请改为“自动”。",
        )


@rule("M112", Severity.ERROR, Angle.APPROPRIATENESS, forms=("department",))
def amount_left_out_of_total(ctx: CheckContext) -> Iterator[Hit]:
    """合计没有计入某行的金额（金额是文字，或该行不在求和范围内）

    检查内容：附表2 专项金额、附表3 支出明细金额等各行金额，都会被 Excel 的合计公式（=SUM）计入：金额是数字（不是文字），
    且所在行在合计公式的求和范围内。perfxl 读得懂写成文字的金额（“8万元”“80000元”“8 万”），各项核对按读出的数进行，
    但 Excel 的 SUM 会跳过文字；在明细区第一行之上或最后一行之下插入的行也不在求和范围内。
    为什么：打印、盖章和汇总的人看到的合计会少算这些金额，而按 F9 重新计算也不会改正（这不是公式没有重算）。
    示例：附表2!C6 填数字 8 → 通过；填文字“8万元”（或单元格设为文本格式后填 8）→ 报错，合计显示 10 万元而不是 18 万元。
    修改方法：在该格重新输入数字（单位万元已在表头注明，不带文字）；单元格是文本格式时先改为“常规”再输入。不在求和范围内的行，
    把内容移到明细区的空行中再删除该行，或把合计公式的范围改为包括所有明细行。
    """
    for s in sum_ranges(ctx):
        cached = parse_amount(ctx.result.grid[s.sheet].at(s.cell)).value
        shown = f"现显示 {fmt(cached)} 万元，" if cached is not None else ""
        for index, row, amount, raw in _uncounted(ctx, s):
            cell = f"{s.column.first_col}{row}"
            what = f"{s.block.label}第 {index + 1} 行{s.column.label.replace(' ', '')}"
            total = f"合计（{s.sheet}!{s.cell}）少算了这 {fmt(amount)} 万元（{shown}按各行应为 {fmt(s.total)} 万元）"
            if row not in s.rows:
                yield Hit(
                    s.sheet, cell,
                    f"{s.sheet}!{cell}：{what} {fmt(amount)} 万元所在的第 {row} 行不在合计公式 ={s.written}"
                    f"的求和范围（第 {s.rows.start}–{s.rows.stop - 1} 行）内，{total}。这一行多半是插入在明细区"
                    "第一行之上或最后一行之下的。",
                    f"请把这一行的内容移到{s.block.label}的空行中再删除这一行，或把合计公式改为 "
                    f"=SUM({s.column.first_col}{s.placed.start}:{s.column.first_col}{s.placed.stop - 1})；"
                    "按 F9 重新计算不会把这一行计入。",
                )
                continue
            yield Hit(
                s.sheet, cell,
                f"{s.sheet}!{cell}：{what}“{clip(str(raw).strip())}”是文字，perfxl 按 {fmt(amount)} 万元读取"
                f"{_conversion(raw, amount)}；但 Excel 的求和（SUM）跳过文字，{total}。",
                _retype(cell, amount) + "按 F9 重新计算不会把文字计入合计。",
            )


@rule("M113", Severity.ADVICE, Angle.COMPLETENESS)
def amount_typed_as_text(ctx: CheckContext) -> Iterator[Hit]:
    """金额以文字填写（带单位或设为文本格式）

    检查内容：资金总额、项目金额、金额、年度本级预算金额、上级资金等不参与合计公式的金额单元格填的是数字，而不是文字
    （“8万元”“80000元”“8 万”，或设为文本格式的“8”）。perfxl 读得懂这些写法并按读出的万元数核对；填“元”的提醒核对（警告）。
    为什么：金额格按万元填数字，打印件上才统一、不会看错单位；文字金额在 Excel 中不能参与计算（其他人汇总或引用时会漏算），
    填成“元”的数与表头“金额单位：万元”不符，容易被看成 80000 万元。各行金额参与合计，写成文字的见 M112。
    示例：附表3-1!E5 填 8 → 通过；填“8万元” → 提示（按 8 万元核对）；填“80000元” → 警告（按 8 万元核对）。
    修改方法：在该格重新输入万元数（如 8），不带单位；单元格是文本格式时先改为“常规”再输入。
    """
    for sheet, model in sheet_models(ctx).items():
        grid = ctx.result.grid[sheet]
        for item in (f for f in ctx.source(sheet).layout.fields if f.kind == "money"):
            amount = getattr(model, item.key)
            cell = ctx.field_cell(sheet, item.key)
            raw = grid.at(cell)
            if amount is None or not isinstance(raw, str):
                continue
            in_yuan = parse_amount(raw).unit_seen == "元"
            what = f"上级资金（{item.label}）" if item.key in ("central", "provincial", "municipal") else item.label
            yield Hit(
                sheet, cell,
                f"{sheet}!{cell}：{what}“{clip(raw.strip())}”是文字，perfxl 按 {fmt(amount)} 万元读取并核对"
                f"{_conversion(raw, amount)}。" + ("表头的金额单位是万元，这里却写了元，打印件上容易看错。" if in_yuan else ""),
                _retype(cell, amount),
                severity=Severity.WARNING if in_yuan else None,
            )


def _conversion(raw: object, amount: Decimal) -> str:
    """"（80000 元 = 8 万元）" for an amount typed in 元, else ""."""
    read = parse_amount(raw)
    if read.unit_seen != "元":
        return ""
    return f"（{fmt(amount / WAN)} 元 = {fmt(amount)} 万元）"


def _retype(cell: str, amount: Decimal) -> str:
    return (f"请在 {cell} 重新输入数字 {fmt(amount)}（单位万元已在表头注明，不要带“万元”“元”等文字）；若输入后单元格左上角"
            "仍有绿色三角（文本格式），先把单元格格式设为“常规”再输入。")
