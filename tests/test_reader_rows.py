"""The reader's fast row loop reads blocks exactly as cell-by-cell reading (``SheetGrid.value``) would."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.grid import Grid, SheetGrid, cell_text, read_grid
from perfxl.layout.forms import WORKBOOK_LAYOUTS
from perfxl.layout.spec import Block
from perfxl.models import DepartmentReturn
from perfxl.reader import ReadProblem, _read_block, read_grid_form
from perfxl.values import parse_amount
from tests.helpers import example_file

SUMMARY = WORKBOOK_LAYOUTS["perfxl.department"].role("附表2").layout
#: what users leave in cells: nothing, whitespace, text, numbers (0 is a value), booleans, dates
VALUES: list[object] = ["", None, " ", "\u3000\n", "x", " 甲 ", 0, 0.0, 1.5, 12, False, True, "8万元", "#REF!"]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _reference(sheet: SheetGrid, block: Block) -> tuple[list[dict[str, object]], list[int]]:
    """The block read one cell at a time, the way the reader's loop must agree with."""
    items, rows = [], []
    for row in block.rows:
        raw = {c.key: sheet.value(row, c.index) for c in block.columns}
        if all(_blank(value) for value in raw.values()):
            continue
        items.append({k: parse_amount(v).value if k == "amount" else cell_text(v) for k, v in raw.items()})
        rows.append(row)
    return items, rows


@pytest.mark.parametrize("seed", range(20))
def test_block_rows_read_like_cell_by_cell(seed: int) -> None:
    rng = random.Random(seed)
    lines: list[list[object]] = [
        [rng.choice(VALUES) for _ in range(rng.randint(0, 6))]  # ragged, as a live book's rows may be
        for _ in range(rng.randint(0, SUMMARY.block("rows").last_row + 3))
    ]
    sheet = SheetGrid("附表2", lines)
    problems: list[ReadProblem] = []
    assert _read_block(sheet, SUMMARY.block("rows"), problems) == _reference(sheet, SUMMARY.block("rows"))
    assert {p.cell for p in problems} == {
        f"C{row}" for row in SUMMARY.block("rows").rows if parse_amount(sheet.value(row, 3)).problem
    }


def test_empty_cells_as_none_read_like_empty_strings(tmp_path: Path) -> None:
    """A live book gives ``None`` where calamine gives "" (and shorter rows): the same form either way."""
    grid = read_grid(example_file("shifeng", tmp_path))
    as_none = Grid.from_values(
        {name: [[None if v == "" else v for v in line] for line in sheet.rows] for name, sheet in grid.items()},
        hidden=[name for name, sheet in grid.items() if not sheet.visible],
    )
    assert read_grid_form(as_none, "x").model == read_grid_form(grid, "x").model


def test_whitespace_row_is_empty_but_zero_is_a_value(tmp_path: Path) -> None:
    grid = read_grid(example_file("shifeng", tmp_path))
    lines = [list(line) for line in grid["附表2"].rows]
    last = read_grid_form(grid, "x").sheets["附表2"].item_rows["rows"][-1]
    lines[last] = [" ", "\u3000", "", "\n", ""]  # the row after the last item: only whitespace
    lines[last + 1] = ["", "", 0, "", ""]
    sheets = {name: (lines if name == "附表2" else sheet.rows) for name, sheet in grid.items()}
    hidden = [name for name, sheet in grid.items() if not sheet.visible]
    result = read_grid_form(Grid.from_values(sheets, hidden), "x")
    assert result.sheets["附表2"].item_rows["rows"][-1] == last + 2
    assert isinstance(result.model, DepartmentReturn)
    assert result.model.summary.rows[-1].amount == Decimal(0)
