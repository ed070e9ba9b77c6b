"""Read a filled form into models, remembering where every item came from.

``read_form(path)`` reads a file; ``read_grid_form(grid, source)`` reads the same grid the Excel adapter builds
from a live book. Sheets are recognised by their anchor labels (so renamed or copied 附表3 sheets are found);
where labels moved because rows were inserted or deleted, the values are read where they are now
(:mod:`perfxl.placement`) and the check reports the change (T106); a sheet that cannot be placed is an error.
Values that cannot be typed (text in an amount cell) become ``None`` in the model and a :class:`ReadProblem`
at their cell, never a silent zero.
"""

from __future__ import annotations

import re
from operator import itemgetter
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from perfxl.frameworks import FrameworkId
from perfxl.grid import Grid, SheetGrid, cell_text, read_grid
from perfxl.layout.spec import Block, Kind, SheetLayout, SheetRole, WorkbookLayout, top_left
from perfxl.marker import MARKER_SHEET, FormError, Marker, read_marker
from perfxl.models import DepartmentReturn, FormModel, ProjectDeclaration
from perfxl.placement import Placement, PlacementError, place
from perfxl.values import parse_amount


class ReadProblem(Struct, frozen=True):
    """A value the reader could not type; the check engine reports it as a finding."""

    sheet: str
    cell: str
    message: str


class SheetSource(Struct):
    """Where one sheet's values were read: its name, layout, where the layout's rows are now (rows may have been
    inserted or deleted) and the worksheet row of each block item."""

    name: str
    layout: SheetLayout
    item_rows: dict[str, list[int]] = field(default_factory=dict)
    placement: Placement | None = None

    @property
    def where(self) -> Placement:
        """Where the layout's rows are: :attr:`placement`, or the template's own rows when none moved."""
        return self.placement if self.placement is not None else Placement(self.layout)

    @property
    def moved(self) -> bool:
        """True when rows were inserted or deleted (T106 reports them)."""
        return self.placement is not None and self.placement.moved

    def field_cell(self, key: str) -> str:
        item = self.layout.field(key)
        return item.cell if self.placement is None else self.placement.cell(item.ref)

    def formula_cell(self, key: str) -> str:
        """The formula's cell now (its best guess when a row next to it was inserted or deleted, see
        :meth:`Placement.certain`)."""
        item = self.layout.formula(key)
        return item.cell if self.placement is None else self.placement.cell(item.ref)

    def item_cell(self, block: str, index: int, column: str) -> str:
        return f"{self.layout.column_letter(block, column)}{self.item_rows[block][index]}"

    def slot_cell(self, block: str, index: int, column: str) -> str:
        """Cell of the block's ``index``-th row (filled or not) in ``column``, where the block is now."""
        item = self.layout.block(block)
        return f"{item.column(column).first_col}{self.where.block_rows(item)[index]}"


class ReadResult(Struct):
    source: str
    marker: Marker
    layout: WorkbookLayout
    model: FormModel
    sheets: dict[str, SheetSource]
    problems: list[ReadProblem]
    grid: Grid

    @property
    def framework(self) -> FrameworkId:
        return self.model.framework


def read_form(path: str | Path, data: bytes | None = None) -> ReadResult:
    """Read a workbook file; raises ``WorkbookError`` (not a workbook) or ``FormError`` (not this form).

    ``data``, when given, is the file's content already read (by a caller that also hashes it); the checks
    that tell a broken or mislabelled file then work on it instead of reading and unzipping the file again."""
    path = Path(path)
    return read_grid_form(read_grid(path, data), str(path))


def read_grid_form(grid: Grid, source: str) -> ReadResult:
    marker, layout = read_marker(grid, source)
    sheets: dict[str, SheetSource] = {}
    problems: list[ReadProblem] = []
    values: dict[str, Any] = {}
    for role in layout.sheets:
        found = _sheets_for(grid, role, source)
        models = []
        for sheet, placement in found:
            data, src = _read_sheet(sheet, role.layout, placement, problems)
            sheets[sheet.name] = src
            models.append(data)
        values[role.attr] = models if role.repeating else models[0]
    model: FormModel
    if layout.form_id == "perfxl.project":
        model = ProjectDeclaration(framework=marker.framework, **values["project"])
    else:
        model = DepartmentReturn(framework=marker.framework, **values)
    return ReadResult(source, marker, layout, model, sheets, problems, grid)


def _sheets_for(grid: Grid, role: SheetRole, source: str) -> list[tuple[SheetGrid, Placement]]:
    """The sheets playing ``role``, in workbook order, each with where its rows are; an error if a required one
    is missing or cannot be read.

    A sheet that starts with the role's first label (附表3 at A1, say) is this form: rows inserted or deleted
    are placed by its other labels (T106 reports them); a sheet whose rows cannot be placed (a label
    overwritten, a row holding input cells deleted, columns moved) is an error, since reading it by position
    would put values in the wrong fields."""
    found: list[tuple[SheetGrid, Placement]] = []
    for sheet in grid.values():
        if sheet.name == MARKER_SHEET:
            continue
        try:
            placement = place(sheet, role.layout)
        except PlacementError as err:
            raise FormError(f"{source} 的工作表“{sheet.name}”结构被改动：{err}") from None
        if placement is not None:
            found.append((sheet, placement))
        elif sheet.name == role.layout.default_name:
            raise FormError(f"{source} 的工作表“{sheet.name}”结构被改动：{_mismatch_message(sheet, role.layout)}")
    if not role.repeating and len(found) > 1:
        found = [s for s in found if s[0].name == role.layout.default_name] or found[:1]
    if found or role.repeating:
        return found
    raise FormError(f"{source} 中找不到{role.layout.role}（{role.layout.title}），工作表可能被删除或改名。")


def _mismatch_message(sheet: SheetGrid, layout: SheetLayout) -> str:
    label = layout.anchors()[0]
    cell = top_left(label.ref)
    return (
        f"{cell} 应为“{label.text}”，实际为“{sheet.text(cell)}”。可能插入或删除了行/列，请使用原模板，"
        "不要增删行列（行数不够时请联系管理员）。"
    )


def _read_sheet(
    sheet: SheetGrid, layout: SheetLayout, placement: Placement, problems: list[ReadProblem]
) -> tuple[dict[str, Any], SheetSource]:
    src = SheetSource(sheet.name, layout, placement=placement if placement.moved else None)
    data: dict[str, Any] = {"sheet_name": sheet.name}
    for item in layout.fields:
        cell = placement.cell(item.ref) if placement.moved else item.cell
        data[item.key] = _typed(sheet.name, cell, item.kind, item.label, sheet.at(cell), problems)
    for block in layout.blocks:
        rows = placement.block_rows(block)
        data[block.key], src.item_rows[block.key] = _read_block(sheet, block, problems, rows)
    return data, src


def _read_block(
    sheet: SheetGrid, block: Block, problems: list[ReadProblem], rows: range | None = None
) -> tuple[list[dict[str, Any]], list[int]]:
    """Items of a block (on ``rows``, the block's as placed; the template's by default), skipping empty rows;
    each item keeps its worksheet row (returned alongside).

    The hottest loop of a read (a block has up to 30 rows, mostly empty), so it indexes the row lists directly."""
    if not block.columns:
        return [], []
    lines = sheet.rows
    indexes = [column.index - 1 for column in block.columns]
    reach = max(indexes)
    pick = itemgetter(*indexes, reach)  # one extra, so that even a one-column block gives a tuple
    keys = [column.key for column in block.columns]
    typed = [(position, column) for position, column in enumerate(block.columns) if column.kind in ("money", "year")]
    width = len(indexes)
    rows = block.rows if rows is None else rows
    items, found = [], []
    for row in range(rows.start, min(rows.stop - 1, len(lines)) + 1):  # rows below the used area are empty
        line = lines[row - 1]
        if len(line) > reach:
            raw = pick(line)[:-1]
        else:
            raw = tuple(line[index] if index < len(line) else None for index in indexes)
        if raw.count("") + raw.count(None) == width:
            continue  # the usual empty row, recognised without a Python-level loop
        try:
            joined, texts = "".join(raw), raw  # all text, as most rows are: cell_text would keep every value
        except TypeError:
            texts = tuple(map(cell_text, raw))
            joined = "".join(texts)
        if not joined.strip() and all(value is None or isinstance(value, str) for value in raw):
            continue  # only whitespace typed: still an empty row
        item = dict(zip(keys, texts, strict=True))
        for position, column in typed:
            cell = f"{column.first_col}{row}"
            item[column.key] = _typed(sheet.name, cell, column.kind, column.label, raw[position], problems)
        items.append(item)
        found.append(row)
    return items, found


_YEAR = re.compile(r"(\d{4})\s*年?度?")


def _typed(sheet: str, cell: str, kind: Kind, label: str, raw: object, problems: list[ReadProblem]) -> Any:
    if raw == "":
        raw = None  # an empty cell, as SheetGrid.value gives it
    if kind == "money":
        amount = parse_amount(raw)
        if amount.problem:
            problems.append(ReadProblem(sheet, cell, f"{label}：{amount.problem}"))
        return amount.value
    if kind == "year":
        text = cell_text(raw).strip()
        digits = _YEAR.fullmatch(text)
        if text and digits is None:
            problems.append(ReadProblem(sheet, cell, f"{label}应为四位年份，实际为“{text}”"))
        return int(digits.group(1)) if digits else None
    return cell_text(raw)
