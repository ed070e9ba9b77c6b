"""openpyxl side of generation: a workbook as the reader's grid, and the planned writes applied to it.

Only values go into the indicator block's input cells; styles, merges, formulas, data validations, conditional
formats and sheet/workbook protection stay as the template made them. Rows that receive content are unhidden
(filled workbooks written by perfxl hide unused block rows) and sized to their text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from perfxl.edits.defuse import load_copy, unopenable
from perfxl.generate.model import GenerationError, GenerationResult
from perfxl.grid import WORKBOOK_SUFFIXES, Grid, SheetGrid, WorkbookError, sniff
from perfxl.writer.fit import fit_row_heights
from perfxl.writer.pages import balance_last_page

_PLAIN = (str, int, float, bool, Decimal, dt.date, dt.datetime, dt.time)


def load_book(path: str | Path, keep_vba: bool | None = None) -> Workbook:
    """Open a form with openpyxl (macros kept for .xlsm unless *keep_vba* says otherwise; text formatted in
    parts stays so in the copy; formulas that reach out of the workbook become inert text, see
    :mod:`perfxl.edits.defuse`)."""
    path = Path(path)
    try:
        sniff(path)
    except WorkbookError as err:
        raise GenerationError(str(err)) from err
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise GenerationError(f"{path.name} 不是 .xlsx/.xlsm 工作簿，无法生成指标。")
    keep = path.suffix.lower() == ".xlsm" if keep_vba is None else keep_vba
    try:
        book = load_copy(path, keep_vba=keep)
    except Exception as err:  # openpyxl raises many kinds of errors for damaged files
        raise GenerationError(unopenable(path.name, err)) from err
    return book


def grid_of(book: Workbook) -> Grid:
    """The workbook's values as the reader's grid (formulas as their text: the reader never trusts results)."""
    sheets = []
    for ws in book.worksheets:
        rows = [
            [value if value is None or isinstance(value, _PLAIN) else str(value) for value in row]
            for row in ws.iter_rows(
                min_row=1, min_col=1, max_row=ws.max_row, max_col=ws.max_column, values_only=True
            )
        ]
        sheets.append(SheetGrid(ws.title, rows, ws.sheet_state == "visible"))
    return Grid(sheets)


def apply(book: Workbook, result: GenerationResult) -> None:
    """Write ``result.writes`` into the sheet, unhide and size the rows that got content."""
    ws = book[result.sheet]
    for ref, value in result.writes:
        cell = ws[ref]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text even if it starts with "="
    for row in result.unhide:
        ws.row_dimensions[row].hidden = False
    fit_row_heights(ws, [generated.row for generated in result.rows], shrink=True)
    balance_last_page(ws)
