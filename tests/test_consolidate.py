"""汇总 end to end: a folder of good, faulty, duplicate, broken and foreign files → one summary workbook."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from perfxl.check.engine import check_file
from perfxl.check.findings import Severity
from perfxl.consolidate import Status, consolidate
from perfxl.consolidate import extract as extract_module
from perfxl.examples import hengdong, shifeng
from perfxl.grid import OLE_MAGIC
from perfxl.models import DepartmentReturn
from perfxl.reader import read_form
from perfxl.writer import write_workbook
from tests.helpers import edit_cells

SHIFENG = "中共株洲市石峰区委网络安全和信息化委员会办公室"
HENGDONG = "中共衡东县委网络安全和信息化委员会办公室"


def make_batch(root: Path) -> dict[str, Path]:
    """Every kind of file a collector's inbox holds; returns name → path."""
    (root / "网信办" / "重发").mkdir(parents=True)
    (root / "财政").mkdir()
    files = {
        "shifeng": write_workbook(shifeng(), root / "网信办" / "石峰区网信办.xlsx"),
        "resent": write_workbook(shifeng(), root / "网信办" / "重发" / "石峰区网信办（修改）.xlsx"),
        "hengdong": write_workbook(hengdong(), root / "衡东.xlsm"),
    }
    faulty = shifeng()
    faulty.overall.dept_name = "某某区财政局"
    files["faulty"] = edit_cells(write_workbook(faulty, root / "财政" / "财政局.xlsx"), {"附表1!C5": 60})
    formula = hengdong()
    formula.project_name = "公式项目"
    formula.indicators[0] = formula.indicators[0].model_copy(update={"name": "=1+1", "value": "+5%"})
    files["formula"] = write_workbook(formula, root / "财政" / "公式.xlsx")
    files["lock"] = root / "网信办" / "~$石峰区网信办.xlsx"
    files["lock"].write_bytes(b"\x0bperfxl lock")
    files["corrupt"] = root / "损坏.xlsx"
    files["corrupt"].write_bytes(b"PK\x03\x04" + b"\0" * 100)
    files["encrypted"] = root / "加密.xlsx"
    files["encrypted"].write_bytes(OLE_MAGIC + b"\0" * 64 + "EncryptionInfo".encode("utf-16-le"))
    other = Workbook()
    other.active["A1"] = "随便一张表"
    files["other"] = root / "通讯录.xlsx"
    other.save(files["other"])
    files["text"] = root / "说明.txt"
    files["text"].write_text("请于月底前报送", encoding="utf-8")
    old = files["shifeng"].stat().st_mtime - 3600
    os.utime(files["shifeng"], (old, old))  # the copy in 重发 is the newer return
    return files


def sheet(path: Path, name: str, data_only: bool = True) -> list[dict[str, Any]]:
    ws = load_workbook(path, data_only=data_only)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def digests(paths: list[Path]) -> dict[Path, tuple[str, float]]:
    return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime) for p in paths}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], Path, Any, list[tuple[int, int, str]]]:
    root = tmp_path_factory.mktemp("returns")
    files = make_batch(root)
    before = digests(list(files.values()))
    calls: list[tuple[int, int, str]] = []
    out = tmp_path_factory.mktemp("out") / "汇总.xlsx"
    summary = consolidate([root], out, workers=1, progress=lambda *args: calls.append(args))
    assert digests(list(files.values())) == before  # inputs byte-identical, not even touched
    return files, out, summary, calls


def test_sources_account_for_every_file(batch) -> None:
    files, out, summary, _ = batch
    rows = {row["路径"]: row for row in sheet(out, "来源")}
    assert set(rows) == {str(p) for p in files.values()}
    status = {name: rows[str(path)]["状态"] for name, path in files.items()}
    read = {name: "有错误" if check_file(files[name]).count(Severity.ERROR) else "已汇总"
            for name in ("resent", "hengdong", "formula")}
    assert status == read | {
        "shifeng": "重复", "faulty": "有错误", "lock": "已跳过", "text": "已跳过",
        "corrupt": "无法读取", "encrypted": "无法读取", "other": "无法读取",
    }
    assert "密码" in rows[str(files["encrypted"])]["说明"]
    assert "不是 perfxl 模板" in rows[str(files["other"])]["说明"]
    assert str(files["resent"]) in rows[str(files["shifeng"])]["说明"]
    assert rows[str(files["resent"])]["SHA-256"] == hashlib.sha256(files["resent"].read_bytes()).hexdigest()
    assert rows[str(files["hengdong"])]["大小（字节）"] == files["hengdong"].stat().st_size
    assert summary.count(Status.UNREADABLE) == 3 and summary.exit_code == 1
    assert summary.duplicates == [(str(files["shifeng"]), str(files["resent"]))]
    # printed: the path inside the inbox (the folder all inputs share); on screen the whole path, a link to it
    # unless the file was skipped
    root = files["text"].parent
    assert {row["文件"] for row in rows.values()} == {str(p.relative_to(root)) for p in files.values()}
    links = {row["文件"]: row["路径"] for row in sheet(out, "来源", data_only=False)}
    assert links[str(Path("网信办", "重发", "石峰区网信办（修改）.xlsx"))].startswith('=HYPERLINK("')
    assert links["说明.txt"] == str(files["text"])


def test_totals_are_the_sum_of_the_consolidated_returns(batch) -> None:
    files, out, summary, _ = batch
    kept = [read_form(files[name]).model for name in ("resent", "hengdong", "faulty", "formula")]
    depts = [m for m in kept if isinstance(m, DepartmentReturn)]
    expected_total = sum((m.overall.total or Decimal(0) for m in depts), Decimal(0))
    expected_budget = sum((m.budget or Decimal(0) for m in kept if not isinstance(m, DepartmentReturn)), Decimal(0))
    rows = sheet(out, "汇总")
    total = rows[-1]
    assert total["单位"] == "合计（4 份）"
    assert Decimal(str(total["资金总额"])) == expected_total == summary.amounts["资金总额"]
    assert Decimal(str(total["年度本级预算金额"])) == expected_budget == Decimal(280)
    assert total["指标数"] == sum(row["指标数"] for row in rows[:-1])
    assert sorted(row["单位"] for row in rows[:-1]) == sorted([SHIFENG, HENGDONG, HENGDONG, "某某区财政局"])
    formulas = sheet(out, "汇总", data_only=False)[-1]
    assert formulas["资金总额"] == "=SUM(F2:F5)"  # live formula; its value is cached (read above)


def test_findings_equal_perfxl_check_on_each_file(batch) -> None:
    files, out, _, _ = batch
    listed: list[tuple[str, ...]] = [
        (r["文件"], r["工作表"] or "", r["单元格"] or "", r["代码"] or "", r["级别"], r["审核角度"] or "", r["问题"], r["修改建议"] or "")
        for r in sheet(out, "问题清单")
    ]
    expected: list[tuple[str, ...]] = []
    for name in sorted(files, key=lambda n: files[n].parts):
        if name in ("lock", "text", "shifeng"):  # skipped, or superseded by the newer return
            continue
        report = check_file(files[name])
        if report.error:
            expected.append((str(files[name]), "", "", "", "错误", "", report.error, ""))
        keys = ["sheet", "cell", "code", "severity", "angle", "message", "hint"]
        expected += [(str(files[name]), *row) for row in report.flatten(keys)]
    assert sorted(listed) == sorted(expected)
    assert any(row[3] == "M101" for row in listed)  # the faulty return's 资金总额 60 ≠ 51.8
    # on paper 工作表 and 单元格 are left off: each 问题 says where it is (an unreadable file's, which file), and
    # 项目名称 tells a unit's projects apart
    rows = sheet(out, "问题清单")
    for r in rows:
        if r["单元格"]:
            assert r["问题"].startswith(f"{r['工作表']}!{r['单元格']}："), r
        else:
            assert Path(r["文件"]).name in r["问题"].split(" ", 1)[0], r
    assert {r["项目名称"] for r in rows if r["单位"] == HENGDONG} == {"网信事业发展经费", "公式项目"}
    assert {r["项目名称"] for r in rows if r["单位"] == SHIFENG} == {None}


def test_formula_like_text_stays_text(batch) -> None:
    _, out, _, _ = batch
    ws = load_workbook(out)["指标明细"]
    cells = [c for row in ws.iter_rows() for c in row if c.value in ("=1+1", "+5%")]
    assert [(c.value, c.data_type) for c in cells] == [("=1+1", "s"), ("+5%", "s")]


def test_indicator_rows_point_at_their_cells(batch) -> None:
    files, out, _, _ = batch
    rows = sheet(out, "指标明细")
    resent = [r for r in rows if r["单位"] == SHIFENG]
    model = read_form(files["resent"]).model
    assert isinstance(model, DepartmentReturn)
    assert len(resent) == len(model.overall.indicators) + sum(len(d.indicators) for d in model.directions)
    first = next(r for r in resent if r["工作表"] == "附表3-1")
    assert (first["一级指标"], first["二级指标"], first["符号"], first["数值"], first["计量单位"]) == (
        "产出指标", "数量指标", None, None, None)  # "1.≥12期 2.1次 3.1次": several values
    assert first["值类型"] == "多个值" and first["单元格"] == "附表3-1!E10"
    cost = next(r for r in resent if r["工作表"] == "附表3-1" and r["二级指标"] == "成本指标")
    assert (cost["一级指标"], cost["符号"], cost["数值"], cost["计量单位"]) == ("产出指标", "≤", 8, "万元")
    assert cost["单元格"] == "附表3-1!E13" and "文件" not in cost


def test_indicator_rows_are_built_in_the_column_order() -> None:
    """indicator_rows writes its tuples positionally (the largest sheet: no per-row dict): the order it assumes
    must be the sheet's."""
    from perfxl.consolidate.columns import INDICATORS
    from perfxl.consolidate.rows import INDICATOR_ORDER

    assert INDICATORS.titles == INDICATOR_ORDER


def test_fund_rows_cover_every_special_fund_and_project(batch) -> None:
    _, out, _, _ = batch
    rows = sheet(out, "专项资金")
    shifeng_rows = [(r["类别"], r["专项名称"], r["支出方向"], r["金额"]) for r in rows if r["单位"] == SHIFENG]
    assert shifeng_rows == [
        ("专项", "业务性专项经费", None, 8), ("专项", "网络安全应急实战演练工作经费", None, 10), ("专项", "C专项", None, None),
        ("支出方向", "业务性专项经费", "业务性专项经费", 8), ("支出方向", "网络安全应急实战演练工作经费", "网络安全应急实战演练工作经费", 10),
    ]
    projects = [(r["专项名称"], r["金额"], r["单元格"]) for r in rows if r["类别"] == "项目"]
    assert sorted(projects) == [("公式项目", 140, "项目申报表!B3"), ("网信事业发展经费", 140, "项目申报表!B3")]


def test_progress_reports_every_input(batch) -> None:
    files, _, _, calls = batch
    assert [c[0] for c in calls] == list(range(1, len(files) + 1))
    assert {c[1] for c in calls} == {len(files)}
    assert {c[2] for c in calls} == {str(p) for p in files.values()}


def test_summary_is_formatted_for_print_and_filtering(batch) -> None:
    _, out, _, _ = batch
    book = load_workbook(out)
    assert book.sheetnames == ["汇总", "汇总（打印）", "预算图", "专项资金", "指标明细", "问题清单", "来源"]
    for ws in book.worksheets:
        assert ws.freeze_panes in ("A2", "C2")
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.print_title_rows == "$1:$1"
        assert ws["A1"].font.b and ws["A1"].font.name == "宋体" and ws["A1"].border.left.style == "thin"
        if ws.title != "预算图":  # a row's cells start at its top, where its wrapped text starts
            assert ws["A1"].alignment.vertical == "center"
            assert {c.alignment.vertical for c in ws[2]} == {"top"}, ws.title
    money = book["汇总"]["F2"]
    assert money.number_format == "0.00"
    assert not book["汇总"]._charts and len(book["预算图"]._charts) == 1  # the chart on a sheet of its own


def test_expected_units(tmp_path: Path) -> None:
    write_workbook(shifeng(), tmp_path / "in" / "a.xlsx")
    write_workbook(hengdong(), tmp_path / "in" / "b.xlsx")
    names = tmp_path / "应报送.xlsx"
    book = Workbook()
    for row in (["单位名称"], [" 中共株洲市石峰区委网络安全和信息化委员会办公室 "], ["区教育局"], ["区 教育局"]):
        book.active.append(row)
    book.save(names)
    summary = consolidate([tmp_path / "in"], tmp_path / "汇总.xlsx", expected=names, workers=1)
    assert summary.missing == ["区教育局"]
    assert summary.unexpected == [(HENGDONG, str(tmp_path / "in" / "b.xlsx"))]
    rows = sheet(tmp_path / "汇总.xlsx", "未报送单位")
    assert [(r["单位"], r["状态"]) for r in rows] == [("区教育局", "未报送"), (HENGDONG, "名单外")]


def test_worker_processes_give_the_same_summary(batch, tmp_path: Path) -> None:
    files, out, _, _ = batch
    again = tmp_path / "again.xlsx"
    consolidate([files["shifeng"].parents[1]], again, workers=2)
    for name in ("汇总", "专项资金", "指标明细", "问题清单", "来源"):
        assert sheet(again, name) == sheet(out, name), name


def test_cell_by_cell_writing_gives_the_same_values(batch, tmp_path: Path) -> None:
    files, out, _, _ = batch
    slow = tmp_path / "slow.xlsx"
    consolidate([files["shifeng"].parents[1]], slow, workers=1, fast=False)
    for name in ("汇总", "专项资金", "指标明细", "问题清单", "来源"):
        assert sheet(slow, name) == sheet(out, name), name


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patching a worker needs fork")
def test_a_file_that_kills_its_worker_is_reported_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(6):
        write_workbook(hengdong(), tmp_path / "in" / f"{i}.xlsx")
    real = extract_module.read_form

    def crash_on_3(path: Path, data: bytes | None = None) -> Any:
        if Path(path).name == "3.xlsx":
            os._exit(1)
        return real(path, data=data)

    monkeypatch.setattr(extract_module, "read_form", crash_on_3)
    summary = consolidate([tmp_path / "in"], tmp_path / "汇总.xlsx", workers=2)
    status = {Path(s.path).name: s.status for s in summary.sources}
    assert status.pop("3.xlsx") == Status.UNREADABLE
    assert set(status.values()) <= {Status.CONSOLIDATED, Status.WITH_ERRORS, Status.DUPLICATE}
    assert len(status) == 5


@pytest.mark.parametrize("workers", [1, 2])
def test_no_temporary_file_is_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    """The rows the readers park on disk (and XlsxWriter's row files) are gone once the summary is written."""
    write_workbook(shifeng(), tmp_path / "in" / "石峰.xlsx")
    write_workbook(hengdong(), tmp_path / "in" / "衡东.xlsx")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    summary = consolidate([tmp_path / "in"], tmp_path / "汇总.xlsx", workers=workers)
    assert summary.consolidated == 2
    model = shifeng()
    shifeng_rows = len(model.overall.indicators) + sum(len(d.indicators) for d in model.directions)
    assert len(sheet(tmp_path / "汇总.xlsx", "指标明细")) == shifeng_rows + len(hengdong().indicators)
    assert list(scratch.iterdir()) == []


def test_names_show_on_one_line_and_targets_keep_their_lines(tmp_path: Path) -> None:
    """A line break typed inside a name (一级/二级指标, 单位, 项目名称) is joined in the summary, so that a filter
    groups "满意度\\n指标" with "满意度指标" (衡东 typed 一级指标 on two lines); numbered targets and indicator
    values keep their lines."""
    project = hengdong()
    project.project_name = "网信事业\n发展经费"
    project.annual_target = "1.保障舆情监测。\n2.开展应急演练。"
    project.indicators[1] = project.indicators[1].model_copy(update={"level2": "数量\n指标", "value": "1.≥12期\n2.1次"})
    write_workbook(project, tmp_path / "in" / "衡东.xlsx")
    out = tmp_path / "汇总.xlsx"
    consolidate([tmp_path / "in"], out, workers=1)
    indicators = sheet(out, "指标明细")
    assert {r["一级指标"] for r in indicators} >= {"满意度指标"}
    assert not any("\n" in (r[title] or "") for r in indicators for title in ("单位", "所属支出方向/项目", "一级指标",
                                                                          "二级指标", "三级指标", "绩效标准"))
    assert "数量指标" in {r["二级指标"] for r in indicators} and "1.≥12期\n2.1次" in {r["指标值"] for r in indicators}
    funds = sheet(out, "专项资金")
    assert [(r["专项名称"], r["年度绩效目标"]) for r in funds] == [("网信事业发展经费", "1.保障舆情监测。\n2.开展应急演练。")]
