"""What lands on paper, printed by LibreOffice (issue 13): A4 pages in the sheet's orientation, the page footer
complete on every page, one page per form sheet for the templates and the 石峰 return, the marked copy's forms still
one page each, a printable summary at ≥ 9 pt and its chart on a page of its own."""

from __future__ import annotations

import re
import statistics
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from perfxl.cli import main
from perfxl.consolidate.columns import PRINT_VIEW
from tests.helpers import example_file
from tests.office import pdf_of, pdf_text

pytestmark = pytest.mark.office

A4 = {(595, 842), (842, 595)}
TEMPLATES = Path(__file__).resolve().parent.parent / "workbook_templates"


def _pages(pdf: Path) -> list[str]:
    return [page for page in pdf_text(pdf).split("\f") if page.strip()]


def _assert_printed_well(pdf: Path, pages_expected: int | None = None) -> list[str]:
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(pdf).pages]
    assert set(sizes) <= A4, sizes
    pages = _pages(pdf)
    for number, page in enumerate(pages, start=1):
        squashed = "".join(page.split())
        assert f"第{number}页，共{len(pages)}页" in squashed, (pdf.name, number, page[-200:])
    if pages_expected is not None:
        assert len(pages) == pages_expected, pdf.name
    return pages


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.xlsx")))
def test_templates_print_one_page_per_sheet_with_the_footer(name: str, tmp_path: Path) -> None:
    sheets = 3 if name.startswith("部门") else 1
    _assert_printed_well(pdf_of(TEMPLATES / name, tmp_path), sheets)


def test_filled_return_and_its_marked_copy(tmp_path: Path) -> None:
    shifeng = example_file("shifeng", tmp_path)
    pages = _assert_printed_well(pdf_of(shifeng, tmp_path / "filled"), 4)  # 附表1, 附表2, 附表3-1, 附表3-2
    assert "2023年部门整体支出绩效目标表" in "".join(pages[0].split())
    marked = tmp_path / "marked.xlsx"
    assert main(["check", str(shifeng), "--mark", str(marked)]) in (0, 1)
    marked_pages = _assert_printed_well(pdf_of(marked, tmp_path / "marked"))
    forms = [p for p in marked_pages if not p.strip().startswith("校验结果")]
    assert len(forms) == 4  # the marks add no page to the forms; 校验结果 prints after them
    assert len(marked_pages) > 4


def _word_heights(pdf: Path, page: int) -> list[float]:
    """Heights (pt) of the words pdftotext finds on ``page``: a 10 pt line of Chinese is ≈ 10–13 pt tall."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [float(y2) - float(y1) for y1, y2 in re.findall(r'yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', html)]


def test_printable_summary_is_at_least_9_pt_and_the_chart_prints(tmp_path: Path) -> None:
    summary = tmp_path / "汇总.xlsx"
    inputs = [example_file("shifeng", tmp_path), example_file("hengdong", tmp_path)]
    assert main(["consolidate", *map(str, inputs), "-o", str(summary), "--no-cache"]) in (0, 1)
    pdf = pdf_of(summary, tmp_path / "pdf")
    pages = _assert_printed_well(pdf)
    view = next(n for n, p in enumerate(pages, start=1) if p.strip().startswith(PRINT_VIEW.name))
    heights = _word_heights(pdf, view)
    assert len(heights) > 20
    assert statistics.median(heights) >= 9, heights  # the full 汇总 table, 25 columns on a page, printed ≈ 4 pt
    assert any("各单位预算金额（万元）" in "".join(p.split()) for p in pages)  # the chart is on a printed page


def _carlito() -> None:
    fonts = subprocess.run(["fc-list", "Carlito", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), "Calibri's metrics are missing: apt-get install fonts-crosextra-carlito (scripts/test.sh does)"


@pytest.mark.parametrize(("count", "pages"), [(40, 1), (54, 2)])
def test_no_nearly_empty_last_page(count: int, pages: int, tmp_path: Path) -> None:
    """A 项目申报表 whose rows overflow by a few prints on one page; one that overflows by half keeps two full pages."""
    from perfxl.examples.hengdong import hengdong
    from perfxl.writer import write_workbook

    _carlito()
    model = hengdong()
    path = write_workbook(model.model_copy(update={"indicators": (model.indicators * 2)[:count]}), tmp_path / "衡东.xlsx")
    printed = _assert_printed_well(pdf_of(path, tmp_path), pages)
    if pages > 1:
        assert printed[-1].count("标准") >= 10, printed[-1]  # the last page carries real rows, not a remnant
