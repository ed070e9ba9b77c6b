"""The HTML renderer: A4 print CSS, a summary table by severity and angle, every finding, autoescape."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from perfxl.check.findings import Angle, FileReport, Finding, Report, Severity
from perfxl.report.htmldoc import render_html
from tests.test_report_text import sample_report

WHEN = dt.datetime(2024, 3, 1, 9, 30)


class Cells(HTMLParser):
    """Text of each table row, per table."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def parse(html: str) -> Cells:
    cells = Cells()
    cells.feed(html)
    return cells


def test_summary_table_counts_by_severity_and_angle() -> None:
    summary = parse(render_html(sample_report(), generated=WHEN)).tables[0]
    assert summary[1] == ["错误", "警告", "提示", "完整性", "相关性", "适当性", "可行性"]
    assert summary[2] == ["1", "石峰区.xlsx", "部门整体及专项资金绩效目标表（附表1–3）", "有错误", "2", "1", "1", "2", "0", "1", "1"]
    assert summary[3][:4] == ["2", "坏.xlsx", "", "无法读取"]
    assert summary[4][3] == "通过"
    assert summary[5] == ["合计", "2", "1", "1", "2", "0", "1", "1"]


def test_findings_grouped_by_file_and_sheet() -> None:
    html = render_html(sample_report(), generated=WHEN)
    tables = parse(html).tables[1:]
    assert [len(t) - 1 for t in tables] == [1, 2, 1]  # 附表1, 附表3-1, （整个文件）
    assert tables[1][1] == ["E51", "C101", "错误", "可行性", "附表3-1!E51：乘积不对。", "请改正。"]
    assert "附表3-1（2 项）" in html and "（整个文件）（1 项）" in html
    assert "无法读取：坏.xlsx 已损坏，无法解压。" in html
    assert "生成时间：2024-03-01 09:30" in html


def test_print_css() -> None:
    html = render_html(Report(), generated=WHEN)
    assert "@page { size: A4;" in html
    assert '"宋体"' in html and '"仿宋"' in html


def test_user_text_is_escaped() -> None:
    evil = '<script>alert("x")</script>'
    report = Report([FileReport(f"{evil}.xlsx", "project", findings=[
        Finding("M001", Severity.ERROR, Angle.COMPLETENESS, "项目申报表", "B4", f"项目申报表!B4：金额不是数字：“{evil}”。", evil)
    ])])
    html = render_html(report, generated=WHEN)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
