"""What else lands in a collector's inbox: the unit list itself, an earlier summary, returns saved in another
spreadsheet format, odd files; names typed with full-width brackets; a run stopped half way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from perfxl.consolidate import consolidate
from perfxl.examples import hengdong, shifeng
from perfxl.grid import OLE_MAGIC
from perfxl.writer import write_workbook
from tests.test_consolidate import SHIFENG, sheet


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_the_unit_list_an_earlier_summary_other_formats_and_a_pipe_are_each_accounted_for(tmp_path: Path) -> None:
    inbox = tmp_path / "收件箱"
    write_workbook(shifeng(), inbox / "石峰.xlsx")
    write_workbook(hengdong(), inbox / "衡东.xlsx")
    units = inbox / "应报送单位.txt"
    units.write_text(f"{SHIFENG}\n某某局\n", encoding="utf-8")
    consolidate([inbox], inbox / "上周汇总.xlsx", workers=1)  # last week's summary, left in the inbox
    (inbox / "老格式.xls").write_bytes(OLE_MAGIC + b"\0" * 600)
    (inbox / "WPS.et").write_bytes(OLE_MAGIC + b"\0" * 600)
    _zip(inbox / "二进制.xlsb", {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0"})
    _zip(inbox / "开放格式.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    has_pipes = hasattr(os, "mkfifo")
    if has_pipes:
        os.mkfifo(inbox / "管道.xlsx")  # opening it would wait for a writer forever
    out = tmp_path / "汇总.xlsx"
    summary = consolidate([inbox], out, expected=units, workers=2)
    rows = {Path(row["路径"]).name: (row["状态"], row["说明"]) for row in sheet(out, "来源")}
    assert rows["应报送单位.txt"][0] == "已跳过" and "应报送单位名单" in rows["应报送单位.txt"][1]
    assert rows["上周汇总.xlsx"][0] == "已跳过" and "汇总工作簿" in rows["上周汇总.xlsx"][1]
    for name, format_named in (("老格式.xls", ".xls"), ("WPS.et", ".et"), ("二进制.xlsb", ".xlsb"), ("开放格式.ods", ".ods")):
        status, reason = rows[name]
        assert status == "无法读取" and format_named in reason and "另存为" in reason, (name, reason)
    if has_pipes:
        assert rows["管道.xlsx"][0] == "已跳过" and "不是普通文件" in rows["管道.xlsx"][1]
    assert {rows["石峰.xlsx"][0], rows["衡东.xlsx"][0]} <= {"已汇总", "有错误"}
    assert summary.consolidated == 2 and summary.exit_code == 1  # the four unreadable returns need attention
    assert summary.missing == ["某某局"]


def test_one_unit_sending_twice_is_found_whether_brackets_are_full_or_half_width(tmp_path: Path) -> None:
    first, second = shifeng(), shifeng()
    first.overall.unit_name, second.overall.unit_name = "石峰区网信办（本级）", "石峰区网信办 (本级)"
    older = write_workbook(first, tmp_path / "收件箱" / "第一次.xlsx")
    newer = write_workbook(second, tmp_path / "收件箱" / "第二次.xlsx")
    os.utime(older, (time.time() - 3600, time.time() - 3600))
    summary = consolidate([tmp_path / "收件箱"], tmp_path / "汇总.xlsx", workers=1)
    assert summary.duplicates == [(str(older), str(newer))]


_SLOW_RUN = """
import sys, time
import perfxl.consolidate.pipeline as pipeline
real = pipeline.process
def slow(task):
    print("reading", task.path, flush=True)
    time.sleep(0.3)
    return real(task)
pipeline.process = slow
from perfxl.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGTERM is how a run is stopped on Linux and macOS")
def test_a_run_stopped_with_sigterm_leaves_no_temporary_file_and_no_summary(tmp_path: Path) -> None:
    inbox = tmp_path / "收件箱"
    for i in range(12):
        write_workbook(shifeng(), inbox / f"{i:02d}.xlsx")
    out = tmp_path / "结果" / "汇总.xlsx"
    out.parent.mkdir()
    run = subprocess.Popen(
        [sys.executable, "-c", _SLOW_RUN, "consolidate", str(inbox), "-o", str(out), "--workers", "1", "--no-cache"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent,
    )
    assert run.stdout is not None
    assert run.stdout.readline().startswith("reading")  # the run is under way, its temporary summary open
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".~perfxl-")]
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 2 and "已中断" in err
    assert list(out.parent.iterdir()) == []  # neither a summary nor a half-written temporary file


def test_blank_templates_and_marked_copies_are_skipped_and_never_replace_a_return(tmp_path: Path) -> None:
    """Issue 13: a blank template is not a return; a marked copy (even a newer one) never replaces the original,
    and a marked workbook that is the only return of its unit is still summed (the Excel 校验 button marks the
    user's own workbook, which may be sent as it is)."""
    from perfxl.cli import main

    inbox = tmp_path / "收件箱"
    original = write_workbook(shifeng(), inbox / "石峰.xlsx")
    assert main(["check", str(original), "--mark", str(inbox / "石峰_marked.xlsx")]) in (0, 1)
    later = time.time() + 3600
    os.utime(inbox / "石峰_marked.xlsx", (later, later))  # the copy is the newer file
    lone = write_workbook(hengdong(), tmp_path / "衡东.xlsx")
    assert main(["check", str(lone), "--mark", str(inbox / "衡东_marked.xlsx")]) in (0, 1)
    assert main(["templates", "--out", str(inbox / "模板")]) == 0

    summary = consolidate([inbox], tmp_path / "汇总.xlsx", workers=1)

    by_name = {Path(s.path).name: s for s in summary.sources}
    assert by_name["石峰.xlsx"].status.consolidated
    marked = by_name["石峰_marked.xlsx"]
    assert marked.status.value == "已跳过" and "标注副本" in marked.reason and "石峰.xlsx" in marked.reason
    assert by_name["衡东_marked.xlsx"].status.consolidated and "校验标记" in by_name["衡东_marked.xlsx"].reason
    templates = [s for name, s in by_name.items() if name.endswith(".xlsm") or name.startswith(("部门", "项目"))]
    assert len(templates) == 8
    assert all(s.status.value == "已跳过" and "空白模板" in s.reason for s in templates), templates
    assert summary.consolidated == 2
    rows = sheet(tmp_path / "汇总.xlsx", "汇总")
    units = [row["单位"] for row in rows if row.get("序号") is not None]
    assert sorted(units) == sorted([SHIFENG, "中共衡东县委网络安全和信息化委员会办公室"])
    findings = sheet(tmp_path / "汇总.xlsx", "问题清单")
    assert any(str(row["文件"]).endswith("石峰.xlsx") for row in findings)
    assert not any("石峰_marked" in str(row["文件"]) for row in findings)
