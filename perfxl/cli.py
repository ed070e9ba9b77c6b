"""``perfxl`` command line. Each subcommand imports what it needs when it runs, so ``perfxl check`` (started
anew by every Excel click) does not pay for the writer, the library or jinja2.

Exit codes: 0 done (and, for check, no 错误); 1 check found 错误, or consolidate wrote the summary but some inputs
could not be read; 2 bad call or (check, show, generate) unreadable input.
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
    p.add_argument("--out", type=Path, default=Path("workbook_templates"), metavar="文件夹", help="输出文件夹（默认 workbook_templates）")


@command("excel", "Excel 按钮：为当前 Windows 用户安装（setup）或卸载（remove）功能区加载项和模板", "perfxl.commands.excel")
def _excel(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="操作", required=True)
    setup = sub.add_parser("setup", help="安装：加载项 perfxl.xlam、xlwings 设置、模板（放在受信任位置）",
                           description="为当前用户安装 perfxl 的 Excel 按钮（仅限 Windows 版 Microsoft Excel）。")
    setup.add_argument("--templates", type=Path, metavar="文件夹",
                       help="模板复制到这个文件夹，并设为 Excel 的受信任位置（默认：文档\\绩效目标模板）")
    resident = setup.add_mutually_exclusive_group()
    resident.add_argument("--resident", dest="resident", action="store_true", default=None,
                          help="常驻 Python（xlwings UDF 服务器）：点击按钮更快")
    resident.add_argument("--no-resident", dest="resident", action="store_false",
                          help="关闭常驻 Python：每次点击启动新的 Python（xlwings 的默认）")
    setup.add_argument("--from", dest="source", type=Path, metavar="文件夹",
                       help="从这个文件夹取加载项和模板（默认：随 perfxl 安装的文件）")
    sub.add_parser("remove", help="卸载：撤销 setup 所做的全部改动", description="撤销 perfxl excel setup 所做的改动。")


@command("example", "输出内置示例（两份真实的 2023 年报表）", "perfxl.commands.example")
def _example(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", choices=["shifeng", "hengdong"], help="shifeng=石峰区部门整体；hengdong=衡东县项目申报表")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="输出文件", help="输出的 .xlsx 文件")


@command("show", "读取一份报表并以 JSON 输出其内容（核对读取结果用）", "perfxl.commands.show")
def _show(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="报表", help="一份 .xlsx/.xlsm 报表")


@command("check", "校验报表：金额、测算、指标、表间一致、填报完整、文字规范、模板完整", "perfxl.commands.check")
def _check(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="报表", help="一个或多个 .xlsx/.xlsm 报表，或文件夹（查找其中全部报表，含子文件夹）")
    p.add_argument("--format", choices=["text", "json", "html"], default="text", help="输出格式（默认 text）")
    p.add_argument("-o", "--output", type=Path, metavar="输出文件", help="把报告写入文件（默认输出到屏幕）")
    p.add_argument("--mark", type=Path, metavar="OUT.xlsx", help="另存一份标注了问题单元格的副本（仅限一个文件）")
    p.add_argument("--config", type=Path, metavar="perfxl.toml", help="配置文件（默认当前目录的 perfxl.toml）")
    p.add_argument("--framework", choices=["classic", "guide2021"], help="指标体系（默认按表单标识）")
    p.add_argument("--select", action="append", metavar="CODE", help="只运行这些规则（代码或前缀，可多次）")
    p.add_argument("--ignore", action="append", metavar="CODE", help="不运行这些规则（代码或前缀，可多次）")
    p.add_argument("--tolerance", metavar="万元", help="金额比较容差（默认 0.005 万元）")
    p.add_argument("--satisfaction-min", metavar="%", help="满意度目标下限（默认 85）")


@command("rule", "显示规则说明（不带参数时列出全部规则）", "perfxl.commands.rule")
def _rule(p: argparse.ArgumentParser) -> None:
    p.add_argument("code", nargs="?", metavar="代码", help="规则代码，如 M101")


@command("library", "指标库：导出、搜索、列出", "perfxl.commands.library")
def _library(p: argparse.ArgumentParser) -> None:
    # --library is accepted before or after the action: `perfxl library list --library X` and
    # `perfxl library --library X list` (SUPPRESS keeps the sub-parser from overwriting the main one's value)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", type=Path, action="append", default=argparse.SUPPRESS, metavar="指标库.xlsx",
                        help="用户指标库（指标库.xlsx），可多次；覆盖或扩充默认库")
    p.add_argument("--library", type=Path, action="append", metavar="指标库.xlsx",
                   help="用户指标库（指标库.xlsx），可多次；覆盖或扩充默认库")
    sub = p.add_subparsers(dest="action", metavar="操作", required=True)
    export = sub.add_parser("export", help="把指标库导出为可编辑的 指标库.xlsx", parents=[common])
    export.add_argument("file", type=Path, metavar="指标库.xlsx")
    search = sub.add_parser("search", help="按名称、关键词、项目类型搜索", parents=[common])
    search.add_argument("text", metavar="文字")
    listing = sub.add_parser("list", help="列出指标（可按项目类型）", parents=[common])
    listing.add_argument("--type", dest="project_type", metavar="项目类型", help="项目类型，如 培训")
    listing.add_argument("--framework", choices=["classic", "guide2021"], help="只列出该指标体系可用的指标")


@command("generate", "生成指标：按指标库和表内测算数据填写一张附表3或项目申报表的指标", "perfxl.commands.generate")
def _generate(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="报表", help="报表 .xlsx（不会被修改）")
    p.add_argument("--sheet", metavar="工作表", help="工作表名（如 附表3-1；项目申报表可省略）")
    p.add_argument("--type", dest="types", action="append", metavar="项目类型", help="项目类型（可多次；默认自动判断）")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="输出文件", help="输出文件")
    p.add_argument("--replace", action="store_true", help="先清空指标区再生成")
    p.add_argument("--library", type=Path, action="append", metavar="指标库.xlsx", help="用户指标库（可多次）")
    p.add_argument("--config", type=Path, metavar="perfxl.toml", help="配置文件（满意度下限等）")


@command("consolidate", "汇总：把多份报表汇总成一个汇总工作簿", "perfxl.commands.consolidate")
def _consolidate(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path, metavar="文件或文件夹", help="文件或文件夹（递归查找）")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="汇总.xlsx", help="汇总工作簿 .xlsx")
    p.add_argument("--expected", type=Path, metavar="名单", help="应报送单位名单（.txt 每行一个，.csv 或 .xlsx：标题为“单位名称”等的列，没有标题时第一列单位名称）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="屏幕输出格式")
    p.add_argument("--workers", type=int, metavar="进程数", help="并行进程数（默认 CPU 核数）")
    p.add_argument("--config", type=Path, metavar="perfxl.toml", help="配置文件")
    p.add_argument("--cache", type=Path, metavar="文件夹", help="结果缓存文件夹（默认在用户缓存目录；未改动的文件不再重复读取）")
    p.add_argument("--no-cache", action="store_true", help="不用缓存，每个文件都重新读取和校验")


@command("unmark", "清除标记：另存一份去掉校验标记的副本（单元格恢复标记前的底色和批注）", "perfxl.commands.unmark")
def _unmark(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="报表", help="标注过的报表（不会被修改）")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="输出文件", help="输出文件（扩展名与原文件相同）")


@command("sheet3", "新增附表3：为附表2 的一个专项新增支出方向表（填好所属专项名称和项目金额）", "perfxl.commands.sheet3")
def _sheet3(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="报表", help="部门绩效目标表（不会被修改）")
    p.add_argument("--row", type=int, metavar="行号", help="附表2 中专项所在的行号（默认：第一个还没有附表3 的专项）")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="输出文件", help="输出文件（扩展名与原文件相同）")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given the ``argv`` to parse, only the command it names gets its arguments (the
    others are listed, with their help line, as before): building all of them costs ≈ 5 ms at every start."""
    from perfxl.cliparse import ChineseArgumentParser

    parser = ChineseArgumentParser(prog="perfxl", description="预算绩效目标表：模板、校验、生成指标、汇总")
    parser.add_argument("--version", action=_VersionAction, help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    chosen = _named_command(argv)
    for name, (help_text, add_arguments, _module) in _COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        if chosen is None or name == chosen:
            add_arguments(command_parser)
    return parser


def _named_command(argv: Sequence[str] | None) -> str | None:
    """The command ``argv`` names (its first word that is not an option: perfxl's own options take no value), or
    None when it names none that is known (then every command is built, as for ``perfxl -h``)."""
    if argv is None:
        return None
    first = next((word for word in argv if not word.startswith("-")), None)
    return first if first in _COMMANDS else None


class _VersionAction(argparse.Action):
    """``--version``, the version looked up only when asked: importlib.metadata costs ≈ 20–35 ms at every start."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        print(f"perfxl {_version()}")  # on stdout, as argparse's own version action
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("perfxl")
    except PackageNotFoundError:  # a source tree that was never installed
        return "（未安装，源码运行）"


def _stop_cleanly_on_sigterm() -> None:
    """A stopped run (``kill``, a closed session) unwinds like Ctrl+C: temporary files are removed and no
    half-written output is left (by default SIGTERM ends the process at once, skipping every clean-up)."""
    import contextlib
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread (main() called by a host program): leave it be
        signal.signal(signal.SIGTERM, interrupt)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    import importlib

    from perfxl.safetext import guarded_streams, unexpected

    module = importlib.import_module(_COMMANDS[args.command][2])
    handler: Handler = module.run
    _stop_cleanly_on_sigterm()
    with guarded_streams():  # cell text and file names reach the terminal without escape sequences
        try:
            return handler(args)
        except KeyboardInterrupt:
            print("已中断。", file=sys.stderr)
            return 2
        except BrokenPipeError:  # `perfxl library list | head`: the reader went away; not an error of ours
            sys.stderr.close()
            return 0
        except Exception as err:  # the last net under untrusted input: a sentence, never a traceback
            return unexpected(err)


if __name__ == "__main__":
    sys.exit(main())
