"""Indicator value rules (I2xx) and cost rules (I3xx), each on a real workbook: a failing edit and a passing one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.check.engine import check_file
from perfxl.check.settings import Settings
from perfxl.rules.indicator_names import split_items
from tests.helpers import edit_cells, example_file

P = "项目申报表"


def _edit(path: Path, cells: dict[str, object]) -> Path:
    """A copy of ``path`` with ``cells`` changed (the original stays as it was)."""
    out = path.with_name(f"{path.stem}-{len(list(path.parent.iterdir()))}.xlsx")
    return edit_cells(path, cells, out)


def _found(path: Path, settings: Settings | None = None) -> list[list[str]]:
    return check_file(path, settings).flatten(["code", "sheet", "cell", "severity"])


def _at(path: Path, code: str, cell: str, settings: Settings | None = None) -> list[list[str]]:
    return [f for f in _found(path, settings) if f[0] == code and f[2] == cell]


def _texts(path: Path, code: str) -> list[str]:
    return [f"{f.message} {f.hint}" for f in check_file(path).findings if f.code == code]


@pytest.fixture
def hengdong_file(tmp_path: Path) -> Path:
    return example_file("hengdong", tmp_path)


@pytest.fixture
def shifeng_file(tmp_path: Path) -> Path:
    return example_file("shifeng", tmp_path)


def test_split_items() -> None:
    assert list(split_items("1.编写《石峰舆情》12期，2.组织开展活动1次，      3.开展网评员培训2次。")) == [
        "编写《石峰舆情》12期", "组织开展活动1次", "开展网评员培训2次"]
    assert list(split_items("编写《石峰舆情》12期            组织开展活动1次 开展网评员培训2次")) == [
        "编写《石峰舆情》12期", "组织开展活动1次", "开展网评员培训2次"]
    assert list(split_items("可持续影响  指标")) == ["可持续影响  指标"]
    assert list(split_items("培训1,000人次")) == ["培训1,000人次"]


def test_value_without_unit(hengdong_file: Path) -> None:
    assert not [f for f in _found(hengdong_file) if f[0] == "I201"]
    path = _edit(hengdong_file, {f"{P}!E11": "≥220"})
    assert _at(path, "I201", "E11") == [["I201", P, "E11", "错误"]]


def test_vague_value(hengdong_file: Path) -> None:
    assert _at(hengdong_file, "I202", "E12")  # 随机
    assert "指标不够细化、量化" in _texts(hengdong_file, "I202")[0]
    path = _edit(hengdong_file, {f"{P}!E12": "≥200次", f"{P}!E59": "达成年度指标"})
    assert not _at(path, "I202", "E12") and not _at(path, "I202", "E59")


def test_worded_comparison_gets_normalised_hint(hengdong_file: Path) -> None:
    path = _edit(hengdong_file, {f"{P}!E23": "90%以上", f"{P}!E31": "至少2次"})
    assert _at(path, "I203", "E23") == [["I203", P, "E23", "提示"]] and _at(path, "I203", "E31")
    hints = _texts(path, "I203")
    assert any("≥90%" in h for h in hints) and any("≥2次" in h for h in hints)
    assert not _at(hengdong_file, "I203", "E23")  # ≥90%


def test_satisfaction_of_100_percent(hengdong_file: Path) -> None:
    for row in range(26, 31):
        assert _at(hengdong_file, "I204", f"E{row}") == [["I204", P, f"E{row}", "警告"]]
    assert not _at(hengdong_file, "I204", "E61")  # ≥90%
    path = _edit(hengdong_file, {f"{P}!E26": "=100%"})
    assert _at(path, "I204", "E26")


def test_satisfaction_below_threshold(hengdong_file: Path) -> None:
    path = _edit(hengdong_file, {f"{P}!E61": "≥80%"})
    assert _at(path, "I205", "E61")
    assert not _at(path, "I205", "E61", Settings(satisfaction_min=Decimal(75)))


def test_percentage_over_100(hengdong_file: Path) -> None:
    assert _at(hengdong_file, "I206", "E24") == [["I206", P, "E24", "警告"]]  # 网评跟进及时率 ≥100%
    assert _at(hengdong_file, "I206", "E33")
    path = _edit(hengdong_file, {f"{P}!E23": "120%", f"{P}!E24": "100%"})
    assert _at(path, "I206", "E23") == [["I206", P, "E23", "错误"]]
    assert not _at(path, "I206", "E24")


def test_several_indicators_in_one_cell(shifeng_file: Path) -> None:
    found = _found(shifeng_file)
    assert ["I207", "附表1", "E23", "警告"] in found  # ≥1期 1次 2次
    assert ["I207", "附表1", "D24", "警告"] in found  # three rates in one name
    assert ["I207", "附表3-1", "E10", "警告"] in found  # 1.≥12期 2.1次 3.1次
    assert not [f for f in found if f[0] == "I207" and f[1] == "附表3-2"]
    assert "建议拆分指标" in _texts(shifeng_file, "I207")[0]


def test_deadline_outside_period(hengdong_file: Path) -> None:
    assert not [f for f in _found(hengdong_file) if f[0] == "I208"]  # 1月份完成购置 … 12月前完成
    path = _edit(hengdong_file, {f"{P}!E38": "2024年3月前完成", f"{P}!E39": "13月前完成"})
    assert _at(path, "I208", "E38") and _at(path, "I208", "E39")
    path = _edit(hengdong_file, {f"{P}!E38": "2023年3月前完成"})
    assert not _at(path, "I208", "E38")


def test_name_quantity_contradicts_value(shifeng_file: Path) -> None:
    found = _found(shifeng_file)
    assert ["I209", "附表1", "E23", "警告"] in found  # 12期 vs ≥1期
    assert ["I209", "附表3-1", "E10", "警告"] in found  # 培训2次 vs 1次
    assert any("指标与指标值不匹配" in t for t in _texts(shifeng_file, "I209"))
    path = _edit(shifeng_file, {"附表3-1!E10": "1.≥12期  2.1次  3.2次"})
    assert not _at(path, "I209", "E10")


def test_benefit_percentage_of_nothing(shifeng_file: Path) -> None:
    assert ["I210", "附表1", "E27", "警告"] in _found(shifeng_file)  # 带动经济效益增长 ≥90%
    path = _edit(shifeng_file, {"附表1!D27": "群众网络安全知识知晓率"})
    assert not _at(path, "I210", "E27")


def test_cost_with_lower_bound(hengdong_file: Path) -> None:
    path = _edit(hengdong_file, {f"{P}!E47": "≥20万元"})
    assert _at(path, "I301", "E47") == [["I301", P, "E47", "错误"]]
    assert not [f for f in _found(hengdong_file) if f[0] == "I301"]


def test_single_cost_above_budget_converts_yuan(shifeng_file: Path) -> None:
    path = _edit(shifeng_file, {"附表3-1!E13": "≤100000元"})  # 10 万元 > 8
    assert _at(path, "I302", "E13")
    path = _edit(shifeng_file, {"附表3-1!E13": "≤80000元"})
    assert not _at(path, "I302", "E13")


def test_itemised_costs_adding_up_to_budget_pass(hengdong_file: Path) -> None:
    codes = {f[0] for f in _found(hengdong_file)}
    assert not codes & {"I301", "I302", "I303", "I304"}  # twelve costs = 140 = budget
    path = _edit(hengdong_file, {f"{P}!E48": "≤40万元"})  # +10
    assert _at(path, "I303", "E47") == [["I303", P, "E47", "错误"]]
    assert "150" in _texts(path, "I303")[0] and "140" in _texts(path, "I303")[0]


def test_cost_claiming_budget_with_other_amount(shifeng_file: Path) -> None:
    assert _at(shifeng_file, "I304", "E26") == [["I304", "附表1", "E26", "警告"]]
    text = _texts(shifeng_file, "I304")[0]
    assert "49.92" in text and "51.8" in text
    assert not _at(shifeng_file, "I304", "E13")  # 附表3-1 ≤8万元 = 8
    path = _edit(shifeng_file, {"附表1!E26": "≤51.8万元"})
    assert not _at(path, "I304", "E26")
