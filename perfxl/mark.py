"""A marked copy of a checked workbook: each finding's cell filled by severity with a comment (code, message,
hint; several findings on one cell share one comment), and a sheet 校验结果 listing every finding with a link to
its cell.

Mark the original, not a marked copy: marking again replaces the comments and the list, but a fill of a cell
that no longer has a finding stays. The input file is only read. The copy keeps everything else as it was: sheet protection, locked and unlocked
cells, the hidden marker, VBA (.xlsm). The fill is applied twice, as the cell's own fill and as a conditional
format ranked above the template's "still empty" shading, which would otherwise hide it on an empty cell.
A marked copy reads back as the same form: 校验结果 matches no form sheet, so the reader passes over it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from perfxl.atomic import atomic_path
from perfxl.check.findings import Finding, Severity
from perfxl.grid import WORKBOOK_SUFFIXES
from perfxl.layout.spec import top_left
from perfxl.report.summary import WHOLE_FILE
from perfxl.writer.fit import fit_row_heights

RESULT_SHEET = "校验结果"
AUTHOR = "perfxl"
COMMENT_HEADER = "perfxl 校验："
FILL_COLOURS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.ADVICE: "DDEBF7"}
COLUMNS = (("序号", 6), ("位置", 16), ("代码", 8), ("严重程度", 9), ("审核角度", 9), ("问题", 64), ("修改方法", 44))
_THIN = Side(style="thin", color="000000")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "宋体"


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
    """Write the marked copy of ``source`` to ``target`` (whole or not at all); ``source`` is never written."""
    problem = target_problem(source, target)
    if problem:
        raise MarkError(problem)
    book = _load(source)
    marks = _marks_by_cell(book, findings)
    for (sheet, cell), items in marks.items():
        shown = book[sheet][cell]
        if isinstance(shown, Cell):  # an anchor is never a merged-away cell
            _mark_cell(shown, items)
    for sheet in {sheet for sheet, _ in marks}:
        _rank_fills_first(book[sheet], {cell: items for (name, cell), items in marks.items() if name == sheet})
    with structure_unlocked(book):
        _write_results(book, findings, marks)
    with atomic_path(target) as tmp:
        book.save(tmp)
    return target


def _load(source: Path) -> Workbook:
    try:
        return load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm", rich_text=True)
    except Exception as err:  # openpyxl raises many kinds for damaged parts
        raise MarkError(f"{source.name} 无法打开以生成标注副本（{type(err).__name__}）。") from err


def _marks_by_cell(book: Workbook, findings: Sequence[Finding]) -> dict[tuple[str, str], list[Finding]]:
    """Findings by the cell that shows them (a merged range's top-left); findings without a cell in the
    workbook are listed on 校验结果 only."""
    marks: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        anchor = _anchor(book, finding)
        if anchor is not None:
            marks.setdefault(anchor, []).append(finding)
    return marks


def _anchor(book: Workbook, finding: Finding) -> tuple[str, str] | None:
    if not finding.cell or finding.sheet not in book.sheetnames:
        return None
    ws = book[finding.sheet]
    cell = top_left(finding.cell).replace("$", "").upper()
    for merged in ws.merged_cells.ranges:
        if cell in merged:
            return finding.sheet, merged.start_cell.coordinate
    return finding.sheet, cell


def _worst(items: Sequence[Finding]) -> Severity:
    return min((f.severity for f in items), key=lambda s: s.rank)


def _fill(severity: Severity) -> PatternFill:
    colour = FILL_COLOURS[severity]
    return PatternFill("solid", fgColor=colour, bgColor=colour)


def _mark_cell(cell: Cell, items: Sequence[Finding]) -> None:
    cell.fill = _fill(_worst(items))  # a style change only: the cell's protection (locked or not) stays
    ours = COMMENT_HEADER + "\n" + "\n\n".join(comment_entry(f) for f in items)
    # a user's own note stays above ours; an earlier perfxl block (marking a marked copy) is replaced
    users = cell.comment.text.split(COMMENT_HEADER, 1)[0].strip() if cell.comment is not None else ""
    text = f"{users}\n\n{ours}" if users else ours
    lines = sum(max(1, len(line) // 24 + 1) for line in text.splitlines())
    cell.comment = Comment(text, AUTHOR, height=min(600, 18 * lines + 12), width=360)


def comment_entry(finding: Finding) -> str:
    entry = f"【{finding.code} {finding.severity.value}·{finding.angle.value}】{finding.message}"
    return f"{entry}\n修改：{finding.hint}" if finding.hint else entry


def _rank_fills_first(ws: Worksheet, marks: dict[str, list[Finding]]) -> None:
    """One conditional format per severity over its marked cells, ranked above every existing rule."""
    cells_by_severity: dict[Severity, list[str]] = {}
    for cell, items in marks.items():
        cells_by_severity.setdefault(_worst(items), []).append(cell)
    shift = len(cells_by_severity)
    for formatting in ws.conditional_formatting:
        for rule in formatting.rules:
            rule.priority = (rule.priority or 0) + shift
    for priority, severity in enumerate(sorted(cells_by_severity, key=lambda s: s.rank), start=1):
        rule = Rule(type="expression", dxf=DifferentialStyle(fill=_fill(severity)), formula=["TRUE"], priority=priority)
        ws.conditional_formatting.add(" ".join(cells_by_severity[severity]), rule)


@contextmanager
def structure_unlocked(book: Workbook) -> Iterator[None]:
    """Lift the workbook structure lock while sheets are added, then put it back as it was."""
    security = book.security
    locked = bool(security is not None and security.lockStructure)
    if locked:
        security.lockStructure = False
    try:
        yield
    finally:
        if locked:
            security.lockStructure = True


def _write_results(book: Workbook, findings: Sequence[Finding], marks: dict[tuple[str, str], list[Finding]]) -> None:
    if RESULT_SHEET in book.sheetnames:  # marking a marked copy again: the list is rebuilt
        book.remove(book[RESULT_SHEET])
    ws = book.create_sheet(RESULT_SHEET)
    marked = {id(f): anchor for anchor, items in marks.items() for f in items}
    _header(ws)
    for row, finding in enumerate(findings, start=2):
        _result_row(ws, row, finding, marked.get(id(finding)))
    if not findings:
        ws.cell(row=2, column=6, value="未发现问题。")
    last = max(2, len(findings) + 1)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{last}"
    fit_row_heights(ws, range(1, last + 1))
    _print_setup(ws, last)
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    book.active = ws


def _header(ws: Worksheet) -> None:
    for col, (title, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.font = Font(name=_FONT, size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.border = _GRID
        ws.column_dimensions[cell.column_letter].width = width


def _result_row(ws: Worksheet, row: int, finding: Finding, anchor: tuple[str, str] | None) -> None:
    values = (row - 1, finding.location or WHOLE_FILE, finding.code, finding.severity.value, finding.angle.value, finding.message, finding.hint)
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = Font(name=_FONT, size=10.5)
        cell.alignment = Alignment(vertical="top", wrap_text=col >= 6, horizontal="left" if col >= 6 else "center")
        cell.border = _GRID
        if isinstance(value, str):
            cell.data_type = "s"  # a message beginning with "=" stays text
    ws.cell(row=row, column=4).fill = _fill(finding.severity)
    target = anchor or ((finding.sheet, "A1") if finding.sheet in ws.parent.sheetnames else None)
    if target is not None:
        link = ws.cell(row=row, column=2)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=cell_link(*target), display=finding.location)
        link.font = Font(name=_FONT, size=10.5, color="0563C1", underline="single")


def cell_link(sheet: str, cell: str) -> str:
    """The in-workbook link target: ``'附表3-1'!E51`` (Excel shows it as ``#'附表3-1'!E51``)."""
    return "'{}'!{}".format(sheet.replace("'", "''"), cell)


def _print_setup(ws: Worksheet, last: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:G{last}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.center.text = RESULT_SHEET
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
