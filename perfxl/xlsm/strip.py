"""导出报送版: a macro-enabled workbook (.xlsm) -> a macro-free .xlsx, by removing parts, not by re-saving.

The 导出报送版 button runs this on a copy Excel saved with ``SaveCopyAs`` (so cached formula values are
current: openpyxl would write none). Removed: the VBA project (and its signatures), form and ActiveX controls
(VML shapes other than comments, Excel 2010's ``<controls>`` block, ctrlProps, their DrawingML twins), macro
assignments on drawing shapes; the main content type becomes .xlsx. Comments and every other part stay
byte-identical, so values, styles, formulas, validations and protection are those of the source.

VML is handled with regular expressions on purpose: Excel writes legacy VML that is not always well-formed XML
(e.g. ``<br>`` in captions), so an XML parser would reject files Excel itself opens.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from perfxl.atomic import atomic_path
from perfxl.xlsm.package import (
    MAIN_XLSM,
    MAIN_XLSX,
    PackageError,
    Parts,
    content_types,
    cut,
    element_spans,
    read_parts,
    relationships,
    rels_name,
    resolve,
    sheet_parts,
    write_content_types,
    write_parts,
)

#: Relationship types (last path segment) whose targets are macros or controls; "extensibility" is a custom
#: ribbon (customUI), whose buttons call VBA callbacks.
MACRO_RELS = {
    "extensibility",
    "vbaProject",
    "vbaProjectSignature",
    "vbaProjectSignatureAgile",
    "vbaProjectSignatureV3",
    "wordVbaData",
    "ctrlProp",
    "control",
    "activeXControlBinary",
}
#: Content types of Excel 4.0 macro sheets and dialog sheets: an .xlsx cannot hold them.
XLM_TYPES = (
    "application/vnd.ms-excel.macrosheet+xml",
    "application/vnd.ms-excel.intlmacrosheet+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.dialogsheet+xml",
)

_VML_SHAPE = re.compile(rb"<(?P<p>[\w.-]+:)?shape\b[^>]*>.*?</(?P=p)shape\s*>", re.S)
_OBJECT_TYPE = re.compile(rb"""\bObjectType\s*=\s*["']([^"']*)["']""")
_MACRO_ATTR = re.compile(rb"""(\smacro\s*=\s*)(["'])[^"']*\2""")
_ANCHORS = ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor")
VBA_PROJECT_TYPE = "application/vnd.ms-office.vbaProject"
#: Types of the other .bin parts of a workbook, for when the .bin Default named the VBA project's type.
BIN_TYPES = {
    "xl/printerSettings/": "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings",
    "xl/embeddings/": "application/vnd.openxmlformats-officedocument.oleObject",
}


class ExportError(ValueError):
    """The workbook cannot be exported macro-free; the message (Chinese) says why and what to do."""


def export_macro_free(src: Path, dst: Path) -> Path:
    """Write the macro-free .xlsx of the workbook ``src`` to ``dst`` (whole or not at all) and return ``dst``.

    Raises :class:`ExportError` when ``src`` is not a workbook package, is damaged, or holds Excel 4.0 macro
    sheets (which an .xlsx cannot hold).
    """
    src, dst = Path(src), Path(dst)
    if dst.suffix.lower() != ".xlsx":
        raise ExportError(f"报送版应保存为 .xlsx 文件（现为“{dst.name}”）。")
    try:
        parts = strip_macros(read_parts(src))
    except PackageError as exc:
        raise ExportError(
            f"无法导出报送版：{src.name} 已损坏或不是 Excel 工作簿（{exc}）。请在 Excel 中另存后重试。"
        ) from exc
    with atomic_path(dst) as tmp:
        write_parts(parts, tmp)
    return dst


def strip_macros(parts: Parts) -> Parts:
    """The package ``parts`` without macros and controls (see the module docstring); raises PackageError."""
    parts = dict(parts)
    defaults, overrides = content_types(parts)
    main = overrides.get("xl/workbook.xml")
    if main not in (MAIN_XLSM, MAIN_XLSX):
        raise PackageError(f"不是普通工作簿（主部件类型 {main}）")
    xlm = [name for name, kind in overrides.items() if kind in XLM_TYPES]
    if xlm:
        raise ExportError(
            f"工作簿含有 Excel 4.0 宏表或对话框工作表（{', '.join(xlm)}），无法导出为 .xlsx。请先删除这些工作表。"
        )
    dropped = _drop_macro_rels(parts, "xl/workbook.xml")
    for ui in _drop_macro_rels(parts, ""):  # a customUI part and its images
        folder = posixpath.dirname(ui)
        dropped |= {ui} | ({name for name in parts if name.startswith(folder + "/")} if folder else set())
    for part in sheet_parts(parts).values():
        if part in parts:
            dropped |= _strip_sheet(parts, part)
    for name in list(parts):
        if name.startswith(("xl/ctrlProps/", "xl/activeX/")) or re.fullmatch(
            r"xl/vbaProject\w*\.bin|xl/vbaData\.xml", name
        ):
            dropped.add(name)
    for name in dropped:
        parts.pop(name, None)
        parts.pop(rels_name(name), None)
        overrides.pop(name, None)
    for ext in ("bin", "vml"):
        if not any(name.lower().endswith("." + ext) for name in parts):
            defaults.pop(ext, None)
    if defaults.get("bin") == VBA_PROJECT_TYPE:  # other .bin parts left: give them their own types
        del defaults["bin"]
        for name in (n for n in parts if n.lower().endswith(".bin") and n not in overrides):
            kind = next((t for folder, t in BIN_TYPES.items() if name.startswith(folder)), None)
            if kind is None:
                raise ExportError(f"工作簿含有无法识别的二进制部件 {name}，无法导出为 .xlsx。")
            overrides[name] = kind
    overrides["xl/workbook.xml"] = MAIN_XLSX
    write_content_types(parts, defaults, overrides)
    return parts


def _drop_macro_rels(parts: Parts, part: str, also: set[str] | None = None) -> set[str]:
    """Remove the macro/control relationships of ``part`` (and those with Ids in ``also``); return their targets."""
    name = rels_name(part)
    if name not in parts:
        return set()
    targets: set[str] = set()
    rids = set(also or ())
    for rel in relationships(parts, part):
        if rel.get("Type", "").rsplit("/", 1)[-1] in MACRO_RELS:
            rids.add(rel["Id"])
        if rel["Id"] in rids and rel.get("TargetMode") != "External":
            targets.add(resolve(part, rel["Target"]))
    if rids:
        parts[name] = cut(
            parts[name],
            element_spans(parts[name], lambda p, a: _local(p) == "Relationship" and a.get("Id") in rids),
        )
        # an empty rels part is valid, but neither openpyxl nor Excel writes one
        if not relationships(parts, part):
            del parts[name]
    return targets


def _local(path: tuple[str, ...]) -> str:
    return path[-1].split(":")[-1]


def _strip_sheet(parts: Parts, part: str) -> set[str]:
    """Remove controls from one worksheet; return the parts no longer used."""
    xml = parts[part]
    # <controls> (inside mc:AlternateContent when Excel 2010+ wrote it, with a fallback twin)
    controls = element_spans(xml, lambda p, _: _local(p) == "controls")
    wrappers = element_spans(xml, lambda p, _: len(p) == 2 and _local(p) == "AlternateContent")
    spans = [w for w in wrappers if any(w[0] <= c[0] < w[1] for c in controls)]
    spans += [c for c in controls if not any(w[0] <= c[0] < w[1] for w in spans)]
    gone_rids: set[str] = set()
    unused: set[str] = set()
    for rel in relationships(parts, part):
        strip = _DRAWING_STRIPPERS.get(rel.get("Type", "").rsplit("/", 1)[-1])
        target = resolve(part, rel["Target"])
        if strip is not None and target in parts and strip(parts, target):  # the drawing is left empty
            gone_rids.add(rel["Id"])
            unused.add(target)
    spans += element_spans(
        xml, lambda p, a: len(p) == 2 and _local(p) in ("legacyDrawing", "drawing") and _rid(a) in gone_rids
    )
    parts[part] = cut(xml, _outermost(spans))
    return unused | _drop_macro_rels(parts, part, gone_rids)


def _rid(attrs: dict[str, str]) -> str | None:
    """The relationship id of an element (``r:id``, whatever the prefix)."""
    return next((v for k, v in attrs.items() if k.split(":")[-1] == "id" and ":" in k), None)


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def _strip_vml(parts: Parts, name: str) -> bool:
    """Remove the VML shapes that are not comments; True if the drawing is left without any shape."""
    vml = parts[name]
    kept = removed = 0
    pieces, at = [], 0
    for shape in _VML_SHAPE.finditer(vml):
        kind = _OBJECT_TYPE.search(shape.group(0))
        if kind is not None and kind.group(1) != b"Note":
            pieces.append(vml[at : shape.start()])
            at = shape.end()
            removed += 1
        else:
            kept += 1
    pieces.append(vml[at:])
    if removed:
        parts[name] = b"".join(pieces)
    return kept == 0


def _strip_drawing(parts: Parts, name: str) -> bool:
    """Remove DrawingML twins of form controls and macro assignments; True if no anchor is left."""
    xml = parts[name]
    anchors = element_spans(xml, lambda p, _: len(p) == 2 and _local(p) in (*_ANCHORS, "AlternateContent"))
    # a twin carries a14:compatExt, naming the VML shape it mirrors
    twins = [(s, e) for s, e in anchors if b"compatExt" in xml[s:e]]
    xml = _MACRO_ATTR.sub(rb'\1""', cut(xml, twins))
    parts[name] = xml
    return not element_spans(xml, lambda p, _: len(p) == 2 and _local(p) in (*_ANCHORS, "AlternateContent"))


_DRAWING_STRIPPERS = {"vmlDrawing": _strip_vml, "drawing": _strip_drawing}
