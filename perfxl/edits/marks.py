"""Marks on a checked workbook, as a plan applied to any :class:`~perfxl.edits.book.EditableBook`.

``apply_marks`` fills each finding's cell by its worst severity, puts the findings in the cell's comment (below a
comment the user had), ranks the fill above the template's "still empty" shading, and writes the sheet 校验结果
listing every finding with a link to its cell. What each marked cell showed before (its fill and comment) is kept
in a very hidden sheet, the ledger, so ``clear_marks`` puts back exactly that, removes the rules and sheets perfxl
added, and leaves everything else alone. Marking again clears the earlier marks first, so a cell whose finding was
fixed loses its mark. The ledger travels with the workbook: a book marked by the button can be cleared by
``perfxl unmark`` and the other way round.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from perfxl.check.findings import Finding, Severity
from perfxl.edits.book import CellState, EditableBook, Fill, Note, ResultRow
from perfxl.layout.a1 import split_cell
from perfxl.report.summary import WHOLE_FILE

RESULT_SHEET = "校验结果"
LEDGER_SHEET = "perfxl标记"
LEDGER_MAGIC = "perfxl-marks"
LEDGER_VERSION = "1"
AUTHOR = "perfxl"
COMMENT_HEADER = "perfxl 校验："
#: the mark of each severity: a hue for the screen and, for black-and-white paper, a different texture and grey
#: level: 错误 diagonal stripes, 警告 dots, 提示 plain. None of them is the template's pale "please fill" yellow
#: (FFF2CC), which prints almost white. (LibreOffice shows patterns as a blend of the two colours; Excel prints them.)
MARK_FILLS = {
    Severity.ERROR: Fill("lightUp", "FFC00000", "FFFFB3B3"),
    Severity.WARNING: Fill("gray125", "FF7F6000", "FFFFD966"),
    Severity.ADVICE: Fill.solid("BDD7EE"),
}
#: the background colour of each mark (the results sheet's 严重程度 column uses the same fills)
FILL_COLOURS = {severity: fill.bg[2:] for severity, fill in MARK_FILLS.items()}
#: the solid fills of perfxl ≤ 0.1 marks, still recognised when a book marked then is cleared
_OLD_FILLS = [Fill.solid(rgb) for rgb in ("FFC7CE", "FFEB9C", "DDEBF7")]
RESULT_COLUMNS = (("序号", 6), ("位置", 16), ("代码", 8), ("严重程度", 9), ("审核角度", 9), ("问题", 64), ("修改方法", 44))
NO_FINDINGS = "未发现问题。"


class MarkSummary(Struct, frozen=True):
    """What a marking run did, for the message the user sees."""

    findings: int
    cells: int
    counts: dict[Severity, int]


def apply_marks(book: EditableBook, findings: Sequence[Finding]) -> MarkSummary:
    """Mark ``findings`` on ``book`` (clearing perfxl's earlier marks first)."""
    marks = _marks_by_cell(book, findings)
    sheets = sorted({sheet for sheet, _ in marks})
    with book.editing(sheets):
        _clear(book)
        ledger: list[list[str]] = [[LEDGER_MAGIC, LEDGER_VERSION]]
        for sheet in sheets:
            cells = [cell for name, cell in marks if name == sheet]
            before = book.cell_states(sheet, cells)
            ledger += [[sheet, cell, *_ledger_state(state)] for cell, state in zip(cells, before, strict=True)]
            for severity in sorted({_worst(marks[sheet, c]) for c in cells}, key=lambda s: s.rank, reverse=True):
                mine = [c for c in cells if _worst(marks[sheet, c]) == severity]
                book.set_fill(sheet, mine, MARK_FILLS[severity])
                book.add_top_fill_rule(sheet, mine, MARK_FILLS[severity])
            for cell, state in zip(cells, before, strict=True):
                book.set_note(sheet, cell, Note(note_text(state.note, marks[sheet, cell]), AUTHOR))
        book.write_hidden_rows(LEDGER_SHEET, ledger)
        book.write_results(RESULT_SHEET, RESULT_COLUMNS, result_rows(findings, marks, book.sheet_names()))
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    return MarkSummary(len(findings), len(marks), counts)


def clear_marks(book: EditableBook) -> int:
    """Remove perfxl's marks, putting back each marked cell's fill and comment; the number of cells restored."""
    rows = book.read_rows(LEDGER_SHEET) or []
    sheets = sorted({str(row[0]) for row in _entries(rows)} & set(book.sheet_names()))
    with book.editing(sheets):
        return _clear(book)


def _clear(book: EditableBook) -> int:
    rows = book.read_rows(LEDGER_SHEET)
    entries = _entries(rows or [])
    present = set(book.sheet_names())
    restored = 0
    for sheet in sorted({e[0] for e in entries} & present):
        book.remove_top_fill_rules(sheet, [*MARK_FILLS.values(), *_OLD_FILLS])
        mine = [e for e in entries if e[0] == sheet]
        by_fill: dict[Fill, list[str]] = {}
        for _, cell, fill, note in mine:
            by_fill.setdefault(fill, []).append(cell)
            book.set_note(sheet, cell, note)
        for fill, cells in by_fill.items():
            book.set_fill(sheet, cells, fill)
        restored += len(mine)
    for name in (RESULT_SHEET, LEDGER_SHEET):
        if name in present:
            book.delete_sheet(name)
    return restored


def _entries(rows: Sequence[Sequence[object]]) -> list[tuple[str, str, Fill, Note | None]]:
    if not rows or not rows[0] or str(rows[0][0]) != LEDGER_MAGIC:
        return []
    entries = []
    for row in rows[1:]:
        cells = [("" if v is None else str(v)) for v in row] + [""] * 6
        sheet, cell, fill, has_note, text, author = cells[:6]
        if sheet and cell:
            entries.append((sheet, cell, Fill.parse(fill), Note(text, author) if has_note == "1" else None))
    return entries


def _ledger_state(state: CellState) -> list[str]:
    note = state.note
    return [state.fill.text(), "1" if note else "0", note.text if note else "", note.author if note else ""]


def _marks_by_cell(book: EditableBook, findings: Sequence[Finding]) -> dict[tuple[str, str], list[Finding]]:
    """Findings by the cell that shows them (a merged range's top-left). Findings without a cell in the
    workbook are listed on 校验结果 only."""
    names = set(book.sheet_names())
    marks: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if not finding.cell or finding.sheet not in names:
            continue
        cell = finding.cell.split(":", 1)[0].replace("$", "").upper()
        marks.setdefault((finding.sheet, book.anchor(finding.sheet, cell)), []).append(finding)
    return dict(sorted(marks.items(), key=lambda item: (item[0][0], split_cell(item[0][1]))))


def _worst(items: Sequence[Finding]) -> Severity:
    return min((f.severity for f in items), key=lambda s: s.rank)


def note_text(before: Note | None, items: Sequence[Finding]) -> str:
    """The user's own comment (if any) stays above perfxl's block."""
    ours = COMMENT_HEADER + "\n" + "\n\n".join(comment_entry(f) for f in items)
    users = before.text.split(COMMENT_HEADER, 1)[0].strip() if before is not None else ""
    return f"{users}\n\n{ours}" if users else ours


def comment_entry(finding: Finding) -> str:
    entry = f"【{finding.code} {finding.severity.value}·{finding.angle.value}】{finding.message}"
    return f"{entry}\n修改：{finding.hint}" if finding.hint else entry


def note_size(text: str) -> tuple[int, int]:
    """Comment box (width, height) in points, tall enough for the text at about 24 characters a line."""
    lines = sum(max(1, len(line) // 24 + 1) for line in text.splitlines())
    return 360, min(600, 18 * lines + 12)


def result_rows(
    findings: Sequence[Finding], marks: dict[tuple[str, str], list[Finding]], sheets: Sequence[str]
) -> list[ResultRow]:
    if not findings:
        return [ResultRow(("", "", "", "", "", NO_FINDINGS, ""), "", None)]
    marked = {id(f): anchor for anchor, items in marks.items() for f in items}
    rows = []
    for number, finding in enumerate(findings, start=1):
        values = (number, finding.location or WHOLE_FILE, finding.code, finding.severity.value,
                  finding.angle.value, finding.message, finding.hint)  # fmt: skip
        link = marked.get(id(finding)) or ((finding.sheet, "A1") if finding.sheet in sheets else None)
        rows.append(ResultRow(values, finding.severity.value, link))
    return rows


def cell_link(sheet: str, cell: str) -> str:
    """The in-workbook link target: ``'附表3-1'!E51`` (Excel shows it as ``#'附表3-1'!E51``)."""
    return "'{}'!{}".format(sheet.replace("'", "''"), cell)


def severity_fill(severity_text: str) -> Fill | None:
    for severity, fill in MARK_FILLS.items():
        if severity.value == severity_text:
            return fill
    return None
