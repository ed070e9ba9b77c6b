"""``values.HAN``, the cheap-to-compile class that stands for a Chinese character in perfxl's patterns (see its
comment): it must take every character the range it replaced took, and none of the characters around them on
these forms (digits, ASCII and Latin-1 letters, Chinese and ASCII punctuation)."""

from __future__ import annotations

import re

from perfxl.rules.hygiene import _doubled
from perfxl.values import HAN, IndicatorKind, find_quantities, parse_indicator_value


def test_han_takes_every_character_of_the_cjk_unified_block() -> None:
    han = re.compile(HAN)
    assert [hex(c) for c in range(0x4E00, 0xA000) if not han.fullmatch(chr(c))] == []


def test_han_leaves_digits_letters_and_punctuation_alone() -> None:
    han = re.compile(HAN)
    others = "0123456789０８abcXYZ_ %‰℃²³·éñ，。、；：“”（）《》【】！？…—/-=≥≤"
    assert [ch for ch in others if han.fullmatch(ch)] == []


def test_patterns_built_on_han_read_as_before() -> None:
    assert [str(q) for q in find_quantities("培训2次/年，覆盖300人")] == ["2次/年", "300人"]
    value = parse_indicator_value("≥2台班")
    assert (value.kind, value.unit) == (IndicatorKind.QUANTITATIVE, "台班")
    assert parse_indicator_value("12月底前完成验收").kind is IndicatorKind.DEADLINE


def test_doubled_characters_are_only_hanzi() -> None:
    assert _doubled("开展展培训") == ("展展",)
    assert _doubled("ＡＡ级景区①①") == ()  # full-width letters and circled numbers are not typos of 汉字
