"""新增附表3 on the live book: the core plans the sheet (:mod:`perfxl.edits.direction`); Excel copies an existing
附表3 (formats, formulas, validations, protection come along), empties its input cells and takes the values."""

from __future__ import annotations

from typing import Any

from perfxl.edits.direction import DirectionError, money, plan_direction
from perfxl.edits.marks import LEDGER_SHEET
from perfxl.excel.buttons import UserError
from perfxl.excel.ui import UI
from perfxl.excel.xlwings_book import XlwingsBook
from perfxl.layout.forms import SPENDING_DIRECTION


def add_direction_sheet(book: Any, ui: UI) -> str:
    from perfxl.excel.actions import book_grid

    names = [sheet.name for sheet in book.sheets]
    if LEDGER_SHEET in names:
        raise UserError("工作簿中还有校验标记。请先点“清除标记”，再新增附表3。")
    active = book.sheets.active
    row = int(book.app.selection.row) if active.name.startswith("附表2") else None
    try:
        plan = plan_direction(book_grid(book), book.name, row)
    except DirectionError as err:
        raise UserError(str(err)) from err
    live = XlwingsBook(book)
    with live.editing([]):
        if plan.new:
            if not plan.copy_of:
                raise UserError("工作簿中没有可作为样式的附表3，请用 perfxl 模板重新开始。")
            source = book.sheets[plan.copy_of]
            source.api.Copy(After=book.sheets[plan.after].api)
            sheet = book.sheets[names.index(plan.after) + 1]
            sheet.name = plan.sheet
            layout = SPENDING_DIRECTION
            blocks = [f"{c.first_col}{b.first_row}:{c.last_col}{b.last_row}" for b in layout.blocks for c in b.columns]
            for ref in [f.ref for f in layout.fields] + blocks:
                sheet.range(ref).api.ClearContents()
            # as the template shows a block: its first min_rows rows, the rest hidden until needed
            live.unhide_rows(plan.sheet, [r for b in layout.blocks for r in b.rows[: b.min_rows]])
            live.hide_rows(plan.sheet, [r for b in layout.blocks for r in b.rows[b.min_rows :]])
        live.write_values(plan.sheet, [(cell, money(value)) for cell, value in plan.writes])
    book.sheets[plan.sheet].activate()
    return plan.summary()
