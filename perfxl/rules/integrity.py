"""Rules: template integrity (模板完整). What values alone cannot tell: protection, formulas, cached results.

These rules read :attr:`CheckContext.workbook_facts` (the sheet XML); on a live Excel book there are none and
the rules are skipped, except T103, which also finds error values that reach the grid as text. The shared views at the top (each sheet's model, the 合计 recomputed from the rows) are
also used by the money rules, so that a 合计 cell is judged once: T102 when its formula was replaced by a
constant, M111 when the formula is there but its saved result is stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.formulas import CALLS_OUT, DDE, EXTERNAL, LINK_CALL
from perfxl.grid import cell_text
from perfxl.layout.a1 import bounds
from perfxl.layout.a1 import split_cell as cell_key
from perfxl.layout.spec import Formula, cell_name
from perfxl.models import Model as BaseModel  # the form models (plain dataclasses)
from perfxl.placement import move_references
from perfxl.values import fmt

#: Excel's error values, with what usually causes each
ERROR_VALUES = {
    "#REF!": "公式引用的单元格已不存在（常因删除了行、列或工作表）",
    "#DIV/0!": "公式除数为零或为空",
    "#VALUE!": "参与计算的单元格含有文字",
    "#NAME?": "函数名或名称拼写错误，或本软件不支持该函数",
    "#N/A": "查找的值不存在",
    "#NUM!": "数值无效或超出范围",
    "#NULL!": "区域引用写法有误",
}


# ---------------------------------------------------------------------------------------------- shared views


def sheet_models(ctx: CheckContext) -> dict[str, BaseModel]:
    """The model read from each form sheet, by sheet name (its attributes are the layout's keys); gathered once per
    check."""
    return ctx.shared(_sheet_models)


def _sheet_models(ctx: CheckContext) -> dict[str, BaseModel]:
    models: list[BaseModel] = []
    if ctx.department is not None:
        models += [ctx.department.overall, ctx.department.summary, *ctx.department.directions]
    if ctx.project is not None:
        models.append(ctx.project)
    return {name: m for m in models if (name := getattr(m, "sheet_name", "")) in ctx.result.sheets}


def recomputed_totals(ctx: CheckContext) -> list[tuple[str, str, Decimal]]:
    """(sheet, cell, total) of every money formula of the layouts (合计), as the model recomputes it from the rows;
    computed once per check (T102, T104 and M111 all ask)."""
    return ctx.shared(_recomputed_totals)


def formula_place(ctx: CheckContext, sheet: str, formula: Formula) -> str | None:
    """Where a template formula is now. Next to inserted or deleted rows its row may be uncertain (a title between
    two labels that moved apart): then the candidate cell that holds a formula, or None (T106 reports the change)."""
    source = ctx.source(sheet)
    row, col, _, _ = bounds(formula.ref)
    if source.placement is None or source.placement.certain(row):
        return source.formula_cell(formula.key)
    facts = ctx.workbook_facts or {}
    found = facts[sheet].formulas if sheet in facts else {}
    return next((cell for r in source.placement.candidates(row) if (cell := cell_name(r, col)) in found), None)


def _recomputed_totals(ctx: CheckContext) -> list[tuple[str, str, Decimal]]:
    totals = []
    for sheet, model in sheet_models(ctx).items():
        for formula in ctx.source(sheet).layout.formulas:
            if formula.kind != "money":
                continue
            value = getattr(model, formula.key, None)
            if isinstance(value, Decimal):
                totals.append((sheet, ctx.formula_cell(sheet, formula.key), value))
    return totals


# ---------------------------------------------------------------------------------------------- rules


@rule("T101", Severity.WARNING, Angle.COMPLETENESS)
def sheet_unprotected(ctx: CheckContext) -> Iterator[Hit]:
    """表单工作表的保护被取消

    检查内容：模板中的每张表单工作表仍处于“保护工作表”状态（只有填报单元格可以输入）。
    为什么：取消保护后，标签、公式和行列都可能被误改，合计公式被覆盖后数值就不可信。
    示例：直接在模板中填写 → 通过；“审阅→撤销工作表保护”后保存 → 警告。
    修改方法：在 Excel/WPS 中“审阅→保护工作表”重新保护，或把内容粘贴到新模板中。
    """
    facts = ctx.workbook_facts
    if facts is None:
        return
    for sheet in ctx.result.sheets:
        if sheet in facts and not facts[sheet].protected:
            yield Hit(sheet, "", f"{sheet}：工作表保护已被取消，标签和公式可能被误改。",
                      "请在 Excel/WPS 中“审阅→保护工作表”重新保护（无需密码），或把内容粘贴到新模板中。")


@rule("T102", Severity.ERROR, Angle.COMPLETENESS)
def formula_overwritten(ctx: CheckContext) -> Iterator[Hit]:
    """公式单元格被改成了固定内容

    检查内容：模板中的公式单元格（标题、填报单位、附表2 合计、附表3 支出明细合计）仍然是公式。
    为什么：公式被覆盖后，单元格显示的是当时输入的数，改了各行金额也不会跟着变，打印件上的合计可能是错的。
    示例：附表2!C5 为 =SUM(C6:C35) → 通过；在 C5 直接输入 20 → 报错（并给出按各行计算的合计）。
    修改方法：从原模板恢复该单元格的公式，不要在公式单元格中直接输入。
    """
    facts = ctx.workbook_facts
    if facts is None:
        return
    totals = {(sheet, cell): total for sheet, cell, total in recomputed_totals(ctx)}
    for sheet, source in ctx.result.sheets.items():
        for formula in source.layout.formulas if sheet in facts else ():
            cell = formula_place(ctx, sheet, formula)
            if cell is None or cell in facts[sheet].formulas:
                continue
            text = cell_text(ctx.result.grid[sheet].at(cell)).strip()
            now = f"改成了固定内容“{text}”" if text else "清空"
            total = totals.get((sheet, cell))
            should = f"（按各行计算应为 {fmt(total)} 万元）" if total is not None else ""
            yield Hit(sheet, cell, f"{sheet}!{cell}：{formula.label}的公式已被{now}{should}，显示的内容可能是错的。",
                      f"请从原模板恢复公式（{formula.formula}），不要在公式单元格中直接输入。")


@rule("T103", Severity.ERROR, Angle.COMPLETENESS)
def formula_error_value(ctx: CheckContext) -> Iterator[Hit]:
    """单元格显示错误值（#REF!、#DIV/0! 等）

    检查内容：表单工作表中没有 #REF!、#DIV/0!、#VALUE!、#NAME?、#N/A、#NUM!、#NULL! 等错误值。
    为什么：错误值说明公式已经坏了（常因删除了行列或引用的单元格），打印和汇总时这些格子没有可用的数。
    示例：附表2 合计显示 18 → 通过；显示 #REF! → 报错。
    修改方法：按提示找出公式出错的原因并改正，或从原模板恢复该单元格。
    """
    reported = {(p.sheet, p.cell) for p in ctx.result.problems}  # an amount cell that is not a number: M001's
    facts = ctx.workbook_facts or {}
    for sheet in ctx.result.sheets:
        errors = facts[sheet].errors if sheet in facts else {}
        typed = _typed_errors(ctx.result.grid[sheet].rows)
        for cell, value in sorted({**typed, **errors}.items()):
            if (sheet, cell) in reported:
                continue
            cause = ERROR_VALUES.get(value, "公式出错")
            yield Hit(sheet, cell, f"{sheet}!{cell}：单元格显示错误值 {value}（{cause}）。",
                      "请改正该单元格的公式或引用，或从原模板恢复；金额格请直接填写数字。")


def _typed_errors(rows: Sequence[Sequence[object]]) -> dict[str, str]:
    """Cells whose value is an error value as text (a live book's grid; calamine reads saved errors as empty).

    A set test skips the rows without one at C speed: a sheet has hundreds of cells and almost never an error."""
    return {cell_name(r, c): v for r, line in enumerate(rows, 1) if not ERROR_VALUES.keys().isdisjoint(line)
            for c, v in enumerate(line, 1) if isinstance(v, str) and v in ERROR_VALUES}


@rule("T104", Severity.ADVICE, Angle.COMPLETENESS)
def formulas_without_results(ctx: CheckContext) -> Iterator[Hit]:
    """文件中的公式没有保存计算结果

    检查内容：文件中的公式单元格都保存了计算结果（文件在 Excel 或 WPS 中打开并保存过）。每个文件最多提示一次。
    为什么：由程序生成、从未在 Excel/WPS 中保存过的文件，打开前合计等公式单元格里没有数；perfxl 不信任这些单元格，
    而是按各行自行重新计算合计，但别人用其他工具读这个文件时看不到合计。
    perfxl 自己写出的文件（模板、示例、标注副本、生成指标的结果）不提示：它们在文件属性中注明由 perfxl 保存，
    在 Excel/WPS 中保存后该属性即被改写。
    示例：在 Excel 中填写并保存的文件 → 通过；perfxl 写出的文件 → 通过；由其他程序（如 openpyxl）直接写出的文件 → 提示。
    修改方法：在 Excel 或 WPS 中打开文件、保存后再报送。
    """
    facts = ctx.workbook_facts
    if facts is None or _written_by_perfxl(ctx):
        return
    missing = [
        (sheet, cell)
        for sheet in ctx.result.sheets if sheet in facts
        for cell, cached in facts[sheet].formulas.items() if not cached
    ]
    if not missing:
        return
    money = {(sheet, cell) for sheet, cell, _ in recomputed_totals(ctx)}
    # at a 合计 it concerns; otherwise the whole file (a mark on the first formula would shade the form's title)
    place = next((place for place in missing if place in money), None)
    sheet, cell = place or ("", "")
    yield Hit(
        sheet, cell,
        f"{f'{sheet}!{cell}：' if place else ''}文件中的 {len(missing)} 个公式单元格没有保存计算结果（文件未在 Excel/WPS 中保存过，"
        "可能由程序生成）；perfxl 已按各行自行重新计算合计，未采用文件中的数值。",
        "请在 Excel 或 WPS 中打开文件、保存后再报送，这样打印件和其他人看到的合计才会显示出来。",
    )


def _same_formula(found: str, expected: str) -> bool:
    def canonical(text: str) -> str:
        return re.sub(r"[\s$]", "", text.lstrip("=")).upper()

    return canonical(found) == canonical(expected)


@rule("T105", Severity.ERROR, Angle.COMPLETENESS)
def foreign_formula(ctx: CheckContext) -> Iterator[Hit]:
    """报表中有不属于模板的公式（DDE、外部链接、联网函数、改动过的合计）

    检查内容：表单工作表中只有模板自带的公式，且与模板一致。DDE 调用（如 =cmd|' /C calc'!A0）、引用其他工作簿的外部链接、
    WEBSERVICE 等联网或调用程序的函数报错；填报单元格中的其他公式（如 HYPERLINK、=1+7）提醒核对；合计等模板公式被改写报错。
    为什么：报表来自外单位，打开时 Excel 会提示更新链接或启动其他程序，可能泄露数据或执行命令；改过的合计公式会让打印件上的数
    与各行不符（保存的结果仍是旧数，重新计算后才变）。
    示例：附表3 合计 =SUM(E51:E60) → 通过；某格 =cmd|' /C calc'!A0 → 报错；合计改为 =SUM(E51:E60)+1000 → 报错。
    修改方法：删除这些公式，直接填写数字或文字；合计等公式从原模板恢复。不要打开来历不明报表中的链接或启用其中的内容。
    """
    facts = ctx.workbook_facts
    if facts is None:
        return
    from perfxl.rules.totals import sum_ranges, sum_rows

    yield from _external_link_parts(ctx)
    placements = {name: source.where for name, source in ctx.result.sheets.items()}
    sums = {(s.sheet, s.cell): s for s in sum_ranges(ctx)}
    for sheet, source in ctx.result.sheets.items():
        if sheet not in facts:
            continue
        template: dict[str, tuple[str, str, bool]] = {}  # cell → (label, the formula it should hold, holds it)
        for f in source.layout.formulas:
            cell = formula_place(ctx, sheet, f)
            if cell is None:
                continue
            text = facts[sheet].texts.get(cell, "")
            total = sums.get((sheet, cell))
            if total is not None:  # a 合计: the template's SUM, wherever Excel moved its range
                col, rows = total.column.first_col, total.placed
                wanted = f"=SUM({col}{rows.start}:{col}{rows.stop - 1})"
                fits = sum_rows(text, total.column, rows, total.block.capacity) is not None
            else:
                wanted = move_references(f.formula, source.where, placements)
                fits = _same_formula(text, wanted)
            template[cell] = (f.label, wanted, fits)
        for cell, text in sorted(facts[sheet].texts.items(), key=lambda item: cell_key(item[0])):
            yield from _formula_hits(sheet, cell, text, template.get(cell))


def _written_by_perfxl(ctx: CheckContext) -> bool:
    from perfxl.authorship import signed_by_perfxl, written_by_perfxl

    if ctx.path is None:
        return False
    package = ctx.result.grid.xml  # what the reading pass kept: no second look into the package
    return signed_by_perfxl(package.core) if package is not None else written_by_perfxl(ctx.path, ctx.data)


def _external_link_parts(ctx: CheckContext) -> Iterator[Hit]:
    from perfxl.check.xmlfacts import external_link_parts

    assert ctx.path is not None
    package = ctx.result.grid.xml
    parts = external_link_parts(ctx.path, ctx.data, package.names if package is not None else None)
    if parts:
        yield Hit("", "", f"文件含有 {len(parts)} 个外部工作簿链接（{'、'.join(parts[:3])}），打开时 Excel 会提示更新链接。",
                  "请在 Excel 中“数据→编辑链接→断开链接”后保存，或把内容粘贴到新模板中。")


def _formula_hits(sheet: str, cell: str, text: str, expected: tuple[str, str, bool] | None) -> Iterator[Hit]:
    where = f"{sheet}!{cell}"
    shown = f"={text[:80]}{'…' if len(text) > 80 else ''}"
    remove = "请删除该公式，直接填写内容；不要打开其中的链接或启用外部内容。"
    if DDE.search(text):
        yield Hit(sheet, cell, f"{where}：公式 {shown} 是 DDE 调用，打开时可能启动其他程序。", remove)
    elif EXTERNAL.search(text):
        yield Hit(sheet, cell, f"{where}：公式 {shown} 引用了其他工作簿（外部链接）。", remove)
    elif CALLS_OUT.search(text):
        yield Hit(sheet, cell, f"{where}：公式 {shown} 会联网或调用外部程序。", remove)
    elif expected is not None:
        label, wanted, fits = expected
        if text and not fits:
            yield Hit(sheet, cell, f"{where}：{label}的公式被改成了 {shown}（模板为 {wanted}），重新计算后显示的数会变。",
                      f"请从原模板恢复公式（{wanted}）。")
    elif LINK_CALL.search(text):
        yield Hit(sheet, cell, f"{where}：填报单元格中有超链接公式 {shown}。", remove, severity=Severity.WARNING)
    else:
        yield Hit(sheet, cell, f"{where}：填报单元格中有模板之外的公式 {shown}。",
                  "请改为直接填写数值或文字（perfxl 不信任公式的保存结果）。", severity=Severity.WARNING)
