"""The summary workbook through LibreOffice: it prints on A4 landscape, every page with its sheet's name, the
whole header row and a page number, and the 合计 formulas recalculate to the totals perfxl computed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from perfxl.consolidate import consolidate
from perfxl.consolidate.columns import ALL_SHEETS, CHART_SHEET, PRINT_VIEW, SUMMARY
from tests.office import pdf_of, pdf_text, recalculated_values
from tests.test_consolidate import make_batch

pytestmark = pytest.mark.office

A4_LANDSCAPE = (842, 595)  # points


@pytest.fixture(scope="module")
def summary_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("office-batch")
    make_batch(root / "收件箱")
    out = root / "汇总.xlsx"
    consolidate([root / "收件箱"], out, expected=["某某区财政局", "未报送的局"], workers=1)
    return out


def test_every_page_is_a4_landscape_with_its_sheet_name_header_row_and_page_number(
    summary_file: Path, tmp_path: Path
) -> None:
    pdf = pdf_of(summary_file, tmp_path)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(pdf).pages}
    assert sizes == {A4_LANDSCAPE}
    everything = pdf_text(pdf).split("\f")[:-1]  # the text ends with a form feed
    total = len(everything)
    # LibreOffice 7.4 sometimes emits a page with nothing on it, not even the header and footer, after a sheet
    # that repeats its title row and has a print area (here, for some widths of 指标明细's columns; without the
    # title row or the print area it goes); it is counted in the page numbers. Such a page is allowed, once.
    blank = [number for number, page in enumerate(everything, start=1) if not page.strip()]
    assert len(blank) <= 1, blank
    pages = {number: page for number, page in enumerate(everything, start=1) if page.strip()}
    drawn = pdf_text(pdf, raw=True).split("\f")  # wrapped titles whole
    # the printed columns' titles (the screen-only ones after them are left off paper)
    titles = {spec.name: spec.titles[spec.print_span[0]:spec.print_span[1] + 1] for spec in (*ALL_SHEETS, PRINT_VIEW)}
    titles[CHART_SHEET] = ("各单位预算金额（万元）", "资金总额")  # the chart's title and legend
    printed: dict[str, int] = {}
    across = "".join(drawn[number - 1] for number, page in pages.items() if page.split()[0] == SUMMARY.name)
    for number, page in pages.items():
        heading = page.strip().splitlines()[0].split()[0]
        assert heading in titles, f"page {number} starts with {heading!r}, not a sheet name"
        printed[heading] = printed.get(heading, 0) + 1
        squashed = "".join(page.split())
        # 汇总 prints on two pages side by side: each has 序号 and 单位, the two together every printed title
        expected = titles[heading][:SUMMARY.title_cols] if heading == SUMMARY.name else titles[heading]
        missing = [t for t in expected if t not in "".join(drawn[number - 1].split())]
        assert missing == [], f"page {number} ({heading}) lacks the column titles {missing}"  # repeated, and fits
        assert f"第{number}页，共{total}页" in squashed  # LibreOffice numbers the whole print; Excel each sheet
    assert [t for t in titles[SUMMARY.name] if t not in "".join(across.split())] == []
    assert set(printed) == set(titles)  # every sheet prints, 未报送单位 included
    assert "###" not in "".join(pages.values())  # no column too narrow for its values (来源's 修改时间 was, at width 18)
    assert printed["汇总"] == 2 and printed["指标明细"] >= 2  # the long sheets go on over pages, narrow as A4 is
    assert printed[PRINT_VIEW.name] == 1 and printed[CHART_SHEET] == 1  # the printable view, and the chart prints


def test_the_total_row_recalculates_to_the_totals_perfxl_wrote(summary_file: Path, tmp_path: Path) -> None:
    recalculated = recalculated_values(summary_file, tmp_path)["汇总"]
    written = load_workbook(summary_file, data_only=True)["汇总"]
    total_row = written.max_row
    assert str(written.cell(total_row, SUMMARY.index("单位") + 1).value).startswith("合计")
    compared = 0
    for col, title in enumerate(SUMMARY.titles, start=1):
        cached = written.cell(total_row, col).value
        if title == "单位" or cached is None:
            continue
        ref = written.cell(total_row, col).coordinate
        assert recalculated[ref] == pytest.approx(cached), title
        compared += 1
    assert compared >= 5  # 资金总额 and its splits, 专项数, 指标数, 错误…


def test_data_sheets_print_at_9_pt_or_more(summary_file: Path, tmp_path: Path) -> None:
    """Fitted to one A4 landscape page wide, 专项资金 printed its 16 columns at ≈ 4.3 pt, 来源 at 5.1, 指标明细 and
    问题清单 at ≈ 6, 汇总 at ≈ 4. 汇总 now prints on two pages side by side; each data sheet prints only the columns a reader of the paper needs (the link, the cell
    address and the filtering columns stay on screen), narrow enough for ≥ 9 pt. Measured as LibreOffice draws it:
    the median height of the words on each page (a 10 pt line measures 12.7 pt, as 汇总（打印） shows)."""
    pdf = pdf_of(summary_file, tmp_path)
    boxes = _tool_words(pdf)
    sizes: dict[str, list[float]] = {}
    for words in boxes:
        if words:
            heights = sorted(height for _, height in words)
            sizes.setdefault(words[0][0], []).append(heights[len(heights) // 2] / 1.27)
    assert min(sizes[PRINT_VIEW.name]) == pytest.approx(10, abs=0.3)  # the scale above holds
    small = {name: round(min(found), 1) for name, found in sizes.items() if name != CHART_SHEET and min(found) < 8.9}
    assert small == {}
    assert {spec.name for spec in ALL_SHEETS} <= set(sizes)


def _tool_words(pdf: Path) -> list[list[tuple[str, float]]]:
    """Per page: (word, height in pt) of every word, from ``pdftotext -bbox``."""
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    word = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')
    return [[(text, float(y2) - float(y1)) for y1, y2, text in word.findall(page)] for page in out.split("<page ")[1:]]
