"""One entry for every button: find the calling book, run the action, turn any failure into a message box.

``run(name)`` is what ``perfxl.excel.<name>()`` calls inside Excel; ``run_on(name, book, ui)`` is the same with
the book and the dialogs given, which is how the tests drive each action on a real workbook.
"""

from __future__ import annotations

from typing import Any

from perfxl.excel.ui import UI, ExcelUI, log_error


class UserError(Exception):
    """A situation the user can put right (no form, wrong sheet, cancelled); ``str(err)`` is the message."""


def run(name: str) -> None:
    import xlwings as xw  # only inside Excel: the core never imports xlwings

    book = xw.Book.caller()
    run_on(name, book, ExcelUI(book.app))


def run_on(name: str, book: Any, ui: UI) -> None:
    from perfxl.excel import actions

    action = getattr(actions, name)
    try:
        message = action(book, ui)
    except UserError as err:
        message = str(err)
    except Exception as err:  # the user sees a sentence, the log keeps the traceback
        path = log_error(name, err)
        message = f"perfxl 运行出错（{type(err).__name__}：{err}）。\n详细信息已记入日志：{path}\n请把日志发给 perfxl 维护者。"
    finally:
        ui.status(None)
    if message:
        ui.info(message)
