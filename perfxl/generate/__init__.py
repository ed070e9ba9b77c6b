"""Generate indicator rows (绩效指标) for one 附表3 or 项目申报表 sheet from the indicator library and the sheet's
own figures: amount → 成本指标, 测算/目标 counts → 数量指标, period → 时效指标, settings → 满意度指标.

``generate_indicators(book_or_path, sheet, ...)`` works on an openpyxl workbook (the CLI and tests);
``plan_indicators(grid, sheet, ...)`` only decides, for an adapter that writes into a live book itself;
``generate_file(path, output, ...)`` is what ``perfxl generate`` runs (the input file is never modified).
How entries are chosen is documented in :mod:`perfxl.generate.select`.
"""

from __future__ import annotations

from perfxl.generate.core import ROLES, generate_file, generate_indicators, plan_indicators
from perfxl.generate.facts import UNIT_VARIABLES
from perfxl.generate.model import GeneratedRow, GenerationError, GenerationResult
from perfxl.generate.select import SATISFACTION_FLOOR, satisfaction_target

__all__ = [
    "ROLES",
    "SATISFACTION_FLOOR",
    "UNIT_VARIABLES",
    "GeneratedRow",
    "GenerationError",
    "GenerationResult",
    "generate_file",
    "generate_indicators",
    "plan_indicators",
    "satisfaction_target",
]
