"""Rules: 测算 (calculation). Each 附表3 支出明细 row's 支出测算依据及过程说明, read by :mod:`perfxl.calculation`.

Reviewers judge 可行性 by whether the money was calculated: every product should give its stated result and the
items should add up to the row's 金额. The parser reads free text; where it cannot read a piece the rules give
a 提示 rather than guess, and they never turn an unreadable text into an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from perfxl.calculation import CalcItem, Calculation, parse_calculation
from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.models import SpendingDetail
from perfxl.values import fmt, to_halfwidth

_MONEY_IN_LABEL = re.compile(r"\d(?:[\d,.]*)\s*(?:万元|元|万)")
_DIGIT = re.compile(r"\d")


def _details(ctx: CheckContext) -> Iterator[tuple[str, int, SpendingDetail]]:
    """(sheet, row index, row) of every 附表3 支出明细 row."""
    for direction in ctx.directions():
        for index, row in enumerate(direction.details):
            yield direction.sheet_name, index, row


def _number(index: int) -> str:
    """0 → "①" … 19 → "⑳", then "21" …"""
    return chr(0x2460 + index) if index < 20 else str(index + 1)


def _wan(amount: Decimal) -> str:
    return f"{fmt(amount)} 万元"


def _sum_text(amounts: list[Decimal]) -> str:
    """"1.2 + 1.4 - 0.5": the items as added, a negative one (结余抵减) subtracted."""
    text = fmt(amounts[0]) if amounts else ""
    for amount in amounts[1:]:
        text += f" - {fmt(-amount)}" if amount < 0 else f" + {fmt(amount)}"
    return text


def _as_written(item: CalcItem) -> str:
    """The stated result as written, converted when it was not in 万元: "12000元（1.2 万元）"."""
    assert item.stated is not None and item.stated_wan is not None
    if item.stated.unit.startswith("万元") or item.stated.unit == "万":
        return _wan(item.stated.number)
    return f"{item.stated}（{_wan(item.stated_wan)}）"


def _unreadable(calc: Calculation) -> list[str]:
    """Pieces the parser could not read although they carry numbers, and items that swallowed another amount
    ("办公费2万元，差旅费3万元" read as one item): the sum of such a text is not reliable."""
    pieces = [p for p in calc.unparsed if _DIGIT.search(to_halfwidth(p))]
    return pieces + [i.text for i in calc.items if _MONEY_IN_LABEL.search(to_halfwidth(i.label))]


@rule("C101", Severity.ERROR, Angle.FEASIBILITY, forms=("department",))
def product_differs_from_result(ctx: CheckContext) -> Iterator[Hit]:
    """测算说明中某项乘积与写出的结果不一致

    检查内容：支出测算依据及过程说明中，每一项的单价 × 数量（元与万元自动换算，中文数字“十二期”“两次”照样读）等于写出的结果。
    为什么：测算过程是金额的依据（可行性审核）；乘错或元、万元写混，金额就没有依据。
    示例：“12期×1000元/期=1.2万元” → 通过；“12期×1000元/期=12万元” → 报错。
    修改方法：重新计算该项，改正结果或单价、数量；注意 1 万元 = 10000 元。
    """
    for sheet, index, row in _details(ctx):
        calc = parse_calculation(row.basis)
        for number, item in enumerate(calc.items):
            if item.product_matches(ctx.tolerance) is not False:
                continue
            assert item.computed_wan is not None
            cell = ctx.item_cell(sheet, "details", index, "basis")
            factors = "×".join(str(f) for f in item.factors)
            yield Hit(
                sheet, cell,
                f"{sheet}!{cell}：第{_number(number)}项“{item.label or item.text}” {factors} = "
                f"{_wan(item.computed_wan)}，但写成 {_as_written(item)}。",
                "请重新计算该项，改正结果或单价、数量（1 万元 = 10000 元）。",
            )


@rule("C102", Severity.ERROR, Angle.FEASIBILITY, forms=("department",))
def calculation_total_differs_from_amount(ctx: CheckContext) -> Iterator[Hit]:
    """测算说明各项之和与支出明细金额不一致

    检查内容：支出测算依据及过程说明中各项金额之和（不含“合计”项）等于该行“金额”。带负号的项（“上年结余抵减-0.5万元”）
    按负数相加。某项乘积写错时，按写出的结果或按乘积计算的合计只要有一个对得上，就只报该项（C101），不在这里重复。
    为什么：测算说明是该行金额的来历，两者对不上说明漏算、多算或金额写错（可行性审核）。
    示例：金额 8，测算 1.2 + 1.4 + 0.9 + 4.5 = 8 → 通过；金额 2.5，测算“设备购置3万元；结余抵减-0.5万元” → 通过；
    金额 8，测算合计 8.5 → 报错。
    修改方法：补齐或改正测算各项，或修改该行金额。
    """
    for sheet, index, row in _details(ctx):
        calc = parse_calculation(row.basis)
        stated = calc.total_wan
        if row.amount is None or stated is None or _unreadable(calc):
            continue
        items = [i for i in calc.items if not i.is_total]
        computed = sum((i.computed_wan if i.computed_wan is not None else i.amount_wan or Decimal(0) for i in items),
                       Decimal(0))
        if min(abs(stated - row.amount), abs(computed - row.amount)) <= ctx.tolerance:
            continue
        cell = ctx.item_cell(sheet, "details", index, "basis")
        parts = _sum_text([i.amount_wan for i in items if i.amount_wan is not None])
        yield Hit(
            sheet, cell,
            f"{sheet}!{cell}：测算各项合计 {_wan(stated)}（{parts}），与金额 {_wan(row.amount)}"
            f"（{sheet}!{ctx.item_cell(sheet, 'details', index, 'amount')}）不一致。",
            "请补齐或改正测算各项，或修改该行金额。",
        )


@rule("C103", Severity.ERROR, Angle.FEASIBILITY, forms=("department",))
def declared_total_differs_from_items(ctx: CheckContext) -> Iterator[Hit]:
    """测算说明中写出的“合计”与各项之和不一致

    检查内容：支出测算依据及过程说明末尾写了“合计/共计 X 万元”时，X 等于前面各项之和。
    为什么：测算文字自相矛盾，审核人无法判断哪个数是对的。
    示例：“①1.6万元；②5.6万元；③2.8万元；合计10万元” → 通过；写“合计12万元” → 报错。
    修改方法：重新相加各项，改正合计或写错的项。
    """
    for sheet, index, row in _details(ctx):
        calc = parse_calculation(row.basis)
        declared, total = calc.declared_total_wan, calc.total_wan
        if declared is None or total is None or _unreadable(calc) or abs(declared - total) <= ctx.tolerance:
            continue
        cell = ctx.item_cell(sheet, "details", index, "basis")
        yield Hit(sheet, cell, f"{sheet}!{cell}：测算说明写合计 {_wan(declared)}，但各项相加为 {_wan(total)}。",
                  "请重新相加各项，改正合计或写错的项。")


@rule("C104", Severity.WARNING, Angle.FEASIBILITY, forms=("department",))
def amount_without_calculation(ctx: CheckContext) -> Iterator[Hit]:
    """支出明细有金额但没有测算说明

    检查内容：附表3 支出明细中填了金额的每一行，都填写了“支出测算依据及过程说明”。
    为什么：没有测算依据的金额无法判断是否合理（可行性审核要求绩效目标经过测算）。
    示例：金额 8，测算“12期×1000元/期=1.2万元；…” → 通过；金额 8，测算说明为空 → 警告。
    修改方法：写明数量 × 单价 = 金额（如“300人×150元/人=4.5万元”）及所依据的标准。
    """
    for sheet, index, row in _details(ctx):
        if row.amount is None or row.amount == 0 or row.basis.strip():
            continue
        cell = ctx.item_cell(sheet, "details", index, "basis")
        what = row.item.strip() or row.intro.strip() or f"第 {index + 1} 行"
        yield Hit(sheet, cell, f"{sheet}!{cell}：支出明细“{what}”金额 {_wan(row.amount)}，但没有填写测算依据及过程说明。",
                  "请写明数量 × 单价 = 金额（如“300人×150元/人=4.5万元”）及所依据的标准。")


@rule("C105", Severity.ADVICE, Angle.FEASIBILITY, forms=("department",))
def calculation_not_readable(ctx: CheckContext) -> Iterator[Hit]:
    """测算说明无法逐项读出金额

    检查内容：支出测算依据及过程说明能被逐项读出金额（如“①印刷费，12期×1000元/期=1.2万元；②…”）。
    读不出的部分不会报错，只提示 perfxl 没有核对它们。
    为什么：写成“数量 × 单价 = 金额”并逐项编号，审核人和 perfxl 才能核对测算是否正确。
    示例：“①演习设计1.6万元；②其他费用2.8万元” → 通过；“根据往年标准测算” → 提示。
    修改方法：逐项写明数量 × 单价 = 金额，各项用“；”或①②③分开。
    """
    for sheet, index, row in _details(ctx):
        if not row.basis.strip():
            continue
        calc = parse_calculation(row.basis)
        pieces = _unreadable(calc)
        if calc.total_wan is None and calc.declared_total_wan is None:
            problem = "读不出任何金额"
        elif pieces:
            problem = "以下部分读不出金额或未分开：" + "；".join(f"“{p}”" for p in pieces)
        else:
            continue
        cell = ctx.item_cell(sheet, "details", index, "basis")
        yield Hit(sheet, cell, f"{sheet}!{cell}：测算说明{problem}，perfxl 未核对这部分测算。",
                  "请逐项写明数量 × 单价 = 金额，各项用“；”或①②③分开。")
