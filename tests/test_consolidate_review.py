"""汇总 edge cases a collecting office meets: linked folders, lists of units as offices keep them, a cache shared
between folders, a summary that is open in Excel."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from perfxl.cli import main
from perfxl.consolidate import ConsolidateError, Status, consolidate
from perfxl.examples import hengdong, shifeng
from perfxl.writer import write_workbook
from tests.test_consolidate import HENGDONG, SHIFENG, sheet

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs symbolic links")


def _symlink(target: Path, link: Path, folder: bool = False) -> None:
    try:
        link.symlink_to(target, target_is_directory=folder)
    except OSError as err:  # pragma: no cover - a file system without links
        pytest.skip(f"symbolic links not available: {err}")


@needs_symlinks
def test_a_linked_folder_is_searched_and_every_name_is_accounted_for(tmp_path: Path) -> None:
    inbox, elsewhere = tmp_path / "收件箱", tmp_path / "另一处"
    write_workbook(shifeng(), elsewhere / "石峰区网信办.xlsx")
    hengdong_file = write_workbook(hengdong(), inbox / "衡东.xlsx")
    _symlink(elsewhere, inbox / "转存", folder=True)
    _symlink(hengdong_file, inbox / "0 快捷方式.xlsx")
    _symlink(inbox, inbox / "转存" / "回到收件箱", folder=True)  # a loop must end, not run forever
    out = tmp_path / "汇总.xlsx"
    summary = consolidate([inbox, inbox], out, workers=1, cache=None)
    rows = {row["路径"]: row for row in sheet(out, "来源")}
    assert set(rows) == {str(inbox / "0 快捷方式.xlsx"), str(inbox / "衡东.xlsx"), str(inbox / "转存" / "石峰区网信办.xlsx")}
    assert rows[str(inbox / "转存" / "石峰区网信办.xlsx")]["状态"] in ("已汇总", "有错误")
    alias = rows[str(inbox / "衡东.xlsx")]
    assert alias["状态"] == "已跳过" and "0 快捷方式.xlsx" in alias["说明"] and "同一个文件" in alias["说明"]
    assert sorted(r["单位"] for r in sheet(out, "汇总")[:-1]) == sorted([SHIFENG, HENGDONG])
    assert summary.consolidated == 2 and summary.exit_code == 0


def test_a_folder_that_cannot_be_listed_stops_the_run_instead_of_losing_its_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_workbook(shifeng(), tmp_path / "收件箱" / "石峰.xlsx")
    locked = tmp_path / "收件箱" / "财政局"
    write_workbook(hengdong(), locked / "衡东.xlsx")
    real = os.scandir

    def scandir(path: Any = ".") -> Any:  # what a folder without read permission does (root ignores chmod)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "汇总.xlsx"
    with pytest.raises(ConsolidateError, match="无法读取文件夹"):
        consolidate([tmp_path / "收件箱"], out, workers=1)
    assert main(["consolidate", str(tmp_path / "收件箱"), "-o", str(out), "--no-cache", "--workers", "1"]) == 2
    assert "财政局" in capsys.readouterr().err and not out.exists()


def _list_book(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    write_workbook(shifeng(), tmp_path / "收件箱" / "石峰.xlsx")
    write_workbook(hengdong(), tmp_path / "收件箱" / "衡东.xlsx")
    return tmp_path / "收件箱"


def _missing(out: Path) -> list[tuple[str, str]]:
    return [(row["单位"], row["状态"]) for row in sheet(out, "未报送单位")]


def test_a_list_whose_first_column_is_the_serial_number_gives_the_units(inbox: Path, tmp_path: Path) -> None:
    names = _list_book(tmp_path / "应报送单位.xlsx", [
        ["2024年应报送单位名单", None, None],
        ["序号", "单位名称", "联系人"],
        [1, SHIFENG, "张三"],
        [2, HENGDONG, "李四"],
        [3, "区财政局", "王五"],
    ])
    out = tmp_path / "汇总.xlsx"
    summary = consolidate([inbox], out, expected=names, workers=1)
    assert summary.missing == ["区财政局"] and summary.unexpected == []
    assert _missing(out) == [("区财政局", "未报送")]


def test_a_list_of_numbers_and_names_without_a_header(inbox: Path, tmp_path: Path) -> None:
    names = _list_book(tmp_path / "名单.xlsx", [[1, SHIFENG], [2, "区财政局"]])
    (tmp_path / "名单.txt").write_text(f"1\t{SHIFENG}\n2\t区财政局\n", encoding="utf-8")  # pasted from Excel
    for listing in (names, tmp_path / "名单.txt"):
        summary = consolidate([inbox], tmp_path / "汇总.xlsx", expected=listing, workers=1)
        assert summary.missing == ["区财政局"], listing
        assert [unit for unit, _ in summary.unexpected] == [HENGDONG]


def test_a_csv_list_with_a_header_and_quotes(inbox: Path, tmp_path: Path) -> None:
    listing = tmp_path / "名单.csv"
    listing.write_bytes(f'序号,单位名称,备注\r\n1,"{SHIFENG}","含,逗号"\r\n2,{HENGDONG},\r\n3,"区 教育局",\r\n'.encode("gbk"))
    out = tmp_path / "汇总.xlsx"
    summary = consolidate([inbox], out, expected=listing, workers=1)
    assert summary.missing == ["区 教育局"] and summary.unexpected == []
    assert _missing(out) == [("区 教育局", "未报送")]


def test_full_width_and_half_width_brackets_name_the_same_unit(inbox: Path, tmp_path: Path) -> None:
    model = hengdong()
    model.department = "衡东县财政局（本级）"
    write_workbook(model, inbox / "财政局.xlsx")
    listing = tmp_path / "名单.txt"
    listing.write_text(f"{SHIFENG}\n{HENGDONG}\n衡东县财政局(本级)\n", encoding="utf-8")
    summary = consolidate([inbox], tmp_path / "汇总.xlsx", expected=listing, workers=1)
    assert summary.missing == [] and summary.unexpected == []


def test_a_list_without_any_unit_is_refused(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = _list_book(tmp_path / "名单.xlsx", [["序号"], [1], [2]])
    out = tmp_path / "汇总.xlsx"
    assert main(["consolidate", str(inbox), "-o", str(out), "--expected", str(listing), "--no-cache"]) == 2
    assert "没有找到单位名称" in capsys.readouterr().err and not out.exists()


def test_the_cache_does_not_hand_one_folder_the_links_of_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same relative path under another working folder is another file: its links must point there."""
    for year in ("2023", "2024"):
        write_workbook(shifeng(), tmp_path / year / "收件箱" / "石峰.xlsx")
    cache = tmp_path / "缓存"
    links = {}
    for year in ("2023", "2024"):
        monkeypatch.chdir(tmp_path / year)
        consolidate(["收件箱"], "汇总.xlsx", workers=1, cache=cache)
        links[year] = load_workbook(tmp_path / year / "汇总.xlsx")["汇总"]["Y2"].value
    assert str(tmp_path / "2024" / "收件箱" / "石峰.xlsx") in links["2024"]
    assert "2023" not in links["2024"]


def _digest(path: Path) -> tuple[str, float]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime


@pytest.fixture()
def earlier(inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, tuple[str, float]]:
    """A summary of ``inbox`` from an earlier run, and its digest."""
    out = tmp_path / "汇总.xlsx"
    assert main(["consolidate", str(inbox), "-o", str(out), "--no-cache", "--workers", "1"]) == 0
    capsys.readouterr()
    return out, _digest(out)


def test_a_summary_open_in_excel_is_reported_before_the_inputs_are_read(
    inbox: Path, earlier: tuple[Path, tuple[str, float]], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, before = earlier
    real_open = Path.open

    def locked_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:  # Excel holds it on Windows
        if self == out and mode != "rb":
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked_open)
    monkeypatch.setattr("perfxl.commands.consolidate.consolidate", lambda *a, **k: pytest.fail("inputs were read"))
    assert main(["consolidate", str(inbox), "-o", str(out), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "正被占用" in err and "Excel 或 WPS" in err
    assert _digest(out) == before


def test_a_summary_that_cannot_be_replaced_says_what_to_do_and_leaves_nothing_behind(
    inbox: Path, tmp_path: Path, earlier: tuple[Path, tuple[str, float]], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, before = earlier

    def refuse(src: Any, dst: Any) -> None:  # locked after the early look, while the inputs were being read
        raise PermissionError(13, "拒绝访问。", str(dst))

    monkeypatch.setattr("perfxl.atomic.os.replace", refuse)
    assert main(["consolidate", str(inbox), "-o", str(out), "--no-cache", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "无法写入" in err and "请先关闭" in err
    assert _digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["收件箱", "汇总.xlsx"]  # no temporary file left
    assert {p.name for p in inbox.iterdir()} == {"石峰.xlsx", "衡东.xlsx"}


def test_a_file_named_again_through_overlapping_arguments_is_listed_once(tmp_path: Path) -> None:
    a = write_workbook(shifeng(), tmp_path / "in" / "a.xlsx")
    summary = consolidate([tmp_path / "in", a, tmp_path / "in" / ".." / "in"], tmp_path / "o.xlsx", workers=1)
    assert [s.path for s in summary.sources] == [str(a)] and summary.sources[0].status.consolidated
    assert summary.count(Status.SKIPPED) == 0
