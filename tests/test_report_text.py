"""The text renderer on a report made by hand: exact lines, grouping, padding for CJK, the closing count."""

from __future__ import annotations

from perfxl.check.findings import Angle, FileReport, Finding, Report, Severity
from perfxl.report.summary import report_counts, status, summary_line
from perfxl.report.text import display_width, pad, render_text


def sample_report() -> Report:
    return Report(
        [
            FileReport(
                "a/石峰区.xlsx",
                "department",
                findings=[
                    Finding("M101", Severity.ERROR, Angle.APPROPRIATENESS, "附表1", "C5", "附表1!C5：总额不一致。", "请核对。"),
                    Finding("C101", Severity.ERROR, Angle.FEASIBILITY, "附表3-1", "E51", "附表3-1!E51：乘积不对。", "请改正。"),
                    Finding("I106", Severity.WARNING, Angle.COMPLETENESS, "附表3-1", "F10", "附表3-1!F10：未填绩效标准。"),
                    Finding("T999", Severity.ADVICE, Angle.COMPLETENESS, "", "", "规则运行出错，已跳过。", "请反馈。"),
                ],
            ),
            FileReport("b/坏.xlsx", error="坏.xlsx 已损坏，无法解压。"),
            FileReport("c/衡东县.xlsx", "project"),
        ]
    )


def test_text_layout() -> None:
    assert render_text(sample_report()).splitlines() == [
        "a/石峰区.xlsx  部门整体及专项资金绩效目标表（附表1–3）",
        "  附表1",
        "    附表1!C5     M101 错误 [适当性] 附表1!C5：总额不一致。",
        "                 → 请核对。",
        "  附表3-1",
        "    附表3-1!E51  C101 错误 [可行性] 附表3-1!E51：乘积不对。",
        "                 → 请改正。",
        "    附表3-1!F10  I106 警告 [完整性] 附表3-1!F10：未填绩效标准。",
        "  （整个文件）",
        "                 T999 提示 [完整性] 规则运行出错，已跳过。",
        "                 → 请反馈。",
        "  错误 2，警告 1，提示 1",
        "",
        "b/坏.xlsx",
        "  无法读取：坏.xlsx 已损坏，无法解压。",
        "",
        "c/衡东县.xlsx  项目支出预算绩效目标申报表",
        "  未发现问题。",
        "",
        "共 3 个文件：错误 2，警告 1，提示 1；1 个文件无法读取",
    ]


def test_summary_line_without_unreadable_files() -> None:
    report = sample_report()
    del report.files[1]
    assert summary_line(report) == "共 2 个文件：错误 2，警告 1，提示 1"
    assert render_text(Report()).strip() == "共 0 个文件：错误 0，警告 0，提示 0"


def test_counts_and_status() -> None:
    report = sample_report()
    counts = report_counts(report)
    assert counts[Severity.ERROR] == 2 and counts[Angle.COMPLETENESS] == 2 and counts.total == 4
    assert [status(f) for f in report.files] == ["有错误", "无法读取", "通过"]
    assert status(FileReport("x", "project", findings=[report.files[0].findings[2]])) == "有警告"


def test_width_counts_cjk_as_two_columns() -> None:
    assert display_width("附表1!C5") == 8
    assert pad("附表1", 7) == "附表1  "
