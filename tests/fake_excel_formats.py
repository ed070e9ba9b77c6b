"""Fills, comments and conditional formats of the Excel stand-in (:mod:`tests.fake_excel`), and the call
counter every part of it shares. Each acts on the openpyxl cells of the range (or sheet) that owns it."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, ClassVar

from openpyxl.formatting.rule import Rule
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color
from openpyxl.styles.differential import DifferentialStyle

from perfxl.excel.xlwings_book import PATTERNS, argb, bgr

if TYPE_CHECKING:
    from tests.fake_excel import Range, Sheet


class Counted:
    calls: ClassVar[Counter[str]] = Counter()

    def _count(self, name: str) -> None:
        Counted.calls[name] += 1


class Interior(Counted):
    def __init__(self, owner: Range):
        object.__setattr__(self, "_owner", owner)

    def __getattr__(self, name: str) -> Any:
        self._count(f"Interior.get.{name}")
        fill = self._owner.cells[0].fill
        number = next((n for n, p in PATTERNS.items() if p == fill.patternType), -4142)
        if name == "Pattern":
            return number
        colour = fill.fgColor if name == "Color" and fill.patternType == "solid" else (
            fill.fgColor if name == "PatternColor" else fill.bgColor)  # fmt: skip
        return bgr(colour.rgb) if colour.type == "rgb" and isinstance(colour.rgb, str) else 0xFFFFFF

    def __setattr__(self, name: str, value: Any) -> None:
        self._count(f"Interior.set.{name}")
        self._owner.require_format()
        for cell in self._owner.cells:
            old = cell.fill
            if name == "Pattern":
                pattern = PATTERNS.get(value)
                cell.fill = PatternFill(pattern, fgColor=old.fgColor, bgColor=old.bgColor) if pattern else PatternFill()
            elif name in ("Color", "PatternColor"):
                colour = Color(rgb=argb(value))
                solid = old.patternType == "solid"
                fg = colour if name == "PatternColor" or solid else old.fgColor
                bg = colour if name == "Color" else old.bgColor
                cell.fill = PatternFill(old.patternType or "solid", fgColor=fg, bgColor=bg)
            elif name in ("ThemeColor", "PatternThemeColor"):
                colour = Color(theme=value - 1)
                cell.fill = PatternFill(old.patternType, fgColor=colour if name == "PatternThemeColor" or
                                        old.patternType == "solid" else old.fgColor, bgColor=old.bgColor)  # fmt: skip
            elif name in ("TintAndShade", "PatternTintAndShade"):
                fg = Color(theme=old.fgColor.theme, tint=value)
                cell.fill = PatternFill(old.patternType, fgColor=fg, bgColor=old.bgColor)


class FakeComment(Counted):
    def __init__(self, cell: Any):
        self.cell = cell
        self.Shape = type("Shape", (), {"Width": 0, "Height": 0})()

    def Text(self) -> str:
        self._count("Comment.Text")
        return str(self.cell.comment.text)

    @property
    def Author(self) -> str:
        return str(self.cell.comment.author)


class Rules(Counted):
    """FormatConditions of a range (Add) or of a sheet's Cells (Count, Item)."""

    def __init__(self, owner: Range):
        self.owner = owner

    def Add(self, Type: int, Formula1: str) -> FakeRule:
        self._count("FormatConditions.Add")
        self.owner.require_format()
        return FakeRule(self.owner.sheet, self.owner.address, Formula1)

    @property
    def Count(self) -> int:
        return len(self._all())

    def Item(self, index: int) -> FakeRule:
        sqref, rule = self._all()[index - 1]
        found = FakeRule.__new__(FakeRule)
        found.sheet, found.sqref, found.rule = self.owner.sheet, sqref, rule
        return found

    def _all(self) -> list[tuple[str, Rule]]:
        return rules_of(self.owner.sheet.ws)


def rules_of(ws: Any) -> list[tuple[str, Rule]]:
    """A sheet's conditional formats as (range, rule), by priority."""
    pairs = [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]
    return sorted(pairs, key=lambda pair: pair[1].priority or 0)


class FakeRule(Counted):
    Type = 2

    def __init__(self, sheet: Sheet, address: str, formula: str):
        self.sheet, self.sqref = sheet, address.replace(",", " ")
        self.rule = Rule(type="expression", formula=[formula.lstrip("=")], dxf=DifferentialStyle(fill=PatternFill()))
        self.rule.priority = 1 + max([r.priority or 0 for _, r in rules_of(sheet.ws)] or [0])
        sheet.ws.conditional_formatting.add(self.sqref, self.rule)

    @property
    def Formula1(self) -> str:
        return "=" + self.rule.formula[0]

    @property
    def Interior(self) -> Any:
        rule = self.rule

        class _Interior:
            """A rule's Interior as Excel gives it: Pattern, Color (the background) and PatternColor."""

            @property
            def Color(self) -> int:
                return bgr(rule.dxf.fill.bgColor.rgb)

            @Color.setter
            def Color(self, value: int) -> None:
                old = rule.dxf.fill
                solid = (old.patternType or "solid") == "solid"
                fg = argb(value) if solid else old.fgColor
                rule.dxf = DifferentialStyle(fill=PatternFill(old.patternType or "solid", fgColor=fg, bgColor=argb(value)))

            @property
            def Pattern(self) -> int:
                return next(n for n, p in PATTERNS.items() if p == (rule.dxf.fill.patternType or "solid"))

            @Pattern.setter
            def Pattern(self, value: int) -> None:
                old = rule.dxf.fill
                rule.dxf = DifferentialStyle(fill=PatternFill(PATTERNS[value], fgColor=old.fgColor, bgColor=old.bgColor))

            @property
            def PatternColor(self) -> int:
                return bgr(rule.dxf.fill.fgColor.rgb)

            @PatternColor.setter
            def PatternColor(self, value: int) -> None:
                old = rule.dxf.fill
                rule.dxf = DifferentialStyle(fill=PatternFill(old.patternType, fgColor=argb(value), bgColor=old.bgColor))

        return _Interior()

    def SetFirstPriority(self) -> None:
        self._count("FormatCondition.SetFirstPriority")
        for _, other in rules_of(self.sheet.ws):
            if other is not self.rule:
                other.priority = (other.priority or 0) + 1
        self.rule.priority = 1

    def Delete(self) -> None:
        self._count("FormatCondition.Delete")
        ws = self.sheet.ws
        for cf in list(ws.conditional_formatting):
            if self.rule in cf.rules:
                cf.rules.remove(self.rule)
                if not cf.rules:
                    del ws.conditional_formatting._cf_rules[cf]
        for _, other in rules_of(self.sheet.ws):
            if (other.priority or 0) > (self.rule.priority or 0):
                other.priority = (other.priority or 0) - 1
