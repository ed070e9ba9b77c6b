"""How targets are written, read as an expert reads forms from other counties (issue 12, items 1-sign, 2, 3, 5, 6, 7):
comparison signs (I203), graded 定性 values (I202), costs in 万/万元/元 and the weak single cost (I302, I305), periods
in 时效 targets (I211, I208) and Chinese numerals, on project forms written in provincial wording and on the 石峰
return's 测算. Each case asserts code, severity and cell; none of these may be a 错误 unless the money is wrong."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.check.engine import check_file
from perfxl.check.findings import FileReport
from perfxl.examples import hengdong
from perfxl.models import Indicator
from perfxl.writer import write_workbook
from tests.helpers import edit_cells, example_file

P = "项目申报表"
FIRST = 11  # the project form's first indicator row
Row = tuple[str, str, str, str]  # 一级, 二级, 三级, 指标值

#: a correct return from another county (after a published 环卫服务采购 form), in its own wording
BASE: list[Row] = [
    ("产出指标", "产出数量指标", "雾炮车降尘抑尘服务配备车辆数", "≥10辆"),
    ("", "产出质量指标", "雾炮车作业达标率", "≥95%"),
    ("", "产出时效指标", "服务完成时间", "2023年12月31日前"),
    ("", "产出成本指标", "雾炮车服务单价", "≤2000元/台班"),
    ("", "产出成本指标", "项目总成本", "≤250万元"),
    ("效益指标", "社会效益", "城区空气质量优良天数比例", "≥85%"),
    ("社会公众或服务对象满意度指标", "社会公众或服务对象满意度指标", "市民满意度", "≥90%"),
]
QUANTITY, QUALITY, TIMELINESS, UNIT_COST, TOTAL_COST, BENEFIT, SATISFACTION = range(7)


def _report(tmp_path: Path, rows: list[Row], period: str = "2023年", budget: str = "250") -> FileReport:
    indicators = [Indicator(level1=a, level2=b, name=c, value=d, standard="计划标准") for a, b, c, d in rows]
    model = hengdong().model_copy(update={
        "indicators": indicators, "budget": Decimal(budget), "department": "某县城市管理局",
        "project_name": "城区环卫服务采购", "period": period,
    })  # fmt: skip
    return check_file(write_workbook(model, tmp_path / "project.xlsx"))


def _with(index: int, value: str, name: str | None = None, rows: list[Row] | None = None) -> list[Row]:
    rows = list(BASE if rows is None else rows)
    level1, level2, old_name, _ = rows[index]
    rows[index] = (level1, level2, old_name if name is None else name, value)
    return rows


def _found(report: FileReport, *codes: str) -> list[list[str]]:
    return [row for row in report.flatten(["code", "severity", "sheet", "cell"]) if row[0] in codes]


def _texts(report: FileReport, code: str) -> list[str]:
    return [f"{f.message} {f.hint}" for f in report.findings if f.code == code]


def _cell(index: int) -> str:
    return f"E{FIRST + index}"


def test_the_base_form_is_clean(tmp_path: Path) -> None:
    report = _report(tmp_path, BASE)
    assert [row for row in report.flatten(["code", "severity", "cell"]) if row[0].startswith("I")] == []


# ------------------------------------------------------------------------------------------ item 2: signs


@pytest.mark.parametrize(
    ("index", "value", "name", "suggested"),
    [
        (QUANTITY, "10辆", None, "≥10辆"),  # 数量: a floor
        (QUANTITY, "十辆", None, "≥10辆"),  # in Chinese numerals
        (QUANTITY, "至少10辆", None, "≥10辆"),
        (QUANTITY, "10辆以上", None, "≥10辆"),
        (QUANTITY, "不少于10辆", None, "≥10辆"),
        (QUANTITY, "等于10辆", None, "≥10辆"),  # ＝ in words: the kind's sign, not ＝
        (QUANTITY, "每季度巡查一次", "巡查次数", "≥1次"),  # number inside words
        (QUALITY, "95%", None, "≥95%"),
        (QUALITY, "不低于95%", None, "≥95%"),
        (QUALITY, "5%", "群众投诉率", "≤5%"),  # fewer is better: a ceiling
        (SATISFACTION, "90%", None, "≥90%"),
        (SATISFACTION, "90%以上", None, "≥90%"),
        (SATISFACTION, "百分之九十", None, "≥90%"),
        (UNIT_COST, "2000元/台班", None, "≤2000元/台班"),  # 成本: a ceiling
        (TOTAL_COST, "250万元", None, "≤250万元"),
        (TOTAL_COST, "=250万元", None, "≤250万元"),
        (TOTAL_COST, "不超过250万元", None, "≤250万元"),
        (TOTAL_COST, "250万元以内", None, "≤250万元"),
        (TIMELINESS, "2023年12月31日", None, "≤2023年12月31日"),  # 时效: by a date
    ],
)
def test_a_quantitative_target_gets_the_sign_its_kind_implies(
    tmp_path: Path, index: int, value: str, name: str | None, suggested: str
) -> None:
    report = _report(tmp_path, _with(index, value, name))
    assert _found(report, "I203") == [["I203", "提示", P, _cell(index)]]
    (text,) = _texts(report, "I203")
    assert f"“{suggested}”" in text and "＝" not in text.split("建议", 1)[1]


@pytest.mark.parametrize(
    ("index", "value"),
    [
        (QUANTITY, "≥10辆"), (QUANTITY, "=10辆"), (QUANTITY, "≥10台"), (QUALITY, "＝100%"), (QUALITY, "100%"),
        (QUALITY, "5G信号全覆盖"), (QUALITY, "7×24小时"), (TIMELINESS, "十二月底前"), (TIMELINESS, "2023年12月底前完成"),
        (UNIT_COST, "≤2000元/台班"), (TOTAL_COST, "≤250万"),
    ],
)  # fmt: skip
def test_no_sign_advice_where_the_sign_is_right_or_nothing_can_be_suggested(
    tmp_path: Path, index: int, value: str
) -> None:
    assert _found(_report(tmp_path, _with(index, value)), "I203") == []


# ------------------------------------------------------------------------------------------ item 3: 定性 grades


@pytest.mark.parametrize(
    ("index", "value"),
    [(QUALITY, "好"), (QUALITY, "较好"), (QUALITY, "达到"), (QUALITY, "基本达到"), (BENEFIT, "达成年度指标"),
     (BENEFIT, "较好"), (BENEFIT, "好 "), (BENEFIT, "达到。")],
)  # fmt: skip
def test_a_grade_of_a_qualitative_scale_is_accepted(tmp_path: Path, index: int, value: str) -> None:
    report = _report(tmp_path, _with(index, value))
    assert _found(report, "I202", "I201", "I203") == []


@pytest.mark.parametrize(
    ("index", "value", "said"),
    [
        (QUALITY, "优良", "不分档的评语"),
        (QUALITY, "按质按量完成", "不分档的评语"),
        (QUALITY, "保质保量", "不分档的评语"),
        (QUALITY, "良好", "不分档的评语"),
        (BENEFIT, "不断提升", "含糊说法"),
        (BENEFIT, "有效提升", "含糊说法"),
        (BENEFIT, "空气质量持续改善", "含糊说法"),
    ],
)
def test_ungraded_words_are_a_warning_with_the_graded_alternative(
    tmp_path: Path, index: int, value: str, said: str
) -> None:
    report = _report(tmp_path, _with(index, value))
    assert _found(report, "I202") == [["I202", "警告", P, _cell(index)]]
    (text,) = _texts(report, "I202")
    assert said in text and "定性等级“达成年度指标”" in text


def test_digits_without_a_target_are_not_called_numberless(tmp_path: Path) -> None:
    report = _report(tmp_path, _with(QUALITY, "7×24"))
    assert _found(report, "I202") == [["I202", "警告", P, _cell(QUALITY)]]
    (text,) = _texts(report, "I202")
    assert "没有数值" not in text and "符号+数值+单位" in text


# ------------------------------------------------------------------------------------------ item 5: costs


@pytest.mark.parametrize("value", ["≤300万元", "≤300万", "≤3000000元", "300万"])
def test_a_cost_above_the_budget_is_caught_in_any_unit(tmp_path: Path, value: str) -> None:
    report = _report(tmp_path, _with(TOTAL_COST, value))
    assert _found(report, "I302") == [["I302", "错误", P, _cell(TOTAL_COST)]]
    assert "超过年度本级预算金额 250 万元" in _texts(report, "I302")[0]


SINGLE_COST = [row for i, row in enumerate(BASE) if i != UNIT_COST]


@pytest.mark.parametrize("value", ["≤250万元", "≤250万", "≤2500000元"])
def test_a_single_cost_equal_to_the_budget_is_a_weak_measure(tmp_path: Path, value: str) -> None:
    report = _report(tmp_path, _with(TOTAL_COST - 1, value, rows=SINGLE_COST))
    assert _found(report, "I305", "I302", "I303") == [["I305", "警告", P, _cell(TOTAL_COST - 1)]]
    (text,) = _texts(report, "I305")
    assert "没有分解" in text and "单位成本" in text


@pytest.mark.parametrize(
    "rows",
    [
        BASE,  # a unit cost beside the total
        _with(UNIT_COST, "≤50万元", "雾炮车租赁费用"),  # parts and their total
        _with(TOTAL_COST - 1, "≤200万元", rows=SINGLE_COST),  # one cost, but a part of the budget
    ],
)
def test_a_broken_down_cost_is_not_weak(tmp_path: Path, rows: list[Row]) -> None:
    assert _found(_report(tmp_path, rows), "I305") == []


def test_a_single_cost_without_a_sign_gets_both(tmp_path: Path) -> None:
    report = _report(tmp_path, _with(TOTAL_COST - 1, "250万元", rows=SINGLE_COST))
    cell = _cell(TOTAL_COST - 1)
    assert _found(report, "I203", "I305") == [["I203", "提示", P, cell], ["I305", "警告", P, cell]]
    assert "“≤250万元”" in _texts(report, "I203")[0]


# ------------------------------------------------------------------------------------------ item 6: periods


@pytest.mark.parametrize(
    ("value", "period", "expected", "deadline"),
    [
        ("2023.07-2024.01", "2023年", [["I208", "警告"], ["I211", "提示"]], "≤2024年1月"),
        ("2023年7月至2024年1月", "2023年", [["I208", "警告"], ["I211", "提示"]], "≤2024年1月"),
        ("2023.07-2024.01", "2023.07-2024.01", [["I211", "提示"]], "≤2024年1月"),  # inside the 实施期
        ("2023年7月-2024年1月", "2023年7月至2024年1月", [["I211", "提示"]], "≤2024年1月"),
        ("1-12月", "2023年", [["I211", "提示"]], "≤12月"),
        ("2023年1月1日至12月31日", "2023年", [["I211", "提示"]], "≤2023年12月"),
        ("2023.3-2023.11", "2023年", [["I211", "提示"]], "≤2023年11月"),
        ("2023.3-11", "2023年", [["I211", "提示"]], "≤2023年11月"),  # the end month alone, as staff shorten it
        ("2023.11-2", "2023年", [["I208", "警告"], ["I211", "提示"]], "≤2024年2月"),
    ],
)
def test_a_period_is_read_as_a_period(
    tmp_path: Path, value: str, period: str, expected: list[list[str]], deadline: str
) -> None:
    report = _report(tmp_path, _with(TIMELINESS, value), period=period)
    cell = _cell(TIMELINESS)
    assert _found(report, "I208", "I211", "I202", "I203") == [[*e, P, cell] for e in expected]
    assert f"建议写成“{deadline}”" in _texts(report, "I211")[0]
    assert not any("没有数值" in text for code in ("I208", "I211") for text in _texts(report, code))


def test_a_day_or_an_unclear_end_is_not_read_as_a_period() -> None:
    """A bare end month counts only after "2023.3": "2023-03-11" is the 11th of March, "2023.3.1-11" may mean days."""
    from perfxl.dates import parse_period

    assert str(parse_period("2023.3-11")) == "2023年3月至2023年11月"
    assert str(parse_period("2023/12-1")) == "2023年12月至2024年1月"
    for text in ("2023-03-11", "2023.3.1-11", "2023年-11", "7月-11", "2023.3-13"):
        assert parse_period(text) is None, text


@pytest.mark.parametrize(
    ("value", "period", "flagged"),
    [("2024年1月底前", "2023年7月至2024年1月", False), ("2024年1月底前", "2023年", True),
     ("2023年12月底前", "2023.07-2024.01", False)],
)  # fmt: skip
def test_a_deadline_is_measured_against_the_declared_period(
    tmp_path: Path, value: str, period: str, flagged: bool
) -> None:
    report = _report(tmp_path, _with(TIMELINESS, value), period=period)
    assert _found(report, "I208") == ([["I208", "警告", P, _cell(TIMELINESS)]] if flagged else [])


# ------------------------------------------------------------------------------------------ item 7: numerals


@pytest.mark.parametrize(
    ("name", "value", "flagged"),
    [("编写舆情专报十二期", "≥1期", True), ("编写舆情专报十二期", "≥12期", False), ("开展普法宣传两场", "≥2场", False),
     ("开展普法宣传两场", "≥3场", True), ("开展巡查12次", "≥十二次", False), ("统一部署巡查工作次数", "≥1次", False)],
)  # fmt: skip
def test_numerals_in_names_and_values_are_compared(tmp_path: Path, name: str, value: str, flagged: bool) -> None:
    report = _report(tmp_path, _with(QUANTITY, value, name))
    assert _found(report, "I209") == ([["I209", "警告", P, _cell(QUANTITY)]] if flagged else [])


BASIS_1 = (
    "①《石峰舆情》印刷费，十二期×1000元/期=1.2万元;②网络安全宣传周宣传制作费,1.4万元/次×一次=1.4万元;"
    "③网评员培训资料印刷费,30元/人×三百人=0.9万元；④网评员培训 150元／人×300人=4.5万元"
)
BASIS_2 = "①演习设计1.6万元；②攻防演习平台及技术保障5.6万元；③其他费用3.3万元；④上年结余抵减-0.5万元"


def _calc(tmp_path: Path, edits: dict[str, object]) -> FileReport:
    return check_file(edit_cells(example_file("shifeng", tmp_path), edits))


def _c(report: FileReport) -> list[list[str]]:
    return [row for row in report.flatten(["code", "severity", "sheet", "cell"]) if row[0].startswith("C")]


def test_calculation_in_chinese_numerals_adds_up(tmp_path: Path) -> None:
    assert _c(_calc(tmp_path, {"附表3-1!E51": BASIS_1})) == []


def test_calculation_in_chinese_numerals_is_checked(tmp_path: Path) -> None:
    report = _calc(tmp_path, {"附表3-1!E51": BASIS_1.replace("=1.2万元", "=12万元")})
    assert _c(report) == [["C101", "错误", "附表3-1", "E51"]]
    assert "12期×1000元/期 = 1.2 万元，但写成 12 万元" in _texts(report, "C101")[0]


# ------------------------------------------------------------------------------------------ item 1: signed 测算


@pytest.mark.parametrize("basis", [BASIS_2, BASIS_2.replace("-0.5", "－0.5"), BASIS_2.replace("-0.5", "−0.5")])
def test_a_signed_amount_is_subtracted(tmp_path: Path, basis: str) -> None:
    assert _c(_calc(tmp_path, {"附表3-2!E51": basis})) == []  # 1.6 + 5.6 + 3.3 - 0.5 = 10


def test_a_signed_amount_shows_in_the_sum(tmp_path: Path) -> None:
    report = _calc(tmp_path, {"附表3-2!E51": BASIS_2.replace("-0.5", "-0.4")})
    assert _c(report) == [["C102", "错误", "附表3-2", "E51"]]
    assert "测算各项合计 10.1 万元（1.6 + 5.6 + 3.3 - 0.4）" in _texts(report, "C102")[0]


def test_a_month_range_in_a_label_is_not_a_sign(tmp_path: Path) -> None:
    basis = "①演习设计（1-12月）1.6万元；②攻防演习平台及技术保障5.6万元；③其他费用2.8万元"
    assert _c(_calc(tmp_path, {"附表3-2!E51": basis})) == []
