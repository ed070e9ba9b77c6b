"""Blank templates: committed files equal a fresh build; locked except inputs; dropdowns; A4 printing; marker."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfxl.frameworks import FrameworkId, get_framework
from perfxl.layout.forms import (
    DEPARTMENT_WORKBOOK,
    FUND_SUMMARY,
    PROJECT,
    PROJECT_WORKBOOK,
    SPENDING_DIRECTION,
    WORKBOOK_LAYOUTS,
)
from perfxl.layout.spec import cells_of
from perfxl.writer import build_template, template_file_name

COMMITTED = Path(__file__).parent.parent / "workbook_templates"
TEMPLATES = [(layout, fw) for layout in WORKBOOK_LAYOUTS.values() for fw in FrameworkId]
#: Parts that legitimately differ between two builds (document dates).
VOLATILE_PARTS = {"docProps/core.xml"}


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name not in VOLATILE_PARTS}


@pytest.mark.parametrize(("layout", "framework"), TEMPLATES, ids=lambda x: getattr(x, "form_id", str(x)))
def test_committed_template_equals_fresh_build(layout, framework, tmp_path: Path) -> None:
    committed = COMMITTED / template_file_name(layout, framework)
    fresh = tmp_path / committed.name
    build_template(layout, framework).save(fresh)
    assert committed.exists(), f"run `perfxl templates` to create {committed.name}"
    old, new = _parts(committed), _parts(fresh)
    assert sorted(old) == sorted(new)
    changed = [name for name in new if old[name] != new[name]]
    assert changed == [], "committed template is stale: run `perfxl templates`"


@pytest.mark.parametrize(("layout", "framework"), TEMPLATES, ids=lambda x: getattr(x, "form_id", str(x)))
def test_only_input_cells_are_unlocked(layout, framework, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    build_template(layout, framework).save(path)
    book = load_workbook(path)
    assert book.security is not None and book.security.lockStructure
    for role in layout.sheets:
        ws = book[role.layout.default_name]
        assert ws.protection.sheet
        inputs = set(role.layout.input_cells())
        fixed = {c for label in role.layout.labels for c in cells_of(label.ref)}
        fixed |= {c for formula in role.layout.formulas for c in cells_of(formula.ref)}
        assert not inputs & fixed, "a cell cannot be both input and label/formula"
        assert [c for c in inputs if ws[c].protection.locked] == []
        assert [c for c in fixed if not ws[c].protection.locked] == []
        # Every other cell of the printed page stays locked too.
        page = cells_of(f"A1:{role.layout.last_col}{role.layout.last_row}")
        assert [c for c in page if c not in inputs and not ws[c].protection.locked] == []


def test_capacities_are_enough_for_real_returns() -> None:
    assert PROJECT.block("indicators").capacity >= 60
    assert SPENDING_DIRECTION.block("indicators").capacity >= 40
    assert FUND_SUMMARY.block("rows").capacity >= 30


@pytest.mark.parametrize("framework", list(FrameworkId))
def test_dropdowns_offer_the_framework_levels(framework: FrameworkId, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    build_template(PROJECT_WORKBOOK, framework).save(path)
    ws = load_workbook(path)[PROJECT.default_name]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    block = PROJECT.block("indicators")
    level1 = lists[block.range_of("level1")]
    assert all(name in level1 for name in get_framework(framework).level1_names)
    assert ("成本指标" in level1) == (framework == FrameworkId.GUIDE2021)
    assert "历史标准" in lists[block.range_of("standard")]


@pytest.mark.parametrize(("layout", "framework"), TEMPLATES, ids=lambda x: getattr(x, "form_id", str(x)))
def test_pages_print_on_a4_fit_to_width(layout, framework, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    build_template(layout, framework).save(path)
    book = load_workbook(path)
    for role in layout.sheets:
        ws = book[role.layout.default_name]
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
        assert ws.page_setup.orientation == ("landscape" if role.layout.landscape else "portrait")
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        first, last = role.layout.repeat_rows.split(":")
        assert ws.print_title_rows == f"${first}:${last}"


def test_department_template_has_one_of_each_sheet(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    build_template(DEPARTMENT_WORKBOOK).save(path)
    book = load_workbook(path)
    assert book.sheetnames == ["附表1", "附表2", "附表3-1", "perfxl"]
    assert book["perfxl"].sheet_state == "veryHidden"
    assert book["附表2"]["C5"].value == "=SUM(C6:C35)"


@pytest.mark.parametrize(("layout", "framework"), TEMPLATES, ids=lambda x: getattr(x, "form_id", str(x)))
def test_every_empty_cell_written_is_needed_for_the_look_or_the_lock(layout, framework, tmp_path: Path) -> None:
    """Issue 14, item 1: every cell element costs each reader (python-calamine, the limits pass) a parse, so a
    template writes an empty cell only where the printed form or the protection needs it: an unlocked input cell,
    a cell with a border or fill, or a covered cell of a merge (Excel draws a merge's border from each cell)."""
    path = tmp_path / "t.xlsx"
    build_template(layout, framework).save(path)
    book = load_workbook(path)
    needless, empty = [], 0
    for ws in book.worksheets:
        merged = {c for r in ws.merged_cells.ranges for c in cells_of(r.coord)}
        for cell in ws._cells.values():
            if cell.value is not None:
                continue
            empty += 1
            border = any((edge := getattr(cell.border, side)) is not None and edge.style for side in ("left", "right", "top", "bottom"))
            if not (border or cell.fill.fill_type or not cell.protection.locked or cell.coordinate in merged):
                needless.append(f"{ws.title}!{cell.coordinate}")
    assert empty > 0  # the test looks at real cells (a layout with no input cells would pass vacuously)
    assert needless == []
