"""Rows rendered by the workers are the XML XlsxWriter itself writes for the same cells; inputs and the
expected-units list are found and read as documented."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from perfxl.consolidate.book import SummaryBook
from perfxl.consolidate.columns import Col, SheetSpec
from perfxl.consolidate.inputs import ConsolidateError, discover, read_expected
from perfxl.consolidate.records import Link
from perfxl.consolidate.xmlrows import MAX_TEXT, fast_path_available, one_line
from perfxl.grid import read_grid

SPEC = SheetSpec("测试", (Col("文字", 20), Col("金额", 10, "money"), Col("时间", 18, "date"), Col("文件", 30, "link"),
                         Col("问题", 12, "wrap")))
TRICKY = [
    "plain", " leading space", "trailing\n", 'a & b <c> "q"', "_x0041_ stays literal", "ctrl\x01char\x1f",
    "\ufffe", "=1+1", "+5%", "-3", "@SUM(A1)", "http://example.com", "123", "", "满意度≥90%\u3000", "x" * 40000,
]
ROWS = [
    (text, 51.8 if i % 2 else None, dt.datetime(2024, 3, 1, 8, 30, 5) if i % 3 else None,
     Link(f"/收件箱/{i}.xlsx", f"/收件箱/{i}.xlsx") if i % 4 else Link("[/a \"q\".xlsx]'附表3-1'!E12", "a.xlsx"),
     text if i % 2 else "附表3-1!E12：指标值含糊、不可衡量。" * (i % 5))  # wrapped: rows grow to fit
    for i, text in enumerate(TRICKY)
] + [(None, 0.1 + 0.2, None, Link("/" + "长" * 300, "/" + "长" * 300), None), (None, None, None, None, None)]


def _build(path: Path, fast: bool) -> Path:
    book = SummaryBook(path, fast=fast)
    ws = book.table(SPEC, [ROWS[:5], [], ROWS[5:]])
    book.finish(ws, SPEC)
    book.close()
    return path


def _sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_fast_path_is_available_for_the_pinned_xlsxwriter(tmp_path: Path) -> None:
    from xlsxwriter.worksheet import Worksheet

    assert fast_path_available(Worksheet())
    assert SummaryBook(tmp_path / "x.xlsx").fast


def test_rendered_rows_equal_xlsxwriter_cell_by_cell(tmp_path: Path) -> None:
    fast = _sheet_xml(_build(tmp_path / "fast.xlsx", True))
    slow = _sheet_xml(_build(tmp_path / "slow.xlsx", False))
    assert fast == slow


def test_rows_grow_for_wrapped_text(tmp_path: Path) -> None:
    """问题清单's long texts wrap inside their column; the row is made tall enough (neither Excel nor LibreOffice
    grows it for a file they did not lay out), one line of 10 pt text ≈ 13.5 pt."""
    from perfxl.consolidate.xmlrows import estimated_lines

    book = load_workbook(_build(tmp_path / "fast.xlsx", True))
    ws = book["测试"]
    for number, row in enumerate(ROWS, start=2):
        text = row[4]
        height = ws.row_dimensions[number].height
        if not isinstance(text, str) or estimated_lines(text, 12) == 1:
            assert height is None, (number, height)
        else:
            assert height == min(13.5 * estimated_lines(text, 12) + 1.5, 408.75), (number, height)
    assert estimated_lines("附表3-1!E12：指标值含糊、不可衡量。", 12) == 4  # 14 CJK + 7 Latin ≈ 35 units in 11
    assert estimated_lines("short", 12) == 1 and estimated_lines("a\nb", 12) == 2


def test_text_round_trips_as_text(tmp_path: Path) -> None:
    path = _build(tmp_path / "fast.xlsx", True)
    read = [row[0] for row in read_grid(path)["测试"].rows[1 : len(TRICKY) + 1]]
    # U+FFFE cannot be stored in XML: Excel's own escape stays visible; text beyond Excel's limit is cut; a column
    # that does not wrap shows one line ("trailing\n" → "trailing")
    assert read == [one_line(t)[:MAX_TEXT] if t != "\ufffe" else "_xFFFE_" for t in TRICKY]
    ws = load_workbook(path)["测试"]
    assert {ws.cell(row=r, column=1).data_type for r in range(2, len(TRICKY) + 2)} == {"s"}
    assert ws["B3"].number_format == "0.00" and ws["B3"].value == 51.8
    assert ws["C3"].value == dt.datetime(2024, 3, 1, 8, 30, 5)
    assert ws["D3"].value == '=HYPERLINK("/收件箱/1.xlsx","/收件箱/1.xlsx")'
    assert ws["D2"].value == '=HYPERLINK("[/a ""q"".xlsx]\'附表3-1\'!E12","a.xlsx")'
    assert ws[f"D{len(ROWS)}"].value == "/" + "长" * 300  # too long for a formula: plain text, no link


NAMES = SheetSpec("名称", (Col("文字", 20), Col("二级指标", 10, "name"), Col("问题", 12, "wrap")))


def test_line_breaks_stay_only_where_the_column_wraps_text(tmp_path: Path) -> None:
    """A line break in a column that does not wrap is drawn by LibreOffice and WPS as lines spilling over the rows
    above and below (衡东's 一级指标 "满意度\n\n指标" overprinted the row above in 指标明细): such a cell shows its
    text on one line, joined without a space between Chinese characters. A wrapped text column keeps its lines; a
    name wraps to fit its column but its lines are joined (one filter group), and its row is as tall as the joined
    name needs."""
    for fast in (True, False):
        book = SummaryBook(tmp_path / f"b{fast}.xlsx", fast=fast)
        ws = book.table(NAMES, [[("满意度\n\n指标", "满意度\n\n指标", "第一行\n第二行\n第三行"),
                                 ("1.≥12期 \r\n2.1次", "服务对象\n满意度指标", None),
                                 (None, "产出\n指标", None)]])
        book.finish(ws, NAMES)
        book.close()
        sheet = load_workbook(tmp_path / f"b{fast}.xlsx")["名称"]
        assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
            ["满意度指标", "满意度指标", "第一行\n第二行\n第三行"],
            ["1.≥12期 2.1次", "服务对象满意度指标", None],
            [None, "产出指标", None]]
        heights = [sheet.row_dimensions[r].height for r in (2, 3, 4)]
        # 9 usable units: the text's 3 lines; "服务对象满意度指标" 2 lines (3 as typed), "产出指标" 1 (2 as typed)
        assert heights == [42.0, 28.5, None], heights
    assert one_line("\n 开头与结尾\u3000\n") == "开头与结尾" and one_line("a\u2028b") == "a b"


def test_rich_string_lookalike_is_escaped(tmp_path: Path) -> None:
    for fast in (True, False):
        book = SummaryBook(tmp_path / f"r{fast}.xlsx", fast=fast)
        ws = book.table(SPEC, [[("<r><t>x</t></r>", None, None, None, None)]])
        book.finish(ws, SPEC)
        book.close()
        assert load_workbook(tmp_path / f"r{fast}.xlsx")["测试"]["A2"].value == "<r><t>x</t></r>"


def test_discover_lists_every_file_once_in_a_stable_order(tmp_path: Path) -> None:
    for name in ("b/2.xlsx", "b/1.XLSM", "a.xlsx", "~$a.xlsx", "b/c/readme.pdf", "old.xls", ".~perfxl-x.xlsx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found = discover([tmp_path, tmp_path / "a.xlsx"], exclude=[tmp_path / "b" / "2.xlsx"])
    names = [(f.path.relative_to(tmp_path).as_posix(), f.skip is None) for f in found]
    assert names == [  # sorted by path parts; a.xlsx named twice is listed once; the excluded file is not
        (".~perfxl-x.xlsx", False), ("a.xlsx", True), ("b/1.XLSM", True), ("b/c/readme.pdf", False),
        ("old.xls", True), ("~$a.xlsx", False),  # an .xls is read, so that it is reported 无法读取 with what to do
    ]
    assert "锁定" in (found[5].skip or "")
    with pytest.raises(ConsolidateError, match="找不到"):
        discover([tmp_path / "nowhere"])


def test_expected_list_from_text_in_utf8_or_gbk(tmp_path: Path) -> None:
    (tmp_path / "u.txt").write_text("\ufeff区财政局\n\n 区 教育局 \n区财政局\n", encoding="utf-8")
    (tmp_path / "g.txt").write_bytes("区财政局\r\n区教育局\r\n".encode("gbk"))
    assert read_expected(tmp_path / "u.txt") == ["区财政局", "区 教育局"]
    assert read_expected(tmp_path / "g.txt") == ["区财政局", "区教育局"]


def test_expected_list_from_a_workbook_first_column(tmp_path: Path) -> None:
    book = Workbook()
    for row in (["单位名称", "联系人"], ["区财政局", "张三"], [None, "x"], ["区教育局", None]):
        book.active.append(row)
    book.create_sheet("其他")["A1"] = "不读"
    book.save(tmp_path / "名单.xlsx")
    assert read_expected(tmp_path / "名单.xlsx") == ["区财政局", "区教育局"]


@pytest.mark.parametrize("name", ["名单.doc", "missing.txt"])
def test_expected_list_that_cannot_be_used(tmp_path: Path, name: str) -> None:
    if name.endswith(".doc"):
        (tmp_path / name).write_bytes(b"x")
    with pytest.raises(ConsolidateError):
        read_expected(tmp_path / name)


@pytest.mark.office
def test_libreoffice_reads_the_summary_and_recalculates_the_cached_totals(tmp_path: Path) -> None:
    from perfxl.consolidate import consolidate
    from perfxl.examples import hengdong, shifeng
    from perfxl.writer import write_workbook
    from tests.office import recalculated_values

    write_workbook(shifeng(), tmp_path / "in" / "a.xlsx")
    write_workbook(hengdong(), tmp_path / "in" / "b.xlsx")
    out = consolidate([tmp_path / "in"], tmp_path / "汇总.xlsx", workers=1).output
    ws = load_workbook(out, data_only=True)["汇总"]
    cached = [cell.value for cell in ws[4]]
    recalculated = recalculated_values(out, tmp_path)["汇总"]
    assert cached[5] == 51.8 and cached[11] == 140
    for col in range(5, 21):
        letter = chr(ord("A") + col)
        assert recalculated.get(f"{letter}4", 0) == pytest.approx(cached[col]), letter
    assert recalculated["B4"] == "合计（2 份）"


def test_a_path_that_cannot_be_broken_at_the_edge_gets_a_line_more() -> None:
    """来源's 说明 quotes file paths; LibreOffice moves such a run to the next line, so the estimate allows for it
    (the last line of the message printed cut off before)."""
    from perfxl.consolidate.xmlrows import estimated_lines

    path = "/tmp/benchcache/perfxl-bench-4-0825072ce666acca-200/returns/000/00098_醴陵市司法局.xlsx"
    message = f"有 2 个错误，见“问题清单”。同一单位另有较旧的报送（{path}，已标为重复），采用本文件。"
    assert estimated_lines(message, 60) == 4  # as LibreOffice printed it in 来源's 说明 (60 wide): 3 by width alone
    assert estimated_lines(message.replace(path, "某文件"), 60) == 2
    assert estimated_lines(path, 200) == 1  # one line is still one line
