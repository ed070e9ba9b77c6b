"""Choose the library entries for one sheet and render their values from the sheet's facts.

A generated set follows the framework in force and stays short (at most 14 rows):

- 数量: one row per count written in the sheet (12期, 300人, 1次…), at most 4, from an entry of the type the
  count's snippet names whose variables the count fills (期→期数, 人→人数 …; a head count of people may fill 人次
  when the type counts people only in 人次). When the sheet gives no count, the first inferred type's "次数" entry
  is set to 1 (the sheet funds that activity, so it happens at least once) and a note asks the user to check it.
- 质量, 时效: 2 each; 时效 starts with the 完成时限 entry (the 实施期's end: within the budget year, or the end of a
  实施期 of at most 12 months that runs into the next year; see :func:`perfxl.generate.facts.deadline`).
- 成本: the whole amount as an upper bound (the type's own total when every costed snippet is of the sheet's main
  type, else 项目成本控制), plus at most 2 per-unit costs the 测算 states (1000元/期, 150元/人), each matched only
  to the type its snippet is about.
- 效益: 2 (a 社会效益 first, then another 二级), 满意度: 1, at max(settings.satisfaction_min, 90)%. A satisfaction
  row the user wrote counts wherever it stands and however its levels are worded (under 效益 as 88号 shows it,
  "社会公众或服务对象满意度指标", a "…满意度" under 质量): the measure is what counts, as rule I110 reads it.

Entries from a user library (new or overriding a default 编号) come before the default ones wherever they fit.
Rows the user wrote count toward these quotas, and an entry whose name (or, for 数量/成本, whose 二级 and value)
matches a user row is never added again, so a second run adds nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from perfxl.frameworks import FrameworkId, canonical_level1, canonical_level2, get_framework, normalize_name
from perfxl.generate.facts import SheetFacts
from perfxl.library import GENERAL, Library, LibraryEntry
from perfxl.rules.indicator_names import SIMILAR, measured_subject, similar, value_pieces
from perfxl.rules.indicator_placement import satisfaction_measure
from perfxl.values import fmt, parse_indicator_value

QUANTITY, QUALITY, TIMELINESS = "数量指标", "质量指标", "时效指标"
BENEFIT, SATISFACTION = "效益指标", "满意度指标"
SATISFACTION_LEVEL2 = "服务对象满意度指标"
SOCIAL_BENEFIT = "社会效益指标"
MAX_COUNTS, MAX_UNIT_COSTS = 4, 2
QUOTAS = {QUALITY: 2, TIMELINESS: 2, BENEFIT: 2, SATISFACTION: 1}
SATISFACTION_FLOOR = Decimal(90)
#: a count of people may fill this variable when the type has no entry for the counted unit itself
_ALIASES = {"人数": "人次"}


@dataclass(frozen=True)
class Pick:
    entry: LibraryEntry
    value: str
    source: str


@dataclass(frozen=True)
class ExistingRow:
    level1: str  # canonical, merged blanks filled
    level2: str
    name: str
    value: str


def amounts(value: str) -> set[tuple[str, str]]:
    """(number, unit) of each count or sum in a 指标值, rates excluded: "1.≥12期 2.1次" → {("12", "期"), ("1", "次")}.
    Two rows of one 二级 sharing one of these state the same thing."""
    return {
        (fmt(q.number), q.unit) for q in parse_indicator_value(value).quantities if q.unit not in ("%", "‰")
    }


def _source(entry: LibraryEntry) -> str:
    if entry.level1 == SATISFACTION:
        return "满意度目标（设置的下限，至少90%）"
    if "完成时限" in entry.variables:
        return "项目实施期与预算年度"
    return f"指标库 {entry.id}"


def satisfaction_target(minimum: Decimal) -> Decimal:
    return Decimal(fmt(max(minimum, SATISFACTION_FLOOR)))


class Chooser:
    def __init__(
        self,
        facts: SheetFacts,
        library: Library,
        framework: FrameworkId,
        types: Sequence[str],
        restricted: bool,
        existing: Iterable[ExistingRow],
        satisfaction: Decimal,
        preferred: frozenset[str] = frozenset(),
    ) -> None:
        self.facts = facts
        self.library = library.for_framework(framework)
        self.framework = get_framework(framework)
        self.types = list(types)
        self.restricted = restricted
        self.preferred = preferred
        self.base: dict[str, object] = {"满意度": satisfaction}
        if facts.amount is not None:
            self.base["金额"] = facts.amount
        if facts.year is not None:
            self.base["年度"] = facts.year
        if facts.deadline is not None:
            self.base["完成时限"] = facts.deadline
        self.picks: list[Pick] = []
        self.notes: list[str] = []
        self.names: set[str] = set()
        # (二级, what the name measures), compared as rule I401 compares them
        self.subjects: list[tuple[str, str]] = []
        self.values: set[tuple[str, str, str]] = set()  # (二级, number, unit) of counts and money
        self.counts: Counter[str] = Counter()
        for row in existing:
            self._remember(row.level1, row.level2, row.name, row.value)

    # ------------------------------------------------------------------------------------------ bookkeeping

    def _remember(self, level1: str, level2: str, name: str, value: str) -> None:
        self.names.add(normalize_name(name))
        self.subjects.append((level2, measured_subject(name)))
        self.values |= {(level2, *key) for key in amounts(value)}
        if level1 != SATISFACTION and (level2 == SATISFACTION_LEVEL2 or satisfaction_measure(name, value_pieces(value))):
            # a satisfaction row wherever the form put it: under 效益 (88号), under 质量, in provincial wording
            level1, level2 = SATISFACTION, SATISFACTION_LEVEL2
        self.counts[level1] += 1
        self.counts[level2] += 1

    def _needs(self, entry: LibraryEntry) -> set[str]:
        return set(entry.variables) - set(self.base)

    def _try(self, entry: LibraryEntry, extra: dict[str, object], source: str) -> bool:
        context = self.base | extra
        if (
            not entry.variables <= set(context)
            or normalize_name(entry.name) in self.names
            or self._drifts(entry)
        ):
            return False
        value = entry.render(context)
        keyed = entry.level2 == QUANTITY or entry.is_cost
        if keyed and {(entry.level2, *key) for key in amounts(value)} & self.values:
            return False
        self.picks.append(Pick(entry, value, source))
        self._remember(entry.level1, entry.level2, entry.name, value)
        return True

    def _drifts(self, entry: LibraryEntry) -> bool:
        """Whether the name reads like another row's subject under another 二级 written differently (I401 would
        ask the user to unify them): "网评员培训满意度" next to "网评员培训人次"."""
        own = measured_subject(entry.name)
        if not 4 <= len(own) <= 40:
            return False
        return any(level2 != entry.level2 and other != own and similar(own, other) >= SIMILAR
                   for level2, other in self.subjects)  # fmt: skip

    def _pool(self, project_type: str, want: Callable[[LibraryEntry], bool]) -> list[LibraryEntry]:
        """Entries of a type that *want* accepts, the user's own (``preferred``) first."""
        entries = [entry for entry in self.library.by_type(project_type) if want(entry)]
        return sorted(entries, key=lambda entry: entry.id not in self.preferred)

    def _allowed(self, types: Iterable[str]) -> list[str]:
        return [t for t in types if not self.restricted or t in self.types or t == GENERAL]

    def _order(self) -> list[str]:
        """Main type, then the types counted in 数量 rows, then the other sheet types, then 通用."""
        counted = [p.entry.project_type for p in self.picks if p.entry.level2 == QUANTITY]
        return list(dict.fromkeys([*self.types[:1], *counted, *self.types[1:], GENERAL]))

    # ------------------------------------------------------------------------------------------ sections

    def choose(self) -> list[Pick]:
        self.quantities()
        self.fill(lambda e: e.level2 == QUALITY, QUALITY)
        deadline = [e for e in self.library.by_type(GENERAL) if "完成时限" in e.variables]
        self.fill(lambda e: e.level2 == TIMELINESS, TIMELINESS, first=deadline)
        self.costs()
        self.fill(lambda e: e.level2 == SOCIAL_BENEFIT, BENEFIT, quota=1)
        self.fill(lambda e: e.level1 == BENEFIT and e.level2 != SOCIAL_BENEFIT, BENEFIT)
        self.fill(lambda e: e.level1 == BENEFIT, BENEFIT)
        self.fill(lambda e: e.level1 == SATISFACTION, SATISFACTION)
        self._check_structure()
        order = {
            (l1, l2): i
            for i, (l1, l2) in enumerate((a, b) for a, bs in self.framework.levels.items() for b in bs)
        }
        return sorted(self.picks, key=lambda p: order.get((p.entry.level1, p.entry.level2), len(order)))

    def quantities(self) -> None:
        for snippet in self.facts.snippets:
            types = self._allowed(snippet.types) or self.types
            for variable, number in snippet.counts:
                if self.counts[QUANTITY] >= MAX_COUNTS:
                    return
                entry, used = self._count_entry(types, variable)
                if entry is not None:
                    quantity = (
                        f"{fmt(number)}{entry.unit}" if used == variable else f"{fmt(number)}（{variable}）"
                    )
                    self._try(entry, {used: number}, snippet.describe(quantity))
        if self.counts[QUANTITY] == 0:
            self._implied_once()

    def _count_entry(self, types: list[str], variable: str) -> tuple[LibraryEntry | None, str]:
        """The entry a count fills: the user's own entries of any of the snippet's types first, then the
        snippet's types in order; the unit's own variable before its alias."""
        for wanted in (variable, _ALIASES.get(variable)):
            for users_only in (True, False):
                for project_type in types:
                    for entry in self._pool(project_type, lambda e: e.level2 == QUANTITY):
                        if (
                            (entry.id in self.preferred or not users_only)
                            and wanted
                            and self._needs(entry) == {wanted}
                        ):
                            return entry, wanted
        return None, variable

    def _implied_once(self) -> None:
        for project_type in self._allowed(self.types):
            for entry in self._pool(
                project_type, lambda e: e.level2 == QUANTITY and self._needs(e) == {"次数"}
            ):
                if self._try(entry, {"次数": 1}, f"表中提到“{project_type}”，未写次数，推定为1次"):
                    self.notes.append(
                        f"测算未写明次数：数量指标“{entry.name}”按表中提到的{project_type}推定为1次，请核对。"
                    )
                    return
        self.notes.append("未能从测算或绩效目标中取得数量（如“12期”“300人”），没有生成数量指标，请手工补充。")

    def costs(self) -> None:
        if self.facts.amount is None:
            self.notes.append(f"{self.facts.amount_label}为空，没有生成总成本指标。")
        elif not self._has_total():
            heads = set(self._allowed(self.facts.head_types)) - {GENERAL}
            main = self.types[:1] if heads <= set(self.types[:1]) else []
            for project_type in [*main, GENERAL]:
                totals = self._pool(project_type, lambda e: e.is_cost and e.variables == {"金额"})
                source = f"{self.facts.amount_label} {fmt(self.facts.amount)}万元"
                if any(self._try(entry, {}, source) for entry in totals):
                    break
        added = 0
        for snippet in self.facts.snippets:
            head = snippet.types[0] if snippet.types else None
            if head is None or not self._allowed([head]):
                continue
            for unit, price in snippet.prices:
                pool = [e for e in self._pool(head, lambda e: e.is_cost) if e.unit == unit]
                extra = {"单价": price, "单价单位": unit}
                if added < MAX_UNIT_COSTS and any(
                    self._try(e, extra, snippet.describe(f"{fmt(price)}{unit}")) for e in pool
                ):
                    added += 1
        if self.facts.amount is not None and self._only_total_cost():
            self.notes.append(
                f"成本指标只有总成本 {fmt(self.facts.amount)}万元：测算未写单价，无法分解。请按测算补充分项成本"
                "或单位成本（如“培训 ≤150元/人”），否则检查时 I305 会提示成本指标过弱。"
            )

    def _only_total_cost(self) -> bool:
        """The cost rows, written and generated, are one bound in 万元 (what rule I305 calls a weak cost measure)."""
        costs = [(level2, unit) for level2, _, unit in self.values if level2.endswith("成本指标")]
        return len(costs) == 1 and costs[0][1] == "万元"

    def _has_total(self) -> bool:
        """A row already bounds the whole cost in 万元 (成本指标 or 经济成本指标: forms mix the vocabularies)."""
        return any(level2.endswith("成本指标") and unit == "万元" for level2, _, unit in self.values)

    def fill(
        self,
        want: Callable[[LibraryEntry], bool],
        key: str,
        quota: int | None = None,
        first: Sequence[LibraryEntry] = (),
    ) -> None:
        """Add entries until ``counts[key]`` reaches the quota: *first*, then one per type, then any."""
        limit = QUOTAS[key] if quota is None else quota
        pools = [[e for e in first if want(e)]] + [self._pool(t, want) for t in self._allowed(self._order())]
        for candidates in [[pool[0] for pool in pools if pool], [e for pool in pools for e in pool]]:
            for entry in candidates:
                if self.counts[key] >= limit:
                    return
                self._try(entry, {}, _source(entry))

    def _check_structure(self) -> None:
        required = [
            *self.framework.required_level2,
            *(l1 for l1 in self.framework.levels if l1 != "产出指标"),
        ]
        for name in required:
            if not self.counts[canonical_level1(name)] and not self.counts[canonical_level2(name)]:
                self.notes.append(f"未能生成“{name}”的指标，请从指标库选择后手工补充。")
