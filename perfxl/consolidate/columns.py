"""The summary workbook's sheets and columns, declared once: titles, widths and how each column is formatted.

The workers build rows in this column order, the writer takes headers, widths and formats from here, and the
tests read the summary back by these titles. ``kind`` picks the cell format: ``text``, ``money`` (万元, 0.00),
``int``, ``number`` (General), ``date``, ``link`` (a HYPERLINK formula whose cached result is the path, so a reader that does not
recalculate still shows it), ``wrap`` (long text wrapped inside its column, so it does not run past the table on
paper, its typed line breaks kept: a target's numbered items) and ``name`` (a name wrapped the same way, its typed
line breaks joined: "满意度\n指标" is one filter group with "满意度指标").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

#: the column widths (in XlsxWriter's units) that print at ≥ 9 pt when fitted to the width of A4 landscape with perfxl's
#: margins: measured in LibreOffice's PDF, the 10 pt text of a sheet w units wide prints at ≈ 1370 / w pt
PRINT_WIDTH = 148

#: the summary workbook's document comment: how an earlier run's summary left in an inbox is recognised
SUMMARY_COMMENT = "perfxl consolidate"

Kind = Literal["text", "money", "int", "number", "date", "link", "wrap", "name"]


@dataclass(frozen=True)
class Col:
    title: str
    width: float
    kind: Kind = "text"


@dataclass(frozen=True)
class SheetSpec:
    """A summary sheet. ``printed`` names the first and last column of what goes on paper (default: all): the
    columns that only serve the screen (a link to the file, the cell address, analysis columns for filtering)
    come after it, so that what is printed fits A4 landscape at ≥ 9 pt (:data:`PRINT_WIDTH`)."""

    name: str
    columns: tuple[Col, ...]
    printed: tuple[str, str] | None = None
    #: pages side by side a printed row takes (a wide table): its first ``title_cols`` columns print on each
    title_cols: int = 0
    pages_wide: int = 1

    @cached_property
    def titles(self) -> tuple[str, ...]:
        return tuple(col.title for col in self.columns)

    @cached_property
    def print_span(self) -> tuple[int, int]:
        """(first, last) index of the printed columns."""
        if self.printed is None:
            return 0, len(self.columns) - 1
        return self.index(self.printed[0]), self.index(self.printed[1])

    @property
    def print_width(self) -> float:
        first, last = self.print_span
        return sum(col.width for col in self.columns[first:last + 1])

    @property
    def page_width(self) -> float:
        """The width a printed page holds: the printed columns shared by the pages side by side, each page with
        the title columns again."""
        repeated = sum(col.width for col in self.columns[:self.title_cols]) * (self.pages_wide - 1)
        return (self.print_width + repeated) / self.pages_wide

    def index(self, title: str) -> int:
        return self.titles.index(title)

    @cached_property
    def wrapped(self) -> tuple[tuple[int, float, bool], ...]:
        """(column, width, keeps line breaks) of the columns whose text wraps: their rows are made tall enough to
        show it."""
        return tuple((i, col.width, col.kind == "wrap") for i, col in enumerate(self.columns)
                     if col.kind in ("wrap", "name"))


SUMMARY = SheetSpec("汇总", (
    Col("序号", 6, "int"),
    Col("单位", 30, "name"),
    Col("表单", 10),
    Col("项目名称", 20, "name"),
    Col("年度", 7, "int"),
    Col("资金总额", 11, "money"),
    Col("一般公共预算拨款", 11, "money"),
    Col("政府性基金拨款", 11, "money"),
    Col("其他资金", 11, "money"),
    Col("基本支出", 11, "money"),
    Col("项目支出", 11, "money"),
    Col("年度本级预算金额", 11, "money"),
    Col("上级资金（中央）", 11, "money"),
    Col("上级资金（省级）", 11, "money"),
    Col("上级资金（市级）", 11, "money"),
    Col("专项数", 7, "int"),
    Col("支出方向数", 7, "int"),
    Col("指标数", 7, "int"),
    Col("错误", 6, "int"),
    Col("警告", 6, "int"),
    Col("提示", 6, "int"),
    Col("状态", 8),
    Col("填表人", 10),
    Col("联系电话", 14),
    Col("文件", 48, "link"),  # on screen only
), printed=("序号", "联系电话"), title_cols=2, pages_wide=2)  # on paper two pages side by side, 序号 and 单位 on both
#: 汇总 columns that get a SUM in the 合计 row: the amounts and the counts.
SUMMED = tuple(range(SUMMARY.index("资金总额"), SUMMARY.index("提示") + 1))

FUNDS = SheetSpec("专项资金", (
    Col("单位", 18, "name"),
    Col("表单", 9),
    Col("工作表", 9),
    Col("类别", 9),
    Col("序号", 5),
    Col("专项名称", 16, "name"),
    Col("支出方向", 16, "name"),
    Col("项目金额", 9, "money"),
    Col("金额", 9, "money"),
    Col("上级资金", 9, "money"),
    Col("实施期", 10, "name"),
    Col("年度绩效目标", 28, "wrap"),
    Col("实施期绩效目标", 40, "wrap"),  # after the printed columns: the budget year's target is what goes on paper
    Col("指标数", 7, "int"),
    Col("单元格", 14),
    Col("文件", 48, "link"),
), printed=("单位", "年度绩效目标"))

INDICATORS = SheetSpec("指标明细", (
    Col("单位", 22, "name"),
    Col("表单", 9),
    Col("工作表", 9),
    Col("所属支出方向/项目", 20, "name"),
    Col("一级指标", 11),
    Col("二级指标", 15, "name"),
    Col("三级指标", 33, "name"),
    Col("指标值", 18, "wrap"),
    Col("绩效标准", 10, "name"),
    # for filtering and sorting on screen, not printed: the 指标值 taken apart, and where it is
    Col("符号", 6),
    Col("数值", 10, "number"),
    Col("计量单位", 9),
    Col("值类型", 9),
    Col("单元格", 14),  # no 文件 link: it would double the biggest sheet (汇总 links each return)
), printed=("单位", "绩效标准"))

FINDINGS = SheetSpec("问题清单", (
    Col("文件", 48, "link"),  # first on screen, not on paper
    Col("单位", 22, "name"),
    Col("项目名称", 16, "name"),  # a unit's several 项目申报表 told apart on paper
    Col("代码", 7),
    Col("级别", 6),
    Col("审核角度", 8),
    Col("问题", 52, "wrap"),  # begins with where: "附表3-1!E12：…" (an unreadable file: its name)
    Col("修改建议", 37, "wrap"),
    Col("工作表", 10),  # for filtering and sorting on screen; the 问题 says it on paper
    Col("单元格", 8),
), printed=("单位", "修改建议"))

SOURCES = SheetSpec("来源", (
    Col("序号", 6, "int"),
    Col("文件", 36, "name"),  # the path inside the inbox; the whole path, a link, is 路径
    Col("单位", 22, "name"),
    Col("状态", 8),
    Col("说明", 56, "wrap"),
    Col("修改时间", 20, "date"),  # "2026-12-02 11:27:05" whole: at 18 LibreOffice printed ###
    # the file's identity, for an audit on screen: not printed
    Col("表单", 10),
    Col("模板版本", 8),
    Col("指标体系", 16),
    Col("大小（字节）", 11, "int"),
    Col("SHA-256", 20),
    Col("路径", 48, "link"),
), printed=("序号", "修改时间"))

MISSING = SheetSpec("未报送单位", (
    Col("序号", 6, "int"),
    Col("单位", 40),
    Col("状态", 10),
    Col("说明", 60, "wrap"),
))

#: 汇总 as it is printed (A4 landscape at 10 pt): the columns a reader of the paper needs, taken from 汇总's rows
PRINT_VIEW = SheetSpec("汇总（打印）", (
    Col("序号", 5, "int"),
    Col("单位", 30, "name"),
    Col("表单", 9),
    Col("项目名称", 20, "name"),
    Col("资金总额", 11, "money"),
    Col("项目支出", 11, "money"),
    Col("年度本级预算金额", 17, "money"),  # its title on one line
    Col("指标数", 7, "int"),
    Col("错误", 5, "int"),
    Col("警告", 5, "int"),
    Col("提示", 5, "int"),
    Col("状态", 8),
))
#: the 汇总 column each print-view column shows
PRINT_FROM = tuple(SUMMARY.index(col.title) for col in PRINT_VIEW.columns)
CHART_SHEET = "预算图"

#: Long tables the workers fill (spilled to disk as they arrive, written after the duplicates are known).
STREAMED = (FUNDS, INDICATORS, FINDINGS)
ALL_SHEETS = (SUMMARY, FUNDS, INDICATORS, FINDINGS, SOURCES, MISSING)
#: Every sheet whose rows a worker makes and parks: the streamed tables, and each return's 汇总 row in both views
#: (the parent numbers them once the duplicates are known, and keeps none of them in memory meanwhile).
PARKED = (SUMMARY, PRINT_VIEW, *STREAMED)
