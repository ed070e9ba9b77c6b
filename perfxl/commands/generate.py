"""``perfxl generate FILE [--sheet S] [--type T ...] [--replace] [--library L ...] -o OUT``.

Fills the indicator block of one 附表3 or 项目申报表 sheet from the indicator library and the sheet's figures,
and writes the result to OUT (atomically); FILE is never modified. Exit 0 done, 2 bad call, unreadable file,
malformed library or a block without room (the Chinese reason is printed).
"""

from __future__ import annotations

import argparse
import sys

from perfxl.check.settings import SettingsError, load_settings
from perfxl.commands.library import load_libraries, print_library_error
from perfxl.generate import GenerationError, generate_file
from perfxl.grid import os_reason
from perfxl.library import LibraryError
from perfxl.limits import set_limits


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.config)
        set_limits(settings.read_limits())
        library = load_libraries(args.library)
        result = generate_file(
            args.file, args.output, args.sheet, args.types, args.replace, library, settings
        )
    except LibraryError as err:
        print_library_error(err)
        return 2
    except (GenerationError, SettingsError) as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2
    except OSError as err:  # the output's folder cannot be written (read-only, not a folder, disk full)
        print(f"错误：无法写入 {args.output}：{os_reason(err)}（原文件未修改）。", file=sys.stderr)
        return 2
    print(result.summary())
    for row in result.rows:
        print(
            f"  第{row.row}行  {row.level1}/{row.level2}/{row.name}  {row.value}  {row.standard}  ← {row.source}"
        )
    for note in result.notes:
        print(f"提示：{note}", file=sys.stderr)
    print(f"已写入 {args.output}（原文件未修改）")
    return 0
