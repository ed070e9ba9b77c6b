"""The small picklable records a worker sends back for one input file (never the grid it read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from perfxl.consolidate.spill import Block


class Status(str, Enum):
    """What became of an input, as the 来源 sheet says it."""

    CONSOLIDATED = "已汇总"
    WITH_ERRORS = "有错误"  # consolidated too; its 错误 are in 问题清单
    UNREADABLE = "无法读取"
    DUPLICATE = "重复"  # an older return of a unit that sent a newer one; left out of every table
    SKIPPED = "已跳过"  # lock files, other file types

    @property
    def consolidated(self) -> bool:
        return self in (Status.CONSOLIDATED, Status.WITH_ERRORS)


class Link(NamedTuple):
    """A cell that opens ``target`` (a file, optionally ``[file]'sheet'!A1``) and shows ``text``."""

    target: str
    text: str


#: one cell of a summary row: empty, text, number, date/time or a link
Cell = None | str | int | float | dt.datetime | Link
Row = tuple[Cell, ...]


@dataclass(slots=True)
class Task:
    index: int
    path: str
    skip: str | None = None  # the reason when the file is only listed, not read


@dataclass(slots=True)
class Source:
    """One input as the 来源 sheet lists it."""

    index: int
    path: str
    size: int | None = None
    sha256: str = ""
    mtime: float | None = None
    form: str = ""
    version: str = ""
    framework: str = ""
    unit: str = ""
    status: Status = Status.UNREADABLE
    reason: str = ""

    @property
    def modified(self) -> dt.datetime | None:
        return None if self.mtime is None else dt.datetime.fromtimestamp(int(self.mtime))


@dataclass(slots=True)
class Return:
    """What the summary needs of one readable return besides its rows (its 汇总 row, parked with the long-table
    rows, is numbered and written once the duplicates are known)."""

    form: str  # "department" | "project"
    unit: str
    unit_key: str | None  # whitespace-free name (+ project name) that identifies a sender; None if blank
    unit_name_key: str  # the unit name as compared (extract.name_key), matched against the --expected list
    #: the amounts and counts of the 汇总 columns that are summed (``columns.SUMMED``), None where empty;
    #: a tuple, not a dict: the parent keeps one per return, thousands of them
    totals: tuple[Decimal | int | None, ...]
    #: a copy with perfxl's marks (a 校验结果 sheet or the marks' ledger): the original return wins over it
    marked: bool = False


@dataclass(slots=True)
class FileResult:
    source: Source
    ret: Return | None = None
    #: where this input's rows for each streamed sheet lie in the spill folder (:mod:`perfxl.consolidate.spill`)
    blocks: dict[str, Block] = field(default_factory=dict)
    cached: bool = False  # taken from the result cache: the same file was read by an earlier run
