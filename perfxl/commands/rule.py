"""``perfxl rule [CODE]``: a rule's documentation, or the list of all rules (like ``ruff rule``); a family or a
prefix (``M``, ``I2``), as ``--select`` takes them, lists the rules it covers."""

from __future__ import annotations

import argparse
import sys

from perfxl.report.rules_doc import documented_rules, rule_list, rule_text


def run(args: argparse.Namespace) -> int:
    rules = documented_rules()
    if not args.code:
        sys.stdout.write(rule_list(rules.values()))
        return 0
    code = args.code.strip().upper()
    rule = rules.get(code)
    if rule is not None:
        sys.stdout.write(rule_text(rule))
        return 0
    matching = [r for c, r in rules.items() if c.startswith(code)]  # a family or prefix, as --select takes it
    if len(matching) == 1:
        sys.stdout.write(rule_text(matching[0]))
        return 0
    if matching:
        sys.stdout.write(rule_list(matching))
        return 0
    print(f"错误：没有代码为“{args.code}”或以它开头的规则。运行 perfxl rule 查看全部规则。", file=sys.stderr)
    return 2
