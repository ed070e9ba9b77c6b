"""Through LibreOffice: templates print with their title and headers; recalculated totals equal Python's."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.frameworks import FrameworkId
from perfxl.layout.forms import FUND_SUMMARY, SPENDING_DIRECTION, WORKBOOK_LAYOUTS
from perfxl.models import DepartmentReturn
from perfxl.reader import read_form
from perfxl.writer import build_template, template_file_name
from tests.helpers import example_file
from tests.office import pdf_first_page_png, pdf_of, pdf_page_count, pdf_text, recalculated_values

pytestmark = pytest.mark.office

HEADINGS = {
    "perfxl.department": ["附表1", "部门整体支出绩效目标表", "部门名称", "年度预算申请", "一级指标", "指标值及单位"],
    "perfxl.project": ["项目支出预算绩效目标申报表", "项目支出名称", "预算部门", "一级指标", "绩效标准", "填表人"],
}


@pytest.mark.parametrize("form_id", sorted(WORKBOOK_LAYOUTS))
def test_template_prints_title_and_header(form_id: str, tmp_path: Path) -> None:
    layout = WORKBOOK_LAYOUTS[form_id]
    xlsx = tmp_path / template_file_name(layout, FrameworkId.CLASSIC)
    build_template(layout).save(xlsx)
    pdf = pdf_of(xlsx, tmp_path)
    first_page = pdf_text(pdf).split("\f")[0]
    squashed = "".join(first_page.split())
    assert [h for h in HEADINGS[form_id] if h not in squashed] == []
    png = pdf_first_page_png(pdf, tmp_path)
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5_000
    # one page per sheet: unused rows do not spill onto extra pages
    assert pdf_page_count(pdf) == len(layout.sheets)


def test_shifeng_totals_recalculated_by_libreoffice_equal_python(tmp_path: Path) -> None:
    path = example_file("shifeng", tmp_path)
    model = read_form(path).model
    assert isinstance(model, DepartmentReturn)
    values = recalculated_values(path, tmp_path)
    assert Decimal(str(values["附表2"][FUND_SUMMARY.formula("total").cell])) == model.summary.total == Decimal(18)
    for direction in model.directions:
        cell = SPENDING_DIRECTION.formula("details_total").cell
        assert Decimal(str(values[direction.sheet_name][cell])) == direction.details_total
    assert values["附表3-2"]["A2"] == "2023年区级专项资金支出方向绩效目标表"
    # 填报单位 is left blank on the seed (to be stamped); 附表2/3 repeat 附表1's by formula
    assert values["附表2"][FUND_SUMMARY.formula("unit_name").cell] == "填报单位（盖章）："


def test_filled_example_prints_one_page_per_sheet(tmp_path: Path) -> None:
    pdf = pdf_of(example_file("hengdong", tmp_path), tmp_path)
    text = "".join(pdf_text(pdf).split())
    assert "2023年度项目支出预算绩效目标申报表" in text and "13975429050" in text
    assert pdf_page_count(pdf) <= 2
