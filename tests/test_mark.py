"""The marked copy: fills and comments on the findings' cells, a 校验结果 sheet with links, the input untouched,
protection intact, and the copy still reads as the same form."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfxl.check.engine import check_file
from perfxl.check.findings import Angle, Finding, Severity
from perfxl.check.settings import Settings
from perfxl.mark import MARK_FILLS, RESULT_SHEET, MarkError, cell_link, mark_workbook, target_problem
from perfxl.marker import MARKER_SHEET
from perfxl.reader import read_form
from tests.helpers import edit_cells, example_file


def _finding(code: str, severity: Severity, sheet: str, cell: str, message: str = "", hint: str = "请改正。") -> Finding:
    return Finding(code, severity, Angle.APPROPRIATENESS, sheet, cell, message or f"{sheet}!{cell}：{code} 的问题。", hint)


FINDINGS = [
    _finding("M101", Severity.ERROR, "附表1", "C5", "附表1!C5：资金总额 50 万元与合计 51.8 万元不一致。", "请核对金额。"),
    _finding("M102", Severity.WARNING, "附表1", "D5"),  # inside the merged C5:E5: shown on C5
    _finding("F102", Severity.WARNING, "附表1", "B55"),  # an empty input cell (the template shades it while empty)
    _finding("I104", Severity.ADVICE, "附表3-1", "C18", hint=""),
    _finding("T199", Severity.ADVICE, "", "", "规则运行出错，已跳过。"),  # no cell: listed only
]


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mark")
    return edit_cells(example_file("shifeng", folder), {"附表1!C5": 50})


@pytest.fixture
def source(original: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(original, tmp_path / "石峰区.xlsx"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def marked(original: Path) -> Path:
    """Marked once per module (load + save takes a while); the tests below only read it."""
    before = _sha256(original)
    target = mark_workbook(original, FINDINGS, original.parent / "out" / "标注.xlsx")
    assert _sha256(original) == before, "the input file must never be modified"
    return target


def test_cells_get_fill_by_worst_severity_and_one_comment(marked: Path) -> None:
    book = load_workbook(marked)
    c5 = book["附表1"]["C5"]
    assert (c5.fill.patternType, c5.fill.bgColor.rgb) == (MARK_FILLS[Severity.ERROR].pattern, MARK_FILLS[Severity.ERROR].bg)
    assert c5.comment.author == "perfxl"
    text = c5.comment.text
    assert "【M101 错误·适当性】附表1!C5：资金总额 50 万元与合计 51.8 万元不一致。\n修改：请核对金额。" in text
    assert "M102" in text and text.index("M101") < text.index("M102")
    assert book["附表1"]["D5"].comment is None
    assert book["附表1"]["B55"].fill.bgColor.rgb == MARK_FILLS[Severity.WARNING].bg
    c18 = book["附表3-1"]["C18"]
    assert c18.fill.bgColor.rgb == MARK_FILLS[Severity.ADVICE].bg
    assert "修改：" not in c18.comment.text  # no hint, no hint line


def test_fill_outranks_the_empty_cell_shading(marked: Path) -> None:
    ws = load_workbook(marked)["附表1"]
    rules = {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}
    ours = [r for rules_ in rules.values() for r in rules_ if r.formula == ["TRUE"]]
    assert sorted(r.priority for r in ours) == [1, 2]
    others = [r.priority for rules_ in rules.values() for r in rules_ if r.formula != ["TRUE"]]
    assert min(others) > 2 and len(set(others)) == len(others)
    assert any(r.formula == ["TRUE"] for r in rules["B55"])  # beside the template's own rule for B55


def test_result_sheet_lists_every_finding_with_links(marked: Path) -> None:
    book = load_workbook(marked)
    ws = book[RESULT_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("序号", "位置", "代码", "严重程度", "审核角度", "问题", "修改方法")
    assert [row[1:4] for row in rows[1:]] == [
        ("附表1!C5", "M101", "错误"),
        ("附表1!D5", "M102", "警告"),
        ("附表1!B55", "F102", "警告"),
        ("附表3-1!C18", "I104", "提示"),
        ("（整个文件）", "T199", "提示"),
    ]
    links = [ws.cell(row=r, column=2).hyperlink for r in range(2, 7)]
    assert [link.location if link else None for link in links] == [
        "'附表1'!C5", "'附表1'!C5", "'附表1'!B55", "'附表3-1'!C18", None
    ]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:G6"
    assert ws.column_dimensions["F"].width == 64
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert book.active.title == RESULT_SHEET
    assert [s.title for s in book.worksheets if s.sheet_view.tabSelected] == [RESULT_SHEET]


def test_protection_and_marker_survive(original: Path, marked: Path) -> None:
    before, after = load_workbook(original), load_workbook(marked)
    assert after.security.lockStructure is True
    assert after[MARKER_SHEET].sheet_state == "veryHidden"
    for ws in before.worksheets:
        copy = after[ws.title]
        assert copy.protection.sheet == ws.protection.sheet
        changed = [
            c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked != copy[c.coordinate].protection.locked
        ]
        assert changed == [], f"{ws.title}: protection changed at {changed[:5]}"
        assert copy.print_area == ws.print_area


def test_marked_copy_reads_as_the_same_form(original: Path, marked: Path) -> None:
    first, copy = read_form(original), read_form(marked)
    assert copy.model == first.model
    assert copy.problems == first.problems
    assert RESULT_SHEET not in copy.sheets
    assert list(copy.sheets) == list(first.sheets)


def test_real_findings_through_the_engine(source: Path, tmp_path: Path) -> None:
    findings = check_file(source, Settings(select=("M101",))).findings
    assert [[f.code, f.sheet, f.cell] for f in findings] == [["M101", "附表1", "C5"]]
    target = mark_workbook(source, findings, tmp_path / "m.xlsx")
    assert check_file(target, Settings(select=("M101",))).flatten(["code", "cell"]) == [["M101", "C5"]]


def test_marking_a_marked_copy_again_replaces_the_marks(marked: Path, tmp_path: Path) -> None:
    again = mark_workbook(marked, FINDINGS[:1], tmp_path / "again.xlsx")
    book = load_workbook(again)
    assert book.sheetnames.count(RESULT_SHEET) == 1
    assert book[RESULT_SHEET].max_row == 2
    assert book["附表1"]["C5"].comment.text.count("M101") == 1


def test_no_findings_still_gives_a_result_sheet(source: Path, tmp_path: Path) -> None:
    book = load_workbook(mark_workbook(source, [], tmp_path / "clean.xlsx"))
    assert book[RESULT_SHEET]["F2"].value == "未发现问题。"


def test_a_users_own_comment_is_kept(source: Path, tmp_path: Path) -> None:
    from openpyxl.comments import Comment

    book = load_workbook(source)
    book["附表1"]["C5"].comment = Comment("资金总额已与财政核对", "张三")
    book.save(source)
    once = mark_workbook(source, FINDINGS[:1], tmp_path / "m.xlsx")
    twice = mark_workbook(once, FINDINGS[:2], tmp_path / "m2.xlsx")
    assert load_workbook(once)["附表1"]["C5"].comment.text.startswith("资金总额已与财政核对\n\nperfxl 校验：\n【M101")
    text = load_workbook(twice)["附表1"]["C5"].comment.text
    assert text.startswith("资金总额已与财政核对\n\nperfxl 校验：\n【M101")
    assert text.count("资金总额已与财政核对") == 1 and text.count("M101") == 1 and "M102" in text


@pytest.mark.parametrize(
    ("source", "target", "words"),
    [
        ("a.xlsx", "b.xlsm", "扩展名应与原文件相同"),
        ("a.xlsm", "b.xlsx", "扩展名应与原文件相同"),
        ("a.xlsx", "b.csv", ".xlsx 或 .xlsm"),
        ("a.xlsx", "a.xlsx", "不能覆盖原文件"),
    ],
)
def test_bad_targets(tmp_path: Path, source: str, target: str, words: str) -> None:
    problem = target_problem(tmp_path / source, tmp_path / target)
    assert problem is not None and words in problem
    with pytest.raises(MarkError, match=words):
        mark_workbook(tmp_path / source, [], tmp_path / target)
    assert target_problem(tmp_path / "a.xlsx", tmp_path / "b.xlsx") is None


def test_a_file_openpyxl_cannot_open_is_a_mark_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(MarkError, match=r"已损坏|无法打开"):
        mark_workbook(bad, [], tmp_path / "m.xlsx")
    assert not (tmp_path / "m.xlsx").exists()


def test_cell_link_quotes_sheet_names() -> None:
    assert cell_link("附表3-1", "E51") == "'附表3-1'!E51"
    assert cell_link("O'Neil", "A1") == "'O''Neil'!A1"


def _as_xlsm(xlsx: Path, target: Path) -> Path:
    """The same form as a macro workbook carrying a (stand-in) VBA project."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(buffer, "w") as parts:
        for name in source.namelist():
            parts.writestr(name, source.read(name))
        parts.writestr("xl/vbaProject.bin", b"stand-in VBA project")
    book = load_workbook(xlsx)
    book.vba_archive = zipfile.ZipFile(buffer)
    book.save(target)
    return target


def test_xlsm_keeps_its_vba_project(original: Path, tmp_path: Path) -> None:
    import zipfile

    source = _as_xlsm(original, tmp_path / "石峰区.xlsm")
    before = _sha256(source)
    target = mark_workbook(source, FINDINGS[:1], tmp_path / "标注.xlsm")
    assert _sha256(source) == before
    with zipfile.ZipFile(target) as archive:
        assert archive.read("xl/vbaProject.bin") == b"stand-in VBA project"
        assert b"macroEnabled" in archive.read("[Content_Types].xml")
    assert read_form(target).model == read_form(source).model
    assert "M101" in load_workbook(target, keep_vba=True)["附表1"]["C5"].comment.text
