"""Excel *Forms* buttons on the sheets of a template, written as legacy VML (zip surgery on openpyxl's output).

Why VML: it is the one button form that survives perfxl's own openpyxl round trips (``check --mark``,
``generate`` keep the VML a sheet's ``<legacyDrawing>`` points at and add their comment shapes to it), while
DrawingML shapes and Excel 2010 ``<controls>`` are dropped by openpyxl. Excel reads this VML (it is what
XlsxWriter's ``insert_button`` writes) and saves it back in its own form.

Shape ids: ``o:idmap data="1"`` gives the block 1024–2047. openpyxl numbers the comment shapes it adds to a
kept VML part from 1026 up, so the buttons take ids from 2001: they never collide.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from perfxl.xlsm.package import (
    MAIN_NS,
    MAIN_XLSM,
    R_NS,
    Parts,
    add_relationship,
    content_types,
    element_spans,
    parse,
    rels_name,
    sheet_parts,
    write_content_types,
)

VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
VML_REL = R_NS + "/vmlDrawing"
FIRST_BUTTON_ID = 2001
#: CT_Worksheet children that come after <legacyDrawing> (ECMA-376 Part 1, 18.3.1.99).
AFTER_LEGACY_DRAWING = (
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


@dataclass(frozen=True)
class Button:
    caption: str
    macro: str  # a public zero-argument Sub of a standard module, e.g. "PerfxlValidate"


VALIDATE = Button("校验", "PerfxlValidate")
CLEAR_MARKS = Button("清除标记", "PerfxlClearMarks")
GENERATE = Button("生成指标", "PerfxlGenerate")
ADD_SHEET3 = Button("新增附表3", "PerfxlAddSheet3")
EXPORT = Button("导出报送版", "PerfxlExport")

#: The buttons of each sheet role (perfxl.layout SheetLayout.role). 汇总 is the collector's: ribbon only.
ROLE_BUTTONS: dict[str, tuple[Button, ...]] = {
    "附表1": (VALIDATE, CLEAR_MARKS, EXPORT),
    "附表2": (VALIDATE, CLEAR_MARKS, ADD_SHEET3, EXPORT),
    "附表3": (VALIDATE, CLEAR_MARKS, GENERATE, ADD_SHEET3, EXPORT),
    "项目申报表": (VALIDATE, CLEAR_MARKS, GENERATE, EXPORT),
}

WIDTH_PX, HEIGHT_PX, GAP_PX = 120, 32, 10


class _SheetGeometry:
    """Column widths and row heights of one worksheet in pixels at 96 dpi (what a VML anchor counts)."""

    def __init__(self, sheet: ET.Element) -> None:
        fmt = sheet.find(f"{{{MAIN_NS}}}sheetFormatPr")
        base = float(fmt.get("baseColWidth", "8")) if fmt is not None else 8.0
        self.default_width = (
            float(fmt.get("defaultColWidth", base + 5 / 7)) if fmt is not None else base + 5 / 7
        )
        self.default_height = float(fmt.get("defaultRowHeight", "15")) if fmt is not None else 15.0
        self.widths: dict[int, float] = {}
        for col in sheet.iter(f"{{{MAIN_NS}}}col"):
            for index in range(int(col.get("min", "1")), int(col.get("max", "1")) + 1):
                self.widths[index - 1] = float(col.get("width", self.default_width))
        self.heights = {
            int(row.get("r", "1")) - 1: float(row.get("ht", ""))
            for row in sheet.iter(f"{{{MAIN_NS}}}row")
            if row.get("ht")
        }

    def col_px(self, index: int) -> int:
        """Excel's pixel width of a column of character width w (Calibri 11 max digit width 7 px)."""
        width = self.widths.get(index, self.default_width)
        return int((256 * width + int(128 / 7)) / 256 * 7)

    def row_px(self, index: int) -> int:
        return round(self.heights.get(index, self.default_height) * 4 / 3)

    def left_of(self, col: int) -> int:
        return sum(self.col_px(c) for c in range(col))

    def cell_at(self, x: int, y: int) -> tuple[int, int, int, int]:
        """(column, x offset, row, y offset) of the pixel (x, y)."""
        col = row = 0
        while x >= self.col_px(col):
            x -= self.col_px(col)
            col += 1
        while y >= self.row_px(row):
            y -= self.row_px(row)
            row += 1
        return col, x, row, y


def _shape(button: Button, spid: int, z: int, left: int, top: int, geometry: _SheetGeometry) -> str:
    c1, x1, r1, y1 = geometry.cell_at(left, top)
    c2, x2, r2, y2 = geometry.cell_at(left + WIDTH_PX, top + HEIGHT_PX)
    style = (
        f"position:absolute;margin-left:{left * 0.75:g}pt;margin-top:{top * 0.75:g}pt;"
        f"width:{WIDTH_PX * 0.75:g}pt;height:{HEIGHT_PX * 0.75:g}pt;z-index:{z};mso-wrap-style:tight"
    )
    return (
        f'<v:shape id="_x0000_s{spid}" type="#_x0000_t201" style="{style}" o:button="t" '
        'fillcolor="buttonFace [67]" strokecolor="windowText [64]" o:insetmode="auto">'
        '<v:fill color2="buttonFace [67]" o:detectmouseclick="t"/><o:lock v:ext="edit" rotation="t"/>'
        '<v:textbox style="mso-direction-alt:auto" o:singleclick="f"><div style="text-align:center">'
        f'<font face="宋体" size="220" color="#000000">{escape(button.caption)}</font></div></v:textbox>'
        f'<x:ClientData ObjectType="Button"><x:Anchor>{c1}, {x1}, {r1}, {y1}, {c2}, {x2}, {r2}, {y2}</x:Anchor>'
        "<x:PrintObject>False</x:PrintObject><x:AutoFill>False</x:AutoFill>"
        f"<x:FmlaMacro>[0]!{escape(button.macro)}</x:FmlaMacro>"
        "<x:TextHAlign>Center</x:TextHAlign><x:TextVAlign>Center</x:TextVAlign></x:ClientData></v:shape>"
    )


def button_vml(buttons: tuple[Button, ...], geometry: _SheetGeometry, column: int) -> bytes:
    """A VML drawing with the buttons stacked from the top of ``column`` (0-based), not printed."""
    left = geometry.left_of(column) + GAP_PX
    shapes = [
        _shape(button, FIRST_BUTTON_ID + i, i + 1, left, GAP_PX + i * (HEIGHT_PX + GAP_PX), geometry)
        for i, button in enumerate(buttons)
    ]
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" '
        'o:connecttype="rect"/><o:lock v:ext="edit" shapetype="t"/></v:shapetype>'
        + "".join(shapes)
        + "</xml>"
    ).encode("utf-8")


def _with_legacy_drawing(xml: bytes, rid: str) -> bytes:
    """The worksheet with ``<legacyDrawing r:id>`` in its schema place and ``xmlns:r`` on the root
    (openpyxl leaves it out of a sheet without relationships)."""
    tag = f'<legacyDrawing r:id="{rid}"/>'.encode()
    later = element_spans(xml, lambda p, _: len(p) == 2 and p[1].split(":")[-1] in AFTER_LEGACY_DRAWING)
    ((root_start, root_end),) = element_spans(xml, lambda p, _: len(p) == 1)
    at = later[0][0] if later else xml.rfind(b"</", root_start, root_end)
    xml = xml[:at] + tag + xml[at:]
    head_end = xml.index(b">", root_start)
    if b"xmlns:r=" not in xml[root_start:head_end]:
        xml = xml[:head_end] + f' xmlns:r="{R_NS}"'.encode() + xml[head_end:]
    return xml


def add_form_buttons(parts: Parts, buttons: dict[str, tuple[Button, ...]], columns: dict[str, int]) -> None:
    """Put ``buttons[sheet]`` on each named sheet, in column ``columns[sheet]`` (0-based), editing ``parts``.

    Also switches the workbook to the macro-enabled main content type (a button calls a macro; Excel refuses a
    .xlsm whose main part says .xlsx).
    """
    sheet_part = sheet_parts(parts)
    defaults, overrides = content_types(parts)
    drawings = sum(1 for name in parts if name.startswith("xl/drawings/vmlDrawing"))
    for sheet, sheet_buttons in buttons.items():
        part = sheet_part[sheet]
        if rels_name(part) in parts and b"<legacyDrawing" in parts[part]:
            raise ValueError(
                f"{sheet} already has a VML drawing (comments); buttons would need merging into it"
            )
        drawings += 1
        vml = f"xl/drawings/vmlDrawing{drawings}.vml"
        parts[vml] = button_vml(sheet_buttons, _SheetGeometry(parse(parts, part)), columns[sheet])
        rid = add_relationship(
            parts, part, VML_REL, f"../drawings/vmlDrawing{drawings}.vml", prefix="rIdButtons"
        )
        parts[part] = _with_legacy_drawing(parts[part], rid)
    defaults.setdefault("vml", VML_TYPE)
    overrides["xl/workbook.xml"] = MAIN_XLSM
    write_content_types(parts, defaults, overrides)
