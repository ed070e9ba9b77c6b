"""argparse in Chinese: usage, help headings and every error a user can provoke.

argparse words its messages in English through gettext and offers no catalogue for Chinese. Rather than replace
``argparse._`` for the whole process (perfxl may run inside a host program), the parser below translates its own
output: the usage prefix and headings where they are made, and error messages by pattern in :meth:`error`.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

#: argparse's error sentences (Python 3.10–3.13 wording) and their Chinese; ``{0}``… are the captured parts
_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^argument (.+?): (.*)$", re.S), "参数 {0}：{1}"),
    (re.compile(r"^the following arguments are required: (.*)$"), "缺少必需的参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "无法识别的参数：{0}"),
    (re.compile(r"^invalid choice: (.*?) \(choose from (.*)\)$"), "无效的选择 {0}（可选：{1}）"),
    (re.compile(r"^invalid (\w+) value: (.*)$"), "无效的值 {1}（应为 {0}）"),
    (re.compile(r"^one of the arguments (.*) is required$"), "必须给出以下参数之一：{0}"),
    (re.compile(r"^not allowed with argument (.*)$"), "不能与参数 {0} 同时使用"),
    (re.compile(r"^ambiguous option: (.*) could match (.*)$"), "选项 {0} 有歧义，可能是：{1}"),
    (re.compile(r"^expected one argument$"), "需要一个值"),
    (re.compile(r"^expected at least one argument$"), "至少需要一个值"),
    (re.compile(r"^expected at most one argument$"), "最多只能有一个值"),
    (re.compile(r"^expected (\d+) arguments?$"), "需要 {0} 个值"),
    (re.compile(r"^ignored explicit argument (.*)$"), "多余的值 {0}"),
]
_TYPES = {"int": "整数", "float": "数字"}


def chinese_error(message: str) -> str:
    """argparse's English error ``message`` in Chinese (nested: "argument X: invalid choice …" both parts)."""
    for pattern, template in _ERRORS:
        found = pattern.match(message)
        if found:
            parts = [chinese_error(part) if i == len(found.groups()) - 1 and template.startswith("参数") else part
                     for i, part in enumerate(found.groups())]
            return template.format(*(_TYPES.get(p, p) for p in parts))
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, headings, ``-h`` and errors are Chinese; sub-parsers inherit it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # our own -h below, with Chinese help
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_error(message)}\n")
