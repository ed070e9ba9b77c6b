"""Indicator frameworks (指标体系): which 一级/二级指标 exist and how they nest.

Two frameworks are in use on real forms, and forms mix their vocabularies, so the framework is a setting:

- ``classic``: 财预〔2015〕88号, used by both seeds and most county forms in 2023.
- ``guide2021``: 财预〔2021〕101号 指引, where 成本指标 becomes a 一级指标 with three 二级.

Names on real forms vary in small ways ("可持续影响  指标", "满意度\\n\\n指标", "社会公众及服务对象满意度指标");
:func:`normalize_name` folds those so a rule can compare names, while the raw text stays as typed in the models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache


class FrameworkId(str, Enum):
    CLASSIC = "classic"
    GUIDE2021 = "guide2021"


@dataclass(frozen=True)
class Framework:
    id: FrameworkId
    title: str
    #: 一级指标 → its 二级指标, in the order a form lists them.
    levels: dict[str, tuple[str, ...]]
    #: 二级 that must each carry at least one 三级 (the rest need one per 一级).
    required_level2: tuple[str, ...]

    @property
    def level1_names(self) -> tuple[str, ...]:
        return tuple(self.levels)

    @property
    def level2_names(self) -> tuple[str, ...]:
        return tuple(name for names in self.levels.values() for name in names)

    def parent_of(self, level2: str) -> str | None:
        """The 一级 a (normalised) 二级 belongs to, or None if the framework has no such 二级."""
        return self._parents.get(canonical_level2(level2))

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
)

FRAMEWORKS: dict[FrameworkId, Framework] = {CLASSIC.id: CLASSIC, GUIDE2021.id: GUIDE2021}

#: 绩效标准 choices (some systems add 国际标准 and 预算支出标准).
PERFORMANCE_STANDARDS: tuple[str, ...] = ("计划标准", "历史标准", "行业标准", "其他标准", "预算支出标准", "国际标准")

#: Spellings seen on real forms for the same 二级, folded to the framework's own name.
_LEVEL2_ALIASES = {
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "社会公众及服务对象满意度指标": "服务对象满意度指标",
    "社会公众满意度指标": "服务对象满意度指标",
    "满意度指标": "服务对象满意度指标",
    "生态环境效益指标": "生态效益指标",
    "可持续发展指标": "可持续影响指标",
}

_SPACE = re.compile(r"[\s\u3000]+")


@lru_cache(maxsize=16384)
def normalize_name(text: str | None) -> str:
    """Drop all white space (spaces, full-width spaces, line breaks): "满意度\\n\\n指标" → "满意度指标"."""
    return _SPACE.sub("", text or "")


@lru_cache(maxsize=16384)
def canonical_level2(text: str | None) -> str:
    name = normalize_name(text)
    return _LEVEL2_ALIASES.get(name, name)


@lru_cache(maxsize=16384)
def canonical_level1(text: str | None) -> str:
    name = normalize_name(text)
    return {"效果指标": "效益指标", "满意度": "满意度指标"}.get(name, name)


def get_framework(framework: FrameworkId | str) -> Framework:
    return FRAMEWORKS[FrameworkId(framework)]
