"""Page margins shared by everything perfxl prints (templates, the 校验结果 sheet, the summary), in inches.

The header and footer sit in the top and bottom margins: a margin of 0.6″ with the footer 0.5″ from the edge left
0.1″ for "第 1 页，共 3 页" and clipped it. The footer is now 0.3″ from the edge with 0.45″ above it for its text.
"""

from __future__ import annotations

import datetime as dt

SIDE = 0.45
TOP = 0.75
BOTTOM = 0.75
HEADER = 0.3
FOOTER = 0.3
PAGE_FOOTER = "第 &P 页，共 &N 页"


def chinese_date(day: dt.date | None = None) -> str:
    """2026年12月1日 (a header's &D prints the date in the printer's locale, 12/01/2026 on many machines)."""
    day = day or dt.date.today()
    return f"{day.year}年{day.month}月{day.day}日"
