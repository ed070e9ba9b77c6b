"""Every 指标值 cell of the two real seed returns, exactly as published, read as a rule will see it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfxl.values import (
    IndicatorKind,
    parse_amount,
    parse_indicator_value,
)

K = IndicatorKind
D = Decimal

# Every 指标值 cell of the two seeds, exactly as published, with the kind a rule will see.
SEED_VALUES: list[tuple[str, IndicatorKind]] = [
    ("≥1期          1次            2次", K.MULTIPLE),
    ("100%", K.QUANTITATIVE),
    ("1年", K.DEADLINE),
    ("≤49.92万元", K.QUANTITATIVE),
    ("≥90%", K.QUANTITATIVE),
    ("不断加强", K.VAGUE),
    ("持续影响", K.VAGUE),
    ("1.≥12期        2.1次            3.1次", K.MULTIPLE),
    ("持续开展", K.VAGUE),
    ("", K.EMPTY),
    ("≤8万元", K.QUANTITATIVE),
    ("不断提升", K.VAGUE),
    ("1次", K.QUANTITATIVE),
    ("≤10万元", K.QUANTITATIVE),
    ("≥95%", K.QUANTITATIVE),
    ("≥220次", K.QUANTITATIVE),
    ("随机", K.VAGUE),
    ("组织开展助力乡村振兴、旅游、文明创建、平安建设等打卡活动6次。", K.TEXT),
    ("开展关键信息基础设施摸底活动1次，开展信息化助农活动1次", K.TEXT),
    ("召开全县网络治理工作调度会1次。", K.TEXT),
    ("支持建设互联网企业党支部2个。召开互联网行业党委会2次", K.TEXT),
    ("开展国家网络安全宣传周活动1次 ，开展网络安全隐患排查整改、专项整治行动4个。", K.TEXT),
    ("≥100%", K.QUANTITATIVE),
    ("≥1000人次", K.QUANTITATIVE),
    ("≥80%", K.QUANTITATIVE),
    ("本年度内完成", K.DEADLINE),
    ("1月份完成购置", K.DEADLINE),
    ("4月份完成购置", K.DEADLINE),
    ("10月份完成购置", K.DEADLINE),
    ("5月份完成购置", K.DEADLINE),
    ("12月前完成", K.DEADLINE),
    ("≤20万元", K.QUANTITATIVE),
    ("≤30万元", K.QUANTITATIVE),
    ("≤6万元", K.QUANTITATIVE),
    ("≤4万元", K.QUANTITATIVE),
    ("≤2万元", K.QUANTITATIVE),
    ("≤5万元", K.QUANTITATIVE),
    ("≤9.8万元", K.QUANTITATIVE),
    ("≤25万元", K.QUANTITATIVE),
    ("≤6.2万元", K.QUANTITATIVE),
    ("≤16万元", K.QUANTITATIVE),
    ("减少", K.VAGUE),
    ("改善", K.VAGUE),
]


@pytest.mark.parametrize(("raw", "kind"), SEED_VALUES)
def test_seed_values(raw: str, kind: IndicatorKind) -> None:
    assert parse_indicator_value(raw).kind is kind


def test_seed_cost_indicators_add_up_to_the_budget() -> None:
    # 衡东: the twelve 成本指标 add up to exactly the 140 万元 budget
    costs = ["≤20万元", "≤30万元", "≤6万元", "≤4万元", "≤2万元", "≤5万元",
             "≤10万元", "≤9.8万元", "≤6万元", "≤25万元", "≤6.2万元", "≤16万元"]
    values = [parse_indicator_value(c) for c in costs]
    assert all(v.sign == "≤" and v.unit == "万元" for v in values)
    assert sum((v.number for v in values if v.number is not None), D(0)) == parse_amount("140").value


def test_seed_count_mismatch_is_visible() -> None:
    # 石峰: 附表1 says ≥1期 where 附表3 says ≥12期 for the same 《石峰舆情》
    form1 = parse_indicator_value("≥1期          1次            2次")
    form3 = parse_indicator_value("1.≥12期        2.1次            3.1次")
    assert form1.parts[0].number == D(1)
    assert form3.parts[0].number == D(12)
    assert form1.parts[2].number != form3.parts[2].number  # 网评员培训 2次 vs 1次
