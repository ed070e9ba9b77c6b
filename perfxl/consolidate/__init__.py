"""汇总: consolidate many returns into one summary workbook (``perfxl consolidate``, the Excel 汇总 button).

    from perfxl.consolidate import consolidate
    summary = consolidate(["收件箱/2024"], "汇总.xlsx", expected="应报送单位.txt",
                          progress=lambda done, total, path: print(done, total, path))

Inputs are files and folders (searched recursively); department workbooks and 项目申报表 may be mixed, .xlsx
and .xlsm alike, each recognised by its form marker. Office lock files (``~$…``) and other file types are
listed as skipped. A unit that sent the same form twice (same unit name and form, and for a 项目申报表 the same
project name, compared without spaces) is counted once: the file modified last wins (a tie goes to the later
path) and the other is listed as 重复. Inputs are opened for reading only and never executed.

The summary (sheets in :mod:`perfxl.consolidate.columns`): 汇总 (one row per return, a 合计 row of SUM
formulas and a bar chart), 专项资金, 指标明细, 问题清单 (the same findings ``perfxl check`` gives each file),
来源 (every input: size, SHA-256, time, status, reason) and, with ``expected``, 未报送单位.

How it stays fast with thousands of files: workers read and check the files and render their long-table rows
as worksheet XML (:mod:`perfxl.consolidate.xmlrows`), park them in temporary files of their own
(:mod:`perfxl.consolidate.spill`) and send back small records; the parent streams the rows into XlsxWriter's
constant_memory worksheets once the duplicates are known, so memory does not grow with the number of files. With
``cache=`` a file unchanged since an earlier run is not read again (:mod:`perfxl.consolidate.cache`).
"""

from perfxl.consolidate.inputs import ConsolidateError
from perfxl.consolidate.records import Source, Status
from perfxl.consolidate.run import Progress, consolidate
from perfxl.consolidate.summary import Summary

__all__ = ["ConsolidateError", "Progress", "Source", "Status", "Summary", "consolidate"]
