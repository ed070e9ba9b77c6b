"""Runs in the worker processes: read one input, check it, and turn it into the summary's rows.

The file is opened for reading only: hashed, then read by python-calamine (values only; no macros run, no
external links followed) and checked exactly as ``perfxl check`` does (``check_result`` with the file path).
Whatever goes wrong with one file (a broken zip, a panic inside the parser) becomes that file's 无法读取 reason;
the batch goes on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from perfxl.check.engine import check_result
from perfxl.check.findings import Finding, Severity
from perfxl.check.settings import Settings
from perfxl.consolidate import rows as build
from perfxl.consolidate.columns import FINDINGS, SUMMARY, SUMMED
from perfxl.consolidate.records import FileResult, Return, Row, Source, Status, Task
from perfxl.consolidate.spill import Block, SpillWriter
from perfxl.consolidate.xmlrows import render_rows
from perfxl.frameworks import get_framework
from perfxl.grid import WorkbookError
from perfxl.marker import FormError
from perfxl.models import DepartmentReturn
from perfxl.reader import ReadResult, read_form

#: set in each worker by :func:`init_worker`
_settings = Settings()
_styles: dict[str, tuple[int, ...]] | None = None
_spill: SpillWriter | None = None


def init_worker(settings: Settings, styles: dict[str, tuple[int, ...]] | None, spill_folder: str) -> None:
    """Pool initializer: the check settings, the style index of every column when workers render XML, and the
    folder where this process parks its rows."""
    global _settings, _styles, _spill
    if _spill is not None:
        _spill.close()
    _settings, _styles, _spill = settings, styles, SpillWriter(spill_folder)
    from perfxl.check.registry import all_rules

    all_rules()  # import the rule modules once per worker, not on the first file


def finish_worker() -> None:
    """Close this process's spill file (the parent calls it when it read files itself)."""
    global _spill
    if _spill is not None:
        _spill.close()
        _spill = None


def process_chunk(tasks: Sequence[Task]) -> list[FileResult]:
    return [process(task) for task in tasks]


def process(task: Task) -> FileResult:
    path = Path(task.path)
    source = Source(task.index, task.path)
    try:
        stat = path.stat()
        source.size, source.mtime = stat.st_size, stat.st_mtime
        source.sha256 = _sha256(path)
    except OSError as err:
        return unreadable(source, f"{path.name} 无法打开：{err.strerror or err}")
    if task.skip is not None:
        source.status, source.reason = Status.SKIPPED, task.skip
        return FileResult(source)
    try:
        result = read_form(path)
    except (WorkbookError, FormError) as err:
        return unreadable(source, str(err))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # a parser panic is a BaseException; one file must not stop the batch
        return unreadable(source, f"{path.name} 读取时出错（{type(err).__name__}），可能已损坏。请让报送单位重新发送。")
    try:
        return _consolidate(source, result, path)
    except Exception as err:
        return unreadable(source, f"{path.name} 汇总时出错（{type(err).__name__}: {err}），请把这份文件发给 perfxl 维护者。")


def unreadable(source: Source, reason: str) -> FileResult:
    source.status, source.reason = Status.UNREADABLE, reason
    return FileResult(source, blocks=_render({FINDINGS.name: [unreadable_row(source)]}))


def failed(task: Task, reason: str) -> FileResult:
    """The record of a file whose worker process died: stat and hash it here, report ``reason``."""
    source = Source(task.index, task.path)
    try:
        stat = Path(task.path).stat()
        source.size, source.mtime, source.sha256 = stat.st_size, stat.st_mtime, _sha256(Path(task.path))
    except OSError:
        pass
    return unreadable(source, reason)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unreadable_row(source: Source) -> Row:
    """The 问题清单 row of a file ``perfxl check`` could not read: its reason, like check's report."""
    return (build.file_link(source.path), "", "", "", "", Severity.ERROR.value, "", source.reason, "")


def name_key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _consolidate(source: Source, result: ReadResult, path: Path) -> FileResult:
    findings = check_result(result, _settings, path)
    model = result.model
    source.form = build.FORM_LABELS[model.form]
    source.version = str(result.marker.version)
    source.framework = get_framework(model.framework).title.split("（", 1)[0]
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    source.status = Status.WITH_ERRORS if errors else Status.CONSOLIDATED
    source.reason = f"有 {errors} 个错误，见“问题清单”。" if errors else ""
    if isinstance(model, DepartmentReturn):
        unit = model.unit.strip()
        key = f"department|{name_key(model.unit)}" if name_key(model.unit) else None
        blocks = build.department_rows(result, unit, source.path)
    else:
        unit = model.unit.strip()
        key = f"project|{name_key(model.unit)}|{name_key(model.project_name)}" if name_key(model.unit) else None
        blocks = build.project_rows(result, unit, source.path)
    source.unit = unit
    blocks[FINDINGS.name] = [_finding_row(f, source.path, unit) for f in findings]
    counts = build.counts(result, findings)
    amounts = build.amounts(model)
    row = build.summary_row(result, unit, source.status.value, amounts, counts, build.file_link(source.path))
    values: dict[str, Decimal | int] = {**amounts, **counts}
    totals = tuple(values.get(SUMMARY.columns[col].title) for col in SUMMED)
    ret = Return(model.form, unit, key, name_key(unit), row, totals)
    return FileResult(source, ret, _render(blocks))


def _finding_row(finding: Finding, path: str, unit: str) -> Row:
    f = finding
    return (build.file_link(path, f.sheet, f.cell), unit, f.sheet, f.cell, f.code, f.severity.value, f.angle.value,
            f.message, f.hint)


def _render(blocks: dict[str, list[Row]]) -> dict[str, Block]:
    """Render the rows (when the workbook takes rendered rows) and park them in this process's spill file."""
    if _spill is None:
        raise RuntimeError("init_worker() was not called in this process")
    styles = _styles
    if styles is None:
        return _spill.put({name: rows for name, rows in blocks.items()})
    return _spill.put({name: render_rows(rows, styles[name]) for name, rows in blocks.items()})
