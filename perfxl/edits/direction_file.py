"""新增附表3 on a file (``perfxl sheet3``): the planned sheet built from the layout, as the template builds it."""

from __future__ import annotations

from pathlib import Path

from perfxl.authorship import save_signed
from perfxl.edits.direction import DirectionError, DirectionPlan, money, plan_direction
from perfxl.edits.openpyxl_book import structure_unlocked


def add_direction_file(source: Path, target: Path, fund_row: int | None = None) -> DirectionPlan:
    """Write a copy of ``source`` with the planned 附表3 to ``target``; ``source`` is never written."""
    from perfxl.generate.book import grid_of, load_book
    from perfxl.generate.model import GenerationError
    from perfxl.layout.forms import SPENDING_DIRECTION
    from perfxl.writer.build import write_sheet

    if target.resolve() == source.resolve():
        raise DirectionError("输出文件不能与原文件相同：原文件不会被修改，请用 -o 指定另一个文件名。")
    if target.suffix.lower() != source.suffix.lower():
        raise DirectionError(f"输出文件的扩展名应与原文件相同（{source.suffix}）。")
    try:
        book = load_book(source)
    except GenerationError as err:
        raise DirectionError(str(err)) from err
    plan = plan_direction(grid_of(book), source.name, fund_row)
    from perfxl.reader import read_grid_form

    framework = read_grid_form(grid_of(book), source.name).framework
    if plan.new:
        with structure_unlocked(book):
            ws = book.create_sheet(plan.sheet, index=book.sheetnames.index(plan.after) + 1)
            write_sheet(ws, SPENDING_DIRECTION, None, framework)
    ws = book[plan.sheet]
    for cell, value in plan.writes:
        ws[cell] = money(value)
        if isinstance(value, str):
            ws[cell].data_type = "s"
    save_signed(book, target)
    return plan
