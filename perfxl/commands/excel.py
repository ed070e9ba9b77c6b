"""``perfxl excel setup|remove``: install or remove the Excel buttons (ribbon add-in, xlwings settings, templates in a
trusted folder) for the current Windows user. Elsewhere: explain that the buttons need Windows Excel."""

from __future__ import annotations

import argparse
import sys

from perfxl.install.apply import NoExcelError, setup
from perfxl.install.environment import Environment, SetupError
from perfxl.install.files import os_error_text
from perfxl.install.undo import remove

COMMAND_LINE = """在这台电脑上请使用命令行，功能与按钮相同：
  perfxl check 报表.xlsx                             校验（列出全部问题及所在单元格）
  perfxl check 报表.xlsx --mark 标注.xlsx             校验，并另存一份标注了问题单元格的副本
  perfxl generate 报表.xlsx --sheet 附表3-1 -o 输出.xlsx   生成指标
  perfxl consolidate 收件文件夹 -o 汇总.xlsx           汇总
模板用 perfxl templates --out 文件夹 生成，Excel、WPS 都能填写。"""

NOT_WINDOWS = ("perfxl 的 Excel 按钮（功能区“绩效目标”选项卡和 .xlsm 模板上的按钮）只能在 Windows 版 Microsoft Excel 中"
               "使用：按钮通过 xlwings 调用 Python，xlwings 不支持 WPS 表格，perfxl 的加载项和安装也只针对 Windows（Mac 版 Excel 不支持）。\n" + COMMAND_LINE)

NO_EXCEL = ("在这台 Windows 电脑上没有找到 Microsoft Excel（2010 或更新版本）。perfxl 的按钮通过 xlwings 调用 Python，"
            "只能在 Microsoft Excel 中使用，不支持 WPS 表格。安装 Excel 并打开一次后，再运行 perfxl excel setup。\n"
            + COMMAND_LINE)


def run(args: argparse.Namespace, env: Environment | None = None) -> int:
    env = env or Environment.current()
    try:
        if args.action == "setup":
            setup(env, print, templates=args.templates, resident=args.resident, source=args.source)
        else:
            remove(env, print)
    except NoExcelError:
        print(NOT_WINDOWS if not env.is_windows else NO_EXCEL, file=sys.stderr)
        return 2
    except (SetupError, OSError) as exc:
        message = os_error_text(exc, env.record_path) if isinstance(exc, OSError) else str(exc)
        done = args.action == "setup" and env.record_path.exists()
        hint = "（已完成的改动已记录，可运行 perfxl excel remove 撤销。）" if done else ""
        print(f"错误：{message}{hint}", file=sys.stderr)
        return 2
    return 0
