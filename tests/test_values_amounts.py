"""Amounts (万元) and the shared helpers of perfxl.values: full-width folding, number formatting, quantities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfxl.values import (
    Amount,
    IndicatorKind,
    Quantity,
    find_quantities,
    fmt,
    parse_amount,
    to_halfwidth,
)
from tests.helpers import to_fullwidth

K = IndicatorKind
D = Decimal

# ------------------------------------------------------------------------------------------------ amounts


@pytest.mark.parametrize(
    ("raw", "value", "unit_seen"),
    [
        (8, D("8"), None),
        (18, D("18"), None),
        (51.8, D("51.8"), None),
        (33.8, D("33.8"), None),
        (18.0, D("18"), None),
        (49.92, D("49.92"), None),
        (0.1 + 0.2, D("0.3"), None),  # float noise from Excel arithmetic is rounded away
        (51.800000000000004, D("51.8"), None),
        (D("8.00"), D("8.00"), None),
        (-3, D("-3"), None),  # negative kept; rules decide
        ("8", D("8"), None),
        (" 18 ", D("18"), None),
        ("140", D("140"), None),
        ("51.8万元", D("51.8"), "万元"),
        ("33.8万元", D("33.8"), "万元"),
        ("8万", D("8"), "万"),
        ("51.8 万元", D("51.8"), "万元"),
        ("1,200元", D("0.12"), "元"),
        ("12000元", D("1.2"), "元"),
        ("５１．８万元", D("51.8"), "万元"),
        ("１８", D("18"), None),
        ("-2.5", D("-2.5"), None),
        ("￥8", D("8"), None),
    ],
)
def test_parse_amount_values(raw: object, value: Decimal, unit_seen: str | None) -> None:
    amount = parse_amount(raw)
    assert amount.value == value
    assert amount.unit_seen == unit_seen
    assert amount.problem is None
    assert not amount.is_empty


def test_float_keeps_short_repr() -> None:
    amount = parse_amount(51.8)
    assert str(amount.value) == "51.8"
    assert amount.text == "51.8"
    assert str(parse_amount(0.1 + 0.2).value) == "0.3"


def test_string_text_is_kept_as_typed() -> None:
    assert parse_amount(" 18 ").text == " 18 "
    assert parse_amount("1,200元").text == "1,200元"


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", "\n"])
def test_parse_amount_empty(raw: object) -> None:
    amount = parse_amount(raw)
    assert amount.value is None
    assert amount.problem is None
    assert amount.is_empty


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("八万元", "金额不是数字：“八万元”"),
        ("待定", "金额不是数字：“待定”"),
        ("8万元左右", "金额不是数字：“8万元左右”"),
        ("约8万元", "金额不是数字：“约8万元”"),
        ("资金总额：51.8万元", "金额不是数字：“资金总额：51.8万元”"),
        ("8元万", "金额不是数字：“8元万”"),
        ("1.2.3", "金额不是数字：“1.2.3”"),
        (True, "金额不是数字：“True”"),
        (float("nan"), "金额不是有效数字：“nan”"),
        (float("inf"), "金额不是有效数字：“inf”"),
        ([8], "金额不是数字：“[8]”"),
    ],
)
def test_parse_amount_problems(raw: object, problem: str) -> None:
    amount = parse_amount(raw)
    assert amount.value is None
    assert amount.problem == problem
    assert not amount.is_empty


def test_amount_is_frozen() -> None:
    amount = parse_amount("8")
    with pytest.raises(AttributeError):
        amount.value = D(9)  # type: ignore[misc]
    assert amount == Amount(D("8"), "8", None, None)


def test_amount_never_guesses_yuan_from_magnitude() -> None:
    # 12000 in a 万元 cell is 12000 万元, however unlikely; only an explicit 元 converts
    assert parse_amount(12000).value == D("12000")
    assert parse_amount("12000").value == D("12000")


def test_amount_property_loop() -> None:
    # every decimal with up to 2 places survives as int/float/str/万元/元 forms
    for cents in range(0, 100001, 137):
        value = D(cents) / 100
        assert parse_amount(float(value)).value == value
        assert parse_amount(str(value)).value == value
        assert parse_amount(f"{value}万元").value == value
        assert parse_amount(f"{value * 10000}元").value == value
        assert parse_amount(to_fullwidth(str(value))).value == value


# ------------------------------------------------------------------------------------------------ helpers


def test_to_halfwidth_keeps_length_and_circled_numbers() -> None:
    text = "①１２．５％＞＝／（１）　"
    half = to_halfwidth(text)
    assert half == "①12.5%>=/(1) "
    assert len(half) == len(text)


@pytest.mark.parametrize(
    ("number", "text"),
    [(D("1.2000"), "1.2"), (D("1E+3"), "1000"), (D("0.00001"), "0.00001"), (D("18.0"), "18"), (D(-3), "-3")],
)
def test_fmt(number: Decimal, text: str) -> None:
    assert fmt(number) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("组织开展助力乡村振兴、旅游、文明创建、平安建设等打卡活动6次。", ["6次"]),
        ("召开全县网络治理工作调度会1次。", ["1次"]),
        ("支持建设互联网企业党支部2个。召开互联网行业党委会2次", ["2个", "2次"]),
        ("开展关键信息基础设施摸底活动1次，开展信息化助农活动1次", ["1次", "1次"]),
        ("开展国家网络安全宣传周活动1次 ，开展网络安全隐患排查整改、专项整治行动4个。", ["1次", "4个"]),
        ("编写《石峰舆情》12期            组织开展网络安全宣传周活动1次 开展网评员培训2次", ["12期", "1次", "2次"]),
        ("1.编写《石峰舆情》12期，2.组织开展网络安全宣传周活动1次，      3.开展网评员培训2次。", ["12期", "1次", "2次"]),
        ("社会公众及服务对象满意度90%以上", ["90%"]),
        ("2023年度培训300人次，人均150元/人", ["300人次", "150元/人"]),  # the calendar year is not a quantity
        ("培训1,000人", ["1000人"]),
        ("网络安全能产生良好生态效益", []),
        ("", []),
    ],
)
def test_find_quantities(text: str, expected: list[str]) -> None:
    assert [str(q) for q in find_quantities(text)] == expected


def test_quantity_str_and_equality() -> None:
    assert str(Quantity(D("1.20"), "万元")) == "1.2万元"
    assert Quantity(D("12"), "期") == Quantity(D("12.0"), "期")
