"""No near-empty last page: when perfxl writes a form whose rows overflow onto a last page that would hold only a
few rows, it lets the printer shrink the sheet onto one page fewer.

Every form prints fit to the page width (``fitToWidth=1``) and as many pages tall as it needs (``fitToHeight=0``). A
filled 项目申报表 of 51 indicators then printed as a full first page and a second page holding four rows and the
signature line. Neither Excel nor LibreOffice has a setting for "avoid a nearly empty last page", but both honour
``fitToHeight``: with ``fitToHeight = pages - 1`` they shrink the print just enough. perfxl knows the rows it wrote and
their heights (it sizes wrapped rows itself, :mod:`perfxl.writer.fit`), so it estimates the printed height here:
points per row from the row heights, the printable area from A4, the margins and the fit-to-width scale. The
estimate decides only when a last page would be less than :data:`NEARLY_EMPTY` full, and never shrinks more than to
:data:`SMALLEST_SCALE` of the fit-to-width size, so an estimate that is somewhat off costs a slightly smaller print,
never an unreadable one. Forms filled by hand in Excel keep ``fitToHeight=0`` (Excel computes pages only when
printing).
"""

from __future__ import annotations

import math

from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

A4_POINTS = (595.0, 842.0)  # portrait width, height
NEARLY_EMPTY = 0.35  # a last page filled less than this is folded into the pages before it
SMALLEST_SCALE = 0.72  # relative to fit-to-width
DEFAULT_ROW = 15.0
DEFAULT_COLUMN = 8.43


def column_points(width: float) -> float:
    """Printed width of a column ``width`` characters wide (Calibri 11: 7 px a character plus 5 px padding)."""
    return (math.trunc(width * 7 + 5)) * 0.75


def printed_pages(ws: Worksheet) -> tuple[float, float]:
    """(pages as a fraction, scale) the print area of ``ws`` takes at fit-to-width, estimated from its dimensions."""
    area = ws.print_area
    if not area:
        return 0.0, 1.0
    first = area[0] if isinstance(area, list) else area
    min_col, min_row, max_col, max_row = range_boundaries(first.split("!")[-1].replace("$", ""))
    page_width, page_height = A4_POINTS[::-1] if ws.page_setup.orientation == "landscape" else A4_POINTS
    margins = ws.page_margins
    usable_width = page_width - 72 * (margins.left + margins.right)
    usable_height = page_height - 72 * (margins.top + margins.bottom)
    width = sum(column_points(_column_width(ws, col)) for col in range(min_col or 1, (max_col or 1) + 1))
    scale = min(1.0, usable_width / width) if width else 1.0
    repeated = _repeated_rows(ws)
    title_height = sum(_row_height(ws, row) for row in repeated)
    heights = [_row_height(ws, row) for row in range(min_row or 1, (max_row or 1) + 1)]
    page_capacity = usable_height / scale
    pages = 0
    used = page_capacity + 1.0  # start a page at the first row
    for height in heights:
        if used + height > page_capacity:
            pages += 1
            used = title_height if pages > 1 else 0.0
        used += height
    return pages - 1 + used / page_capacity, scale


def balance_last_page(ws: Worksheet) -> None:
    """Let ``ws`` print on one page fewer when its last page would be nearly empty (see the module docstring)."""
    pages, _ = printed_pages(ws)
    whole = math.ceil(pages)
    fraction = pages - (whole - 1)
    shrink = (whole - 1) / pages if whole > 1 else 1.0
    if whole > 1 and fraction < NEARLY_EMPTY and shrink >= SMALLEST_SCALE:
        ws.page_setup.fitToHeight = whole - 1
    else:
        ws.page_setup.fitToHeight = 0


def _column_width(ws: Worksheet, col: int) -> float:
    dimension = ws.column_dimensions.get(get_column_letter(col))
    if dimension is None:
        return DEFAULT_COLUMN
    if dimension.hidden:
        return 0.0
    return float(dimension.width) if dimension.width else DEFAULT_COLUMN


def _row_height(ws: Worksheet, row: int) -> float:
    dimension = ws.row_dimensions.get(row)
    if dimension is None:
        return DEFAULT_ROW
    if dimension.hidden:
        return 0.0
    return float(dimension.height) if dimension.height else DEFAULT_ROW


def _repeated_rows(ws: Worksheet) -> range:
    titles = ws.print_title_rows
    if not titles:
        return range(0)
    first, _, last = titles.replace("$", "").partition(":")
    return range(int(first), int(last or first) + 1)


