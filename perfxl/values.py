"""Read the values people type into 预算绩效目标表 cells: amounts and 指标值.

Cells hold whatever staff typed ("51.8万元", "≥ 90 %", "95%以上", "1.≥12期  2.1次", "不断提升"), often
with full-width characters. Rules need one reading of them; these functions give it without judging: they
classify and extract, and the rules decide what is wrong. Nothing here touches Excel or files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from functools import lru_cache

from msgspec import Struct

from perfxl.dates import Period, parse_period
from perfxl.numerals import find_numerals, has_numeral, quantity_pattern, to_arabic
from perfxl.value_words import GRADED_VALUES as GRADED_VALUES  # re-exported: rules quote the grades
from perfxl.value_words import (
    GRADES,
    PREFIX_WORDS,
    QUALITATIVE_WORDS,
    SIGN_SYMBOLS,
    SUFFIX_WORDS,
    VAGUE_TERMS,
)
from perfxl.value_words import SIGNS as SIGNS

#: full-width ASCII (！..～) and ideographic/no-break spaces → ASCII; one char to one, so offsets survive.
_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20, 0xFFE5: 0xA5, 0x2212: 0x2D}
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: a Chinese character, as these patterns need it: a letter or numeral character that is neither ASCII nor Latin-1
#: (on these forms, that is a 汉字). Not ``[\u4e00-\u9fff]``: Python's regex compiler marks each of that range's
#: 20,992 characters in a Python loop, ≈ 2 ms for every pattern that names it, at every start of a check (nine
#: patterns here did); this class is compiled in 0.1 ms. It also takes CJK extension A and 〇, which is wanted.
HAN = r"[^\W\d_A-Za-z\xaa-\xff]"
WAN = Decimal("0.0001")  # 1 元 in 万元
#: no budget reaches this many 万元 (10^16 元); a larger number is a typing or format accident
AMOUNT_CEILING = Decimal("1E+12")
_SPACES = re.compile(r"\s+")
_CALENDAR_YEAR = re.compile(r"(19|20)\d\d")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_PLAIN_SEPARATOR = re.compile(r"(?<![<>=≥≤\s,;、])[\s,;、]+")


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and signs (８，．，％，＞，／, and the minus sign −) → ASCII; same length as *text*."""
    return text.translate(_HALF)


@lru_cache(maxsize=16384)
def squash(text: str) -> str:
    """A name as compared across cells and sheets: half-width, without any whitespace (cached)."""
    return re.sub(r"\s+", "", to_halfwidth(text))


def to_decimal(number: str) -> Decimal:
    return Decimal(number.replace(",", ""))


def fmt(number: Decimal) -> str:
    """Plain notation without trailing zeros: 1.2000 → "1.2", 1E+3 → "1000"; any finite size (1E+29 too)."""
    if not number.is_finite():
        return str(number)
    if number == number.to_integral_value():
        return format(number.to_integral_value(), "f")
    return format(number.normalize(), "f")


#: only this much of a cell is parsed as an amount or a 指标值 (real ones: < 50 and ≤ 200 characters); a longer
#: text is read as text, never matched against the patterns (so every parse stays cheap whatever was pasted)
AMOUNT_TEXT_LIMIT = 100
VALUE_TEXT_LIMIT = 1000
#: free text searched for quantities
QUANTITY_TEXT_LIMIT = 20_000


def clip(text: str, width: int = 60) -> str:
    """``text`` shortened for a message: "很长的文字……" (the cell itself says the rest)."""
    return text if len(text) <= width else text[: width - 1] + "…"


# ----------------------------------------------------------------------------------------------- amounts


class Amount(Struct, frozen=True):
    """An amount in 万元 (the layout's unit). ``value`` None with ``problem`` None means an empty cell."""

    value: Decimal | None
    text: str
    unit_seen: str | None = None  # "万元", "万" or "元" as typed; None for a bare number
    problem: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.problem is None


_AMOUNT_RE = re.compile(rf"[¥]?(?P<num>[+-]?(?:{NUMBER}))(?P<unit>万元|万|元)?")


def parse_amount(raw: object) -> Amount:
    """Read a money cell. Never guesses 元 vs 万元 from magnitude: only an explicit "元" converts."""
    if raw is None:
        return Amount(None, "")
    if isinstance(raw, bool) or not isinstance(raw, (int, float, Decimal, str)):
        return Amount(None, str(raw), problem=f"金额不是数字：“{clip(str(raw))}”")
    if isinstance(raw, (int, float, Decimal)):
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        if not value.is_finite():
            return Amount(None, str(raw), problem=f"金额不是有效数字：“{raw}”")
        if abs(value) >= AMOUNT_CEILING:
            return Amount(None, str(raw), problem=f"金额 {raw} 过大，不是有效的万元金额")
        if isinstance(raw, float):  # 51.800000000000004 from Excel arithmetic → 51.8 (1e-6 万元 = 1 分)
            if int(value.as_tuple().exponent) < -6:
                value = value.quantize(Decimal("0.000001"))
            value = Decimal(fmt(value))
        return Amount(value, fmt(value) if isinstance(raw, float) else str(raw))
    squashed = _SPACES.sub("", to_halfwidth(raw[: AMOUNT_TEXT_LIMIT * 10]))
    if not squashed:
        return Amount(None, raw)
    match = _AMOUNT_RE.fullmatch(squashed) if len(squashed) <= AMOUNT_TEXT_LIMIT else None
    if match is None:
        return Amount(None, raw, problem=f"金额不是数字：“{clip(raw.strip())}”")
    value, unit = to_decimal(match["num"]), match["unit"]
    if unit == "元":
        value = Decimal(fmt(value * WAN))
    if abs(value) >= AMOUNT_CEILING:
        return Amount(None, raw, problem=f"金额“{clip(raw.strip())}”过大，不是有效的万元金额")
    return Amount(value, raw, unit_seen=unit)


# ----------------------------------------------------------------------------------------------- quantities


class Quantity(Struct, frozen=True):
    number: Decimal
    unit: str

    def __str__(self) -> str:
        return f"{fmt(self.number)}{self.unit}"


#: Measure words recognised inside free text ("打卡活动6次。"); a cell that is only a value may use any unit.
KNOWN_UNITS: tuple[str, ...] = (
    "万元", "亿元", "千元", "元", "%", "‰", "万人次", "人次", "户次", "场次", "批次", "班次",
    "个工作日", "工作日", "个月", "小时", "分钟", "课时", "学时", "平方米", "公里", "千米", "公斤",
    "千克", "万人", "万户", "次", "期", "个", "人", "名", "户", "家", "项", "件", "份", "册", "本", "套",
    "台", "辆", "场", "天", "日", "年", "周", "篇", "条", "部", "所", "座", "处", "亩", "米", "吨", "张",
    "块", "批", "轮",
)
#: the known measure words as a regex alternation, longest first
KNOWN_UNIT_ALT = "|".join(re.escape(u) for u in sorted(KNOWN_UNITS, key=len, reverse=True))
#: a known measure word, optionally per something ("次/年", "元/台班"): the unit after a number in free text
MEASURE_WORD = rf"(?:{KNOWN_UNIT_ALT})(?:/{HAN}{{1,3}})?"
_QTY_RE = re.compile(rf"(?<![\d.,])(?P<num>{NUMBER})\s*(?P<unit>{MEASURE_WORD})")


#: a Chinese numeral before a measure word ("十二期", "两场")
NUMERAL_QUANTITY = quantity_pattern(MEASURE_WORD)
#: numerals converted when a whole cell is read as a value: measure words, and 月/号 of dates ("十二月底前")
_CN_VALUE_RE = quantity_pattern(rf"{MEASURE_WORD}|月|号")


def _quantity_matches(half: str) -> list[tuple[int, int, Quantity]]:
    """(start, end, quantity) of each number with a unit, in digits or in Chinese numerals ("十二期")."""
    found = [(m.start(), m.end(), Quantity(to_decimal(m["num"]), m["unit"])) for m in _QTY_RE.finditer(half)
             if not (m["unit"] == "年" and _CALENDAR_YEAR.fullmatch(m["num"]))]
    if has_numeral(half):
        found += [(m.start, m.end, Quantity(Decimal(m.number), m.unit)) for m in find_numerals(half, NUMERAL_QUANTITY)
                  if not (m.unit == "年" and _CALENDAR_YEAR.fullmatch(str(m.number)))]
        found.sort(key=lambda match: match[0])
    return found


@lru_cache(maxsize=16384)
def find_quantities(text: str | None) -> tuple[Quantity, ...]:
    """Numbers with a known unit inside free text, in order, in digits or Chinese numerals ("十二期", "两场");
    calendar years ("2023年", "二〇二三年") are skipped (cached)."""
    return tuple(q for _, _, q in _quantity_matches(to_halfwidth((text or "")[:QUANTITY_TEXT_LIMIT])))


# ----------------------------------------------------------------------------------------------- 指标值


class IndicatorKind(str, Enum):
    EMPTY = "empty"  # nothing, or only spaces / line breaks
    PLACEHOLDER = "placeholder"  # only *, _, -, —, /, 无
    QUANTITATIVE = "quantitative"  # [sign] number [unit] [以上/以下…]: "≥90%", "1次", "95%以上", "12"
    QUALITATIVE = "qualitative"  # a grade of a 定性 scale or a yes/no word (GRADE_SCALES, QUALITATIVE_WORDS)
    VAGUE = "vague"  # contains a VAGUE_TERMS word and no number: not measurable
    MULTIPLE = "multiple"  # several values in one cell; see ``parts``
    DEADLINE = "deadline"  # a date, duration or period: "12月底前", "1年", "本年度内完成", "2023.07-2024.01"
    TEXT = "text"  # anything else; ``quantities`` lists the numbers found in it


_VAGUE_LONGEST_FIRST = tuple(sorted(VAGUE_TERMS, key=len, reverse=True))


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_QUANT_RE = re.compile(
    rf"(?:(?P<sym>{_alt(SIGN_SYMBOLS)})|(?P<pre>{_alt(PREFIX_WORDS)}))?(?P<num>[+-]?(?:{NUMBER}))"
    rf"(?P<unit>%|‰|℃|(?:[A-Za-z²³/·]|{HAN}){{1,6}}?)??(?P<suf>{_alt(SUFFIX_WORDS)})?"
)
_ACTION = "完成|完工|办结|结束|到位|实施|执行|支付|拨付|采购|购置|上线|验收|开展|交付|建成|启动|实现|落实|" \
          "响应|处置|处理|回复|办理|反馈|召开|组织|投入使用"
_DEADLINE_RE = re.compile(
    r"(?:在|于|预计|计划)?(?:"
    r"(?P<y>(?:19|20)\d\d)年度?(?:(?P<m>\d{1,2})月份?(?:\d{1,2}[日号])?)?"
    r"|(?P<y3>(?:19|20)\d\d)[./-](?P<m3>0?[1-9]|1[0-2])(?:[./-]\d{1,2})?(?!\d)"  # 2023.12, 2023-12-31
    r"|(?P<m2>\d{1,2})月份?(?:\d{1,2}[日号])?"
    r"|(?P<n>\d+(?:\.\d+)?)(?P<u>个月|个工作日|工作日|个小时|小时|年|天|日|周)"
    r"|(?:本|当|今|次|明)年度?|年度|全年|上半年|下半年|第?[一二三四1-4]季度|年(?=底|末|初|内)"
    r")(?P<edge>底|末|初|中旬|上旬|下旬)?(?P<bound>前|之前|以前|内|以内|之内|期间|期内)?"
    rf"(?P<act>(?:{_ACTION}){HAN}{{0,10}})?"
)
_PLACEHOLDER_CHARS = frozenset("*_-—/无–―~·.。 \t\r\n")
_TRAILING = " \t\r\n\u3000,;.。、，；"
_CIRCLED = re.compile(r"[\u2460-\u249b]")  # ①..⑳, ⑴..⒇, ⒈..⒛
_NUMBERED = re.compile(r"\((?P<p>\d{1,2})\)|(?:^|(?<=[\s;,、。]))(?P<n>\d{1,2})[.、)]")


class IndicatorValue(Struct, frozen=True):
    """One 指标值 cell read.

    ``sign``/``number``/``unit`` are set for QUANTITATIVE (``number``/``unit`` also for a DEADLINE duration
    such as "1年"). ``normalized`` is the canonical "sign+number+unit"; for TEXT holding exactly one
    quantity it is that quantity with the sign its words give, offered as a fix hint ("满意度90%以上" → "≥90%";
    "打卡活动6次。" → "6次", no sign: the rules add the one the indicator implies).
    A DEADLINE is a date, a duration or a ``period`` ("2023.07-2024.01"; ``year``/``month`` are then its end);
    ``bare_date`` marks a date written without 前/底/内 or a verb ("2023年12月31日", "2023.12").
    """

    text: str
    kind: IndicatorKind
    sign: str | None = None
    number: Decimal | None = None
    unit: str | None = None
    worded: bool = False  # the comparison was written in words: "95%以上", "至少2次"
    sign_implied: bool = False  # no sign typed, ＝ assumed: "1次", "100%"
    normalized: str | None = None
    parts: tuple[IndicatorValue, ...] = ()
    month: int | None = None
    year: int | None = None
    quantities: tuple[Quantity, ...] = ()
    graded: bool = False  # one grade of a 定性 scale (GRADE_SCALES)
    vague_term: str | None = None
    period: Period | None = None
    bare_date: bool = False


def _quantitative(text: str, squashed: str) -> IndicatorValue | None:
    m = _QUANT_RE.fullmatch(squashed)
    if m is None:
        return None
    sign = SIGN_SYMBOLS[m["sym"]] if m["sym"] else PREFIX_WORDS.get(m["pre"] or "", "")
    suffix_sign = SUFFIX_WORDS.get(m["suf"] or "", "")
    if sign and suffix_sign and sign != suffix_sign:
        return None  # "不低于8万元以内": contradicts itself, leave it to the reader
    worded = bool(m["pre"] and sign) or bool(suffix_sign)
    sign, implied = (sign or suffix_sign or "＝"), not (sign or suffix_sign)
    number, unit = to_decimal(m["num"]), m["unit"] or None
    return IndicatorValue(
        text, IndicatorKind.QUANTITATIVE, sign=sign, number=number, unit=unit, worded=worded,
        sign_implied=implied, normalized=f"{sign}{fmt(number)}{unit or ''}",
        quantities=(Quantity(number, unit),) if unit else (),
    )


def _deadline(text: str, squashed: str) -> IndicatorValue | None:
    m = _DEADLINE_RE.fullmatch(squashed)
    if m is None:
        return None
    month = m["m"] or m["m2"] or m["m3"]
    year = m["y"] or m["y3"]
    number = Decimal(m["n"]) if m["n"] else None
    bare = bool(month) and not (m["bound"] or m["act"] or m["edge"] in ("底", "末"))
    return IndicatorValue(
        text, IndicatorKind.DEADLINE, number=number, unit=m["u"],
        month=int(month) if month and 1 <= int(month) <= 12 else None, year=int(year) if year else None,
        quantities=(Quantity(number, m["u"]),) if number is not None else (), bare_date=bare,
    )


def _period(text: str, squashed: str) -> IndicatorValue | None:
    period = parse_period(squashed)
    if period is None:
        return None
    return IndicatorValue(text, IndicatorKind.DEADLINE, period=period, year=period.end.year, month=period.end.month)


def _split_numbered(text: str, half: str, strict: bool) -> list[str] | None:
    """Cut "1.≥12期 2.1次" / "①…②…" / "(1)…(2)…" into items; None unless it starts with item 1 and has two.

    *strict* skips markers followed by a digit ("1.5万元" is a decimal, "2.1次" may be item 2).
    """
    cuts: list[tuple[int, int]] = [(m.start(), m.end()) for m in _CIRCLED.finditer(half)]
    if not cuts:
        expected = 1
        for m in _NUMBERED.finditer(half):
            if int(m["p"] or m["n"]) == expected and not (strict and half[m.end():m.end() + 1].isdigit()):
                cuts.append((m.start(), m.end()))
                expected += 1
    if len(cuts) < 2 or half[: cuts[0][0]].strip():
        return None
    ends = [start for start, _ in cuts[1:]] + [len(text)]
    return [text[end:nxt].strip(_TRAILING) for (_, end), nxt in zip(cuts, ends, strict=True)]


def _split_plain(text: str, half: str) -> list[str] | None:
    """Cut "≥1期   1次   2次" or "1次，2次" when every piece is a value with a number."""
    masked = _THOUSANDS.sub("\0", half)  # keep "1,000" whole
    seps = list(_PLAIN_SEPARATOR.finditer(masked.strip(_TRAILING)))
    if not seps:
        return None
    lead = len(half) - len(half.lstrip(_TRAILING))
    bounds = [lead] + [lead + m.end() for m in seps]
    ends = [lead + m.start() for m in seps] + [len(text)]
    pieces = [text[a:b].strip(_TRAILING) for a, b in zip(bounds, ends, strict=True)]
    for piece in pieces:
        parsed = parse_indicator_value(piece)
        if parsed.kind not in (IndicatorKind.QUANTITATIVE, IndicatorKind.DEADLINE):
            return None
        if parsed.number is None and parsed.month is None:
            return None
    return pieces


@lru_cache(maxsize=8192)
def parse_indicator_value(raw: str | None) -> IndicatorValue:
    """Classify a 指标值 cell (cached: the result is immutable and many rules ask about the same cells).

    First match wins: EMPTY, PLACEHOLDER, MULTIPLE, QUALITATIVE (whole cell), DEADLINE (whole cell: a period
    "2023.07-2024.01", a date, or a duration, so a signless "1年"/"3天" is a duration and "≥1年" QUANTITATIVE),
    QUANTITATIVE (whole cell), VAGUE (no number), TEXT. Chinese numerals count as numbers ("两场", "十二月底前")."""
    text = "" if raw is None else str(raw)
    if len(text) > VALUE_TEXT_LIMIT:  # pasted prose, not a value: not parsed (see VALUE_TEXT_LIMIT)
        return IndicatorValue(text, IndicatorKind.TEXT)
    half = to_halfwidth(text)
    if not half.strip():
        return IndicatorValue(text, IndicatorKind.EMPTY)
    if set(half) <= _PLACEHOLDER_CHARS:
        return IndicatorValue(text, IndicatorKind.PLACEHOLDER)
    pieces = _split_numbered(text, half, True) or _split_plain(text, half) or _split_numbered(text, half, False)
    if pieces:
        parts = tuple(parse_indicator_value(p) for p in pieces)
        return IndicatorValue(text, IndicatorKind.MULTIPLE, parts=parts,
                              quantities=tuple(q for p in parts for q in p.quantities))
    squashed = _SPACES.sub("", half).rstrip(_TRAILING)
    if squashed in GRADES:
        return IndicatorValue(text, IndicatorKind.QUALITATIVE, graded=True)
    if squashed in QUALITATIVE_WORDS:
        return IndicatorValue(text, IndicatorKind.QUALITATIVE)
    digits = to_arabic(squashed, _CN_VALUE_RE)[0] if has_numeral(squashed) else squashed  # "两场" → "2场"
    found = _period(text, digits) or _deadline(text, digits) or _quantitative(text, digits)
    if found is not None:
        return found
    quantities = find_quantities(half)
    if not quantities:
        vague = next((w for w in _VAGUE_LONGEST_FIRST if w in squashed), None)
        if vague is not None:
            return IndicatorValue(text, IndicatorKind.VAGUE, vague_term=vague)
    return IndicatorValue(text, IndicatorKind.TEXT, quantities=quantities, normalized=_hint(half, quantities))


_PRODUCT_SIGNS = ("×", "*", "x", "X", "·")


def _hint(half: str, quantities: tuple[Quantity, ...]) -> str | None:
    """For free text with one quantity, the value a 指标值 cell should hold: "满意度90%以上" → "≥90%",
    "召开调度会1次。" → "1次" (no sign word: the rules add the sign the indicator implies, never a guessed ＝)."""
    if len(quantities) != 1:
        return None
    start, end, _ = _quantity_matches(half)[0]
    before, after = half[:start].rstrip(), half[end:].lstrip()
    if before.endswith(_PRODUCT_SIGNS) or after.startswith(_PRODUCT_SIGNS):
        return None  # "7×24小时": a factor, not the target
    sign = _affix(SIGN_SYMBOLS, before.endswith) or _affix(PREFIX_WORDS, before.endswith)
    sign = sign or _affix(SUFFIX_WORDS, after.startswith)
    return f"{sign}{quantities[0]}"


def _affix(table: dict[str, str], test: Callable[[str], bool]) -> str:
    return next((table[w] for w in sorted(table, key=len, reverse=True) if test(w)), "")
