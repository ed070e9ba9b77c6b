"""``perfxl consolidate``: screen output, JSON, exit codes (0 all read, 1 some unreadable, 2 wrong call)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfxl.cli import main
from perfxl.examples import hengdong, shifeng
from perfxl.writer import write_workbook


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    write_workbook(shifeng(), tmp_path / "in" / "石峰.xlsx")
    write_workbook(hengdong(), tmp_path / "in" / "项目" / "衡东.xlsx")
    return tmp_path / "in"


def test_clean_batch_exits_0_with_a_text_report(inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "名单.txt").write_text("中共株洲市石峰区委网络安全和信息化委员会办公室\n区教育局\n", encoding="utf-8")
    out = tmp_path / "汇总.xlsx"
    code = main(["consolidate", str(inbox), "-o", str(out), "--expected", str(tmp_path / "名单.txt"), "--workers", "1"])
    captured = capsys.readouterr()
    assert code == 0
    assert f"已写入汇总工作簿：{out}" in captured.out
    assert "共 2 个文件：已汇总 2 份" in captured.out
    assert "资金总额 51.8" in captured.out and "年度本级预算金额 140" in captured.out
    assert "未报送单位（1）：\n  区教育局" in captured.out
    assert "不在名单中的报送（1）" in captured.out
    assert "汇总中 2/2" in captured.err
    assert load_workbook(out).sheetnames[-1] == "未报送单位"


def test_unreadable_input_exits_1_and_the_batch_goes_on(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (inbox / "坏.xlsx").write_bytes(b"")
    out = tmp_path / "汇总.xlsx"
    assert main(["consolidate", str(inbox), "-o", str(out), "--format", "json", "--workers", "2"]) == 1
    report = json.loads(capsys.readouterr().out)
    status = report["status"]
    assert (status["已汇总"] + status["有错误"], status["无法读取"], status["重复"], status["已跳过"]) == (2, 1, 0, 0)
    assert report["exit_code"] == 1 and report["missing"] is None
    bad = next(f for f in report["files"] if f["path"].endswith("坏.xlsx"))
    assert "空文件" in bad["reason"] and bad["size"] == 0
    assert out.is_file()


def test_the_summary_is_not_its_own_input(inbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = inbox / "汇总.xlsx"
    for _ in range(2):
        assert main(["consolidate", str(inbox), "-o", str(out), "--format", "json", "--workers", "1"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert [Path(f["path"]).name for f in report["files"]] == ["石峰.xlsx", "衡东.xlsx"]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--workers", "0"], "--workers"),
        (["--expected", "nowhere.txt"], "找不到应报送单位名单"),
        (["--config", "nowhere.toml"], "找不到配置文件"),
    ],
)
def test_wrong_calls_exit_2_and_write_nothing(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], words: str
) -> None:
    out = tmp_path / "汇总.xlsx"
    assert main(["consolidate", str(inbox), "-o", str(out), *extra]) == 2
    assert words in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".~perfxl-*"))


def test_missing_input_or_wrong_output_type_exit_2(inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["consolidate", str(tmp_path / "nowhere"), "-o", str(tmp_path / "a.xlsx")]) == 2
    assert "找不到文件或文件夹" in capsys.readouterr().err
    assert main(["consolidate", str(inbox), "-o", str(tmp_path / "a.xlsm")]) == 2
    assert ".xlsx" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:  # -o is required: argparse's usage error
        main(["consolidate", str(inbox)])
    assert exit_info.value.code == 2


def test_an_input_is_never_overwritten_by_the_summary(inbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = inbox / "石峰.xlsx"
    before = victim.read_bytes()
    assert main(["consolidate", str(victim), "-o", str(victim)]) == 2
    assert "不能是输入文件之一" in capsys.readouterr().err
    assert main(["consolidate", str(inbox / "项目"), "-o", str(victim)]) == 2
    assert "是一份报表" in capsys.readouterr().err
    assert victim.read_bytes() == before


def test_an_empty_folder_gives_an_empty_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "空").mkdir()
    out = tmp_path / "汇总.xlsx"
    assert main(["consolidate", str(tmp_path / "空"), "-o", str(out)]) == 0
    assert "共 0 个文件" in capsys.readouterr().out
    rows = list(load_workbook(out)["汇总"].iter_rows(values_only=True))
    assert rows[1][1] == "合计（0 份）" and rows[1][5] == 0
