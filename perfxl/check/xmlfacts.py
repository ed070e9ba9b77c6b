"""Protection, formula cells and saved error values, read straight from a workbook's sheet XML.

Values (python-calamine) cannot tell whether a cell holds a formula or whether a sheet is protected, and loading
the whole workbook with openpyxl costs far more than the check itself. The small workbook and relationship parts
are parsed with ElementTree; the sheet parts, which are large, are scanned with one regex for just these facts.

A file read from disk is inflated once by perfxl: :func:`perfxl.limits.check_package` measures every part before
python-calamine may see it, and hands each sheet part (and the two parts that name the sheets) to a
:class:`PackageFacts`, which scans it there and then. :func:`read_facts` opens the package itself, for callers
that have no such pass behind them.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from msgspec import Struct, field

from perfxl.authorship import CORE_PART

_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


class SheetFacts(Struct, frozen=True):
    """What values alone cannot tell about a sheet: is it protected, which cells hold formulas and whether each
    formula has a cached result."""

    protected: bool
    formulas: dict[str, bool]  # cell → has a cached value
    errors: dict[str, str]  # cell → saved error value ("#REF!"); python-calamine reads these as empty
    texts: dict[str, str] = field(default_factory=dict)  # cell → formula as written, without "="


class PackageFacts:
    """Facts of every sheet part, gathered from the bytes the limits pass inflated (see the module docstring)."""

    #: parts :meth:`take` wants besides the sheets: those that name the sheets, and the document properties
    NAMING_PARTS = (_WORKBOOK, _WORKBOOK_RELS)
    KEPT_PARTS = (*NAMING_PARTS, CORE_PART)

    def __init__(self) -> None:
        self._facts: dict[str, SheetFacts] = {}
        self._naming: dict[str, bytes] = {}
        self.names: list[str] = []  # every part of the package, as the zip directory lists them
        self.core: bytes | None = None  # docProps/core.xml, when the package has one

    def take(self, part: str, data: bytes) -> None:
        """One inflated part: a sheet is scanned now (its bytes are not kept); the other kept parts are kept."""
        if part == CORE_PART:
            self.core = data
            return
        if part in self.NAMING_PARTS:
            self._naming[part] = data
            return
        try:
            self._facts[part] = sheet_facts(data)
        except Exception:  # odd bytes: read_facts meets them again inside the rule that asks, and says so there
            self._failed = True

    _failed = False

    def by_name(self) -> dict[str, SheetFacts] | None:
        """Facts per sheet name, as :func:`read_facts` gives them; None when a sheet's part was not among those
        taken (a part outside ``xl/worksheets/``): then the caller reads the package itself."""
        if self._failed or any(part not in self._naming for part in self.NAMING_PARTS):
            return None
        names = set(self.names)
        result = {}
        for name, part in _parts_by_name(self._naming[_WORKBOOK_RELS], self._naming[_WORKBOOK]).items():
            if part in self._facts:
                result[name] = self._facts[part]
            elif part in names:
                return None
            else:
                result[name] = SheetFacts(False, {}, {})  # as read_facts: a sheet whose part is missing
        return result

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def read_facts(path: Path, data: bytes | None = None) -> dict[str, SheetFacts]:
    """Facts per sheet name of the workbook at ``path``, or of ``data`` (its content, already read) when given."""
    with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as archive:
        return {name: _sheet_facts(archive, part) for name, part in _sheet_parts(archive).items()}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    return _parts_by_name(archive.read(_WORKBOOK_RELS), archive.read(_WORKBOOK))


def _parts_by_name(rels_xml: bytes, book_xml: bytes) -> dict[str, str]:
    """Sheet name → its part, from the workbook part and its relationships."""
    plain = _plain_parts_by_name(rels_xml, book_xml)
    if plain is not None:
        return plain
    from xml.etree import ElementTree  # here: only for markup the plain reading declines

    rels = ElementTree.fromstring(rels_xml)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    book = ElementTree.fromstring(book_xml)
    return _parts(targets, ((sheet.get("name", ""), sheet.get(f"{_REL}id")) for sheet in book.iter(f"{_MAIN}sheet")))


def _parts(targets: Mapping[str | None, str], sheets: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    parts = {}
    for name, rel_id in sheets:
        target = targets.get(rel_id, "")
        parts[name] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return parts


# The usual workbook and relationship parts (every writer perfxl has met): the main namespace as the default one,
# unprefixed <sheet …>/<Relationship …> tags whose attributes are double-quoted plain text. Anything else (a comment,
# an entity, another encoding, prefixed tags) is read with ElementTree, so both ways give the same answer; the plain
# way spares a check the ElementTree import (≈ 2.5 ms a start).
_PLAIN_SHEET = re.compile(rb"<sheet\s([^<>]*)>")
_PLAIN_RELATIONSHIP = re.compile(rb"<Relationship\s([^<>]*)>")
_ANY_SHEET = re.compile(rb"<sheet[\s/>]")
_ANY_RELATIONSHIP = re.compile(rb"<Relationship[\s/>]")
_ATTRIBUTE = re.compile(rb'\s*([A-Za-z_][\w.:-]*)\s*=\s*"([^"<&\t\n\r]*)"')
_REL_PREFIX = re.compile(rb'xmlns:([A-Za-z_][\w.-]*)="http://schemas\.openxmlformats\.org/officeDocument/2006/relationships"')
_ODD_MARKUP = (b"<!--", b"<![CDATA[", b"<!DOCTYPE", b"<!ENTITY")


def _plain_parts_by_name(rels_xml: bytes, book_xml: bytes) -> dict[str, str] | None:
    main = f'xmlns="{_MAIN[1:-1]}"'.encode()
    package = f'xmlns="{_PKG_REL[1:-1]}"'.encode()
    prefixes = _REL_PREFIX.findall(book_xml)
    if (
        len(prefixes) != 1 or book_xml.count(b"xmlns=") != 1 or main not in book_xml
        or rels_xml.count(b"xmlns=") != 1 or package not in rels_xml
        or not _utf8(book_xml) or not _utf8(rels_xml)
        or any(odd in part for odd in _ODD_MARKUP for part in (book_xml, rels_xml))
    ):
        return None
    rel_id = prefixes[0] + b":id"
    relationships = [_attributes(m) for m in _PLAIN_RELATIONSHIP.findall(rels_xml)]
    sheets = [_attributes(m) for m in _PLAIN_SHEET.findall(book_xml)]
    found = relationships + sheets
    if any(attrs is None for attrs in found) or len(_ANY_RELATIONSHIP.findall(rels_xml)) != len(relationships) \
            or len(_ANY_SHEET.findall(book_xml)) != len(sheets):
        return None
    try:
        targets = {_text(a.get(b"Id")): _text(a.get(b"Target", b"")) or "" for a in relationships if a is not None}
        return _parts(targets, ((_text(a.get(b"name", b"")) or "", _text(a.get(rel_id))) for a in sheets if a is not None))
    except UnicodeDecodeError:
        return None


def _attributes(tag: bytes) -> dict[bytes, bytes] | None:
    """The attributes of one tag (its text after the name), or None unless they are all plain and distinct."""
    pairs = _ATTRIBUTE.findall(tag)
    rest = _ATTRIBUTE.sub(b"", tag).strip()
    if rest not in (b"", b"/") or len({key for key, _ in pairs}) != len(pairs) or any(k.startswith(b"xmlns") for k, _ in pairs):
        return None
    return dict(pairs)


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("utf-8")


def _utf8(part: bytes) -> bool:
    """No byte-order mark and no declared encoding other than UTF-8."""
    if part.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return False
    head = part[: part.find(b"?>") + 2] if part.startswith(b"<?xml") else b""
    declared = re.search(rb"encoding\s*=\s*[\"']([^\"']*)[\"']", head)
    return declared is None or declared[1].lower() in (b"utf-8", b"utf8")


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
    return sheet_facts(data)


def sheet_facts(data: bytes) -> SheetFacts:
    """:func:`_sheet_facts` of a sheet part's content."""
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


def external_link_parts(path: Path, data: bytes | None = None, names: Iterable[str] | None = None) -> list[str]:
    """The package's external workbook links (``xl/externalLinks/…``): Excel offers to update them on opening.
    ``names``, when given, are the package's part names as already read from its directory."""
    if names is None:
        with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as archive:
            names = archive.namelist()
    return sorted(n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml"))


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
