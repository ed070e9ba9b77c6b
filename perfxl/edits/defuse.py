"""Copies perfxl writes from a return never carry live links out of the workbook on.

A return may hold DDE calls, links to other workbooks or functions that call the network (rule T105 reports them).
The marked and generated copies are opened by people who trust perfxl's output more than the return itself, so in
those copies such formulas become their own text (shown, inert, with Excel's text prefix), defined names that reach out are dropped, and the
external-link parts are not written (``load_workbook(keep_links=False)``).
"""

from __future__ import annotations

import warnings
from pathlib import Path

from openpyxl import Workbook, load_workbook

from perfxl.formulas import reaches_out


def load_copy(path: Path, keep_vba: bool) -> Workbook:
    """``path`` opened by openpyxl to be copied (``check --mark``, ``unmark``, ``generate``, ``sheet3``): text formatted
    in parts stays so, external links are not kept, formulas that reach out are defused (:func:`defuse_formulas`).
    openpyxl's warnings about odd cells ("Cell C5 is marked as a date but the serial value -1e+300 is outside the
    limits") are not printed: they are English, and ``check`` reports such cells itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(path, keep_vba=keep_vba, rich_text=True, keep_links=False)
    defuse_formulas(book)
    return book


def unopenable(name: str, err: BaseException) -> str:
    """Why openpyxl could not open a workbook, in Chinese (its own messages are English)."""
    return (f"{name} 无法打开：文件已损坏，或含有 Excel 不会写出的内容（{type(err).__name__}）。"
            "请在 Excel/WPS 中打开后另存为 .xlsx，再试。")


def defuse_formulas(book: Workbook) -> list[str]:
    """Turn every formula in ``book`` that reaches out of it into plain text; the cells changed (``Sheet!A1``)."""
    changed = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                value = cell.value
                text = value if isinstance(value, str) else str(getattr(value, "text", "") or "")
                if reaches_out(text):
                    cell.value = text if text.startswith("=") else f"={text}"
                    cell.data_type = "s"
                    cell.quotePrefix = True  # Excel keeps it text even when the cell is edited and confirmed
                    changed.append(f"{ws.title}!{cell.coordinate}")
    for name in [n for n, d in book.defined_names.items() if d.value and reaches_out(d.value)]:
        del book.defined_names[name]
    for ws in book.worksheets:
        for name in [n for n, d in ws.defined_names.items() if d.value and reaches_out(d.value)]:
            del ws.defined_names[name]
    return changed
