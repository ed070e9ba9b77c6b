"""``perfxl rule [CODE]``: a rule's documentation, or the list of all rules (like ``ruff rule``)."""

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
    if rule is None:
        print(f"错误：没有代码为“{args.code}”的规则。运行 perfxl rule 查看全部规则。", file=sys.stderr)
        return 2
    sys.stdout.write(rule_text(rule))
    return 0
