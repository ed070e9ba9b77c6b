"""Runs in the worker processes: read one input, check it, and turn it into the summary's rows.

The file is opened for reading only: hashed, then read by python-calamine (values only; no macros run, no
external links followed) and checked exactly as ``perfxl check`` does (``check_result`` with the file path).
Whatever goes wrong with one file (a broken zip, a panic inside the parser) becomes that file's 无法读取 reason;
the batch goes on. With a result cache (:mod:`perfxl.consolidate.cache`) a file seen before with the same bytes,
path, settings and perfxl is not read again.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from perfxl.check.engine import check_result
from perfxl.check.findings import Finding, Severity
from perfxl.check.settings import Settings
from perfxl.consolidate import rows as build
from perfxl.consolidate.cache import ResultCache
from perfxl.consolidate.columns import (
    FINDINGS,
    PARKED,
    PRINT_FROM,
    PRINT_VIEW,
    SUMMARY,
    SUMMED,
)
from perfxl.consolidate.inputs import is_summary
from perfxl.consolidate.records import FileResult, Return, Row, Source, Status, Task
from perfxl.consolidate.spill import Block, SpillWriter
from perfxl.consolidate.xmlrows import render_rows
from perfxl.edits.marks import LEDGER_SHEET, RESULT_SHEET
from perfxl.frameworks import get_framework
from perfxl.grid import WorkbookError
from perfxl.limits import check_file_size, set_limits
from perfxl.marker import FormError
from perfxl.models import DepartmentReturn
from perfxl.reader import ReadResult, read_form

#: one input's rows per streamed sheet, rendered as XML (:func:`render_rows`) or as tuples of cells
Rendered = dict[str, list[Row] | str]


@dataclass(slots=True)
class _Worker:
    """This process's part of the run, set by :func:`init_worker`."""

    settings: Settings = field(default_factory=Settings)
    styles: dict[str, tuple[int, ...]] | None = None  # set when the rows are rendered to XML here
    spill: SpillWriter | None = None
    cache: ResultCache | None = None


_worker = _Worker()


def init_worker(
    settings: Settings, styles: dict[str, tuple[int, ...]] | None, spill_folder: str, cache: ResultCache | None = None
) -> None:
    """Pool initializer: the check settings, the style index of every column when workers render XML, the
    folder where this process parks its rows, and the result cache (None: read every file)."""
    global _worker
    finish_worker()
    _worker = _Worker(settings, styles, SpillWriter(spill_folder), cache)
    set_limits(settings.read_limits())
    from perfxl.check.registry import all_rules

    all_rules()  # import the rule modules once per worker, not on the first file


def finish_worker() -> None:
    """Close this process's spill file (the parent calls it when it read files itself)."""
    if _worker.spill is not None:
        _worker.spill.close()
        _worker.spill = None


def process_chunk(tasks: Sequence[Task]) -> list[FileResult]:
    return [process(task) for task in tasks]


def process(task: Task) -> FileResult:
    path = Path(task.path)
    source = Source(task.index, task.path)
    data = None
    try:
        info = path.stat()
        source.size, source.mtime = info.st_size, info.st_mtime
        if not stat.S_ISREG(info.st_mode):  # a pipe or device named like a file: opening it could wait forever
            source.status, source.reason = Status.SKIPPED, "不是普通文件（可能是管道或设备），已跳过。"
            return FileResult(source)
        if task.skip is None:  # a workbook: read once, hashed here and checked by the reader
            check_file_size(path, info.st_size)  # not read at all when too large (not hashed either)
            data = path.read_bytes()
            source.sha256 = hashlib.sha256(data).hexdigest()
        else:  # listed only (it may be a large PDF or archive): hashed in blocks
            source.sha256 = _sha256(path)
    except OSError as err:
        return unreadable(source, f"{path.name} 无法打开：{os_reason(err)}")
    except WorkbookError as err:
        return unreadable(source, str(err))
    if task.skip is not None:
        source.status, source.reason = Status.SKIPPED, task.skip
        return FileResult(source)
    cache = _worker.cache
    record = cache.get(source.sha256, task.path) if cache is not None else None
    if record is not None:
        facts, ret, blocks = record
        for name, value in facts.items():
            setattr(source, name, value)
        return FileResult(source, ret, _park(blocks), cached=True)
    ret, blocks, lasting = _examine(source, path, data)
    if cache is not None and lasting:
        facts = {name: getattr(source, name) for name in _FACTS}
        cache.put(source.sha256, task.path, (facts, ret, blocks))
    return FileResult(source, ret, _park(blocks))


#: the Source fields a file's content decides (size and time always come from the file itself)
_FACTS = ("form", "version", "framework", "unit", "status", "reason")


def _examine(source: Source, path: Path, data: bytes | None) -> tuple[Return | None, Rendered, bool]:
    """Read, check and render one file: its 汇总 record, its rows, and whether the outcome lasts (a file that
    cannot be read lasts as unreadable; a crash inside the parser might not happen next time)."""
    try:
        result = read_form(path, data=data)
    except FormError as err:
        if data is not None and is_summary(io.BytesIO(data)):
            source.status, source.reason = Status.SKIPPED, "这是 perfxl 生成的汇总工作簿（不是报表），未汇总。"
            return None, {}, True
        return None, _unreadable_blocks(source, str(err)), True
    except WorkbookError as err:
        return None, _unreadable_blocks(source, str(err)), True
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # a parser panic is a BaseException; one file must not stop the batch
        if isinstance(err, MemoryError):
            reason = f"{path.name} 读取时超出内存限制，文件可能异常，未被汇总。请让报送单位重新发送。"
        else:
            reason = f"{path.name} 读取时出错（{type(err).__name__}），可能已损坏。请让报送单位重新发送。"
        return None, _unreadable_blocks(source, reason), False
    if blank_form(result):
        source.status, source.reason = Status.SKIPPED, "空白模板（没有填写任何内容），不是报表，未汇总。"
        return None, {}, True
    try:
        ret, blocks = _consolidate(source, result, path, data)
        return ret, blocks, True
    except Exception as err:
        reason = f"{path.name} 汇总时出错（{type(err).__name__}: {err}），请把这份文件发给 perfxl 维护者。"
        return None, _unreadable_blocks(source, reason), False


def os_reason(err: OSError) -> str:
    """Why a file could not be opened, in Chinese (the system's own text is English on a server)."""
    if isinstance(err, FileNotFoundError):
        return "文件已不存在（可能在汇总过程中被移走、改名或删除）"
    if isinstance(err, PermissionError):
        return "没有读取权限（或文件正被其他程序独占）"
    if isinstance(err, IsADirectoryError):
        return "这是一个文件夹"
    return f"系统错误（{err.strerror or err}）"


def unreadable(source: Source, reason: str) -> FileResult:
    return FileResult(source, blocks=_park(_unreadable_blocks(source, reason)))


def _unreadable_blocks(source: Source, reason: str) -> Rendered:
    source.status, source.reason = Status.UNREADABLE, reason
    return _render({FINDINGS.name: [unreadable_row(source)]})


def failed(task: Task, reason: str) -> FileResult:
    """The record of a file whose worker process died: stat and hash it here, report ``reason``."""
    source = Source(task.index, task.path)
    try:
        info = Path(task.path).stat()
        source.size, source.mtime = info.st_size, info.st_mtime
        if stat.S_ISREG(info.st_mode):
            source.sha256 = _sha256(Path(task.path))
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
    return (build.file_link(source.path), "", "", "", Severity.ERROR.value, "", source.reason, "", "", "")


def name_key(text: str) -> str:
    """The name as compared: without white space, full-width and half-width forms alike ("（本级）" = "(本级)")."""
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))


def _consolidate(source: Source, result: ReadResult, path: Path, data: bytes | None) -> tuple[Return, Rendered]:
    findings = check_result(result, _worker.settings, path, data)
    model = result.model
    source.form = build.FORM_LABELS[model.form]
    source.version = str(result.marker.version)
    source.framework = get_framework(model.framework).title.split("（", 1)[0]
    counts = build.counts(result, findings)
    errors = counts["错误"]
    source.status = Status.WITH_ERRORS if errors else Status.CONSOLIDATED
    source.reason = f"有 {errors} 个错误，见“问题清单”。" if errors else ""
    unit, who = model.unit.strip(), name_key(model.unit)
    if isinstance(model, DepartmentReturn):
        key = f"department|{who}" if who else None
        blocks = build.department_rows(result, unit, source.path)
        project = ""
    else:
        key = f"project|{who}|{name_key(model.project_name)}" if who else None
        blocks = build.project_rows(result, unit, source.path)
        project = model.project_name.strip()
    source.unit = unit
    blocks[FINDINGS.name] = [_finding_row(f, source.path, unit, project) for f in findings]
    amounts = build.amounts(model)
    row = (None, *build.summary_row(result, unit, source.status.value, amounts, counts, build.file_link(source.path)))
    blocks[SUMMARY.name] = [row]  # 序号 left blank: the parent numbers the kept returns
    blocks[PRINT_VIEW.name] = [tuple(row[col] for col in PRINT_FROM)]
    values: dict[str, Decimal | int] = {**amounts, **counts}
    totals = tuple(values.get(SUMMARY.columns[col].title) for col in SUMMED)
    marked = marked_copy(result)
    if marked:
        source.reason = f"含 perfxl 的校验标记（“{RESULT_SHEET}”工作表）。{source.reason}"
    ret = Return(model.form, unit, key, who, totals, marked)
    return ret, _render(blocks)


def blank_form(result: ReadResult) -> bool:
    """A template nobody filled: no row in any block and every input field empty (a blank form in the inbox is
    not a return; summing it would add a row with an empty 单位)."""
    for sheet, source in result.sheets.items():
        if any(source.item_rows.values()):
            return False
        grid = result.grid[sheet]
        if any(grid.text(f.cell).strip() for f in source.layout.fields):
            return False
    return True


def marked_copy(result: ReadResult) -> bool:
    """A workbook perfxl marked (``check --mark`` or the 校验 button): it has the results sheet or the ledger."""
    return RESULT_SHEET in result.grid or LEDGER_SHEET in result.grid


def _finding_row(finding: Finding, path: str, unit: str, project: str) -> Row:
    f = finding
    return (build.file_link(path, f.sheet, f.cell), unit, project or None, f.code, f.severity.value, f.angle.value,
            f.message, f.hint, f.sheet, f.cell)


_WRAPPED = {spec.name: spec.wrapped for spec in PARKED}


def _render(blocks: dict[str, list[Row]]) -> Rendered:
    """The rows rendered to XML when the workbook takes rendered rows; as they are otherwise."""
    styles = _worker.styles
    if styles is None:
        return {name: rows for name, rows in blocks.items()}
    return {name: render_rows(rows, styles[name], _WRAPPED[name]) for name, rows in blocks.items()}


def _park(blocks: Rendered) -> dict[str, Block]:
    """Park the rows in this process's spill file; the parent gets only where they lie."""
    if _worker.spill is None:
        raise RuntimeError("init_worker() was not called in this process")
    return _worker.spill.put(blocks)
