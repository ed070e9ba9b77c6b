"""Build a form workbook from its layout: an empty template, or filled from a model.

Templates and filled returns are the same workbook; a filled one has values in the input cells and hides block
rows past the last used one so the printout stays short. openpyxl writes them because it can lock the
workbook structure (XlsxWriter cannot).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Border
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from perfxl import printing
from perfxl.frameworks import PERFORMANCE_STANDARDS, FrameworkId, get_framework
from perfxl.layout.spec import Block, Kind, SheetLayout, WorkbookLayout, cells_of, top_left
from perfxl.marker import MARKER_SHEET, Marker
from perfxl.writer.fit import fit_row_heights
from perfxl.writer.pages import balance_last_page
from perfxl.writer.styles import (
    GRID,
    INPUT_FILL,
    LABEL_STYLES,
    NO_BORDER,
    THIN,
    Style,
    formula_style,
    input_style,
)

#: Fixed document dates so a rebuilt template equals the committed one.
BUILD_TIME = dt.datetime(2023, 1, 1)


def build_workbook(
    layout: WorkbookLayout, framework: FrameworkId, sheets: Sequence[tuple[SheetLayout, BaseModel | None]]
) -> Workbook:
    """One worksheet per (layout, model) pair, in order, then the hidden marker; structure locked."""
    book = Workbook()
    for default in list(book.worksheets):
        book.remove(default)
    for sheet_layout, model in sheets:
        name = getattr(model, "sheet_name", None) or sheet_layout.default_name
        write_sheet(book.create_sheet(name), sheet_layout, model, framework)
    _write_marker(book, layout, framework)
    book.security = WorkbookProtection(lockStructure=True)
    book.properties.creator = "perfxl"
    book.properties.lastModifiedBy = "perfxl"  # perfxl.authorship: no T104 for a file perfxl wrote
    book.properties.created = BUILD_TIME
    book.properties.modified = BUILD_TIME
    return book


def write_sheet(ws: Worksheet, layout: SheetLayout, model: BaseModel | None, framework: FrameworkId) -> None:
    for col, width in layout.widths.items():
        ws.column_dimensions[col].width = width
    for row, height in layout.heights.items():
        ws.row_dimensions[row].height = height
    for label in layout.labels:
        _place(ws, label.ref, LABEL_STYLES[label.style], label.text or None)
    for item in layout.fields:
        value = getattr(model, item.key, None) if model is not None else None
        _place(ws, item.ref, input_style(item.kind), _cell_value(value, item.kind))
        _shade_while_empty(ws, item.ref)
    for formula in layout.formulas:
        _place(ws, formula.ref, formula_style(formula.style, formula.kind), formula.formula, as_formula=True)
    for block in layout.blocks:
        items = getattr(model, block.key, []) if model is not None else []
        _write_block(ws, block, items)
        _add_dropdowns(ws, block, framework)
    if model is not None:
        fit_row_heights(ws, range(1, layout.last_row + 1), layout.heights)
    _protect(ws)
    _page_setup(ws, layout)
    balance_last_page(ws)


def _write_block(ws: Worksheet, block: Block, items: Sequence[BaseModel]) -> None:
    if len(items) > block.capacity:
        raise ValueError(f"{block.label}最多 {block.capacity} 行，实际 {len(items)} 行")
    for index, row in enumerate(block.rows):
        item = items[index] if index < len(items) else None
        for column in block.columns:
            border = GRID if index < block.min_rows else _frame(column is block.columns[-1], row == block.last_row)
            ref = f"{column.first_col}{row}:{column.last_col}{row}"
            value = getattr(item, column.key) if item is not None else None
            _place(ws, ref, input_style(column.kind, border), _cell_value(value, column.kind))
        if index >= max(block.min_rows, len(items)):
            ws.row_dimensions[row].hidden = True  # prints as the official form; unhidden when needed
    first, last = block.span
    rows_ref = f"{first}{block.first_row}:{last}{block.first_row + block.min_rows - 1}"
    _shade_while_empty(ws, rows_ref, f"COUNTA(${first}{block.first_row}:${last}{block.first_row})=0")
    if block.capacity > block.min_rows:
        _hint_more_rows(ws, block)
        start = block.first_row + block.min_rows
        rule = Rule(
            type="expression",
            dxf=DifferentialStyle(border=GRID),
            formula=[f"COUNTA(${first}{start}:${last}{start})>0"],
        )
        ws.conditional_formatting.add(f"{first}{start}:{last}{block.last_row}", rule)


def _frame(right: bool, bottom: bool) -> Border:
    """The border of a block row beyond its first ``min_rows``: none inside (grid lines appear once the row is
    typed in), but the block's right and bottom edges, so that the printed form is a closed frame."""
    return Border(right=THIN if right else None, bottom=THIN if bottom else None) if right or bottom else NO_BORDER


def _shade_while_empty(ws: Worksheet, ref: str, condition: str | None = None) -> None:
    """Input shading as a conditional format: visible while empty, gone once filled. Block rows shade only
    while the whole row is empty (a blank 一级 under a filled row means "same as above", not "to fill")."""
    condition = condition or f"LEN(TRIM({top_left(ref)}))=0"
    rule = Rule(type="expression", dxf=DifferentialStyle(fill=INPUT_FILL), formula=[condition])
    ws.conditional_formatting.add(ref, rule)


def _hint_more_rows(ws: Worksheet, block: Block) -> None:
    """Say where the rest of the block is: its unused rows are hidden (so the form prints like the official one, on
    one page), and a user who needs more rows unhides them. The hint is the input message of the last row shown in
    a free-text column (a comment would clash with the .xlsm buttons' VML drawing; dropdown cells keep theirs)."""
    column = next((c for c in block.columns if c.choices is None), None)
    if column is None:
        return
    last_shown = block.first_row + block.min_rows - 1
    hint = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle="需要更多行？",
        prompt=(f"本表可填 {block.capacity} 行，未用的行已隐藏。需要更多行时，选中这一行和下面的行（点行号拖选），"
                "右键 →“取消隐藏”。"),
    )
    hint.add(f"{column.first_col}{last_shown}")
    ws.add_data_validation(hint)


def _add_dropdowns(ws: Worksheet, block: Block, framework: FrameworkId) -> None:
    fw = get_framework(framework)
    lists = {"level1": fw.level1_names, "level2": fw.level2_names, "standard": PERFORMANCE_STANDARDS}
    for column in block.columns:
        if column.choices is None:
            continue
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(lists[column.choices]) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="不在下拉列表中",
            error=f"“{column.label}”建议从下拉列表选择（{fw.title}）。确定要保留输入的内容吗？",
            showInputMessage=False,
        )
        validation.add(block.range_of(column.key))
        ws.add_data_validation(validation)


def _place(ws: Worksheet, ref: str, style: Style, value: object, as_formula: bool = False) -> None:
    """Style every cell of ``ref``, merge it if it spans more than one cell, and put ``value`` in its top-left
    cell (a one-cell "merge" such as C5:C5 is only work for every reader: the templates carried ≈520 of them)."""
    first, _, last = ref.partition(":")
    if last and last != first:
        ws.merge_cells(ref)
    for name in cells_of(ref):
        cell = ws[name]
        cell.font = style.font
        cell.alignment = style.alignment
        cell.border = style.border
        cell.fill = style.fill
        cell.protection = style.protection
        cell.number_format = style.number_format
    if value is None:
        return
    anchor = ws[top_left(ref)]
    anchor.value = value
    if not as_formula and isinstance(value, str):
        anchor.data_type = "s"  # text beginning with "=" stays text


def _cell_value(value: object, kind: Kind) -> object:
    if value is None or value == "":
        return None
    if kind == "money" and isinstance(value, Decimal):
        return value
    if kind == "year":
        return int(value) if isinstance(value, int | str) and str(value).isdigit() else value
    return value if isinstance(value, str) else str(value)


def _protect(ws: Worksheet) -> None:
    """Lock everything but input cells; users may still resize rows (long texts) and select cells.

    Objects are locked too, so the buttons of the .xlsm templates cannot be moved or deleted (a Forms button
    still runs its macro on a protected sheet); the .xlsx gets the same protection so both stay identical.
    """
    protection = ws.protection
    protection.sheet = True
    protection.objects = True
    protection.formatRows = False
    protection.formatColumns = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _page_setup(ws: Worksheet, layout: SheetLayout) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if layout.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_setup.blackAndWhite = True
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    margins = ws.page_margins
    margins.left = margins.right = printing.SIDE
    margins.top, margins.bottom, margins.header, margins.footer = (
        printing.TOP, printing.BOTTOM, printing.HEADER, printing.FOOTER)
    ws.print_area = f"A1:{layout.last_col}{layout.last_row}"
    if layout.repeat_rows:
        ws.print_title_rows = layout.repeat_rows
    ws.oddFooter.center.text = printing.PAGE_FOOTER
    ws.sheet_view.showGridLines = False


def _write_marker(book: Workbook, layout: WorkbookLayout, framework: FrameworkId) -> None:
    ws = book.create_sheet(MARKER_SHEET)
    marker = Marker(layout.form_id, layout.version, framework)
    for row, (label, value) in enumerate(marker.values(layout), start=1):
        ws.cell(row=row, column=1, value=label)
        ws.cell(row=row, column=2, value=value).data_type = "s"
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
