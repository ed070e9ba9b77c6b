"""``xmlrows.RowFileSheet`` copies XlsxWriter's row file into the sheet part as bytes instead of as text: the
package it writes must be the same, part for part."""

from __future__ import annotations

import zipfile
from pathlib import Path

import xlsxwriter

from perfxl.consolidate.xmlrows import RowFileSheet


def _write(path: Path, worksheet_class: type | None) -> dict[str, bytes]:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": str(path.parent)})
    book.set_properties({"created": None})
    for name in ("汇总", "空表"):
        sheet = book.add_worksheet(name, worksheet_class=worksheet_class)
        if name == "空表":
            continue
        for row in range(300):
            sheet.write_string(row, 0, f"单位{row}：石峰区“教育局”<&>\n第二行")
            sheet.write_number(row, 1, row * 1.5)
    book.close()
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_sheets_written_from_the_row_file_as_bytes_are_the_same(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = _write(tmp_path / "a" / "plain.xlsx", None)
    copied = _write(tmp_path / "b" / "copied.xlsx", RowFileSheet)
    assert plain.keys() == copied.keys()
    differing = [name for name in plain if plain[name] != copied[name] and not name.startswith("docProps/")]
    assert differing == []
    assert "单位299：石峰区“教育局”&lt;&amp;&gt;" in copied["xl/worksheets/sheet1.xml"].decode()
    assert b"<sheetData/>" in copied["xl/worksheets/sheet2.xml"]
    # the filled sheet's row file is removed (XlsxWriter itself leaves an empty sheet's: BookWriter removes it)
    assert len(list((tmp_path / "b").iterdir())) == len(list((tmp_path / "a").iterdir())) == 2
