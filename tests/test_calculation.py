"""Tests for perfxl.calculation: 支出测算依据及过程说明 text, seed strings copied verbatim."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfxl.calculation import CalcItem, Calculation, money_to_wan, parse_calculation
from perfxl.values import Quantity

D = Decimal
Q = Quantity

SEED_BUSINESS = (
    "①《石峰舆情》印刷费，12期×1000元/期=1.2万元;②网络安全宣传周宣传制作费,1.4万元/次×1次=1.4万元;"
    "③网评员培训资料印刷费,30元/人×300人=0.9万元；④网评员培训 150元／人×300人=4.5万元"
)
SEED_DRILL = "①演习设计1.6万元；②攻防演习平台及技术保障5.6万元；③其他费用2.8万元"


def test_seed_business_items() -> None:
    calc = parse_calculation(SEED_BUSINESS)
    assert calc.unparsed == ()
    assert [i.label for i in calc.items] == [
        "《石峰舆情》印刷费", "网络安全宣传周宣传制作费", "网评员培训资料印刷费", "网评员培训",
    ]
    assert [i.factors for i in calc.items] == [
        (Q(D(12), "期"), Q(D(1000), "元/期")),
        (Q(D("1.4"), "万元/次"), Q(D(1), "次")),
        (Q(D(30), "元/人"), Q(D(300), "人")),
        (Q(D(150), "元/人"), Q(D(300), "人")),  # full-width slash normalised
    ]
    assert [i.stated for i in calc.items] == [Q(D("1.2"), "万元"), Q(D("1.4"), "万元"), Q(D("0.9"), "万元"),
                                              Q(D("4.5"), "万元")]
    assert [i.computed_wan for i in calc.items] == [D("1.2"), D("1.4"), D("0.9"), D("4.5")]
    assert [i.stated_wan for i in calc.items] == [D("1.2"), D("1.4"), D("0.9"), D("4.5")]
    assert all(i.product_matches() is True for i in calc.items)
    assert calc.mismatched == ()
    assert calc.total_wan == D("8.0")
    assert calc.declared_total_wan is None


def test_seed_business_item_text_is_as_written() -> None:
    calc = parse_calculation(SEED_BUSINESS)
    assert calc.text == SEED_BUSINESS
    assert [i.text for i in calc.items] == [
        "《石峰舆情》印刷费，12期×1000元/期=1.2万元",
        "网络安全宣传周宣传制作费,1.4万元/次×1次=1.4万元",
        "网评员培训资料印刷费,30元/人×300人=0.9万元",
        "网评员培训 150元／人×300人=4.5万元",
    ]


def test_seed_drill_items() -> None:
    calc = parse_calculation(SEED_DRILL)
    assert calc.unparsed == ()
    assert [i.label for i in calc.items] == ["演习设计", "攻防演习平台及技术保障", "其他费用"]
    assert [i.stated_wan for i in calc.items] == [D("1.6"), D("5.6"), D("2.8")]
    assert all(i.factors == () for i in calc.items)
    assert all(i.computed_wan is None for i in calc.items)
    assert all(i.product_matches() is None for i in calc.items)
    assert calc.total_wan == D(10)


@pytest.mark.parametrize(
    ("raw", "computed", "stated", "matches"),
    [
        ("12期×1000元/期=1.2万元", "1.2", "1.2", True),
        ("12期×1000元/期=12万元", "1.2", "12", False),  # wrong by a factor of ten
        ("12期×1000元/期=12000元", "1.2", "1.2", True),  # result in 元
        ("12期×1000元/期=1.3万元", "1.2", "1.3", False),
        ("12期×1000元/期=1.204万元", "1.2", "1.204", True),  # within 0.005 万元
        ("12期×1000元/期=1.21万元", "1.2", "1.21", False),
        ("1000元/期×12期=1.2万元", "1.2", "1.2", True),  # money first
        ("1.4万元/次×1次=1.4万元", "1.4", "1.4", True),
        ("150元/人/天×300人×2天=9万元", "9", "9", True),  # three factors
        ("30元/人x300人=0.9万元", "0.9", "0.9", True),
        ("30元/人X300人=0.9万元", "0.9", "0.9", True),
        ("30元/人*300人=0.9万元", "0.9", "0.9", True),
        ("30元/人＊300人=0.9万元", "0.9", "0.9", True),
        ("30元/人·300人=0.9万元", "0.9", "0.9", True),
        ("30元/人 × 300人 ＝ 0.9万元", "0.9", "0.9", True),
        ("３０元／人×３００人＝０．９万元", "0.9", "0.9", True),
        ("12期×1000元/期=12000元=1.2万元", "1.2", "1.2", True),  # the last result counts
        ("2千元/期×6期=1.2万元", "1.2", "1.2", True),
        ("1,000元/期×12期=1.2万元", "1.2", "1.2", True),
    ],
)
def test_products(raw: str, computed: str, stated: str, matches: bool) -> None:
    calc = parse_calculation(raw)
    assert calc.unparsed == ()
    (item,) = calc.items
    assert item.computed_wan == D(computed)
    assert item.stated_wan == D(stated)
    assert item.product_matches() is matches
    assert (item in calc.mismatched) is (not matches)


def test_tolerance_is_a_parameter() -> None:
    (item,) = parse_calculation("12期×1000元/期=1.21万元").items
    assert item.product_matches() is False
    assert item.product_matches(tolerance=D("0.01")) is True


@pytest.mark.parametrize(
    ("raw", "labels", "amounts"),
    [
        ("1.印刷费12期×1000元/期=1.2万元 2.培训费30元/人×300人=0.9万元", ["印刷费", "培训费"], ["1.2", "0.9"]),
        ("1、印刷费1.2万元；2、培训费0.9万元", ["印刷费", "培训费"], ["1.2", "0.9"]),
        ("(1)印刷费1.2万元(2)培训费0.9万元", ["印刷费", "培训费"], ["1.2", "0.9"]),
        ("（1）印刷费1.2万元；（2）培训费0.9万元。", ["印刷费", "培训费"], ["1.2", "0.9"]),
        ("印刷费1.2万元;培训费0.9万元", ["印刷费", "培训费"], ["1.2", "0.9"]),
        ("印刷费1.2万元。培训费0.9万元。", ["印刷费", "培训费"], ["1.2", "0.9"]),
        ("印刷费1.2万元\n培训费0.9万元", ["印刷费", "培训费"], ["1.2", "0.9"]),
        ("印刷费：1.2万元\r\n培训费：0.9万元", ["印刷费", "培训费"], ["1.2", "0.9"]),
        ("⑴印刷费1.2万元⑵培训费0.9万元", ["印刷费", "培训费"], ["1.2", "0.9"]),
        ("印刷费，12期×1000元/期", ["印刷费"], ["1.2"]),  # no result written: the product counts
        ("2023年培训费,30元/人×300人=0.9万元", ["2023年培训费"], ["0.9"]),  # digits in the label
        ("资料费1200元", ["资料费"], ["0.12"]),
        ("培训费八千元", ["培训费"], ["0.8"]),  # Chinese numerals
    ],
)
def test_separators_and_labels(raw: str, labels: list[str], amounts: list[str]) -> None:
    calc = parse_calculation(raw)
    assert calc.unparsed == ()
    assert [i.label for i in calc.items] == labels
    assert [i.amount_wan for i in calc.items] == [D(a) for a in amounts]
    assert calc.total_wan == sum((D(a) for a in amounts), D(0))


def test_decimal_is_not_a_number_marker() -> None:
    calc = parse_calculation("宣传费,1.4万元/次×1次=1.4万元")
    assert len(calc.items) == 1
    assert calc.items[0].factors[0] == Q(D("1.4"), "万元/次")


def test_total_line_is_not_added_twice() -> None:
    calc = parse_calculation("1.印刷费：12期x1000元/期=1.2万元\n2.培训费：30元/人*300人=0.9万元\n合计：2.1万元")
    assert [i.is_total for i in calc.items] == [False, False, True]
    assert calc.total_wan == D("2.1")
    assert calc.declared_total_wan == D("2.1")


def test_declared_total_can_disagree() -> None:
    calc = parse_calculation("印刷费1.2万元；培训费0.9万元；共计3万元")
    assert calc.total_wan == D("2.1")
    assert calc.declared_total_wan == D(3)


@pytest.mark.parametrize(
    ("raw", "unparsed"),
    [
        ("根据工作需要安排", ["根据工作需要安排"]),
        ("详见附件", ["详见附件"]),
        ("按实际发生支出；印刷费1.2万元", ["按实际发生支出"]),
        ("培训费1.2万元+资料费0.3万元", ["培训费1.2万元+资料费0.3万元"]),  # a sum without result
        ("培训费数千元", ["培训费数千元"]),  # no number to read ("培训费八千元" is read: see above)
        ("印刷费一万二千元；资料费三千元", ["印刷费一万二千元"]),  # 万 inside a numeral is left unread
    ],
)
def test_unparsed(raw: str, unparsed: list[str]) -> None:
    calc = parse_calculation(raw)
    assert list(calc.unparsed) == unparsed
    assert all(i.text not in unparsed for i in calc.items)


def test_sum_with_result_keeps_the_result_only() -> None:
    (item,) = parse_calculation("培训费1.2万元+资料费0.3万元=1.5万元").items
    assert item.factors == ()
    assert item.stated_wan == D("1.5")
    assert item.computed_wan is None
    assert item.product_matches() is None


@pytest.mark.parametrize("raw", [None, "", "   ", "；；", "①②"])
def test_empty(raw: str | None) -> None:
    calc = parse_calculation(raw)
    assert calc.items == ()
    assert calc.unparsed == ()
    assert calc.total_wan is None


def test_no_money_factor_gives_no_product() -> None:
    (item,) = parse_calculation("培训300人×2天").items
    assert item.factors == (Q(D(300), "人"), Q(D(2), "天"))
    assert item.computed_wan is None
    assert item.amount_wan is None
    assert parse_calculation("培训300人×2天").total_wan is None


def test_two_money_factors_give_no_product() -> None:
    (item,) = parse_calculation("1000元×2万元=2000万元").items
    assert item.computed_wan is None
    assert item.stated_wan == D(2000)


def test_lone_unit_price_is_not_an_amount() -> None:
    (item,) = parse_calculation("宣传制作费1.4万元/次").items
    assert item.factors == (Q(D("1.4"), "万元/次"),)
    assert item.stated is None
    assert item.amount_wan is None


@pytest.mark.parametrize(
    ("unit", "rate"),
    [("万元", D(1)), ("元", D("0.0001")), ("元/人", D("0.0001")), ("万元/次", D(1)), ("千元", D("0.1")),
     ("亿元", D(10000)), ("人", None), ("期", None), ("", None)],
)
def test_money_to_wan(unit: str, rate: Decimal | None) -> None:
    assert money_to_wan(unit) == rate


def test_property_products_loop() -> None:
    # every price × count written in 元 or 万元, right or wrong, is judged correctly
    for price in (30, 150, 1000, 2500):
        for count in (1, 12, 300):
            right = D(price * count) / 10000
            for stated, ok in ((f"{right}万元", True), (f"{price * count}元", True), (f"{right * 10}万元", False)):
                text = f"费用，{price}元/人×{count}人={stated}"
                (item,) = parse_calculation(text).items
                assert item.computed_wan == right, text
                assert item.product_matches() is ok, text


def test_results_are_frozen() -> None:
    calc = parse_calculation(SEED_DRILL)
    assert isinstance(calc, Calculation)
    assert isinstance(calc.items[0], CalcItem)
    with pytest.raises(AttributeError):
        calc.items[0].label = "x"  # type: ignore[misc]
