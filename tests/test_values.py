"""指标值 cells: the kind a rule sees (quantitative, graded, vague, deadline, several in one cell…), seeds included."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfxl.value_words import GRADES
from perfxl.values import (
    GRADED_VALUES,
    QUALITATIVE_WORDS,
    SIGNS,
    VAGUE_TERMS,
    IndicatorKind,
    IndicatorValue,
    Quantity,
    parse_amount,
    parse_indicator_value,
)
from tests.helpers import to_fullwidth

K = IndicatorKind
D = Decimal

# ------------------------------------------------------------------------------------------------ 指标值

# (raw, kind, sign, number, unit, worded, sign_implied, normalized)
QUANTITATIVE_CASES: list[tuple[str, str, str, str | None, bool, bool, str]] = [
    # seeds
    ("≥100%", "≥", "100", "%", False, False, "≥100%"),
    ("100%", "＝", "100", "%", False, True, "＝100%"),
    ("1次", "＝", "1", "次", False, True, "＝1次"),
    ("≥220次", "≥", "220", "次", False, False, "≥220次"),
    ("≤9.8万元", "≤", "9.8", "万元", False, False, "≤9.8万元"),
    ("≥1000人次", "≥", "1000", "人次", False, False, "≥1000人次"),
    ("≤49.92万元", "≤", "49.92", "万元", False, False, "≤49.92万元"),
    ("≥90%", "≥", "90", "%", False, False, "≥90%"),
    ("≤6.2万元", "≤", "6.2", "万元", False, False, "≤6.2万元"),
    # signs in every spelling
    (">=95%", "≥", "95", "%", False, False, "≥95%"),
    ("＞90%", "＞", "90", "%", False, False, "＞90%"),
    (">90%", "＞", "90", "%", False, False, "＞90%"),
    ("=1次", "＝", "1", "次", False, False, "＝1次"),
    ("＝1次", "＝", "1", "次", False, False, "＝1次"),
    ("<5%", "＜", "5", "%", False, False, "＜5%"),
    ("＜5%", "＜", "5", "%", False, False, "＜5%"),
    ("<=8万元", "≤", "8", "万元", False, False, "≤8万元"),
    ("≦8万元", "≤", "8", "万元", False, False, "≤8万元"),
    # words
    ("95%以上", "≥", "95", "%", True, False, "≥95%"),
    ("90%及以上", "≥", "90", "%", True, False, "≥90%"),
    ("至少2次", "≥", "2", "次", True, False, "≥2次"),
    ("不低于90%", "≥", "90", "%", True, False, "≥90%"),
    ("不少于12期", "≥", "12", "期", True, False, "≥12期"),
    ("达到95%", "≥", "95", "%", True, False, "≥95%"),
    ("5%以下", "≤", "5", "%", True, False, "≤5%"),
    ("不超过8万元", "≤", "8", "万元", True, False, "≤8万元"),
    ("不高于150元/人", "≤", "150", "元/人", True, False, "≤150元/人"),
    ("最多3次", "≤", "3", "次", True, False, "≤3次"),
    ("8万元以内", "≤", "8", "万元", True, False, "≤8万元"),
    ("控制在8万元以内", "≤", "8", "万元", True, False, "≤8万元"),
    ("超过100人", "＞", "100", "人", True, False, "＞100人"),
    ("低于5%", "＜", "5", "%", True, False, "＜5%"),
    ("≥90%以上", "≥", "90", "%", True, False, "≥90%"),  # symbol and word agree
    # full-width and stray spaces
    ("≥ 95 %", "≥", "95", "%", False, False, "≥95%"),
    ("＞ 9 0 ％", "＞", "90", "%", False, False, "＞90%"),
    ("≥１２期", "≥", "12", "期", False, False, "≥12期"),
    ("≤９．８万元", "≤", "9.8", "万元", False, False, "≤9.8万元"),
    (" 1次。", "＝", "1", "次", False, True, "＝1次"),
    ("95 %", "＝", "95", "%", False, True, "＝95%"),
    ("1,000人次", "＝", "1000", "人次", False, True, "＝1000人次"),
    # other units, and a bare number
    ("≥1年", "≥", "1", "年", False, False, "≥1年"),
    ("≤3个工作日", "≤", "3", "个工作日", False, False, "≤3个工作日"),
    ("≥50平方米", "≥", "50", "平方米", False, False, "≥50平方米"),
    ("12", "＝", "12", None, False, True, "＝12"),
    ("≥12", "≥", "12", None, False, False, "≥12"),
]


@pytest.mark.parametrize(("raw", "sign", "number", "unit", "worded", "implied", "normalized"), QUANTITATIVE_CASES)
def test_quantitative(
    raw: str, sign: str, number: str, unit: str | None, worded: bool, implied: bool, normalized: str
) -> None:
    value = parse_indicator_value(raw)
    assert value.kind is K.QUANTITATIVE, value
    assert value.text == raw
    assert value.sign == sign
    assert value.sign in SIGNS
    assert value.number == D(number)
    assert value.unit == unit
    assert value.worded is worded
    assert value.sign_implied is implied
    assert value.normalized == normalized
    assert value.quantities == ((Quantity(D(number), unit),) if unit else ())


@pytest.mark.parametrize("raw", ["", "   ", "\n\n", "\u3000", None, " \t "])
def test_empty(raw: str | None) -> None:
    value = parse_indicator_value(raw)
    assert value.kind is K.EMPTY
    assert value.text == (raw or "")


@pytest.mark.parametrize("raw", ["*", "_", "-", "—", "——", "/", "无", " * ", "－", "／", "＊", "--", "___", "/ /"])
def test_placeholder(raw: str) -> None:
    value = parse_indicator_value(raw)
    assert value.kind is K.PLACEHOLDER
    assert value.number is None


@pytest.mark.parametrize("raw", GRADED_VALUES)
def test_graded_qualitative(raw: str) -> None:
    value = parse_indicator_value(raw)
    assert value.kind is K.QUALITATIVE
    assert value.graded is True
    assert value.unit is None


@pytest.mark.parametrize("raw", ["是", "否", "合格", "达标", "优秀", "符合要求", "已完成", "通过验收", "合格。", " 达标 "])
def test_qualitative_words(raw: str) -> None:
    value = parse_indicator_value(raw)
    assert value.kind is K.QUALITATIVE
    assert value.graded is False


def test_qualitative_constants_are_disjoint_from_vague() -> None:
    assert not set(QUALITATIVE_WORDS) & set(VAGUE_TERMS)
    assert not set(GRADED_VALUES) & set(QUALITATIVE_WORDS)
    assert not GRADES & set(QUALITATIVE_WORDS)


@pytest.mark.parametrize(
    ("raw", "term"),
    [
        # seeds
        ("随机", "随机"),
        ("不断加强", "不断加强"),
        ("不断提升", "不断提升"),
        ("持续影响", "持续影响"),
        ("持续开展", "持续开展"),
        ("减少", "减少"),
        ("改善", "改善"),
        # the brief's list
        ("有效改善", "有效改善"),
        ("提升", "提升"),
        ("应保尽保", "应保尽保"),
        ("逐步提高", "逐步提高"),
        ("明显提升", "明显提升"),
        ("显著", "显著"),
        ("良好", "良好"),
        ("群众满意度明显提升。", "明显提升"),
        ("网络安全能产生良好生态效益", "良好"),
    ],
)
def test_vague(raw: str, term: str) -> None:
    value = parse_indicator_value(raw)
    assert value.kind is K.VAGUE
    assert value.vague_term == term
    assert value.number is None


def test_every_vague_term_is_vague_alone() -> None:
    for term in set(VAGUE_TERMS) - GRADES:  # "较好" alone is a grade; "效果较好" is vague
        value = parse_indicator_value(term)
        assert value.kind is K.VAGUE, term
        assert value.vague_term is not None
        assert value.vague_term in term


def test_vague_word_with_a_number_is_not_vague() -> None:
    value = parse_indicator_value("满意度提升至95%")
    assert value.kind is K.TEXT
    assert value.quantities == (Quantity(D(95), "%"),)


@pytest.mark.parametrize(
    ("raw", "month", "year", "number", "unit"),
    [
        # seeds
        ("1年", None, None, "1", "年"),
        ("本年度内完成", None, None, None, None),
        ("1月份完成购置", 1, None, None, None),
        ("4月份完成购置", 4, None, None, None),
        ("10月份完成购置", 10, None, None, None),
        ("12月前完成", 12, None, None, None),
        ("2023年", None, 2023, None, None),
        ("2023年度", None, 2023, None, None),
        ("本年度", None, None, None, None),
        # other spellings
        ("2023年12月31日前", 12, 2023, None, None),
        ("12月底前", 12, None, None, None),
        ("2023年12月底前完成", 12, 2023, None, None),
        ("年底前完成", None, None, None, None),
        ("3个月", None, None, "3", "个月"),
        ("3年内完成", None, None, "3", "年"),
        ("10个工作日内办结", None, None, "10", "个工作日"),
        ("上半年完成", None, None, None, None),
        ("第三季度", None, None, None, None),
        ("１２月底前", 12, None, None, None),
    ],
)
def test_deadline(raw: str, month: int | None, year: int | None, number: str | None, unit: str | None) -> None:
    value = parse_indicator_value(raw)
    assert value.kind is K.DEADLINE, value
    assert value.month == month
    assert value.year == year
    assert value.number == (D(number) if number else None)
    assert value.unit == unit
    assert value.sign is None


def test_deadline_month_out_of_range_is_not_read() -> None:
    assert parse_indicator_value("13月前完成").month is None


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        # seeds, exact spacing
        ("≥1期          1次            2次", ["≥1期", "＝1次", "＝2次"]),
        ("1.≥12期        2.1次            3.1次", ["≥12期", "＝1次", "＝1次"]),
        # other separators and numbering
        ("1次，2次", ["＝1次", "＝2次"]),
        ("≥95%；≥90%", ["≥95%", "≥90%"]),
        ("①≥12期②1次", ["≥12期", "＝1次"]),
        ("(1)1次(2)2次", ["＝1次", "＝2次"]),
        ("（1）≥1次；（2）≥2次", ["≥1次", "≥2次"]),
        ("1、≥12期 2、≤8万元", ["≥12期", "≤8万元"]),
        ("≥ 1期  ≥ 2次", ["≥1期", "≥2次"]),
        ("1,000人次 2次", ["＝1000人次", "＝2次"]),
        ("1.5万元 2.5万元", ["＝1.5万元", "＝2.5万元"]),
    ],
)
def test_multiple(raw: str, parts: list[str]) -> None:
    value = parse_indicator_value(raw)
    assert value.kind is K.MULTIPLE, value
    assert [p.normalized for p in value.parts] == parts
    assert all(p.kind is K.QUANTITATIVE for p in value.parts)
    assert value.number is None
    assert len(value.quantities) == len(parts)


def test_multiple_parts_keep_the_typed_text() -> None:
    value = parse_indicator_value("1.≥12期        2.1次            3.1次")
    assert [p.text for p in value.parts] == ["≥12期", "1次", "1次"]
    assert value.parts[0].sign == "≥"
    assert value.parts[1].sign_implied


def test_numbered_names_are_multiple_text() -> None:
    raw = "1.编写《石峰舆情》12期，2.组织开展网络安全宣传周活动1次，      3.开展网评员培训2次。"
    value = parse_indicator_value(raw)
    assert value.kind is K.MULTIPLE
    assert [p.text for p in value.parts] == ["编写《石峰舆情》12期", "组织开展网络安全宣传周活动1次", "开展网评员培训2次"]
    assert [p.kind for p in value.parts] == [K.TEXT, K.TEXT, K.TEXT]
    assert [str(q) for q in value.quantities] == ["12期", "1次", "2次"]


@pytest.mark.parametrize(
    "raw",
    [
        "1.5万元",  # a decimal, not item 1
        "95 %",  # unit split off by a space
        "本年度内 完成",  # words, not several values
        "≥ 95%",
        "1,000人次",
    ],
)
def test_not_multiple(raw: str) -> None:
    assert parse_indicator_value(raw).kind is not K.MULTIPLE


@pytest.mark.parametrize(
    ("raw", "quantities", "normalized"),
    [
        ("组织开展助力乡村振兴、旅游、文明创建、平安建设等打卡活动6次。", ["6次"], "6次"),  # no sign word: no sign
        ("社会公众及服务对象满意度90%以上", ["90%"], "≥90%"),
        ("满意度≥90%", ["90%"], "≥90%"),
        ("网络留言回复率达100%", ["100%"], "≥100%"),
        ("召开全县网络治理工作调度会1次。", ["1次"], "1次"),
        ("支持建设互联网企业党支部2个。召开互联网行业党委会2次", ["2个", "2次"], None),
        ("开展关键信息基础设施摸底活动1次，开展信息化助农活动1次", ["1次", "1次"], None),
        (
            "网络留言回复率达100%\u3000        上级舆情交办完成率100%        上级下发网宣网评任务完成率100%",
            ["100%", "100%", "100%"],
            None,
        ),
        ("无直接生态效益", [], None),
        ("不超年度预算", [], None),
        ("100%完成", ["100%"], "100%"),
        ("约8万元", ["8万元"], "8万元"),
        ("不低于8万元以内", ["8万元"], "≥8万元"),  # contradictory words: not read as one value
        ("约八次", ["8次"], "8次"),  # Chinese numerals count
        ("开展两次培训。", ["2次"], "2次"),
    ],
)
def test_text(raw: str, quantities: list[str], normalized: str | None) -> None:
    value = parse_indicator_value(raw)
    assert value.kind is K.TEXT, value
    assert [str(q) for q in value.quantities] == quantities
    assert value.normalized == normalized
    assert value.sign is None
    assert value.number is None


def test_property_roundtrip_of_normalized() -> None:
    # any sign × number × unit written in canonical form reparses to itself, and the spellings agree
    spellings = {"≥": [">=", "≥", "≧"], "＞": [">", "＞"], "＝": ["=", "＝"], "＜": ["<", "＜"], "≤": ["<=", "≤", "≦"]}
    numbers = ["0", "1", "12", "95", "100", "9.8", "49.92", "1000", "0.05"]
    units = ["%", "次", "期", "万元", "元/人", "人次", "个", "年", "天"]
    for sign, typed in spellings.items():
        for number in numbers:
            for unit in units:
                canonical = f"{sign}{number}{unit}"
                value = parse_indicator_value(canonical)
                assert value.kind is K.QUANTITATIVE, canonical
                assert value.normalized == canonical
                for spelling in typed:
                    again = parse_indicator_value(f" {spelling} {to_fullwidth(number)}{unit} ")
                    assert (again.sign, again.number, again.unit) == (sign, D(number), unit), spelling


def test_never_raises_on_odd_text() -> None:
    odd = ["≥", "%", "≥%", "1.", "①", "（）", "≥≥1次", "1..2次", "——1次", "1年1年", "\x00", "12月32日前",
           "≥-5%", "+3次", "．", "1e5", "∞", "NaN"]
    for raw in odd:
        value = parse_indicator_value(raw)
        assert isinstance(value, IndicatorValue)
        assert value.text == raw
        assert value.kind is not K.EMPTY
        amount = parse_amount(raw)
        assert amount.value is None
        assert amount.problem is not None and raw.strip("\x00") in amount.problem


def test_indicator_value_is_frozen_and_hashable() -> None:
    value = parse_indicator_value("≥1期          1次            2次")
    with pytest.raises(AttributeError):
        value.kind = K.TEXT  # type: ignore[misc]
    assert hash(value) == hash(parse_indicator_value("≥1期          1次            2次"))
