"""``perfxl library export|search|list`` with and without user libraries."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfxl.cli import main
from perfxl.library import load_default, load_library_workbook
from tests.helpers import library_workbook


def _row(**changes: str) -> dict[str, str]:
    entry = load_default().get("TRN-001")
    assert entry is not None
    return entry.as_row() | changes


def _out(capsys: pytest.CaptureFixture[str]) -> tuple[list[str], str]:
    captured = capsys.readouterr()
    return captured.out.splitlines(), captured.err


def test_export_writes_an_editable_library_that_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "指标库.xlsx"
    assert main(["library", "export", str(target)]) == 0
    lines, _ = _out(capsys)
    assert lines == [f"已导出 {len(load_default())} 条指标（17 个项目类型）→ {target}"]
    assert load_library_workbook(target) == load_default()


def test_export_refuses_other_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "export", str(tmp_path / "lib.csv")]) == 2
    assert "导出文件应为 .xlsx" in _out(capsys)[1]


def test_search_lists_name_hits_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "search", "参训学员满意度"]) == 0
    lines, err = _out(capsys)
    assert lines[0].startswith(
        "TRN-013  [培训·通用]  满意度指标/服务对象满意度指标/参训学员满意度  ≥〔满意度〕%"
    )
    assert err.splitlines()[-1].startswith("共 ")
    assert main(["library", "search", "植树造林"]) == 0
    assert _out(capsys) == ([], "没有与“植树造林”匹配的指标。\n")


def test_list_by_type_and_framework(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "list", "--type", "网评", "--framework", "guide2021"]) == 0
    lines, err = _out(capsys)
    ids = [line.split()[0] for line in lines]
    assert ids[0] == "CMT-001" and "CMT-009" in ids and "CMT-008" not in ids  # 2021: cost as its own 一级
    assert err.endswith(f"共 {len(lines)} 条。\n")
    assert main(["library", "list"]) == 0
    assert len(_out(capsys)[0]) == len(load_default())
    assert main(["library", "list", "--type", "植树"]) == 2
    assert "未知的项目类型“植树”" in _out(capsys)[1]


def test_user_library_extends_and_overrides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    user = library_workbook(
        tmp_path / "user.xlsx",
        _row(编号="TRN-001", 三级指标="举办培训班期数"),
        _row(编号="USR-001", 项目类型="网信普法", 关键词="普法", 三级指标="开展普法培训期数"),
    )
    assert main(["library", "--library", str(user), "list", "--type", "网信普法"]) == 0
    assert [line.split()[0] for line in _out(capsys)[0]] == ["USR-001"]
    assert main(["library", "--library", str(user), "search", "举办培训"]) == 0
    assert _out(capsys)[0][0].startswith("TRN-001  [培训·通用]  产出指标/数量指标/举办培训班期数")
    target = tmp_path / "merged.xlsx"
    assert main(["library", "--library", str(user), "export", str(target)]) == 0
    assert len(load_library_workbook(target)) == len(load_default()) + 1


def test_broken_user_library_names_each_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    user = library_workbook(
        tmp_path / "bad.xlsx",
        _row(编号="USR-001"),
        _row(编号="USR-002", 一级指标="项目决策", 三级指标="举办培训班期数"),
        _row(编号="USR-003", 计量单位="", 三级指标="举办专题培训期数"),
    )
    for action in (["list"], ["search", "培训"], ["export", str(tmp_path / "x.xlsx")]):
        assert main(["library", "--library", str(user), *action]) == 2
        lines, err = _out(capsys)
        assert lines == []
        assert "bad.xlsx 指标库!第3行：一级指标“项目决策”不在两个指标体系（通用指标）中" in err
        assert "bad.xlsx 指标库!第4行：定量指标（计算符号“≥”）必须填写计量单位" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_missing_user_library_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "--library", str(tmp_path / "none.xlsx"), "list"]) == 2
    assert "找不到指标库文件" in _out(capsys)[1]
