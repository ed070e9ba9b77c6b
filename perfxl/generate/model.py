"""What a generation run produces: the rows it adds, the cell writes behind them, and notes for the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from perfxl.frameworks import FrameworkId

if TYPE_CHECKING:
    from openpyxl import Workbook


class GenerationError(Exception):
    """Generation cannot proceed (no such sheet, block full, unknown type…); ``str(err)`` is for the user."""


@dataclass(frozen=True)
class GeneratedRow:
    """One indicator row written into the block, with the library entry it came from and why its value."""

    row: int  # worksheet row
    level1: str
    level2: str
    name: str
    value: str
    standard: str
    entry_id: str
    source: str  # where the value came from: "测算：12期×1000元/期", "金额", "满意度下限", …

    def cells(self) -> tuple[str, str, str, str, str]:
        return self.level1, self.level2, self.name, self.value, self.standard


@dataclass
class GenerationResult:
    """The outcome for one sheet. ``writes`` (cell → value, None clears) and ``unhide`` (rows) are everything
    that must change in the workbook, so an adapter for a live Excel book can apply them without openpyxl."""

    sheet: str
    role: str  # 附表3 / 项目申报表
    framework: FrameworkId
    types: tuple[str, ...]
    types_inferred: bool
    rows: list[GeneratedRow] = field(default_factory=list)
    kept: int = 0  # user rows left in place
    replaced: bool = False
    notes: list[str] = field(default_factory=list)
    writes: list[tuple[str, str | None]] = field(default_factory=list)
    unhide: list[int] = field(default_factory=list)
    book: Workbook | None = None

    def summary(self) -> str:
        """One Chinese sentence: what was added and kept, and which project types were used."""
        how = "自动判断" if self.types_inferred else "指定"
        types = "、".join(self.types) if self.types else "无（仅用通用指标）"
        kept = f"，保留原有指标 {self.kept} 行" if self.kept else ""
        cleared = "清空原指标区后" if self.replaced else ""
        return f"{self.sheet}：{cleared}新增指标 {len(self.rows)} 行{kept}（项目类型：{types}，{how}）。"
