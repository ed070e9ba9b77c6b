"""Rules: the form's structure (结构). Rows inserted into or deleted from a sheet (T106).

The reader places every sheet by its labels (:mod:`perfxl.placement`), so values below an inserted row are read
where they moved to and every other rule checks them there; this rule reports the change itself, once per span
of rows that grew or shrank, at the first row of that span.
"""

from __future__ import annotations

from collections.abc import Iterator

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.placement import Placement, RowChange


@rule("T106", Severity.ERROR, Angle.COMPLETENESS)
def rows_inserted_or_deleted(ctx: CheckContext) -> Iterator[Hit]:
    """表格结构被改动（插入或删除了行）

    检查内容：表单工作表的行与模板一致：没有在指标区、支出明细区或其他位置插入或删除行。perfxl 按各标签（如“支出明细及
    测算说明”“合  计”）现在所在的行找到移动后的内容，照常检查其余各项；这里报告被插入或删除的行，每处一条。
    为什么：报送的表须与下发的模板结构一致，汇总和审核按模板的位置取数；插入或删除行后，下方内容整体移位，别人按模板位置
    读取时会错位，合计公式的范围也可能因此不含某些行（见 M112）。指标区、明细区的行数已够常用，不必增加。
    示例：附表3-1 在第 12 行处插入一行补一个数量指标 → 报错（指出年度绩效指标区多了 1 行），其余内容仍照常检查；
    删除支出明细区的一个空行 → 报错（少了 1 行）。
    修改方法：插入的行：把其中的内容移到本区域的空行中，再删除插入的行（右键行号→删除）。删除的行：在原位置插入同样多的
    空行（右键行号→插入）。也可以把内容复制到新模板中。行数确实不够时请联系管理员。
    """
    for sheet, source in ctx.result.sheets.items():
        placement = source.placement
        if placement is None:
            continue
        for change in placement.changes:
            cell, message = _describe(placement, change)
            yield Hit(sheet, cell, f"{sheet}!{cell}：结构被改动，{message}", _hint(change))


def _describe(placement: Placement, change: RowChange) -> tuple[str, str]:
    """(where to point, what happened) for one span that grew or shrank."""
    count = abs(change.count)
    verb = "插入" if change.count > 0 else "删除"
    below = change.labels_below[0]
    above = f"“{change.labels_above[0].text}”" if change.labels_above else "表的开头"
    moved = (f"其下内容随之{'下' if change.count > 0 else '上'}移（“{below.text}”由模板的第 {change.below} 行移到"
             f"第 {change.last + 1} 行），perfxl 已按移动后的位置读取并检查本表。")
    start = f"A{max(change.first, 1)}"
    if change.exact:
        rows = f"第 {change.first} 行" if count == 1 else f"第 {change.first}–{change.last} 行"
        return start, f"{rows}是插入的行（模板中{above}之后紧接着“{below.text}”）。{moved}"
    if change.deleted:
        gone = sorted({label.position[0] for label in change.deleted})
        more = "等" if len(change.deleted) > 1 else ""
        return f"A{placement.row(gone[0] + 1)}", (f"模板第 {'、'.join(map(str, gone))} 行（“{change.deleted[0].text}”{more}所在行）被删除了，"
                       f"这一带共少了 {count} 行。{moved}")
    if change.block is not None:
        block = change.block
        rows_now = placement.block_rows(block)
        cell = f"{block.columns[0].first_col}{rows_now.start}"
        return cell, (f"{block.label}区现在是第 {rows_now.start}–{rows_now.stop - 1} 行，共 {len(rows_now)} 行，"
                      f"模板为 {block.capacity} 行（第 {block.first_row}–{block.last_row} 行）：这一区中{verb}了 {count} 行。"
                      f"{moved}")
    template = change.below - change.above - 1
    rows = f"第 {change.above + 1} 行" if template == 1 else f"第 {change.above + 1}–{change.below - 1} 行"
    if change.count > 0:
        return start, (f"第 {change.first}–{change.last} 行中有 {count} 行是插入的：模板在{above}与“{below.text}”之间"
                       f"只有 {template} 行（{rows}）。{moved}")
    return start, f"{above}与“{below.text}”之间少了 {count} 行：模板有 {template} 行（{rows}）。{moved}"


def _hint(change: RowChange) -> str:
    common = "报送的表须与模板结构一致；也可以把内容复制到新模板中。行数确实不够时请联系管理员。"
    if change.count > 0 and change.exact:
        return f"请删除插入的行（右键行号→删除；其中有内容的先移到应填的位置）。{common}"
    if change.count > 0:
        return f"请把插入的行中的内容移到本区域的空行中，再删除插入的行（右键行号→删除）。{common}"
    return f"请在原位置插入 {abs(change.count)} 行空行，恢复模板的行数（右键行号→插入）。{common}"
