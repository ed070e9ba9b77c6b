"""``perfxl`` command line. Each subcommand imports what it needs when it runs, so ``perfxl check`` (started
anew by every Excel click) does not pay for the writer, the library or jinja2.

Exit codes: 0 done (and, for check, no 错误); 1 check found 错误; 2 bad call or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str, module: str) -> Callable[[Callable[[argparse.ArgumentParser], None]], None]:
    """Register ``name``: the decorated function adds its arguments; ``module:run`` executes it."""

    def register(add_arguments: Callable[[argparse.ArgumentParser], None]) -> None:
        _COMMANDS[name] = (help_text, add_arguments, module)

    return register


@command("templates", "生成空白模板（部门附表1–3、项目申报表）", "perfxl.commands.templates")
def _templates(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("workbook_templates"), help="输出文件夹（默认 workbook_templates）")


@command("example", "输出内置示例（两份真实的 2023 年报表）", "perfxl.commands.example")
def _example(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", choices=["shifeng", "hengdong"], help="shifeng=石峰区部门整体；hengdong=衡东县项目申报表")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出的 .xlsx 文件")


@command("show", "读取一份报表并以 JSON 输出其内容（核对读取结果用）", "perfxl.commands.show")
def _show(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perfxl", description="预算绩效目标表：模板、校验、生成指标、汇总")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name, (help_text, add_arguments, _module) in _COMMANDS.items():
        add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    import importlib

    module = importlib.import_module(_COMMANDS[args.command][2])
    handler: Handler = module.run
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
