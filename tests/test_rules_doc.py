"""The rules reference: docs/rules.md is generated from the rules' docstrings and must match them."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import FAMILIES, Rule
from perfxl.report.rules_doc import (
    DOC_PATH,
    REGENERATE,
    SECTIONS,
    by_family,
    documented_rules,
    rule_list,
    rule_text,
    rules_markdown,
    sections,
)

ROOT = Path(__file__).resolve().parent.parent


def test_committed_reference_is_up_to_date() -> None:
    committed = (ROOT / DOC_PATH).read_text(encoding="utf-8")
    assert committed == rules_markdown(), f"docs/rules.md is out of date with the rules' docstrings: run `{REGENERATE}`"


@pytest.mark.parametrize("code", sorted(documented_rules()))
def test_every_rule_documents_the_four_parts(code: str) -> None:
    rule = documented_rules()[code]
    parts = sections(rule)
    missing = [name for name in SECTIONS if not parts.get(name)]
    assert missing == [], f"{code} ({rule.func.__module__}.{rule.name}) docstring lacks {missing}"
    assert rule.title and "：" not in rule.title[:5], f"{code}: first docstring line should be its title"


def test_every_registered_code_is_in_the_reference() -> None:
    text = rules_markdown()
    for code, rule in documented_rules().items():
        assert f"### {code} {rule.title}" in text
    assert [letter for letter, _, _ in by_family(documented_rules().values())] == [
        letter for letter in FAMILIES if any(c.startswith(letter) for c in documented_rules())
    ]


def _demo(ctx):
    """示例规则标题

    检查内容：第一行
    接着写的第二行。
    为什么：因为 A
    and B.
    示例：
    1. 第一种情况 → 通过；
    2. 金额 51.8 万元 → 报错。
    修改方法：改。
    """
    return iter(())


DEMO = Rule("C999", "_demo", FAMILIES["C"], Severity.WARNING, Angle.FEASIBILITY, ("project",), _demo)


def test_sections_join_wrapped_lines_and_keep_list_items() -> None:
    assert sections(DEMO) == {
        "检查内容": "第一行接着写的第二行。",
        "为什么": "因为 A and B.",
        "示例": "1. 第一种情况 → 通过；\n2. 金额 51.8 万元 → 报错。",
        "修改方法": "改。",
    }


def test_rule_text_and_list() -> None:
    text = rule_text(DEMO)
    assert text.splitlines()[:6] == [
        "C999 示例规则标题",
        "",
        "代码：C999（测算）",
        "严重程度：警告",
        "审核角度：可行性",
        "适用表单：项目支出预算绩效目标申报表",
    ]
    assert "检查内容：第一行\n接着写的第二行。" in text
    assert rule_list([DEMO]).startswith("C 测算\n  C999  警告  示例规则标题\n")


def test_markdown_of_one_rule() -> None:
    text = rules_markdown([DEMO])
    assert "| [C999](#c999) | 警告 | 可行性 | 示例规则标题 |" in text
    assert "**示例**：1. 第一种情况 → 通过；  \n2. 金额 51.8 万元 → 报错。" in text
    assert text.endswith("**修改方法**：改。\n")
