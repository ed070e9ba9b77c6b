"""``perfxl sheet3``: a new 附表3 for a 专项 of 附表2 (the 新增附表3 button, without Excel)."""

from __future__ import annotations

import argparse
import sys

from perfxl.edits.direction import DirectionError


def run(args: argparse.Namespace) -> int:
    from perfxl.edits.direction_file import add_direction_file

    try:
        plan = add_direction_file(args.file, args.output, args.row)
    except DirectionError as err:
        print(f"perfxl: {err}", file=sys.stderr)
        return 2
    print(plan.summary())
    print(f"已写入 {args.output}")
    return 0
