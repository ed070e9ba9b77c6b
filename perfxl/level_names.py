"""How forms word the 一级/二级 indicator levels, folded to the frameworks' own names.

Provinces word the same level differently: "社会公众或服务对象满意度指标", "服务对象满意度", "产出数量指标", "数量",
"项目产出", "效果指标", "1.数量指标", "社会效益指标（分值）". The variants live in data
(``perfxl/data/level_names.csv``), read once; this module applies them with a small normalisation that follows how
the variants are formed, so that wording never seen before folds too, while a name of no framework ("项目决策",
"制度指标", "数量质量指标") stays what it is and is reported:

1. white space and full-width forms go, a leading enumerator ("一、" "1." "（二）" "①") and a trailing note in
   brackets or a colon are dropped;
2. the name is looked up as written, then without a 后缀 ("指标", then "类"): "数量" = "数量指标";
3. a 写法 starting with ``*`` matches by ending: every 二级 ending in 满意度 ("社会公众或服务对象满意度",
   "受益群众满意度") is the satisfaction 二级;
4. a 前缀 from the table may go ("项目产出" → "产出"), and a 二级 may carry the name of the 一级 it belongs to
   ("产出数量指标" → "数量指标", "效益社会效益" → "社会效益指标") but not of another one ("效益数量指标" stays).

Unknown names come back without white space, as :func:`perfxl.frameworks.normalize_name` gives them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Literal

from msgspec import Struct, field

from perfxl.resources import files
from perfxl.values import to_halfwidth

Level = Literal["一级", "二级"]

_SPACE = re.compile(r"[\s\u3000]+")
_ENUMERATOR = re.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.．:：)）]|[\u2460-\u2473])")
_TRAILING_NOTE = re.compile(r"(?:[(（][^()（）]*[)）]|[:：,，;；。.、])+$")


class LevelNames(Struct, frozen=True):
    """The variant table: written stem → canonical name per level, plus the affixes a form may add."""

    names: dict[Level, dict[str, str]]
    endings: dict[Level, tuple[tuple[str, str], ...]]  # ("满意度", canonical) from "*满意度"
    prefixes: dict[Level, tuple[str, ...]]
    suffixes: tuple[str, ...]
    #: canonical 二级 → the canonical 一级 it belongs to in some framework (for "产出数量指标")
    parents: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_csv(cls, text: str, parents: Mapping[str, frozenset[str]]) -> LevelNames:
        names: dict[Level, dict[str, str]] = {"一级": {}, "二级": {}}
        endings: dict[Level, list[tuple[str, str]]] = {"一级": [], "二级": []}
        prefixes: dict[Level, list[str]] = {"一级": [], "二级": []}
        suffixes: list[str] = []
        for row in csv.DictReader(io.StringIO(text)):
            kind, level, written, canonical = row["种类"], row["层级"], row["写法"], row["规范名称"]
            if kind == "后缀":
                suffixes.append(written)
            elif kind == "前缀":
                prefixes[_level(level)].append(written)
            elif written.startswith("*"):
                endings[_level(level)].append((written[1:], canonical))
            else:
                names[_level(level)][written] = canonical
                names[_level(level)][canonical] = canonical
        return cls(
            names=names,
            endings={level: tuple(items) for level, items in endings.items()},
            prefixes={level: tuple(items) for level, items in prefixes.items()},
            suffixes=tuple(suffixes),
            parents=parents,
        )

    def fold(self, text: str | None, level: Level) -> str:
        """The canonical name of a written 一级/二级 (see the module docstring), else the text without white space."""
        squashed = _SPACE.sub("", text or "")
        cleaned = _TRAILING_NOTE.sub("", _ENUMERATOR.sub("", to_halfwidth(squashed))) or squashed
        return self._known(cleaned, level) or self._prefixed(cleaned, level) or squashed

    def _known(self, name: str, level: Level) -> str | None:
        for stem in self._stems(name):
            found = self.names[level].get(stem) or next(
                (canonical for ending, canonical in self.endings[level] if stem.endswith(ending)), None)
            if found:
                return found
        return None

    def _stems(self, name: str) -> list[str]:
        """"产出类指标" → ["产出类指标", "产出类", "产出"]: the name, then without each 后缀 in turn."""
        stems = [name]
        for suffix in self.suffixes:
            if stems[-1].endswith(suffix) and len(stems[-1]) > len(suffix):
                stems.append(stems[-1][: -len(suffix)])
        return stems

    def _prefixed(self, name: str, level: Level) -> str | None:
        for prefix in self.prefixes[level]:
            if name.startswith(prefix) and (found := self._known(name[len(prefix):], level)):
                return found
        if level != "二级":
            return None
        for written, level1 in self.names["一级"].items():  # "产出数量指标": a 二级 under its own 一级's name
            rest = name[len(written):] if name.startswith(written) else ""
            found = self._known(rest, "二级") if rest else None
            if found and level1 in self.parents.get(found, ()):
                return found
        return None


def _level(text: str) -> Level:
    if text not in ("一级", "二级"):
        raise ValueError(f"level_names.csv：层级应为 一级 或 二级，实际为“{text}”")
    return "一级" if text == "一级" else "二级"


def load_level_names(parents: Mapping[str, frozenset[str]]) -> LevelNames:
    """The bundled table (perfxl/data/level_names.csv); ``parents`` maps each canonical 二级 to its 一级."""
    text = (files("perfxl") / "data" / "level_names.csv").read_text(encoding="utf-8-sig")
    return LevelNames.from_csv(text, parents)
