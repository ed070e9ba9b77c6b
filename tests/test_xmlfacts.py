"""The fast formula/error scan gives the same facts as visiting every cell."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from perfxl.check.xmlfacts import (
    _PROTECTED,
    _is_protected,
    _scan_every_cell,
    _sheet_facts,
    _sheet_parts,
    read_facts,
)
from tests.helpers import example_file

SHEET = (
    b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>SUM(C1:C2)</f><v>3</v></c>'
    b'<c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1" t="e"><v>#REF!</v></c><c r="E1"><f t="shared" si="0"/>'
    b'</c><c r="F1"/></row></sheetData><sheetProtection sheet="1"/>'
    b'<conditionalFormatting sqref="A1"><cfRule type="expression"><formula>LEN(A1)=0</formula></cfRule>'
    b"</conditionalFormatting></worksheet>"
)


def _archive(data: bytes) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", data)
    return zipfile.ZipFile(buffer)


def test_fast_scan_finds_formulas_errors_and_protection() -> None:
    facts = _sheet_facts(_archive(SHEET), "xl/worksheets/sheet1.xml")
    assert facts.protected
    assert facts.formulas == {"B1": True, "C1": True, "E1": False}  # the <formula> of a conditional format is not a cell
    assert facts.errors == {"C1": "#DIV/0!", "D1": "#REF!"}
    assert facts == _scan_every_cell(SHEET, True)


def test_formula_text_is_unescaped_as_any_writer_escapes_it() -> None:
    """LibreOffice writes the quotes of a formula as ``&quot;`` (Excel as they are): both read as the same formula,
    so the template's title is not reported as changed (T105) in a file saved by LibreOffice."""
    for quote in (b'"', b"&quot;", b"&#34;"):
        cell = b'<c r="A2" t="str"><f aca="false">IF($E$3=' + quote * 2 + b",$E$3&amp;" + quote + b"Y" + quote
        sheet = b'<worksheet><sheetData><row r="2">' + cell + b")</f><v>x</v></c></row></sheetData></worksheet>"
        facts = _sheet_facts(_archive(sheet), "xl/worksheets/sheet1.xml")
        assert facts.texts == {"A2": 'IF($E$3="",$E$3&"Y")'} == _scan_every_cell(sheet, False).texts


def test_fast_scan_equals_full_scan_on_real_workbooks(tmp_path: Path) -> None:
    for name in ("shifeng", "hengdong"):
        path = example_file(name, tmp_path)
        with zipfile.ZipFile(path) as archive:
            for sheet, part in _sheet_parts(archive).items():
                data = archive.read(part)
                assert read_facts(path)[sheet] == _scan_every_cell(data, _PROTECTED.search(data) is not None)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b'<sheetProtection sheet="1"/>',
        b'<x:sheetProtection password="AB" sheet="true"/>',
        b'<c><is><t>sheetProtection sheet="1"</t></is></c><sheetProtection sheet="0"/>',
        b'<sheetProtection objects="1"/><sheetProtection sheet="1"/>',
        b'<sheetProtectionX sheet="1"/>',
        b'<<sheetProtection sheet="1"/>',
        b'sheetProtection sheet="1"',
    ],
)
def test_protection_search_starts_late_but_finds_the_same(data: bytes) -> None:
    assert _is_protected(data) == (_PROTECTED.search(data) is not None)


def test_formula_cells_keep_their_order() -> None:
    """Plain ``<f>`` cells come before ``<f …>`` ones (T104 points at the first formula without a result)."""
    sheet = (
        b'<worksheet><sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1</f></c>'
        b'<c r="B1"><f>C1</f></c><c r="C1"><rPr><family val="2"/></rPr><f>D1</f><v>1</v></c>'
        b'<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row></sheetData></worksheet>'
    )
    facts = _sheet_facts(_archive(sheet), "xl/worksheets/sheet1.xml")
    assert list(facts.formulas.items()) == [("B1", False), ("C1", True), ("D1", True), ("A1", False)]
    assert facts.errors == {"D1": "#DIV/0!"}
