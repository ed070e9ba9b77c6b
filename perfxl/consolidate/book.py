"""The summary workbook, written with XlsxWriter in constant_memory mode.

Every sheet: 宋体, a bold filled header with borders, frozen header row, an autofilter over the table, column
widths, and A4 landscape printing fitted to the page width with the header row repeated on every page (the data
sheets print only the columns their ``SheetSpec.printed`` names, so that the text stays ≥ 9 pt; 汇总 prints on
``pages_wide`` pages side by side, its title columns on each). Text is
never turned into formulas, numbers or links (strings_to_* off; see :mod:`perfxl.consolidate.xmlrows`).
"""

from __future__ import annotations

import functools
import itertools
import os
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from perfxl import printing
from perfxl.consolidate.columns import (
    ALL_SHEETS,
    CHART_SHEET,
    PRINT_FROM,
    PRINT_VIEW,
    SUMMARY,
    SUMMARY_COMMENT,
    SUMMED,
    SheetSpec,
)
from perfxl.consolidate.records import Row
from perfxl.consolidate.xmlrows import (
    ROW_END,
    RowFileSheet,
    append_rendered,
    fast_path_available,
    render_row,
    write_rows,
)

OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
_FONT = {"font_name": "宋体", "font_size": 10, "font_charset": 134}
_CELL = {**_FONT, "valign": "top", "border": 1}  # top: a row's cells line up with its wrapped text's first line
_KIND_FORMATS: dict[str, dict[str, Any]] = {
    "text": {},
    "money": {"num_format": "0.00"},
    "int": {"num_format": "0"},
    "number": {},
    "date": {"num_format": "yyyy-mm-dd hh:mm:ss"},
    "link": {"font_color": "#0563C1", "underline": 1},
    "wrap": {"text_wrap": True},
    "name": {"text_wrap": True},
}
_HEADER = {**_CELL, "valign": "vcenter", "bold": True, "bg_color": "#DDEBF7", "align": "center", "text_wrap": True}
_TOTAL = {**_CELL, "bold": True, "bg_color": "#F2F2F2", "top": 2}
_RENDER_CHUNK = 500
#: rows for :meth:`SummaryBook.table`: tuples of cells, or a block rendered by ``xmlrows.render_rows`` (UTF-8)
Batch = Sequence[Row] | bytes


class SummaryBook:
    def __init__(self, path: Path, fast: bool | None = None):
        self.book = xlsxwriter.Workbook(str(path), OPTIONS)
        self.book.set_properties({"title": "预算绩效目标汇总", "author": "perfxl", "comments": SUMMARY_COMMENT})
        self.cell = {kind: self.book.add_format({**_CELL, **extra}) for kind, extra in _KIND_FORMATS.items()}
        self.total = {kind: self.book.add_format({**_TOTAL, **extra}) for kind, extra in _KIND_FORMATS.items()}
        self.header = self.book.add_format(_HEADER)
        for fmt in (*self.cell.values(), *self.total.values(), self.header):
            fmt._get_xf_index()  # fix the style numbers now: the workers render rows with them
        self.fast = fast_path_available(Worksheet()) if fast is None else fast
        self._rows_written: dict[str, int] = {}

    def formats(self, spec: SheetSpec) -> list[Format]:
        return [self.cell[col.kind] for col in spec.columns]

    def styles(self) -> dict[str, tuple[int, ...]]:
        """Style index of each column of each sheet, for rendering rows elsewhere."""
        return {spec.name: tuple(f._get_xf_index() for f in self.formats(spec)) for spec in (*ALL_SHEETS, PRINT_VIEW)}

    # ------------------------------------------------------------------ tables
    def table(self, spec: SheetSpec, batches: Iterable[Batch], freeze_cols: int = 0) -> Worksheet:
        """A sheet holding ``spec``'s header and the rows of every batch: tuples of cells, or a block rendered
        with :meth:`styles` (``xmlrows.render_rows``, UTF-8). Call :meth:`finish` once any rows below it are
        written."""
        ws = self.book.add_worksheet(spec.name, worksheet_class=RowFileSheet)
        formats = self.formats(spec)
        for col, column in enumerate(spec.columns):
            ws.set_column(col, col, column.width)
        ws.set_row(0, 28)
        for col, title in enumerate(spec.titles):
            ws.write_string(0, col, title, self.header)
        ws.freeze_panes(1, freeze_cols)
        row, last_col = 1, len(spec.columns) - 1
        styles = [f._get_xf_index() for f in formats]
        for batch in batches:
            if isinstance(batch, bytes):
                row = append_rendered(ws, row, batch.split(ROW_END.encode()) if batch else [], last_col)
            elif self.fast:
                for start in range(0, len(batch), _RENDER_CHUNK):  # a bounded list of rendered rows at a time
                    chunk = [render_row(r, styles, spec.wrapped).encode() for r in batch[start:start + _RENDER_CHUNK]]
                    row = append_rendered(ws, row, chunk, last_col)
            else:
                row = write_rows(ws, row, batch, formats, spec.wrapped)
        self._rows_written[spec.name] = row - 1
        return ws

    def finish(self, ws: Worksheet, spec: SheetSpec, landscape: bool = True, total_rows: int = 0) -> None:
        """Filter, page setup and print area; ``total_rows`` rows under the table (合计) print but are not filtered."""
        rows = self._rows_written[spec.name]
        ws.autofilter(0, 0, max(rows, 1), len(spec.columns) - 1)
        ws.set_paper(9)  # A4
        if landscape:
            ws.set_landscape()
        if spec.printed is not None:  # the columns that serve only the screen are left off paper
            first, last = spec.print_span
            ws.print_area(0, first, max(rows + total_rows, 1), last)
        ws.fit_to_pages(spec.pages_wide, 0)
        if spec.pages_wide > 1:  # a row's pages one after the other, each with the title columns
            ws.repeat_columns(0, spec.title_cols - 1)
            ws.print_across()
        ws.repeat_rows(0)
        ws.set_margins(left=printing.SIDE, right=printing.SIDE, top=printing.TOP, bottom=printing.BOTTOM)
        ws.set_header(f"&L&\"宋体,加粗\"{spec.name}&R&\"宋体\"{printing.chinese_date()}", {"margin": printing.HEADER})
        ws.set_footer(f"&C&\"宋体\"{printing.PAGE_FOOTER}", {"margin": printing.FOOTER})

    # ------------------------------------------------------------------ 汇总
    def summary(self, count: int, rows: Iterable[Batch], shown: Iterable[Batch], filled: Mapping[int, Decimal | int]
                ) -> None:
        """汇总: ``count`` numbered rows (batches as :meth:`table` takes them), a 合计 row of live SUM formulas (their
        values cached), the same rows in the printable view (``shown``), and a bar chart of the budgets.
        ``filled``: the total of each 汇总 column some row holds a value in (the other summed columns total 0)."""
        totals = {col: filled.get(col, 0) for col in SUMMED}
        ws = self.table(SUMMARY, rows, freeze_cols=2)
        if self._rows_written[SUMMARY.name] != count:
            raise RuntimeError(f"汇总表写入了 {self._rows_written[SUMMARY.name]} 行，应为 {count} 行（perfxl 内部错误）")
        last = count  # 0-based row of the last data row
        total_row = last + 1
        formats = {col: self.total[c.kind] for col, c in enumerate(SUMMARY.columns)}
        for col in range(len(SUMMARY.columns)):
            if col in totals:
                value = totals[col]
                letter = xlsxwriter.utility.xl_col_to_name(col)
                cached = float(value) if isinstance(value, Decimal) else value
                if count:
                    ws.write_formula(total_row, col, f"=SUM({letter}2:{letter}{last + 1})", formats[col], cached)
                else:
                    ws.write_number(total_row, col, cached, formats[col])
            else:
                ws.write_blank(total_row, col, None, self.total["text"])
        ws.write_string(total_row, SUMMARY.index("单位"), f"合计（{count} 份）", self.total["text"])
        self.finish(ws, SUMMARY, total_rows=1)
        self._print_view(count, shown, totals)
        self._chart(count, filled.keys())

    def _print_view(self, count: int, shown: Iterable[Batch], totals: dict[int, Decimal | int]) -> None:
        """汇总（打印）: 汇总's rows in the columns that fit one A4 landscape page width at 10 pt, long names
        wrapped, with the 合计 row (its values: a printout needs no formulas)."""
        ws = self.table(PRINT_VIEW, shown, freeze_cols=2)
        total_row = count + 1
        for col, source in enumerate(PRINT_FROM):
            value = totals.get(source)
            kind = PRINT_VIEW.columns[col].kind
            if value is None:
                ws.write_blank(total_row, col, None, self.total["text"])
            else:
                ws.write_number(total_row, col, float(value) if isinstance(value, Decimal) else value, self.total[kind])
        ws.write_string(total_row, PRINT_VIEW.index("单位"), f"合计（{count} 份）", self.total["text"])
        self.finish(ws, PRINT_VIEW, total_rows=1)

    def _chart(self, count: int, filled: Collection[int]) -> None:
        """预算图: a bar chart of each unit's budget on a chart sheet of its own (it prints as one A4 page; placed
        beside the 汇总 table it fell outside the print area and never printed)."""
        series = [(title, SUMMARY.index(title)) for title in ("资金总额", "年度本级预算金额")]
        series = [(title, col) for title, col in series if col in filled]
        if not count or not series:
            return
        chart = self.book.add_chart({"type": "bar"})
        unit, n = SUMMARY.index("单位"), count
        for title, col in series:
            chart.add_series({
                "name": title,
                "categories": [SUMMARY.name, 1, unit, n, unit],
                "values": [SUMMARY.name, 1, col, n, col],
                "gap": 60,
            })
        font = {"name": "宋体"}
        chart.set_title({"name": "各单位预算金额（万元）", "name_font": {**font, "size": 12}})
        chart.set_y_axis({"reverse": True, "num_font": font})
        chart.set_x_axis({"num_format": "0.00", "num_font": font})
        chart.set_legend({"position": "bottom", "font": font})
        sheet = self.book.add_chartsheet(CHART_SHEET)
        sheet.set_chart(chart)
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.set_margins(left=printing.SIDE, right=printing.SIDE, top=printing.TOP, bottom=printing.BOTTOM)
        sheet.set_header(f"&L&\"宋体,加粗\"{CHART_SHEET}&R&\"宋体\"{printing.chinese_date()}", {"margin": printing.HEADER})
        sheet.set_footer(f"&C&\"宋体\"{printing.PAGE_FOOTER}", {"margin": printing.FOOTER})

    # ------------------------------------------------------------------ small sheets
    def small_table(self, spec: SheetSpec, rows: Iterable[Row]) -> None:
        """A table whose rows are made here, one per input (来源, 未报送单位): taken in chunks, never all at once."""
        rows = iter(rows)
        ws = self.table(spec, iter(lambda: list(itertools.islice(rows, _RENDER_CHUNK)), []))
        self.finish(ws, spec)

    def close(self) -> None:
        """Write the package. Deflate at level 1, not zipfile's default 6: for this XML it takes half the time for
        a file ~20% larger, and packing is the largest single cost left in the parent process."""
        plain = xlsxwriter.workbook.ZipFile
        xlsxwriter.workbook.ZipFile = functools.partial(zipfile.ZipFile, compresslevel=1)
        try:
            self.book.close()
        finally:
            xlsxwriter.workbook.ZipFile = plain
        self._remove_row_files()  # XlsxWriter 3.3.1 leaves a chart sheet's (empty, unused) row file behind

    def discard(self) -> None:
        """Give up on a book that will not be closed: remove the row files constant_memory opened."""
        self._remove_row_files()

    def _remove_row_files(self) -> None:
        for ws in self.book.worksheets():
            handle, name = getattr(ws, "row_data_fh", None), getattr(ws, "row_data_filename", None)
            if handle is not None and not handle.closed:
                handle.close()
            if name and os.path.exists(name):
                os.unlink(name)
