"""Files that are not perfxl forms give a clear Chinese error, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from perfxl.cli import main
from perfxl.grid import OLE_MAGIC, WorkbookError
from perfxl.marker import FormError
from perfxl.reader import read_form
from tests.helpers import example_file


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


BAD_FILES = {
    "empty.xlsx": (lambda p: p.write_bytes(b""), "空文件"),
    "text.xlsx": (lambda p: p.write_text("hello", encoding="utf-8"), "不是 Excel 工作簿"),
    "old.xls": (lambda p: p.write_bytes(OLE_MAGIC + b"\0" * 600), ".xls"),
    "locked.xlsx": (lambda p: p.write_bytes(OLE_MAGIC + b"\0" * 64 + "EncryptionInfo".encode("utf-16-le")), "密码"),
    "renamed.xlsx": (_docx, "Word"),
    "broken.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 100), "损坏"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_files_raise_workbook_error(name: str, tmp_path: Path) -> None:
    make, words = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(WorkbookError, match=words):
        read_form(path)


def test_workbook_that_is_not_a_perfxl_form(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    book = Workbook()
    book.active["A1"] = "随便一张表"
    book.save(path)
    with pytest.raises(FormError, match="不是 perfxl 模板"):
        read_form(path)


def _edit_marker(path: Path, cell: str, value: str) -> None:
    book = load_workbook(path)
    book["perfxl"][cell] = value
    book.save(path)


def test_newer_layout_version_is_named(tmp_path: Path) -> None:
    path = example_file("hengdong", tmp_path)
    _edit_marker(path, "B3", "99")
    with pytest.raises(FormError, match="更新版本的模板"):
        read_form(path)


def test_hand_edited_marker_is_noticed(tmp_path: Path) -> None:
    path = example_file("hengdong", tmp_path)
    _edit_marker(path, "B4", "guide2021")
    with pytest.raises(FormError, match="校验码不符"):
        read_form(path)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("delete_row_3", "模板第 3 行（“金额单位：万元”所在行）被删除了，其中的填报单位无法读取"),
        ("delete_row_6", "模板第 6 行（“项目实施期”所在行）被删除了，其中的项目实施期无法读取"),
        ("label_overwritten", "A6 应为“项目实施期”，实际为“实施期”"),
    ],
)
def test_rows_that_cannot_be_placed_are_a_structure_error(change: str, words: str, tmp_path: Path) -> None:
    """Rows inserted or deleted are read where they moved (tests/test_rows_moved.py); a deleted row that held input
    cells or a formula, or a label typed over, cannot be: the file is refused, naming the sheet and the cell."""
    path = example_file("shifeng", tmp_path)
    book = load_workbook(path)
    ws = book["附表3-2"]
    ws.protection.sheet = False
    if change == "delete_row_3":
        ws.delete_rows(3)
    elif change == "delete_row_6":
        ws.delete_rows(6)
    else:
        ws["A6"] = "实施期"
    book.save(path)
    with pytest.raises(FormError, match=r"附表3-2.*结构被改动") as err:
        read_form(path)
    assert words in str(err.value)


def test_cli_show_reports_bad_file_with_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert main(["show", str(path)]) == 2
    assert "空文件" in capsys.readouterr().err


def test_writing_never_leaves_a_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    example_file("shifeng", tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~perfxl-")]
    assert not target.exists()


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_content_read_by_the_caller_gives_the_same_error(name: str, tmp_path: Path) -> None:
    """``read_form(path, data)`` (the consolidation worker hashes the bytes it hands over) says the same."""
    make, _ = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(WorkbookError) as from_path:
        read_form(path)
    with pytest.raises(WorkbookError) as from_data:
        read_form(path, data=path.read_bytes())
    assert str(from_data.value) == str(from_path.value)
