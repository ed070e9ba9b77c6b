"""perfxl.xlsm.package: exact element spans (edits are splices that leave the rest of a part byte-identical)."""

from __future__ import annotations

import pytest

from perfxl.xlsm.package import PackageError, cut, element_spans, insert_before_end, rels_name

XML = (
    b'<?xml version="1.0"?>\n<a xmlns:mc="urn:mc"><b x="1>2"/><!-- c --><mc:Alt><b>text &amp; more</b></mc:Alt>'
    b"<d><e/><![CDATA[<b/>]]></d><b>last</b>\n</a>\n"
)


def test_spans_cover_exactly_the_selected_elements() -> None:
    spans = element_spans(XML, lambda path, _attrs: path[-1] == "b")
    assert [XML[s:e] for s, e in spans] == [b'<b x="1>2"/>', b"<b>text &amp; more</b>", b"<b>last</b>"]
    assert cut(XML, spans) == XML.replace(b'<b x="1>2"/>', b"").replace(
        b"<b>text &amp; more</b>", b""
    ).replace(b"<b>last</b>", b"")


def test_spans_select_by_path_and_attributes_and_skip_nested_matches() -> None:
    (alt,) = element_spans(XML, lambda path, _: path[-1] == "mc:Alt" or (path[-1] == "b" and len(path) == 3))
    assert XML[alt[0] : alt[1]] == b"<mc:Alt><b>text &amp; more</b></mc:Alt>"
    (cdata,) = element_spans(XML, lambda path, _: path[-1] == "d")
    assert XML[cdata[0] : cdata[1]] == b"<d><e/><![CDATA[<b/>]]></d>"
    (empty,) = element_spans(XML, lambda path, _: path[-1] == "e")
    assert XML[empty[0] : empty[1]] == b"<e/>"  # ends where the CDATA section begins
    (first,) = element_spans(XML, lambda _, attrs: attrs.get("x") == "1>2")
    assert XML[first[0] : first[1]] == b'<b x="1>2"/>'


def test_insert_before_end_opens_an_empty_root() -> None:
    assert insert_before_end(b'<r a="1"/>', "r", b"<x/>") == b'<r a="1"><x/></r>'
    assert insert_before_end(b"<r><y/></r>\n", "r", b"<x/>") == b"<r><y/><x/></r>\n"


def test_damaged_xml_is_a_package_error() -> None:
    with pytest.raises(PackageError, match="XML 已损坏"):
        element_spans(b"<a><b></a>", lambda *_: True)


def test_rels_names() -> None:
    assert rels_name("xl/worksheets/sheet1.xml") == "xl/worksheets/_rels/sheet1.xml.rels"
    assert rels_name("") == "_rels/.rels"
