"""What a sheet says that indicator values can be built from: its amount, year and deadline, and the counts and
unit prices written in its 测算 (附表3) or its targets (both forms).

Each count or price stays attached to the *snippet* it was written in (a 测算 item or a clause of a target), with
the project types that snippet names, head first: in "网评员培训资料印刷费" the head is 印刷 (what is paid for), so a
per-person price in it is not read as a training cost.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from perfxl.calculation import money_to_wan, parse_calculation
from perfxl.dates import parse_period
from perfxl.frameworks import FrameworkId
from perfxl.library import Library
from perfxl.models import ProjectDeclaration, SpendingDirection
from perfxl.reader import ReadResult
from perfxl.values import Quantity, find_quantities, fmt, squash, to_halfwidth

#: measure word → template variable. 名 counts people like 人; 场次 fills 场次 (the entry writes "场").
UNIT_VARIABLES: dict[str, str] = {
    "期": "期数", "人": "人数", "名": "人数", "人次": "人次", "次": "次数", "场": "场次", "场次": "场次",
    "天": "天数", "个": "个数", "套": "套数", "台": "台数", "篇": "篇数", "条": "条数",
}  # fmt: skip
_CLAUSE = re.compile(r"[，。；;,！!？?\n、]+")
_DATE = re.compile(r"((?:19|20)\d\d)\s*年(?:\s*(\d{1,2})\s*月)?|(?<!\d)(\d{1,2})\s*月")


@dataclass(frozen=True)
class Snippet:
    """A 测算 item or a target clause, with the counts and unit prices written in it."""

    origin: str  # 测算 / 绩效目标
    text: str
    types: tuple[str, ...]  # project types the text names, head type first
    counts: tuple[tuple[str, Decimal], ...] = ()  # (template variable, number): ("期数", 12)
    prices: tuple[tuple[str, Decimal], ...] = ()  # (unit in 元, price): ("元/期", 1000)
    amount: Decimal | None = None  # 万元, for a 测算 item

    def describe(self, quantity: str) -> str:
        return f"{self.origin}“{self.text}”中的{quantity}"


@dataclass(frozen=True)
class SheetFacts:
    sheet: str
    role: str  # 附表3 / 项目申报表
    framework: FrameworkId
    text: str  # what project types are inferred from (names, targets, 测算; never the indicators)
    amount: Decimal | None  # 附表3 金额 / 项目 年度本级预算金额, 万元
    amount_label: str
    year: int | None
    deadline: str | None  # "2023年12月31日前"
    snippets: tuple[Snippet, ...]

    @property
    def head_types(self) -> set[str]:
        """The main type of every 测算 item or clause that carries a figure."""
        return {s.types[0] for s in self.snippets if s.types and (s.counts or s.prices or s.amount)}

    def money_by_type(self) -> dict[str, Decimal]:
        """万元 of the 测算 items that name each type (an item naming two types counts for both)."""
        money: dict[str, Decimal] = {}
        for snippet in self.snippets:
            for project_type in snippet.types:
                money[project_type] = money.get(project_type, Decimal(0)) + (snippet.amount or Decimal(0))
        return money


def sheet_model(result: ReadResult, sheet: str) -> SpendingDirection | ProjectDeclaration | None:
    model = result.model
    if isinstance(model, ProjectDeclaration):
        return model if model.sheet_name == sheet else None
    return next((d for d in model.directions if d.sheet_name == sheet), None)


def read_facts(result: ReadResult, sheet: str, library: Library) -> SheetFacts:
    model = sheet_model(result, sheet)
    if model is None:
        raise KeyError(sheet)
    framework = result.model.framework
    if isinstance(model, ProjectDeclaration):
        names = [model.project_name]
        year = model.year
        calculations: list[str] = []
        role, amount, label = "项目申报表", model.budget, "年度本级预算金额"
    else:
        calculations = [detail.basis for detail in model.details]
        names = [model.direction, model.fund_name]
        year = result.model.year
        role, amount, label = "附表3", model.amount, "金额"
    year = year or _first_year(model.period)
    # counts come from the 测算, the names and the annual target; the 实施期 target may span several years
    annual = [*names, model.annual_target]
    snippets = [*_calculation_snippets(calculations, library), *_target_snippets(annual, library)]
    texts = [*names, model.period_target, model.annual_target]
    if isinstance(model, SpendingDirection):
        texts += [f"{d.intro} {d.item}" for d in model.details] + calculations
    return SheetFacts(
        sheet=sheet,
        role=role,
        framework=framework,
        text="\n".join(t for t in (sheet, *texts) if t),
        amount=Decimal(fmt(amount)) if amount is not None else None,
        amount_label=label,
        year=year,
        deadline=deadline(year, model.period),
        snippets=tuple(s for s in snippets if s.counts or s.prices or s.amount),
    )


# ------------------------------------------------------------------------------------------------ snippets


def head_types(library: Library, text: str) -> tuple[str, ...]:
    """Types whose name or keywords occur in *text*, the one named last (the head of a Chinese compound) first;
    ties go to the type with more hits, then library order."""
    scores: dict[str, tuple[int, int]] = {}
    for project_type, keywords in library.type_words.items():
        hits = [w for w in keywords | {project_type} if w in text]
        if hits:
            scores[project_type] = (max(text.rfind(w) + len(w) for w in hits), len(hits))
    return tuple(sorted(scores, key=lambda t: scores[t], reverse=True))


def _split(
    quantities: Iterable[Quantity],
) -> tuple[tuple[tuple[str, Decimal], ...], tuple[tuple[str, Decimal], ...]]:
    counts: list[tuple[str, Decimal]] = []
    prices: list[tuple[str, Decimal]] = []
    for quantity in quantities:
        unit = quantity.unit.strip()
        rate = money_to_wan(unit)
        if rate is not None and "/" in unit:
            per = unit.split("/", 1)[1].strip()
            if per:
                prices.append((f"元/{per}", Decimal(fmt(quantity.number * rate * 10000))))
        elif unit in UNIT_VARIABLES and quantity.number > 0:
            counts.append((UNIT_VARIABLES[unit], Decimal(fmt(quantity.number))))
    return tuple(dict.fromkeys(counts)), tuple(dict.fromkeys(prices))


def _calculation_snippets(texts: list[str], library: Library) -> list[Snippet]:
    snippets = []
    for text in texts:
        for item in parse_calculation(text).items:
            if item.is_total:
                continue
            counts, prices = _split(item.factors)
            label = item.label or item.text
            snippets.append(
                Snippet("测算", label, head_types(library, label), counts, prices, item.amount_wan)
            )
    return snippets


def _target_snippets(texts: list[str], library: Library) -> list[Snippet]:
    snippets = []
    for text in texts:
        for clause in _CLAUSE.split(to_halfwidth(text or "")):
            counts, prices = _split(find_quantities(clause))
            if counts or prices:
                snippets.append(
                    Snippet("绩效目标", clause.strip(), head_types(library, clause), counts, prices)
                )
    return snippets


# ------------------------------------------------------------------------------------------------ dates


def _first_year(period: str) -> int | None:
    years = [int(y) for y, _, _ in _DATE.findall(to_halfwidth(period or "")) if y]
    return years[0] if years else None


def deadline(year: int | None, period: str) -> str | None:
    """完成时限 of the annual indicators: the last day of the 实施期's last month within the budget year, else
    12月31日 ("2023年" → "2023年12月31日前"; "2023年3月至2023年6月" → "2023年6月30日前"). A 实施期 of at most
    12 months that runs into the next year keeps its own end: the annual targets are that service's
    ("2023.07-2024.01" → "2024年1月31日前"), so the deadline stays inside the declared 实施期."""
    if year is None:
        return None
    dates = _period_dates(period)
    end_year, month = year, 12
    in_year = [m for y, m in dates if y == year]
    later = [(y, m) for y, m in dates if y > year]
    if later and len(dates) >= 2 and _months(dates[0], max(later)) <= 12:
        end_year, month = max(later)
    elif in_year and not later:
        month = in_year[-1]
    return f"{end_year}年{month}月{calendar.monthrange(end_year, month)[1]}日前"


def _period_dates(period: str) -> list[tuple[int, int]]:
    """(year, month) of the dates a 实施期 names, in order; a year alone stands for its December."""
    text = (period or "")[:200]
    parsed = parse_period(squash(text))
    if parsed is not None and parsed.start.year is not None and parsed.end.year is not None:
        return [(parsed.start.year, parsed.start.month or 1), (parsed.end.year, parsed.end.month or 12)]
    dates: list[tuple[int, int]] = []
    current: int | None = None
    for y, m, bare in _DATE.findall(to_halfwidth(text)):
        current = int(y) if y else current
        if current is not None and 1 <= int(m or bare or 12) <= 12:
            dates.append((current, int(m or bare or 12)))
    return dates


def _months(start: tuple[int, int], end: tuple[int, int]) -> int:
    """Months from the start of *start*'s month to the end of *end*'s: 2023.07–2024.01 is 7."""
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1
