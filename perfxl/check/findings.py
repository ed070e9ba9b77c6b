"""Findings, like a linter's: a stable code, a severity, the review angle it serves, where, what, how to fix."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from msgspec import Struct, field


class Severity(str, Enum):
    """错误 blocks a clean submission; 警告 asks for a look; 提示 is advice."""

    ERROR = "错误"
    WARNING = "警告"
    ADVICE = "提示"

    @property
    def rank(self) -> int:
        return {"错误": 0, "警告": 1, "提示": 2}[self.value]


class Angle(str, Enum):
    """The four review angles of 财预〔2015〕88号 (绩效目标审核)."""

    COMPLETENESS = "完整性"
    RELEVANCE = "相关性"
    APPROPRIATENESS = "适当性"
    FEASIBILITY = "可行性"


class Finding(Struct, frozen=True):
    code: str
    severity: Severity
    angle: Angle
    sheet: str
    cell: str
    message: str
    hint: str = ""

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "angle": self.angle.value,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "hint": self.hint,
        }


class FileReport(Struct):
    """One file's result: ``error`` is the Chinese reason when the file could not be read at all."""

    path: str
    form: str | None = None
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    unit: str = ""  # the unit named on the form (单位 / 部门名称), for report headings
    year: int | None = None  # 预算年度

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def flatten(self, keys: Sequence[str]) -> list[list[str]]:
        """``report.flatten(["code", "sheet", "cell"])`` → one list per finding, for one-line test assertions."""
        return [[f.as_dict()[key] for key in keys] for f in self.findings]


class Report(Struct):
    files: list[FileReport] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(f.count(severity) for f in self.files)

    @property
    def unreadable(self) -> int:
        return sum(1 for f in self.files if f.error is not None)

    def flatten(self, keys: Sequence[str]) -> list[list[str]]:
        return [row for f in self.files for row in f.flatten(keys)]

    @property
    def exit_code(self) -> int:
        """2 when a file could not be read, 1 when there are 错误, else 0."""
        if self.unreadable:
            return 2
        return 1 if self.count(Severity.ERROR) else 0
