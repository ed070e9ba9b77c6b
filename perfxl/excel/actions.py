"""What each button does, a few lines over the core. Every action takes the live book (``xlwings.Book``) and the
dialogs (:class:`~perfxl.excel.ui.UI`) and returns the message to show (or ``""``).

The book is read once into the same :class:`~perfxl.grid.Grid` the file reader makes (values as Excel shows
them); the core decides the edits; :class:`~perfxl.excel.xlwings_book.XlwingsBook` carries them out.
Rules that read the saved file's XML (formulas, protection, T1xx) need a file and do not run on a live book.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

from perfxl.excel.buttons import UserError
from perfxl.excel.ui import UI
from perfxl.excel.xlwings_book import XlwingsBook
from perfxl.grid import Grid, SheetGrid

XL_SHEET_VISIBLE = -1


def book_grid(book: Any) -> Grid:
    """Every sheet's values from A1 to its last used cell, hidden sheets flagged (one read call per sheet)."""
    sheets = []
    for sheet in book.sheets:
        last = sheet.used_range.last_cell
        rows = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value or []
        sheets.append(SheetGrid(sheet.name, rows, sheet.api.Visible == XL_SHEET_VISIBLE))
    return Grid(sheets)


def _check(book: Any) -> Any:
    from perfxl.check.engine import check_grid

    report = check_grid(book_grid(book), book.name)
    if report.error:
        raise UserError(report.error)
    return report


def _counts_text(report: Any) -> str:
    from perfxl.check.findings import Severity

    return "，".join(f"{s.value} {report.count(s)} 条" for s in Severity)


def validate(book: Any, ui: UI) -> str:
    """校验: check, mark the cells, rebuild 校验结果."""
    from perfxl.check.findings import Severity
    from perfxl.edits.marks import apply_marks

    ui.status("perfxl：正在校验……")
    report = _check(book)
    apply_marks(XlwingsBook(book), report.findings)
    first = next((f for f in report.findings if f.severity == Severity.ERROR), None)
    text = f"校验完成：{_counts_text(report)}。"
    if first is not None:
        text += f"\n第一个错误：{first.message}"
    if report.findings:
        text += "\n问题单元格已着色并加批注，全部问题见“校验结果”工作表；改好后可点“清除标记”。"
    return text


def clear_marks(book: Any, ui: UI) -> str:
    """清除标记: take perfxl's marks off, restoring what the cells showed before."""
    from perfxl.edits.marks import clear_marks as clear

    cells = clear(XlwingsBook(book))
    return f"已清除 {cells} 个单元格的校验标记，并删除“校验结果”工作表。" if cells else "没有需要清除的校验标记。"


def generate(book: Any, ui: UI) -> str:
    """生成指标: fill the indicator block of the active 附表3 / 项目申报表 sheet."""
    from perfxl.generate import GenerationError, plan_indicators

    sheet = book.sheets.active.name
    grid = book_grid(book)
    try:
        result = plan_indicators(grid, sheet, source=book.name)
        if not result.types:
            answer = ui.ask_text("未能从本表判断项目类型。请输入项目类型（如 培训、会议、宣传活动，多个用顿号分隔）：")
            if answer:
                result = plan_indicators(grid, sheet, types=_split(answer), source=book.name)
    except GenerationError as err:
        raise UserError(str(err)) from err
    live = XlwingsBook(book)
    with live.editing([sheet]):
        live.write_values(sheet, result.writes)
        live.unhide_rows(sheet, result.unhide)
    return "\n".join([result.summary(), *result.notes])


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", "、").replace(",", "、").split("、") if part.strip()]


def add_sheet3(book: Any, ui: UI) -> str:
    """新增附表3: a new spending-direction sheet for a 附表2 row."""
    from perfxl.excel.newsheet import add_direction_sheet

    return add_direction_sheet(book, ui)


def consolidate(book: Any, ui: UI) -> str:
    """汇总: a folder of returns (and optionally the list of units) into a summary workbook, then open it."""
    from perfxl.consolidate import ConsolidateError
    from perfxl.consolidate import consolidate as run
    from perfxl.consolidate.cache import default_folder

    folder = ui.ask_folder("请选择存放各单位报表的文件夹")
    if folder is None:
        return ""
    expected = ui.ask_file("可选：请选择应报送单位名单（.txt/.csv/.xlsx）；没有名单请点“取消”")
    output = folder / f"汇总_{dt.date.today():%Y%m%d}.xlsx"

    def progress(done: int, total: int, path: str) -> None:
        ui.status(f"perfxl 汇总：{done}/{total}  {Path(path).name}")

    try:
        summary = run([folder], output, expected=expected, progress=progress, cache=default_folder())
    except ConsolidateError as err:
        raise UserError(str(err)) from err
    ui.open(output)
    return f"已汇总 {summary.consolidated} 份报表（共 {len(summary.sources)} 个文件），汇总表：{output}"


def export(book: Any, ui: UI) -> str:
    """导出报送版: check, then save a macro-free .xlsx beside the book (values, formats, formulas, protection)."""
    from perfxl.check.findings import Severity
    from perfxl.edits.marks import LEDGER_SHEET

    if LEDGER_SHEET in [sheet.name for sheet in book.sheets]:
        raise UserError("工作簿中还有校验标记。请先点“清除标记”，再导出报送版（报送版不应带着标记）。")
    report = _check(book)
    source = Path(book.fullname)
    if not source.parent.is_dir():
        raise UserError("请先把工作簿保存到文件夹中，再导出报送版。")
    target = source.with_name(f"{source.stem}_报送版.xlsx")
    with tempfile.TemporaryDirectory(prefix="perfxl-export-") as folder:
        copy = Path(folder) / f"copy{source.suffix.lower() or '.xlsx'}"
        book.api.SaveCopyAs(str(copy))  # Excel writes the current values; the open book is not touched
        export_copy(copy, target)
    errors = report.count(Severity.ERROR)
    warning = f"\n注意：还有 {errors} 条错误未改正（{_counts_text(report)}），报送前请核对。" if errors else ""
    return f"已导出报送版（不含宏）：{target}{warning}"


def export_copy(copy: Path, target: Path) -> None:
    """The 报送版 from Excel's saved copy: macros and buttons stripped from an .xlsm, an .xlsx copied as it is."""
    from perfxl.atomic import atomic_path

    if copy.suffix.lower() == ".xlsm":
        from perfxl.xlsm.strip import export_macro_free

        export_macro_free(copy, target)
        return
    with atomic_path(target) as tmp:
        shutil.copyfile(copy, tmp)
