"""Issue 3's bad-input list through `perfxl check`: each gives a Chinese message and exit 2, or a finding —
never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from perfxl.cli import main
from tests.helpers import edit_cells, example_file
from tests.test_bad_input import BAD_FILES


def _check(path: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    code = main(["check", str(path), *flags])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return code, text


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_file_exits_2_with_its_reason(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, words = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    code, text = _check(path, capsys)
    assert code == 2
    assert words in text


def test_workbook_that_is_not_a_perfxl_form_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    code, text = _check(path, capsys)
    assert code == 2 and "不是 perfxl 模板" in text


def test_inserted_row_is_a_finding_and_the_rest_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A row inserted above 附表2's header (even by a tool that moves nothing else) is reported at that row; the file
    is still read and checked (issue 12: before, the whole file was refused)."""
    path = example_file("shifeng", tmp_path)
    book = load_workbook(path)
    book["附表2"].protection.sheet = False
    book["附表2"].insert_rows(4)
    book.save(path)
    code, text = _check(path, capsys)
    assert code == 1 and re.search(r"附表2!A4 +T106 错误 .*结构被改动，第 4 行是插入的行", text)
    assert re.search(r"附表2!C9 +F105", text)  # the leftover row “三 C专项” (C8 in the template) is still found


def test_tampered_layout_exits_2_naming_the_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = example_file("shifeng", tmp_path)
    book = load_workbook(path)
    book["附表2"].protection.sheet = False
    book["附表2"]["B5"] = "总计"
    book.save(path)
    code, text = _check(path, capsys)
    assert code == 2 and "附表2" in text and "结构被改动" in text and "B5 应为“合  计”" in text


def test_text_in_an_amount_cell_is_a_finding_at_that_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = edit_cells(example_file("shifeng", tmp_path), {"附表3-1!E5": "八万元"})
    code, text = _check(path, capsys, "--select", "M001")
    assert code == 1 and "附表3-1!E5" in text and "八万元" in text


def test_very_long_text_is_a_finding_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long_name = "网络安全宣传" * 3000  # 18 000 characters in one cell
    path = edit_cells(example_file("hengdong", tmp_path), {"项目申报表!D11": long_name, "项目申报表!B8": long_name})
    code, text = _check(path, capsys)
    assert code == 1
    assert "I108" in text and "项目申报表!D11" in text
    assert len(text) < 200_000  # messages quote a prefix, not the whole text
