"""The Excel buttons: the functions that the VBA macros call through xlwings ``RunPython``.

Each button runs ``RunPython "import perfxl.excel; perfxl.excel.<name>()"`` in a fresh Python (or in xlwings'
resident UDF server), so this module imports nothing heavy: each function imports its own module when clicked.
The work is done by the core (check, mark plan, generate plan, consolidate); :mod:`perfxl.excel.apply` carries the
planned edits out on the live book. Every function catches its errors and shows a Chinese message box; the
details go to a log file (:mod:`perfxl.excel.ui`).
"""

from __future__ import annotations

#: the button functions, in ribbon order (VBA macro name → function name); macros/perfxl_buttons.bas calls them
BUTTONS = (
    ("PerfxlValidate", "validate"),
    ("PerfxlClearMarks", "clear_marks"),
    ("PerfxlGenerate", "generate"),
    ("PerfxlAddSheet3", "add_sheet3"),
    ("PerfxlConsolidate", "consolidate"),
    ("PerfxlExport", "export"),
)


def _press(name: str) -> None:
    from perfxl.excel.buttons import run

    run(name)


def validate() -> None:
    """校验: check the calling book, mark the cells, refresh 校验结果, show the counts."""
    _press("validate")


def clear_marks() -> None:
    """清除标记: remove perfxl's marks, restoring the fills and comments that were there before."""
    _press("clear_marks")


def generate() -> None:
    """生成指标: fill the indicator block of the active 附表3 / 项目申报表 sheet."""
    _press("generate")


def add_sheet3() -> None:
    """新增附表3: add a spending-direction sheet linked to a 附表2 row."""
    _press("add_sheet3")


def consolidate() -> None:
    """汇总: ask for a folder (and a unit list), consolidate with progress in the status bar, open the summary."""
    _press("consolidate")


def export() -> None:
    """导出报送版: check, then save a macro-free .xlsx copy beside the book."""
    _press("export")
