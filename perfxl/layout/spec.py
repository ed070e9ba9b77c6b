"""The vocabulary of a form layout: labels, input fields, repeating blocks and formulas, each at a cell.

A layout is data. The template writer, the reader, the finding locator, the marker and the generator all take
cell positions from here and nowhere else. Layouts are frozen, so what is derived from them (cells, positions,
lookups by key) is computed once per layout object (``cached_property``) however many files are read.

Each layout is built once, as a module constant, so its parts compare and hash by identity (``eq=False``): no
deep comparison or hash of a whole layout when one is a dictionary key. The classes are msgspec Structs with
``dict=True``, the room ``cached_property`` stores its results in.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal, TypeVar

from msgspec import Struct, field

from perfxl.layout.a1 import bounds, column_index, column_letter
from perfxl.layout.a1 import split_cell as split_cell

#: How a cell's value is typed. ``money`` is Decimal 万元; ``year`` an int; the rest are text kept as typed.
Kind = Literal["text", "longtext", "money", "year", "phone"]
#: Which fixed list a column offers as a dropdown.
Choices = Literal["level1", "level2", "standard"]


def top_left(ref: str) -> str:
    """"B4:E4" → "B4"; "B4" → "B4"."""
    return ref.split(":", 1)[0]


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def absolute(cell: str) -> str:
    row, col = split_cell(cell)
    return f"${column_letter(col)}${row}"


class Label(Struct, frozen=True, eq=False, dict=True):
    """Fixed text printed on the form (titles, row and column headings). Labels are locked, and they double
    as the anchors that tell a reader the structure was not changed (rows inserted or deleted)."""

    ref: str
    text: str
    style: str = "label"
    anchor: bool = True

    @cached_property
    def position(self) -> tuple[int, int]:
        """(row, column) of the top-left cell, 1-based; a reader checks every anchor of every sheet it opens."""
        return split_cell(top_left(self.ref))


class Field(Struct, frozen=True, eq=False, dict=True):
    """One input cell (or merged input range) holding one model attribute named ``key``.

    ``signed`` marks a field completed when the printout is signed and sealed (填表人, 联系电话, the 填报单位 where
    the seal goes): often left blank in the file, so a blank one is a 警告 (F102), never an 错误."""

    key: str
    label: str
    ref: str
    kind: Kind = "text"
    required: bool = False
    signed: bool = False

    @cached_property
    def cell(self) -> str:
        return top_left(self.ref)

    @cached_property
    def position(self) -> tuple[int, int]:
        """(row, column) of :attr:`cell`, 1-based."""
        return split_cell(self.cell)


class Column(Struct, frozen=True, eq=False, dict=True):
    """One column of a repeating block; ``cols`` may span merged columns ("E:F")."""

    key: str
    label: str
    cols: str
    kind: Kind = "text"
    choices: Choices | None = None

    @cached_property
    def first_col(self) -> str:
        return self.cols.split(":", 1)[0]

    @cached_property
    def last_col(self) -> str:
        return self.cols.split(":", 1)[-1]

    @cached_property
    def index(self) -> int:
        """1-based index of :attr:`first_col`."""
        return column_index(self.first_col)


class Block(Struct, frozen=True, eq=False, dict=True):
    """Repeating rows (indicators, work tasks, spending details, 专项 rows), ``capacity`` rows from ``first_row``.

    ``min_rows`` rows are shown with their grid lines, as the official form prints them; the later rows are
    hidden until needed (the user unhides them, or generate does) and show grid lines once something is typed."""

    key: str
    label: str
    first_row: int
    capacity: int
    columns: tuple[Column, ...]
    min_rows: int = 5

    @property
    def last_row(self) -> int:
        return self.first_row + self.capacity - 1

    @property
    def rows(self) -> range:
        return range(self.first_row, self.first_row + self.capacity)

    def column(self, key: str) -> Column:
        return _find(self._columns_by_key, key, self.key, "column")

    @cached_property
    def _columns_by_key(self) -> dict[str, Column]:
        return _by_key(self.columns)

    def cell(self, index: int, key: str) -> str:
        """Cell of item slot ``index`` (0-based) in column ``key``."""
        if not 0 <= index < self.capacity:
            raise IndexError(f"{self.key}: slot {index} outside capacity {self.capacity}")
        return f"{self.column(key).first_col}{self.first_row + index}"

    def range_of(self, key: str) -> str:
        col = self.column(key).first_col
        return f"{col}{self.first_row}:{col}{self.last_row}"

    @property
    def span(self) -> tuple[str, str]:
        return self.columns[0].first_col, self.columns[-1].last_col


class Formula(Struct, frozen=True, eq=False, dict=True):
    """A computed cell (合计, titles built from the year, fields copied from 附表1). Readers never trust its cached
    result: the models recompute totals from the rows (files saved by openpyxl carry no cached values at all)."""

    key: str
    label: str
    ref: str
    formula: str
    kind: Kind = "text"
    style: str = "formula"

    @cached_property
    def cell(self) -> str:
        return top_left(self.ref)


class SheetLayout(Struct, frozen=True, eq=False, dict=True):
    """One printed form: everything about where things are and how the page prints."""

    role: str
    title: str
    default_name: str
    widths: dict[str, float]
    labels: tuple[Label, ...]
    fields: tuple[Field, ...]
    blocks: tuple[Block, ...] = ()
    formulas: tuple[Formula, ...] = ()
    landscape: bool = False
    repeat_rows: str | None = None
    heights: dict[int, float] = field(default_factory=dict)
    last_row: int = 0

    def field(self, key: str) -> Field:
        return _find(self._fields_by_key, key, self.role, "field")

    def block(self, key: str) -> Block:
        return _find(self._blocks_by_key, key, self.role, "block")

    def formula(self, key: str) -> Formula:
        return _find(self._formulas_by_key, key, self.role, "formula")

    def column_letter(self, block: str, column: str) -> str:
        """The first column letter of a block's column (every finding on a block row and every 指标明细 row asks)."""
        letters = self._letters
        letter = letters.get((block, column))
        if letter is None:
            letter = letters[(block, column)] = self.block(block).column(column).first_col
        return letter

    # Lookups by key run thousands of times per checked file (every finding asks for its cell), so each
    # layout indexes its parts once; a layout is frozen, so the index cannot go stale.
    @cached_property
    def _fields_by_key(self) -> dict[str, Field]:
        return _by_key(self.fields)

    @cached_property
    def _blocks_by_key(self) -> dict[str, Block]:
        return _by_key(self.blocks)

    @cached_property
    def _formulas_by_key(self) -> dict[str, Formula]:
        return _by_key(self.formulas)

    @cached_property
    def _letters(self) -> dict[tuple[str, str], str]:
        return {}

    def input_cells(self) -> Iterator[str]:
        """Every cell a user may type in (top-left and merged-away cells alike)."""
        for item in self.fields:
            yield from cells_of(item.ref)
        for block in self.blocks:
            for row in block.rows:
                for column in block.columns:
                    yield from cells_of(f"{column.first_col}{row}:{column.last_col}{row}")

    def anchors(self) -> tuple[Label, ...]:
        return self._anchors

    @cached_property
    def _anchors(self) -> tuple[Label, ...]:
        return tuple(label for label in self.labels if label.anchor)

    @cached_property
    def anchor_rows(self) -> tuple[tuple[int, tuple[Label, ...]], ...]:
        """The anchor labels grouped by row, top to bottom, each row's left to right: what placing a sheet
        compares, for every sheet of every file read."""
        rows: dict[int, list[Label]] = {}
        for label in self.anchors():
            rows.setdefault(label.position[0], []).append(label)
        return tuple((row, tuple(sorted(labels, key=lambda label: label.position[1]))) for row, labels in sorted(rows.items()))

    @property
    def last_col(self) -> str:
        return max(self.widths, key=column_index)


_Keyed = TypeVar("_Keyed", Field, Column, Block, Formula)


def _by_key(items: tuple[_Keyed, ...]) -> dict[str, _Keyed]:
    """Items by key; the first wins where keys repeat, as a search from the front would find."""
    index: dict[str, _Keyed] = {}
    for item in items:
        index.setdefault(item.key, item)
    return index


def _find(index: dict[str, _Keyed], key: str, owner: str, kind: str) -> _Keyed:
    item = index.get(key)
    if item is None:
        raise KeyError(f"{owner} has no {kind} {key}")
    return item


def cells_of(ref: str) -> Iterator[str]:
    min_row, min_col, max_row, max_col = bounds(ref)
    for row in range(min_row, max_row + 1):
        for col in range(min_col, max_col + 1):
            yield cell_name(row, col)


class SheetRole(Struct, frozen=True, eq=False):
    """A sheet of a workbook form; ``repeating`` sheets (附表3) may appear any number of times."""

    layout: SheetLayout
    attr: str
    repeating: bool = False


class WorkbookLayout(Struct, frozen=True, eq=False, dict=True):
    form_id: str
    title: str
    version: int
    sheets: tuple[SheetRole, ...]
    file_stem: str

    @cached_property
    def anchor_text(self) -> str:
        """Every anchor label of every sheet as ``|role!ref=text``: what a marker's check code hashes."""
        return "".join(f"|{r.layout.role}!{label.ref}={label.text}" for r in self.sheets for label in r.layout.anchors())

    def role(self, role: str) -> SheetRole:
        for item in self.sheets:
            if item.layout.role == role:
                return item
        raise KeyError(role)
