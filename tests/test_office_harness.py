"""Tests of the LibreOffice test harness itself (tests/office.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import xlsxwriter

from tests import office
from tests.office import (
    cjk_font_names,
    convert,
    pdf_first_page_png,
    pdf_fonts,
    pdf_of,
    pdf_page_count,
    pdf_text,
    recalculated_values,
)

TITLE = "2023年部门整体支出绩效目标表"


@pytest.fixture(scope="module")
def title_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-sheet XlsxWriter workbook with a 宋体 Chinese title, printed to PDF by LibreOffice."""
    d = tmp_path_factory.mktemp("title")
    src = d / "title.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("附表1")
    title_fmt = wb.add_format({"font_name": "宋体", "font_size": 16, "bold": True})
    cell_fmt = wb.add_format({"font_name": "宋体", "font_size": 11, "border": 1})
    ws.set_column("A:B", 16)  # 8.43 Calibri characters (Carlito installed) hold four CJK characters, not six
    ws.merge_range("A1:D1", TITLE, title_fmt)
    ws.write_row("A2", ["项目名称", "金额（万元）", "单价", "合计"], cell_fmt)
    ws.write_row("A3", ["网络安全宣传", 12.5, 2], cell_fmt)
    ws.write_formula("D3", "=B3*C3", cell_fmt, 0)
    wb.close()
    t0 = time.monotonic()
    pdf = pdf_of(src, d / "pdf")
    print(f"xlsx -> pdf: {time.monotonic() - t0:.2f} s")
    return pdf


@pytest.mark.office
def test_recalculates_stale_cached_values(tmp_path: Path) -> None:
    src = tmp_path / "stale.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("附表2")
    ws.write("A1", 2)
    ws.write("A2", 3)
    ws.write_formula("A3", "=A1*A2", None, 99)  # deliberately wrong cached value
    ws.write_formula("A4", "=SUM(A1:A3)")  # XlsxWriter caches 0
    ws.write_formula("A5", '=IF(A3=6,"对","错")', None, "")
    wb.close()

    t0 = time.monotonic()
    values = recalculated_values(src, tmp_path)
    print(f"recalc xlsx -> xlsx: {time.monotonic() - t0:.2f} s")

    sheet = values["附表2"]
    assert sheet["A1"] == 2
    assert sheet["A3"] == 6
    assert sheet["A4"] == 11
    assert sheet["A5"] == "对"


@pytest.mark.office
def test_convert_reports_failure(tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-workbook.xlsx"
    bogus.write_bytes(b"this is not a zip file")
    with pytest.raises(Exception):  # noqa: B017 - any clear error is fine, but it must not pass silently
        convert(bogus, "pdf", tmp_path / "out")


@pytest.mark.office
def test_pdf_has_chinese_title(title_pdf: Path) -> None:
    text = pdf_text(title_pdf)
    assert TITLE in text
    assert "网络安全宣传" in text
    assert "25" in text  # =B3*C3 recalculated in the printout, not the cached 0
    assert pdf_page_count(title_pdf) == 1


@pytest.mark.office
def test_pdf_uses_a_real_cjk_font(title_pdf: Path) -> None:
    # pdftotext finds the characters even when they are drawn as empty boxes, so check that the PDF embeds
    # a font that covers Chinese (scripts/test.sh installs fonts-wqy-microhei).
    cjk = cjk_font_names()
    assert cjk, "no Chinese font installed (fc-list :lang=zh is empty): apt-get install fonts-wqy-microhei"
    fonts = pdf_fonts(title_pdf)
    assert set(fonts) & cjk, f"PDF fonts {fonts} include none of the CJK fonts {sorted(cjk)}"


@pytest.mark.office
def test_first_page_png(title_pdf: Path, tmp_path: Path) -> None:
    png = pdf_first_page_png(title_pdf, tmp_path)
    assert png.suffix == ".png"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 1000


def test_require_office_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "soffice_path", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="LibreOffice 未安装"):
        office.require_office()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="LibreOffice 未安装"):
        office.require_office()
