"""Where the template's rows are in a filled sheet, after rows were inserted or deleted.

The commonest change users make to a form is a row inserted inside a block (to add an indicator where it belongs)
or a row deleted; Excel moves everything below it. The layout's anchor labels tell where each labelled row went:
between two labelled rows that moved apart rows were inserted, between two that came closer rows were deleted.
A :class:`Placement` maps the layout's rows to the sheet's, gives each block the rows it spans now, and lists
the changes (:class:`RowChange`) for the structure finding (T106), so every other check reads the values where
they are.

A sheet whose labels stand where the template has them costs one comparison per label, as before. Moved labels
are looked up in an index of the sheet's short texts built in one pass, so placing a sheet stays linear in its
rows whatever the file holds. What cannot be placed (a labelled row holding input cells deleted, a label
overwritten, columns moved) raises :class:`PlacementError`: reading on would put values in the wrong fields.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from functools import cached_property

from msgspec import Struct, field

from perfxl.frameworks import normalize_name
from perfxl.grid import SheetGrid, cell_text
from perfxl.layout.a1 import bounds
from perfxl.layout.spec import Block, Label, SheetLayout, cell_name

#: rows a user may insert above a form's first label (a letterhead line, say) and the sheet still be recognised
TOP_SLACK = 20
#: texts longer than this are never labels: the index skips them without normalising
_LABEL_LIMIT = 64


class PlacementError(Exception):
    """The sheet is this form, but its rows cannot be placed; ``str(err)`` says where, in Chinese."""


class RowChange(Struct, frozen=True):
    """Rows inserted (``count`` > 0) or deleted (``count`` < 0) between two labelled rows of the template.

    ``above``/``below`` are layout rows of those labelled rows (``above`` 0: the top of the sheet); the rows
    between them are sheet rows ``first``..``last`` now (none when ``last`` < ``first``)."""

    above: int
    below: int
    first: int
    last: int
    count: int
    block: Block | None = None  # the block whose rows lie between the two labelled rows
    labels_above: tuple[Label, ...] = ()
    labels_below: tuple[Label, ...] = ()
    deleted: tuple[Label, ...] = ()  # labels of labelled rows that were deleted

    @property
    def exact(self) -> bool:
        """True when the inserted rows are exactly ``first``..``last`` (no template row lies between)."""
        return self.count > 0 and self.below == self.above + 1


class Placement(Struct, dict=True):
    """Sheet row of each layout row; the identity for a sheet as the template made it."""

    layout: SheetLayout
    found: list[tuple[int, int]] = field(default_factory=list)  # (layout row, sheet row) of each labelled row
    changes: list[RowChange] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)  # layout rows of labelled rows that were deleted

    @property
    def moved(self) -> bool:
        return bool(self.changes)

    def row(self, layout_row: int) -> int:
        """The sheet row now holding ``layout_row`` (its best guess where :meth:`certain` is False)."""
        if not self.changes:
            return layout_row
        block = self._block_of(layout_row)
        if block is not None:
            rows = self.block_rows(block)
            index = layout_row - block.first_row
            return rows[index] if index < len(rows) else rows.stop + index - len(rows)
        before, _ = self._neighbours(layout_row)
        if before is None:
            first_layout, first_sheet = self.found[0]
            return first_sheet - (first_layout - layout_row)
        return before[1] + layout_row - before[0] - self._deleted_between(before[0], layout_row)

    def certain(self, layout_row: int) -> bool:
        """False for a row between two labelled rows whose distance changed, outside any block: it may be any of
        the rows between them (or deleted)."""
        if not self.changes or self._block_of(layout_row) is not None:
            return True
        before, after = self._neighbours(layout_row)
        if before is not None and before[0] == layout_row:
            return True
        top = before or (0, 0)
        return after is None or after[1] - top[1] == after[0] - top[0]

    def candidates(self, layout_row: int) -> range:
        """Sheet rows that may hold ``layout_row``: one row where :meth:`certain`, else every row between the
        labelled rows around it."""
        if self.certain(layout_row):
            row = self.row(layout_row)
            return range(row, row + 1)
        before, after = self._neighbours(layout_row)
        assert after is not None
        return range((before[1] if before else 0) + 1, after[1])

    def block_rows(self, block: Block) -> range:
        """Sheet rows of ``block`` now: from below its header to above the next label, keeping the blank rows the
        template leaves after the block (inserted rows count as the block's)."""
        if not self.changes:
            return block.rows
        return self._block_ranges[block.key]

    def cell(self, ref: str) -> str:
        """``ref``'s top-left cell where it is now ("E5:F5" → "E6" with a row inserted above)."""
        row, col, _, _ = bounds(ref)
        return cell_name(self.row(row), col)

    # ------------------------------------------------------------------ internals
    @cached_property
    def _layout_rows(self) -> list[int]:
        return [layout_row for layout_row, _ in self.found]

    def _neighbours(self, layout_row: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """The labelled rows found at or above ``layout_row`` and below it (None at either end)."""
        at = bisect_right(self._layout_rows, layout_row)
        return (self.found[at - 1] if at else None), (self.found[at] if at < len(self.found) else None)

    def _deleted_between(self, above: int, below: int) -> int:
        return sum(1 for row in self.deleted if above < row < below)

    def _block_of(self, layout_row: int) -> Block | None:
        return next((b for b in self.layout.blocks if b.first_row <= layout_row <= b.last_row), None)

    @cached_property
    def _block_ranges(self) -> dict[str, range]:
        ranges = {}
        for block in self.layout.blocks:
            before, after = self._neighbours(block.first_row)
            top = before or (0, 0)
            start = top[1] + block.first_row - top[0] - self._deleted_between(top[0], block.first_row)
            if after is None:
                stop = start + block.capacity
            else:
                stop = after[1] - (after[0] - block.last_row) + self._deleted_between(block.last_row, after[0]) + 1
            ranges[block.key] = range(start, max(stop, start))
        return ranges


def place(sheet: SheetGrid, layout: SheetLayout) -> Placement | None:
    """Where ``layout``'s rows are on ``sheet``; None when the sheet does not start as this form does (it is some
    other sheet); :class:`PlacementError` when it does but its rows cannot be placed."""
    groups = layout.anchor_rows
    if all(_carries(sheet, row, labels) for row, labels in groups):
        return Placement(layout, [(row, row) for row, _ in groups])
    first_row, first_labels = groups[0]
    head = first_labels[0]
    top = [r for r in range(1, first_row + TOP_SLACK + 1) if _same(sheet.value(r, head.position[1]), head)]
    if not top:
        return None
    start = min(top, key=lambda r: (abs(r - first_row), r))
    if start != first_row and not _followed(sheet, groups, start):
        return None  # the first label's text further down some other sheet (a list of sheet names, say)
    if not _carries(sheet, start, first_labels[1:]):
        _refuse_missing(sheet, first_labels, start)
    found = _locate(sheet, groups[1:], _Index(sheet, layout), (first_row, start))
    changes = _changes(sheet, layout, groups, found)
    located = {row for row, _ in found}
    return Placement(layout, found, changes, [row for row, _ in groups if row not in located])


def _followed(sheet: SheetGrid, groups: Sequence[tuple[int, tuple[Label, ...]]], start: int) -> bool:
    """A first label found below its place starts this form only if the next labelled row follows it (rows
    inserted above the form move both)."""
    (first_row, _), (second_row, labels) = groups[0], groups[1]
    near = start + second_row - first_row
    return any(_carries(sheet, row, labels) for row in range(start + 1, near + TOP_SLACK + 1))


def _same(seen: object, label: Label) -> bool:
    if seen is None:
        return False  # most cells looked at are empty; no label is
    text = cell_text(seen)
    return text == label.text or (len(text) <= _LABEL_LIMIT and normalize_name(text) == normalize_name(label.text))


def _carries(sheet: SheetGrid, row: int, labels: tuple[Label, ...]) -> bool:
    return all(_same(sheet.value(row, label.position[1]), label) for label in labels)


class _Index:
    """Rows where each label's text stands in the label's column, from one pass over the sheet."""

    def __init__(self, sheet: SheetGrid, layout: SheetLayout):
        wanted: dict[int, set[str]] = {}
        for label in layout.anchors():
            wanted.setdefault(label.position[1], set()).add(normalize_name(label.text))
        self.rows: dict[tuple[int, str], list[int]] = {}
        for number, line in enumerate(sheet.rows, 1):
            for col, texts in wanted.items():
                value = line[col - 1] if col <= len(line) else None
                if isinstance(value, str) and value and len(value) <= _LABEL_LIMIT:
                    key = normalize_name(value)
                    if key in texts:
                        self.rows.setdefault((col, key), []).append(number)

    def of(self, label: Label) -> list[int]:
        return self.rows.get((label.position[1], normalize_name(label.text)), [])


def _locate(
    sheet: SheetGrid, groups: Sequence[tuple[int, tuple[Label, ...]]], index: _Index, first: tuple[int, int]
) -> list[tuple[int, int]]:
    """(layout row, sheet row) of every labelled row found, in order, starting with ``first``: each at the row
    below the last one found that carries all its labels, nearest to where the rows above put it."""
    found = [first]
    offset, floor = first[1] - first[0], first[1]
    for layout_row, labels in groups:
        rows = [r for r in index.of(labels[0]) if r > floor and _carries(sheet, r, labels[1:])]
        if rows:
            row = min(rows, key=lambda r: (abs(r - layout_row - offset), r))
            found.append((layout_row, row))
            offset, floor = row - layout_row, row
    return found


def _changes(
    sheet: SheetGrid, layout: SheetLayout, groups: Sequence[tuple[int, tuple[Label, ...]]], found: list[tuple[int, int]]
) -> list[RowChange]:
    """The inserted and deleted rows between consecutive labelled rows; PlacementError for what cannot be read."""
    labels = dict(groups)
    missing = [row for row, _ in groups if row not in dict(found)]
    last_layout, last_sheet = found[-1]
    for row in missing:
        if row > last_layout:
            _refuse_missing(sheet, labels[row], row + last_sheet - last_layout)
    changes = []
    for (above, top), (below, bottom) in zip([(0, 0), *found], found, strict=False):
        count = (bottom - top) - (below - above)
        deleted = [row for row in missing if above < row < below]
        if deleted and count > -len(deleted):
            _refuse_missing(sheet, labels[deleted[0]], deleted[0] + top - above)
        for row in deleted:
            _refuse_deleted_inputs(layout, row, labels[row])
        if count:
            block = next((b for b in layout.blocks if above < b.first_row and b.last_row < below), None)
            changes.append(RowChange(
                above, below, top + 1, bottom - 1, count, block, labels.get(above, ()), labels[below],
                tuple(label for row in deleted for label in labels[row]),
            ))  # fmt: skip
    return changes


def _refuse_missing(sheet: SheetGrid, labels: tuple[Label, ...], row: int) -> None:
    """A labelled row that is neither where it should be nor deleted: a label was overwritten or columns moved."""
    label = next((lb for lb in labels if not _same(sheet.value(row, lb.position[1]), lb)), labels[0])
    cell = cell_name(row, label.position[1])
    raise PlacementError(
        f"{cell} 应为“{label.text}”，实际为“{sheet.text(cell)}”。可能插入或删除了行/列，请使用原模板，"
        "不要增删行列（行数不够时请联系管理员）。"
    )


def _refuse_deleted_inputs(layout: SheetLayout, row: int, labels: tuple[Label, ...]) -> None:
    """A deleted labelled row that held input cells or formulas: what it held cannot be read anywhere."""
    held = [f.label for f in layout.fields if bounds(f.ref)[0] == row]
    held += [f.label for f in layout.formulas if bounds(f.ref)[0] == row]
    if held:
        raise PlacementError(
            f"模板第 {row} 行（“{labels[0].text}”所在行）被删除了，其中的{'、'.join(dict.fromkeys(held))}无法读取。"
            "请使用原模板，不要增删行列。"
        )


_REFERENCE = re.compile(
    r"(?P<sheet>'(?:[^']|'')+'!|[^\s!'\"=(),&:+\-*/<>^]+!)?(?P<col>\$?[A-Za-z]{1,3}\$?)(?P<row>\d+)(?![\w(])"
)


def move_references(formula: str, own: Placement, others: Mapping[str, Placement]) -> str:
    """A template formula as Excel rewrites it when rows move: each reference to a row goes where that row is now,
    on the formula's own sheet through ``own``, on another sheet (``附表1!$B$3``) through that sheet's placement
    in ``others``. Text in quotes is left alone."""
    if not own.moved and not any(p.moved for p in others.values()):
        return formula

    def moved(m: re.Match[str]) -> str:
        prefix = m["sheet"] or ""
        placement = others.get(prefix[:-1].strip("'").replace("''", "'")) if prefix else own
        if placement is None:
            return m[0]
        return f"{prefix}{m['col']}{placement.row(int(m['row']))}"

    parts = formula.split('"')
    for i in range(0, len(parts), 2):
        parts[i] = _REFERENCE.sub(moved, parts[i])
    return '"'.join(parts)
