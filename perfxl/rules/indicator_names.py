"""Rules: indicator names (指标名称). Is each 三级指标 named as something to measure, and is the same subject named
the same way across the sections of one sheet?

Also the helpers that read several indicators out of one cell (:func:`split_items`, :func:`value_pieces`,
:func:`paired_items`) and compare subjects (:func:`subject`, :func:`similar`), shared with the value and
consistency rules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import lru_cache

from perfxl.check.context import CheckContext
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import Hit, rule
from perfxl.frameworks import normalize_name
from perfxl.rules.indicator_structure import Row, indicator_rows, name_holds_value, table_rows
from perfxl.values import (
    KNOWN_UNIT_ALT,
    IndicatorKind,
    IndicatorValue,
    find_quantities,
    parse_indicator_value,
    to_halfwidth,
)

SIMILAR = 0.8
_MARKER = re.compile(r"(?:^|(?<=[\s,;。、]))(?:\((?P<p>\d{1,2})\)|(?P<n>\d{1,2})[.、)])|(?P<c>[\u2460-\u2473])")
_SEPARATOR = re.compile(r"[\s,;。]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_QUANTITY = re.compile(rf"\d+(?:[.,]\d+)*\s*(?:{KNOWN_UNIT_ALT})?")
_NOT_SUBJECT = re.compile(r"[\W\d_A-Za-z]+")
#: words that turn a subject into a measure of it: "电信网络服务满意度" measures "电信网络服务"
_MEASURE_SUFFIXES = (
    "满意度", "完成率", "及时率", "知晓率", "覆盖率", "合格率", "达标率", "到位率", "执行率", "处置率", "回复率",
    "办结率", "出勤率", "参与率", "人次", "人数", "个数", "期数", "场次", "天数", "完成时间", "完成时限", "完成情况", "完成数量", "完成", "工作", "购置", "采购", "购买", "成本",
    "费用", "经费", "数量", "次数", "质量", "时限", "率",
)


# ------------------------------------------------------------------------------------------ items in one cell


@lru_cache(maxsize=16384)
def split_items(text: str) -> tuple[str, ...]:
    """Several indicators in one cell → their texts: "1.编写12期，2.培训1次" or "编写12期   培训2次"; else [text].

    Numbered items must start at 1 and count up; unnumbered pieces (split at spaces, commas, semicolons, 。)
    count only when every piece holds a number with a unit, so "可持续影响  指标" stays whole."""
    half = _THOUSANDS.sub("\0", to_halfwidth(text))
    numbered = _numbered(text, half)
    if numbered:
        return tuple(numbered)
    pieces = [p for p in _SEPARATOR.split(half) if p]
    if len(pieces) >= 2 and all(find_quantities(p) for p in pieces):
        spans = [m.span() for m in re.finditer(r"[^\s,;。]+", half)]
        return tuple(text[a:b] for a, b in spans)
    return (text,)


def _numbered(text: str, half: str) -> list[str] | None:
    cuts, expected = [], 1
    for m in _MARKER.finditer(half):
        number = ord(m["c"]) - 0x245F if m["c"] else int(m["p"] or m["n"])
        if number == expected:
            cuts.append(m.span())
            expected += 1
    if len(cuts) < 2 or half[: cuts[0][0]].strip():
        return None
    ends = [start for start, _ in cuts[1:]] + [len(text)]
    return [text[end:nxt].strip(" \t\r\n\u3000,;，；、。") for (_, end), nxt in zip(cuts, ends, strict=True)]


@lru_cache(maxsize=16384)
def value_pieces(text: str) -> tuple[IndicatorValue, ...]:
    """The values in one 指标值 cell: the parts of a MULTIPLE value, the pieces of a text with several
    quantities ("召开调度会1次。培训2次"), or the value itself (cached: most indicator rules ask)."""
    value = parse_indicator_value(text)
    if value.kind == IndicatorKind.MULTIPLE:
        return value.parts
    if value.kind == IndicatorKind.TEXT and len(value.quantities) >= 2:
        items = split_items(text)
        if len(items) >= 2:
            return tuple(parse_indicator_value(item) for item in items)
    return (value,)


def paired_items(row: Row) -> tuple[tuple[str, IndicatorValue], ...]:
    """Each indicator named in the row with its own value, when names and values pair one to one."""
    return _paired(row.indicator.name, row.value)


@lru_cache(maxsize=16384)
def _paired(name: str, value: str) -> tuple[tuple[str, IndicatorValue], ...]:
    names = split_items(name)
    values = value_pieces(value)
    return tuple(zip(names, values, strict=True)) if len(names) == len(values) else ()


# ------------------------------------------------------------------------------------------ subjects


@lru_cache(maxsize=16384)
def subject(text: str) -> str:
    """What an item is about, without its numbers, units, numbering and punctuation: "1.编写《石峰舆情》12期" → "编写石峰舆情"
    (cached)."""
    half = _QUANTITY.sub(" ", to_halfwidth(text))
    return _NOT_SUBJECT.sub("", half)


#: verbs and qualifiers around a subject that say how it is measured, not what it is:
#: "开展网络文明主题活动场次" and "网络文明主题活动按期完成率" measure the same "网络文明主题活动"
_ACTION_PREFIXES = (
    "组织开展", "开展", "组织", "举办", "召开", "完成", "单场", "单次", "单期", "每场", "每次", "每期", "人均",
)
_QUALIFIER_SUFFIXES = ("按期", "按时", "及时", "覆盖", "参与", "参加")
#: a subject plus one of these is another thing, not a misspelling: "宣传活动" vs "宣传活动方案"
_PART_NOUNS = ("方案", "报告", "资料", "制度", "台账", "计划", "材料", "记录", "档案", "清单")


def _part_of(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long.startswith(short) and long[len(short):] in _PART_NOUNS


@lru_cache(maxsize=16384)
def measured_subject(name: str) -> str:
    """A 三级 name without the measure words around it: "网络舆情监测系统服务满意度" → "网络舆情监测系统服务"."""
    text = normalize_name(name)
    for prefix in _ACTION_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix) + 1:
            text = text[len(prefix):]
    stripped = True
    while stripped:
        stripped = False
        for suffix in (*_MEASURE_SUFFIXES, *_QUALIFIER_SUFFIXES):
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text, stripped = text[: -len(suffix)], True
                break
    return text


@lru_cache(maxsize=16384)
def similar(a: str, b: str) -> float:
    """difflib's ratio, cached (a batch of returns repeats the same names); 0 when a cheap upper bound of the ratio
    already rules out :data:`SIMILAR`: the lengths (ratio ≤ 2·min(len)/(len a + len b)), then the characters the
    two share regardless of order (difflib's ``quick_ratio``). Callers only ask whether the ratio reaches
    :data:`SIMILAR`, so a 0 for a pair below it changes no answer."""
    if not a or not b or 2 * min(len(a), len(b)) / (len(a) + len(b)) < SIMILAR:
        return 0.0
    if 2 * _shared_characters(a, b) / (len(a) + len(b)) < SIMILAR:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _shared_characters(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` have in common, counted with repeats and regardless of order: what
    difflib's ``quick_ratio`` counts, without building a matcher."""
    available = Counter(b)
    shared = 0
    for ch in a:
        if available[ch] > 0:
            available[ch] -= 1
            shared += 1
    return shared


# ------------------------------------------------------------------------------------------ rules


@rule("I401", Severity.WARNING, Angle.COMPLETENESS)
def drifting_names(ctx: CheckContext) -> Iterator[Hit]:
    """同一事项在不同二级指标下名称不一致

    检查内容：同一张表里，数量、质量、时效、成本等各段对同一事项的称呼是否一致。去掉“满意度、完成率、及时率、
    购置”等度量词后，两个名称很相近（相似度 ≥ 0.8）却不相同，且其中一个名称在两段以上原样出现（表里按事项
    逐段列指标），多为笔误或漏字。只出现一次的相近名称（如“宣传活动场次”与“宣传活动方案执行率”）是不同的度量，不报。
    为什么：同一事项名称不一，审核时对不上各段指标，也容易是错字（完整性）。
    示例：数量指标“网络舆情监测系统服务购置”，时效指标“网络舆情监测系统购置”；“网评系统统技术服务”与
    质量指标“评系统统技术服务满意度” → 警告，指向后出现的名称。
    修改方法：统一名称，各段使用同一写法。
    """
    for table in ctx.indicator_tables:
        rows = table_rows(ctx, table)
        subjects = [measured_subject(row.indicator.name) for row in rows]
        sections: dict[str, set[str]] = {}
        for row, name in zip(rows, subjects, strict=True):
            sections.setdefault(name, set()).add(row.level2)
        seen: list[tuple[str, Row, bool]] = []  # (subject, row, subject listed under two 二级 or more)
        seen_names: set[str] = set()
        for row, name in zip(rows, subjects, strict=True):
            if len(name) < 4 or len(name) > 40 or len(split_items(row.indicator.name)) > 1 or name in seen_names:
                continue
            repeated = len(sections[name]) >= 2
            other = _closest_earlier(name, row.level2, repeated, seen)
            if other is not None:
                yield Hit(
                    row.sheet,
                    row.cell("name"),
                    f"{row.at('name')}：{row.level2}“{row.name}”与 {other.at('name')} {other.level2}“{other.name}”"
                    "说的像是同一事项，名称却不一致。",
                    f"请核对并统一名称：同一事项各段用同一写法（{other.at('name')} 写作“{other.name}”）。",
                )
            seen.append((name, row, repeated))
            seen_names.add(name)


def _closest_earlier(name: str, level2: str, repeated: bool, seen: list[tuple[str, Row, bool]]) -> Row | None:
    """The earlier row (of another 二级) whose subject is most similar to ``name``, the first of equals, if that
    similarity reaches :data:`SIMILAR`. Only pairs where either subject appears under two 二级 or more count, and a
    subject that is the other plus a part noun ("宣传活动方案") is another thing."""
    best, best_score = None, SIMILAR
    for earlier, other, earlier_repeated in seen:
        if other.level2 == level2 or not (repeated or earlier_repeated):
            continue
        score = similar(name, earlier)
        if (score > best_score or (best is None and score == best_score)) and not _part_of(name, earlier):
            best, best_score = other, score
    return best


@rule("I402", Severity.WARNING, Angle.COMPLETENESS)
def name_is_only_a_value(ctx: CheckContext) -> Iterator[Hit]:
    """三级指标名称只写了数值或期限

    检查内容：三级指标名称是否只是一个数值、期限（如“1年”“100%”），没有说明考核什么。指标值栏同时空着时
    （把指标值填进了名称栏）报错误，此时 I109 不再重复报指标值为空。
    为什么：指标名称要说明考核内容，数值应填在指标值栏；否则指标与指标值不匹配（完整性）。
    示例：时效指标的三级指标写“1年” → 警告。
    修改方法：名称写考核内容（如“项目完成时限”“全年工作完成时间”），“1年”“12月底前”填进指标值。
    """
    for row in indicator_rows(ctx):
        kind = parse_indicator_value(row.indicator.name).kind
        if kind not in (IndicatorKind.QUANTITATIVE, IndicatorKind.DEADLINE):
            continue
        if name_holds_value(row):
            yield Hit(row.sheet, row.cell("name"),
                      f"{row.at('name')}：三级指标名称栏填了“{row.name}”，指标值栏却空着，像是把指标值填进了名称栏。",
                      f"名称写考核内容（如“项目完成时限”），“{row.name}”填进指标值栏。", Severity.ERROR)
        else:
            yield Hit(row.sheet, row.cell("name"), f"{row.at('name')}：三级指标名称只写了“{row.name}”，没有说明考核什么。",
                      f"指标与指标值不匹配。名称写考核内容（如“项目完成时限”“培训次数”），“{row.name}”填进指标值栏。")

