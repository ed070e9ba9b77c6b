"""The look of the official forms: 宋体 labels, 仿宋 inputs, thin grid lines, shaded input cells.

Styles are named by role; the layout says which role a label has. Input cells are unlocked. Their shading is a
conditional format that shows only while the cell is empty: what is still to fill stands out on screen, and a
filled form prints clean in any office suite (LibreOffice and WPS ignore Excel's "print in black and white").
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from perfxl.layout.spec import Kind

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NO_BORDER = Border()
UNDERLINE = Border(bottom=THIN)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC", bgColor="FFF2CC")
NO_FILL = PatternFill(fill_type=None)

MONEY_FORMAT = "0.00##"
TEXT_FORMAT = "@"

BODY_FONT = "宋体"
INPUT_FONT = "仿宋"


@dataclass(frozen=True)
class Style:
    font: Font
    alignment: Alignment
    border: Border = GRID
    fill: PatternFill = NO_FILL
    locked: bool = True
    number_format: str = "General"

    @property
    def protection(self) -> Protection:
        return Protection(locked=self.locked)


def _align(horizontal: str = "center", wrap: bool = True) -> Alignment:
    return Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)


LABEL_STYLES: dict[str, Style] = {
    "title": Style(Font(name=BODY_FONT, size=18, bold=True), _align(), NO_BORDER),
    "form_no": Style(Font(name="黑体", size=12), _align("left", False), NO_BORDER),
    "note": Style(Font(name=BODY_FONT, size=11), _align("left", False), NO_BORDER),
    "note_right": Style(Font(name=BODY_FONT, size=11), _align("right", False), NO_BORDER),
    "label": Style(Font(name=BODY_FONT, size=11, bold=True), _align()),
    "header": Style(Font(name=BODY_FONT, size=11, bold=True), _align()),
    "sign": Style(Font(name=BODY_FONT, size=11), _align("left", False), NO_BORDER),
    "formula": Style(Font(name=BODY_FONT, size=11, bold=True), _align("right"), number_format=MONEY_FORMAT),
    "formula_note": Style(Font(name=BODY_FONT, size=11), _align("left", False), NO_BORDER),
}


def input_style(kind: Kind, border: Border = GRID) -> Style:
    """Unlocked, shaded; text cells use the text format so Excel keeps "100%" or "1-2" as typed."""
    if kind == "money":
        return Style(Font(name=INPUT_FONT, size=11), _align("right"), border, NO_FILL, False, MONEY_FORMAT)
    if kind == "year":
        return Style(Font(name=INPUT_FONT, size=11), _align("center"), border, NO_FILL, False, "0")
    horizontal = "left" if kind == "longtext" else "center"
    return Style(Font(name=INPUT_FONT, size=11), _align(horizontal), border, NO_FILL, False, TEXT_FORMAT)


def formula_style(name: str, kind: Kind) -> Style:
    base = LABEL_STYLES[name]
    if kind == "money":
        return base
    return Style(base.font, base.alignment, base.border, base.fill, True, "General")
