"""测算 rules (C): the 支出测算依据及过程说明 of each 附表3 支出明细 row, checked item by item and in total."""

from __future__ import annotations

from pathlib import Path

from perfxl.check.engine import check_file
from perfxl.check.findings import FileReport
from tests.helpers import edit_cells, example_file

BASIS_1 = (
    "①《石峰舆情》印刷费，12期×1000元/期=1.2万元;②网络安全宣传周宣传制作费,1.4万元/次×1次=1.4万元;"
    "③网评员培训资料印刷费,30元/人×300人=0.9万元；④网评员培训 150元／人×300人=4.5万元"
)
BASIS_2 = "①演习设计1.6万元；②攻防演习平台及技术保障5.6万元；③其他费用2.8万元"


def _check(tmp_path: Path, edits: dict[str, object]) -> FileReport:
    return check_file(edit_cells(example_file("shifeng", tmp_path), edits))


def _codes(report: FileReport) -> list[list[str]]:
    return [row for row in report.flatten(["code", "severity", "sheet", "cell"]) if row[0].startswith("C")]


def _messages(report: FileReport, code: str) -> list[str]:
    return [f.message for f in report.findings if f.code == code]


def test_shifeng_calculations_add_up(tmp_path: Path) -> None:
    """1.2 + 1.4 + 0.9 + 4.5 = 8 and 1.6 + 5.6 + 2.8 = 10; 12期×1000元/期 = 1.2万元, 30元/人×300人 = 0.9万元."""
    assert _codes(check_file(example_file("shifeng", tmp_path))) == []


def test_c101_product_differs_from_stated_result(tmp_path: Path) -> None:
    report = _check(tmp_path, {"附表3-1!E51": BASIS_1.replace("=1.2万元", "=12万元")})
    assert _codes(report) == [["C101", "错误", "附表3-1", "E51"]]  # the 金额 still matches the products: no C102
    assert _messages(report, "C101") == [
        "附表3-1!E51：第①项“《石峰舆情》印刷费” 12期×1000元/期 = 1.2 万元，但写成 12 万元。"
    ]


def test_c101_result_in_yuan_is_converted(tmp_path: Path) -> None:
    report = _check(tmp_path, {"附表3-1!E51": BASIS_1.replace("30元/人×300人=0.9万元", "30元/人×300人=900元")})
    assert _codes(report) == [["C101", "错误", "附表3-1", "E51"]]
    assert "第③项“网评员培训资料印刷费” 30元/人×300人 = 0.9 万元，但写成 900元（0.09 万元）" in _messages(report, "C101")[0]


def test_c102_items_total_differs_from_amount(tmp_path: Path) -> None:
    report = _check(tmp_path, {"附表3-2!E51": BASIS_2.replace("2.8万元", "3.8万元")})
    assert _codes(report) == [["C102", "错误", "附表3-2", "E51"]]
    assert "测算各项合计 11 万元（1.6 + 5.6 + 3.8），与金额 10 万元（附表3-2!D51）不一致" in _messages(report, "C102")[0]


def test_c102_with_product_and_result_both_wrong(tmp_path: Path) -> None:
    report = _check(tmp_path, {"附表3-1!E51": BASIS_1.replace("150元／人×300人=4.5万元", "160元／人×300人=5万元")})
    assert ["C101", "错误", "附表3-1", "E51"] in _codes(report)
    assert ["C102", "错误", "附表3-1", "E51"] in _codes(report)


def test_c103_declared_total_differs_from_items(tmp_path: Path) -> None:
    bad = _check(tmp_path, {"附表3-2!E51": BASIS_2 + "；合计12万元"})
    assert _codes(bad) == [["C103", "错误", "附表3-2", "E51"]]
    assert "测算说明写合计 12 万元，但各项相加为 10 万元" in _messages(bad, "C103")[0]
    assert _codes(_check(tmp_path / "ok", {"附表3-2!E51": BASIS_2 + "；合计10万元"})) == []


def test_c104_amount_without_calculation(tmp_path: Path) -> None:
    report = _check(tmp_path, {"附表3-1!E51": "  "})
    assert _codes(report) == [["C104", "警告", "附表3-1", "E51"]]
    assert "支出明细“其他商品和服务支出”金额 8 万元，但没有填写测算依据" in _messages(report, "C104")[0]


def test_c105_unreadable_text_is_advice_not_error(tmp_path: Path) -> None:
    report = _check(tmp_path, {"附表3-1!E51": "根据往年标准测算"})
    assert _codes(report) == [["C105", "提示", "附表3-1", "E51"]]
    assert "读不出任何金额" in _messages(report, "C105")[0]


def test_items_separated_by_a_comma_after_an_amount_are_summed(tmp_path: Path) -> None:
    """"办公费2万元，差旅费8万元" is two items: they add up to the row's 10 万元, and a wrong one is caught."""
    assert _codes(_check(tmp_path, {"附表3-2!E51": "办公费2万元，差旅费8万元。合计10万元"})) == []
    wrong = _check(tmp_path, {"附表3-2!E51": "办公费2万元，差旅费7万元"})
    assert [row[0] for row in _codes(wrong)] == ["C102"]
