"""Read 支出测算依据及过程说明 text ("①印刷费，12期×1000元/期=1.2万元;②…") into items that can be checked.

Reviewers judge 可行性 by whether the money was calculated: each item's product should give its stated result and
the items should add up to the row's 金额. Staff write these as free text mixing 元 and 万元, full-width signs,
Chinese numerals ("两次×5000元/次") and several numbering styles, and an item may take money off ("结余抵减-0.5万元"),
so this module only reads; what counts as an error is left to the rules. Anything it cannot read goes to
``unparsed`` instead of raising.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from msgspec import Struct

from perfxl.numerals import has_numeral, to_arabic
from perfxl.values import NUMBER, NUMERAL_QUANTITY, Quantity, fmt, to_decimal, to_halfwidth

#: an item whose label starts with one of these restates the total; it is not added to ``total_wan``
TOTAL_WORDS: tuple[str, ...] = ("合计", "共计", "总计", "小计", "总共", "累计", "以上合计")
_MONEY_TO_WAN: tuple[tuple[str, Decimal], ...] = (
    ("亿元", Decimal(10000)), ("万元", Decimal(1)), ("千元", Decimal("0.1")), ("元", Decimal("0.0001")),
)
# item boundaries: ①..⑳ ⑴..⒇ ⒈..⒛, (1), "1." / "1、" / "1)" at the start or after a separator, ; 。 and line breaks
_CUT = re.compile(
    r"[\u2460-\u249b]|\(\d{1,2}\)|(?:^|(?<=[\s;,、。]))\d{1,2}[.、)](?!\d)|[;。\r\n]+"
    r"|(?<=\d元),(?!\s*\d)|(?<=\d万元),(?!\s*\d)"  # "办公费2万元，差旅费3万元": a comma after an amount ends an item
)
_TIMES = re.compile(r"[×✕✖*]|(?<![A-Za-z])[xX](?=\s*\d)|[·⋅](?=\s*\d)")
_NUMBER_AT = re.compile(NUMBER)
_NUMBER_WHOLE = re.compile(rf"(?:{NUMBER})\Z")
_DIGIT = re.compile(r"\d")
#: a number is read from at most this many characters (a longer run of digits is no amount anyone typed)
NUMBER_SPAN = 40
#: only this much of a 测算 text is split into items; the rest is kept as one unread piece (real texts: < 1,000)
TEXT_LIMIT = 5000
_STATED = re.compile(rf"\s*(?P<num>-?(?:{NUMBER}))\s*(?P<unit>[^\d\s,;()]*)")
_STRIP = " \t\r\n\u3000,;.。、，；:：．"
#: sums, divisions and differences of amounts ("3万元-0.5万元") are not read as factors; a "-" after a range's
#: first number ("1-12月") is neither a difference nor a sign
_SUM = re.compile(r"[+÷]|(?:元|万)\s*-\s*\d")


@lru_cache(maxsize=1024)
def money_to_wan(unit: str) -> Decimal | None:
    """How many 万元 one of *unit* is ("元" → 0.0001, "万元/次" → 1); None when it is not money (cached: units are
    few)."""
    return next((rate for prefix, rate in _MONEY_TO_WAN if unit.startswith(prefix)), None)


class CalcItem(Struct, frozen=True):
    text: str  # as written, without its number marker or separator
    label: str  # what is paid for: "《石峰舆情》印刷费", "演习设计"
    factors: tuple[Quantity, ...] = ()  # 12期 × 1000元/期
    stated: Quantity | None = None  # the result written after "=" (or the lone amount: "演习设计1.6万元")
    computed_wan: Decimal | None = None  # product of factors in 万元, when exactly one factor is money
    stated_wan: Decimal | None = None
    is_total: bool = False  # "合计8万元": restates the sum

    @property
    def amount_wan(self) -> Decimal | None:
        """What this item contributes: the stated result, else the computed product."""
        return self.stated_wan if self.stated_wan is not None else self.computed_wan

    def product_matches(self, tolerance: Decimal = Decimal("0.005")) -> bool | None:
        """Whether factors multiply to the stated result (in 万元); None when there is nothing to compare."""
        if self.computed_wan is None or self.stated_wan is None:
            return None
        return abs(self.computed_wan - self.stated_wan) <= tolerance


class Calculation(Struct, frozen=True):
    text: str
    items: tuple[CalcItem, ...] = ()
    unparsed: tuple[str, ...] = ()  # pieces with no readable amount, as written

    @property
    def total_wan(self) -> Decimal | None:
        """Sum of the items' amounts (total rows excluded); None when no item carries an amount."""
        amounts = [i.amount_wan for i in self.items if not i.is_total and i.amount_wan is not None]
        return Decimal(fmt(sum(amounts, Decimal(0)))) if amounts else None

    @property
    def declared_total_wan(self) -> Decimal | None:
        """The amount of the last 合计/共计 item, if the text restates its total."""
        totals = [i.amount_wan for i in self.items if i.is_total and i.amount_wan is not None]
        return totals[-1] if totals else None

    @property
    def mismatched(self) -> tuple[CalcItem, ...]:
        return tuple(i for i in self.items if i.product_matches() is False)


def _quantity(num: str, unit: str) -> Quantity:
    return Quantity(to_decimal(num), unit.strip())


def _in_wan(q: Quantity | None) -> Decimal | None:
    rate = None if q is None or "/" in q.unit else money_to_wan(q.unit)
    return None if q is None or rate is None else Decimal(fmt(q.number * rate))


def _product_wan(factors: tuple[Quantity, ...]) -> Decimal | None:
    money = [f for f in factors if money_to_wan(f.unit) is not None]
    if len(money) != 1 or (len(factors) == 1 and "/" in money[0].unit):
        return None
    product = money_to_wan(money[0].unit) or Decimal(0)
    for factor in factors:
        product *= factor.number
    return Decimal(fmt(product))


def _first_quantity(chunk: str) -> tuple[str, str, str] | None:
    """(label, number, unit) of "《石峰舆情》印刷费12期": the number is the last one in the chunk, taken as long as
    it can be (the reading of ``(.*?)(NUMBER)\\s*(\\D*?)\\s*`` as a whole match), found without backtracking."""
    back = _DIGIT.search(chunk[::-1])
    if back is None:
        return None
    end = len(chunk) - back.start()
    start = end - 1
    floor = max(0, end - NUMBER_SPAN)
    while start > floor and (chunk[start - 1] in ".," or chunk[start - 1].isdecimal()):
        start -= 1
    for begin in range(start, end):
        if _NUMBER_WHOLE.match(chunk, begin, end):
            if _negative_at(chunk, begin):
                begin -= 1
            return chunk[:begin], chunk[begin:end], chunk[end:].strip()
    return None


def _negative_at(chunk: str, begin: int) -> bool:
    """Whether the number at *begin* carries a minus sign ("抵减-0.5万元"), not a range's dash ("1-12月")."""
    return begin > 0 and chunk[begin - 1] == "-" and not chunk[: begin - 1].rstrip()[-1:].isdecimal()


def _factor(chunk: str) -> tuple[str, str] | None:
    """(number, unit) of " 1000元/期 ": a number first and no digit after it."""
    body = chunk.lstrip()
    m = _NUMBER_AT.match(body)
    if m is None or m.end() - m.start() > NUMBER_SPAN or _DIGIT.search(body, m.end()):
        return None
    return m.group(), body[m.end():].strip()


def _parse_item(text: str, half: str, origin: list[int] | None = None) -> CalcItem | None:
    """One piece → item; *half* is *text* made half-width with multiplication signs as "×" and Chinese numerals in
    digits; *origin* maps a position in *half* to one in *text* (None: the same position)."""

    def written(end: int) -> str:
        return text[: end if origin is None else origin[end]].strip(_STRIP)

    left, _, right = half.partition("=")
    right = right.rsplit("=", 1)[-1]
    stated_match = _STATED.match(right) if right else None
    if stated_match is not None and len(stated_match["num"]) > NUMBER_SPAN:
        stated_match = None
    stated = _quantity(stated_match["num"], stated_match["unit"]) if stated_match else None
    chunks = left.split("×")
    first = _first_quantity(chunks[0])
    rest = [_factor(c) for c in chunks[1:]]
    factors: tuple[Quantity, ...] = ()
    if first is None or not all(rest) or _SUM.search(left):  # sums are not read as factors
        if stated is None:
            return None
        label = written(len(left))
    else:
        label = written(len(first[0]))
        factors = (_quantity(first[1], first[2]),)
        factors += tuple(_quantity(*m) for m in rest if m)
        if not right and len(factors) == 1 and _in_wan(factors[0]) is not None:
            stated, factors = factors[0], ()  # "演习设计1.6万元": a lone amount is the result
    is_total = label.startswith(TOTAL_WORDS) or label == "共"
    return CalcItem(text, label, factors, stated, _product_wan(factors), _in_wan(stated), is_total)


@lru_cache(maxsize=16384)
def parse_calculation(raw: str | None) -> Calculation:
    """Split 测算 text into items (see :class:`CalcItem`); never raises on odd text. Cached: the result is frozen,
    and the same texts come back in every check and in 生成指标."""
    text = "" if raw is None else str(raw)
    read = text[:TEXT_LIMIT]
    half = _TIMES.sub("×", to_halfwidth(read))
    items: list[CalcItem] = []
    unparsed: list[str] = []
    bounds = [0, *(p for m in _CUT.finditer(half) for p in (m.start(), m.end())), len(read)]
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        piece, piece_half = read[start:end], half[start:end]
        lead = len(piece) - len(piece.lstrip(_STRIP))
        piece, piece_half = piece.strip(_STRIP), piece_half[lead:].rstrip(_STRIP)
        if not piece:
            continue
        origin = None
        if has_numeral(piece_half):  # "两次×5000元/次": the numerals in digits, the label as written
            piece_half, origin = to_arabic(piece_half, NUMERAL_QUANTITY)
        item = _parse_item(piece, piece_half, origin)
        if item is None:
            unparsed.append(piece)
        else:
            items.append(item)
    if len(text) > TEXT_LIMIT:
        unparsed.append(text[TEXT_LIMIT:])
    return Calculation(text, tuple(items), tuple(unparsed))
