"""A marked copy of a checked workbook, and the marks taken off again (``perfxl check --mark``, ``perfxl unmark``).

What the marks are is decided in :mod:`perfxl.edits.marks` (the same plan the Excel button 校验 applies to the
live book): each finding's cell filled by severity with a comment, a sheet 校验结果 listing every finding with a
link to its cell, and a very hidden ledger of what each marked cell showed before, so the marks can be cleared
exactly. The input file is only read; the copy keeps everything else as it was (sheet protection, locked and
unlocked cells, the hidden marker, VBA and buttons of an .xlsm). A marked copy reads back as the same form.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from perfxl.authorship import save_signed
from perfxl.check.findings import Finding
from perfxl.edits.defuse import load_copy, unopenable
from perfxl.edits.marks import (
    FILL_COLOURS,
    MARK_FILLS,
    RESULT_SHEET,
    apply_marks,
    cell_link,
    clear_marks,
    comment_entry,
)
from perfxl.edits.openpyxl_book import OpenpyxlBook, structure_unlocked
from perfxl.grid import WORKBOOK_SUFFIXES, WorkbookError, sniff

__all__ = [
    "FILL_COLOURS",
    "MARK_FILLS",
    "RESULT_SHEET",
    "MarkError",
    "cell_link",
    "comment_entry",
    "mark_workbook",
    "structure_unlocked",
    "target_problem",
    "unmark_workbook",
]


class MarkError(Exception):
    """The marked copy cannot be made; ``str(err)`` is for the user."""


def target_problem(source: Path, target: Path) -> str | None:
    """Why ``target`` cannot take the marked copy of ``source`` (checked before any work), or None."""
    if target.suffix.lower() not in WORKBOOK_SUFFIXES:
        return f"标注副本 {target.name} 的扩展名应为 .xlsx 或 .xlsm。"
    if source.suffix.lower() in WORKBOOK_SUFFIXES and target.suffix.lower() != source.suffix.lower():
        return f"标注副本的扩展名应与原文件相同（{source.suffix}），否则 Excel 打不开或会丢失宏：请改为 {target.stem}{source.suffix}。"
    try:
        same = target.resolve() == source.resolve()
    except OSError:
        same = False
    return "标注副本不能覆盖原文件，请另起一个文件名。" if same else None


def mark_workbook(source: Path, findings: Sequence[Finding], target: Path) -> Path:
    """Write the marked copy of ``source`` to ``target`` (whole or not at all); ``source`` is never written.
    Marking a marked copy replaces its marks."""
    book = _open(source, target)
    apply_marks(OpenpyxlBook(book), findings)
    save_signed(book, target)
    return target


def unmark_workbook(source: Path, target: Path) -> int:
    """Write a copy of ``source`` without perfxl's marks (fills and comments as they were before marking) to
    ``target``; the number of cells restored."""
    book = _open(source, target)
    restored = clear_marks(OpenpyxlBook(book))
    save_signed(book, target)
    return restored


def _open(source: Path, target: Path) -> Workbook:
    problem = target_problem(source, target)
    if problem:
        raise MarkError(problem)
    try:
        sniff(source)  # the limits (size, cells, merges…) before openpyxl builds the whole book in memory
    except WorkbookError as err:
        raise MarkError(str(err)) from err
    try:
        book = load_copy(source, keep_vba=source.suffix.lower() == ".xlsm")
    except Exception as err:  # openpyxl raises many kinds for damaged parts
        raise MarkError(unopenable(source.name, err)) from err
    return book
