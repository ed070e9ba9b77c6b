"""Rule documentation from the rules' docstrings: ``perfxl rule CODE``, the rule list, and docs/rules.md.

A rule's docstring is its title line, a blank line, then four parts, each starting with its heading:
``检查内容：`` / ``为什么：`` / ``示例：`` / ``修改方法：`` (a part may run over several lines).

Regenerate the reference after adding or changing a rule (a test fails until you do)::

    .venv/bin/python scripts/gen_rules_doc.py
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from perfxl.check.engine import READ_PROBLEM_CODE
from perfxl.check.findings import Angle, Severity
from perfxl.check.registry import ALL_FORMS, FAMILIES, Hit, Rule, all_rules
from perfxl.report.summary import FORM_TITLES

if TYPE_CHECKING:
    from perfxl.check.context import CheckContext

SECTIONS = ("检查内容", "为什么", "示例", "修改方法")
DOC_PATH = Path("docs") / "rules.md"
REGENERATE = ".venv/bin/python scripts/gen_rules_doc.py"
_LIST_ITEM = re.compile(r"(?:[-•·*]\s|\d+[.、)）](?!\d)|[（(]\d+[)）]|[①-⑳])")


def _read_problem(ctx: CheckContext) -> Iterator[Hit]:
    """单元格内容无法按类型读取（金额里有文字、年份不是四位数）

    检查内容：金额单元格应是数字（万元），预算年度应是四位年份；读不成数字的内容（如“八万元”“约5”“2023年度预算”）
    在这里报告，并在其余检查中按空白处理，不会被当作 0。读得懂的文字金额（“8万元”“80000元”“8 万”）按读出的万元数
    核对，不在这里报告：参与合计的见 M112，其余见 M113。
    为什么：把读不懂的金额当作 0 会让合计“看起来一致”，掩盖真正的差错（完整性）。
    示例：附表3-1 的项目金额填“八万元” → 报错；填“8” → 通过；填“8万元” → 不在这里报告（M113 提示）。
    修改方法：只填数字，单位已在表头注明（万元）；不要带文字、空格或全角符号。
    """
    return iter(())


#: Codes the engine itself reports (not registered rules), documented here beside the rules.
ENGINE_RULES = {
    READ_PROBLEM_CODE: Rule(
        READ_PROBLEM_CODE, "read_problem", FAMILIES["M"], Severity.ERROR, Angle.COMPLETENESS, ALL_FORMS, _read_problem
    ),
}


def documented_rules() -> dict[str, Rule]:
    """Every code a finding can carry: the registered rules and the engine's own, by code."""
    return dict(sorted({**ENGINE_RULES, **all_rules()}.items()))


def by_family(rules: Iterable[Rule]) -> list[tuple[str, str, list[Rule]]]:
    """(letter, family name, rules) in FAMILIES order, families without rules left out."""
    rules = list(rules)
    groups = [(letter, name, [r for r in rules if r.code.startswith(letter)]) for letter, name in FAMILIES.items()]
    return [group for group in groups if group[2]]


def forms_text(rule: Rule) -> str:
    return "、".join(FORM_TITLES.get(form, form) for form in rule.forms)


def body(rule: Rule) -> str:
    """The docstring without its title line."""
    return "\n".join(rule.doc.splitlines()[1:]).strip()


def sections(rule: Rule) -> dict[str, str]:
    """The four parts of the docstring by heading; lines before the first heading go under ""."""
    parts: dict[str, list[str]] = {}
    current = ""
    for line in body(rule).splitlines():
        stripped = line.strip()
        heading = next((h for h in SECTIONS if stripped.startswith((f"{h}：", f"{h}:"))), None)
        if heading is not None:
            current = heading
            stripped = stripped[len(heading) + 1 :].strip()
        parts.setdefault(current, []).append(stripped)
    return {key: _join(lines) for key, lines in parts.items() if _join(lines)}


def _join(lines: list[str]) -> str:
    """Chinese text wrapped in the source joins without spaces; list items keep their own lines."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out and _LIST_ITEM.match(line):
            out += "\n" + line
        else:
            out += ("" if not out or _cjk(out[-1]) or _cjk(line[0]) else " ") + line
    return out


def _cjk(ch: str) -> bool:
    return ord(ch) > 0x2E80


def rule_text(rule: Rule) -> str:
    """What ``perfxl rule CODE`` prints."""
    head = [
        f"{rule.code} {rule.title}",
        "",
        f"代码：{rule.code}（{rule.family}）",
        f"严重程度：{rule.severity.value}",
        f"审核角度：{rule.angle.value}",
        f"适用表单：{forms_text(rule)}",
    ]
    return "\n".join(head) + "\n\n" + body(rule) + "\n"


def rule_list(rules: Iterable[Rule]) -> str:
    """What ``perfxl rule`` prints: code, severity, title, grouped by family."""
    lines = []
    for letter, name, group in by_family(rules):
        lines += [f"{letter} {name}", *(f"  {r.code}  {r.severity.value}  {r.title}" for r in group), ""]
    lines.append("查看某条规则的说明：perfxl rule 代码（如 perfxl rule M101）")
    return "\n".join(lines) + "\n"


def rules_markdown(rules: Iterable[Rule] | None = None) -> str:
    """docs/rules.md: every rule grouped by family, from the docstrings."""
    rules = list(documented_rules().values() if rules is None else rules)
    groups = by_family(rules)
    out = [
        "# 校验规则参考",
        "",
        f"<!-- 本文件由 `{REGENERATE}` 从规则的说明文字（docstring）生成，请勿手工修改。 -->",
        "",
        f"共 {len(rules)} 条规则。严重程度：**错误** 须改正后才能报送；**警告** 请核实；**提示** 是建议。"
        "命令行 `perfxl rule 代码` 显示同样的说明；`--select`/`--ignore`（或 perfxl.toml）按代码或前缀选择规则。",
        "",
        "| 类别 | 名称 | 规则数 |",
        "| --- | --- | --- |",
        *(f"| {letter} | [{name}](#{letter.lower()}-{name}) | {len(group)} |" for letter, name, group in groups),
        "",
    ]
    for letter, name, group in groups:
        out += [f"## {letter} {name}", "", "| 代码 | 严重程度 | 审核角度 | 规则 |", "| --- | --- | --- | --- |"]
        out += [f"| [{r.code}](#{r.code.lower()}) | {r.severity.value} | {r.angle.value} | {_cell(r.title)} |" for r in group]
        out.append("")
        for r in group:
            out += _rule_markdown(r)
    return "\n".join(out).rstrip() + "\n"


def _rule_markdown(rule: Rule) -> list[str]:
    out = [
        f'<a id="{rule.code.lower()}"></a>',
        f"### {rule.code} {rule.title}",
        "",
        f"- 严重程度：{rule.severity.value}　审核角度：{rule.angle.value}　适用表单：{forms_text(rule)}",
        f"- 实现：`{_source(rule)}`",
        "",
    ]
    for heading, text in sections(rule).items():
        label = f"**{heading}**：" if heading else ""
        out += [label + text.replace("\n", "  \n"), ""]
    return out


def _source(rule: Rule) -> str:
    if rule.code in ENGINE_RULES:
        return "perfxl.check.engine.check_result（读取时发现）"
    return f"{rule.func.__module__}.{rule.name}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
