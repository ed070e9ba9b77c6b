"""Protection, formula cells and saved error values, read straight from a workbook's sheet XML.

Values (python-calamine) cannot tell whether a cell holds a formula or whether a sheet is protected, and loading
the whole workbook with openpyxl costs far more than the check itself. The small workbook and relationship parts
are parsed with ElementTree; the sheet parts, which are large, are scanned with one regex for just these facts.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from perfxl.check.context import SheetFacts

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def read_facts(path: Path, data: bytes | None = None) -> dict[str, SheetFacts]:
    """Facts per sheet name of the workbook at ``path``, or of ``data`` (its content, already read) when given."""
    with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as archive:
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


# Each pattern keeps an attempt inside one tag ([^<>]*) or one text ([^<]*), so every scan is linear in the part's
# size whatever the markup (prefixes, odd spacing, a tag never closed).
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(c|f|v)(?=[\s/>])([^<>]*)>")
_REF = re.compile(rb'(?:^|\s)r\s*=\s*["\']([A-Za-z]{1,3}[0-9]{1,7})["\']')
_ERROR_TYPE = re.compile(rb'(?:^|\s)t\s*=\s*["\']e["\']')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_PROTECTED = re.compile(rb'<(?:[\w.-]+:)?sheetProtection\b[^<>]*\ssheet\s*=\s*["\'](?:1|true)["\']')


def _sheet_facts(archive: zipfile.ZipFile, part: str) -> SheetFacts:
    """Protection, formula cells (with or without a saved result) and saved error values of one sheet part.

    A form sheet has hundreds of cells but only a handful of formulas and (rarely) errors, so inside
    ``<sheetData>`` this jumps from one ``<f>``/``<f …>`` or ``t="e"`` to the next and looks back for the cell's
    ``<c r="…"``, instead of matching every cell (several times slower)."""
    try:
        data = archive.read(part)
    except KeyError:
        return SheetFacts(False, {}, {})
    protected = _is_protected(data)
    begin, stop = data.find(b"<sheetData"), data.find(b"</sheetData>")
    if b"<c r=" not in data or begin == -1 or stop == -1:  # prefixed markup (<x:c r=…>) or an odd part
        return _scan_every_cell(data, protected)
    formulas: dict[str, bool] = {}
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    plain, attributed = _formula_tags(data, begin, stop)
    for marker, places in ((b"<f>", plain), (b"<f ", attributed), (b't="e"', _places(data, b't="e"', begin, stop))):
        resume = begin
        for at in places:
            if at < resume:
                continue  # inside the cell just read
            start, end = data.rfind(b"<c r=", begin, at), data.find(b"</c>", at, stop)
            if start == -1 or end == -1:
                break
            cell = data[start + 6 : data.index(b'"', start + 6)].decode()
            value = _VALUE.search(data, start, end)
            if marker == b't="e"':
                if value is not None:
                    errors[cell] = value.group(1).decode()
            else:
                formulas[cell] = value is not None
                texts[cell] = formula_text(data, at)
            resume = end
    return SheetFacts(protected, formulas, errors, texts)


def formula_text(data: bytes, at: int) -> str:
    """The formula of the ``<f …>`` tag starting at ``at`` (unescaped; "" for a shared formula's reference).

    Every entity is resolved: Excel writes quotes in formulas as they are, LibreOffice as ``&quot;``."""
    close = data.find(b">", at)
    if close == -1 or data[close - 1 : close] == b"/":
        return ""
    end = data.find(b"<", close)
    return html.unescape(data[close + 1 : len(data) if end == -1 else end].decode("utf-8", "replace"))


def external_link_parts(path: Path, data: bytes | None = None) -> list[str]:
    """The package's external workbook links (``xl/externalLinks/…``): Excel offers to update them on opening."""
    with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as archive:
        return sorted(n for n in archive.namelist() if n.startswith("xl/externalLinks/") and n.endswith(".xml"))


def _formula_tags(data: bytes, begin: int, stop: int) -> tuple[list[int], list[int]]:
    """Where ``<f>`` and ``<f …>`` start between ``begin`` and ``stop``: one pass over the sheet data for ``<f``
    instead of one for each (a byte search costs about the same whatever it looks for)."""
    plain: list[int] = []
    attributed: list[int] = []
    for at in _places(data, b"<f", begin, stop):
        follower = data[at + 2 : at + 3]
        if follower == b">":
            plain.append(at)
        elif follower == b" ":
            attributed.append(at)
    return plain, attributed


def _places(data: bytes, marker: bytes, begin: int, stop: int) -> list[int]:
    """Start of every occurrence of ``marker`` lying wholly between ``begin`` and ``stop``."""
    places = []
    at = data.find(marker, begin, stop)
    while at != -1:
        places.append(at)
        at = data.find(marker, at + len(marker), stop)
    return places


def _is_protected(data: bytes) -> bool:
    """``_PROTECTED.search(data)``, started where it can first match: a byte search finds the element's name
    far faster than the regex tries every ``<`` of a large part. (A match starts at the last ``<`` before the
    name it matches, which is never before the last ``<`` before the name's first occurrence.)"""
    first = data.find(b"sheetProtection")
    if first == -1:
        return False
    return _PROTECTED.search(data, max(data.rfind(b"<", 0, first), 0)) is not None


def _scan_every_cell(data: bytes, protected: bool) -> SheetFacts:
    """Every cell, tag by tag: for markup the fast path does not expect (``<x:c …>``, ``</x:c >``)."""
    formulas: dict[str, bool] = {}
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    cell: str | None = None
    formula = error = False
    text = ""
    value: str | None = None

    def finish() -> None:
        if cell is None:
            return
        if formula:
            formulas[cell] = value is not None
            texts[cell] = text
        if error and value is not None:
            errors[cell] = value

    for m in _TAG.finditer(data):
        closing, tag, attrs = m[1], m[2], m[3]
        if tag == b"c":
            finish()
            cell, formula, error, value, text = None, False, False, None, ""
            if not closing and not attrs.rstrip().endswith(b"/"):
                ref = _REF.search(attrs)
                cell = ref[1].decode().upper() if ref else None
                error = _ERROR_TYPE.search(attrs) is not None
        elif cell is not None and not closing:
            if tag == b"f":
                formula = True
                text = formula_text(data, m.start())
            elif not attrs.rstrip().endswith(b"/"):  # <v/>: no saved value
                end = data.find(b"<", m.end())
                value = data[m.end() : len(data) if end == -1 else end].decode("utf-8", "replace")
    finish()
    return SheetFacts(protected, formulas, errors, texts)
