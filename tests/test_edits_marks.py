"""校验 then 清除标记 through the file applier: the book comes back exactly as it was (values, fills, comments,
conditional formats, sheets, protection), the user's own fills and comments included."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color

from perfxl.check.engine import check_file
from perfxl.edits.book import Fill
from perfxl.edits.marks import LEDGER_SHEET, RESULT_SHEET, apply_marks, clear_marks
from perfxl.edits.openpyxl_book import OpenpyxlBook, fill_of, pattern_fill
from perfxl.excel.xlwings_book import XlwingsBook
from perfxl.mark import mark_workbook, unmark_workbook
from tests.fake_excel import Counted, ExcelError, FakeBook
from tests.helpers import edit_cells, example_file


def snapshot(path: Path) -> dict[str, object]:
    """Everything 清除标记 must restore, per sheet: values, fills, comments, conditional formats, state."""
    book = load_workbook(path, rich_text=True)
    shot: dict[str, object] = {"sheets": [(ws.title, ws.sheet_state) for ws in book.worksheets],
                               "structure": bool(book.security and book.security.lockStructure)}  # fmt: skip
    for ws in book.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                comment = (cell.comment.text, cell.comment.author) if cell.comment else None
                cells[cell.coordinate] = (cell.value, repr(cell.fill), comment, cell.protection.locked)
        rules = sorted((str(cf.sqref), r.type, tuple(r.formula or ()), r.priority, repr(r.dxf.fill if r.dxf else None))
                       for cf in ws.conditional_formatting for r in cf.rules)  # fmt: skip
        shot[ws.title] = (cells, rules, ws.protection.sheet)
    return shot


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 石峰 return with a user's own fill and comment on cells that will be marked, and a 错误 (C5 = 50)."""
    folder = tmp_path_factory.mktemp("edits")
    path = edit_cells(example_file("shifeng", folder), {"附表1!C5": 50})
    book = load_workbook(path, rich_text=True)
    book["附表1"]["C5"].comment = Comment("请财务科核对", "张三")
    book["附表1"]["B55"].fill = PatternFill("solid", fgColor=Color(theme=4, tint=0.6))
    book["附表2"]["B8"].fill = PatternFill("lightGray", fgColor="FF00FF00", bgColor=Color(indexed=64))
    book.save(path)
    return path


def test_mark_then_clear_restores_everything(original: Path, tmp_path: Path) -> None:
    findings = check_file(original).findings
    assert len({(f.sheet, f.cell) for f in findings if f.cell}) > 10
    marked = mark_workbook(original, findings, tmp_path / "marked.xlsx")
    assert snapshot(marked) != snapshot(original)
    restored_cells = unmark_workbook(marked, tmp_path / "clean.xlsx")
    assert restored_cells > 10
    assert snapshot(tmp_path / "clean.xlsx") == snapshot(original)


def test_marking_twice_clears_the_first_marks(original: Path, tmp_path: Path) -> None:
    findings = check_file(original).findings
    once = mark_workbook(original, findings, tmp_path / "once.xlsx")
    fixed = [f for f in findings if (f.sheet, f.cell) != ("附表1", "C5")]
    twice = mark_workbook(once, fixed, tmp_path / "twice.xlsx")
    book = load_workbook(twice)
    # the fixed cell lost its mark: back to its own fill and the user's comment alone
    assert book["附表1"]["C5"].comment.text == "请财务科核对"
    assert fill_of(book["附表1"]["C5"].fill) == fill_of(load_workbook(original)["附表1"]["C5"].fill)
    assert book.sheetnames.count(RESULT_SHEET) == 1 and book[LEDGER_SHEET].sheet_state == "veryHidden"
    unmark_workbook(twice, tmp_path / "clean.xlsx")
    assert snapshot(tmp_path / "clean.xlsx") == snapshot(original)


def test_clear_without_marks_changes_nothing(original: Path, tmp_path: Path) -> None:
    assert unmark_workbook(original, tmp_path / "same.xlsx") == 0
    assert snapshot(tmp_path / "same.xlsx") == snapshot(original)


def test_ledger_is_read_back_through_the_book_interface(original: Path) -> None:
    book = load_workbook(original, rich_text=True)
    findings = check_file(original).findings
    summary = apply_marks(OpenpyxlBook(book), findings)
    assert summary.findings == len(findings) and summary.cells > 10
    rows = OpenpyxlBook(book).read_rows(LEDGER_SHEET)
    assert rows is not None and rows[0][0] == "perfxl-marks"
    assert ["附表1", "C5", "", "1", "请财务科核对", "张三"] in [list(r[:6]) for r in rows]
    assert clear_marks(OpenpyxlBook(book)) == summary.cells
    assert LEDGER_SHEET not in book.sheetnames and RESULT_SHEET not in book.sheetnames


@pytest.mark.parametrize("text", ["", "solid FFFFC7CE FFFFC7CE", "solid theme:4:0.6 indexed:64", "lightGray FF00FF00 auto"])
def test_fill_text_round_trips_through_openpyxl(text: str) -> None:
    fill = Fill.parse(text)
    assert fill.text() == text
    assert fill_of(pattern_fill(fill)) == fill


# ---------------------------------------------------------------- the live-book applier (Excel), through a stand-in


@pytest.fixture(scope="module")
def rgb_original(original: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """As ``original``, with the user's fill in plain RGB: Excel reports theme colours as RGB, so the live-book
    applier restores a theme fill as the same colour without the theme link."""
    book = load_workbook(original, rich_text=True)
    book["附表1"]["B55"].fill = PatternFill("solid", fgColor="FF9BC2E6", bgColor="FF9BC2E6")
    path = tmp_path_factory.mktemp("rgb") / "shifeng.xlsx"
    book.save(path)
    return path


def _live(path: Path) -> tuple[object, XlwingsBook]:
    wb = load_workbook(path, rich_text=True)
    return wb, XlwingsBook(FakeBook(wb))


def test_button_marks_then_clears_the_live_book(rgb_original: Path, tmp_path: Path) -> None:
    findings = check_file(rgb_original).findings
    wb, live = _live(rgb_original)
    Counted.calls.clear()
    summary = apply_marks(live, findings)
    assert summary.cells > 10
    # protection lifted once per sheet and put back; the structure lock too
    assert Counted.calls["Sheet.Unprotect"] == Counted.calls["Sheet.Protect"] == len({f.sheet for f in findings if f.cell})
    assert Counted.calls["Book.Unprotect"] == Counted.calls["Book.Protect"] == 1
    # one fill call per severity and sheet, not one per cell
    sheets = len({f.sheet for f in findings if f.cell})
    assert Counted.calls["Interior.set.Pattern"] <= 3 * (sheets + 1) < summary.cells
    wb.save(tmp_path / "marked.xlsx")
    marked = load_workbook(tmp_path / "marked.xlsx")
    assert marked["附表1"]["C5"].comment.text.startswith("请财务科核对\n\nperfxl 校验：")
    assert marked["附表1"]["C5"].comment.author == "perfxl"
    assert marked[RESULT_SHEET]["B2"].hyperlink is not None
    assert marked[LEDGER_SHEET].sheet_state == "veryHidden"
    assert snapshot(tmp_path / "marked.xlsx") != snapshot(rgb_original)

    wb, live = _live(tmp_path / "marked.xlsx")
    assert clear_marks(live) == summary.cells
    wb.save(tmp_path / "clean.xlsx")
    assert snapshot(tmp_path / "clean.xlsx") == snapshot(rgb_original)


def test_marks_made_by_the_button_are_cleared_by_the_cli_and_back(rgb_original: Path, tmp_path: Path) -> None:
    findings = check_file(rgb_original).findings
    wb, live = _live(rgb_original)
    apply_marks(live, findings)
    wb.save(tmp_path / "button.xlsx")
    unmark_workbook(tmp_path / "button.xlsx", tmp_path / "cli.xlsx")
    assert snapshot(tmp_path / "cli.xlsx") == snapshot(rgb_original)

    cli = mark_workbook(rgb_original, findings, tmp_path / "cli-marked.xlsx")
    wb, live = _live(cli)
    clear_marks(live)
    wb.save(tmp_path / "button-clean.xlsx")
    assert snapshot(tmp_path / "button-clean.xlsx") == snapshot(rgb_original)


def test_the_fake_refuses_what_excel_refuses(rgb_original: Path) -> None:
    """The stand-in is only worth its tests if it refuses edits to a protected book as Excel does."""
    wb = load_workbook(rgb_original)
    book = FakeBook(wb)
    with pytest.raises(ExcelError):
        book.sheets["附表1"].range("A1").value = "x"
    with pytest.raises(ExcelError):
        book.sheets.add("新表", after=book.sheets[0])


def _grey(argb: str) -> float:
    """The grey level a colour prints at in black and white (Rec. 601 luma, 0 black … 1 white)."""
    r, g, b = (int(argb[i:i + 2], 16) / 255 for i in (2, 4, 6))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_marks_differ_in_colour_texture_and_grey_and_from_the_input_shading(original: Path, tmp_path: Path) -> None:
    """Issue 13: on paper 警告 looked like the "please fill" shading. Each severity now has its own texture and a
    grey level apart from the others and from the template's pale yellow; the marked copy carries exactly these."""
    from perfxl.check.findings import Severity
    from perfxl.edits.marks import MARK_FILLS

    fills = [MARK_FILLS[s] for s in (Severity.ERROR, Severity.WARNING, Severity.ADVICE)]
    assert len({f.pattern for f in fills}) == 3
    input_shading = "FFFFF2CC"
    greys = sorted([_grey(f.bg) for f in fills] + [_grey(input_shading)])
    assert all(b - a >= 0.02 for a, b in itertools.pairwise(greys)), greys
    assert _grey(input_shading) == greys[-1]  # every mark prints darker than an empty input cell

    marked = mark_workbook(original, check_file(original).findings, tmp_path / "marked.xlsx")
    book = load_workbook(marked)
    used = {fill_of(c.fill) for ws in book.worksheets if ws.title != RESULT_SHEET for row in ws.iter_rows()
            for c in row}
    assert set(fills) & used == set(fills)
    rule_fills = {(r.dxf.fill.patternType, r.dxf.fill.bgColor.rgb) for ws in book.worksheets
                  for cf in ws.conditional_formatting for r in cf.rules if list(r.formula or []) == ["TRUE"]}
    assert rule_fills == {(f.pattern, f.bg) for f in fills}


def test_clearing_removes_marks_of_the_earlier_solid_colours(original: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import perfxl.edits.marks as marks
    from perfxl.check.findings import Severity

    old = {Severity.ERROR: Fill.solid("FFC7CE"), Severity.WARNING: Fill.solid("FFEB9C"),
           Severity.ADVICE: Fill.solid("DDEBF7")}
    with monkeypatch.context() as patched:
        patched.setattr(marks, "MARK_FILLS", old)
        marked = mark_workbook(original, check_file(original).findings, tmp_path / "old.xlsx")
    unmark_workbook(marked, tmp_path / "clean.xlsx")
    assert snapshot(tmp_path / "clean.xlsx") == snapshot(original)


def test_a_whole_file_finding_marks_no_title_cell(tmp_path: Path) -> None:
    """T104 used to point at the first formula, the 项目申报表's title: the whole title was shaded on every page.
    A finding about the whole file is listed on 校验结果 only."""
    source = example_file("hengdong", tmp_path)
    book = load_workbook(source)
    book.properties.lastModifiedBy = "another program"  # not perfxl's own output: T104 applies
    book.save(source)
    findings = check_file(source).findings
    [t104] = [f for f in findings if f.code == "T104"]
    assert (t104.sheet, t104.cell) == ("", "")
    marked = load_workbook(mark_workbook(source, findings, tmp_path / "marked.xlsx"))
    ws = marked["项目申报表"]
    before = load_workbook(source)["项目申报表"]
    for row in ws["A1:F2"]:  # the title rows: fills and comments as in the return
        for cell in row:
            assert (fill_of(cell.fill), cell.comment) == (fill_of(before[cell.coordinate].fill), None), cell.coordinate
    results = [row[2] for row in marked[RESULT_SHEET].iter_rows(min_row=2, values_only=True)]
    assert "T104" in results
