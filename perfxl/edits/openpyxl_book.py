"""The file applier: :class:`~perfxl.edits.book.EditableBook` over an openpyxl workbook (``check --mark``,
``unmark``, ``generate``, ``sheet3``). Sheet protection needs no lifting here (openpyxl writes what it is told);
the workbook structure lock is lifted while sheets are added or removed and put back as it was."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.colors import Color
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from perfxl import printing
from perfxl.edits.book import CellState, Fill, Note, ResultRow
from perfxl.edits.marks import cell_link, note_size, severity_fill
from perfxl.safetext import cell_safe
from perfxl.writer.fit import fit_row_heights

_THIN = Side(style="thin", color="000000")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "宋体"
_ALWAYS = "TRUE"


class OpenpyxlBook:
    """Edits on an openpyxl workbook in memory; the caller saves it."""

    def __init__(self, book: Workbook):
        self.book = book

    def sheet_names(self) -> list[str]:
        return list(self.book.sheetnames)

    @contextmanager
    def editing(self, sheets: Sequence[str]) -> Iterator[None]:
        with structure_unlocked(self.book):
            yield

    def anchor(self, sheet: str, cell: str) -> str:
        for merged in self.book[sheet].merged_cells.ranges:
            if cell in merged:
                return str(merged.start_cell.coordinate)
        return cell

    def cell_states(self, sheet: str, cells: Sequence[str]) -> list[CellState]:
        ws = self.book[sheet]
        states = []
        for name in cells:
            cell = ws[name]
            comment = cell.comment
            note = Note(comment.text, comment.author or "") if comment is not None else None
            states.append(CellState(fill_of(cell.fill), note))
        return states

    def set_fill(self, sheet: str, cells: Sequence[str], fill: Fill) -> None:
        ws = self.book[sheet]
        pattern = pattern_fill(fill)
        for name in cells:
            cell = ws[name]
            if isinstance(cell, Cell):  # an anchor is never a merged-away cell
                cell.fill = pattern  # a style change only: locked or not stays as it was

    def set_note(self, sheet: str, cell: str, note: Note | None) -> None:
        target = self.book[sheet][cell]
        if note is None:
            target.comment = None
            return
        text = cell_safe(note.text)  # a finding may quote cell text with control characters openpyxl refuses
        width, height = note_size(text)
        target.comment = Comment(text, cell_safe(note.author), height=height, width=width)

    def add_top_fill_rule(self, sheet: str, cells: Sequence[str], fill: Fill) -> None:
        ws = self.book[sheet]
        for formatting in ws.conditional_formatting:
            for rule in formatting.rules:
                rule.priority = (rule.priority or 0) + 1
        rule = Rule(type="expression", dxf=DifferentialStyle(fill=pattern_fill(fill)), formula=[_ALWAYS], priority=1)
        ws.conditional_formatting.add(" ".join(cells), rule)

    def remove_top_fill_rules(self, sheet: str, fills: Sequence[Fill]) -> None:
        ws = self.book[sheet]
        ours = {fill.bg for fill in fills}
        removed = 0
        for formatting in list(ws.conditional_formatting):
            keep = [rule for rule in formatting.rules if not _is_ours(rule, ours)]
            removed += len(formatting.rules) - len(keep)
            formatting.rules[:] = keep
            if not keep:
                del ws.conditional_formatting._cf_rules[formatting]
        for formatting in ws.conditional_formatting:
            for rule in formatting.rules:
                rule.priority = max(1, (rule.priority or 0) - removed)

    def read_rows(self, sheet: str) -> list[list[object]] | None:
        if sheet not in self.book.sheetnames:
            return None
        return [list(row) for row in self.book[sheet].iter_rows(values_only=True)]

    def write_hidden_rows(self, sheet: str, rows: Sequence[Sequence[str]]) -> None:
        self.delete_sheet(sheet)
        ws = self.book.create_sheet(sheet)
        for row in rows:
            ws.append(list(row))
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        ws.sheet_state = "veryHidden"
        ws.protection.sheet = True

    def delete_sheet(self, sheet: str) -> None:
        if sheet in self.book.sheetnames:
            self.book.remove(self.book[sheet])

    def write_results(self, sheet: str, header: Sequence[tuple[str, float]], rows: Sequence[ResultRow]) -> None:
        self.delete_sheet(sheet)
        ws = self.book.create_sheet(sheet)
        for col, (title, width) in enumerate(header, start=1):
            cell = ws.cell(row=1, column=col, value=title)
            cell.font = Font(name=_FONT, size=11, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center")
            cell.fill = PatternFill("solid", fgColor="D9D9D9")
            cell.border = _GRID
            ws.column_dimensions[cell.column_letter].width = width
        for row, entry in enumerate(rows, start=2):
            _result_row(ws, row, entry)
        last = max(2, len(rows) + 1)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{ws.cell(row=1, column=len(header)).column_letter}{last}"
        fit_row_heights(ws, range(1, last + 1))
        _print_setup(ws, last)
        for other in self.book.worksheets:
            other.sheet_view.tabSelected = other is ws
        self.book.active = ws


def _result_row(ws: Worksheet, row: int, entry: ResultRow) -> None:
    wide = len(entry.values) - 1  # the two last columns (问题, 修改方法) wrap and align left
    for col, value in enumerate(entry.values, start=1):
        safe = cell_safe(value) if isinstance(value, str) else value
        cell = ws.cell(row=row, column=col, value=safe if safe != "" else None)
        cell.font = Font(name=_FONT, size=10.5)
        cell.alignment = Alignment(vertical="top", wrap_text=col >= wide, horizontal="left" if col >= wide else "center")
        cell.border = _GRID
        if isinstance(value, str):
            cell.data_type = "s"  # a message beginning with "=" stays text
    fill = severity_fill(entry.severity)
    if fill is not None:
        ws.cell(row=row, column=4).fill = pattern_fill(fill)
    if entry.link is not None:
        link = ws.cell(row=row, column=2)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=cell_link(*entry.link), display=str(link.value))
        link.font = Font(name=_FONT, size=10.5, color="0563C1", underline="single")


def _print_setup(ws: Worksheet, last: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:G{last}"
    margins = ws.page_margins
    margins.left = margins.right = printing.SIDE
    margins.top, margins.bottom, margins.header, margins.footer = (
        printing.TOP, printing.BOTTOM, printing.HEADER, printing.FOOTER)
    ws.oddHeader.center.text = ws.title
    ws.oddFooter.center.text = printing.PAGE_FOOTER


def _is_ours(rule: Rule, backgrounds: set[str]) -> bool:
    if rule.type != "expression" or list(rule.formula or []) != [_ALWAYS] or rule.dxf is None or rule.dxf.fill is None:
        return False
    return _colour_text(rule.dxf.fill.bgColor) in backgrounds


@contextmanager
def structure_unlocked(book: Workbook) -> Iterator[None]:
    """Lift the workbook structure lock while sheets are added, then put it back as it was."""
    security = book.security
    locked = bool(security is not None and security.lockStructure)
    if locked:
        security.lockStructure = False
    try:
        yield
    finally:
        if locked:
            security.lockStructure = True


def fill_of(fill: Any) -> Fill:
    """The neutral form of an openpyxl fill (a cell's ``fill`` is a style proxy: read its attributes)."""
    if not getattr(fill, "patternType", None):
        return Fill()
    return Fill(fill.patternType, _colour_text(fill.fgColor), _colour_text(fill.bgColor))


def pattern_fill(fill: Fill) -> PatternFill:
    if fill.pattern == "none":
        return PatternFill()
    return PatternFill(fill.pattern, fgColor=_colour(fill.fg), bgColor=_colour(fill.bg))


def _colour_text(colour: Color | None) -> str:
    if colour is None:
        return ""
    if colour.type == "theme":
        return f"theme:{colour.theme}:{colour.tint:g}"
    if colour.type == "indexed":
        return f"indexed:{colour.indexed}"
    if colour.type == "auto":
        return "auto"
    return str(colour.rgb).upper()


def _colour(text: str) -> Color:
    kind, _, rest = text.partition(":")
    if kind == "theme":
        theme, _, tint = rest.partition(":")
        return Color(theme=int(theme), tint=float(tint or 0))
    if kind == "indexed":
        return Color(indexed=int(rest))
    if kind == "auto":
        return Color(auto=True)
    return Color(rgb=text) if text else Color()
