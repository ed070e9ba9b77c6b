"""The text report, like a linter's: one line per finding with its position, the hint indented below it,
grouped by file and sheet, and a closing count.

    石峰区.xlsx  部门整体及专项资金绩效目标表（附表1–3）
      附表1
        附表1!C5  M101 错误 [适当性] 附表1!C5：资金总额 50.00 万元与……不一致。
                  → 请核对各项收入来源金额，或修改资金总额。

    共 1 个文件：错误 1，警告 0，提示 0
"""

from __future__ import annotations

import unicodedata

from perfxl.check.findings import FileReport, Finding, Report
from perfxl.report.summary import by_sheet, file_counts, form_title, severity_counts_text, summary_line

INDENT = "  "


def render_text(report: Report) -> str:
    blocks = [_file_block(file) for file in report.files]
    return "\n\n".join([*blocks, summary_line(report)]) + "\n"


def _file_block(file: FileReport) -> str:
    title = f"{file.path}  {form_title(file)}".rstrip()
    if file.error is not None:
        return f"{title}\n{INDENT}无法读取：{file.error}"
    if not file.findings:
        return f"{title}\n{INDENT}未发现问题。"
    width = max(display_width(f.location) for f in file.findings)
    lines = [title]
    for sheet, findings in by_sheet(file):
        lines.append(f"{INDENT}{sheet}")
        lines += [line for finding in findings for line in _finding_lines(finding, width)]
    lines.append(f"{INDENT}{severity_counts_text(file_counts(file))}")
    return "\n".join(lines)


def _finding_lines(finding: Finding, width: int) -> list[str]:
    location = pad(finding.location, width)
    lines = [f"{INDENT * 2}{location}  {finding.code} {finding.severity.value} [{finding.angle.value}] {finding.message}"]
    if finding.hint:
        lines.append(f"{INDENT * 2}{' ' * (width + 2)}→ {finding.hint}")
    return lines


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))
