"""What a consolidation produced, for the caller (CLI text/json, the Excel 汇总 button)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfxl.consolidate.extract import name_key
from perfxl.consolidate.records import Return, Source, Status
from perfxl.consolidate.rows import DEPARTMENT_AMOUNTS, FINDING_COUNTS, PROJECT_AMOUNTS
from perfxl.values import fmt

AMOUNT_TITLES = (*DEPARTMENT_AMOUNTS, *PROJECT_AMOUNTS)


@dataclass
class Summary:
    output: Path
    sources: list[Source]  # every input, in input order, with its status
    totals: dict[str, Decimal | int]  # 汇总 column title → total over the consolidated returns
    duplicates: list[tuple[str, str]]  # (superseded path, kept path)
    missing: list[str] | None = None  # units on the --expected list with no return; None without a list
    unexpected: list[tuple[str, str]] = field(default_factory=list)  # (unit, path) of returns not on the list
    reused: int = 0  # inputs whose result came from the cache (unchanged since an earlier run)
    elapsed: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for s in self.sources if s.status == status)

    @property
    def consolidated(self) -> int:
        return sum(1 for s in self.sources if s.status.consolidated)

    def with_status(self, status: Status) -> list[Source]:
        return [s for s in self.sources if s.status == status]

    @property
    def amounts(self) -> dict[str, Decimal]:
        return {t: v for t in AMOUNT_TITLES if isinstance(v := self.totals.get(t), Decimal)}

    @property
    def findings(self) -> dict[str, int]:
        """错误/警告/提示 found in the consolidated returns (unreadable files not included)."""
        return {title: int(self.totals.get(title, 0)) for title in FINDING_COUNTS}

    @property
    def exit_code(self) -> int:
        """0: every input read; 1: the summary was written but some inputs could not be read."""
        return 1 if self.count(Status.UNREADABLE) else 0

    def expect(self, names: Sequence[str], returns: Sequence[tuple[str, Return]]) -> None:
        """Compare the consolidated returns with the units expected to report (names compared without spaces,
        and full-width and half-width forms alike: a list typed with "(" matches a return with "（")."""
        reported = {ret.unit_name_key for _, ret in returns}
        expected = {name_key(name) for name in names}
        self.missing = [name for name in names if name_key(name) not in reported]
        self.unexpected = [(ret.unit, path) for path, ret in returns if ret.unit_name_key not in expected]

    def as_dict(self) -> dict[str, Any]:
        return {
            "output": str(self.output),
            "inputs": len(self.sources),
            "status": {status.value: self.count(status) for status in Status},
            "totals": {title: fmt(value) for title, value in self.amounts.items()},
            "findings": self.findings,
            "duplicates": [{"path": old, "kept": new} for old, new in self.duplicates],
            "missing": self.missing,
            "unexpected": [{"unit": unit, "path": path} for unit, path in self.unexpected],
            "files": [_source_dict(s) for s in self.sources],
            "reused_from_cache": self.reused,
            "elapsed_seconds": round(self.elapsed, 3),
            "exit_code": self.exit_code,
        }


def _source_dict(s: Source) -> dict[str, Any]:
    return {
        "path": s.path, "status": s.status.value, "reason": s.reason, "form": s.form, "unit": s.unit,
        "size": s.size, "sha256": s.sha256,
        "modified": s.modified.isoformat(sep=" ") if s.modified else None,
    }
