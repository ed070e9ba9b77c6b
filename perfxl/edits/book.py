"""What an applier must be able to do to a workbook, in the few operations the core's plans need.

Two implementations: :class:`perfxl.edits.openpyxl_book.OpenpyxlBook` (files: ``check --mark``, ``unmark``,
``generate``, ``sheet3``) and :class:`perfxl.excel.xlwings_book.XlwingsBook` (the live book behind the Excel
buttons). The core decides *what* changes (:mod:`perfxl.edits.marks`); a book only carries it out, so everything
but the thin Excel calls is tested on real files.

Fills travel between the two as a neutral text (:class:`Fill`): a pattern name as openpyxl spells it (``none``,
``solid``, ``gray125`` …) and colours as 8-digit ARGB (``FFFFC7CE``), ``theme:4:0.4``, ``indexed:64`` or ``auto``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from msgspec import Struct


class Fill(Struct, frozen=True):
    """A cell's own fill (not a conditional format's)."""

    pattern: str = "none"
    fg: str = ""
    bg: str = ""

    def text(self) -> str:
        return " ".join(part for part in (self.pattern, self.fg, self.bg) if part) if self.pattern != "none" else ""

    @classmethod
    def parse(cls, text: str) -> Fill:
        parts = (text or "").split()
        if not parts:
            return cls()
        fg, bg = [*parts[1:3], "", ""][:2]
        return cls(parts[0], fg, bg)

    @classmethod
    def solid(cls, rgb: str) -> Fill:
        argb = rgb if len(rgb) == 8 else "FF" + rgb
        return cls("solid", argb.upper(), argb.upper())


class Note(Struct, frozen=True):
    """A cell comment (Excel's "note"): its text and author."""

    text: str
    author: str = ""


class CellState(Struct, frozen=True):
    """What a cell showed before perfxl marked it, so that clearing the marks can put it back."""

    fill: Fill
    note: Note | None


class ResultRow(Struct, frozen=True):
    """One row of the 校验结果 sheet; ``link`` is the (sheet, cell) the 位置 cell jumps to."""

    values: tuple[object, ...]
    severity: str
    link: tuple[str, str] | None


class EditableBook(Protocol):
    """The operations the plans are applied with. Cells are A1 names on the named sheet."""

    def sheet_names(self) -> list[str]: ...

    def editing(self, sheets: Sequence[str]) -> AbstractContextManager[None]:
        """Lift sheet protection on ``sheets`` and the workbook structure lock for the block, then put both
        back with the same options."""
        ...

    def anchor(self, sheet: str, cell: str) -> str:
        """The top-left cell of the merged area holding ``cell`` (``cell`` itself when not merged)."""
        ...

    def cell_states(self, sheet: str, cells: Sequence[str]) -> list[CellState]: ...

    def set_fill(self, sheet: str, cells: Sequence[str], fill: Fill) -> None: ...

    def set_note(self, sheet: str, cell: str, note: Note | None) -> None: ...

    def add_top_fill_rule(self, sheet: str, cells: Sequence[str], fill: Fill) -> None:
        """A conditional format that always applies, ranked above every other rule of the sheet (the template's
        "still empty" shading would otherwise hide a mark on an empty input cell)."""
        ...

    def remove_top_fill_rules(self, sheet: str, fills: Sequence[Fill]) -> None:
        """Remove the rules :meth:`add_top_fill_rule` added (an always-true rule filling with one of ``fills``,
        known by its background colour)."""
        ...

    def read_rows(self, sheet: str) -> list[list[object]] | None:
        """A sheet's values row by row, or None when there is no such sheet."""
        ...

    def write_hidden_rows(self, sheet: str, rows: Sequence[Sequence[str]]) -> None:
        """Replace ``sheet`` by a very hidden sheet holding ``rows`` as text."""
        ...

    def delete_sheet(self, sheet: str) -> None: ...

    def write_results(self, sheet: str, header: Sequence[tuple[str, float]], rows: Sequence[ResultRow]) -> None:
        """Replace ``sheet`` by a formatted list: a header row (title, column width), one row per entry with a
        link from its 位置 cell, the sheet made active."""
        ...


def chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
