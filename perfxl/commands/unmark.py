"""``perfxl unmark``: a copy without perfxl's marks (the 清除标记 button, without Excel)."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from perfxl.mark import MarkError, unmark_workbook

    try:
        cells = unmark_workbook(args.file, args.output)
    except MarkError as err:
        print(f"perfxl: {err}", file=sys.stderr)
        return 2
    print(f"已清除 {cells} 个单元格的校验标记，写入 {args.output}" if cells else f"没有校验标记；副本已写入 {args.output}")
    return 0
