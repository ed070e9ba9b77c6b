"""Chinese numerals as staff write them next to a measure word: "十二期", "一次", "两场", "二十个", "百分之九十五".

Only a numeral that counts something is read: it must be followed by a measure word (the caller gives the
alternation), must not be an ordinal or part of a word ("第一次", "统一部署", "一次性", "一期工程"), and must be
well formed ("一百二" is left alone: 102 or 120?). Every pattern here is bounded, so reading stays linear in the
length of the text (issue 11).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from msgspec import Struct

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}
#: a numeral starts with a digit or 十 ("百姓", "千家万户" are words) and is at most 12 characters long;
#: 万 and 亿 are left to the unit ("三万元" is 3 万元, like "3万元")
RUN = "[一二两三四五六七八九十][〇零一二两三四五六七八九十百千]{0,11}"
#: characters that make the numeral an ordinal or part of a word when they come just before it
_WORD_BEFORE = "第统唯万逐之同单合其周初每数几星礼"
_NUMERAL_CHARS = "".join(DIGITS) + "".join(MULTIPLIERS)
#: words that begin with a measure word: "一次性", "一期工程", "一部分", "统筹一部门", "三年级"
_UNIT_WORDS = (
    "次性", "期工程", "部分", "部署", "部门", "项目", "个性", "名单", "名称", "条件", "条例", "批准", "批复",
    "台账", "本账", "所有", "处理", "处置", "家庭", "家长", "人民", "户籍", "年级", "周年", "本级", "场所",
    "场地", "份额", "套餐",
)
_PERCENT = re.compile(rf"百分之(?:(?P<num>{RUN})|(?P<all>百))")


def chinese_number(run: str) -> int | None:
    """The value of a numeral such as "十二", "二十", "一百零五", "两千", "二〇二三"; None when malformed."""
    if not any(ch in MULTIPLIERS for ch in run):
        if len(run) == 1 and run in DIGITS:
            return DIGITS[run]
        if len(run) == 4 and "两" not in run and all(ch in DIGITS for ch in run):  # a year: 二〇二三
            return int("".join(str(DIGITS[ch]) for ch in run))
        return None
    total, digit, last, zero = 0, None, 10**6, False
    for ch in run:
        if ch in DIGITS:
            if DIGITS[ch] == 0:
                zero = digit is None and total > 0
                if not zero:
                    return None
            elif digit is not None:
                return None
            else:
                digit = DIGITS[ch]
            continue
        multiplier = MULTIPLIERS[ch]
        if multiplier >= last:
            return None
        if digit is None:
            if multiplier != 10 or zero:
                return None
            digit = 1  # 十二, 一百十
        total, digit, last, zero = total + digit * multiplier, None, multiplier, False
    if digit is not None:
        if last > 10 and not zero:
            return None  # 一百二, 两千五: colloquial, ambiguous
        total += digit
    return total


class NumeralMatch(Struct, frozen=True):
    start: int
    end: int
    number: int
    unit: str


def quantity_pattern(units: str) -> re.Pattern[str]:
    """A numeral followed by one of *units* (a regex alternation, longest first), or "百分之…" read as %."""
    return re.compile(
        rf"{_PERCENT.pattern}|(?<![{_WORD_BEFORE}{_NUMERAL_CHARS}])(?P<run>{RUN})(?P<unit>{units})"
    )


def find_numerals(text: str, pattern: re.Pattern[str]) -> Iterator[NumeralMatch]:
    """The numerals of *text* that count something, in order (see :func:`quantity_pattern`)."""
    for m in pattern.finditer(text):
        if m["all"]:
            yield NumeralMatch(m.start(), m.end(), 100, "%")
            continue
        number = chinese_number(m["num"] or m["run"])
        if number is None:
            continue
        if m["num"]:
            yield NumeralMatch(m.start(), m.end(), number, "%")
        elif not text.startswith(_UNIT_WORDS, m.end() - len(m["unit"])):
            yield NumeralMatch(m.start(), m.end(), number, m["unit"])


def has_numeral(text: str) -> bool:
    return any(ch in DIGITS or ch in MULTIPLIERS for ch in text)


def to_arabic(text: str, pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    """*text* with its counting numerals written in digits ("两次×5000元" → "2次×5000元"), and where each
    character of the result came from in *text* (one entry more than the result, for the end)."""
    parts: list[str] = []
    origin: list[int] = []
    done = 0
    for m in find_numerals(text, pattern):
        parts.append(text[done:m.start])
        origin.extend(range(done, m.start))
        digits = f"{m.number}{m.unit}" if m.unit == "%" else str(m.number)
        written_end = m.end if m.unit == "%" else m.end - len(m.unit)
        parts.append(digits)
        origin.extend([m.start] * len(digits))
        done = written_end
    parts.append(text[done:])
    origin.extend(range(done, len(text) + 1))
    return "".join(parts), origin
