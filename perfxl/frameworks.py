"""Indicator frameworks (指标体系): which 一级/二级指标 exist and how they nest.

Two frameworks are in use on real forms, and forms mix their vocabularies, so the framework is a setting:

- ``classic``: 财预〔2015〕88号, used by both seeds and most county forms in 2023.
- ``guide2021``: 财预〔2021〕101号 指引, where 成本指标 becomes a 一级指标 with three 二级.

Names on real forms vary ("可持续影响  指标", "满意度\\n\\n指标", "社会公众或服务对象满意度指标", "产出数量指标",
"项目产出"): :func:`canonical_level1` and :func:`canonical_level2` fold them to the frameworks' own names with the
variant table in ``perfxl/data/level_names.csv`` (see :mod:`perfxl.level_names`), while the raw text stays as
typed in the models. A name of the other framework (2021's 一级 成本指标 on a form following 88号) is not foreign
to the form: :meth:`Framework.home_level1` and :meth:`Framework.equivalent` say where it belongs here.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import cached_property, lru_cache

from msgspec import Struct, field

from perfxl.level_names import LevelNames, load_level_names


class FrameworkId(str, Enum):
    CLASSIC = "classic"
    GUIDE2021 = "guide2021"


class Placement(str, Enum):
    """Where a 二级 stands under its 一级, judged by the framework in use (:meth:`Framework.place`)."""

    OK = "ok"  # where this framework puts it
    TOLERATED = "tolerated"  # where this framework's own document shows it (88号: 满意度 under 效益)
    OTHER_FRAMEWORK = "other"  # where the other framework puts it (成本指标 under 产出 on a 2021 form)
    MISPLACED = "misplaced"  # under a 一级 no framework puts it under (数量指标 under 效益)
    UNKNOWN = "unknown"  # a 二级 of no framework ("制度指标")


class Framework(Struct, frozen=True, dict=True):
    id: FrameworkId
    title: str
    #: 一级指标 → its 二级指标, in the order a form lists them.
    levels: dict[str, tuple[str, ...]]
    #: 二级 that must each carry at least one 三级 (the rest need one per 一级).
    required_level2: tuple[str, ...]
    #: 二级 names of the other framework → the 二级 that means the same here (2021's 经济成本指标 → 88号's 成本指标).
    equivalents: dict[str, str] = field(default_factory=dict)
    #: 一级 names of the other framework → the 一级 whose rows they are here (2021's 一级 成本指标 → 88号's 产出指标).
    foreign_level1: dict[str, str] = field(default_factory=dict)
    #: (一级, 二级) placements the framework's own document shows though current practice differs: 88号 lists
    #: 满意度 under 效益 (I104 advises, I103 accepts).
    tolerated: frozenset[tuple[str, str]] = frozenset()

    @property
    def level1_names(self) -> tuple[str, ...]:
        return tuple(self.levels)

    @property
    def level2_names(self) -> tuple[str, ...]:
        return tuple(name for names in self.levels.values() for name in names)

    def parent_of(self, level2: str) -> str | None:
        """The 一级 a 二级 belongs to (its variants and the other framework's equivalents included), or None if the
        framework has no such 二级."""
        return self._parents.get(self.equivalent(level2))

    def equivalent(self, level2: str) -> str:
        """This framework's name for a (canonical) 二级: its own, or the equivalent of the other framework's."""
        name = canonical_level2(level2)
        return self.equivalents.get(name, name)

    def home_level1(self, level1: str) -> str | None:
        """The 一级 of this framework a (canonical) written 一级 stands for, or None if it stands for none."""
        if level1 in self.levels:
            return level1
        return self.foreign_level1.get(level1)

    def place(self, level1: str, level2: str) -> Placement:
        """How the (canonical) 二级 ``level2`` stands under the written (canonical) 一级 ``level1``."""
        own = self._own_place(level1, level2)
        if own != Placement.MISPLACED:
            return own
        others = (fw._own_place(level1, level2) for fw in FRAMEWORKS.values() if fw is not self)
        accepted = (Placement.OK, Placement.TOLERATED)
        return Placement.OTHER_FRAMEWORK if any(p in accepted for p in others) else Placement.MISPLACED

    def _own_place(self, level1: str, level2: str) -> Placement:
        parent = self.parent_of(level2)
        if parent is None:
            return Placement.UNKNOWN
        if parent == level1:
            return Placement.OK
        if (level1, self.equivalent(level2)) in self.tolerated:
            return Placement.TOLERATED
        return Placement.MISPLACED  # also under a 一级 of the other framework: judged by that one

    @cached_property
    def _parents(self) -> dict[str, str]:
        parents: dict[str, str] = {}
        for level1, names in self.levels.items():
            for name in names:
                parents.setdefault(name, level1)
        return parents


CLASSIC = Framework(
    id=FrameworkId.CLASSIC,
    title="财预〔2015〕88号（产出/效益/满意度，成本为产出二级指标）",
    levels={
        "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
        "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        "满意度指标": ("服务对象满意度指标",),
    },
    required_level2=("数量指标", "质量指标", "时效指标", "成本指标"),
    equivalents={"经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标"},
    foreign_level1={"成本指标": "产出指标"},
    tolerated=frozenset({("效益指标", "服务对象满意度指标")}),
)

GUIDE2021 = Framework(
    id=FrameworkId.GUIDE2021,
    title="财预〔2021〕101号指引（成本指标为一级指标）",
    levels={
        "产出指标": ("数量指标", "质量指标", "时效指标"),
        "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
        "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        "满意度指标": ("服务对象满意度指标",),
    },
    required_level2=("数量指标", "质量指标", "时效指标"),
    equivalents={"成本指标": "经济成本指标"},
)

FRAMEWORKS: dict[FrameworkId, Framework] = {CLASSIC.id: CLASSIC, GUIDE2021.id: GUIDE2021}

#: 绩效标准 choices (some systems add 国际标准 and 预算支出标准).
PERFORMANCE_STANDARDS: tuple[str, ...] = ("计划标准", "历史标准", "行业标准", "其他标准", "预算支出标准", "国际标准")

_SPACE = re.compile(r"[\s\u3000]+")


@lru_cache(maxsize=16384)
def normalize_name(text: str | None) -> str:
    """Drop all white space (spaces, full-width spaces, line breaks): "满意度\\n\\n指标" → "满意度指标"."""
    return _SPACE.sub("", text or "")


@lru_cache(maxsize=16384)
def canonical_level2(text: str | None) -> str:
    """"社会公众或服务对象满意度指标" → "服务对象满意度指标", "产出数量" → "数量指标"; unknown names without white space."""
    return _level_names().fold(text, "二级")


@lru_cache(maxsize=16384)
def canonical_level1(text: str | None) -> str:
    """"效果指标" → "效益指标", "项目产出" → "产出指标"; unknown names without white space."""
    return _level_names().fold(text, "一级")


@lru_cache(maxsize=1)
def _level_names() -> LevelNames:
    parents: dict[str, set[str]] = {}
    for framework in FRAMEWORKS.values():
        for level1, names in framework.levels.items():
            for name in names:
                parents.setdefault(name, set()).add(level1)
    return load_level_names({name: frozenset(level1s) for name, level1s in parents.items()})


def get_framework(framework: FrameworkId | str) -> Framework:
    return FRAMEWORKS[FrameworkId(framework)]
