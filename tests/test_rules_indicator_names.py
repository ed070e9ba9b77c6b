"""Indicator name rules (I4xx) on real workbooks."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

from perfxl.check.engine import check_file
from perfxl.rules.indicator_names import SIMILAR, measured_subject, similar, subject
from tests.helpers import edit_cells, example_file

P = "项目申报表"


def _found(path: Path, code: str) -> list[list[str]]:
    return [f for f in check_file(path).flatten(["code", "sheet", "cell", "severity"]) if f[0] == code]


def test_subjects() -> None:
    assert measured_subject("网络舆情监测系统服务满意度") == "网络舆情监测系统服务"
    assert measured_subject("互联网企业党建工作完成率") == "互联网企业党建"
    assert measured_subject("网络舆情监测系统服务购置") == "网络舆情监测系统服务"
    assert subject("1.编写《石峰舆情》12期，") == "编写石峰舆情"


def test_similar_is_difflib_ratio_where_it_can_reach_the_threshold() -> None:
    pairs = [
        ("网络舆情监测系统服务", "网络舆情监测系统"),  # close: the exact ratio
        ("网评系统统技术服务", "评系统统技术服务"),
        ("网络舆情监测系统服务", "服务系统监测舆情网络"),  # same characters, other order: bound passes, ratio low
        ("网络舆情监测系统服务", "网络安全宣传周活动开展"),  # few shared characters: ruled out early
        ("开展培训", "开展网评员培训次数"),  # lengths alone rule it out
    ]
    for a, b in pairs:
        ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
        if ratio >= SIMILAR:
            assert similar(a, b) == ratio
        else:
            assert similar(a, b) < SIMILAR
    assert similar("网络舆情监测系统服务", "网络安全宣传周活动开展") == 0.0
    assert similar("", "网评") == 0.0


def test_drifting_names_reported_at_the_later_cell(tmp_path: Path) -> None:
    path = example_file("hengdong", tmp_path)
    assert _found(path, "I401") == [["I401", P, "D28", "警告"], ["I401", P, "D38", "警告"]]
    (first, second) = [f for f in check_file(path).findings if f.code == "I401"]
    assert "项目申报表!D16" in first.message and "项目申报表!D14" in second.message


def test_consistent_names_pass(tmp_path: Path) -> None:
    fixed = {f"{P}!D38": "网络舆情监测系统服务购置", f"{P}!D50": "网络舆情监测系统服务购置", f"{P}!D28": "网评系统统技术服务满意度"}
    path = edit_cells(example_file("hengdong", tmp_path), fixed)
    assert _found(path, "I401") == []


def test_name_that_is_only_a_value(tmp_path: Path) -> None:
    path = example_file("shifeng", tmp_path)
    found = _found(path, "I402")
    assert ["I402", "附表1", "D25", "警告"] in found  # 时效 “1年” | “1年”
    assert ["I402", "附表3-1", "D12", "错误"] in found  # “1年” typed as the name, value empty
    path = edit_cells(path, {"附表1!D25": "全年工作完成时限"})
    assert ["I402", "附表1", "D25", "警告"] not in _found(path, "I402")
