"""Protection and formula cells, read straight from a workbook's sheet XML.

Values (python-calamine) cannot tell whether a cell holds a formula or whether a sheet is protected, and loading
the whole workbook with openpyxl costs far more than the check itself. The sheet parts are plain XML, so the
standard library's streaming parser reads just these facts.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from perfxl.check.context import SheetFacts

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def read_facts(path: Path) -> dict[str, SheetFacts]:
    with zipfile.ZipFile(path) as archive:
        return {name: _sheet_facts(archive, part) for name, part in _sheet_parts(archive).items()}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = part
    return parts


def _sheet_facts(archive: zipfile.ZipFile, part: str) -> SheetFacts:
    protected = False
    formulas: dict[str, bool] = {}
    errors: dict[str, str] = {}
    try:
        handle = archive.open(part)
    except KeyError:
        return SheetFacts(False, {}, {})
    with handle:
        for _event, element in ElementTree.iterparse(handle):
            if element.tag == f"{_MAIN}c":
                value = element.find(f"{_MAIN}v")
                cell = element.get("r", "")
                if element.find(f"{_MAIN}f") is not None:
                    formulas[cell] = value is not None and value.text is not None
                if element.get("t") == "e" and value is not None and value.text:
                    errors[cell] = value.text
                element.clear()
            elif element.tag == f"{_MAIN}sheetProtection":
                protected = element.get("sheet") in ("1", "true")
    return SheetFacts(protected, formulas, errors)
