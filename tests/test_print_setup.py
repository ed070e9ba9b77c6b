"""Everything perfxl prints leaves room for its page header and footer (issue 13: "第 1 页，共 3 页" was clipped on
every page: a 0.6″ margin with the footer 0.5″ from the edge), and the summary's header date is written in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from perfxl.cli import main
from perfxl.marker import MARKER_SHEET
from perfxl.printing import chinese_date
from tests.helpers import example_file

#: the height a 9–10.5 pt header or footer line needs, in inches (one line ≈ 0.2″), with some air
ROOM = 0.4


def _room(ws: Worksheet) -> tuple[float, float]:
    m = ws.page_margins
    return m.top - m.header, m.bottom - m.footer


def _printed(path: Path) -> list[Worksheet]:
    book = load_workbook(path)
    return [ws for ws in book.worksheets if ws.sheet_state == "visible" and ws.title != MARKER_SHEET]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("print")
    assert main(["templates", "--out", str(folder / "templates")]) == 0
    shifeng = example_file("shifeng", folder)
    marked = folder / "marked.xlsx"
    assert main(["check", str(shifeng), "--mark", str(marked)]) in (0, 1)
    summary = folder / "汇总.xlsx"
    assert main(["consolidate", str(shifeng), "-o", str(summary), "--no-cache"]) in (0, 1)
    files = {p.name: p for p in sorted((folder / "templates").glob("*.xlsx"))}
    return {**files, "marked": marked, "summary": summary}


def test_headers_and_footers_have_room(outputs: dict[str, Path]) -> None:
    checked = 0
    for name, path in outputs.items():
        for ws in _printed(path):
            top, bottom = _room(ws)
            assert top >= ROOM and bottom >= ROOM, (name, ws.title, top, bottom)
            if ws.oddFooter.center.text:
                assert "第 &P 页，共 &N 页" in ws.oddFooter.center.text
                checked += 1
    assert checked >= 4 * 3 + 5  # every template sheet, the marked copy's sheets and 校验结果, the summary's tables


def test_summary_header_date_is_chinese(outputs: dict[str, Path]) -> None:
    for ws in _printed(outputs["summary"]):
        right = ws.oddHeader.right.text or ""
        assert "&D" not in right
        assert chinese_date() in right, (ws.title, right)


def test_summary_has_a_print_view_that_fits_a4_landscape_at_full_size(outputs: dict[str, Path]) -> None:
    """Issue 13: 25 columns on one landscape page printed at ≈4 pt. 汇总（打印） holds what the paper needs and is
    narrower than the printable width of A4 landscape at 100 % (10 pt text stays 10 pt)."""
    from perfxl.consolidate.columns import PRINT_VIEW, SUMMARY
    from perfxl.printing import SIDE

    book = load_workbook(outputs["summary"], data_only=True)  # 汇总's 合计 as cached by the writer
    view, full = book[PRINT_VIEW.name], book[SUMMARY.name]
    assert book.sheetnames.index(PRINT_VIEW.name) == book.sheetnames.index(SUMMARY.name) + 1
    assert view.page_setup.orientation == "landscape" and view.page_setup.paperSize in (9, "9")
    dims = view.column_dimensions.values()  # stored widths include Excel's 5 px padding; equal ones are grouped
    assert sum(d.max - d.min + 1 for d in dims) == len(PRINT_VIEW.columns)
    pixels = sum((d.max - d.min + 1) * float(d.width) * 7 for d in dims)
    assert pixels <= (11.69 - 2 * SIDE) * 96
    headers = [c.value for c in view[1]]
    assert headers[:2] == ["序号", "单位"] and "资金总额" in headers and "错误" in headers
    shown = [[c.value for c in row] for row in view.iter_rows(min_row=2)]
    source = [[c.value for c in row] for row in full.iter_rows(min_row=2)]
    assert [row[1] for row in shown] == [row[1] for row in source]  # same units, same order, 合计 last
    money = headers.index("资金总额")
    assert shown[-1][money] == source[-1][SUMMARY.index("资金总额")] == 51.8


def test_summary_chart_has_its_own_printed_sheet(outputs: dict[str, Path]) -> None:
    from perfxl.consolidate.columns import CHART_SHEET

    book = load_workbook(outputs["summary"])
    assert [sheet.title for sheet in book.chartsheets] == [CHART_SHEET]
    assert all(not ws._charts for ws in book.worksheets)  # no chart left beside a table, outside the print area


def test_blocks_print_as_a_closed_frame(outputs: dict[str, Path]) -> None:
    """Issue 13: the 项目申报表 printed as a frame open on the right. Rows beyond a block's first ``min_rows`` have
    no inner grid until typed in, but the block's right and bottom edges are always drawn."""
    from perfxl.layout.forms import WORKBOOK_LAYOUTS

    checked = 0
    for name, path in outputs.items():
        if not name.endswith(".xlsx") or name == "summary":
            continue
        book = load_workbook(path)
        for layout in WORKBOOK_LAYOUTS.values():
            for sheet in (role.layout for role in layout.sheets):
                if sheet.default_name not in book.sheetnames:
                    continue
                ws = book[sheet.default_name]
                for block in sheet.blocks:
                    if block.capacity <= block.min_rows:
                        continue
                    _, last = block.span
                    for row in block.rows:
                        assert ws[f"{last}{row}"].border.right.style == "thin", (name, ws.title, row)
                    for column in block.columns:
                        assert ws[f"{column.first_col}{block.last_row}"].border.bottom.style == "thin"
                    checked += 1
    assert checked >= 8


def _hengdong_with(count: int, folder: Path) -> Worksheet:
    """The 衡东 return with its indicators repeated or cut to ``count`` rows, as perfxl writes it."""
    from perfxl.examples.hengdong import hengdong
    from perfxl.writer import write_workbook

    model = hengdong()
    rows = (model.indicators * 2)[:count]
    path = write_workbook(model.model_copy(update={"indicators": rows}), folder / f"衡东{count}.xlsx")
    return _printed(path)[0]


@pytest.mark.parametrize(("count", "fit_height"), [(20, 0), (40, 1), (54, 0)])
def test_a_nearly_empty_last_page_is_folded_into_the_pages_before(count: int, fit_height: int, tmp_path: Path) -> None:
    from perfxl.writer.pages import SMALLEST_SCALE, printed_pages

    ws = _hengdong_with(count, tmp_path)
    pages, _ = printed_pages(ws)
    assert ws.page_setup.fitToHeight == fit_height, pages
    if fit_height:
        assert 1 < pages < 1 / SMALLEST_SCALE  # shrunk by at most SMALLEST_SCALE
    assert ws.page_setup.fitToWidth == 1



def test_summary_data_sheets_print_only_what_fits_at_9_pt(outputs: dict[str, Path]) -> None:
    """专项资金 printed at ≈ 4 pt, 来源 at 5, 指标明细 and 问题清单 at 6, 汇总 at 4 (fitted to one page wide). Each
    now has a print area over the columns the paper needs, narrow enough for ≥ 9 pt (tests/test_consolidate_office.py
    measures it in LibreOffice's PDF); the link to the file, the cell address and the filtering columns stay on
    screen. 汇总's 24 printed columns go on two pages side by side, 序号 and 单位 on both."""
    from openpyxl.utils import get_column_letter

    from perfxl.consolidate.columns import ALL_SHEETS, PRINT_WIDTH, SUMMARY

    book = load_workbook(outputs["summary"])
    assert [spec.name for spec in ALL_SHEETS if spec.page_width > PRINT_WIDTH] == []
    assert SUMMARY.print_width > PRINT_WIDTH and SUMMARY.pages_wide == 2
    for spec in ALL_SHEETS:
        if spec.name not in book.sheetnames:
            continue  # 未报送单位 needs a list
        first, last = spec.print_span
        ws = book[spec.name]
        if spec.printed is None:
            assert not ws.print_area, spec.name
            continue
        assert ws.print_area == f"'{spec.name}'!${get_column_letter(first + 1)}$1:${get_column_letter(last + 1)}${ws.max_row}"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth or 1) == spec.pages_wide  # 1 is the default
        assert ws.print_title_rows == "$1:$1"
        if spec.pages_wide > 1:
            assert ws.print_title_cols == "$A:$B" and ws.page_setup.pageOrder == "overThenDown"
        left_off = spec.titles[:first] + spec.titles[last + 1:]
        assert "单位" not in left_off and {"文件", "单元格", "路径"} & set(left_off), (spec.name, left_off)
