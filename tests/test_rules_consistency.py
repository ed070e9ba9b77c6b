"""Consistency between 附表1 and 附表3 (X1xx) on the 石峰 workbook."""

from __future__ import annotations

from pathlib import Path

from perfxl.check.engine import check_file
from tests.helpers import edit_cells, example_file


def _x101(path: Path) -> list[str]:
    return [f"{f.sheet}!{f.cell} {f.message}" for f in check_file(path).findings if f.code == "X101"]


def test_outputs_counted_differently(tmp_path: Path) -> None:
    found = _x101(example_file("shifeng", tmp_path))
    assert len(found) == 2
    issue, training = found
    assert issue.startswith("附表1!E23 ") and "≥1期" in issue and "附表3-1!E10 为 ≥12期" in issue
    assert training.startswith("附表1!E23 ") and "网评员培训" in training and "附表3-1!E10 为 1次" in training


def test_same_counts_pass(tmp_path: Path) -> None:
    path = edit_cells(example_file("shifeng", tmp_path), {"附表1!E23": "≥12期  1次  1次"})
    assert _x101(path) == []


def test_directions_are_summed(tmp_path: Path) -> None:
    """网评员培训 2次 on 附表1 = 1次 on 附表3-1 + 1次 on 附表3-2."""
    path = edit_cells(example_file("shifeng", tmp_path), {"附表3-2!D10": "开展网评员培训", "附表1!E23": "≥12期  1次  2次"})
    assert _x101(path) == []
    path = edit_cells(path, {"附表1!E23": "≥12期  1次  3次"})
    (only,) = _x101(path)
    assert "附表3-1!E10 为 1次" in only and "附表3-2!E10 为 1次" in only and "合计 2次" in only


def test_project_form_has_nothing_to_compare(tmp_path: Path) -> None:
    assert _x101(example_file("hengdong", tmp_path)) == []
