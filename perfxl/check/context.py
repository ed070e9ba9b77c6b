"""What a rule sees: the read form, its cells, the settings, and views that several rules share.

Rules never compute cell addresses themselves: they ask the context (which asks the layout via the reader's
:class:`~perfxl.reader.SheetSource`). Parsed 指标值 (cached in perfxl.values) and 测算 text (cached here) are
parsed once, however many rules look at them, and so is any view a rule module builds with :meth:`CheckContext.shared`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TypeVar, cast

from msgspec import Struct

from perfxl.check.settings import Settings
from perfxl.check.xmlfacts import SheetFacts
from perfxl.frameworks import Framework, get_framework
from perfxl.grid import cell_text
from perfxl.layout.spec import Block
from perfxl.models import DepartmentReturn, Indicator, ProjectDeclaration, SpendingDirection, effective_levels
from perfxl.reader import ReadResult, SheetSource

T = TypeVar("T")
#: block columns a template may print in advance (the framework's level names): alone they do not make a sheet used
_PREPRINTED = ("level1", "level2")


def _is_zero(value: object) -> bool:
    try:
        return Decimal(str(value).strip()) == 0
    except ArithmeticError:
        return False


class IndicatorTable(Struct, frozen=True, eq=False):
    """One sheet's 年度绩效指标 block with everything the indicator rules compare against.

    Compared and hashed by identity (``eq=False``), so per-table views can be cached while a check runs.
    ``budget`` is the money the sheet's indicators are bound by (附表1 资金总额, 附表3 金额, 项目 年度本级预算金额),
    ``budget_cell`` where it is written. ``levels`` are the (一级, 二级) of each row after filling merged blanks."""

    sheet: str
    source: SheetSource
    block: Block
    indicators: tuple[Indicator, ...]
    levels: tuple[tuple[str, str], ...]
    budget: Decimal | None
    budget_cell: str
    period: str
    year: int | None

    @property
    def has_standard(self) -> bool:
        return any(column.key == "standard" for column in self.block.columns)

    def cell(self, index: int, column: str) -> str:
        return self.source.item_cell(self.block.key, index, column)

    @property
    def first_cell(self) -> str:
        """Where to point a finding about the block as a whole (its first row)."""
        return self.source.slot_cell(self.block.key, 0, self.block.columns[0].key)


class CheckContext:
    def __init__(self, result: ReadResult, settings: Settings, path: Path | None = None, data: bytes | None = None):
        self.result = result
        self.settings = settings
        self.path = path
        self.data = data  # the file's content when the caller read it (the bytes the values came from)
        self._shared: dict[Callable[[CheckContext], object], object] = {}

    # ------------------------------------------------------------------ the form
    @property
    def model(self) -> DepartmentReturn | ProjectDeclaration:
        return self.result.model

    @property
    def form(self) -> str:
        return self.model.form

    @property
    def department(self) -> DepartmentReturn | None:
        return self.model if isinstance(self.model, DepartmentReturn) else None

    @property
    def project(self) -> ProjectDeclaration | None:
        return self.model if isinstance(self.model, ProjectDeclaration) else None

    @cached_property
    def framework(self) -> Framework:
        return get_framework(self.settings.framework or self.model.framework)

    @property
    def tolerance(self) -> Decimal:
        return self.settings.money_tolerance

    def source(self, sheet: str) -> SheetSource:
        return self.result.sheets[sheet]

    def field_cell(self, sheet: str, key: str) -> str:
        return self.source(sheet).field_cell(key)

    def item_cell(self, sheet: str, block: str, index: int, column: str) -> str:
        return self.source(sheet).item_cell(block, index, column)

    def formula_cell(self, sheet: str, key: str) -> str:
        return self.source(sheet).formula_cell(key)

    # ------------------------------------------------------------------ shared views
    @cached_property
    def unused_sheets(self) -> frozenset[str]:
        """Repeating sheets (附表3) still blank as in the template, kept for a 专项 the department does not have:
        nothing on them to check, so no rule reports on them (a 专项 that lacks its 附表3 is M104's).

        Blank means: every input field empty (a money field may hold 0; the signature fields, often filled in
        advance on every sheet, do not count) and every block row empty but for the 一级/二级 columns, which some
        templates print in advance."""
        roles = {r.layout.role for r in self.result.layout.sheets if r.repeating}
        return frozenset(
            sheet for sheet, source in self.result.sheets.items()
            if source.layout.role in roles and self._blank_as_template(sheet, source)
        )

    def _blank_as_template(self, sheet: str, source: SheetSource) -> bool:
        grid = self.result.grid[sheet]
        for item in source.layout.fields:
            if item.signed:
                continue
            value = grid.at(source.field_cell(item.key))
            if cell_text(value).strip() and not (item.kind == "money" and _is_zero(value)):
                return False
        for block in source.layout.blocks:
            columns = [column.key for column in block.columns if column.key not in _PREPRINTED]
            for index in range(len(source.item_rows.get(block.key, []))):
                if any(grid.text(source.item_cell(block.key, index, key)).strip() for key in columns):
                    return False
        return True

    @cached_property
    def indicator_tables(self) -> tuple[IndicatorTable, ...]:
        """Every sheet's indicator block, but those of :attr:`unused_sheets`."""
        tables = []
        if self.department is not None:
            overall = self.department.overall
            tables.append(self._table(overall.sheet_name, overall.indicators, overall.total, "total", str(overall.year or ""), overall.year))
            for direction in self.department.directions:
                if direction.sheet_name not in self.unused_sheets:
                    tables.append(self._direction_table(direction, overall.year))
        if self.project is not None:
            p = self.project
            tables.append(self._table(p.sheet_name, p.indicators, p.budget, "budget", p.period, p.year))
        return tuple(tables)

    def _direction_table(self, direction: SpendingDirection, year: int | None) -> IndicatorTable:
        return self._table(direction.sheet_name, direction.indicators, direction.amount, "amount", direction.period, year)

    def _table(
        self, sheet: str, rows: list[Indicator], budget: Decimal | None, budget_key: str, period: str, year: int | None
    ) -> IndicatorTable:
        source = self.source(sheet)
        return IndicatorTable(
            sheet=sheet,
            source=source,
            block=source.layout.block("indicators"),
            indicators=tuple(rows),
            levels=tuple(effective_levels(rows)),
            budget=budget,
            budget_cell=source.field_cell(budget_key),
            period=period,
            year=year,
        )

    def directions(self) -> Iterator[SpendingDirection]:
        if self.department is not None:
            yield from self.department.directions

    def shared(self, build: Callable[[CheckContext], T]) -> T:
        """``build(self)``, computed once per check: a view several rules walk (``build`` is the key, so pass a
        module-level function)."""
        if build not in self._shared:
            self._shared[build] = build(self)
        return cast(T, self._shared[build])

    @cached_property
    def workbook_facts(self) -> dict[str, SheetFacts] | None:
        """Protection and formulas per sheet, read from the file's XML; None when checking a live book."""
        if self.path is None:
            return None
        gathered = self.result.grid.xml  # gathered while the file was read, from the same bytes
        facts = gathered.by_name() if gathered is not None else None
        if facts is not None:
            return facts
        from perfxl.check.xmlfacts import read_facts

        return read_facts(self.path, self.data)
