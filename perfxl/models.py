"""What a return says, as msgspec ``Struct`` classes. Field names match the layout's keys (see
``perfxl.layout.forms``).

They were pydantic models; importing and building pydantic cost ≈ 100 ms of CPU at every start of
``perfxl check`` (and of every Excel click), several times the check itself. Then dataclasses, whose generated
methods Python 3.11 compiles anew at every start (≈ 0.5 ms a class; a ``Struct`` class costs ≈ 10 µs).
:class:`Model` keeps what callers used: keyword construction that converts as pydantic did (a nested dict into its
model, a number or text into ``Decimal``, ``"classic"`` into :class:`FrameworkId`), :meth:`Model.model_copy`,
``model_dump`` and ``model_dump_json``. Unlike pydantic, assignments are not validated.

Text is kept exactly as typed (line breaks, odd spacing, mistakes): the checks must see what the user wrote.
Money is ``Decimal`` in 万元, ``None`` where the cell is empty or not a number (the reader reports the latter).
A blank 一级/二级 cell means "same as the row above", as on the printed forms where those cells are merged;
:func:`effective_levels` fills them down.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, Literal

from msgspec import Struct, field
from msgspec.structs import replace

from perfxl.frameworks import FrameworkId


class Model(Struct, kw_only=True):
    """Base of the form models (each a keyword-only msgspec ``Struct``)."""

    #: (field, converter) pairs applied after ``__init__``, set up by :func:`_prepare` for each model class
    _converters: ClassVar[tuple[tuple[str, Callable[[Any], Any]], ...]] = ()

    def __post_init__(self) -> None:
        for name, convert in self._converters:
            value = getattr(self, name)
            converted = convert(value)
            if converted is not value:
                setattr(self, name, converted)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Any:
        """A copy with ``update`` applied (shallow unless ``deep``), as pydantic's ``model_copy``."""
        import copy

        source = copy.deepcopy(self) if deep else self
        return replace(source, **(update or {}))

    def model_dump(self) -> dict[str, Any]:
        return {name: _dump(getattr(self, name)) for name in self.__struct_fields__}

    def model_dump_json(self, *, indent: int | None = None) -> str:
        """JSON as pydantic wrote it: ``Decimal`` as a string, enums by value, non-ASCII text as is."""
        import json  # here: a check never writes JSON

        separators = (",", ": ") if indent is not None else (",", ":")
        return json.dumps(_dump(self, json_mode=True), ensure_ascii=False, indent=indent, separators=separators)


def _dump(value: Any, json_mode: bool = False) -> Any:
    if isinstance(value, Model):
        return {name: _dump(getattr(value, name), json_mode) for name in value.__struct_fields__}
    if isinstance(value, list):
        return [_dump(item, json_mode) for item in value]
    if json_mode and isinstance(value, Decimal):
        return str(value)
    if json_mode and isinstance(value, Enum):
        return value.value
    return value




class Indicator(Model, kw_only=True):
    """One 年度绩效指标 row."""

    level1: str = ""
    level2: str = ""
    name: str = ""
    value: str = ""
    standard: str = ""


class WorkTask(Model, kw_only=True):
    """附表1 年度重点工作计划 row: 事项, 责任单位/科室, 工作目标."""

    matter: str = ""
    unit: str = ""
    target: str = ""


class FundRow(Model, kw_only=True):
    """附表2 row: one 专项."""

    seq: str = ""
    name: str = ""
    amount: Decimal | None = None
    period_target: str = ""
    annual_target: str = ""


class SpendingDetail(Model, kw_only=True):
    """附表3 支出明细及测算说明 row."""

    intro: str = ""
    item: str = ""
    amount: Decimal | None = None
    basis: str = ""


class _Signed(Model, kw_only=True):
    preparer: str = ""
    phone: str = ""


class DepartmentOverall(_Signed, kw_only=True):
    """附表1 部门整体支出绩效目标表."""

    sheet_name: str = "附表1"
    unit_name: str = ""
    year: int | None = None
    dept_name: str = ""
    total: Decimal | None = None
    general_budget: Decimal | None = None
    gov_fund: Decimal | None = None
    other_funds: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None
    duties: str = ""
    tasks: list[WorkTask] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


class FundSummary(_Signed, kw_only=True):
    """附表2 区级专项资金绩效目标汇总表."""

    sheet_name: str = "附表2"
    rows: list[FundRow] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        """合计 as the form's formula computes it (empty amounts count as 0)."""
        return sum((row.amount or Decimal(0) for row in self.rows), Decimal(0))


class SpendingDirection(_Signed, kw_only=True):
    """附表3 区级专项资金支出方向绩效目标表: one spending direction (子项) of a 专项."""

    sheet_name: str = "附表3-1"
    direction: str = ""
    fund_name: str = ""
    project_amount: Decimal | None = None
    amount: Decimal | None = None
    period: str = ""
    period_target: str = ""
    annual_target: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    details: list[SpendingDetail] = field(default_factory=list)

    @property
    def details_total(self) -> Decimal:
        return sum((row.amount or Decimal(0) for row in self.details), Decimal(0))


class DepartmentReturn(Model, kw_only=True):
    """A department's workbook: 附表1 + 附表2 + one 附表3 per spending direction."""

    form: Literal["department"] = "department"
    framework: FrameworkId = FrameworkId.CLASSIC
    overall: DepartmentOverall = field(default_factory=lambda: DepartmentOverall())
    summary: FundSummary = field(default_factory=lambda: FundSummary())
    directions: list[SpendingDirection] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.overall.dept_name or self.overall.unit_name

    @property
    def year(self) -> int | None:
        return self.overall.year


class ProjectDeclaration(_Signed, kw_only=True):
    """项目支出预算绩效目标申报表 (one project)."""

    form: Literal["project"] = "project"
    framework: FrameworkId = FrameworkId.CLASSIC
    sheet_name: str = "项目申报表"
    unit_name: str = ""
    year: int | None = None
    project_name: str = ""
    department: str = ""
    budget: Decimal | None = None
    central: Decimal | None = None
    provincial: Decimal | None = None
    municipal: Decimal | None = None
    period: str = ""
    period_target: str = ""
    annual_target: str = ""
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.department or self.unit_name


FormModel = DepartmentReturn | ProjectDeclaration


def _to_decimal(value: Any) -> Any:
    if value is None or isinstance(value, Decimal | bool):
        return value
    if isinstance(value, int | str):
        return Decimal(value.strip() if isinstance(value, str) else value)
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def _to_model(cls: type[Model]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        return cls(**value) if isinstance(value, dict) else value

    return convert


def _to_models(cls: type[Model]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, list) and not all(isinstance(item, cls) for item in value):
            return [cls(**item) if isinstance(item, dict) else item for item in value]
        return value

    return convert


def _to_framework(value: Any) -> Any:
    return value if isinstance(value, FrameworkId) or value is None else FrameworkId(value)


def _prepare(cls: type[Model]) -> None:
    """The converters of ``cls``'s fields, from their annotations (read once, here at import)."""
    converters: list[tuple[str, Callable[[Any], Any]]] = []
    annotations: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        annotations.update(vars(klass).get("__annotations__", {}))  # not inspect: it costs 6 ms to import
    for name in cls.__struct_fields__:
        kind = annotations[name]
        if "Decimal" in kind:
            converters.append((name, _to_decimal))
        elif kind == "FrameworkId":
            converters.append((name, _to_framework))
        elif kind.startswith("list[") and kind[5:-1] in _MODELS:
            converters.append((name, _to_models(_MODELS[kind[5:-1]])))
        elif kind in _MODELS:
            converters.append((name, _to_model(_MODELS[kind])))
    cls._converters = tuple(converters)


_MODELS: dict[str, type[Model]] = {
    cls.__name__: cls
    for cls in (Indicator, WorkTask, FundRow, SpendingDetail, DepartmentOverall, FundSummary, SpendingDirection,
                DepartmentReturn, ProjectDeclaration)
}
for _cls in _MODELS.values():
    _prepare(_cls)


def effective_levels(indicators: list[Indicator]) -> list[tuple[str, str]]:
    """(一级, 二级) of each row with blanks filled from the row above, as merged cells read on paper.

    A new 一级 resets the 二级: a row that names a 一级 but no 二级 has no 二级."""
    result: list[tuple[str, str]] = []
    level1 = level2 = bare1 = ""  # bare1: level1 stripped
    for row in indicators:
        named = row.level1.strip()
        if named:
            if named != bare1:
                level2 = ""
            level1, bare1 = row.level1, named
        if row.level2.strip():
            level2 = row.level2
        result.append((level1, level2))
    return result
