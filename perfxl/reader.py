"""Read a filled form into models, remembering where every item came from.

``read_form(path)`` reads a file; ``read_grid_form(grid, source)`` reads the same grid the Excel adapter builds
from a live book. Sheets are recognised by their anchor labels (so renamed or copied 附表3 sheets are found);
a sheet that looks like a form but whose labels moved means rows were inserted or deleted, which is an error.
Values that cannot be typed (text in an amount cell) become ``None`` in the model and a :class:`ReadProblem`
at their cell, never a silent zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfxl.frameworks import FrameworkId
from perfxl.grid import Grid, SheetGrid, cell_text, read_grid
from perfxl.layout.a1 import column_index
from perfxl.layout.spec import Block, Kind, SheetLayout, SheetRole, WorkbookLayout, top_left
from perfxl.marker import MARKER_SHEET, FormError, Marker, read_marker
from perfxl.models import DepartmentReturn, FormModel, ProjectDeclaration
from perfxl.values import parse_amount


@dataclass(frozen=True)
class ReadProblem:
    """A value the reader could not type; the check engine reports it as a finding."""

    sheet: str
    cell: str
    message: str


@dataclass
class SheetSource:
    """Where one sheet's values were read: its name, layout, and the worksheet row of each block item."""

    name: str
    layout: SheetLayout
    item_rows: dict[str, list[int]] = field(default_factory=dict)

    def field_cell(self, key: str) -> str:
        return self.layout.field(key).cell

    def item_cell(self, block: str, index: int, column: str) -> str:
        return f"{self.layout.block(block).column(column).first_col}{self.item_rows[block][index]}"


@dataclass
class ReadResult:
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


def read_form(path: str | Path) -> ReadResult:
    """Read a workbook file; raises ``WorkbookError`` (not a workbook) or ``FormError`` (not this form)."""
    path = Path(path)
    return read_grid_form(read_grid(path), str(path))


def read_grid_form(grid: Grid, source: str) -> ReadResult:
    marker, layout = read_marker(grid, source)
    sheets: dict[str, SheetSource] = {}
    problems: list[ReadProblem] = []
    values: dict[str, Any] = {}
    for role in layout.sheets:
        found = _sheets_for(grid, role, source)
        models = []
        for sheet in found:
            data, src = _read_sheet(sheet, role.layout, problems)
            sheets[sheet.name] = src
            models.append(data)
        values[role.attr] = models if role.repeating else models[0]
    model: FormModel
    if layout.form_id == "perfxl.project":
        model = ProjectDeclaration(framework=marker.framework, **values["project"])
    else:
        model = DepartmentReturn(framework=marker.framework, **values)
    return ReadResult(source, marker, layout, model, sheets, problems, grid)


def _sheets_for(grid: Grid, role: SheetRole, source: str) -> list[SheetGrid]:
    """The sheets playing ``role``, in workbook order; an error if a required one is missing or altered.

    A sheet that carries the role's first label (附表3 at A1, say) but not all its anchors had rows or
    columns inserted or deleted: reading it by position would put values in the wrong fields."""
    found: list[SheetGrid] = []
    for sheet in grid.values():
        if sheet.name == MARKER_SHEET:
            continue
        if _matches(sheet, role.layout):
            found.append(sheet)
        elif sheet.name == role.layout.default_name or _carries_first_label(sheet, role.layout):
            raise FormError(f"{source} 的工作表“{sheet.name}”结构被改动：{_first_mismatch(sheet, role.layout)}")
    if not role.repeating and len(found) > 1:
        found = [s for s in found if s.name == role.layout.default_name] or found[:1]
    if found or role.repeating:
        return found
    raise FormError(f"{source} 中找不到{role.layout.role}（{role.layout.title}），工作表可能被删除或改名。")


def _carries_first_label(sheet: SheetGrid, layout: SheetLayout) -> bool:
    first = layout.anchors()[0]
    return _same(sheet.text(top_left(first.ref)), first.text)


def _matches(sheet: SheetGrid, layout: SheetLayout) -> bool:
    return all(_same(sheet.text(top_left(label.ref)), label.text) for label in layout.anchors())


def _same(seen: str, expected: str) -> bool:
    return re.sub(r"\s+", "", seen) == re.sub(r"\s+", "", expected)


def _first_mismatch(sheet: SheetGrid, layout: SheetLayout) -> str:
    for label in layout.anchors():
        cell = top_left(label.ref)
        seen = sheet.text(cell)
        if not _same(seen, label.text):
            return (
                f"{cell} 应为“{label.text}”，实际为“{seen}”。可能插入或删除了行/列，请使用原模板，"
                "不要增删行列（行数不够时请联系管理员）。"
            )
    return "标签不符。"


def _read_sheet(
    sheet: SheetGrid, layout: SheetLayout, problems: list[ReadProblem]
) -> tuple[dict[str, Any], SheetSource]:
    src = SheetSource(sheet.name, layout)
    data: dict[str, Any] = {"sheet_name": sheet.name}
    for item in layout.fields:
        data[item.key] = _typed(sheet, item.cell, item.kind, item.label, problems)
    for block in layout.blocks:
        data[block.key], src.item_rows[block.key] = _read_block(sheet, block, problems)
    return data, src


def _read_block(sheet: SheetGrid, block: Block, problems: list[ReadProblem]) -> tuple[list[dict[str, Any]], list[int]]:
    """Items of a block, skipping empty rows; each item keeps its worksheet row (returned alongside)."""
    columns = [(c, column_index(c.first_col)) for c in block.columns]
    items, rows = [], []
    for row in block.rows:
        raw = [sheet.value(row, index) for _, index in columns]
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in raw):
            continue
        item = {}
        for (column, _), value in zip(columns, raw, strict=True):
            if column.kind in ("money", "year"):
                item[column.key] = _typed(sheet, f"{column.first_col}{row}", column.kind, column.label, problems)
            else:
                item[column.key] = cell_text(value)
        items.append(item)
        rows.append(row)
    return items, rows


def _typed(sheet: SheetGrid, cell: str, kind: Kind, label: str, problems: list[ReadProblem]) -> Any:
    raw = sheet.at(cell)
    if kind == "money":
        amount = parse_amount(raw)
        if amount.problem:
            problems.append(ReadProblem(sheet.name, cell, f"{label}：{amount.problem}"))
        return amount.value
    if kind == "year":
        text = cell_text(raw).strip()
        digits = re.fullmatch(r"(\d{4})\s*年?度?", text)
        if text and digits is None:
            problems.append(ReadProblem(sheet.name, cell, f"{label}应为四位年份，实际为“{text}”"))
        return int(digits.group(1)) if digits else None
    return cell_text(raw)
