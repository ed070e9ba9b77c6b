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
    pages = [page for page in pdf_text(pdf).split("\f") if page.strip()]
    drawn = [page for page in pdf_text(pdf, raw=True).split("\f") if page.strip()]  # wrapped titles whole
    assert len(drawn) == len(pages)
    titles = {spec.name: spec.titles for spec in (*ALL_SHEETS, PRINT_VIEW)}
    titles[CHART_SHEET] = ("各单位预算金额（万元）", "资金总额")  # the chart's title and legend
    printed: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        heading = page.strip().splitlines()[0].split()[0]
        assert heading in titles, f"page {number} starts with {heading!r}, not a sheet name"
        printed[heading] = printed.get(heading, 0) + 1
        squashed = "".join(page.split())
        missing = [t for t in titles[heading] if t not in "".join(drawn[number - 1].split())]
        assert missing == [], f"page {number} ({heading}) lacks the column titles {missing}"  # repeated, and fits
        assert f"第{number}页，共{len(pages)}页" in squashed  # LibreOffice numbers the whole print; Excel each sheet
    assert set(printed) == set(titles)  # every sheet prints, 未报送单位 included
    assert "###" not in "".join(pages)  # no column too narrow for its values (来源's 修改时间 was, at width 18)
    assert printed["汇总"] == 1 and printed["指标明细"] >= 2  # the long sheets go on over pages, narrow as A4 is
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
