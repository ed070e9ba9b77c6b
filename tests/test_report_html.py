"""The HTML renderer: A4 print CSS, a summary table by severity and angle, every finding, autoescape."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from msgspec.structs import replace

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


def _named() -> Report:
    report = sample_report()
    report.files[0] = replace(report.files[0], unit="石峰区网信办", year=2023)
    return report


def test_summary_table_counts_by_severity_and_angle() -> None:
    summary = parse(render_html(_named(), generated=WHEN)).tables[0]
    assert summary[1] == ["错误", "警告", "提示", "完整性", "相关性", "适当性", "可行性"]
    assert summary[2] == ["1", "石峰区网信办", "石峰区.xlsx", "部门整体及专项资金绩效目标表（附表1–3）", "有错误",
                          "2", "1", "1", "2", "0", "1", "1"]
    assert summary[3][:5] == ["2", "", "坏.xlsx", "", "无法读取"]
    assert summary[4][4] == "通过"
    assert summary[5] == ["合计", "2", "1", "1", "2", "0", "1", "1"]


def test_each_file_under_its_unit_year_and_form_errors_first() -> None:
    html = render_html(_named(), generated=WHEN)
    assert "<h2>1. 石峰区网信办 2023年</h2>" in html
    assert "部门整体及专项资金绩效目标表（附表1–3）　结论：有错误" in html
    assert "<h2>2. 坏.xlsx</h2>" in html  # no unit: the file name
    tables = parse(html).tables[1:]
    assert [len(t) - 1 for t in tables] == [2, 1, 1]  # 错误, 警告, 提示
    assert html.index("错误（2 项）") < html.index("警告（1 项）") < html.index("提示（1 项）")
    assert tables[0][1:] == [["附表1!C5", "M101", "适当性", "附表1!C5：总额不一致。", "请核对。"],
                             ["附表3-1!E51", "C101", "可行性", "附表3-1!E51：乘积不对。", "请改正。"]]
    assert tables[2][1][0] == "（整个文件）"
    assert "无法读取：坏.xlsx 已损坏，无法解压。" in html
    assert "生成时间：2024-03-01 09:30" in html


def test_a_remedy_repeated_for_the_same_rule_reads_same_as_above() -> None:
    hint = "请填写填表人、联系电话，便于审核时联系。"
    findings = [Finding("F102", Severity.WARNING, Angle.COMPLETENESS, "附表1", cell, f"附表1!{cell}：未填写。", hint)
                for cell in ("B55", "D55")]
    findings.append(Finding("F103", Severity.WARNING, Angle.COMPLETENESS, "附表1", "D56", "附表1!D56：电话不对。", hint))
    tables = parse(render_html(Report([FileReport("a.xlsx", "department", findings=findings)]), generated=WHEN)).tables
    assert [row[-1] for row in tables[1][1:]] == [hint, "同上", hint]  # another rule: its remedy in full


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
