"""The marked and generated copies of a return never carry its DDE calls, external links or call-out functions on:
those formulas become inert text in the copy, and the external-link parts are not written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.workbook.defined_name import DefinedName

from perfxl.cli import main
from perfxl.edits.defuse import defuse_formulas
from tests.hostile_corpus import build_corpus

REACHING_OUT = ("dde_formula", "webservice_formula", "external_link_formula")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("defused") / "corpus")


def _formulas(path: Path) -> list[str]:
    """Every formula text in the sheets of ``path`` (from the XML, as Excel would see them)."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = archive.read(name).decode("utf-8")
                found += [part.split("</f>")[0] for part in xml.split("<f>")[1:]]
    return found


def _link_parts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [n for n in archive.namelist() if "externalLink" in n]


def _assert_inert(source: Path, copy: Path) -> None:
    before = [f for f in _formulas(source) if "|" in f or "WEBSERVICE" in f or "[1]" in f]
    assert before, "the corpus file should reach out"
    after = _formulas(copy)
    assert not any("|" in f or "WEBSERVICE" in f or "[1]" in f for f in after), after
    assert _link_parts(copy) == []
    assert any(f.startswith("SUM(") for f in after), "the template's own formulas stay"


@pytest.mark.parametrize("kind", REACHING_OUT)
def test_marked_copy_turns_reaching_formulas_into_text(kind: str, corpus: dict[str, Path], tmp_path: Path) -> None:
    source = corpus[kind]
    marked = tmp_path / "marked.xlsx"
    assert main(["check", str(source), "--mark", str(marked)]) == 1
    _assert_inert(source, marked)
    # the text stays visible where the formula was, so the reviewer sees what was there
    texts = [c.value for ws in load_workbook(marked).worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.data_type == "s"]
    assert any(t.startswith("=") and ("|" in t or "WEBSERVICE" in t or "[1]" in t) for t in texts)


@pytest.mark.parametrize("kind", REACHING_OUT)
def test_generated_copy_turns_reaching_formulas_into_text(kind: str, corpus: dict[str, Path], tmp_path: Path) -> None:
    source = corpus[kind]
    out = tmp_path / "generated.xlsx"
    assert main(["generate", str(source), "--sheet", "附表3-1", "-o", str(out)]) in (0, 1)
    _assert_inert(source, out)


def test_defuse_keeps_ordinary_formulas_and_drops_reaching_names() -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws["A1"], ws["A2"], ws["A3"] = "=SUM(B1:B3)", "=cmd|' /C calc'!A0", '=HYPERLINK("http://x","x")'
    book.defined_names["外部"] = DefinedName("外部", attr_text="'[预算.xlsx]Sheet1'!$A$1")
    book.defined_names["本表"] = DefinedName("本表", attr_text="Sheet!$A$1")
    assert defuse_formulas(book) == ["Sheet!A2"]
    assert (ws["A1"].data_type, ws["A2"].data_type, ws["A3"].data_type) == ("f", "s", "f")
    assert ws["A2"].value == "=cmd|' /C calc'!A0" and ws["A2"].quotePrefix
    assert list(book.defined_names) == ["本表"]
