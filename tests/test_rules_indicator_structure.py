"""Indicator structure rules (I1xx), each on a real workbook: a failing edit and a passing one."""

from __future__ import annotations

from pathlib import Path

from perfxl.check.engine import check_file
from perfxl.examples import hengdong
from perfxl.frameworks import FrameworkId
from perfxl.writer import write_workbook
from tests.helpers import edit_cells, example_file

P = "项目申报表"


def _found(path: Path) -> list[list[str]]:
    return check_file(path).flatten(["code", "sheet", "cell"])


def _messages(path: Path, code: str) -> list[str]:
    return [f"{f.message} {f.hint}" for f in check_file(path).findings if f.code == code]


def _clear_rows(first: int, last: int) -> dict[str, object]:
    return {f"{P}!{col}{row}": None for row in range(first, last + 1) for col in "BCDEF"}


def test_seeds_have_complete_structure(tmp_path: Path) -> None:
    for name in ("hengdong", "shifeng"):
        codes = {code for code, *_ in _found(example_file(name, tmp_path))}
        assert not codes & {"I101", "I102", "I103", "I105", "I106", "I107", "I108"}, name


def test_missing_level2_is_reported_at_block_start(tmp_path: Path) -> None:
    path = edit_cells(example_file("hengdong", tmp_path), _clear_rows(35, 46))
    assert ["I101", P, "B11"] in _found(path)
    assert "时效指标" in _messages(path, "I101")[0]


def test_missing_satisfaction_asks_for_one(tmp_path: Path) -> None:
    path = edit_cells(example_file("hengdong", tmp_path), _clear_rows(61, 61))
    (message,) = _messages(path, "I101")
    assert "满意度指标" in message and "建议增加满意度指标" in message


def test_guide2021_form_written_the_88_way_is_warned_not_failed(tmp_path: Path) -> None:
    """A 2021 form that lists its costs under 产出 as 88号 does: the costs are there (no I101), their place is a 警告."""
    model = hengdong().model_copy(update={"framework": FrameworkId.GUIDE2021})
    path = write_workbook(model, tmp_path / "guide.xlsx")
    found = check_file(path).flatten(["code", "severity", "sheet", "cell"])
    assert [f for f in found if f[0] in ("I101", "I102", "I103")] == [["I103", "警告", P, "C47"]]
    assert "2021" in _messages(path, "I103")[0] and "成本指标" in _messages(path, "I103")[0]
    fixed = edit_cells(path, {f"{P}!B47": "成本指标", f"{P}!C47": "经济成本指标"}, tmp_path / "fixed.xlsx")
    found = _found(fixed)
    assert not [f for f in found if f[0] in ("I101", "I103")]


def test_level1_outside_framework(tmp_path: Path) -> None:
    path = edit_cells(example_file("hengdong", tmp_path), {f"{P}!B11": "工作指标"})
    assert ["I102", P, "B11"] in _found(path)
    assert "一级指标类型错误" in _messages(path, "I102")[0]


def test_level2_under_wrong_level1(tmp_path: Path) -> None:
    path = edit_cells(example_file("hengdong", tmp_path), {f"{P}!C59": "数量指标"})
    assert ["I103", P, "C59"] in _found(path)
    assert "二级指标类型错误" in _messages(path, "I103")[0]


def test_satisfaction_under_benefit_is_advice_only(tmp_path: Path) -> None:
    found = _found(example_file("shifeng", tmp_path))
    assert ["I104", "附表1", "C31"] in found and ["I104", "附表3-1", "C18"] in found
    assert not [f for f in found if f[0] == "I103"]
    assert not [f for f in _found(example_file("hengdong", tmp_path)) if f[0] == "I104"]


def test_duplicate_names_only_within_one_level2(tmp_path: Path) -> None:
    assert not [f for f in _found(example_file("hengdong", tmp_path)) if f[0] == "I105"]  # 网络舆情管理 ×3 sections
    path = edit_cells(example_file("hengdong", tmp_path), {f"{P}!D12": "网络舆情管理"})
    assert ["I105", P, "D12"] in _found(path)


def test_standard_missing_or_not_in_list(tmp_path: Path) -> None:
    path = edit_cells(example_file("hengdong", tmp_path), {f"{P}!F11": None, f"{P}!F12": "国家标准"})
    found = _found(path)
    assert ["I106", P, "F11"] in found and ["I107", P, "F12"] in found
    assert not [f for f in found if f[0] in ("I106", "I107") and f[2] == "F13"]


def test_standard_not_asked_on_overall_form(tmp_path: Path) -> None:
    assert not [f for f in _found(example_file("shifeng", tmp_path)) if f[0] == "I106" and f[1] == "附表1"]


def test_too_long_name_and_value(tmp_path: Path) -> None:
    path = edit_cells(example_file("hengdong", tmp_path), {f"{P}!D11": "舆" * 101, f"{P}!E12": "说明" * 101})
    found = _found(path)
    assert ["I108", P, "D11"] in found and ["I108", P, "E12"] in found
    path = edit_cells(path, {f"{P}!D11": "舆" * 100})
    assert ["I108", P, "D11"] not in _found(path)


def test_placeholders_and_empty_values(tmp_path: Path) -> None:
    path = edit_cells(example_file("hengdong", tmp_path), {f"{P}!E11": "*", f"{P}!D13": "-", f"{P}!E14": "   "})
    found = _found(path)
    assert ["I109", P, "E11"] in found and ["I109", P, "D13"] in found and ["I109", P, "E14"] in found


def test_not_applicable_rows_may_leave_value_empty(tmp_path: Path) -> None:
    found = _found(example_file("shifeng", tmp_path))
    assert ["I109", "附表3-1", "E16"] not in found  # 无直接生态效益
    assert ["I109", "附表3-1", "E12"] not in found  # “1年” typed as the name: I402 reports it
