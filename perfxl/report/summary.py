"""What every renderer shares: counts by severity and review angle, findings grouped by sheet, form titles."""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from perfxl.check.findings import Angle, FileReport, Finding, Report, Severity
from perfxl.layout.forms import DEPARTMENT_WORKBOOK, PROJECT_WORKBOOK

#: model.form → the form's printed title
FORM_TITLES = {"department": DEPARTMENT_WORKBOOK.title, "project": PROJECT_WORKBOOK.title}

#: heading for findings that point at no sheet (a rule that failed, say)
WHOLE_FILE = "（整个文件）"


class Counts(Struct, frozen=True):
    by_severity: dict[Severity, int]
    by_angle: dict[Angle, int]

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    def __getitem__(self, key: Severity | Angle) -> int:
        return self.by_severity[key] if isinstance(key, Severity) else self.by_angle[key]


def count(findings: Iterable[Finding]) -> Counts:
    by_severity = dict.fromkeys(Severity, 0)
    by_angle = dict.fromkeys(Angle, 0)
    for finding in findings:
        by_severity[finding.severity] += 1
        by_angle[finding.angle] += 1
    return Counts(by_severity, by_angle)


def file_counts(file: FileReport) -> Counts:
    return count(file.findings)


def report_counts(report: Report) -> Counts:
    return count(f for file in report.files for f in file.findings)


def by_sheet(file: FileReport) -> list[tuple[str, list[Finding]]]:
    """The file's findings grouped by sheet, sheets in the order they first appear (the engine sorts findings
    in workbook order, so this is workbook order)."""
    groups: dict[str, list[Finding]] = {}
    for finding in file.findings:
        groups.setdefault(finding.sheet or WHOLE_FILE, []).append(finding)
    return list(groups.items())


def form_title(file: FileReport) -> str:
    return FORM_TITLES.get(file.form or "", file.form or "")


def severity_counts_text(counts: Counts) -> str:
    """"错误 2，警告 5，提示 1"."""
    return "，".join(f"{severity.value} {counts[severity]}" for severity in Severity)


def summary_line(report: Report) -> str:
    """"共 3 个文件：错误 2，警告 5，提示 1；1 个文件无法读取"."""
    line = f"共 {len(report.files)} 个文件：{severity_counts_text(report_counts(report))}"
    if report.unreadable:
        line += f"；{report.unreadable} 个文件无法读取"
    return line


def status(file: FileReport) -> str:
    """A file's outcome in a word or two: 无法读取 / 有错误 / 有警告 / 通过 (提示 alone still passes)."""
    if file.error is not None:
        return "无法读取"
    if file.count(Severity.ERROR):
        return "有错误"
    return "有警告" if file.count(Severity.WARNING) else "通过"
