"""Every entry of the bundled library, rendered and put on a real form, passes the check engine's indicator rules.

One 项目申报表 per framework is written to a file and read back; each project type's entries (with the 通用 ones
where the type lacks them) then go into its indicator block, and the form is checked as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from perfxl.check.engine import check_result
from perfxl.check.findings import Finding, Severity
from perfxl.frameworks import FrameworkId
from perfxl.grid import Grid, SheetGrid, read_grid
from perfxl.layout.forms import PROJECT
from perfxl.layout.spec import split_cell
from perfxl.library import GENERAL, SAMPLE_CONTEXT, LibraryEntry, load_default
from perfxl.models import ProjectDeclaration
from perfxl.reader import read_grid_form
from perfxl.writer import write_workbook

BUDGET = Decimal(50)
CONTEXT = SAMPLE_CONTEXT | {"金额": BUDGET, "单价": Decimal(100), "满意度": 90}
BLOCK = PROJECT.block("indicators")
COLUMNS = ("level1", "level2", "name", "value", "standard")


def _project(framework: FrameworkId) -> ProjectDeclaration:
    return ProjectDeclaration(
        framework=framework, unit_name="某区委网信办", year=2023, project_name="网信工作专项", department="某区委网信办",
        budget=BUDGET, period="2023年1月-2023年12月", period_target="完成年度网信工作任务。",
        annual_target="按计划完成年度网信工作任务。", preparer="张三", phone="0731-22334455",
    )  # fmt: skip


@pytest.fixture(scope="module", params=list(FrameworkId))
def form_grid(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[FrameworkId, Grid]:
    framework = FrameworkId(request.param)
    path = write_workbook(_project(framework), tmp_path_factory.mktemp(framework.value) / "project.xlsx")
    return framework, read_grid(path)


def _with_rows(grid: Grid, entries: Sequence[LibraryEntry], name: str) -> Grid:
    """The grid with the entries' rendered rows in the indicator block and the project named *name*."""
    sheet = grid[PROJECT.default_name]
    rows = [list(row) for row in sheet.rows]
    width = max(len(row) for row in rows)
    rows = [row + [None] * (width - len(row)) for row in rows]

    def put(cell: str, value: str) -> None:
        row, col = split_cell(cell)
        rows[row - 1][col - 1] = value

    put(PROJECT.field("project_name").cell, name)
    for index, entry in enumerate(entries):
        context = CONTEXT | ({"单价单位": entry.unit} if entry.unit.startswith("元/") else {})
        values = (entry.level1, entry.level2, entry.name, entry.render(context), entry.standard)
        for key, value in zip(COLUMNS, values, strict=True):
            put(BLOCK.cell(index, key), value)
    sheets = [SheetGrid(s.name, rows, s.visible) if s.name == sheet.name else s for s in grid.values()]
    return Grid(sheets)


def _blocking(findings: list[Finding]) -> list[str]:
    return [f"{f.code} {f.severity.value} {f.message}" for f in findings
            if f.code.startswith("I") and f.severity != Severity.ADVICE]  # fmt: skip


@pytest.mark.parametrize("project_type", [*load_default().types(), GENERAL])
def test_each_type_rendered_on_a_form_passes_the_indicator_rules(
    form_grid: tuple[FrameworkId, Grid], project_type: str
) -> None:
    framework, grid = form_grid
    library = load_default().for_framework(framework)
    own = library.by_type(project_type)
    have = {(e.level1, e.level2) for e in own}
    general = [e for e in library.by_type(GENERAL) if (e.level1, e.level2) not in have]
    entries = own + (general if project_type != GENERAL else [])
    assert len(entries) <= BLOCK.capacity
    result = read_grid_form(_with_rows(grid, entries, f"{project_type}项目"), f"{project_type}.xlsx")
    assert isinstance(result.model, ProjectDeclaration)
    assert [row.name for row in result.model.indicators] == [e.name for e in entries]
    found = _blocking(check_result(result))
    if project_type == GENERAL:  # 通用 has only the total cost: alone it is the weak cost measure I305 names
        found = [f for f in found if not f.startswith("I305 ")]
    assert found == []


def test_library_is_large_enough() -> None:
    library = load_default()
    assert len(library) >= 150
    assert len(library.types()) >= 12
