"""A corpus of hostile and broken inputs, built at test time from the 石峰 example (small on disk: the largest
inflates to tens of MB but is stored as ≈ 100 KB; a 3 GB file is sparse). Every example of issue 11 is here.

``build_corpus(folder)`` returns {kind: path}; each kind is one way a return arrives broken or hostile.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from tests.helpers import example_file
from tests.rawzip import Entry, entries_of, replace_part, write_zip

S1, S3 = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"  # 附表1, 附表3-1 in the example
TOTAL, BASIS, NAME, AMOUNT3 = "C5", "E51", "D23", "E5"  # 资金总额, 测算说明, an indicator name, 附表3-1 金额
SUM_3 = "D61"  # not used as an address by the builders: the 合计 is found from the layout


def _part(entries: list[Entry], name: str) -> bytes:
    data = next(e for e in entries if e.name == name).data
    assert isinstance(data, bytes)
    return data


def _cell(data: bytes, ref: str, element: bytes) -> bytes:
    """``data`` with the cell ``ref`` replaced by ``element`` (added to its row when absent)."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
    if pattern.search(data):
        return pattern.sub(lambda m: element, data, count=1)
    row = re.sub(r"[A-Z]+", "", ref).encode()
    return re.sub(rb'(<row r="' + row + rb'"[^>]*>)', lambda m: m.group(1) + element, data, count=1)


def _text(ref: str, text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()
    return b'<c r="' + ref.encode() + b'" t="inlineStr"><is><t xml:space="preserve">' + escaped + b"</t></is></c>"


def _number(ref: str, raw: str, style: str = "") -> bytes:
    return f'<c r="{ref}"{style}><v>{raw}</v></c>'.encode()


def _formula(ref: str, formula: str, cached: str = "") -> bytes:
    escaped = formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = f"<v>{cached}</v>" if cached else ""
    return f'<c r="{ref}"><f>{escaped}</f>{value}</c>'.encode()


class Corpus:
    def __init__(self, folder: Path):
        self.folder = folder
        self.base = example_file("shifeng", folder.parent)
        self.files: dict[str, Path] = {}

    def path(self, kind: str, suffix: str = ".xlsx") -> Path:
        return self.folder / f"{kind}{suffix}"

    def sheet(self, kind: str, part: str, change: Callable[[bytes], bytes], extra: list[Entry] = ()) -> None:  # type: ignore[assignment]
        entries = entries_of(self.base)
        entries = replace_part(entries, part, change(_part(entries, part)))
        self.files[kind] = write_zip(self.path(kind), [*entries, *extra])

    def parts(self, kind: str, change: Callable[[list[Entry]], list[Entry]], suffix: str = ".xlsx") -> None:
        self.files[kind] = write_zip(self.path(kind, suffix), change(entries_of(self.base)))

    def raw(self, kind: str, data: bytes, suffix: str = ".xlsx") -> None:
        path = self.path(kind, suffix)
        path.write_bytes(data)
        self.files[kind] = path

    def edited(self, kind: str, values: dict[str, object], styles: dict[str, str] | None = None) -> None:
        book = load_workbook(self.base)
        for ref, value in values.items():
            sheet, cell = ref.rsplit("!", 1)
            book[sheet][cell].value = value
            if isinstance(value, str) and not value.startswith("="):
                book[sheet][cell].data_type = "s"
        for ref, number_format in (styles or {}).items():
            sheet, cell = ref.rsplit("!", 1)
            book[sheet][cell].number_format = number_format
        path = self.path(kind)
        book.save(path)
        self.files[kind] = path


def build_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    c = Corpus(folder)
    c.files["good"] = c.base.rename(folder / "good.xlsx")
    c.base = c.files["good"]
    _extent(c)
    _moved_rows(c)
    _bombs(c)
    _texts(c)
    _numbers(c)
    _formulas(c)
    _packages(c)
    _not_workbooks(c)
    return c.files


def _extent(c: Corpus) -> None:
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    c.sheet("value_at_XFD1048576", S1, lambda d: d.replace(b"</sheetData>", far))
    c.sheet("value_at_XFD10000", S1, lambda d: d.replace(b"</sheetData>", far.replace(b"1048576", b"10000")))
    c.sheet("dimension_whole_sheet", S1, lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d))
    merge = b'<mergeCells><mergeCell ref="G1:XFD1048576"/></mergeCells><mergeCells'
    c.sheet("merge_G1_XFD1048576", S1, lambda d: d.replace(b"<mergeCells", merge, 1))
    many = b"".join(b'<mergeCell ref="H%d"/>' % (i + 1) for i in range(12_000))
    c.sheet("merges_12000", S1, lambda d: d.replace(b"</mergeCells>", many + b"</mergeCells>", 1))
    rows = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>1</v></c>' % (col, r) for col in
                    (b"AA", b"AB", b"AC", b"AD", b"AE", b"AF", b"AG", b"AH", b"AI", b"AJ")) + b"</row>"
                    for r in range(100, 9_000, 1)[:11_000])
    c.sheet("cells_89000", S3, lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>"))
    unaddressed = b'<row r="60">' + b"<c><v>1</v></c>" * 400 + b"</row></sheetData>"
    c.sheet("cells_without_address", S3, lambda d: d.replace(b"</sheetData>", unaddressed))
    sheets = b"".join(b'<sheet name="S%d" sheetId="%d" r:id="rId1"/>' % (i, i + 10) for i in range(250))
    c.sheet("sheets_250", "xl/workbook.xml", lambda d: d.replace(b"</sheets>", sheets + b"</sheets>"))
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + \
        b"<si><t>a</t></si>" * 150_000 + b"</sst>"
    c.parts("shared_strings_150000", lambda e: replace_part(e, "xl/sharedStrings.xml", strings))


def _moved_rows(c: Corpus) -> None:
    """A row inserted into 附表3-1's indicator block as Excel inserts it, and 9,000 rows below the form carrying
    the form's label texts: the reader places the sheet by its labels (perfxl.placement) and must stay linear."""
    from perfxl.layout.forms import SPENDING_DIRECTION
    from tests.excel_rows import insert_rows

    book = load_workbook(c.base)
    insert_rows(book, "附表3-1", 15)
    labels = SPENDING_DIRECTION.anchors()
    sheet = book["附表3-1"]
    for row in range(100, 100 + 9_000):
        label = labels[row % len(labels)]
        sheet.cell(row, label.position[1], label.text)
    path = c.path("label_texts_in_9000_rows_below_a_moved_form")
    book.save(path)
    c.files[path.stem] = path


def _bombs(c: Corpus) -> None:
    zeros = (b"\0" * (1 << 20) for _ in range(40))
    c.parts("zip_bomb_lying_directory", lambda e: replace_part(e, "xl/media/image1.png", zeros, declared_size=2048))
    c.parts("zip_bomb_declared", lambda e: replace_part(e, "xl/media/image1.png", b"x", declared_size=3 << 30))
    xml = (b"<x>" + b"<y/>" * (1 << 20) for _ in range(30))
    c.parts("sheet_part_30MB", lambda e: replace_part(e, "docProps/custom.xml", xml))
    path = c.path("junk_3GB")
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(3 << 30)  # sparse: nothing is stored
    c.files["junk_3GB"] = path
    laughs = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10) for i in range(9))
              + b']><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&j;</workbook>')
    c.parts("billion_laughs_workbook", lambda e: replace_part(e, "xl/workbook.xml", laughs))


def _texts(c: Corpus) -> None:
    digits = "9" * 32_700 + "+1=1万元"
    c.sheet("calculation_32700_digits", S3, lambda d: _cell(d, BASIS, _text(BASIS, digits)))
    def twenty(data: bytes) -> bytes:
        for row in range(11, 31):
            data = _cell(data, f"D{row}", _text(f"D{row}", digits))
        return _cell(data, BASIS, _text(BASIS, digits))
    c.sheet("twenty_digit_cells", S3, twenty)
    c.sheet("spaces_between_numbers", S3, lambda d: _cell(d, BASIS, _text(BASIS, "1" + " " * 60_000 + "1")))
    c.sheet("text_100KB_in_a_name", S1, lambda d: _cell(d, NAME, _text(NAME, "网络安全宣传" * 17_000)))
    c.sheet("word_line_break_in_quoted_text", S1, lambda d: _cell(d, NAME, _text(NAME, "“编写_x000B_《石峰舆情》”_x0001_")))
    c.parts("word_line_break_in_shared_string", _shared_string(NAME, "“编写_x000B_《石峰舆情》_x0001_”12期"))
    c.sheet("terminal_escapes_in_cells", S1, lambda d: _cell(
        _cell(d, TOTAL, _text(TOTAL, "_x001B_[2J_x001B_[31m五十_x001B_]0;owned_x0007_")), NAME,
        _text(NAME, "_x001B_[1A_x001B_[2K伪造的“未发现问题”_x009B_31m")))
    c.sheet("bidi_override_in_a_cell", S1, lambda d: _cell(d, TOTAL, _text(TOTAL, "\u202e81.15")))
    c.sheet("amount_as_words", S3, lambda d: _cell(d, AMOUNT3, _text(AMOUNT3, "八万元整" * 500)))
    c.sheet("emoji_and_minus_for_gbk", S1, lambda d: _cell(d, TOTAL, _text(TOTAL, "−51.8😀")))
    escaped_name = c.folder / "\x1b[31mred\x1b[0m\x07.xlsx"
    escaped_name.write_bytes(c.base.read_bytes())
    c.files["escape_sequences_in_file_name"] = escaped_name


def _numbers(c: Corpus) -> None:
    c.edited("total_1E29", {f"附表1!{TOTAL}": 1e29})
    c.sheet("total_NaN", S1, lambda d: _cell(d, TOTAL, _number(TOTAL, "NaN")))
    c.sheet("total_infinity", S1, lambda d: _cell(d, TOTAL, _number(TOTAL, "INF")))
    c.sheet("total_minus_inf_1e999", S1, lambda d: _cell(d, TOTAL, _number(TOTAL, "-1e999")))
    c.edited("date_formatted_minus_1e300", {f"附表1!{TOTAL}": -1e300}, {f"附表1!{TOTAL}": "yyyy-mm-dd"})
    c.edited("date_formatted_huge_in_detail", {f"附表3-1!{AMOUNT3}": 1e300}, {f"附表3-1!{AMOUNT3}": "yyyy-mm-dd hh:mm"})
    c.sheet("boolean_and_error_amounts", S1, lambda d: _cell(_cell(d, TOTAL, b'<c r="C5" t="b"><v>1</v></c>'), "C7",
                                                             b'<c r="C7" t="e"><v>#DIV/0!</v></c>'))
    c.sheet("number_text_1e400", S3, lambda d: _cell(d, AMOUNT3, _text(AMOUNT3, "1" + "0" * 400)))


def _formulas(c: Corpus) -> None:
    c.edited("dde_formula", {f"附表1!{NAME}": "=cmd|' /C calc'!A0"})
    c.edited("webservice_formula", {f"附表1!{TOTAL}": '=WEBSERVICE("http://example.invalid/x")'})
    c.edited("hyperlink_formula", {f"附表1!{NAME}": '=HYPERLINK("http://example.invalid","点击")'})
    c.sheet("changed_total_formula", S3, lambda d: re.sub(rb"<f>SUM\(([^<]*)\)</f>", rb"<f>SUM(\1)+1000</f>", d, count=1))
    link = Entry("xl/externalLinks/externalLink1.xml",
                 b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 b'<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
                 b"</externalLink>")
    c.sheet("external_link_formula", S1, lambda d: _cell(d, TOTAL, _formula(TOTAL, "[1]Sheet1!A1", "51.8")), [link])
    c.sheet("formula_in_input_cell", S3, lambda d: _cell(d, AMOUNT3, _formula(AMOUNT3, "1+7", "8")))


def _packages(c: Corpus) -> None:
    def method(name: str, number: int) -> Callable[[list[Entry]], list[Entry]]:
        def change(entries: list[Entry]) -> list[Entry]:
            return replace_part(entries, name, _part(entries, name), method=number)
        return change

    c.parts("unsupported_compression_docprops", method("docProps/core.xml", 99))
    c.parts("bzip2_compressed_sheet", method(S1, 12))
    notform = [Entry("[Content_Types].xml", b"<Types/>"), Entry("xl/workbook.xml", b"<workbook/>"),
               Entry("docProps/core.xml", b"<coreProperties/>", method=14)]
    c.files["non_form_attachment_lzma_docprops"] = write_zip(c.path("non_form_attachment_lzma_docprops"), notform)
    prefixed = _prefixed_sheet(_part(entries_of(c.base), S1))
    c.sheet("namespace_prefixed_sheet_xml", S1, lambda d: prefixed)
    c.sheet("malformed_sheet_xml", S1, lambda d: d[: len(d) // 2])
    c.sheet("sheet_part_empty", S1, lambda d: b"")
    c.parts("duplicate_part_names", lambda e: [*e, Entry(S1, b"<worksheet/>")])
    c.parts("path_traversal_part_name", lambda e: [*e, Entry("../../../../tmp/perfxl-evil.txt", b"evil")])
    c.parts("missing_workbook_rels", lambda e: [x for x in e if x.name != "xl/_rels/workbook.xml.rels"])
    data = c.base.read_bytes()
    c.raw("truncated_zip", data[: len(data) // 2])
    c.raw("empty_file", b"")
    c.raw("random_bytes", os.urandom(20_000))
    c.raw("old_xls_header", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000, ".xls")
    c.raw("encrypted_ole", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le"))
    with zipfile.ZipFile(c.path("word_renamed"), "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    c.files["word_renamed"] = c.path("word_renamed")


def _shared_string(ref: str, text: str) -> Callable[[list[Entry]], list[Entry]]:
    """Put ``text`` in a shared strings table (where Excel keeps it, escapes such as ``_x000B_`` included) and
    point the cell ``ref`` of 附表1 at it."""
    def change(entries: list[Entry]) -> list[Entry]:
        sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
               f"<si><t xml:space=\"preserve\">{text}</t></si></sst>").encode()
        rels = _part(entries, "xl/_rels/workbook.xml.rels").replace(b"</Relationships>", (
            b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            b'Target="sharedStrings.xml" Id="rId99" /></Relationships>'))
        types = _part(entries, "[Content_Types].xml").replace(b"</Types>", (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sharedStrings+xml"/></Types>'))
        sheet = _cell(_part(entries, S1), ref, f'<c r="{ref}" t="s"><v>0</v></c>'.encode())
        entries = replace_part(entries, "xl/sharedStrings.xml", sst)
        entries = replace_part(entries, "xl/_rels/workbook.xml.rels", rels)
        entries = replace_part(entries, "[Content_Types].xml", types)
        return replace_part(entries, S1, sheet)
    return change


def _prefixed_sheet(data: bytes) -> bytes:
    """The sheet with every element prefixed ``x:`` and cells closed by ``</x:c >``, as some generators write."""
    data = re.sub(rb"<(/?)(?!\?)([A-Za-z]+)([\s/>])", rb"<\1x:\2\3", data)
    data = data.replace(b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                        b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"', 1)
    return data.replace(b"</x:c>", b"</x:c >")


def _not_workbooks(c: Corpus) -> None:
    (c.folder / "folder_named.xlsx").mkdir()
    c.files["folder_named_like_a_workbook"] = c.folder / "folder_named.xlsx"
    fifo = c.folder / "pipe.xlsx"
    os.mkfifo(fifo)
    c.files["named_pipe"] = fifo
    unreadable = c.path("no_read_permission")
    unreadable.write_bytes(c.base.read_bytes())
    unreadable.chmod(0)
    c.files["no_read_permission"] = unreadable
