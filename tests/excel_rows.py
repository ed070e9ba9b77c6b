"""Insert or delete worksheet rows the way Excel does, on an openpyxl workbook.

openpyxl's ``insert_rows``/``delete_rows`` only move cells. Excel also moves or stretches merged ranges, rewrites
every formula that points at or past the rows (on every sheet: ``附表1!$B$3`` moves when 附表1 gets a row above
row 3; ``SUM(D51:D60)`` grows to ``SUM(D51:D61)`` when a row goes in between), moves validations, conditional
formats, row heights and the print area, and formats an inserted row like the row above. The helpers here do
the same, so a test file looks like the one a user saves after 右键行号 ▸ 插入 (or 删除) in Excel. The user
has to unprotect the sheet first; so do these helpers.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

#: a cell or range reference, with the sheet it names (outside string literals)
_REF = re.compile(
    r"(?P<sheet>'(?:[^']|'')+'!|[^\s!'\"=(),&:+\-*/<>^]+!)?"
    r"(?P<c1>\$?[A-Z]{1,3})(?P<a1>\$?)(?P<r1>\d+)(?::(?P<c2>\$?[A-Z]{1,3})(?P<a2>\$?)(?P<r2>\d+))?(?![\w(])"
)

#: rows → rows after the edit for a single reference (None: deleted) and for a range's two ends
Shift = Callable[[int], int | None]


def insert_rows(book: Workbook, sheet: str, row: int, count: int = 1) -> None:
    """Insert ``count`` rows above ``row`` of ``sheet`` as Excel does (右键行号 ▸ 插入)."""
    ws = book[sheet]
    ws.protection.sheet = False

    def single(r: int) -> int | None:
        return r + count if r >= row else r

    _edit(book, ws, lambda: ws.insert_rows(row, count), single, lambda r1, r2: (single(r1), single(r2)))
    for r in range(row, row + count):  # Excel formats an inserted row like the row above it
        for col in range(1, ws.max_column + 1):
            above = ws.cell(row - 1, col) if row > 1 else None
            if above is not None and above.has_style:
                ws.cell(r, col)._style = copy.copy(above._style)


def delete_rows(book: Workbook, sheet: str, row: int, count: int = 1) -> None:
    """Delete rows ``row``..``row + count - 1`` of ``sheet`` as Excel does (右键行号 ▸ 删除)."""
    ws = book[sheet]
    ws.protection.sheet = False
    last = row + count - 1

    def single(r: int) -> int | None:
        return r if r < row else (None if r <= last else r - count)

    def ends(r1: int, r2: int) -> tuple[int | None, int | None]:
        top = r1 if r1 < row else (row if r1 <= last else r1 - count)
        bottom = r2 if r2 < row else (row - 1 if r2 <= last else r2 - count)
        return (top, bottom) if bottom >= top else (None, None)

    _edit(book, ws, lambda: ws.delete_rows(row, count), single, ends)


def _edit(
    book: Workbook, ws: Worksheet, move: Callable[[], None], single: Shift,
    ends: Callable[[int, int], tuple[int | None, int | None]],
) -> None:
    merged = [str(r) for r in ws.merged_cells.ranges]
    for ref in merged:
        ws.unmerge_cells(ref)
    move()
    for ref in merged:
        moved = _range(ref, ends)
        if moved is not None and ":" in moved:
            ws.merge_cells(moved)
    for other in book.worksheets:
        for line in other.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.value = shift_formula(cell.value, other.title, ws.title, single, ends)
    for validation in ws.data_validations.dataValidation:
        validation.sqref = _ranges(str(validation.sqref), ends)
    formats = ws.conditional_formatting
    ws.conditional_formatting = ConditionalFormattingList()
    for area in formats:
        moved_area = _ranges(str(area.sqref), ends)
        if not moved_area:
            continue
        for rule in area.rules:
            rule.formula = [shift_formula(f, ws.title, ws.title, single, ends) for f in rule.formula]
            ws.conditional_formatting.add(moved_area, rule)
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    for r in heights:
        ws.row_dimensions[r].height = None
    for r, height in heights.items():
        moved_row = single(r)
        if moved_row is not None:
            ws.row_dimensions[moved_row].height = height
    if ws.print_area:
        area = ws.print_area.split("!")[-1].replace("$", "")
        moved = _range(area, ends)
        if moved is not None:
            ws.print_area = moved


def shift_formula(formula: str, own: str, edited: str, single: Shift,
                  ends: Callable[[int, int], tuple[int | None, int | None]]) -> str:
    """``formula`` (on sheet ``own``) with its references to sheet ``edited`` moved; text in quotes untouched."""
    parts = formula.split('"')
    for i in range(0, len(parts), 2):
        parts[i] = _REF.sub(lambda m: _moved_ref(m, own, edited, single, ends), parts[i])
    return '"'.join(parts)


def _moved_ref(m: re.Match[str], own: str, edited: str, single: Shift,
               ends: Callable[[int, int], tuple[int | None, int | None]]) -> str:
    prefix = m["sheet"] or ""
    target = prefix[:-1].strip("'").replace("''", "'") if prefix else own
    if target != edited:
        return m[0]
    if m["r2"] is None:
        row = single(int(m["r1"]))
        return f"{prefix}#REF!" if row is None else f"{prefix}{m['c1']}{m['a1']}{row}"
    top, bottom = ends(int(m["r1"]), int(m["r2"]))
    if top is None or bottom is None:
        return f"{prefix}#REF!"
    return f"{prefix}{m['c1']}{m['a1']}{top}:{m['c2']}{m['a2']}{bottom}"


def _range(ref: str, ends: Callable[[int, int], tuple[int | None, int | None]]) -> str | None:
    cells = CellRange(ref)
    top, bottom = ends(cells.min_row, cells.max_row)
    if top is None or bottom is None:
        return None
    moved = CellRange(min_col=cells.min_col, min_row=top, max_col=cells.max_col, max_row=bottom)
    return moved.coord


def _ranges(sqref: str, ends: Callable[[int, int], tuple[int | None, int | None]]) -> str:
    return " ".join(moved for ref in sqref.split() if (moved := _range(ref, ends)) is not None)
