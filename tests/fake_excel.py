"""A stand-in for an Excel book as xlwings exposes it, limited to the calls perfxl.excel.xlwings_book makes and
backed by a real openpyxl workbook: what the applier writes ends up in a file the tests read back.

It keeps Excel's rules that matter to the applier: a protected sheet refuses formats, comments and values in
locked cells (Excel raises error 1004), a workbook with a locked structure refuses new or deleted sheets, and
a comment's author is read-only (taken from Application.UserName). Every call is counted in ``calls``.
"""

from __future__ import annotations

from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import Border, Font, Side
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink

from tests.fake_excel_formats import Counted, FakeComment, Interior, Rules

#: Worksheet.Protect options ↔ openpyxl's sheet protection flags (True there means "not allowed")
OPTIONS = {
    "AllowFormattingCells": "formatCells", "AllowFormattingColumns": "formatColumns", "AllowFormattingRows": "formatRows",
    "AllowInsertingColumns": "insertColumns", "AllowInsertingRows": "insertRows",
    "AllowInsertingHyperlinks": "insertHyperlinks", "AllowDeletingColumns": "deleteColumns",
    "AllowDeletingRows": "deleteRows", "AllowSorting": "sort", "AllowFiltering": "autoFilter",
    "AllowUsingPivotTables": "pivotTables",
}  # fmt: skip


def _as_excel(value: Any) -> Any:
    """A cell value as Excel hands it to Python: numbers as float, empty as None."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    return value


class ExcelError(Exception):
    """What Excel raises (run-time error 1004) for a refused change."""


def _cells(ws: Any, address: str) -> list[Any]:
    out = []
    for part in address.replace("$", "").split(","):
        min_col, min_row, max_col, max_row = range_boundaries(part if ":" in part else f"{part}:{part}")
        min_col, max_col = min_col or 1, max_col or 1  # whole rows ("12:12"): their first cell stands for them
        out += [ws.cell(row=r, column=c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]
    return out


class Range(Counted):
    def __init__(self, sheet: Sheet, address: str):
        self.sheet, self.address = sheet, address
        self.cells = _cells(sheet.ws, address)

    @property
    def api(self) -> Range:
        return self

    def require_format(self) -> None:
        if self.sheet.protected and not self.sheet.options.get("AllowFormattingCells"):
            raise ExcelError(f"{self.sheet.name}!{self.address}: sheet protected")

    # -- xlwings Range
    @property
    def value(self) -> Any:
        return self.cells[0].value

    @value.setter
    def value(self, value: Any) -> None:
        self._count("Range.value")
        rows = value if isinstance(value, list) else [[value]]
        first = self.address.split(",")[0]
        min_col, min_row, _, _ = range_boundaries(first if ":" in first else f"{first}:{first}")
        for r, line in enumerate(rows):
            for c, item in enumerate(line):
                cell = self.sheet.ws.cell(row=min_row + r, column=min_col + c)
                if self.sheet.protected and cell.protection.locked:
                    raise ExcelError(f"{self.sheet.name}!{cell.coordinate}: locked cell on a protected sheet")
                text = isinstance(item, str) and (cell.number_format == "@" or item.startswith("'"))
                cell.value = item[1:] if isinstance(item, str) and item.startswith("'") else item
                if text:
                    cell.data_type = "s"

    @property
    def number_format(self) -> str:
        return str(self.cells[0].number_format)

    @number_format.setter
    def number_format(self, value: str) -> None:
        self._count("Range.number_format")
        for cell in self.cells:
            cell.number_format = value

    @property
    def column_width(self) -> float:
        return 0.0

    @column_width.setter
    def column_width(self, value: float) -> None:
        self.sheet.ws.column_dimensions[get_column_letter(self.cells[0].column)].width = value

    # -- COM Range
    @property
    def MergeArea(self) -> Any:
        cell = self.cells[0].coordinate
        start = next((str(m.start_cell.coordinate) for m in self.sheet.ws.merged_cells.ranges if cell in m), cell)

        class _Area:
            def Cells(self, row: int, col: int) -> Any:
                return type("C", (), {"Address": lambda self, a, b: start})()

        return _Area()

    @property
    def Interior(self) -> Interior:
        return Interior(self)

    @property
    def Comment(self) -> FakeComment | None:
        self._count("Range.Comment")
        return FakeComment(self.cells[0]) if self.cells[0].comment is not None else None

    def ClearComments(self) -> None:
        self._count("Range.ClearComments")
        if self.sheet.protected and self.sheet.drawing_protected:
            raise ExcelError("comments on a protected sheet")
        for cell in self.cells:
            cell.comment = None

    def AddComment(self, text: str) -> FakeComment:
        self._count("Range.AddComment")
        if self.sheet.protected and self.sheet.drawing_protected:
            raise ExcelError("comments on a protected sheet")
        self.cells[0].comment = Comment(text, self.sheet.book.app.api.UserName)
        return FakeComment(self.cells[0])

    @property
    def FormatConditions(self) -> Rules:
        return Rules(self)

    @property
    def Borders(self) -> Any:
        cells = self.cells
        side = Side(style="thin")

        class _Borders:
            def __setattr__(self, name: str, value: Any) -> None:
                for cell in cells:
                    cell.border = Border(left=side, right=side, top=side, bottom=side)

        return _Borders()

    @property
    def Font(self) -> Any:
        cells = self.cells

        class _Font:
            def __setattr__(self, name: str, value: Any) -> None:
                for cell in cells:
                    cell.font = Font(bold=bool(value))

        return _Font()

    @property
    def EntireRow(self) -> Any:
        ws, rows = self.sheet.ws, {cell.row for cell in self.cells}

        class _Rows:
            def __setattr__(self, name: str, value: Any) -> None:
                for row in rows:
                    ws.row_dimensions[row].hidden = bool(value)

        return _Rows()

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("VerticalAlignment", "WrapText"):
            self._count(f"Range.{name}")
            return  # alignment: not read back by any test
        object.__setattr__(self, name, value)

    def AutoFilter(self) -> None:
        self.sheet.ws.auto_filter.ref = self.address

    def options(self, ndim: int) -> Any:
        """``range.options(ndim=2).value``: the values row by row, as xlwings reads them (numbers as float)."""
        min_col, min_row, max_col, max_row = range_boundaries(self.address)
        rows = [[_as_excel(self.sheet.ws.cell(row=r, column=c).value) for c in range(min_col, max_col + 1)]
                for r in range(min_row, max_row + 1)]  # fmt: skip
        return type("Values", (), {"value": rows})()

    def ClearContents(self) -> None:
        self._count("Range.ClearContents")
        for cell in self.cells:
            if type(cell).__name__ == "MergedCell":
                continue
            if self.sheet.protected and cell.protection.locked:
                raise ExcelError(f"{self.sheet.name}!{cell.coordinate}: locked cell on a protected sheet")
            cell.value = None


class Sheet(Counted):
    def __init__(self, book: FakeBook, ws: Any):
        self.book, self.ws = book, ws
        self.protected = bool(ws.protection.sheet)
        self.drawing_protected = bool(ws.protection.objects)
        self.options = {option: not getattr(ws.protection, attr) for option, attr in OPTIONS.items()}
        self.Protection = type("Protection", (), dict(self.options))()
        self.PageSetup = type("PageSetup", (), {})()
        self.Cells = type("Cells", (), {"FormatConditions": Rules(Range(self, "A1"))})()
        self.Hyperlinks = self

    @property
    def name(self) -> str:
        return str(self.ws.title)

    @name.setter
    def name(self, value: str) -> None:
        self.ws.title = value

    @property
    def api(self) -> Sheet:
        return self

    def range(self, first: Any, last: Any = None) -> Range:
        if isinstance(first, tuple):
            end = last or first
            return Range(self, f"{get_column_letter(first[1])}{first[0]}:{get_column_letter(end[1])}{end[0]}")
        return Range(self, first)

    @property
    def used_range(self) -> Any:
        used = self.range((1, 1), (max(1, self.ws.max_row), max(1, self.ws.max_column)))
        used.last_cell = type("Last", (), {"row": self.ws.max_row, "column": self.ws.max_column})()
        return used

    @property
    def Visible(self) -> int:
        return {"visible": -1, "hidden": 0, "veryHidden": 2}[self.ws.sheet_state]

    def Copy(self, After: Sheet) -> None:
        """Sheet.Copy After:=…: cells, styles, merges, protection (openpyxl's copy; validations are not copied)."""
        self.book.require_structure()
        wb = self.book.wb
        copy = wb.copy_worksheet(self.ws)
        copy.protection = self.ws.protection.__copy__()
        wb.move_sheet(copy, offset=wb.worksheets.index(After.ws) + 1 - wb.worksheets.index(copy))

    @property
    def ProtectContents(self) -> bool:
        return self.protected

    @property
    def ProtectDrawingObjects(self) -> bool:
        return self.drawing_protected

    def Unprotect(self) -> None:
        self._count("Sheet.Unprotect")
        self.protected = False
        self.ws.protection.sheet = False

    def Protect(self, Contents: bool, DrawingObjects: bool, **options: bool) -> None:
        self._count("Sheet.Protect")
        self.protected, self.drawing_protected = Contents, DrawingObjects
        self.ws.protection.sheet, self.ws.protection.objects = Contents, DrawingObjects
        for option, attr in OPTIONS.items():
            setattr(self.ws.protection, attr, not options[option])

    def Add(self, Anchor: Range, Address: str, SubAddress: str, TextToDisplay: str) -> None:
        self._count("Hyperlinks.Add")
        cell = Anchor.cells[0]
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=SubAddress, display=TextToDisplay)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "Visible":
            self.ws.sheet_state = "veryHidden" if value == 2 else "visible"
            return
        object.__setattr__(self, name, value)

    def delete(self) -> None:
        self._count("Sheet.delete")
        self.book.require_structure()
        self.book.wb.remove(self.ws)

    def activate(self) -> None:
        self.book.wb.active = self.ws


class Sheets:
    def __init__(self, book: FakeBook):
        self.book = book

    def _all(self) -> list[Sheet]:
        return [Sheet(self.book, ws) for ws in self.book.wb.worksheets]

    def __iter__(self) -> Any:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self.book.wb.worksheets)

    def __getitem__(self, key: str | int) -> Sheet:
        return Sheet(self.book, self.book.wb.worksheets[key] if isinstance(key, int) else self.book.wb[key])

    @property
    def active(self) -> Sheet:
        return Sheet(self.book, self.book.wb.active)

    def add(self, name: str, after: Sheet) -> Sheet:
        self.book.require_structure()
        return Sheet(self.book, self.book.wb.create_sheet(name))


class FakeBook:
    """``xlwings.Book`` as far as the applier uses it."""

    def __init__(self, wb: Workbook, fullname: str = "报表.xlsx", user: str = "Excel 用户", selected_row: int = 1):
        self.wb = wb
        self.fullname = fullname
        self.name = fullname.replace("\\", "/").rsplit("/", 1)[-1]
        self.sheets = Sheets(self)
        selection = type("Selection", (), {"row": selected_row})()
        self.app = type("App", (), {"api": type("AppApi", (), {"UserName": user})(), "selection": selection})()
        self.api = self

    def SaveCopyAs(self, path: str) -> None:
        """Excel writes a copy of the open book; the stand-in saves the openpyxl workbook there."""
        self.wb.save(path)

    @property
    def ProtectStructure(self) -> bool:
        return bool(self.wb.security is not None and self.wb.security.lockStructure)

    def Unprotect(self) -> None:
        Counted.calls["Book.Unprotect"] += 1
        self.wb.security.lockStructure = False

    def Protect(self, Structure: bool, Windows: bool) -> None:
        Counted.calls["Book.Protect"] += 1
        self.wb.security.lockStructure = Structure

    def require_structure(self) -> None:
        if self.ProtectStructure:
            raise ExcelError("workbook structure is protected")
