"""The live-book applier: :class:`~perfxl.edits.book.EditableBook` over an open Excel book through xlwings.

Kept thin on purpose: every method is a handful of Excel object-model calls, cells are grouped into one range
address per call where Excel allows it (addresses up to 255 characters), protection is lifted once per button
and put back with the options it had. This module is only run inside Windows Excel; the tests drive it through
a stand-in (tests/fake_excel.py) that answers exactly these calls from a real openpyxl workbook.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from perfxl.edits.book import CellState, Fill, Note, ResultRow, chunks
from perfxl.edits.marks import cell_link, note_size, severity_fill

XL_EXPRESSION = 2  # XlFormatConditionType.xlExpression
XL_NONE = -4142  # xlPatternNone
XL_VERY_HIDDEN = 2  # XlSheetVisibility.xlSheetVeryHidden
ALWAYS = "=TRUE"
#: Excel's Interior.Pattern numbers ↔ the pattern names openpyxl (and the ledger) use
PATTERNS = {
    1: "solid", -4125: "mediumGray", -4126: "darkGray", -4124: "lightGray", 17: "gray125", 18: "gray0625",
    -4128: "darkHorizontal", -4166: "darkVertical", -4121: "darkDown", -4162: "darkUp", 9: "darkGrid",
    10: "darkTrellis", 11: "lightHorizontal", 12: "lightVertical", 13: "lightDown", 14: "lightUp",
    15: "lightGrid", 16: "lightTrellis",
}  # fmt: skip
PATTERN_NUMBERS = {name: number for number, name in PATTERNS.items()}
#: the options Worksheet.Protect takes, read back from Worksheet.Protection before unprotecting
PROTECTION_OPTIONS = (
    "AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
    "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
    "AllowSorting", "AllowFiltering", "AllowUsingPivotTables",
)  # fmt: skip
MAX_ADDRESS = 255


def bgr(argb: str) -> int:
    """Excel's colour number (blue-green-red) of an ARGB/RGB hex text."""
    rgb = argb[-6:]
    return int(rgb[4:6] + rgb[2:4] + rgb[0:2], 16)


def argb(colour: int) -> str:
    value = f"{int(colour) & 0xFFFFFF:06X}"
    return "FF" + value[4:6] + value[2:4] + value[0:2]


def address_groups(cells: Sequence[str]) -> Iterator[str]:
    """Comma-joined A1 addresses no longer than Excel accepts in one Range call."""
    group: list[str] = []
    for cell in cells:
        if group and len(",".join([*group, cell])) > MAX_ADDRESS:
            yield ",".join(group)
            group = []
        group.append(cell)
    if group:
        yield ",".join(group)


class XlwingsBook:
    """Edits on ``book`` (an ``xlwings.Book``)."""

    def __init__(self, book: Any):
        self.book = book

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    @contextmanager
    def editing(self, sheets: Sequence[str]) -> Iterator[None]:
        api = self.book.api
        structure = bool(api.ProtectStructure)
        lifted = []
        if structure:
            api.Unprotect()
        try:
            for name in sheets:
                sheet = self.book.sheets[name].api
                if sheet.ProtectContents:
                    options = {key: bool(getattr(sheet.Protection, key)) for key in PROTECTION_OPTIONS}
                    options["DrawingObjects"] = bool(sheet.ProtectDrawingObjects)
                    sheet.Unprotect()
                    lifted.append((name, options))
            yield
        finally:
            for name, options in lifted:
                if name in self.sheet_names():
                    self.book.sheets[name].api.Protect(Contents=True, **options)
            if structure:
                api.Protect(Structure=True, Windows=False)

    def anchor(self, sheet: str, cell: str) -> str:
        return str(self.book.sheets[sheet].range(cell).api.MergeArea.Cells(1, 1).Address(False, False))

    def cell_states(self, sheet: str, cells: Sequence[str]) -> list[CellState]:
        states = []
        for cell in cells:
            api = self.book.sheets[sheet].range(cell).api
            comment = api.Comment
            note = Note(str(comment.Text()), str(comment.Author)) if comment is not None else None
            states.append(CellState(_fill_of(api.Interior), note))
        return states

    def set_fill(self, sheet: str, cells: Sequence[str], fill: Fill) -> None:
        for address in address_groups(cells):
            interior = self.book.sheets[sheet].range(address).api.Interior
            if fill.pattern == "none":
                interior.Pattern = XL_NONE
                continue
            interior.Pattern = PATTERN_NUMBERS.get(fill.pattern, 1)
            solid = fill.pattern == "solid"
            _paint(interior, fill.fg if solid else fill.bg, "Color", "ThemeColor", "TintAndShade")
            if not solid:
                _paint(interior, fill.fg, "PatternColor", "PatternThemeColor", "PatternTintAndShade")

    def set_note(self, sheet: str, cell: str, note: Note | None) -> None:
        api = self.book.sheets[sheet].range(cell).api
        api.ClearComments()
        if note is None:
            return
        app = self.book.app.api
        user = app.UserName  # a comment's Author is read-only: Excel takes it from the user name
        app.UserName = note.author or user
        try:
            shape = api.AddComment(note.text).Shape
        finally:
            app.UserName = user
        shape.Width, shape.Height = note_size(note.text)

    def add_top_fill_rule(self, sheet: str, cells: Sequence[str], fill: Fill) -> None:
        for address in address_groups(cells):
            rule = self.book.sheets[sheet].range(address).api.FormatConditions.Add(Type=XL_EXPRESSION, Formula1=ALWAYS)
            rule.SetFirstPriority()
            interior = rule.Interior
            interior.Pattern = PATTERN_NUMBERS.get(fill.pattern, 1)
            interior.Color = bgr(fill.bg)
            if fill.pattern != "solid":
                interior.PatternColor = bgr(fill.fg)

    def remove_top_fill_rules(self, sheet: str, fills: Sequence[Fill]) -> None:
        ours = {bgr(fill.bg) for fill in fills}
        rules = self.book.sheets[sheet].api.Cells.FormatConditions
        for index in range(int(rules.Count), 0, -1):
            rule = rules.Item(index)
            if rule.Type == XL_EXPRESSION and rule.Formula1 == ALWAYS and int(rule.Interior.Color) in ours:
                rule.Delete()

    def read_rows(self, sheet: str) -> list[list[object]] | None:
        if sheet not in self.sheet_names():
            return None
        rows = self.book.sheets[sheet].used_range.options(ndim=2).value
        return [list(row) for row in rows or []]

    def write_hidden_rows(self, sheet: str, rows: Sequence[Sequence[str]]) -> None:
        target = self._new_sheet(sheet)
        width = max(len(row) for row in rows)
        block = target.range((1, 1), (len(rows), width))
        block.number_format = "@"  # "1" stays the text "1"
        block.value = [list(row) + [""] * (width - len(row)) for row in rows]
        target.api.Visible = XL_VERY_HIDDEN

    def delete_sheet(self, sheet: str) -> None:
        if sheet in self.sheet_names():
            self.book.sheets[sheet].delete()

    def write_results(self, sheet: str, header: Sequence[tuple[str, float]], rows: Sequence[ResultRow]) -> None:
        ws = self._new_sheet(sheet)
        width = len(header)
        table = ws.range((1, 1), (len(rows) + 1, width))
        table.number_format = "@"  # a message beginning with "=" stays text
        table.value = [[title for title, _ in header]] + [[_text(v) for v in row.values] for row in rows]
        for col, (_, chars) in enumerate(header, start=1):
            ws.range((1, col)).column_width = chars
        table.api.Borders.LineStyle = 1
        table.api.VerticalAlignment = -4160  # xlTop
        ws.range((2, width - 1), (len(rows) + 1, width)).api.WrapText = True
        head = ws.range((1, 1), (1, width)).api
        head.Font.Bold = True
        head.Interior.Color = bgr("D9D9D9")
        by_severity: dict[str, list[str]] = {}
        for row, entry in enumerate(rows, start=2):
            by_severity.setdefault(entry.severity, []).append(f"D{row}")
            if entry.link is not None:
                ws.api.Hyperlinks.Add(Anchor=ws.range((row, 2)).api, Address="", SubAddress=cell_link(*entry.link),
                                      TextToDisplay=_text(entry.values[1]))  # fmt: skip
        for severity, cells in by_severity.items():
            fill = severity_fill(severity)
            if fill is not None:
                self.set_fill(sheet, cells, fill)
        table.api.AutoFilter()
        setup = ws.api.PageSetup
        setup.Orientation, setup.Zoom, setup.FitToPagesWide, setup.FitToPagesTall = 2, False, 1, False
        setup.PrintTitleRows = "$1:$1"
        ws.activate()

    def _new_sheet(self, sheet: str) -> Any:
        self.delete_sheet(sheet)
        return self.book.sheets.add(sheet, after=self.book.sheets[len(self.book.sheets) - 1])

    def write_values(self, sheet: str, writes: Sequence[tuple[str, object]]) -> None:
        """Cell values, one call per cell (generated rows are few); text stays text."""
        ws = self.book.sheets[sheet]
        for cell, value in writes:
            target = ws.range(cell)
            if isinstance(value, str) and value[:1] in "=+-@":
                value = "'" + value
            target.value = value

    def unhide_rows(self, sheet: str, rows: Sequence[int]) -> None:
        self._row_visibility(sheet, rows, hidden=False)

    def hide_rows(self, sheet: str, rows: Sequence[int]) -> None:
        self._row_visibility(sheet, rows, hidden=True)

    def _row_visibility(self, sheet: str, rows: Sequence[int], hidden: bool) -> None:
        for group in chunks([f"{row}:{row}" for row in rows], 20):
            self.book.sheets[sheet].range(",".join(group)).api.EntireRow.Hidden = hidden


def _text(value: object) -> object:
    return value if not isinstance(value, str) or value else None


def _fill_of(interior: Any) -> Fill:
    pattern = PATTERNS.get(int(interior.Pattern))
    if pattern is None:
        return Fill()
    if pattern == "solid":
        return Fill.solid(argb(interior.Color))
    return Fill(pattern, argb(interior.PatternColor), argb(interior.Color))


def _paint(target: Any, colour: str, rgb_attr: str, theme_attr: str, tint_attr: str) -> None:
    """Set a colour written in the ledger's form: ARGB, or a theme colour with its tint."""
    kind, _, rest = colour.partition(":")
    if kind == "theme":
        theme, _, tint = rest.partition(":")
        setattr(target, theme_attr, int(theme) + 1)  # Excel's theme colours count from 1, the file's from 0
        setattr(target, tint_attr, float(tint or 0))
    elif len(colour) in (6, 8):
        setattr(target, rgb_attr, bgr(colour))
