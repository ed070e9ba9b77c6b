"""`perfxl check` and `perfxl rule` through real files: the two examples written by perfxl, broken the way a user
would break them, checked with the CLI. Rules are selected (--select) so these tests do not depend on which
other rules exist or fire on the examples."""

from __future__ import annotations

import io
import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from perfxl.cli import main
from perfxl.commands.check import _progress
from perfxl.report.api import check
from tests.helpers import edit_cells, example_file

M101_CELL = ["M101", "附表1", "C5"]
M001_CELL = ["M001", "项目申报表", "B4"]


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The examples written and broken once per module (writing a workbook takes a while); tests get copies."""
    folder = tmp_path_factory.mktemp("examples")
    return {
        # 石峰区 with 资金总额 50 (its sources add up to 51.8): M101 at 附表1!C5
        "shifeng_bad": edit_cells(example_file("shifeng", folder), {"附表1!C5": 50}),
        # 衡东县 with text typed in 年度本级预算金额: M001 at 项目申报表!B4 (must come out escaped in HTML)
        "hengdong_bad": edit_cells(example_file("hengdong", folder), {"项目申报表!B4": "<b>八万元</b>"}),
        "shifeng": example_file("shifeng", folder / "clean"),
    }


def _copy(source: Path, folder: Path, name: str | None = None) -> Path:
    return Path(shutil.copy(source, folder / (name or source.name)))


@pytest.fixture
def shifeng_bad(originals: dict[str, Path], tmp_path: Path) -> Path:
    return _copy(originals["shifeng_bad"], tmp_path)


@pytest.fixture
def hengdong_bad(originals: dict[str, Path], tmp_path: Path) -> Path:
    return _copy(originals["hengdong_bad"], tmp_path)


@pytest.fixture
def shifeng_clean(originals: dict[str, Path], tmp_path: Path) -> Path:
    return _copy(originals["shifeng"], tmp_path, "shifeng_clean.xlsx")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main(["check", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_lists_each_finding_at_its_cell_with_hint_and_count(shifeng_bad, capsys) -> None:
    code, out, _ = run(capsys, shifeng_bad, "--select", "M101")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{shifeng_bad}  部门整体")
    assert "  附表1" in lines
    finding = next(line for line in lines if "M101" in line)
    assert finding.strip().startswith("附表1!C5  M101 错误 [适当性] 附表1!C5：资金总额 50 万元")
    hint = lines[lines.index(finding) + 1]
    assert hint.strip() == "→ 请核对各项收入来源金额，或修改资金总额。"
    assert lines[-1] == "共 1 个文件：错误 1，警告 0，提示 0"


def test_clean_file_exits_0(shifeng_clean, capsys) -> None:
    code, out, _ = run(capsys, shifeng_clean, "--select", "M101,M001")
    assert code == 0
    assert "未发现问题。" in out


def test_json_is_the_documented_shape(shifeng_bad, hengdong_bad, capsys) -> None:
    code, out, _ = run(capsys, shifeng_bad, hengdong_bad, "--format", "json", "--select", "M101", "--select", "m001")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"version", "files", "summary"} and data["version"] == 1
    assert [(f["path"], f["form"], f["error"]) for f in data["files"]] == [
        (str(shifeng_bad), "department", None),
        (str(hengdong_bad), "project", None),
    ]
    findings = [x for f in data["files"] for x in f["findings"]]
    assert all(set(x) == {"code", "severity", "angle", "sheet", "cell", "message", "hint"} for x in findings)
    assert [[x["code"], x["sheet"], x["cell"]] for x in findings] == [M101_CELL, M001_CELL]
    assert "八万元" in out  # ensure_ascii=False
    assert data["summary"] == {
        "files": 2,
        "unreadable": 0,
        "findings": 2,
        "by_severity": {"错误": 2, "警告": 0, "提示": 0},
        "by_angle": {"完整性": 1, "相关性": 0, "适当性": 1, "可行性": 0},
        "exit_code": 1,
    }


def test_unreadable_file_among_several_exits_2_and_the_others_are_reported(
    shifeng_bad, broken, hengdong_bad, capsys
) -> None:
    code, out, _ = run(capsys, shifeng_bad, broken, hengdong_bad, "--select", "M101,M001")
    assert code == 2
    assert "无法读取：broken.xlsx 已损坏" in out
    assert "附表1!C5  M101" in out and "项目申报表!B4  M001" in out
    assert out.splitlines()[-1] == "共 3 个文件：错误 2，警告 0，提示 0；1 个文件无法读取"

    code, out, _ = run(capsys, shifeng_bad, broken, hengdong_bad, "--select", "M101,M001", "--format", "json")
    files = json.loads(out)["files"]
    assert code == 2
    assert [f["error"] is None for f in files] == [True, False, True]
    assert files[1]["form"] is None and files[1]["findings"] == []
    assert [len(f["findings"]) for f in files] == [1, 0, 1]


def test_a_folder_is_checked_workbook_by_workbook(originals, tmp_path, capsys) -> None:
    """`perfxl check 收件箱`: every workbook under the folder (subfolders too, in path order), as consolidate finds
    them; lock files and other files are counted on stderr, never checked and never silently dropped."""
    inbox = tmp_path / "收件箱"
    (inbox / "衡东").mkdir(parents=True)
    _copy(originals["shifeng_bad"], inbox, "石峰区.xlsx")
    _copy(originals["hengdong_bad"], inbox / "衡东", "衡东县.xlsx")
    (inbox / "~$石峰区.xlsx").write_bytes(b"lock")
    (inbox / "说明.txt").write_text("请于 3 月前报送", encoding="utf-8")
    assert main(["consolidate", str(inbox), "-o", str(inbox / "汇总.xlsx")]) == 0  # the collector's summary
    capsys.readouterr()
    code, out, err = run(capsys, inbox, "--format", "json", "--select", "M101,M001")
    assert code == 1
    files = json.loads(out)["files"]
    assert [Path(f["path"]).relative_to(inbox).as_posix() for f in files] == ["石峰区.xlsx", "衡东/衡东县.xlsx"]
    assert [[x["code"], x["sheet"], x["cell"]] for f in files for x in f["findings"]] == [M101_CELL, M001_CELL]
    assert f"文件夹 {inbox}：校验其中 2 个工作簿，跳过 3 个其他文件" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_named_like_a_workbook_in_a_folder_is_skipped_not_waited_on(originals, tmp_path, capsys) -> None:
    """Opening a named pipe for reading waits for a writer that never comes: the folder scan must not open it."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    _copy(originals["shifeng_bad"], inbox, "石峰区.xlsx")
    os.mkfifo(inbox / "管道.xlsx")
    code, out, err = run(capsys, inbox, "--format", "json", "--select", "M101")
    assert code == 1
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["石峰区.xlsx"]
    assert "校验其中 1 个工作簿，跳过 1 个其他文件" in err
    from perfxl.consolidate.inputs import is_summary

    assert is_summary(inbox / "管道.xlsx") is False
    # named on its own, it is refused as what it is (its size, 0, used to call it an empty download)
    code, out, err = run(capsys, inbox / "管道.xlsx", "--format", "json")
    assert code == 2
    assert json.loads(out)["files"][0]["error"] == "管道.xlsx 不是普通文件（可能是管道或设备），未打开。"


def test_a_folder_without_workbooks_exits_2(tmp_path, capsys) -> None:
    (tmp_path / "说明.txt").write_text("空", encoding="utf-8")
    code, out, err = run(capsys, tmp_path)
    assert code == 2 and out == ""
    assert err.strip() == f"错误：文件夹 {tmp_path} 中没有 .xlsx/.xlsm 报表。"


def test_mark_of_a_folder_needs_exactly_one_workbook(originals, tmp_path, capsys) -> None:
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    _copy(originals["shifeng_bad"], inbox, "a.xlsx")
    _copy(originals["shifeng_bad"], inbox, "b.xlsx")
    code, _, err = run(capsys, inbox, "--mark", tmp_path / "标注.xlsx")
    assert code == 2 and "--mark 只能用于一个文件（本次给了 2 个）" in err
    assert not (tmp_path / "标注.xlsx").exists()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def test_html_report_has_every_finding_escaped(shifeng_bad, broken, hengdong_bad, capsys) -> None:
    code, out, _ = run(capsys, shifeng_bad, broken, hengdong_bad, "--format", "html")
    assert code == 2
    report = check([shifeng_bad, broken, hengdong_bad])
    parser = _Text()
    parser.feed(out)
    text = "".join(parser.chunks)
    for file in report.files:
        assert all(f.message in text and f.hint in text for f in file.findings)
    assert report.files[1].error is not None and report.files[1].error in text
    assert "b" not in parser.tags  # the user's "<b>" stayed text
    assert "&lt;b&gt;八万元&lt;/b&gt;" in out
    assert "@page" in out and "A4" in out and "仿宋" in out
    for word in ("完整性", "相关性", "适当性", "可行性", "无法读取"):
        assert word in text


def test_output_file_is_written_and_stdout_stays_empty(shifeng_bad, tmp_path, capsys) -> None:
    target = tmp_path / "out" / "report.json"
    code, out, err = run(capsys, shifeng_bad, "--format", "json", "--select", "M101", "-o", target)
    assert code == 1 and out == ""
    assert "报告已写入" in err
    assert json.loads(target.read_text(encoding="utf-8"))["files"][0]["findings"][0]["code"] == "M101"
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".~perfxl-")]


def test_unwritable_output_exits_2(shifeng_bad, tmp_path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, out, err = run(capsys, shifeng_bad, "--select", "M101", "-o", blocker / "report.txt")
    assert code == 2 and out == "" and "无法写入报告" in err


def test_mark_needs_exactly_one_file(shifeng_bad, hengdong_bad, tmp_path, capsys) -> None:
    code, out, err = run(capsys, shifeng_bad, hengdong_bad, "--mark", tmp_path / "m.xlsx")
    assert code == 2 and out == ""
    assert "--mark 只能用于一个文件" in err
    assert not (tmp_path / "m.xlsx").exists()


def test_mark_may_not_overwrite_the_input(shifeng_bad, capsys) -> None:
    code, _, err = run(capsys, shifeng_bad, "--mark", shifeng_bad)
    assert code == 2 and "不能覆盖原文件" in err


def test_mark_through_the_cli(shifeng_bad, tmp_path, capsys) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "标注.xlsx"
    code, out, err = run(capsys, shifeng_bad, "--select", "M101", "--mark", target)
    assert code == 1 and "附表1!C5" in out and "已另存标注副本" in err
    book = load_workbook(target)
    assert "M101" in book["附表1"]["C5"].comment.text
    assert book["校验结果"]["B2"].hyperlink.location == "'附表1'!C5"


def test_mark_of_an_unreadable_file_exits_2(broken, tmp_path, capsys) -> None:
    code, _, err = run(capsys, broken, "--mark", tmp_path / "m.xlsx")
    assert code == 2 and "未生成标注副本" in err
    assert not (tmp_path / "m.xlsx").exists()


@pytest.mark.parametrize(
    ("flags", "words"),
    [(["--tolerance", "abc"], "设置有误"), (["--satisfaction-min", "120"], "设置有误"), (["--config", "nope.toml"], "找不到配置文件")],
)
def test_unusable_settings_exit_2(shifeng_bad, capsys, flags, words) -> None:
    code, out, err = run(capsys, shifeng_bad, *flags)
    assert code == 2 and out == "" and words in err


def test_config_file_selects_rules(shifeng_bad, tmp_path, capsys) -> None:
    config = tmp_path / "perfxl.toml"
    config.write_text('select = ["M101"]\n', encoding="utf-8")
    code, out, _ = run(capsys, shifeng_bad, "--config", config, "--format", "json")
    assert code == 1
    assert [x["code"] for x in json.loads(out)["files"][0]["findings"]] == ["M101"]


def test_rule_codes_are_read_alike_from_the_cli_a_config_file_and_the_api(shifeng_bad, tmp_path, capsys) -> None:
    def codes(report_files: list[dict]) -> set[str]:
        return {f["code"] for f in report_files[0]["findings"]}

    _, out, _ = run(capsys, shifeng_bad, "--select", "m1,i2", "--format", "json")
    from_cli = codes(json.loads(out)["files"])
    assert from_cli and {c[:2] for c in from_cli} <= {"M1", "I2"}
    config = tmp_path / "perfxl.toml"
    config.write_text('select = "m1, i2"\n', encoding="utf-8")
    _, out, _ = run(capsys, shifeng_bad, "--config", config, "--format", "json")
    assert codes(json.loads(out)["files"]) == from_cli
    api = check(shifeng_bad, select=["m1", "I2"])
    assert {f.code for f in api.files[0].findings} == from_cli


def test_progress_only_for_a_terminal_and_several_files() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert _progress(10, io.StringIO()) is None
    assert _progress(2, Tty()) is None
    stream = Tty()
    show = _progress(10, stream)
    assert show is not None
    show(3, 10, "/data/石峰区.xlsx")
    show(0, 0, "")
    assert "\r校验 3/10 石峰区.xlsx …" in stream.getvalue()
    assert "\n" not in stream.getvalue()


def test_no_progress_on_captured_stderr(shifeng_bad, hengdong_bad, capsys) -> None:
    files = [shifeng_bad, hengdong_bad, shifeng_bad, hengdong_bad]
    code, _, err = run(capsys, *files, "--select", "M101")
    assert code == 1 and "校验 " not in err


def test_python_api(shifeng_bad, broken) -> None:
    report = check([shifeng_bad, broken], select=["M101"])
    assert report.flatten(["code", "sheet", "cell"]) == [M101_CELL]
    assert report.exit_code == 2
    assert check(shifeng_bad, select=["M101"], money_tolerance="2").flatten(["code"]) == []


def test_rule_prints_its_documentation(capsys) -> None:
    assert main(["rule", "m101"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("M101 附表1 资金总额与按收入性质分的合计不一致\n")
    for part in ("代码：M101（金额）", "严重程度：错误", "审核角度：适当性", "适用表单：部门整体", "检查内容：", "为什么：", "示例：", "修改方法："):
        assert part in out


def test_rule_without_code_lists_all_rules(capsys) -> None:
    assert main(["rule"]) == 0
    out = capsys.readouterr().out
    assert "  M101  错误  附表1 资金总额与按收入性质分的合计不一致" in out
    assert "  M001  错误  " in out


def test_unknown_rule_exits_2(capsys) -> None:
    assert main(["rule", "Z999"]) == 2
    assert "没有代码为“Z999”或以它开头的规则" in capsys.readouterr().err


def test_a_check_process_loads_none_of_the_heavy_modules(originals: dict[str, Path]) -> None:
    """Every Excel click starts ``perfxl check`` anew: it must not import pydantic (≈ 100 ms), dataclasses (whose
    generated methods Python compiles at each start, ≈ 25 ms for the check path's value types), openpyxl,
    XlsxWriter or jinja2. The check itself must still run: its findings are printed."""
    import subprocess
    import sys

    code = (
        "import runpy, sys\n"
        f"sys.argv = ['perfxl', 'check', {str(originals['shifeng_bad'])!r}]\n"
        "try:\n    runpy.run_module('perfxl.cli', run_name='__main__')\nexcept SystemExit as done:\n    code = done.code\n"
        "heavy = ('pydantic', 'dataclasses', 'openpyxl', 'xlsxwriter', 'jinja2')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules), code)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).parent.parent)
    assert "M101" in res.stdout, res.stderr
    assert res.stdout.strip().splitlines()[-1] == "LOADED [] 1", res.stdout[-500:] + res.stderr


def test_the_check_button_loads_none_of_the_heavy_modules() -> None:
    """What the 校验 and 导出 buttons import (the actions, the marks, the engine) leaves the same modules unloaded."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from perfxl.excel import actions, buttons\n"
        "from perfxl.check.engine import check_grid\n"
        "from perfxl.edits.marks import apply_marks\n"
        "from perfxl.edits.direction import plan_direction\n"
        "heavy = ('pydantic', 'dataclasses', 'openpyxl', 'xlsxwriter', 'jinja2')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).parent.parent)
    assert res.stdout.strip() == "LOADED []", res.stdout + res.stderr
