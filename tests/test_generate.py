"""Indicator generation on the 石峰 附表3 sheets, through real workbooks: generate, read back, check."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from perfxl.check.engine import check_file
from perfxl.check.findings import Severity
from perfxl.cli import main
from perfxl.generate import GenerationError, GenerationResult, generate_file, generate_indicators
from perfxl.layout.forms import SPENDING_DIRECTION
from perfxl.models import DepartmentReturn, Indicator
from perfxl.reader import read_form
from tests.helpers import edit_cells, example_file

BLOCK = SPENDING_DIRECTION.block("indicators")
VAGUE = "I202"  # 指标值不可衡量


def _indicators(path: Path, sheet: str) -> list[Indicator]:
    model = read_form(path).model
    assert isinstance(model, DepartmentReturn)
    return next(d for d in model.directions if d.sheet_name == sheet).indicators


def _values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def shifeng_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_file("shifeng", tmp_path_factory.mktemp("shifeng"))


@pytest.fixture
def shifeng(shifeng_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the 石峰 return for tests that edit it."""
    return Path(shutil.copy(shifeng_master, tmp_path / "shifeng.xlsx"))


@pytest.fixture(scope="module")
def replaced(
    shifeng_master: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[GenerationResult, Path]]:
    """Each 附表3 generated with --replace once (read-only for the tests)."""
    folder = tmp_path_factory.mktemp("replaced")
    outputs = {}
    for sheet in ("附表3-1", "附表3-2"):
        out = folder / f"{sheet}.xlsx"
        outputs[sheet] = (generate_file(shifeng_master, out, sheet=sheet, replace=True), out)
    return outputs


# ------------------------------------------------------------------------------------------------ 附表3-1 / 3-2


@pytest.mark.parametrize(("sheet", "budget"), [("附表3-1", "≤8万元"), ("附表3-2", "≤10万元")])
def test_replace_gives_a_clean_complete_set(
    replaced: dict[str, tuple[GenerationResult, Path]], sheet: str, budget: str
) -> None:
    result, out = replaced[sheet]
    rows = _indicators(out, sheet)
    assert 8 <= len(rows) == len(result.rows) <= 14
    assert all(row.level1 and row.level2 and row.name and row.value and row.standard for row in rows)
    levels = {(row.level1, row.level2) for row in rows}
    for level2 in ("数量指标", "质量指标", "时效指标", "成本指标"):
        assert ("产出指标", level2) in levels
    assert {"效益指标", "满意度指标"} <= {row.level1 for row in rows}
    assert ("产出指标", "成本指标", budget) in {(r.level1, r.level2, r.value) for r in rows}
    assert ("时效指标", "2023年12月31日前") in {(r.level2, r.value) for r in rows}
    assert [r.value for r in rows if r.level1 == "满意度指标"] == ["≥90%"]
    findings = [f for f in check_file(out).findings if f.sheet == sheet]
    assert [f.message for f in findings if f.severity == Severity.ERROR] == []
    assert [f.message for f in findings if f.code == VAGUE] == []


def test_shifeng_3_1_takes_its_figures_from_the_calculation(
    replaced: dict[str, tuple[GenerationResult, Path]],
) -> None:
    result, out = replaced["附表3-1"]
    by_level2 = {(r.level2, r.value) for r in _indicators(out, "附表3-1")}
    assert {("数量指标", "≥12期"), ("数量指标", "≥1次"), ("数量指标", "≥300人")} <= by_level2
    assert {("成本指标", "≤8万元"), ("成本指标", "≤1000元/期"), ("成本指标", "≤150元/人")} <= by_level2
    sources = {r.value: r.source for r in result.rows}
    assert sources["≥12期"] == "测算“《石峰舆情》印刷费”中的12期"
    assert sources["≤150元/人"] == "测算“网评员培训”中的150元/人"  # not the 30元/人 of 资料印刷
    assert result.types[0] == "网评" and result.types_inferred
    assert result.notes == []
    assert [r.row for r in result.rows] == list(range(BLOCK.first_row, BLOCK.first_row + len(result.rows)))


def test_shifeng_3_2_without_counts_implies_one_drill(
    replaced: dict[str, tuple[GenerationResult, Path]],
) -> None:
    result, _ = replaced["附表3-2"]
    quantity = [(r.name, r.value) for r in result.rows if r.level2 == "数量指标"]
    assert quantity == [("组织网络安全攻防演练次数", "≥1次")]
    assert any("推定为1次" in note for note in result.notes)
    assert ("攻防演练经费支出总额", "≤10万元") in {(r.name, r.value) for r in result.rows}


# ------------------------------------------------------------------------------------------------ keeping rows


def test_user_rows_are_kept_and_not_duplicated(shifeng: Path, tmp_path: Path) -> None:
    before = _indicators(shifeng, "附表3-1")
    out = tmp_path / "out.xlsx"
    result = generate_file(shifeng, out, sheet="附表3-1")
    after = _indicators(out, "附表3-1")
    assert after[: len(before)] == before  # same rows, same slots
    assert result.kept == len(before) == 9
    added = after[len(before) :]
    assert [(r.name, r.value) for r in added] == [(r.name, r.value) for r in result.rows]
    # the user's "1.≥12期 2.1次 3.1次" already states 12期 and 1次, and ≤8万元 the total: not added again
    assert {r.value for r in added}.isdisjoint({"≥12期", "≥1次", "≤8万元"})
    assert "≥300人" in {r.value for r in added}
    assert {r.name for r in added}.isdisjoint({r.name for r in before})


def test_same_name_as_a_user_row_is_not_added(shifeng: Path, tmp_path: Path) -> None:
    first = BLOCK.cell(9, "name")[1:]  # the first empty slot after the 9 rows of the seed
    edit_cells(shifeng, {f"附表3-1!B{first}": "产出指标", f"附表3-1!C{first}": "质量指标",
                         f"附表3-1!D{first}": "上级下发网评任务完成率", f"附表3-1!E{first}": "≥98%",
                         f"附表3-1!F{first}": "计划标准"})  # fmt: skip
    result = generate_file(shifeng, tmp_path / "out.xlsx", sheet="附表3-1")
    assert "上级下发网评任务完成率" not in {r.name for r in result.rows}


@pytest.mark.parametrize("replace", [True, False])
def test_second_run_changes_nothing(shifeng: Path, tmp_path: Path, replace: bool) -> None:
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    generate_file(shifeng, once, sheet="附表3-1", replace=replace)
    again = generate_file(once, twice, sheet="附表3-1", replace=replace)
    assert _values(once) == _values(twice)
    assert replace or again.rows == []


def test_input_is_never_modified(shifeng: Path, tmp_path: Path) -> None:
    digest = _digest(shifeng)
    assert (
        main(["generate", str(shifeng), "--sheet", "附表3-1", "--replace", "-o", str(tmp_path / "o.xlsx")])
        == 0
    )
    assert _digest(shifeng) == digest
    assert main(["generate", str(shifeng), "--sheet", "附表3-1", "-o", str(shifeng)]) == 2
    assert _digest(shifeng) == digest


# ------------------------------------------------------------------------------------------------ preservation


def test_template_features_survive(
    shifeng_master: Path, replaced: dict[str, tuple[GenerationResult, Path]]
) -> None:
    result, out = replaced["附表3-1"]
    old, new = load_workbook(shifeng_master), load_workbook(out)
    assert new.security is not None and new.security.lockStructure
    assert new.sheetnames == old.sheetnames and new["perfxl"].sheet_state == "veryHidden"
    for name in old.sheetnames:
        a, b = old[name], new[name]
        assert b.protection.sheet == a.protection.sheet
        assert [(v.sqref, v.formula1) for v in b.data_validations.dataValidation] == [
            (v.sqref, v.formula1) for v in a.data_validations.dataValidation
        ]
        assert [str(c.sqref) for c in b.conditional_formatting] == [
            str(c.sqref) for c in a.conditional_formatting
        ]
        assert sorted(map(str, b.merged_cells.ranges)) == sorted(map(str, a.merged_cells.ranges))
        assert b.print_area == a.print_area
    ws = new["附表3-1"]
    assert ws["D61"].value == "=SUM(D51:D60)"  # 合计 formula
    for row in result.rows:
        assert not ws.row_dimensions[row.row].hidden  # rows past the seed's 9 were hidden
        assert ws[BLOCK.cell(row.row - BLOCK.first_row, "name")].protection.locked is False
    assert ws.row_dimensions[BLOCK.first_row + len(result.rows)].hidden  # unused rows stay hidden


def test_text_formatted_in_parts_stays_so_in_the_copy(shifeng: Path, tmp_path: Path) -> None:
    book = load_workbook(shifeng, rich_text=True)
    target = CellRichText("完成", TextBlock(InlineFont(b=True, color="FF0000"), "年度"), "工作任务。")
    book["附表3-1"]["B8"] = target  # 年度绩效目标, a word in bold red as a user might set it
    book.save(shifeng)
    out = tmp_path / "o.xlsx"
    generate_file(shifeng, out, sheet="附表3-1", replace=True)
    kept = load_workbook(out, rich_text=True)["附表3-1"]["B8"].value
    assert isinstance(kept, CellRichText) and str(kept) == "完成年度工作任务。"
    assert any(isinstance(part, TextBlock) and part.font.b for part in kept)


def test_generate_on_an_open_workbook(shifeng: Path) -> None:
    book = load_workbook(shifeng)
    ws = book["附表3-2"]
    result = generate_indicators(book, "附表3-2", types=["攻防演练"], replace=True)
    assert result.book is book and result.types == ("攻防演练",) and not result.types_inferred
    first = result.rows[0]
    assert [
        ws[BLOCK.cell(0, key)].value for key in ("level1", "level2", "name", "value", "standard")
    ] == list(first.cells())
    assert {r.entry_id.split("-")[0] for r in result.rows} <= {"ATK", "GEN"}


# ------------------------------------------------------------------------------------------------ errors


def test_full_block_is_an_error_not_a_silent_cut(
    shifeng: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cells = {}
    for index in range(9, BLOCK.capacity - 3):  # leave 3 free slots: fewer than the rows to add
        cells[f"附表3-1!{BLOCK.cell(index, 'level1')}"] = "效益指标"
        cells[f"附表3-1!{BLOCK.cell(index, 'level2')}"] = "社会效益指标"
        cells[f"附表3-1!{BLOCK.cell(index, 'name')}"] = f"第{index}项工作完成率"
        cells[f"附表3-1!{BLOCK.cell(index, 'value')}"] = "≥90%"
    edit_cells(shifeng, cells)
    with pytest.raises(GenerationError, match="空间不足"):
        generate_file(shifeng, tmp_path / "out.xlsx", sheet="附表3-1")
    assert main(["generate", str(shifeng), "--sheet", "附表3-1", "-o", str(tmp_path / "o.xlsx")]) == 2
    assert "指标区最多 40 行" in capsys.readouterr().err
    assert not (tmp_path / "o.xlsx").exists()
    assert (
        main(["generate", str(shifeng), "--sheet", "附表3-1", "--replace", "-o", str(tmp_path / "o.xlsx")])
        == 0
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "请用 --sheet 指定要生成指标的工作表（可选：附表3-1、附表3-2）"),
        (["--sheet", "附表1"], "工作表“附表1”不是附表3或项目申报表"),
        (["--sheet", "附表3-9"], "找不到工作表“附表3-9”"),
        (["--sheet", "附表3-1", "--type", "植树"], "未知的项目类型“植树”"),
    ],
)
def test_cli_errors_are_chinese_with_exit_2(
    shifeng: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["generate", str(shifeng), *extra, "-o", str(tmp_path / "o.xlsx")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o.xlsx").exists()


def test_cli_reports_rows_and_notes(
    shifeng: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o.xlsx"
    assert main(["generate", str(shifeng), "--sheet", "附表3-2", "--replace", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "附表3-2：清空原指标区后新增指标 9 行" in captured.out
    assert "产出指标/成本指标/攻防演练经费支出总额  ≤10万元  预算支出标准" in captured.out
    assert "推定为1次" in captured.err
    assert out.exists()


# ------------------------------------------------------------------------------------------------ macros


def _as_xlsm(xlsx: Path, target: Path, vba: bytes) -> Path:
    """The workbook as a macro-enabled file with a (stand-in) VBA project, as the Excel button's book is."""
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(MAIN_XML, MACRO_MAIN_XML).replace(b"</Types>", VBA_DEFAULT + b"</Types>")
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", VBA_RELATIONSHIP + b"</Relationships>")
            out.writestr(item, data)
        out.writestr("xl/vbaProject.bin", vba)
    return target


MAIN_XML = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN_XML = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_DEFAULT = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
VBA_RELATIONSHIP = (
    b'<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
    b'Target="vbaProject.bin"/>'
)


def test_macros_are_kept_in_xlsm_and_dropped_in_xlsx(shifeng_master: Path, tmp_path: Path) -> None:
    book = _as_xlsm(shifeng_master, tmp_path / "shifeng.xlsm", b"VBA-PROJECT-STAND-IN")
    generate_file(book, tmp_path / "out.xlsm", sheet="附表3-1", replace=True)
    with zipfile.ZipFile(tmp_path / "out.xlsm") as out:
        assert out.read("xl/vbaProject.bin") == b"VBA-PROJECT-STAND-IN"
        assert MACRO_MAIN_XML in out.read("[Content_Types].xml")
    generate_file(book, tmp_path / "out.xlsx", sheet="附表3-1", replace=True)  # for email: macro-free
    with zipfile.ZipFile(tmp_path / "out.xlsx") as out:
        assert "xl/vbaProject.bin" not in out.namelist()
        assert MACRO_MAIN_XML not in out.read("[Content_Types].xml")
    assert _indicators(tmp_path / "out.xlsx", "附表3-1") == _indicators(tmp_path / "out.xlsm", "附表3-1")
    with pytest.raises(GenerationError, match="不含宏"):
        generate_file(shifeng_master, tmp_path / "x.xlsm", sheet="附表3-1")
