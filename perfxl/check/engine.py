"""Run every selected rule over a form and collect all findings at once (never stop at the first)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, FileReport, Finding, Report, Severity
from perfxl.check.registry import Rule, all_rules
from perfxl.check.settings import Settings
from perfxl.grid import Grid, WorkbookError
from perfxl.layout.a1 import split_cell
from perfxl.marker import FormError
from perfxl.reader import ReadResult, read_form, read_grid_form
from perfxl.safetext import cell_safe

READ_PROBLEM_CODE = "M001"


def check_result(
    result: ReadResult, settings: Settings | None = None, path: Path | None = None, data: bytes | None = None
) -> list[Finding]:
    """Every finding of the selected rules on a read form. ``path`` is the file it was read from (the rules on
    formulas and protection read its XML); ``data``, when given, is that file's content as read."""
    settings = settings or Settings()
    context = CheckContext(result, settings, path, data)
    findings: list[Finding] = []
    if settings.wants(READ_PROBLEM_CODE):
        findings += [
            Finding(READ_PROBLEM_CODE, Severity.ERROR, Angle.COMPLETENESS, p.sheet, p.cell, cell_safe(f"{p.sheet}!{p.cell}：{p.message}。"),
                    "请填写数字（单位：万元），不要带文字；如“8”而不是“八万元”。")
            for p in result.problems
        ]
    for rule in all_rules().values():
        if context.form in rule.forms and settings.wants(rule.code):
            findings += _run(rule, context)
    order = {name: i for i, name in enumerate(result.sheets)}
    return sorted(findings, key=lambda f: (order.get(f.sheet, len(order)), *_cell_key(f.cell), f.code))


def _run(rule: Rule, context: CheckContext) -> list[Finding]:
    try:
        return [
            Finding(rule.code, hit.severity or rule.severity, rule.angle, hit.sheet, hit.cell, cell_safe(hit.message),
                    cell_safe(hit.hint))
            for hit in rule.func(context)
        ]
    except Exception as err:  # a bug in one rule must not hide the others' findings
        print(f"perfxl: rule {rule.code} failed: {err!r}", file=sys.stderr)
        return [
            Finding(rule.code, Severity.ADVICE, rule.angle, "", "", f"规则 {rule.code} 运行出错（{type(err).__name__}），已跳过。",
                    "请把这份文件发给 perfxl 维护者。")
        ]


def _cell_key(cell: str) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    return split_cell(cell)


def check_file(path: str | Path, settings: Settings | None = None) -> FileReport:
    """Check one file; a file that cannot be read gives a report with ``error`` set, never an exception."""
    path = Path(path)
    from perfxl.limits import current_limits

    try:  # read once: values and formulas from one version; a file over the size limit is not read at all
        small = path.is_file() and path.stat().st_size <= current_limits().file_mb * 1024 * 1024
        data = path.read_bytes() if small else None
    except OSError:
        data = None  # read_form says why in its own words
    try:
        result = read_form(path, data)
    except (WorkbookError, FormError) as err:
        return FileReport(str(path), error=str(err))
    return FileReport(str(path), result.model.form, findings=check_result(result, settings, path, data),
                      **_heading(result))


def check_grid(grid: Grid, source: str, settings: Settings | None = None) -> FileReport:
    """Check a live book's grid (the Excel adapter's entry)."""
    try:
        result = read_grid_form(grid, source)
    except FormError as err:
        return FileReport(source, error=str(err))
    return FileReport(source, result.model.form, findings=check_result(result, settings), **_heading(result))


def _heading(result: ReadResult) -> dict[str, Any]:
    """The unit and year a report names the file by (a malformed year typed as text is left out)."""
    model = result.model
    year = getattr(model, "year", None)
    return {"unit": model.unit.strip(), "year": year if isinstance(year, int) else None}


def check_paths(
    paths: Sequence[str | Path], settings: Settings | None = None, progress: Callable[[int, int, str], None] | None = None
) -> Report:
    report = Report()
    for index, path in enumerate(paths, start=1):
        if progress is not None:
            progress(index, len(paths), str(path))
        report.files.append(check_file(path, settings))
    return report


def iter_findings(report: Report) -> Iterable[tuple[FileReport, Finding]]:
    for file in report.files:
        for finding in file.findings:
            yield file, finding
