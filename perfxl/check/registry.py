"""The flat registry of rules: each rule is a small function registered with its code, like ruff's.

A rule takes a :class:`~perfxl.check.context.CheckContext` and yields :class:`Hit` s (where + what + how to fix);
the engine turns them into findings with the rule's code, severity and angle. A rule's docstring documents it
in four parts (检查内容 / 为什么 / 示例 / 修改方法); ``perfxl rule CODE`` prints it and docs/rules.md is generated
from it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from msgspec import Struct

from perfxl.check.findings import Angle, Severity

if TYPE_CHECKING:
    from perfxl.check.context import CheckContext

#: which forms a rule looks at
Forms = tuple[str, ...]
ALL_FORMS: Forms = ("department", "project")


class Hit(Struct, frozen=True):
    sheet: str
    cell: str
    message: str
    hint: str = ""
    severity: Severity | None = None  # overrides the rule's default where one rule has graded outcomes


RuleFunc = Callable[["CheckContext"], Iterable[Hit]]


class Rule(Struct, frozen=True):
    code: str
    name: str
    family: str
    severity: Severity
    angle: Angle
    forms: Forms
    func: RuleFunc

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def title(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name


RULES: dict[str, Rule] = {}

FAMILIES = {
    "M": "金额",
    "C": "测算",
    "I": "指标",
    "X": "表间一致",
    "F": "填报完整",
    "H": "文字规范",
    "T": "模板完整",
}


def rule(code: str, severity: Severity, angle: Angle, forms: Forms = ALL_FORMS) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule under ``code`` (family letter + three digits, e.g. ``M101``)."""
    if code[:1] not in FAMILIES or len(code) != 4 or not code[1:].isdigit():
        raise ValueError(f"bad rule code {code!r}")

    def register(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        if not func.__doc__:
            raise ValueError(f"rule {code} needs a docstring")
        RULES[code] = Rule(code, func.__name__, FAMILIES[code[0]], severity, angle, forms, func)
        return func

    return register


def all_rules() -> dict[str, Rule]:
    """Every registered rule, importing the rule modules on first use."""
    import perfxl.rules  # noqa: F401  (registers by import)

    return dict(sorted(RULES.items()))
