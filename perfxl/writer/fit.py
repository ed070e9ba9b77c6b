"""Row heights for wrapped text.

Neither Excel nor LibreOffice grows a row for wrapped text in merged cells, and most long texts on these forms
(部门职责概述, 绩效目标, 测算说明) sit in merged cells. So when perfxl writes text it sizes the rows itself, from the
column widths and an estimate of each character's width (a CJK character is about two Latin ones).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping

from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

LINE_HEIGHT = 14.5  # points per line of 11 pt text
DEFAULT_HEIGHT = 15.0
WIDE_CHAR = 2.1  # column-width units taken by one CJK character at 11 pt
NARROW_CHAR = 1.1


def text_width(text: str) -> float:
    return sum(WIDE_CHAR if unicodedata.east_asian_width(ch) in "WF" else NARROW_CHAR for ch in text)


def lines_needed(text: str, width: float) -> int:
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def fit_row_heights(
    ws: Worksheet, rows: Iterable[int], minimum: Mapping[int, float] | None = None, shrink: bool = False
) -> None:
    """Grow each of ``rows`` to fit its wrapped texts, never below ``minimum`` or the default height. With
    ``shrink`` a row whose texts fit on one line goes back to that height (its text was replaced)."""
    minimum = minimum or {}
    spans: dict[str, float] = {}
    for merged in ws.merged_cells.ranges:
        if merged.min_row == merged.max_row:
            spans[merged.start_cell.coordinate] = sum(
                _width(ws, col) for col in range(merged.min_col, merged.max_col + 1)
            )
    for number in rows:
        needed = 0
        for cell in ws[number]:
            if not isinstance(cell.value, str) or cell.data_type == "f" or not cell.alignment.wrap_text:
                continue
            width = spans.get(cell.coordinate, _width(ws, cell.column))
            needed = max(needed, lines_needed(cell.value, width))
        if needed > 1:
            height = max(minimum.get(number, DEFAULT_HEIGHT), needed * LINE_HEIGHT + 3)
            ws.row_dimensions[number].height = min(height, 409)
        elif shrink:
            ws.row_dimensions[number].height = minimum.get(number)


def _width(ws: Worksheet, col: int | None) -> float:
    letter = get_column_letter(col or 1)
    width = ws.column_dimensions[letter].width
    return float(width) if width else 8.43
