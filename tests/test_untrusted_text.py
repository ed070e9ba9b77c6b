"""No traceback on any input (issue 11, item 3): numbers that do not fit, unwritable outputs, odd console
encodings, escape sequences in cell text and file names, control characters headed for openpyxl."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from perfxl.cli import main
from perfxl.consolidate import consolidate
from perfxl.safetext import cell_safe, terminal_safe
from tests.hostile_corpus import build_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("untrusted") / "corpus")


def _perfxl(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "perfxl.cli", *map(str, args)], capture_output=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_cell_safe_keeps_word_line_breaks_as_line_breaks_and_drops_other_controls() -> None:
    assert cell_safe("编写\x0b《石峰舆情》\x01") == "编写\n《石峰舆情》"
    assert cell_safe("正常文字\n第二行\t") == "正常文字\n第二行\t"
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws["A1"] = cell_safe("a\x0bb\x1b[31mc")  # openpyxl would refuse the raw text
    assert ws["A1"].value == "a\nb[31mc"


def test_terminal_safe_strips_escape_sequences_controls_and_bidi_overrides() -> None:
    assert terminal_safe("\x1b[2J\x1b[31m五十\x1b]0;owned\x07元\x9b31m\u202e") == "五十元"
    assert terminal_safe("进度\r行一\n\t行二") == "进度\r行一\n\t行二"


@pytest.mark.parametrize("kind", ["total_1E29", "total_NaN", "total_infinity", "date_formatted_minus_1e300",
                                  "number_text_1e400", "boolean_and_error_amounts"])
def test_numbers_that_do_not_fit_are_findings_at_their_cell(kind: str, corpus: dict[str, Path],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(corpus[kind]), "--select", "M001"])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    if kind == "date_formatted_minus_1e300":  # python-calamine panics converting it to a date: unreadable
        assert code == 2 and "无法转换" in out.out
    else:
        assert code == 1 and "金额" in out.out


def test_check_output_has_no_escape_sequences_from_cells_or_file_names(corpus: dict[str, Path]) -> None:
    run = _perfxl("check", corpus["terminal_escapes_in_cells"], corpus["escape_sequences_in_file_name"])
    text = run.stdout.decode() + run.stderr.decode()
    assert run.returncode == 1 and "五十" in text and "red" in text
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


def test_consolidate_output_has_no_escape_sequences(corpus: dict[str, Path], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for kind in ("escape_sequences_in_file_name", "good"):
        (inbox / corpus[kind].name).write_bytes(corpus[kind].read_bytes())
    run = _perfxl("consolidate", inbox, "-o", tmp_path / "sum.xlsx", "--no-cache")
    text = run.stdout.decode() + run.stderr.decode()
    assert run.returncode == 0 and "已写入汇总工作簿" in text and "\x1b" not in text


def test_a_gbk_console_gets_replacement_characters_not_a_crash(corpus: dict[str, Path]) -> None:
    run = _perfxl("check", corpus["emoji_and_minus_for_gbk"], env={"PYTHONIOENCODING": "gbk"})
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    text = run.stdout.decode("gbk")
    assert "?" in text and "附表1!C5" in text


def test_generate_into_an_unwritable_place_exits_2_in_chinese(corpus: dict[str, Path], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    run = _perfxl("generate", corpus["good"], "--sheet", "附表3-1", "-o", blocker / "out.xlsx")
    assert run.returncode == 2 and b"Traceback" not in run.stderr
    assert "无法写入" in run.stderr.decode() and "原文件未修改" in run.stderr.decode()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_a_file_without_read_permission_exits_2_in_chinese(corpus: dict[str, Path]) -> None:
    run = _perfxl("check", corpus["no_read_permission"])
    assert run.returncode == 2 and "没有读写权限" in run.stdout.decode() + run.stderr.decode()


def test_a_non_form_attachment_with_odd_compression_does_not_stop_the_batch(corpus: dict[str, Path],
                                                                            tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for kind in ("non_form_attachment_lzma_docprops", "unsupported_compression_docprops", "good"):
        (inbox / corpus[kind].name).write_bytes(corpus[kind].read_bytes())
    summary = consolidate([inbox], tmp_path / "sum.xlsx", workers=1)
    status = {Path(s.path).stem: s.status.value for s in summary.sources}
    assert status["good"] != "无法读取"
    assert status["non_form_attachment_lzma_docprops"] == "无法读取"
    assert status["unsupported_compression_docprops"] == "无法读取"
    assert (tmp_path / "sum.xlsx").is_file()


def test_control_characters_in_a_finding_reach_the_marked_copy_cleanly(corpus: dict[str, Path], tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    marked = tmp_path / "marked.xlsx"
    code = main(["check", str(corpus["word_line_break_in_shared_string"]), "--mark", str(marked)])
    assert code == 1 and marked.is_file()
    assert "Traceback" not in capsys.readouterr().err
