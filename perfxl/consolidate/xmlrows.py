"""Data rows for XlsxWriter, rendered where they are made.

XlsxWriter spends ~10 µs of Python per cell; a thousand returns make ~700,000 cells, so writing cell by cell
caps consolidation near 130 returns/s whatever the readers do. In ``constant_memory`` mode XlsxWriter streams
each finished ``<row>`` to a temporary file, so the workers render the rows in exactly that form (inline
strings, the workbook's style indices, a NUL in place of the row number) and the parent appends them to the
worksheet's row file. XlsxWriter still writes everything else (styles, sheet setup, filters, print setup,
charts, the package). The rendered XML is byte-identical to what XlsxWriter writes for the same cells
(tests/test_consolidate_xml.py compares them); when the XlsxWriter internals this relies on are missing,
:func:`fast_path_available` says so and the rows go through the public ``write_*`` calls instead.

Text is always written as text: a cell reading "=1+1" never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from xlsxwriter.utility import _datetime_to_excel_datetime, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from perfxl.consolidate.records import Cell, Link, Row

ROW_MARK = "\0"  # stands for the row number; NUL cannot survive escaping, so it never occurs in cell text
ROW_END = "\1"  # joins the rendered rows of a block (one string is written far faster than a list); also escaped
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL_CHAR = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_REFS = [xl_col_to_name(i) + ROW_MARK for i in range(64)]
MAX_TEXT = 32767  # Excel's limit, in UTF-16 units
MAX_LITERAL = 255  # longest string constant a formula may hold


def fast_path_available(ws: Worksheet) -> bool:
    """Does this XlsxWriter keep the internals :func:`append_rendered` relies on?"""
    names = ("constant_memory", "row_data_fh", "previous_row", "_write_single_row", "_check_dimensions")
    return all(hasattr(ws, name) for name in names)


def fit_text(text: str) -> str:
    """Cut text to Excel's cell limit the way XlsxWriter does."""
    if len(text) <= MAX_TEXT // 2 or len(text.encode("utf-16-le")) // 2 <= MAX_TEXT:
        return text
    cut = text[:MAX_TEXT]
    while len(cut.encode("utf-16-le")) // 2 > MAX_TEXT:
        cut = cut[:-1]
    return cut


def hyperlink_formula(link: Link) -> str | None:
    """``HYPERLINK("target","text")``, or None when a part is too long for a formula string or holds control
    characters (a formula has no escape for them)."""
    if len(link.target) > MAX_LITERAL or len(link.text) > MAX_LITERAL or _CONTROL_CHAR.search(link.target + link.text):
        return None
    target, text = (part.replace('"', '""') for part in link)
    return f'HYPERLINK("{target}","{text}")'


def excel_time(value: dt.datetime) -> float:
    return float(_datetime_to_excel_datetime(value, False, True))


#: a line break with the blanks around it, in a cell that does not wrap (see :func:`one_line`)
_LINE_BREAK = re.compile(r"[^\S\n\r\x0b\x0c\x85\u2028\u2029]*[\n\r\x0b\x0c\x85\u2028\u2029]\s*")
_WIDE_FROM = "\u2e80"  # CJK radicals on: the Chinese characters and full-width punctuation


def one_line(text: str) -> str:
    """The text of a cell that does not wrap, on one line: each line break (with the blanks around it) becomes a
    space, or nothing between two Chinese characters or at either end ("满意度\n\n指标" → "满意度指标",
    "1.≥12期\n2.1次" → "1.≥12期 2.1次"). LibreOffice draws the lines of such a cell over the rows above and below
    it, on screen and on paper (WPS not tried); and a 一级指标 written on two lines is a filter group of its own."""
    return _LINE_BREAK.sub(lambda m: _joint(m.string, m.start(), m.end()), text)


def _joint(text: str, start: int, end: int) -> str:
    if start == 0 or end == len(text):
        return ""
    return "" if text[start - 1] >= _WIDE_FROM and text[end] >= _WIDE_FROM else " "


def _xml_text(text: str) -> str:
    if _CONTROL.search(text):
        text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
        text = _CONTROL_CHAR.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return text


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _string_cell(ref: str, style: int, text: str, keeps_lines: bool = True) -> str:
    if len(text) <= _SHORT:
        return _short_string_cell(ref, style, text, keeps_lines)
    return _render_string_cell(ref, style, text, keeps_lines)


def _render_string_cell(ref: str, style: int, text: str, keeps_lines: bool = True) -> str:
    if not keeps_lines and not text.isprintable():  # a line break, say, in a name or a column that does not wrap
        text = one_line(text)
    if len(text) > MAX_TEXT // 2:
        text = fit_text(text)
    if _SPECIAL.search(text) is None:  # the common case: nothing to escape
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{text}</t></is></c>'
    text = _xml_text(text)
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


#: short texts repeat from row to row and return to return (unit names, 一级/二级 names, 定量, 附表1), so their
#: rendered cells are kept; long ones (targets, messages) are rendered each time
_SHORT = 40
_short_string_cell = lru_cache(maxsize=8192)(_render_string_cell)


@lru_cache(maxsize=1024)
def _blank_cell(ref: str, style: int) -> str:
    return f'<c r="{ref}" s="{style}"/>'  # blank, but bordered like the rest of the table


#: points per line of the summary's 10 pt text, and the most Excel allows a row
LINE_HEIGHT = 13.5
MAX_HEIGHT = 408.75  # 409 pt, as Excel (and XlsxWriter) round it: heights go in steps of 0.75 pt (1 px)
#: column-width units a character takes at 10 pt: a CJK character about two, a Latin one about one
_WIDE, _NARROW = 2.0, 1.05


def estimated_lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` wide. Counted from the UTF-8 length (a CJK character is 3
    bytes, an ASCII one 1) so that a long 问题清单 costs no per-character Python.

    A run of ASCII without a space (a file path, a link) cannot be broken where it happens to reach the edge: the
    line before it ends early, so each long run adds a line (a path in 来源's 说明 printed cut off without it)."""
    usable = max(width - 1.0, 1.0)
    lines = 0
    for part in text.split("\n"):
        chars = len(part)
        wide = min((len(part.encode("utf-8", "replace")) - chars) // 2, chars)
        filled = -int(-(wide * _WIDE + (chars - wide) * _NARROW) // usable)
        if filled > 1:
            filled += len(_UNBROKEN.findall(part))
        lines += max(1, filled)
    return lines


#: an ASCII run long enough that where it wraps matters (see :func:`estimated_lines`)
_UNBROKEN = re.compile(r"[!-~]{16,}")


#: a column whose text wraps: (column, width, keeps_lines). A name (单位, 二级指标) wraps to fit its column but
#: its typed line breaks are joined (:func:`one_line`): "满意度\n指标" is the same filter group as "满意度指标"
Wrapped = Sequence[tuple[int, float, bool]]


def row_height(cells: Sequence[Cell], wrapped: Wrapped) -> float | None:
    """The height a row needs for its wrapped columns' text, or None when one line is enough (Excel and
    LibreOffice do not grow rows for wrapped text in files they did not lay out themselves)."""
    lines = 1
    for col, width, keeps_lines in wrapped:
        value = cells[col] if col < len(cells) else None
        if isinstance(value, str) and (len(value) * _WIDE > width - 1.0 or "\n" in value):  # else surely one line
            if not keeps_lines and not value.isprintable():
                value = one_line(value)
            lines = max(lines, estimated_lines(value, width))
    return min(lines * LINE_HEIGHT + 1.5, MAX_HEIGHT) if lines > 1 else None


def render_rows(rows: Sequence[Row], styles: Sequence[int], wrapped: Wrapped = ()) -> str:
    """Rows rendered and joined with :data:`ROW_END` (the form the workers park for the parent)."""
    return ROW_END.join(render_row(row, styles, wrapped) for row in rows)


def render_row(cells: Sequence[Cell], styles: Sequence[int], wrapped: Wrapped = ()) -> str:
    """One ``<row>`` as XlsxWriter's constant_memory mode writes it, with :data:`ROW_MARK` for the number; tall
    enough for the text of the ``wrapped`` columns; only the columns that keep lines show typed line breaks, the
    others' text is on one line (:func:`one_line`)."""
    height = row_height(cells, wrapped) if wrapped else None
    parts = [f'<row r="{ROW_MARK}">' if height is None else f'<row r="{ROW_MARK}" ht="{height:g}" customHeight="1">']
    flags = _keeping_lines(len(cells), tuple(wrapped))
    for ref, style, value, keeps_lines in zip(_REFS[: len(cells)], styles, cells, flags, strict=True):
        if value is None:
            parts.append(_blank_cell(ref, style))
        elif isinstance(value, str):
            parts.append(_string_cell(ref, style, value, keeps_lines))
        elif isinstance(value, Link):
            formula = hyperlink_formula(value)
            if formula is None:
                parts.append(_string_cell(ref, style, value.text))
            else:
                parts.append(f'<c r="{ref}" s="{style}" t="str"><f>{_escape(formula)}</f><v>{_escape(value.text)}</v></c>')
        else:
            number = excel_time(value) if isinstance(value, dt.datetime) else value
            parts.append(f'<c r="{ref}" s="{style}"><v>{number:.16G}</v></c>')
    parts.append("</row>")
    return "".join(parts)


def _keeps_lines(col: int, wrapped: Wrapped) -> bool:
    return any(index == col and keeps for index, _, keeps in wrapped)


@lru_cache(maxsize=64)
def _keeping_lines(width: int, wrapped: Wrapped) -> tuple[bool, ...]:
    """Whether each of a row's ``width`` columns keeps typed line breaks (a few sheets' worth: one tuple a sheet)."""
    return tuple(_keeps_lines(col, wrapped) for col in range(width))


def numbered(batch: bytes | Sequence[Row], number: int, style: int) -> bytes | list[Row]:
    """A return's parked 汇总 row with its 序号 filled in: the worker left column A blank (style ``style``), since
    which returns are kept, and so their numbers, is only known once every file has been read."""
    if not isinstance(batch, bytes):
        return [(number, *row[1:]) for row in batch]
    blank = _blank_cell(_REFS[0], style).encode()
    if not batch.startswith(b"<row ") or blank not in batch:
        raise ValueError("parked 汇总 row without its blank 序号 cell")
    return batch.replace(blank, f'<c r="{_REFS[0]}" s="{style}"><v>{number}</v></c>'.encode(), 1)


class RowFileSheet(Worksheet):
    """A constant_memory worksheet whose row file is copied into the sheet part as bytes.

    XlsxWriter 3.3.1 (pinned) copies it as text, decoding and encoding again every row of the summary: ≈ 0.4 ms a
    return of the parent's CPU, as much as deflating them. The bytes written are the same."""

    def _write_optimized_sheet_data(self) -> None:
        if self.dim_rowmin is None or not self.internal_fh:
            super()._write_optimized_sheet_data()
            return
        self._xml_start_tag("sheetData")
        self.row_data_fh.flush()
        self.fh.flush()
        with open(self.row_data_filename, "rb") as rows:
            shutil.copyfileobj(rows, self.fh.buffer, 1 << 20)
        self.row_data_fh.close()
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")


def append_rendered(ws: Worksheet, first_row: int, rows: Sequence[bytes], last_col: int) -> int:
    """Append rendered rows (see :func:`render_row`, UTF-8 encoded) from 0-based ``first_row`` on; returns the
    next free row. The bytes go straight to the row file's binary buffer: no decoding and encoding again."""
    if not rows:
        return first_row
    if not ws.constant_memory:
        raise ValueError("rendered rows need a workbook in constant_memory mode")
    ws._write_single_row(first_row)  # flush the row the public API may still hold, as its next write would
    handle = ws.row_data_fh
    handle.flush()  # what XlsxWriter wrote as text goes first
    mark = ROW_MARK.encode()
    handle.buffer.write(b"".join(row.replace(mark, b"%d" % n) for n, row in enumerate(rows, start=first_row + 1)))
    last = first_row + len(rows) - 1
    ws._check_dimensions(first_row, 0)
    ws._check_dimensions(last, last_col)
    ws.previous_row = last
    return last + 1


def write_cells(ws: Worksheet, row: int, cells: Row, formats: Sequence[Any], wrapped: Wrapped = ()) -> None:
    """The same row through XlsxWriter's public calls (the fallback, and the reference the tests compare to)."""
    for col, value in enumerate(cells):
        fmt = formats[col]
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, str):
            _write_text(ws, row, col, value if value.isprintable() or _keeps_lines(col, wrapped) else one_line(value), fmt)
        elif isinstance(value, Link):
            formula = hyperlink_formula(value)
            if formula is None:
                _write_text(ws, row, col, value.text, fmt)
            else:
                ws.write_formula(row, col, formula, fmt, value.text)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(row, col, value, fmt)
        else:
            ws.write_number(row, col, value, fmt)


def _write_text(ws: Worksheet, row: int, col: int, text: str, fmt: Any) -> None:
    if text.startswith("<r>") and text.endswith("</r>"):
        # constant_memory would copy such a string into the XML unescaped (it takes it for a rich string)
        ws.write_rich_string(row, col, text[:1], text[1:2], text[2:], fmt)
    else:
        ws.write_string(row, col, text, fmt)


def write_rows(ws: Worksheet, first_row: int, rows: Iterable[Row], formats: Sequence[Any],
               wrapped: Wrapped = ()) -> int:
    row = first_row
    for cells in rows:
        height = row_height(cells, wrapped) if wrapped else None
        if height is not None:
            ws.set_row(row, height)
        write_cells(ws, row, cells, formats, wrapped)
        row += 1
    return row
