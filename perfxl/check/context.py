"""What a rule sees: the read form, its cells, the settings, and views that several rules share.

Rules never compute cell addresses themselves: they ask the context (which asks the layout via the reader's
:class:`~perfxl.reader.SheetSource`). Parsed 指标值 (cached in perfxl.values) and 测算 text (cached here) are
parsed once, however many rules look at them, and so is any view a rule module builds with :meth:`CheckContext.shared`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TypeVar, cast

from perfxl.check.settings import Settings
from perfxl.frameworks import Framework, get_framework
from perfxl.layout.spec import Block
from perfxl.models import DepartmentReturn, Indicator, ProjectDeclaration, SpendingDirection, effective_levels
from perfxl.reader import ReadResult, SheetSource

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class IndicatorTable:
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
    def indicator_tables(self) -> tuple[IndicatorTable, ...]:
        tables = []
        if self.department is not None:
            overall = self.department.overall
            tables.append(self._table(overall.sheet_name, overall.indicators, overall.total, "total", str(overall.year or ""), overall.year))
            for direction in self.department.directions:
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
        from perfxl.check.xmlfacts import read_facts

        return read_facts(self.path, self.data)


@dataclass(frozen=True)
class SheetFacts:
    """What values alone cannot tell about a sheet: is it protected, which cells hold formulas and whether each
    formula has a cached result."""

    protected: bool
    formulas: dict[str, bool]  # cell → has a cached value
    errors: dict[str, str]  # cell → saved error value ("#REF!"); python-calamine reads these as empty
    texts: dict[str, str] = field(default_factory=dict)  # cell → formula as written, without "="
