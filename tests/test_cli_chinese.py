"""What the command line says is Chinese: argparse's usage, headings and errors, perfxl.toml problems (with the file,
line and key), unknown rule codes, --version, library placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from perfxl.cli import main
from perfxl.cliparse import chinese_error

_ENGLISH = re.compile(r"usage:|error:|required|invalid|choose from|unrecognized|positional arguments|options:|"
                      r"show this help|Input should|Extra inputs|Unclosed|Value error|\bexpected (?:one|at|\d)", re.I)


def _exit(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    captured = capsys.readouterr()
    return int(stopped.value.code or 0), captured.out + captured.err


@pytest.mark.parametrize("argv", [
    ["check"],
    ["check", "a.xlsx", "--format", "pdf"],
    ["nosuchcommand"],
    ["consolidate", "x", "-o", "y.xlsx", "--workers", "two"],
    ["library"],
    ["generate", "a.xlsx"],
    ["check", "a.xlsx", "--bogus"],
    ["excel", "setup", "--resident", "--no-resident"],
    ["sheet3", "a.xlsx", "-o", "b.xlsx", "--row"],
])
def test_usage_errors_are_chinese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _exit(argv, capsys)
    assert code == 2
    assert text.startswith("用法：perfxl") and "：错误：" in text
    assert not _ENGLISH.search(text), text


@pytest.mark.parametrize("argv", [["-h"], ["check", "-h"], ["library", "list", "-h"], ["excel", "setup", "-h"]])
def test_help_is_chinese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _exit(argv, capsys)
    assert code == 0
    assert "用法：" in text and "选项" in text and "显示本帮助并退出" in text
    assert not _ENGLISH.search(text), text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    code, text = _exit(["--version"], capsys)
    assert (code, text.strip()) == (0, f"perfxl {version('perfxl')}")


def test_nested_errors_are_translated_in_both_parts() -> None:
    assert chinese_error("argument --format: invalid choice: 'x' (choose from 'a', 'b')") == (
        "参数 --format：无效的选择 'x'（可选：'a', 'b'）")
    assert chinese_error("argument --row: invalid int value: 'z'") == "参数 --row：无效的值 'z'（应为 整数）"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    path = tmp_path / "石峰.xlsx"
    assert main(["example", "shifeng", "-o", str(path)]) == 0
    return path


def test_unknown_rule_codes_are_refused_with_the_families(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(example), "--ignore", "ZZZ"]) == 2
    err = capsys.readouterr().err
    assert "ZZZ" in err and "M 金额" in err and "T 模板完整" in err
    assert main(["check", str(example), "--select", "I9"]) == 2  # a family letter with no such rules
    assert main(["check", str(example), "--select", "i2,m001", "--ignore", "I203"]) in (0, 1)


def test_rule_accepts_prefixes_as_select_does(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "i2"]) == 0
    listed = capsys.readouterr().out
    assert "I201" in listed and "I210" in listed and "I101" not in listed
    assert main(["rule", "M00"]) == 0  # one rule: its whole text
    assert "严重程度" in capsys.readouterr().out
    assert main(["rule", "Z1"]) == 2
    assert "没有代码为" in capsys.readouterr().err


@pytest.mark.parametrize(("body", "expected"), [
    ('select = ["M"\n', "文件末尾：方括号 [ ] 没有闭合"),
    ("a = = 1\n", "第 1 行第 5 列：值无法识别"),
    ('framework = "classic"\nname = "abc\n', "第 2 行第 12 列：引号没有闭合"),
    ("money_tolerance = 1\nsatisfaction_min = \"高\"\n", "第 2 行 satisfaction_min：应为数字"),
    ("\n\nzz = 1\n", "第 3 行 zz：不是 perfxl 的设置项"),
    ('framework = "88"\n', "第 1 行 framework：应为 'classic'、'guide2021' 之一"),
    ("satisfaction_min = 120\n", "satisfaction_min：不能大于 100（现为 120）"),
    ("[limits]\nrows = -1\n", "第 1 行 limits：限制项 rows 应为正数"),
])
def test_config_problems_name_file_line_and_key(body: str, expected: str, example: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "perfxl.toml"
    config.write_text(body, encoding="utf-8")
    assert main(["check", str(example), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert str(config) in err and expected in err, err
    assert not _ENGLISH.search(err), err


def test_library_list_shows_placeholders_as_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "list", "--type", "培训"]) == 0
    captured = capsys.readouterr()
    assert "{{" not in captured.out and "〔期数〕" in captured.out
    assert "〔〕内的数由“生成指标”" in captured.err
